/**
 * Writes that never lose data: against a target that is not loopback, writes are not sent (not even resolved) unless
 * ALLOW_WRITES=1; with it, each entity is read first and restored after the test, also after a failing test, and a
 * restore that does not take fails the run loudly with what to fix by hand.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultsOf } from './results-file.ts';
import { runPlaywright, WITH_PLAYWRIGHT_JSON, type PlaywrightRun } from './run-playwright.ts';
import { attachmentsOf, specResults, summary } from './tenant-artefacts.ts';
import { reviewerReportTexts } from './html-report.ts';
import { networkTrap, NOT_LOOPBACK_NAME } from './network-trap.ts';
import {
  ORIGINAL_PHOTO,
  PHOTO_USER_ID,
  startFakeGraph,
  type FakeGraph,
  type FakeGraphOptions,
} from './tenant-fakes.ts';

const TOKEN = 'tkn-writes-5c1e-SECRET-77aa';

/** The product against the fake, writes allowed, the probes left out. */
function runWrites(graph: FakeGraph): Promise<PlaywrightRun> {
  return runPlaywright(
    {
      TARGET_URL: graph.url,
      GRAPH_TOKEN: TOKEN,
      PARAM_usersId: PHOTO_USER_ID,
      ALLOW_WRITES: '1',
      ENV_FILE: '/dev/null',
      ...WITH_PLAYWRIGHT_JSON,
    },
    ['--grep-invert', '@probe'],
  );
}

/** The fake's origin under a name that is not loopback (the trap points it here): the harness takes it for a tenant. */
function notLoopback(graph: FakeGraph): string {
  return `http://${NOT_LOOPBACK_NAME}:${new URL(graph.url).port}`;
}

async function withGraph<T>(
  options: Omit<FakeGraphOptions, 'accepts'>,
  use: (graph: FakeGraph) => Promise<T>,
): Promise<T> {
  const graph = await startFakeGraph({ ...options, accepts: (token) => token === TOKEN });
  try {
    return await use(graph);
  } finally {
    await graph.close();
  }
}

describe('a target that is not loopback', () => {
  test('gets no write: every PATCH test is skipped, saying how to allow writes; only the preflight reads', async () => {
    const network = networkTrap({ [NOT_LOOPBACK_NAME]: '127.0.0.1' });
    const { run, requests } = await withGraph({}, async (graph) => ({
      run: await runPlaywright({
        TARGET_URL: notLoopback(graph),
        GRAPH_TOKEN: TOKEN,
        ENV_FILE: '/dev/null',
        ...WITH_PLAYWRIGHT_JSON,
        ...network.env,
      }),
      requests: [...graph.requests],
    }));
    assert.equal(run.code, 0, summary(run));
    assert.match(run.output, /\d+ skipped/, summary(run));
    // The one test that runs is the discovery of placeholder values, which only reads.
    assert.doesNotMatch(run.output, /\d+ failed|[2-9]\d* passed|\d{2,} passed/, summary(run));
    assert.equal(requests[0], 'GET /v1.0/organization', 'the preflight read comes first');
    assert.deepEqual(
      requests.filter((r) => !r.startsWith('GET ')),
      [],
      `only reads reached the target (the preflight, the discovery of placeholder values)\n${requests.join('\n')}`,
    );
    assert.ok(
      network.lines().every((line) => !line.startsWith('blocked')),
      network.lines().join('\n'),
    );
    const report = JSON.parse(
      readFileSync(
        join(
          run.dir,
          existsSync(join(run.dir, 'reports/playwright.json')) ? 'reports/playwright.json' : 'reports/results.json',
        ),
        'utf8',
      ),
    ) as unknown;
    const skips = JSON.stringify(report).match(/"type":"skip","description":"[^"]*"/g) ?? [];
    assert.ok(skips.length >= 4, `every example and auth test is skipped with a reason: ${skips.join('\n')}`);
    for (const skip of skips)
      assert.match(skip, /PATCH changes graph\.invalid:\d+, which is not loopback: set ALLOW_WRITES=1/);
  });
});

describe('the write gate judges every request a test would send', () => {
  test('a read whose URL a write hands out is skipped before anything is sent, naming that write', async () => {
    // upload-fragment-resume is a GET, but to the URL a POST createUploadSession hands out.
    const network = networkTrap({ [NOT_LOOPBACK_NAME]: '127.0.0.1' });
    const { run, requests } = await withGraph({}, async (graph) => ({
      run: await runPlaywright(
        {
          TARGET_URL: notLoopback(graph),
          GRAPH_TOKEN: TOKEN,
          ENV_FILE: '/dev/null',
          DOCS: 'fixtures/corpus/api-reference/v1.0/api/driveitem-createuploadsession.md',
          PARAM_item_path: 'largefile.dat',
          ...WITH_PLAYWRIGHT_JSON,
          ...network.env,
        },
        ['--grep', 'upload-fragment'],
      ),
      requests: [...graph.requests],
    }));
    assert.deepEqual(
      requests.filter((r) => !r.startsWith('GET ')),
      [],
      `only reads reached the target (the preflight, the discovery of placeholder values)\n${summary(run)}`,
    );
    const resume = specResults(run)
      .get('driveitem-createuploadsession.md › upload-fragment-resume')
      ?.annotations.find((a) => a.type === 'skip')?.description;
    assert.match(
      resume ?? '(not skipped)',
      /^writes-not-allowed: first POST \/v1\.0\/me\/drive\/root:\/largefile\.dat:\/createUploadSession \("upload-fragment-create-session"\), whose answer hands out the URL: POST changes graph\.invalid:\d+, which is not loopback: set ALLOW_WRITES=1/,
      summary(run),
    );
  });
});

describe('with ALLOW_WRITES=1', () => {
  test('failing tests still have their entity read before and restored after; a restore that does not take fails the run loudly', async () => {
    // Both examples fail (the answer shows height as a string). /me takes its restore; /users/{id} ignores it.
    await withGraph({ answerWrongType: true, ignoresRestoreOn: 'users' }, async (graph) => {
      const run = await runWrites(graph);
      assert.notEqual(run.code, 0, summary(run));
      assert.match(run.output, /\/height/, `the doc failure is reported\n${summary(run)}`);

      assert.deepEqual(graph.photos.get('me'), { ...ORIGINAL_PHOTO }, '/me was not restored after its failing test');
      const me = graph.requests.filter((r) => r.endsWith(' /beta/me/photos'));
      assert.deepEqual(
        me,
        ['GET /beta/me/photos', 'PATCH /beta/me/photos', 'PATCH /beta/me/photos', 'GET /beta/me/photos'],
        'read, write, restore, check',
      );

      assert.notDeepEqual(
        graph.photos.get(`users/${PHOTO_USER_ID}`),
        { ...ORIGINAL_PHOTO },
        'the fake was to ignore this restore',
      );
      assert.match(run.output, /THE TENANT WAS LEFT CHANGED/, summary(run));
      const file = join(run.dir, 'reports/restore-failures.txt');
      assert.ok(existsSync(file), `no summary file\n${summary(run)}`);
      const text = readFileSync(file, 'utf8');
      assert.match(text, /^1 entity of the tenant could not be put back/, text);
      assert.match(
        text,
        new RegExp(`fix by hand: PATCH /beta/users/${PHOTO_USER_ID}/photos with \\{"height":240,"width":240\\}`),
        text,
      );
      assert.match(text, /shows height, width still changed/, text);
      assert.ok(!text.includes(TOKEN) && !run.output.includes(TOKEN), 'the token leaked into the summary');
      assert.ok(
        attachmentsOf(run).some((a) => a.name === 'sent request'),
        'the exchanges are still attached',
      );
    });
  });

  test('a restore that does not take fails the tests that wrote, with the original values, and the fixes by hand put them back in order', async () => {
    // /me and /users/{id} name one photo; the target drifts and ignores every restore. The second test to write reads
    // what the first left (an intermediate value): its fix must come first, the first test's (the original) last.
    await withGraph({ aliasedAndDrifting: true }, async (graph) => {
      const run = await runWrites(graph);
      assert.notEqual(run.code, 0, summary(run));
      const results = resultsOf(run);
      const writers = results.tests.filter(
        (t) => t.title.startsWith('update-photos.md › update_photos') && !/without/.test(t.title),
      );
      assert.equal(writers.length, 2, summary(run));
      for (const t of writers) {
        assert.equal(t.verdict, 'failed', `${t.title} wrote and could not undo it\n${summary(run)}`);
        assert.match(t.failure?.message ?? '', /the tenant was left changed/);
        // The target answered the undo and did not do it: its cause, with the rule and what to put back as data.
        assert.equal(t.cause, 'target', summary(run));
        assert.equal(t.rule, 'restore-failed', summary(run));
        assert.equal(t.unrestored?.length, 1, JSON.stringify(t, null, 2));
      }
      assert.ok(
        writers.some((t) => JSON.stringify(t.unrestored?.[0]?.original) === JSON.stringify(ORIGINAL_PHOTO)),
        `one test's record holds the original photo\n${JSON.stringify(writers, null, 2)}`,
      );
      assert.ok(results.counts.failed >= 2, 'results.json counts them');
      const original = JSON.stringify(ORIGINAL_PHOTO);
      assert.ok(
        writers.some((t) => t.failure?.message.includes(`with ${original}`)),
        `results.json holds the original values\n${JSON.stringify(writers, null, 2)}`,
      );
      const html = [...reviewerReportTexts(join(run.dir, 'reports/conformance')).values()].join('\n');
      assert.ok(
        html.includes(original.replace(/"/g, '&quot;')) || html.includes(original),
        'the reviewer report holds them',
      );

      // A person applies the list in its order.
      const text = readFileSync(join(run.dir, 'reports/restore-failures.txt'), 'utf8');
      const fixes = [...text.matchAll(/^\d+\. fix by hand: PATCH \S+ with (\{.*\})$/gm)].map(
        (m) => JSON.parse(m[1] ?? '{}') as { height: unknown; width: unknown },
      );
      assert.equal(fixes.length, 2, text);
      const photo = graph.photos.get('me');
      assert.ok(photo !== undefined);
      for (const fix of fixes) Object.assign(photo, fix);
      assert.deepEqual(
        { ...photo },
        { ...ORIGINAL_PHOTO },
        `applying the fixes in order leaves an intermediate value:\n${text}`,
      );
    });
  });
});
