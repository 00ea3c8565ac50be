/**
 * Throttling is not a doc failure: a target that answers every request with 429 (Retry-After) or 503 (none) for a few
 * seconds gets its requests retried, within the run's budget, until the examples pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPlaywright, WITH_PLAYWRIGHT_JSON } from './run-playwright.ts';
import { verdictRecordsOf } from './results-file.ts';
import { summary } from './tenant-artefacts.ts';
import { PHOTO_USER_ID, startFakeGraph } from './tenant-fakes.ts';

const TOKEN = 'tkn-throttle-93b1-SECRET';
const THROTTLE_MS = 3_000;

test('a target that throttles every request for a few seconds yields passing tests, not failures', async () => {
  const graph = await startFakeGraph({ accepts: (token) => token === TOKEN, throttleMs: THROTTLE_MS });
  try {
    const run = await runPlaywright(
      {
        TARGET_URL: graph.url,
        GRAPH_TOKEN: TOKEN,
        PARAM_usersId: PHOTO_USER_ID,
        ENV_FILE: '/dev/null',
        ...WITH_PLAYWRIGHT_JSON,
      },
      ['--grep-invert', '@probe'],
    );
    assert.equal(run.code, 0, summary(run));
    assert.match(run.output, /\b[2-9] passed/, summary(run));
    assert.doesNotMatch(run.output, /skipped|failed/, summary(run));
    const retried = verdictRecordsOf(run)
      .flatMap(({ record }) => record.exchanges)
      .filter((e) => e.response.retried.length > 0)
      .flatMap((e) => e.response.retried);
    assert.ok(retried.length >= 2, `the throttled answers are recorded with the exchanges\n${summary(run)}`);
    assert.ok(
      retried.some((r) => r.status === 429 && r.retryAfter === '1') && retried.some((r) => r.status === 503),
      'both 429 with Retry-After and 503 without were retried',
    );
  } finally {
    await graph.close();
  }
});
