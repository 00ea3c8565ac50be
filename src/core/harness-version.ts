/**
 * Which harness this is: the package version and a hash of its sources. Two processes agree on it only when they run
 * the same code, so a mock tenant left running by an older checkout is told apart from this run's (the version alone
 * stays 0.1.0 while the code changes).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Computed once per process, whichever copy of this module asks first: a Playwright process loads it from src/ (the
 * config, to choose between src/ and dist/) and again from the compiled harness, and each copy would hash src/ anew.
 */
const ONCE: unique symbol = Symbol.for('graph-doc-conformance.harness-version');

/** `0.1.0+3fa2c9d1e0b4`: the package version, then the first 12 hex digits of a SHA-256 over `src/`. */
export function harnessVersion(): string {
  const processWide = globalThis as Record<symbol, string | undefined>;
  return (processWide[ONCE] ??= computeVersion());
}

function computeVersion(): string {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  const hash = createHash('sha256');
  const src = join(ROOT, 'src');
  const files = readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(file.slice(src.length)).update('\0').update(readFileSync(file)).update('\0');
  return `${typeof version === 'string' ? version : '0.0.0'}+${hash.digest('hex').slice(0, 12)}`;
}

/**
 * Whether `dist/` (built by `npm ci`'s prepare, or `npm run build`) was compiled from `src/` as it is now: its stamp
 * names this harness version. Only then do the command and the Playwright run load it; otherwise they run the
 * sources, so an edit is never run stale.
 */
export function compiledIsCurrent(): boolean {
  try {
    return readFileSync(join(ROOT, 'dist', '.harness-version'), 'utf8').trim() === harnessVersion();
  } catch {
    return false; // no build
  }
}
