/**
 * Runs the product (`playwright test`) as a user would, in a child process, with its outputs in a folder of its own.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/core/free-port.ts';

export { freePort };

/** Playwright's own JSON report, off by default (PLAYWRIGHT_JSON): the runs whose tests read it turn it on. */
export const WITH_PLAYWRIGHT_JSON = { PLAYWRIGHT_JSON: '1' } as const;

export interface PlaywrightRun {
  readonly code: number | null;
  readonly output: string;
  /** Holds `reports/`, `playwright-report/` and `test-results/` of this run. */
  readonly dir: string;
  /** The embedded mock's port in this run, as its first line says (empty when the run used no mock). */
  readonly mockPort: string;
}

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
const RUN_BOUND_MS = 300_000;

export async function runPlaywright(
  env: Readonly<Record<string, string>>,
  args: readonly string[] = [],
): Promise<PlaywrightRun> {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-run-'));
  // MOCK_PORT is left unset, as a user leaves it: each run starts its own mock on a free port, so runs side by side
  // never share (or fight over) one.
  const child = spawn(process.execPath, [CLI, 'test', ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      CI: '1', // no interactive reporters
      // One worker unless a test asks for more (what it checks spans workers): the few tests of a fixture run take as
      // long on one, for a quarter less CPU, and these runs share the machine with the other test files.
      PW_WORKERS: '1',
      // The run's request budget protects real tenants; these targets are the tests' own servers on loopback.
      REQUESTS_PER_SECOND: '1000',
      REPORTS_DIR: join(dir, 'reports'),
      HTML_REPORT_DIR: join(dir, 'playwright-report'),
      TEST_RESULTS_DIR: join(dir, 'test-results'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A bound for a run that hangs, not a measure of speed: on a machine shared by several test suites a sound run of a
  // few pages has taken over two minutes. Each Playwright test has its own timeout (playwright.config.ts).
  const { code, output } = await finished(child, RUN_BOUND_MS);
  const mockPort = / against the embedded mock tenant at http:\/\/127\.0\.0\.1:(\d+) /.exec(output)?.[1] ?? '';
  return { code, output, dir, mockPort };
}

/** Waits for a child process, killing it after `timeoutMs`; its stdout and stderr as one text, in arrival order. */
export async function finished(
  child: ChildProcessByStdio<null, Readable, Readable>,
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { code, output };
}
