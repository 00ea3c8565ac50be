/**
 * Playwright's reporter objects → `CollectedTest`. The only module of the report that knows Playwright's reporter API.
 */
import type { TestCase, TestResult, TestStep } from '@playwright/test/reporter';
import type { CollectedAttachment, CollectedStep, CollectedTest } from './collected.ts';
import { stripAnsi } from './failure.ts';

export function collectTest(test: TestCase): CollectedTest {
  const last: TestResult | undefined = test.results.at(-1);
  const skip = test.annotations.filter((a) => a.type === 'skip');
  return {
    title: test.title,
    tags: [...test.tags],
    annotations: [
      ...test.annotations.filter((a) => a.type !== 'skip'),
      ...(last?.annotations.filter((a) => a.type === 'skip') ?? skip),
    ].map((a) => (a.description === undefined ? { type: a.type } : { type: a.type, description: a.description })),
    outcome: test.outcome(),
    attempts: test.results.length,
    durationMs: last?.duration ?? 0,
    error:
      last?.error?.message !== undefined
        ? stripAnsi(last.error.message)
        : last?.error?.value !== undefined
          ? stripAnsi(last.error.value)
          : null,
    steps: (last?.steps ?? []).filter((s) => s.category === 'test.step').map(collectStep),
    attachments: (last?.attachments ?? []).flatMap(collectAttachment),
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

/** Body attachments only: the harness attaches exchanges by body; a path attachment (a screenshot) is not ours. */
function collectAttachment(a: TestResult['attachments'][number]): CollectedAttachment[] {
  return a.body === undefined ? [] : [{ name: a.name, contentType: a.contentType, text: a.body.toString('utf8') }];
}
