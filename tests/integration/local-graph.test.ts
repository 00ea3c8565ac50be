/**
 * The mock as a local Graph, driven by the official SDKs as an app developer would: `graph-conformance mock --https
 * --docs fixtures/local-graph` started as the README says, its certificate trusted with NODE_EXTRA_CA_CERTS as the
 * command prints, then an app's day with each SDK (tests/integration/local-graph/*.app.ts) in its own process.
 *
 * Run: node --import tsx --test tests/integration/local-graph.test.ts
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'graph-conformance.js');
const APPS = join(ROOT, 'tests', 'integration', 'local-graph');

interface Mock {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly certFile: string;
  output(): string;
}

/** Starts the command on an ephemeral port and reads its URL and certificate from what it prints (bounded). */
function startMock(): Promise<Mock> {
  const child = spawn(
    process.execPath,
    [BIN, 'mock', '--https', '--port', '0', '--docs', 'fixtures/local-graph', '--log'],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      child.kill();
      reject(new Error(`no banner within 30 s:\n${output}`));
    }, 30_000);
    const poll = setInterval(() => {
      const url = /^mock tenant: .* at (https:\/\/127\.0\.0\.1:\d+) /m.exec(output)?.[1];
      const certFile = /NODE_EXTRA_CA_CERTS=(\S+)/.exec(output)?.[1];
      if (url === undefined || certFile === undefined) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ child, url, certFile, output: () => output });
    }, 50);
  });
}

/** Runs one app's day as its own test process, trusting the mock's certificate as the README says (bounded). */
function runApp(mock: Mock, file: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', join(APPS, file)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      MOCK_URL: mock.url,
      NODE_EXTRA_CA_CERTS: mock.certFile,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('the mock as a local Graph, with the official SDKs', () => {
  let mock: Mock;
  before(async () => {
    mock = await startMock();
  });
  after(() => {
    mock.child.kill();
  });

  for (const [name, file] of [
    ['@microsoft/microsoft-graph-client 3.0.7', 'classic-client.app.ts'],
    ['the Kiota-based @microsoft/msgraph-sdk', 'kiota-sdk.app.ts'],
  ] as const) {
    test(`an app's day with ${name}`, async () => {
      const { code, output } = await runApp(mock, file);
      assert.equal(code, 0, `${output}\n--- mock log ---\n${mock.output().slice(-4000)}`);
      assert.match(output, /(#|ℹ) fail 0\b/);
      assert.doesNotMatch(output, /(#|ℹ) pass 0\b/);
    });
  }
});
