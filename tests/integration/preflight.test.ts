/**
 * A newcomer's first hour, end to end: `npx playwright test` as a user runs it, with each setting wrong in one way.
 * Every failure stops the run before any test with one line naming the setting and the fix, exit 2, no stack trace;
 * the embedded mock is the run's own (fresh on a free port, or one already on MOCK_PORT that serves the same docs
 * with the same harness), never a stale or foreign server. The README's troubleshooting walk-through shows these lines.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harnessVersion } from '../../src/core/harness-version.ts';
import { docSetFingerprint } from '../../src/docs/docs-fingerprint.ts';
import { loadDocs } from '../../src/docs/load-docs.ts';
import { startMockTenant, type RunningMockTenant } from '../../src/mock-tenant/server.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { freePort, runPlaywright, type PlaywrightRun } from './run-playwright.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const TOKEN = 'tkn-preflight-3b7e-SECRET-c01d';
/** The seed page's example alone (its title and tags): the runs here are about what runs them, not the checks. */
const ONE_EXAMPLE = ['--grep', 'update_photos @PATCH'];

function summary(run: PlaywrightRun): string {
  return `exit ${String(run.code)}\n${run.output.slice(-3000)}`;
}

/** The run stopped before any test: exit 2 and exactly one line, `graph-conformance: <SETTING>: …`. */
function stoppedWith(run: PlaywrightRun, line: RegExp): void {
  assert.equal(run.code, 2, summary(run));
  const lines = run.output.trim().split('\n');
  assert.equal(lines.length, 1, `one line, not:\n${run.output}`);
  assert.match(lines[0] ?? '', /^graph-conformance: [A-Z_]+: /);
  assert.match(lines[0] ?? '', line);
  assert.ok(!run.output.includes(TOKEN), 'the token is in the output');
}

function folder(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-docs-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A mock tenant in this process, saying on /health that it serves `served` with this harness. */
async function mockServing(docs: string, port = 0): Promise<RunningMockTenant & { readonly requests: string[] }> {
  const { pages } = loadDocs([docs], ROOT);
  const requests: string[] = [];
  const tenant = await startMockTenant({
    pages,
    schemas: buildSchemaRegistry(pages),
    port,
    log: (line) => requests.push(line),
    serving: { harness: harnessVersion(), docs: () => docSetFingerprint(pages, ROOT), options: {} },
  });
  return Object.assign(tenant, { requests });
}

describe('the embedded mock is the run’s own', () => {
  test('unset MOCK_PORT: a fresh mock on a free port, and the run says so; a page with nothing to check is named', async () => {
    const docs = folder({ 'notes.md': '# Notes\n\nNothing to check here.\n' });
    copyFileSync(join(ROOT, 'fixtures/docs/update-photos.md'), join(docs, 'update-photos.md'));
    const run = await runPlaywright({ ENV_FILE: '/dev/null', DOCS: docs }, ONE_EXAMPLE);
    assert.equal(run.code, 0, summary(run));
    assert.match(
      run.output,
      /^graph-conformance: checking 1 page with requests \(of 2 pages read from DOCS=.*\) against the embedded mock tenant at http:\/\/127\.0\.0\.1:\d+ \(started for this run\)$/m,
    );
    assert.match(run.output, /^graph-conformance: 1 page in DOCS documents nothing to check .*notes\.md$/m);
  });

  test('a stale mock on MOCK_PORT, serving other docs, is refused: not one test blames the doc', async () => {
    const stale = await mockServing('fixtures/corpus/api-reference/v1.0/api/user-get.md');
    try {
      const run = await runPlaywright({ ENV_FILE: '/dev/null', MOCK_PORT: new URL(stale.url).port });
      stoppedWith(
        run,
        /^graph-conformance: MOCK_PORT: port \d+ is held by a graph-conformance mock that serves other docs .*; stop it, or leave MOCK_PORT unset/,
      );
      assert.deepEqual(
        stale.requests.filter((r) => !r.startsWith('GET /health ')),
        [],
        'the run sent nothing to it',
      );
    } finally {
      await stale.close();
    }
  });

  test('a mock from before /health said what it serves is refused too', async () => {
    const old = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', operations: 2 }));
    });
    await new Promise<void>((resolve) => old.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((old.address() as net.AddressInfo).port);
      const run = await runPlaywright({ ENV_FILE: '/dev/null', MOCK_PORT: port });
      stoppedWith(run, /^graph-conformance: MOCK_PORT: port \d+ is held by a graph-conformance mock too old to say/);
    } finally {
      await new Promise<void>((resolve) =>
        old.close(() => {
          resolve();
        }),
      );
    }
  });

  test('another program on MOCK_PORT is refused, naming MOCK_PORT and what to do', async () => {
    const foreign = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((foreign.address() as net.AddressInfo).port);
      const run = await runPlaywright({ ENV_FILE: '/dev/null', MOCK_PORT: port });
      stoppedWith(
        run,
        new RegExp(
          `^graph-conformance: MOCK_PORT: port ${port} on 127\\.0\\.0\\.1 is in use by another program .*; leave MOCK_PORT unset \\(the run then picks a free port\\) or set it to a free one$`,
        ),
      );
    } finally {
      await new Promise<void>((resolve) =>
        foreign.close(() => {
          resolve();
        }),
      );
    }
  });

  test('a mock on MOCK_PORT with the same harness, docs and options is reused, run after run', async () => {
    const same = await mockServing('fixtures/docs');
    try {
      const env = { ENV_FILE: '/dev/null', MOCK_PORT: new URL(same.url).port };
      for (const round of [1, 2]) {
        // The second run sees nothing the first one wrote: each run's tests have sessions of their own.
        const run = await runPlaywright(env, ONE_EXAMPLE);
        assert.equal(run.code, 0, `round ${String(round)}\n${summary(run)}`);
        assert.match(
          run.output,
          /against the embedded mock tenant at http:\/\/127\.0\.0\.1:\d+ \(already running with the same harness, docs and options: reused\)/,
        );
      }
      assert.ok(
        same.requests.some((r) => r.startsWith('PATCH /beta/me/photos ')),
        'the runs sent to it',
      );
    } finally {
      await same.close();
    }
  });
});

describe('TARGET_URL and its token', () => {
  test('no token: named before any request', async () => {
    const run = await runPlaywright({
      ENV_FILE: '/dev/null',
      TARGET_URL: `http://127.0.0.1:${String(await freePort())}`,
    });
    stoppedWith(
      run,
      /^graph-conformance: GRAPH_TOKEN: TARGET_URL is http:\/\/127\.0\.0\.1:\d+ but the run has no credentials; set GRAPH_TOKEN, or AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET/,
    );
  });

  test('nothing listening: TARGET_URL is named with what to check', async () => {
    const closed = await runPlaywright({
      ENV_FILE: '/dev/null',
      TARGET_URL: `http://127.0.0.1:${String(await freePort())}`,
      GRAPH_TOKEN: TOKEN,
    });
    stoppedWith(
      closed,
      /^graph-conformance: TARGET_URL: nothing listens at http:\/\/127\.0\.0\.1:\d+ \(connection refused\); check TARGET_URL and that the service is running$/,
    );
  });

  describe('a target that refuses the token', () => {
    let target: http.Server;
    let url = '';
    before(async () => {
      target = http.createServer((_req, res) => {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' },
          }),
        );
      });
      await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${String((target.address() as net.AddressInfo).port)}`;
    });
    after(
      () =>
        new Promise<void>((resolve) =>
          target.close(() => {
            resolve();
          }),
        ),
    );

    test('GRAPH_TOKEN is named, with what the target said and how to get a fresh one', async () => {
      const run = await runPlaywright({ ENV_FILE: '/dev/null', TARGET_URL: url, GRAPH_TOKEN: TOKEN });
      stoppedWith(
        run,
        /^graph-conformance: GRAPH_TOKEN: http:\/\/127\.0\.0\.1:\d+ refused the token \(401 InvalidAuthenticationToken: Access token has expired or is not yet valid\.\); get a fresh token/,
      );
    });
  });
});

describe('DOCS', () => {
  test('a folder that does not exist', async () => {
    stoppedWith(
      await runPlaywright({ ENV_FILE: '/dev/null', DOCS: '/nonexistent' }),
      /^graph-conformance: DOCS: \/nonexistent does not exist; give doc files or folders, comma-separated/,
    );
  });

  test('an empty folder', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gdc-empty-'));
    stoppedWith(
      await runPlaywright({ ENV_FILE: '/dev/null', DOCS: empty }),
      /^graph-conformance: DOCS: .* holds no markdown pages \(\.md\); point DOCS at Graph API reference pages/,
    );
  });

  test('a folder of junk pages: said to hold nothing to check, naming one', async () => {
    const junk = folder({ 'a.md': 'hello\n', 'b.md': '\u0000\u0001 not a page at all' });
    mkdirSync(join(junk, 'more'));
    stoppedWith(
      await runPlaywright({ ENV_FILE: '/dev/null', DOCS: junk }),
      /^graph-conformance: DOCS: none of the 2 pages in .* documents a request \(no "## HTTP request" section, no example\), e\.g\. .*a\.md: nothing to check/,
    );
  });
});

describe('listing', () => {
  test('pages that once gave repeated titles list every test and exit 0, with no target and no preflight', async () => {
    const run = await runPlaywright({ ENV_FILE: '/dev/null', DOCS: 'fixtures/titles/api-reference' }, ['--list']);
    assert.equal(run.code, 0, summary(run));
    const listed = run.output.split('\n').filter((line) => line.includes(' › '));
    const total = Number(/^Total: (\d+) tests? in \d+ files?$/m.exec(run.output)?.[1]);
    assert.equal(listed.length, total, run.output);
    assert.ok(total >= 40, run.output);
    assert.match(
      run.output,
      /identityprovider-update\.md › update_identityprovider › probe: clientId is String, sent true/,
    );
    assert.doesNotMatch(run.output, /graph-conformance: /, 'listing runs no preflight and starts no mock');
    // A listing has no verdicts: the last run's reports stay as they were.
    for (const report of ['reports', 'playwright-report'])
      assert.equal(existsSync(join(run.dir, report)), false, `--list wrote ${report}/`);
  });
});
