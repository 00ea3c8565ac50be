/**
 * The probes end to end: `playwright test` against the embedded mock (every probe passes), against targets that let
 * through one request the seed page's tables forbid (the run fails naming the probe), against one whose answers carry
 * undocumented properties (standard passes, strict fails), and against a target that is not loopback (no probe writes).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_USER_ID, startFakeTarget, type Fault } from './fake-target.ts';
import { jsonReportAttachments } from './html-report.ts';
import { networkTrap, NOT_LOOPBACK_NAME } from './network-trap.ts';
import { runPlaywright, WITH_PLAYWRIGHT_JSON, type PlaywrightRun } from './run-playwright.ts';
import { assertTargetFailures, resultsOf, verdictRecordsOf } from './results-file.ts';

const TOKEN = 'tkn-probe-5c2e-SECRET-91ad';
const PROBE = 'update-photos.md › update_photos › probe: ';
const PROBES_ONLY = ['--grep', '@probe'];

/** The check of a test's title, after its page and example: `probe: malformed JSON body`. */
function checkOf(title: string): string {
  return title.split(' › ').slice(2).join(' › ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function summary(run: PlaywrightRun): string {
  return `exit ${String(run.code)}\n${run.output.slice(-4000)}`;
}

async function runAgainst(
  fault: Fault | readonly Fault[],
  env: Readonly<Record<string, string>> = {},
  args: readonly string[] = PROBES_ONLY,
): Promise<PlaywrightRun> {
  const target = await startFakeTarget(fault);
  try {
    // The run's request budget is for real tenants; a local stub need not wait.
    return await runPlaywright(
      {
        TARGET_URL: target.url,
        GRAPH_TOKEN: TOKEN,
        PARAM_usersId: FAKE_USER_ID,
        ENV_FILE: '/dev/null',
        ...WITH_PLAYWRIGHT_JSON,
        REQUESTS_PER_SECOND: '1000',
        PROBE_SEED: '7',
        ...env,
      },
      args,
    );
  } finally {
    await target.close();
  }
}

interface ReportedTest {
  readonly title: string;
  readonly tags: readonly string[];
  readonly status: string;
  readonly annotations: readonly { readonly type: string; readonly description?: string }[];
}

/** Playwright's own JSON report of a run (config metadata, and each test with its tags, outcome and annotations). */
function playwrightReport(run: PlaywrightRun): { metadata: Record<string, unknown>; tests: ReportedTest[] } {
  const file = ['playwright.json', 'results.json']
    .map((name) => join(run.dir, 'reports', name))
    .find((path) => existsSync(path) && readFileSync(path, 'utf8').includes('"suites"'));
  assert.ok(file, `no Playwright JSON report in ${run.dir}/reports`);
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    config: { metadata: Record<string, unknown> };
    suites: unknown[];
  };
  const tests: ReportedTest[] = [];
  const walk = (suite: unknown): void => {
    const s = suite as {
      specs?: {
        title: string;
        tags: string[];
        tests: {
          status: string;
          annotations: ReportedTest['annotations'];
          results: { annotations?: ReportedTest['annotations'] }[];
        }[];
      }[];
      suites?: unknown[];
    };
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests)
        tests.push({
          title: spec.title,
          tags: spec.tags,
          status: t.status,
          annotations: [...t.annotations, ...t.results.flatMap((r) => r.annotations ?? [])],
        });
    }
    for (const child of s.suites ?? []) walk(child);
  };
  for (const suite of report.suites) walk(suite);
  return { metadata: report.config.metadata, tests };
}

describe('against the embedded mock tenant', () => {
  let run: PlaywrightRun;
  before(async () => {
    run = await runPlaywright({ ENV_FILE: '/dev/null', PROBE_SEED: '11', ...WITH_PLAYWRIGHT_JSON });
  });

  test('every probe passes, and the missing-Authorization check is one of them', () => {
    assert.equal(run.code, 0, summary(run));
    const probes = playwrightReport(run).tests.filter((t) => t.tags.includes('probe'));
    assert.ok(probes.length >= 12, `expected the seed page's probes\n${probes.map((t) => t.title).join('\n')}`);
    for (const t of probes) assert.equal(t.status, 'expected', `${t.title}: ${t.status}`);
    assert.ok(probes.some((t) => t.title.endsWith('without Authorization')));
    assert.ok(probes.some((t) => t.title === `${PROBE}height is Int32, sent 2147483648`));
    assert.ok(probes.some((t) => t.title === `${PROBE}generated valid bodies are accepted and come back`));
  });

  test("the strictness level and the probe seed are in the report: run metadata and each test's record", () => {
    const { metadata } = playwrightReport(run);
    assert.deepEqual(metadata, { ...metadata, strictness: 'standard', probeSeed: 11, probeRuns: 10 });
    const ran = verdictRecordsOf(run).filter(({ record }) => record.status !== 'skipped');
    assert.ok(ran.length > 0);
    for (const { test: title, record } of ran) assert.equal(record.strictness, 'standard', title);
  });
});

describe('against a target that accepts what the doc forbids', () => {
  // Each fault lets through requests of its own, so one target has them all and one run checks them all: every probe a
  // fault reaches fails on that fault, with the cause target, and no other test fails.
  const departures: readonly (readonly [Fault, RegExp, RegExp])[] = [
    [
      'accepts-int32-overflow',
      /^probe: (height|width) is Int32, sent (2147483648|-2147483649)$/,
      /is Int32 .*, so this request must be refused with 400; the target accepted it/,
    ],
    [
      'accepts-unknown-property',
      /^probe: unknown property "undocumentedProbeProperty"$/,
      /takes the properties of its table .*must be refused with 400; the target accepted it/,
    ],
    [
      'accepts-wrong-type',
      /^probe: (id is String|height is Int32|width is Int32), sent true$/,
      /must be refused with 400; the target accepted it with 200 OK/,
    ],
    [
      'accepts-text-plain',
      /^probe: body sent as text\/plain$/,
      /a JSON body .*must be refused with 415; the target accepted it/,
    ],
    [
      'accepts-malformed-json',
      /^probe: malformed JSON body$/,
      /a JSON body .*must be refused with 400; the target accepted it/,
    ],
    [
      'no-auth-check',
      /^PATCH \S+ without Authorization$/,
      /marks Authorization required .*without it the target answered 200/,
    ],
  ];
  let run: PlaywrightRun;
  before(async () => {
    run = await runAgainst(departures.map(([fault]) => fault));
  });

  test('the run fails, and every test that fails is a probe one of the faults reaches', () => {
    assert.notEqual(run.code, 0, summary(run));
    const failed = assertTargetFailures(run, summary(run)).tests.filter((t) => t.verdict === 'failed');
    for (const t of failed)
      assert.equal(
        departures.filter(([, title]) => title.test(checkOf(t.title))).length,
        1,
        `${t.title} failed, but no one fault reaches it: ${t.failure?.message ?? ''}`,
      );
  });

  for (const [fault, title, message] of departures) {
    test(`fails and names the probe, with the cause target: ${fault}`, () => {
      const reached = resultsOf(run).tests.filter((t) => title.test(checkOf(t.title)));
      assert.ok(reached.length > 0, `no test matches ${String(title)}\n${summary(run)}`);
      for (const t of reached) {
        assert.equal(t.verdict, 'failed', `${t.title} did not fail against "${fault}"`);
        assert.equal(t.cause, 'target', t.title);
        assert.match(t.failure?.message ?? '', message, t.title);
        assert.match(run.output, new RegExp(escapeRegExp(checkOf(t.title))), 'the console names the failing probe');
      }
    });
  }

  test('a target whose refusals carry no error body fails the probe that says refusals are Graph errors', async () => {
    const refusing = await runAgainst('refuses-without-error-body');
    assert.notEqual(refusing.code, 0, summary(refusing));
    assert.match(refusing.output, /body is Graph's error[\s\S]*does not carry Graph's error body/, summary(refusing));
    assertTargetFailures(refusing, summary(refusing));
  });

  test('a valid body that does not come back fails the replay with the shrunk body as a reproducer', async () => {
    const run = await runAgainst('drops-negative-height');
    assert.notEqual(run.code, 0, summary(run));
    assert.match(run.output, /probe: generated valid bodies are accepted and come back/);
    assert.match(
      run.output,
      /\{"@odata\.type":"#microsoft\.graph\.profilePhoto","height":-1\}\n\s*\/height is a number 0, but -1 was sent/,
      summary(run),
    );
    const reproducer = jsonReportAttachments(
      join(
        run.dir,
        'reports',
        existsSync(join(run.dir, 'reports/playwright.json')) ? 'playwright.json' : 'results.json',
      ),
    ).find((a) => a.name === 'reproducer');
    assert.ok(reproducer, 'a reproducer is attached');
    assert.match(reproducer.text, /# replay: PROBE_SEED=7 PROBE_RUNS=10 npx playwright test -g/);
    assert.match(
      reproducer.text,
      /PATCH http:\/\/127\.0\.0\.1:\d+\/beta\/me\/photos\nAuthorization: Bearer <redacted>/,
    );
    assert.ok(!reproducer.text.includes(TOKEN));
  });
});

describe('strictness against a target whose answers carry undocumented properties', () => {
  test('standard, the default, passes: the examples are truncated, so they allow undocumented properties', async () => {
    const run = await runAgainst('extra-properties', {}, []);
    assert.equal(run.code, 0, summary(run));
    assert.equal(playwrightReport(run).metadata.strictness, 'standard');
  });

  test('strict fails, naming the property, and the report says the run was strict', async () => {
    const run = await runAgainst('extra-properties', { STRICTNESS: 'strict' }, []);
    assert.notEqual(run.code, 0, summary(run));
    assert.match(run.output, /\/lastModifiedDateTime is not a documented property \(STRICTNESS=strict\)/, summary(run));
    assert.doesNotMatch(run.output, /\/@odata\.mediaEtag is not a documented property/);
    assert.equal(playwrightReport(run).metadata.strictness, 'strict');
    // Strict also reads the page's silence on null as OData's default, and fails on the refusal, saying so.
    const observed = resultsOf(run).tests.find((t) => t.title.endsWith('probe: null where the page is silent on it'));
    assert.equal(observed?.verdict, 'failed');
    assert.equal(observed.cause, 'observation');
    assert.match(observed.failure?.message ?? '', /STRICTNESS=strict reads a page silent on null/);
  });
});

describe('against a target that is not loopback', () => {
  test('no probe is sent without ALLOW_WRITES=1, and each says how to allow it', async () => {
    const received: string[] = [];
    const network = networkTrap({ [NOT_LOOPBACK_NAME]: '127.0.0.1' });
    const target = await startFakeTarget('drops-negative-height', (r) => received.push(`${r.method} ${r.url}`));
    let run: PlaywrightRun;
    try {
      run = await runPlaywright(
        {
          TARGET_URL: `http://${NOT_LOOPBACK_NAME}:${new URL(target.url).port}`,
          GRAPH_TOKEN: TOKEN,
          ENV_FILE: '/dev/null',
          ...WITH_PLAYWRIGHT_JSON,
          ...network.env,
        },
        ['tests/conformance/probes/'],
      );
    } finally {
      await target.close();
    }
    assert.equal(run.code, 0, summary(run));
    // Reads only: the preflight, the service metadata of the pages' version (once, before the DocSet is built), and
    // the setup project's listing of the collection a placeholder belongs to.
    assert.deepEqual(
      received,
      ['GET /v1.0/organization?$select=id', 'GET /beta/$metadata', 'GET /beta/users'],
      'no probe was sent: only the preflight read, the metadata read and the discovery of {usersId}',
    );
    assert.ok(
      network.lines().every((line) => !line.startsWith('blocked')),
      network.lines().join('\n'),
    );
    const probes = playwrightReport(run).tests.filter((t) => t.tags.includes('probe'));
    assert.ok(probes.length >= 11);
    for (const t of probes) {
      assert.equal(t.status, 'skipped', t.title);
      assert.ok(
        t.annotations.some((a) => a.type === 'skip' && /set ALLOW_WRITES=1/.test(a.description ?? '')),
        `${t.title}: ${JSON.stringify(t.annotations)}`,
      );
    }
  });
});
