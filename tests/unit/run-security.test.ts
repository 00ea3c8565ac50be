/**
 * Token safety, piece by piece: the redactor's encoded forms and secret environment values, the worker output guard,
 * where a handed-out URL may point, where the token goes, and the write gate over every request of a test.
 *
 * Run: node --import tsx --test tests/unit/run-security.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { REDACTED, redactor, SecretSet, secretEnvironmentValues } from '../../src/core/redact.ts';
import { guardWorkerOutput, redactMessage } from '../../src/run/output-guard.ts';
import { addressKind, guardedLookup, refusedAddress } from '../../src/run/destination.ts';
import { fixedTokens } from '../../src/run/auth/token-source.ts';
import { TargetClient, toHandedOut, type AdmittedUrl } from '../../src/run/target-client.ts';
import { UNLIMITED } from '../../src/run/request-budget.ts';
import { decideRequests } from '../../src/run/write-guard.ts';
import { tokenEndpointOnly } from '../../src/run/auth/msal-token.ts';
import { listenOnLoopback } from '../integration/loopback-server.ts';
import http from 'node:http';

const TOKEN = 'eyJLEAKCANARY.abc.def';
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the redactor', () => {
  const redact = redactor([TOKEN, 'canary']);

  test('masks a secret in clear, JSON-escaped (any characters, any depth), percent-encoded and as HTML references', () => {
    const escaped = `\\u0065yJ\\u004cEAKCANARY.abc.def`;
    for (const form of [
      TOKEN,
      escaped,
      JSON.stringify(escaped).slice(1, -1), // a JSON string inside a JSON string: \\u0065
      Array.from(TOKEN)
        .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`)
        .join(''),
      'eyJ%4cEAKCANARY%2Eabc.def',
      '&#101;yJ&#x4C;EAKCANARY.abc.def',
    ]) {
      const text = `{"echo":"${form}"}`;
      assert.equal(redact(text), `{"echo":"${REDACTED}"}`, form);
    }
  });

  test('masks its base64 and base64url encodings at every alignment inside a longer encoded text', () => {
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      for (const encoding of ['base64', 'base64url'] as const) {
        const encoded = Buffer.from(`${prefix}${TOKEN}!?>`).toString(encoding);
        const masked = redact(encoded);
        assert.ok(masked.includes(REDACTED), `${encoding} after ${JSON.stringify(prefix)}: ${masked}`);
      }
    }
    assert.ok(redact(Buffer.from('xxcanaryxx').toString('base64')).includes(REDACTED));
  });

  test('leaves other text alone, and ignores secrets too short to mean anything', () => {
    assert.equal(redact('eyJ no token, a canar y'), 'eyJ no token, a canar y');
    assert.equal(redactor(['abc'])('abc'), 'abc');
  });

  test('a secret set grows, and its redactor with it', () => {
    const secrets = new SecretSet();
    assert.equal(secrets.redact('t0ken-one'), 't0ken-one');
    secrets.add('t0ken-one', undefined, 'ab');
    assert.equal(secrets.redact('t0ken-one'), REDACTED);
  });
});

describe('secret environment variables', () => {
  test('values of *SECRET*, *TOKEN*, *PASSWORD*, *KEY* variables, less flags, small numbers and paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gdc-sec-'));
    dirs.push(dir);
    const values = secretEnvironmentValues(
      {
        X_SECRET: 'canary',
        NPM_TOKEN: 'npm_abcdef',
        db_password: 'hunter22',
        API_KEY: 'k-123456',
        KEY_VAULT_ENABLED: 'true',
        SOME_TOKEN_COUNT: '3',
        SSH_KEY_PATH: dir,
        PATH: '/usr/bin',
        EMPTY_SECRET: '',
      },
      (value) => value === dir,
    );
    assert.deepEqual(values.sort(), ['canary', 'hunter22', 'k-123456', 'npm_abcdef']);
  });
});

describe('the worker output guard', () => {
  const redact = redactor([TOKEN]);

  test('redacts every text of a message, the base64 of attachments and stdout chunks, and keeps ids', () => {
    const message = {
      method: '__dispatch__',
      params: {
        method: 'stepEnd',
        params: {
          testId: TOKEN,
          stepId: 'step@1',
          error: { message: `418 OK ${TOKEN}`, stack: `Error: ${TOKEN}\n  at x` },
          annotations: [{ type: 'note', description: `got ${TOKEN}` }],
        },
      },
    };
    const out = JSON.stringify(redactMessage(message, redact));
    assert.ok(!out.replace(`"testId":"${TOKEN}"`, '').includes(TOKEN), out);
    assert.ok(out.includes(`"testId":"${TOKEN}"`), 'identifiers are kept as they are');

    const attach = redactMessage(
      {
        name: 'actual response',
        contentType: 'application/json',
        body: Buffer.from(`{"a":"${TOKEN}"}`).toString('base64'),
      },
      redact,
    ) as { body: string };
    assert.equal(Buffer.from(attach.body, 'base64').toString(), `{"a":"${REDACTED}"}`);
    const stdout = redactMessage({ buffer: Buffer.from(`echo ${TOKEN}\n`).toString('base64') }, redact) as {
      buffer: string;
    };
    assert.equal(Buffer.from(stdout.buffer, 'base64').toString(), `echo ${REDACTED}\n`);
  });

  test("an annotation leaves the worker without the harness's source line that added it", () => {
    const message = {
      testId: 't1',
      annotations: [{ type: 'skip', description: `no ${TOKEN}`, location: { file: '/home/me/src/run/ledger.ts' } }],
    };
    assert.deepEqual(redactMessage(message, redact), {
      testId: 't1',
      annotations: [{ type: 'skip', description: `no ${REDACTED}` }],
    });
  });

  test('redacts an attached file in place (error-context.md), bytes that are not text included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gdc-sec-'));
    dirs.push(dir);
    const file = join(dir, 'error-context.md');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(` ${TOKEN} `)]));
    redactMessage({ name: 'error-context', contentType: 'text/markdown', path: file }, redact);
    assert.ok(readFileSync(file).equals(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(` ${REDACTED} `)])));
  });

  test('is installed in Playwright workers only, and once', () => {
    const sent: unknown[] = [];
    const channel = {
      send: (message: unknown): boolean => {
        sent.push(message);
        return true;
      },
    };
    guardWorkerOutput(redact, channel, {});
    channel.send(TOKEN);
    guardWorkerOutput(redact, channel, { TEST_WORKER_INDEX: '0' });
    guardWorkerOutput(redact, channel, { TEST_WORKER_INDEX: '0' });
    channel.send({ text: `a ${TOKEN}` });
    assert.deepEqual(sent, [TOKEN, { text: `a ${REDACTED}` }]);
  });
});

describe('where a handed-out URL may point', () => {
  test('addresses by kind, IPv4-mapped IPv6 included', () => {
    assert.equal(addressKind('169.254.169.254'), 'link-local');
    assert.equal(addressKind('::ffff:169.254.169.254'), 'link-local');
    assert.equal(addressKind('fe80::1'), 'link-local');
    assert.equal(addressKind('127.0.0.1'), 'loopback');
    assert.equal(addressKind('0.0.0.0'), 'loopback');
    assert.equal(addressKind('::1'), 'loopback');
    assert.equal(addressKind('10.1.2.3'), 'private');
    assert.equal(addressKind('172.31.0.1'), 'private');
    assert.equal(addressKind('192.168.1.1'), 'private');
    assert.equal(addressKind('fd00::1'), 'private');
    assert.equal(addressKind('224.0.0.1'), 'reserved');
    assert.equal(addressKind('20.190.1.1'), 'public');
    assert.equal(addressKind('2603:1000::1'), 'public');
  });

  test('public addresses always; the others only where the target is; link-local not from loopback', () => {
    const remote = new Set(['public'] as const);
    const local = new Set(['loopback'] as const);
    assert.equal(refusedAddress('20.190.1.1', remote), undefined);
    assert.match(refusedAddress('169.254.169.254', remote) ?? '', /link-local/);
    assert.match(refusedAddress('127.0.0.1', remote) ?? '', /loopback/);
    assert.match(refusedAddress('10.0.0.1', remote) ?? '', /private/);
    assert.equal(refusedAddress('127.0.0.1', local), undefined);
    assert.match(refusedAddress('169.254.169.254', local) ?? '', /link-local/);
    assert.match(refusedAddress('224.0.0.1', new Set(['reserved'] as const)) ?? '', /reserved/);
  });

  test('a name is checked on the addresses it resolves to, before any connection', async () => {
    const lookup = guardedLookup((address) => refusedAddress(address, new Set(['public'] as const)));
    const error = await new Promise<Error | null>((resolve) => {
      lookup('localhost', { all: true }, (e) => {
        resolve(e);
      });
    });
    assert.match(String(error), /RefusedDestination: localhost resolves to .* loopback/);
  });
});

/** A loopback server that records each request's origin and Authorization header. */
async function recorder(): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server = await listenOnLoopback(
    http.createServer((req, res) => {
      seen.push(`${req.method ?? ''} ${req.url ?? ''} ${req.headers.authorization ?? '(no token)'}`);
      res.writeHead(418, 'OK gotcha', { 'Content-Type': 'application/json' });
      res.end('{}');
    }),
  );
  return { url: server.url, seen, close: () => server.close() };
}

describe('where the token goes', () => {
  const policy = { maxRetries: 0, maxWaitSeconds: 0 };

  test('a target request is signed and stays on the target; a handed-out one never carries the token', async () => {
    const target = await recorder();
    const other = await recorder();
    try {
      const client = new TargetClient(target.url, fixedTokens(TOKEN), policy, UNLIMITED);
      await client.send({ method: 'GET', path: '/v1.0/me', headers: {} }, { authorize: true, timeoutMs: 5000 });
      const admitted = await client.admit(`${other.url}/upload/abcdefgh?sig=1`);
      assert.ok('url' in admitted, JSON.stringify(admitted));
      const result = await client.sendHandedOut(
        toHandedOut({ method: 'PUT', path: '/ignored', headers: { Authorization: `Bearer ${TOKEN}` } }, admitted.url),
        { timeoutMs: 5000 },
      );
      assert.equal(result.response.statusText, 'OK gotcha');
      assert.deepEqual(target.seen, [`GET /v1.0/me Bearer ${TOKEN}`]);
      assert.deepEqual(other.seen, ['PUT /upload/abcdefgh?sig=1 (no token)']);
    } finally {
      await target.close();
      await other.close();
    }
  });

  test('a "path" that leaves the origin, or names a parent through dot segments, is refused unsent', async () => {
    const target = await recorder();
    try {
      const client = new TargetClient(target.url, fixedTokens(TOKEN), policy, UNLIMITED);
      for (const path of [
        '//evil.example/x',
        '/\\evil.example/x',
        '@evil.example/x',
        '/v1.0/groups/..',
        '/a/%2e%2E/b',
      ]) {
        await assert.rejects(
          client.send({ method: 'DELETE', path, headers: {} }, { authorize: true, timeoutMs: 5000 }),
          /RefusedDestination|not a path on the target/,
          path,
        );
      }
      assert.deepEqual(target.seen, []);
    } finally {
      await target.close();
    }
  });

  test('handed-out URLs: http(s) only, no credentials in them, no link-local or private address from a remote target', async () => {
    const remote = new TargetClient('https://graph.example', fixedTokens(TOKEN), policy, UNLIMITED);
    const refused = async (url: string): Promise<string> => {
      const admission = await remote.admit(url);
      assert.ok('refused' in admission, `${url} was admitted`);
      return admission.refused;
    };
    assert.match(await refused('file:///etc/passwd'), /only http\(s\)/);
    assert.match(await refused('https://user:pw@up.example/x'), /user name or password/);
    assert.match(await refused('http://169.254.169.254/latest/meta-data/'), /link-local/);
    assert.match(await refused('http://[::ffff:169.254.169.254]/latest/'), /link-local/);
    assert.match(await refused('http://2852039166/latest/'), /link-local/); // 169.254.169.254 as one number
    assert.match(await refused('http://10.0.0.8/x'), /private/);
    assert.match(await refused('http://127.0.0.1:8080/x'), /loopback/);
    assert.match(await refused('not a url'), /not an absolute URL/);
    // A name is admitted here and checked again on its addresses when connecting.
    assert.ok('url' in (await remote.admit('https://sn3302.up.1drv.example/up/fe6987415ace7X4e1eF866337')));
    assert.equal(remote.pathOf('https://graph.example/v1.0/groups/1?x'), '/v1.0/groups/1?x');
    assert.equal(remote.pathOf('https://graph.example:444/v1.0/groups/1'), undefined);
    assert.equal(remote.pathOf('http://graph.example/v1.0/groups/1'), undefined);
  });

  test('a name that resolves to a refused address is not connected to', async () => {
    const remote = new TargetClient('https://graph.example', fixedTokens(TOKEN), policy, UNLIMITED);
    const admission = await remote.admit('http://localhost:8080/upload/abcdefgh');
    assert.ok('url' in admission);
    await assert.rejects(
      remote.sendHandedOut({ method: 'GET', url: admission.url, headers: {} }, { timeoutMs: 5000 }),
      /localhost resolves to .*loopback/,
    );
  });

  test("msal's network reaches the token endpoint only", async () => {
    const network = tokenEndpointOnly('https://login.example/t/oauth2/v2.0/token');
    await assert.rejects(network.sendGetRequestAsync('https://login.example/t/v2.0/.well-known/openid-configuration'));
    await assert.rejects(network.sendPostRequestAsync('https://evil.example/t/oauth2/v2.0/token', { body: 'x' }));
  });

  test('an admitted URL is a type only admit makes', () => {
    // @ts-expect-error a plain string is not an admitted URL
    const url: AdmittedUrl = 'http://169.254.169.254/';
    assert.equal(typeof url, 'string');
  });
});

describe('the write gate over every request of a test', () => {
  const remote = 'https://graph.example';
  const read = { method: 'GET', to: 'handed-out' as const, what: 'GET to the handed-out URL' };
  const session = { method: 'POST', to: 'target' as const, what: 'first POST …/createUploadSession' };

  test('a read whose URL comes from a write is skipped without ALLOW_WRITES, naming the write', () => {
    const decision = decideRequests([session, read], remote, false);
    assert.ok(!decision.allowed);
    assert.match(
      decision.reason,
      /^first POST …\/createUploadSession: POST changes graph\.example, which is not loopback/,
    );
    assert.deepEqual(decideRequests([session, read], remote, true), { allowed: true, restore: true });
    assert.deepEqual(decideRequests([read], remote, false), { allowed: true, restore: false });
  });

  test('uploads through a handed-out URL run against loopback targets only; a cancel is a write like others', () => {
    const upload = { method: 'PUT', to: 'handed-out' as const, what: 'the bytes first' };
    const decision = decideRequests([session, upload], remote, true);
    assert.ok(!decision.allowed);
    assert.match(
      decision.reason,
      /the bytes first: PUT to a handed-out URL uploads content the harness cannot restore/,
    );
    assert.deepEqual(decideRequests([session, upload], 'http://127.0.0.1:7357', false), {
      allowed: true,
      restore: false,
    });
    const cancel = { method: 'DELETE', to: 'handed-out' as const, what: 'DELETE to the handed-out URL' };
    assert.equal(decideRequests([cancel], remote, false).allowed, false);
    assert.equal(decideRequests([session, cancel], remote, true).allowed, true);
  });
});

describe('one way out', () => {
  const root = new URL('../..', import.meta.url).pathname;
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(dir, f));

  test('the run sends HTTP through exchange.ts only (the mock tenant serves it)', () => {
    const senders = sources('src').filter((file) =>
      /\bfetch\(|'undici'|from 'node:https?'|\b(?:http|https|net|tls)\.(?:request|get|connect)\(/.test(
        readFileSync(join(root, file), 'utf8'),
      ),
    );
    // The mock is a server; lint reads a metadata document from the URL the user names (METADATA), with no credential
    // of any kind.
    assert.deepEqual(senders.sort(), [
      'src/metadata/load-metadata.ts',
      'src/mock-tenant/server.ts',
      'src/run/exchange.ts',
    ]);
  });

  test("every spec of the suite takes its test from the run's fixtures, which guard the worker's output", () => {
    // Files that declare tests (global-setup.ts declares none: it runs before any, in the runner).
    for (const file of sources('tests/conformance').filter((f) => /\.(spec|setup)\.ts$/.test(f))) {
      const text = readFileSync(join(root, file), 'utf8');
      assert.doesNotMatch(text, /import \{[^}]*\btest\b[^}]*\} from '@playwright\/test'/, file);
      // The harness as the run loads it (tests/conformance/harness.ts: compiled or the sources), whose `test` is the fixtures'.
      assert.match(text, /const \{[^}]*\btest\b[^}]*\} =\s*harness;/, file);
    }
    const entry = readFileSync(join(root, 'src/run/playwright-entry.ts'), 'utf8');
    assert.match(entry, /export \{ test \} from '\.\/fixtures\.ts';/);
  });
});
