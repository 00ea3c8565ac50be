/**
 * The results file of a run (`reports/results.json`), validated against its published schema, and each test's verdict
 * record (what it sent and received, also when it passed), for assertions.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readVerdictRecord, VERDICT_ATTACHMENT, type VerdictRecord } from '../../src/core/verdict.ts';
import { readResults } from '../../src/report/read-results.ts';
import type { RunResults } from '../../src/report/results-model.ts';
import { jsonReportAttachments } from './html-report.ts';
import type { PlaywrightRun } from './run-playwright.ts';

export function resultsOf(run: PlaywrightRun): RunResults {
  return readResults(join(run.dir, 'reports', 'results.json'));
}

/**
 * Every test's verdict record, by title, read as the reporters read it (a record of an unknown format fails the
 * assertion). A passed test's exchanges are here only: the readable ones are attached to tests that did not pass.
 */
export function verdictRecordsOf(run: PlaywrightRun): { readonly test: string; readonly record: VerdictRecord }[] {
  return jsonReportAttachments(join(run.dir, 'reports', 'playwright.json'))
    .filter((a) => a.name === VERDICT_ATTACHMENT.name)
    .map((a) => {
      const record = readVerdictRecord(a.text);
      assert.ok(record, `${a.test}: its verdict record is not one the reporters read`);
      return { test: a.test, record };
    });
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
