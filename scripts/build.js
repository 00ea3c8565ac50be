#!/usr/bin/env node
/**
 * `npm run build` (also `prepare`, which `npm ci` runs): src/ → dist/ with tsc (`tsconfig.build.json`), the JSON files
 * src/ reads at run time copied beside, the Playwright run's harness bundled (dist/run-bundle/, see bundleRun below),
 * and dist/ stamped with the harness version it was compiled from (the package version and a hash of src/,
 * `src/core/harness-version.ts`). `bin/graph-conformance.js` runs dist/ only when that
 * stamp matches src/ as it is now, so a stale build is never run; anything else runs the sources through tsx.
 *
 * Does nothing when the stamp already matches and the bundle was built from the packages package-lock.json pins by
 * this script (`--force` rebuilds anyway), so `npm test` can call it cheaply.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
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

/**
 * What the run's bundle was built from: the packages package-lock.json pins, and this script. `npm ci` after a
 * dependency changed must rebuild it even when src/ did not change (the bundle would otherwise run the packages it was
 * built with), and so must a checkout whose build script changed what the bundle holds or leaves out.
 */
const PACKAGES = join(DIST, 'run-bundle', '.packages');

function lockDigest() {
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  try {
    return hash.update(readFileSync(join(ROOT, 'package-lock.json'))).digest('hex');
  } catch {
    return hash.update('no package-lock.json').digest('hex');
  }
}

function bundledPackages() {
  try {
    return readFileSync(PACKAGES, 'utf8').trim();
  } catch {
    return undefined;
  }
}

const force = process.argv.includes('--force');
const before = stamped();
if (!force && before !== undefined && before === (await currentVersion()) && bundledPackages() === lockDigest()) {
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
await bundleRun();
const version = await currentVersion();
if (version === undefined) {
  console.error('build: dist/core/harness-version.js did not load after compiling');
  process.exit(1);
}
writeFileSync(STAMP, `${version}\n`);
console.log(`dist/ built (${version})`);

/**
 * The harness as the Playwright run loads it (tests/conformance/harness-module.ts), bundled into dist/run-bundle/: one
 * file per module the run's files load, the code they share in chunks beside them (one copy of each module per
 * process), the packages they use included. Playwright sends every module a process loads through its module hooks, a
 * synchronous round trip to its loader thread each: the compiled harness and its packages are about 480 modules, a
 * third of a worker's start. No source maps: Playwright maps every stack it captures (each step, each attachment)
 * through them, and a bundle's is megabytes.
 *
 * Left out, imported from where they are: @playwright/test (the run's one copy), packages loaded only against a real
 * tenant (msal), and the modules playwright.config.ts loads (src/run/config-entry.ts and what it imports), so that the
 * config and the specs share them in a process.
 */
async function bundleRun() {
  const esbuild = createRequire(import.meta.url)('esbuild');
  const outdir = join(DIST, 'run-bundle');
  const entries = ['run/playwright-entry', 'mock-tenant/serve-docs', 'report/reviewer-reporter', 'report/lean-reports'];
  const external = ['@playwright/test', '@playwright/test/*', 'playwright', 'playwright/*', 'playwright-core'];
  const lazy = ['@azure/msal-node'];
  const config = await esbuild.build({
    entryPoints: [join(DIST, 'run', 'config-entry.js')],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    absWorkingDir: ROOT,
    logLevel: 'error',
  });
  const configModules = new Set(Object.keys(config.metafile.inputs).map((input) => join(ROOT, input)));
  await esbuild.build({
    entryPoints: Object.fromEntries(entries.map((entry) => [entry.split('/').at(-1), join(DIST, `${entry}.js`)])),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    external: [...external, ...lazy],
    // Bundled CommonJS packages require Node's own modules.
    banner: {
      js: "import { createRequire as createRunBundleRequire } from 'node:module'; const require = createRunBundleRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'config-modules-stay',
        setup(build) {
          build.onResolve({ filter: /^\.\.?\// }, ({ path, resolveDir }) => {
            const target = join(resolveDir, path);
            if (!configModules.has(target)) return undefined;
            return { path: relative(outdir, target).split(sep).join('/'), external: true };
          });
        },
      },
    ],
    logLevel: 'error',
  });
  writeFileSync(PACKAGES, `${lockDigest()}\n`);
}
