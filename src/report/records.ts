/**
 * Collected tests → the records of the results file: verdicts, failure signatures, page findings.
 */
import type { GraphVersion } from '../core/http.ts';
import type { Severity } from '../core/finding.ts';
import type { CollectedTest } from './collected.ts';
import { failureSignature } from './failure.ts';
import type { FindingRecord, TestResultRecord, Verdict } from './results-model.ts';

const TITLE_SEPARATOR = ' › ';
/** The title of the test a doc file that cannot be used fails as (see tests/conformance/docs.spec.ts). */
export const UNUSABLE = 'cannot be used';

export function verdictOf(outcome: CollectedTest['outcome']): Verdict {
  switch (outcome) {
    case 'expected':
      return 'passed';
    case 'unexpected':
      return 'failed';
    case 'flaky':
      return 'flaky';
    case 'skipped':
      return 'skipped';
  }
}

/** `a.md › ex › PATCH /x` → page `a.md`, example `ex`, check `PATCH /x`. */
export function splitTitle(title: string): { page: string; example: string | null; check: string | null } {
  const [page = title, example, ...rest] = title.split(TITLE_SEPARATOR);
  if (example === UNUSABLE && rest.length === 0) return { page, example: null, check: null };
  return { page, example: example ?? null, check: rest.length > 0 ? rest.join(TITLE_SEPARATOR) : null };
}

function annotation(test: CollectedTest, type: string): string | undefined {
  return test.annotations.find((a) => a.type === type)?.description;
}

/** The doc file a test belongs to, as the run named it: from `documented at`, else from the title. */
export function pageFileOf(test: CollectedTest): string {
  const at = annotation(test, 'documented at');
  return at !== undefined ? at.replace(/:\d+$/, '') : splitTitle(test.title).page;
}

export function versionOf(tags: readonly string[]): GraphVersion | null {
  if (tags.includes('@beta')) return 'beta';
  if (tags.includes('@v1.0')) return 'v1.0';
  return null;
}

/** The failing step: the last top-level step with an error (a failed step ends the test). */
function failedStep(test: CollectedTest): { step: string | null; message: string } | null {
  const step = test.steps.findLast((s) => s.status === 'failed');
  const message = test.error ?? step?.error;
  if (message === null || message === undefined) return null;
  return { step: step?.title ?? null, message };
}

export function toRecord(test: CollectedTest): TestResultRecord {
  const { example, check } = splitTitle(test.title);
  const verdict = verdictOf(test.outcome);
  const failed = verdict === 'failed' ? failedStep(test) : null;
  return {
    title: test.title,
    page: pageFileOf(test),
    example,
    check,
    version: versionOf(test.tags),
    tags: [...test.tags],
    verdict,
    attempts: test.attempts,
    durationMs: Math.max(0, Math.round(test.durationMs)),
    documentedAt: annotation(test, 'documented at') ?? null,
    skipReason: verdict === 'skipped' ? (annotation(test, 'skip') ?? null) : null,
    failure:
      verdict !== 'failed'
        ? null
        : {
            step: failed?.step ?? null,
            signature: failureSignature(failed?.step ?? null, failed?.message ?? 'failed without a message'),
            message: (failed?.message ?? '').slice(0, 2000),
          },
  };
}

const FINDING = /^(.+:\d+): (error|warning) ([a-z][a-z0-9-]*): ([\s\S]*)$/;

/**
 * The page findings a test carries as `doc error` / `doc warning` annotations (`file:line: severity rule: message`).
 * A description in another shape is kept whole, under the rule `unparsed`, rather than dropped.
 */
export function findingsOf(test: CollectedTest): FindingRecord[] {
  return test.annotations
    .filter((a) => a.type === 'doc error' || a.type === 'doc warning')
    .map((a) => {
      const text = a.description ?? '';
      const match = FINDING.exec(text);
      if (!match?.[1] || !match[2] || !match[3] || match[4] === undefined) {
        const severity: Severity = a.type === 'doc error' ? 'error' : 'warning';
        return { rule: 'unparsed', severity, message: text, location: `${pageFileOf(test)}:1` };
      }
      return { rule: match[3], severity: match[2] as Severity, message: match[4], location: match[1] };
    });
}

/** A page's verdict: its worst test. */
export function pageVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('failed')) return 'failed';
  if (verdicts.includes('flaky')) return 'flaky';
  if (verdicts.includes('passed')) return 'passed';
  return 'skipped';
}

export function countVerdicts(verdicts: readonly Verdict[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { passed: 0, failed: 0, flaky: 0, skipped: 0 };
  for (const v of verdicts) counts[v]++;
  return counts;
}

export function uniqueFindings(findings: readonly FindingRecord[]): FindingRecord[] {
  const seen = new Map<string, FindingRecord>();
  for (const f of findings) seen.set(`${f.location}\u0000${f.rule}\u0000${f.message}`, f);
  return [...seen.values()].sort((a, b) => compareLocations(a.location, b.location) || a.rule.localeCompare(b.rule));
}

function compareLocations(a: string, b: string): number {
  const [fa = '', la = '0'] = a.split(/:(?=\d+$)/);
  const [fb = '', lb = '0'] = b.split(/:(?=\d+$)/);
  return fa.localeCompare(fb) || Number(la) - Number(lb);
}
