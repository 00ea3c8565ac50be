/**
 * The product end to end: `playwright test` against the embedded mock tenant, against a faithful server for the seed
 * page (tests/integration/fake-target.ts), and against variants of it that depart from the page in one way each. A
 * departure must fail the run, be named in its output, and be the target's in the results file (cause `target`); a
 * faithful target (also throttling once) must pass, the probes included. (One with extra properties, which a truncated
 * example allows, passes at the default strictness: tests/integration/probes-runs.test.ts.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { embeddedReportFiles, jsonReportAttachments } from './html-report.ts';
import { FAKE_USER_ID, startFakeTarget, type Fault, type FakeTarget } from './fake-target.ts';
import { runPlaywright, WITH_PLAYWRIGHT_JSON, type PlaywrightRun } from './run-playwright.ts';
import { assertTargetFailures, resultsOf, verdictRecordsOf } from './results-file.ts';

const TOKEN = 'tkn-7f3a9c1e-SECRET-b2d4';

function summary(run: PlaywrightRun): string {
  return `exit ${String(run.code)}\n${run.output.slice(-4000)}`;
}

function tenantEnv(target: FakeTarget): Record<string, string> {
  return { TARGET_URL: target.url, GRAPH_TOKEN: TOKEN, PARAM_usersId: FAKE_USER_ID, ENV_FILE: '/dev/null' };
}

async function runAgainst(fault: Fault): Promise<PlaywrightRun> {
  const target = await startFakeTarget(fault);
  try {
    return await runPlaywright({ ...tenantEnv(target), ...WITH_PLAYWRIGHT_JSON });
  } finally {
    await target.close();
  }
}

describe('against the embedded mock tenant', () => {
  let run: PlaywrightRun;
  before(async () => {
    run = await runPlaywright({ ENV_FILE: '/dev/null', ...WITH_PLAYWRIGHT_JSON });
  });

  test('every seed test passes', () => {
    assert.equal(run.code, 0, summary(run));
    const passed = Number(/(\d+) passed/.exec(run.output)?.[1] ?? 0);
    assert.ok(passed >= 4, `expected at least 4 passing tests for the seed page\n${summary(run)}`);
  });

  test('the HTML report holds one test per case, each with its verdict record (the exchanges of a pass)', () => {
    const embedded = [...embeddedReportFiles(join(run.dir, 'playwright-report/index.html')).values()].join('\n');
    assert.match(embedded, /update-photos\.md › update_photos/);
    assert.match(embedded, /verdict record/);
    assert.match(embedded, /Bearer <redacted>/);
  });

  test('writes the HTML, JUnit and JSON reports', () => {
    for (const file of [
      'playwright-report/index.html',
      'reports/junit.xml',
      'reports/playwright.json',
      'reports/results.json',
      'reports/conformance/index.html',
    ]) {
      assert.ok(existsSync(join(run.dir, file)), `${file} was not written`);
    }
    const junit = readFileSync(join(run.dir, 'reports/junit.xml'), 'utf8');
    assert.match(junit, /update-photos\.md › update_photos/);
  });

  test('a passed example keeps its documented and actual exchanges in its verdict record alone', () => {
    const attachments = jsonReportAttachments(join(run.dir, 'reports/playwright.json'));
    const example = attachments.filter((a) => a.test === 'update-photos.md › update_photos');
    assert.deepEqual(
      example.map((a) => a.name),
      ['verdict record'],
    );
    const record = verdictRecordsOf(run).find((r) => r.test === 'update-photos.md › update_photos')?.record;
    assert.equal(record?.status, 'passed');
    assert.equal(record.documented?.request.method, 'PATCH');
    assert.equal(record.documented.response?.status, 200);
    const sent = record.exchanges.at(-1)?.request;
    assert.equal(sent?.headers.Authorization, 'Bearer <redacted>');
    assert.equal(sent.url, `http://127.0.0.1:${run.mockPort}/beta/me/photos`);
  });
});

describe('against a faithful tenant', () => {
  test('the whole suite passes, generated probes included; the page is silent on null, so null is an observation', async () => {
    const run = await runAgainst('none');
    assert.equal(run.code, 0, summary(run));
    const results = resultsOf(run);
    assert.equal(results.counts.failed, 0, summary(run));
    assert.ok(
      results.tests.some(
        (t) => t.title.endsWith('probe: generated valid bodies are accepted and come back') && t.verdict === 'passed',
      ),
    );
    const observed = results.tests.find((t) => t.observations.length > 0);
    assert.deepEqual(
      observed?.observations.map((o) => [o.subject, o.outcome]),
      [
        ['height', 'refused'],
        ['width', 'refused'],
      ],
    );
  });

  test('passes when the target throttles once with 429 and Retry-After', async () => {
    const run = await runAgainst('throttle-once');
    assert.equal(run.code, 0, summary(run));
    const responses = verdictRecordsOf(run).flatMap(({ record }) => record.exchanges.map((e) => e.response));
    assert.ok(responses.length >= 2, 'every replayed example records its actual response');
    assert.ok(
      responses.some((r) => r.retried[0]?.status === 429 && r.retried[0].retryAfter === '1'),
      'the retried 429 is recorded in the exchange of the verdict record',
    );
  });
});

describe('against a tenant that departs from the doc', () => {
  const departures: readonly (readonly [Fault, RegExp])[] = [
    ['wrong-status', /status is 200[\s\S]*201/],
    ['height-as-string', /\/height/],
    ['missing-width', /\/width[\s\S]*missing/],
    ['not-updated', /sent values come back[\s\S]*\/height/],
    ['not-json', /Content-Type is JSON/],
    ['json-not-labelled', /Content-Type is JSON/],
    ['no-auth-check', /without Authorization[\s\S]*401/],
    ['users-path-404', /PATCH \/users\/\{usersId\}\/photos[\s\S]*404/],
    ['wrong-odata-type', /@odata\.type[\s\S]*microsoft\.graph\.user/],
  ];
  for (const [fault, named] of departures) {
    test(`fails and names it, with the cause target: ${fault}`, async () => {
      const run = await runAgainst(fault);
      assert.notEqual(run.code, 0, `the run passed against "${fault}"\n${summary(run)}`);
      assert.match(run.output, named, summary(run));
      const failed = assertTargetFailures(run, summary(run)).tests.filter((t) => t.verdict === 'failed');
      // A test that did not pass carries its exchanges readable, for the person who opens it.
      const attached = jsonReportAttachments(join(run.dir, 'reports/playwright.json'));
      for (const t of failed)
        for (const name of ['sent request', 'actual response'])
          assert.ok(
            attached.some((a) => a.test === t.title && a.name === name),
            `${t.title} failed without its ${name} attached`,
          );
    });
  }
});

describe('secrets', () => {
  const runs: PlaywrightRun[] = [];
  before(async () => {
    // A target that echoes the Authorization header into its body. (A target that is not there stops the run before
    // any test, with one line and no token: tests/integration/preflight.test.ts.)
    runs.push(await runAgainst('echo-token'));
  });

  test('the token is in no report, attachment, result file or console output', () => {
    for (const run of runs) {
      assert.ok(!run.output.includes(TOKEN), `console output holds the token\n${summary(run)}`);
      for (const file of filesBelow(run.dir)) {
        assert.ok(!readFileSync(file).includes(TOKEN), `${file} holds the token`);
        const base64 = Buffer.from(TOKEN).toString('base64').slice(0, 16);
        assert.ok(!readFileSync(file, 'latin1').includes(base64), `${file} holds the token base64-encoded`);
      }
      const embedded = embeddedReportFiles(join(run.dir, 'playwright-report/index.html'));
      assert.ok(embedded.size > 0, 'the HTML report embeds no data to check');
      for (const [name, text] of embedded)
        assert.ok(!text.includes(TOKEN), `the HTML report's ${name} holds the token`);
    }
  });

  after(() => undefined);
});

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile());
}
