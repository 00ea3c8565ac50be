/**
 * Runs the product (`playwright test`) as a user would, in a child process, with its outputs in a folder of its own.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/core/free-port.ts';

export { freePort };

export interface PlaywrightRun {
  readonly code: number | null;
  readonly output: string;
  /** Holds `reports/`, `playwright-report/` and `test-results/` of this run. */
  readonly dir: string;
  /** The embedded mock's port (MOCK_PORT) in this run. */
  readonly mockPort: string;
}

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');

export async function runPlaywright(
  env: Readonly<Record<string, string>>,
  args: readonly string[] = [],
): Promise<PlaywrightRun> {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-run-'));
  // A port of its own for the embedded mock, so that runs side by side never share (or fight over) one.
  const mockPort = String(await freePort());
  const child = spawn(process.execPath, [CLI, 'test', ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      CI: '1', // no reuse of a developer's mock server, no interactive reporters
      // The run's request budget protects real tenants; these targets are the tests' own servers on loopback.
      REQUESTS_PER_SECOND: '1000',
      REPORTS_DIR: join(dir, 'reports'),
      HTML_REPORT_DIR: join(dir, 'playwright-report'),
      TEST_RESULTS_DIR: join(dir, 'test-results'),
      ...env,
      MOCK_PORT: env.MOCK_PORT ?? mockPort,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { code, output, dir, mockPort: env.MOCK_PORT ?? mockPort };
}
