/**
 * The preflight (src/run/preflight.ts) and the run's mock identity (src/run/run-mock.ts, src/core/mock-health.ts):
 * each bad DOCS, TARGET_URL or token is one line naming the setting and the fix; a mock on the port is told apart by
 * what its /health says. Targets here are servers on loopback started by the test.
 *
 * Run: node --import tsx --test tests/unit/preflight.test.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MOCK_SERVICE, readMockHealth } from '../../src/core/mock-health.ts';
import { loadDocs } from '../../src/docs/load-docs.ts';
import { createTenantCore } from '../../src/mock-tenant/handler.ts';
import { fixedTokens } from '../../src/run/auth/token-source.ts';
import { checkDocs, checkTarget, PreflightError, runSummary, TOKEN_CHECK_PATH } from '../../src/run/preflight.ts';
import { departureFrom } from '../../src/run/run-mock.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { readSettings } from '../../src/settings/settings.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEED = 'fixtures/docs';

function folder(files: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-preflight-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function refused(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof PreflightError, String(error));
    assert.match(error.message, message);
    assert.doesNotMatch(error.message, /\n/, 'one line');
    return true;
  });
}

describe('DOCS', () => {
  test('the seed folder passes, counting its page', () => {
    assert.deepEqual(checkDocs([SEED], ROOT), { files: 1 });
  });

  test('a path that does not exist is named, with the setting and what to give', () => {
    refused(() => checkDocs(['/nonexistent'], ROOT), /^DOCS: \/nonexistent does not exist; give doc files or folders/);
    refused(() => checkDocs([SEED, '/nonexistent'], ROOT), /^DOCS: \/nonexistent does not exist/);
  });

  test('a folder without markdown pages', () => {
    const empty = folder({ 'notes.txt': 'not markdown' });
    refused(() => checkDocs([empty], ROOT), /^DOCS: .* holds no markdown pages \(\.md\); point DOCS at Graph API/);
  });

  test('a folder of pages that document no request names one of them', () => {
    const junk = folder({ 'a.md': 'hello\n', 'b/c.md': '# Notes\n\nSome text.\n' });
    refused(
      () => checkDocs([junk], ROOT),
      /^DOCS: none of the 2 pages in .* documents a request \(no "## HTTP request" section, no example\), e.g\. .*a\.md: nothing to check/,
    );
  });
});

test('DOCS: a folder of one page that documents no request names it', () => {
  const one = folder({ 'notes.md': '# Notes\n' });
  refused(
    () => checkDocs([one], ROOT),
    /^DOCS: the one page in .* \(.*notes\.md\) documents no request \(no "## HTTP request" section, no example\): nothing to check/,
  );
});

describe('the run summary', () => {
  test('names the pages checked, the pages read as nothing, and the target', () => {
    const docs = folder({ 'notes.md': 'hello\n', 'includes/fragment.md': 'an include\n' });
    const { pages } = loadDocs([SEED, docs], ROOT, { cache: false });
    const settings = readSettings({ DOCS: `${SEED},${docs}` });
    const lines = runSummary({ pages, settings }, { origin: 'http://127.0.0.1:4000', reused: false });
    assert.equal(lines.length, 2);
    assert.match(
      lines[0] ?? '',
      /^checking 1 page with requests \(of 3 pages read from DOCS=fixtures\/docs,.*\) against the embedded mock tenant at http:\/\/127\.0\.0\.1:4000 \(started for this run\)$/,
    );
    assert.match(lines[1] ?? '', /^1 page in DOCS documents nothing to check \(.*\): .*notes\.md$/);
  });
});

describe('TARGET_URL and its token', () => {
  let server: http.Server;
  let origin = '';
  const seen: { path: string; authorization: string | undefined }[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
      const ok = req.headers.authorization === 'Bearer good-token';
      res.writeHead(ok ? 403 : 401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: ok
            ? { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' }
            : { code: 'InvalidAuthenticationToken', message: 'Access token has expired: bad-token' },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  after(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  );

  const settingsFor = (env: Record<string, string>): ReturnType<typeof readSettings> =>
    readSettings({ TARGET_URL: origin, ...env });

  test('a token the target takes passes, whatever the answer besides 401 (a 403 is a permission, not the token)', async () => {
    await checkTarget(settingsFor({ GRAPH_TOKEN: 'good-token' }), fixedTokens('good-token'));
    assert.deepEqual(seen.at(-1), { path: TOKEN_CHECK_PATH, authorization: 'Bearer good-token' });
  });

  test('a refused token names GRAPH_TOKEN, says what came back, and never shows the token', async () => {
    await assert.rejects(
      checkTarget(settingsFor({ GRAPH_TOKEN: 'bad-token' }), fixedTokens('bad-token')),
      (error: unknown) => {
        assert.ok(error instanceof PreflightError);
        assert.match(
          error.message,
          /^GRAPH_TOKEN: http:\/\/127\.0\.0\.1:\d+ refused the token \(401 InvalidAuthenticationToken: Access token has expired: <redacted>\); get a fresh token/,
        );
        assert.ok(!error.message.includes('bad-token'));
        return true;
      },
    );
  });

  test('no credentials at all: named before any request', async () => {
    const before = seen.length;
    await assert.rejects(
      checkTarget(settingsFor({}), fixedTokens('unused')),
      /^PreflightError: GRAPH_TOKEN: TARGET_URL is http:\/\/127\.0\.0\.1:\d+ but the run has no credentials; set GRAPH_TOKEN/,
    );
    assert.equal(seen.length, before);
  });

  test('a closed port says what to check', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = http.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => {
          resolve(port);
        });
      });
    });
    const cases: [string, RegExp][] = [
      [
        `http://127.0.0.1:${String(closed)}`,
        /^TARGET_URL: nothing listens at http:\/\/127\.0\.0\.1:\d+ \(connection refused\); check TARGET_URL/,
      ],
    ];
    for (const [target, message] of cases) {
      await assert.rejects(
        checkTarget(readSettings({ TARGET_URL: target, GRAPH_TOKEN: 't' }), fixedTokens('t')),
        (error: unknown) => error instanceof PreflightError && message.test(error.message),
      );
    }
  });
});

describe("the mock's identity on /health", () => {
  const pages = loadDocs([SEED], ROOT).pages;
  const identity = { harness: '0.1.0+abc', docs: 'd0c5', options: {} };

  test('the mock answers it, and a run reads it back; an older mock, or anything else, reads as unknown', async () => {
    const core = createTenantCore({
      pages,
      schemas: buildSchemaRegistry(pages),
      serving: { harness: identity.harness, docs: () => identity.docs, options: identity.options },
    });
    const admitted = await core.admit({ method: 'GET', url: '/health', headers: {} });
    assert.ok(admitted.kind === 'reply' && admitted.reply.kind === 'json', 'a JSON answer, before any body is read');
    const body = admitted.reply.body;
    assert.deepEqual(readMockHealth(body), {
      status: 'ok',
      service: MOCK_SERVICE,
      operations: 2,
      ...identity,
    });
    assert.equal(readMockHealth({ status: 'ok', operations: 2 }), undefined);
    assert.equal(readMockHealth('<html>'), undefined);
  });

  test('a mock of another harness, other docs or other options is told apart, saying how', () => {
    assert.equal(departureFrom(identity, identity), undefined);
    assert.match(
      departureFrom(identity, { ...identity, harness: '0.1.0+def' }) ?? '',
      /another version of the harness/,
    );
    assert.match(departureFrom(identity, { ...identity, docs: 'other' }) ?? '', /serves other docs/);
    assert.equal(
      departureFrom(identity, { ...identity, options: { 'throttle-rate': 0.5 } }),
      'was started with other options (--throttle-rate 0.5)',
    );
  });
});
