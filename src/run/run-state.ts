/**
 * A private folder for one run, shared by the runner, the setup project and every worker: the access token, values
 * captured by setup requests, the throttling pause, and what could not be restored. playwright.config.ts names it in
 * the environment before any worker starts, so every process of the run finds the same one. Files are 0600 in a
 * 0700 folder outside the report folders, and nothing in it is ever attached.
 */
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { settings, shareWithChildProcesses } from '../settings/settings.ts';

let fallback: string | undefined;

/** The run's folder (`GRAPH_CONFORMANCE_RUN_DIR`). Outside a Playwright run (a single process), one of its own. */
export function runStateDir(): string {
  const named = settings().runDir;
  if (named !== undefined) return named;
  fallback ??= newRunStateDir();
  return fallback;
}

/**
 * A test's own state session in the embedded mock (`x-mock-session`): one test's DELETE cannot remove what another
 * reads. Named by run and test, so a mock reused from an earlier run (MOCK_PORT) holds nothing this run's tests wrote.
 */
export function mockSessionOf(testId: string): string {
  return `${basename(runStateDir())} ${testId}`;
}

export function newRunStateDir(): string {
  return join(tmpdir(), `graph-conformance-${randomUUID()}`);
}

export const RUN_FILES = {
  token: 'access-token.json',
  tokenLock: 'access-token.lock',
  writeLock: 'write.lock',
  captured: 'captured.json',
  discovered: 'discovered.json',
  cleanups: 'cleanups.json',
  pauseUntil: 'pause-until',
  restoreFailures: 'restore-failures.jsonl',
  /** The service metadata the runner chose for the probes (src/run/run-metadata.ts): CSDL files. */
  metadata: 'metadata.json',
  /** Where the run's DocSet is stored, for the workers: built once, by the runner. */
  docSet: 'docset.json',
} as const;

export function runFile(dir: string, name: keyof typeof RUN_FILES): string {
  return join(dir, RUN_FILES[name]);
}

export function ensureRunDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Written whole or not at all (a rename), so a reader in another worker never sees half a file. */
export function writePrivateJson(dir: string, name: keyof typeof RUN_FILES, value: unknown): void {
  ensureRunDir(dir);
  const file = runFile(dir, name);
  const temporary = `${file}.${String(process.pid)}.${randomUUID()}`;
  writeFileSync(temporary, JSON.stringify(value), { mode: 0o600 });
  renameSync(temporary, file);
}

export function readPrivateJson(dir: string, name: keyof typeof RUN_FILES): unknown {
  const file = runFile(dir, name);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined; // written by rename, so unreadable means absent (a crashed writer), not half-written
  }
}

/** One JSON record per line; appends of a line are atomic enough for the few records a run writes. */
export function appendRecord(dir: string, name: keyof typeof RUN_FILES, value: unknown): void {
  ensureRunDir(dir);
  appendFileSync(runFile(dir, name), `${JSON.stringify(value)}\n`, { mode: 0o600 });
}

export function readRecords(dir: string, name: keyof typeof RUN_FILES): unknown[] {
  const file = runFile(dir, name);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

/**
 * Names the run's folder for every process of the run. Called where the config is loaded: in the runner, first, and
 * again in each worker, which inherits the name and keeps it. The runner removes the folder when it exits.
 */
export function claimRunStateDir(): string {
  const named = settings().runDir;
  if (named !== undefined) return named;
  const dir = newRunStateDir();
  shareWithChildProcesses('GRAPH_CONFORMANCE_RUN_DIR', dir);
  process.on('exit', () => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/**
 * A lock shared by the run's processes (an exclusive create). A holder that died leaves its lock behind: one older
 * than `staleMs` is taken over. Resolves to the release function.
 */
export async function acquireRunLock(
  dir: string,
  name: 'tokenLock' | 'writeLock',
  staleMs: number,
): Promise<() => void> {
  ensureRunDir(dir);
  const file = runFile(dir, name);
  for (;;) {
    try {
      closeSync(openSync(file, 'wx', 0o600));
      return () => {
        rmSync(file, { force: true });
      };
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
    if (ageMs(file) > staleMs) {
      try {
        unlinkSync(file);
      } catch {
        // another waiter took it over first
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
