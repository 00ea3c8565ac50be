/**
 * Playwright's reporter objects → `CollectedTest`. The only module of the report that knows Playwright's reporter API.
 */
import type { TestCase, TestResult, TestStep } from '@playwright/test/reporter';
import { readVerdictRecord, VERDICT_ATTACHMENT, type VerdictRecord } from '../core/verdict.ts';
import type { CollectedStep, CollectedTest } from './collected.ts';
import { stripAnsi } from './strip-ansi.ts';

export function collectTest(test: TestCase): CollectedTest {
  const last: TestResult | undefined = test.results.at(-1);
  const failed = test.results.findLast((r) => r.status !== 'passed' && r.status !== 'skipped');
  const annotation = (type: string): string | null =>
    test.annotations.find((a) => a.type === type)?.description ?? null;
  const error = last?.error?.message ?? last?.error?.value;
  const documentedAt = annotation('documented at');
  return {
    title: test.title,
    tags: [...test.tags],
    // `file:line`: the file is the page.
    page: documentedAt?.replace(/:\d+$/, '') ?? null,
    documentedAt,
    outcome: test.outcome(),
    expectedStatus: test.expectedStatus,
    attempts: test.results.length,
    durationMs: last?.duration ?? 0,
    steps: (last?.steps ?? []).filter((s) => s.category === 'test.step').map(collectStep),
    record: last === undefined ? null : recordOf(last),
    failedRecord: failed === undefined ? null : recordOf(failed),
    error: error === undefined ? null : stripAnsi(error),
  };
}

function collectStep(step: TestStep): CollectedStep {
  const skipped = step.annotations.some((a) => a.type === 'skip');
  const error = step.error?.message ?? step.error?.value;
  return {
    title: step.title,
    status: error !== undefined ? 'failed' : skipped ? 'skipped' : 'passed',
    durationMs: step.duration,
    error: error === undefined ? null : stripAnsi(error),
  };
}

/** The verdict record a test attached (see `src/core/verdict.ts`). */
function recordOf(result: TestResult): VerdictRecord | null {
  const attachment = result.attachments.find(
    (a) => a.name === VERDICT_ATTACHMENT.name && a.contentType === VERDICT_ATTACHMENT.contentType,
  );
  return attachment?.body === undefined ? null : (readVerdictRecord(attachment.body.toString('utf8')) ?? null);
}
