/**
 * Writes that never lose data: against a target that is not loopback, writes are not sent (not even resolved) unless
 * ALLOW_WRITES=1; with it, each entity is read first and restored after the test, also after a failing test, and a
 * restore that does not take fails the run loudly with what to fix by hand.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { networkRecorder, NOT_LOOPBACK_HOST } from './network-recorder.ts';
import { runPlaywright } from './run-playwright.ts';
import { attachmentsOf, summary } from './tenant-artefacts.ts';
import {
  ORIGINAL_PHOTO,
  PHOTO_USER_ID,
  startFakeGraph,
  type FakeGraph,
  type FakeGraphOptions,
} from './tenant-fakes.ts';

const TOKEN = 'tkn-writes-5c1e-SECRET-77aa';

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
    const network = networkRecorder();
    const run = await withGraph({}, async (graph) =>
      runPlaywright({
        TARGET_URL: `http://${NOT_LOOPBACK_HOST}:${new URL(graph.url).port}`,
        GRAPH_TOKEN: TOKEN,
        ENV_FILE: '/dev/null',
        ...network.env,
      }),
    );
    assert.equal(run.code, 0, summary(run));
    assert.match(run.output, /\d+ skipped/, summary(run));
    assert.doesNotMatch(run.output, /\d+ (passed|failed)/, summary(run));
    const port = /graph\.invalid:(\d+)/.exec(run.output)?.[1] ?? '';
    assert.deepEqual(
      network.log().trim().split('\n'),
      [`fetch GET http://graph.invalid:${port}/v1.0/organization?$select=id`, 'dns graph.invalid'],
      'the preflight reads once; no write is sent and no path is resolved',
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

describe('with ALLOW_WRITES=1', () => {
  test('failing tests still have their entity read before and restored after; a restore that does not take fails the run loudly', async () => {
    // Both examples fail (the answer shows height as a string). /me takes its restore; /users/{id} ignores it.
    await withGraph({ answerWrongType: true, ignoresRestoreOn: 'users' }, async (graph) => {
      const run = await runPlaywright(
        {
          TARGET_URL: graph.url,
          GRAPH_TOKEN: TOKEN,
          PARAM_usersId: PHOTO_USER_ID,
          ALLOW_WRITES: '1',
          ENV_FILE: '/dev/null',
        },
        ['--grep-invert', '@probe'],
      );
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
      assert.match(text, /^1 change to the tenant could not be undone/, text);
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
});
