/**
 * The harness agrees with itself: the embedded mock is built from the same pages as the tests, so a run against it
 * never ends with the cause `target` or `harness`, every skip names a rule, and every `doc` cause is a finding lint
 * reports offline (same rule, same place). Pure: a run's results and the lint report of the same docs in, the
 * violations out.
 */
import type { LintReport } from '../lint/model.ts';
import type { RunResults, TestResultRecord } from './results-model.ts';

export interface Violation {
  readonly title: string;
  /** What is wrong, in a sentence. */
  readonly problem: string;
}

export interface SelfCheck {
  readonly counts: RunResults['counts'];
  readonly lintFindings: number;
  readonly violations: readonly Violation[];
}

export function selfCheck(results: RunResults, lint: LintReport): SelfCheck {
  const linted = new PlaceIndex(lint.findings.map((f) => [f.rule, `${f.file}:${String(f.line)}`]));
  const lintedOnPage = new PlaceIndex(lint.findings.map((f) => [f.rule, f.file]));
  const violations: Violation[] = [];
  if (results.run.target.kind !== 'mock')
    violations.push({ title: '(run)', problem: `the run checked ${results.run.target.origin}, not the embedded mock` });
  for (const test of results.tests) violations.push(...violationsOf(test, linted, lintedOnPage));
  return { counts: results.counts, lintFindings: lint.findings.length, violations };
}

function violationsOf(test: TestResultRecord, linted: PlaceIndex, lintedOnPage: PlaceIndex): Violation[] {
  const out: Violation[] = [];
  const { title } = test;
  if (test.cause === 'target' || test.cause === 'harness')
    out.push({
      title,
      problem: `failed with the cause ${test.cause} (${test.rule ?? 'no rule'}) against the mock built from its own page: ${firstLine(test.failure?.message ?? '')}`,
    });
  if (test.verdict === 'skipped' && (test.skip === null || test.skip.rule === 'not-run'))
    out.push({ title, problem: `skipped without a rule of the harness: ${test.skip?.reason ?? '(no reason)'}` });
  for (const d of test.departures) {
    if (d.cause !== 'doc') continue;
    const f = d.finding;
    if (f === null) {
      out.push({ title, problem: `a doc cause (${d.rule}) names no finding` });
      continue;
    }
    if (!linted.has(f.rule, f.location) && !lintedOnPage.has(f.rule, test.page))
      out.push({
        title,
        problem: `a doc cause (${f.rule} at ${f.location}) that graph-conformance lint does not report for the page`,
      });
  }
  return out;
}

/**
 * Where lint reported each rule. Lint names files as it was given them (absolute, here); the results file names them
 * as the docs repository does (`api-reference/v1.0/api/user-get.md:42`): a place matches a lint place it ends.
 */
class PlaceIndex {
  readonly #byRule = new Map<string, string[]>();

  constructor(entries: readonly (readonly [string, string])[]) {
    for (const [rule, place] of entries) this.#byRule.set(rule, [...(this.#byRule.get(rule) ?? []), normal(place)]);
  }

  has(rule: string, place: string): boolean {
    const wanted = normal(place);
    return (this.#byRule.get(rule) ?? []).some((known) => known === wanted || known.endsWith(`/${wanted}`));
  }
}

function normal(place: string): string {
  return place.split('\\').join('/');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

export function formatSelfCheck(check: SelfCheck, docs: readonly string[]): string {
  const c = check.counts;
  const lines = [
    `self-check of ${docs.join(', ')} against the embedded mock:`,
    `  tests: ${String(c.passed)} passed, ${String(c.failed)} failed, ${String(c.flaky)} flaky, ${String(c.skipped)} skipped`,
    `  failures by cause: target ${String(c.byCause.target)}, doc ${String(c.byCause.doc)}, observation ${String(c.byCause.observation)}, harness ${String(c.byCause.harness)}; ${String(c.observed)} tests observed something`,
    `  lint: ${String(check.lintFindings)} findings`,
    check.violations.length === 0
      ? 'the harness agrees with itself: no target or harness cause, every skip has a rule, every doc cause is a lint finding'
      : `${String(check.violations.length)} violations:`,
    ...check.violations.map((v) => `  ${v.title}: ${v.problem}`),
  ];
  return `${lines.join('\n')}\n`;
}
