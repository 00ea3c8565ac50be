#!/usr/bin/env node
/**
 * `npm run build` (also `prepare`, which `npm ci` runs): src/ → dist/ with tsc (`tsconfig.build.json`), the JSON files
 * src/ reads at run time copied beside, and dist/ stamped with the harness version it was compiled from (the package
 * version and a hash of src/, `src/core/harness-version.ts`). `bin/graph-conformance.js` runs dist/ only when that
 * stamp matches src/ as it is now, so a stale build is never run; anything else runs the sources through tsx.
 *
 * Does nothing when the stamp already matches (`--force` rebuilds anyway), so `npm test` can call it cheaply.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.harness-version');

/** The harness version of src/ now, as the compiled module computes it (undefined when there is no build). */
async function currentVersion() {
  try {
    const { harnessVersion } = await import(pathToFileURL(join(DIST, 'core', 'harness-version.js')).href);
    return harnessVersion();
  } catch {
    return undefined;
  }
}

function stamped() {
  try {
    return readFileSync(STAMP, 'utf8').trim();
  } catch {
    return undefined;
  }
}

const force = process.argv.includes('--force');
const before = stamped();
if (!force && before !== undefined && before === (await currentVersion())) {
  console.log(`dist/ is up to date (${before})`);
  process.exit(0);
}

// A clean tree: a source deleted since the last build must not live on in dist/.
rmSync(DIST, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) {
  rmSync(DIST, { recursive: true, force: true }); // never leave a half-built dist/ for the bin to run
  process.exit(compiled.status ?? 1);
}
for (const entry of readdirSync(SRC, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
  const target = join(DIST, relative(SRC, join(entry.parentPath, entry.name)));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(entry.parentPath, entry.name), target);
}
const version = await currentVersion();
if (version === undefined) {
  console.error('build: dist/core/harness-version.js did not load after compiling');
  process.exit(1);
}
writeFileSync(STAMP, `${version}\n`);
console.log(`dist/ built (${version})`);
