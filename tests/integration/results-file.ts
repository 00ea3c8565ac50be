/** The results file of a run (`reports/results.json`), validated against its published schema, for assertions. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readResults } from '../../src/report/read-results.ts';
import type { RunResults } from '../../src/report/results-model.ts';
import type { PlaywrightRun } from './run-playwright.ts';

export function resultsOf(run: PlaywrightRun): RunResults {
  return readResults(join(run.dir, 'reports', 'results.json'));
}

/** At least one test failed, and every one that did failed with the cause `target`: the target departed, no one else. */
export function assertTargetFailures(run: PlaywrightRun, context: string): RunResults {
  const results = resultsOf(run);
  const failed = results.tests.filter((t) => t.verdict === 'failed' || t.verdict === 'flaky');
  assert.ok(failed.length > 0, `no test failed\n${context}`);
  for (const t of failed)
    assert.equal(
      t.cause,
      'target',
      `${t.title} failed with the cause ${String(t.cause)}: ${t.failure?.message ?? ''}\n${context}`,
    );
  assert.equal(results.counts.byCause.target, failed.length);
  return results;
}
