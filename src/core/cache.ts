/**
 * What the harness's on-disk caches (parsed pages, read metadata) share: where they live, how an entry is keyed to the
 * code that made it, and how it is written so that a concurrent reader never sees half of it. Caches are an
 * optimisation only: every reader falls back to doing the work when an entry cannot be read or written.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `node_modules/.cache/graph-conformance` (where tools keep caches) when the project has one, else the temp folder. */
export function cacheDir(cwd: string): string {
  const modules = join(cwd, 'node_modules');
  if (existsSync(modules)) return join(modules, '.cache', 'graph-conformance');
  let user = 'user';
  try {
    user = userInfo().username;
  } catch {
    // no user name (some containers): one shared folder
  }
  return join(tmpdir(), `graph-conformance-cache-${user}`);
}

const fingerprints = new Map<string, string>();

/**
 * A hash of the source files of the folder a module is in (pass its `import.meta.url`): a changed reader invalidates
 * every entry it made.
 */
export function sourceFingerprint(moduleUrl: string): string {
  const dir = dirname(fileURLToPath(moduleUrl));
  let fingerprint = fingerprints.get(dir);
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (/\.[cm]?[jt]s$/.test(name)) hash.update(name).update(readFileSync(join(dir, name)));
  }
  fingerprint = hash.digest('hex');
  fingerprints.set(dir, fingerprint);
  return fingerprint;
}

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Writes through a temporary file and a rename: concurrent workers never read a half-written entry. */
export function writeAtomically(file: string, data: string | NodeJS.ArrayBufferView): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid.toString()}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

/**
 * Marks `path` used now, after every path in `others`: its modification time is set past theirs, so that the order of
 * use is an order even where the file system's clock ticks coarser than the uses (two runs a few milliseconds apart).
 * A path whose time cannot be set keeps the time it has.
 */
export function markUsedLast(path: string, others: readonly string[]): void {
  // Whole milliseconds past the others: a time set is rounded on its way to the file system.
  const after = Math.max(Date.now(), ...others.map((other) => Math.ceil(usedAt(other)) + 1));
  try {
    const when = new Date(after);
    utimesSync(path, when, when);
  } catch {
    // a read-only cache: the order is what the clock gave
  }
}

/** `paths` in the order they were used, the last used first (`markUsedLast`). */
export function lastUsedFirst(paths: readonly string[]): string[] {
  return paths
    .map((path) => ({ path, used: usedAt(path) }))
    .sort((a, b) => b.used - a.used)
    .map(({ path }) => path);
}

/** When a path was last marked used (its modification time); 0 when it cannot be told. */
function usedAt(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
