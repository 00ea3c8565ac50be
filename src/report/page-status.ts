/**
 * One status per doc page that says what a reviewer should do with it, derived from its tests and its findings split by
 * cause. A page's worst test alone cannot say it: a page whose tests pass may still carry an error-level finding, and a
 * page none of whose tests ran was not checked at all. Pure: the report ranks and shows what this returns.
 */
import { CAUSES, type Cause } from '../core/rules.ts';
import type { FindingRecord, TestResultRecord } from './results-model.ts';

/**
 * Worst first, the order of the report's first screen:
 * - `needs-fixing`: the page contradicts itself (a test failed with the cause `doc`) or lint reports an error on it;
 * - `service-departs`: the service contradicts a consistent page (the cause `target`, or `observation` at strict);
 * - `harness-error`: a test failed for a reason of ours, so the page could not be judged there;
 * - `not-checked`: no test of the page ran to a verdict (each skip says why);
 * - `passed-with-warnings`: every test that ran passed, and the page has warnings;
 * - `passed`: every test that ran passed and the page has no finding.
 */
export const PAGE_STATUSES = [
  'needs-fixing',
  'service-departs',
  'harness-error',
  'not-checked',
  'passed-with-warnings',
  'passed',
] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

/** How each status reads on the first screen. */
export const PAGE_STATUS_LABEL: Readonly<Record<PageStatus, string>> = {
  'needs-fixing': 'page needs fixing',
  'service-departs': 'service departs from the page',
  'harness-error': 'harness error',
  'not-checked': 'could not check',
  'passed-with-warnings': 'passed with warnings',
  passed: 'passed',
};

export interface SkipCount {
  readonly rule: string;
  readonly count: number;
  /** One reason of that rule, in words (reasons of one rule differ only in the placeholder or header they name). */
  readonly reason: string;
}

export interface PageAssessment {
  readonly status: PageStatus;
  /** Failed or flaky tests by cause. */
  readonly failed: Readonly<Record<Cause, number>>;
  readonly passed: number;
  readonly skipped: number;
  /** Skips by rule, most frequent first. */
  readonly skips: readonly SkipCount[];
  readonly errors: number;
  readonly warnings: number;
  /** Findings by rule, for the counts per rule. */
  readonly rules: Readonly<Record<string, number>>;
}

export function assessPage(
  tests: readonly Pick<TestResultRecord, 'verdict' | 'cause' | 'skip'>[],
  findings: readonly Pick<FindingRecord, 'rule' | 'severity'>[],
): PageAssessment {
  const failed = Object.fromEntries(CAUSES.map((c) => [c, 0])) as Record<Cause, number>;
  const skips = new Map<string, { count: number; reason: string }>();
  let passed = 0;
  let skipped = 0;
  for (const t of tests) {
    if (t.verdict === 'passed') passed++;
    else if (t.verdict === 'skipped') {
      skipped++;
      const rule = t.skip?.rule ?? 'not-run';
      const entry = skips.get(rule);
      if (entry) entry.count++;
      else skips.set(rule, { count: 1, reason: t.skip?.reason ?? 'the test did not run' });
    } else failed[t.cause ?? 'harness']++;
  }
  const rules: Record<string, number> = {};
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    rules[f.rule] = (rules[f.rule] ?? 0) + 1;
    if (f.severity === 'error') errors++;
    else warnings++;
  }
  const status: PageStatus =
    failed.doc > 0 || errors > 0
      ? 'needs-fixing'
      : failed.target > 0 || failed.observation > 0
        ? 'service-departs'
        : failed.harness > 0
          ? 'harness-error'
          : passed === 0
            ? 'not-checked'
            : warnings > 0
              ? 'passed-with-warnings'
              : 'passed';
  return {
    status,
    failed,
    passed,
    skipped,
    skips: [...skips]
      .map(([rule, { count, reason }]) => ({ rule, count, reason }))
      .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule)),
    errors,
    warnings,
    rules,
  };
}

/**
 * The first screen's order: by status, then the pages with most to act on (failed tests, then errors, then
 * warnings), then by path, so equal pages keep a stable order.
 */
export function byWhatToDo(a: RankedPage, b: RankedPage): number {
  const weight = (p: PageAssessment): number =>
    p.failed.doc + p.failed.target + p.failed.observation + p.failed.harness;
  return (
    PAGE_STATUSES.indexOf(a.assessment.status) - PAGE_STATUSES.indexOf(b.assessment.status) ||
    weight(b.assessment) - weight(a.assessment) ||
    b.assessment.errors - a.assessment.errors ||
    b.assessment.warnings - a.assessment.warnings ||
    a.path.localeCompare(b.path)
  );
}

export interface RankedPage {
  readonly path: string;
  readonly assessment: PageAssessment;
}
