/**
 * `graph-conformance self-check` as a user or CI runs it: the suite over a docs folder against the embedded mock, and
 * lint over the same docs; exit 0 when the harness agrees with itself, with the counts by cause, and a results file
 * that validates against its published schema.
 *
 * Run: node --import tsx --test tests/integration/self-check.test.ts
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readResults } from '../../src/report/read-results.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'graph-conformance.js');

function selfCheck(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BIN, 'self-check', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PROBE_SEED: '4', ENV_FILE: '/dev/null' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

test('the seed page: the harness agrees with itself; counts by cause; a valid results file', async () => {
  const out = mkdtempSync(join(tmpdir(), 'gdc-self-check-'));
  const run = await selfCheck(['fixtures/docs', '--out', out]);
  assert.equal(run.code, 0, run.output);
  assert.match(run.output, /tests: \d+ passed, 0 failed, 0 flaky, 0 skipped/);
  assert.match(run.output, /failures by cause: target 0, doc 0, observation 0, harness 0; 1 tests observed something/);
  assert.match(run.output, /the harness agrees with itself/);
  const results = readResults(join(out, 'reports', 'results.json'));
  assert.equal(results.run.target.kind, 'mock');
});

test('no docs to check is one line and exit 2', async () => {
  const run = await selfCheck([]);
  assert.equal(run.code, 2);
  assert.match(run.output, /^graph-conformance: self-check needs the doc files or folders to check/);
});
