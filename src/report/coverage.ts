/**
 * Coverage: each operation a page documents (`## HTTP request`) × whether the run exercised it, and why not. A test
 * exercises the operation its record names (the run knows it from the case: the other documented path, the path
 * checked without Authorization, or the documented path the example's request matches).
 */
import type { ReportPage } from './report-docs.ts';
import type { OperationCoverage, TestResultRecord } from './results-model.ts';

export function pageCoverage(page: ReportPage, tests: readonly TestResultRecord[]): OperationCoverage[] {
  const byOperation = new Map<string, TestResultRecord[]>();
  for (const test of tests) {
    const operation = test.operation;
    if (operation === null) continue;
    byOperation.set(operation, [...(byOperation.get(operation) ?? []), test]);
  }
  const unusable = tests.some((t) => t.example === null && t.verdict === 'failed');
  return page.httpRequests.map((template) => {
    const operation = `${template.method} ${template.path}`;
    const ran = byOperation.get(operation) ?? [];
    if (ran.some((t) => t.verdict !== 'skipped')) return { operation, exercised: true, reason: null };
    return { operation, exercised: false, reason: whyNot(ran, page, template.method, unusable) };
  });
}

function whyNot(ran: readonly TestResultRecord[], page: ReportPage, method: string, unusable: boolean): string {
  const reasons = [...new Set(ran.map((t) => (t.skip === null ? 'skipped' : `${t.skip.rule}: ${t.skip.reason}`)))];
  if (reasons.length > 0) return `skipped: ${reasons.join('; ')}`;
  if (unusable) return 'the page cannot be used';
  if (!page.examples.some((e) => e.request.method === method)) return `no ${method} example on the page`;
  if (!page.examples.some((e) => e.request.method === method && e.response))
    return `the ${method} example has no documented response`;
  return 'no test in this run (filtered out or sharded elsewhere)';
}
