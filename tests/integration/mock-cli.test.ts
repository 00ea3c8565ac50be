/**
 * `graph-conformance mock` as a user runs it: it prints its base URL and how many operations it serves, logs one
 * line per request with --log, honours --throttle-rate and --body-limit, and refuses bad options with a usage line.
 *
 * Run: node --import tsx --test tests/integration/mock-cli.test.ts
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { MOCK_CLIENT_ID, MOCK_CLIENT_SECRET } from '../../src/mock-tenant/identity.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'graph-conformance.js');

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly banner: string;
  output(): string;
}

const children: ChildProcessWithoutNullStreams[] = [];
after(() => {
  for (const child of children) child.kill();
});

/** Starts the command on an ephemeral port and waits for its banner (bounded). */
function startMock(args: readonly string[]): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'mock', '--port', '0', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no banner within 30 s:\n${output}`));
    }, 30_000);
    const poll = setInterval(() => {
      const banner = /^mock tenant: .*$/m.exec(output)?.[0];
      const url = banner === undefined ? undefined : /at (http:\/\/127\.0\.0\.1:\d+) /.exec(banner)?.[1];
      if (banner === undefined || url === undefined) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ child, url, banner, output: () => output });
    }, 50);
  });
}

function runToExit(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BIN, 'mock', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('graph-conformance mock', () => {
  test('prints its base URL and the operations it serves; --log writes one line per request', async () => {
    const mock = await startMock(['--docs', 'fixtures/docs', '--log']);
    assert.match(
      mock.banner,
      /^mock tenant: 2 documented operations from 1 page at http:\/\/127\.0\.0\.1:\d+ \(\/v1\.0 and \/beta\)/,
    );
    const answer = await fetch(`${mock.url}/beta/me/photos`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer mock-tenant-token', 'content-type': 'application/json' },
      body: '{"height":1,"width":2}',
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(answer.status, 200);
    await waitFor(
      () => /^PATCH \/beta\/me\/photos 200 [\d.]+ms request-id=[0-9a-f-]{36}$/m.test(mock.output()),
      'the request log line',
    );
    assert.doesNotMatch(mock.output(), /mock-tenant-token/, 'the token is not logged');
    mock.child.kill();
  });

  test('--throttle-rate 1 answers every Graph request 429 with --retry-after; /health is never throttled', async () => {
    const mock = await startMock(['--throttle-rate', '1', '--retry-after', '7']);
    const answer = await fetch(`${mock.url}/v1.0/me/photos`, {
      headers: { authorization: 'Bearer mock-tenant-token' },
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(answer.status, 429);
    assert.equal(answer.headers.get('retry-after'), '7');
    const body = (await answer.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'TooManyRequests');
    assert.equal((await fetch(`${mock.url}/health`, { signal: AbortSignal.timeout(10_000) })).status, 200);
    mock.child.kill();
  });

  test('issue 22.5: malformed ids get a 400 error body, an emoji id an answer, and only issued tokens are taken', async () => {
    const mock = await startMock(['--docs', 'fixtures/corpus/api-reference/v1.0/api/driveitem-createuploadsession.md']);
    const send = (path: string, init: RequestInit = {}) =>
      fetch(`${mock.url}${path}`, { signal: AbortSignal.timeout(10_000), ...init });
    const write = { authorization: 'Bearer mock-tenant-token', 'content-type': 'application/json' };
    // An id whose percent-encoding is not UTF-8 once answered 500 (URIError).
    const malformed = await send('/v1.0/me/drive/items/%ff%fe/createUploadSession', {
      method: 'POST',
      headers: write,
      body: '{}',
    });
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { error: { code: string } }).error.code, 'BadRequest');
    // An id beyond Latin-1 once got no answer at all.
    const emoji = await send(encodeURI('/v1.0/me/drive/root:/😀.txt:/createUploadSession'), {
      method: 'POST',
      headers: write,
      body: '{}',
    });
    assert.ok(emoji.status < 500, `an emoji id is answered: ${String(emoji.status)}`);
    // Any non-JWT string was once a token with every permission.
    for (const token of ['x', 'a.b.c', 'eyJhbGciOiJub25lIn0.e30.']) {
      const answer = await send('/v1.0/me/drive/items/root/createUploadSession', {
        method: 'POST',
        headers: { ...write, authorization: `Bearer ${token}` },
        body: '{}',
      });
      assert.equal(answer.status, 401, token);
      assert.equal(((await answer.json()) as { error: { code: string } }).error.code, 'InvalidAuthenticationToken');
    }
    // The token endpoint once issued every role for any client secret.
    const token = (secret: string) =>
      send('/common/oauth2/v2.0/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: MOCK_CLIENT_ID,
          client_secret: secret,
          scope: 'https://graph.microsoft.com/.default',
        }).toString(),
      });
    assert.equal((await token('guess')).status, 401);
    assert.equal((await token(MOCK_CLIENT_SECRET)).status, 200);
    mock.child.kill();
  });

  test('--body-limit caps request bodies (413)', async () => {
    const mock = await startMock(['--body-limit', '16']);
    const answer = await fetch(`${mock.url}/v1.0/me/photos`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer mock-tenant-token', 'content-type': 'application/json' },
      body: '{"height":1,"width":2}',
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(answer.status, 413);
    mock.child.kill();
  });

  test('bad options stop with one usage line and exit code 2', async () => {
    for (const [args, message] of [
      [['--throttle-rate', '2'], /--throttle-rate: "2" is not a fraction from 0 to 1/],
      [['--body-limit', 'lots'], /--body-limit: "lots" is not a byte count/],
      [['--tls-key', 'x.pem'], /--tls-key and --tls-cert go together/],
      [['--port', '70000'], /--port: "70000" is not a whole number from 0 to 65535/],
    ] as const) {
      const { code, output } = await runToExit(args);
      assert.equal(code, 2, output);
      assert.match(output, message);
      assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
    }
  });

  test('--help prints the usage of every command and exits 0', async () => {
    const { code, output } = await runToExit(['--help']);
    assert.equal(code, 0, output);
    assert.match(output, /^Usage: graph-conformance <command> \[options\]/m);
    assert.match(output, /--throttle-rate F/);
  });
});
