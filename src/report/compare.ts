/**
 * Baseline versus current run, by stable test title: what newly broke, what is still broken, what got fixed, what only
 * passed on a retry, and what no longer runs. The nightly run's exit code comes from here, not from Playwright's.
 */
import type { Cause } from '../core/rules.ts';
import { causeFailsRun } from '../core/verdict.ts';
import type { RunResults, Verdict } from './results-model.ts';

export const BUCKETS = ['new failure', 'still failing', 'fixed', 'flaky', 'newly skipped'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface BucketEntry {
  readonly title: string;
  /** The baseline's verdict, or null for a test the baseline did not have. */
  readonly was: Verdict | null;
  readonly now: Verdict;
  readonly signature: string | null;
  /** Why it fails now (or failed, when fixed): `target`, `doc`, `observation` or `harness`. */
  readonly cause: Cause | null;
  /** For `still failing`: the failure changed its signature (it breaks differently now). */
  readonly changed: boolean;
}

export interface Comparison {
  readonly baseline: { readonly startedAt: string; readonly target: string };
  readonly current: { readonly startedAt: string; readonly target: string };
  readonly buckets: Readonly<Record<Bucket, readonly BucketEntry[]>>;
  /** Tests of the baseline that the current run does not have (renamed or removed examples). */
  readonly gone: readonly string[];
}

/** `new`: only new failures fail the run; `any`: every failing test does; `never`: report only. */
export type FailOn = 'new' | 'any' | 'never';

export function compareRuns(baseline: RunResults, current: RunResults): Comparison {
  const before = new Map(baseline.tests.map((t) => [t.title, t]));
  const buckets: Record<Bucket, BucketEntry[]> = {
    'new failure': [],
    'still failing': [],
    fixed: [],
    flaky: [],
    'newly skipped': [],
  };
  for (const test of current.tests) {
    const was = before.get(test.title);
    const bucket = bucketOf(was?.verdict ?? null, test.verdict);
    if (bucket === undefined) continue;
    const signature = test.failure?.signature ?? was?.failure?.signature ?? null;
    const changed = bucket === 'still failing' && was?.failure?.signature !== test.failure?.signature;
    const cause = test.cause ?? was?.cause ?? null;
    buckets[bucket].push({
      title: test.title,
      was: was?.verdict ?? null,
      now: test.verdict,
      signature,
      cause,
      changed,
    });
  }
  const now = new Set(current.tests.map((t) => t.title));
  for (const list of Object.values(buckets)) list.sort((a, b) => a.title.localeCompare(b.title));
  return {
    baseline: { startedAt: baseline.run.startedAt, target: baseline.run.target.origin },
    current: { startedAt: current.run.startedAt, target: current.run.target.origin },
    buckets,
    gone: baseline.tests
      .map((t) => t.title)
      .filter((title) => !now.has(title))
      .sort(),
  };
}

function bucketOf(was: Verdict | null, now: Verdict): Bucket | undefined {
  if (now === 'flaky') return 'flaky';
  if (now === 'failed') return was === 'failed' ? 'still failing' : 'new failure';
  if (now === 'passed') return was === 'failed' ? 'fixed' : undefined;
  return was !== 'skipped' ? 'newly skipped' : undefined;
}

/**
 * A failure counts when its cause fails a run: a target's departure, a harness failure, a strict observation; a page
 * that contradicts itself only with `failOnDoc` (FAIL_ON_DOC=1, a docs repository's CI), as in the run itself.
 */
export function exitCodeFor(comparison: Comparison, current: RunResults, failOn: FailOn, failOnDoc = false): number {
  const counts = (cause: Cause | null): boolean => cause === null || causeFailsRun(cause, failOnDoc);
  if (failOn === 'never') return 0;
  if (failOn === 'new') return comparison.buckets['new failure'].some((e) => counts(e.cause)) ? 1 : 0;
  return current.tests.some((t) => t.verdict === 'failed' && counts(t.cause)) ? 1 : 0;
}

export function formatComparisonText(c: Comparison): string {
  const lines = [
    `baseline ${c.baseline.startedAt} (${c.baseline.target}) → current ${c.current.startedAt} (${c.current.target})`,
  ];
  for (const bucket of BUCKETS) {
    const entries = c.buckets[bucket];
    lines.push(`${bucket}: ${entries.length}`);
    for (const e of entries) lines.push(`  ${e.title}${describe(e)}`);
  }
  if (c.gone.length > 0) lines.push(`no longer in the run: ${c.gone.length}`, ...c.gone.map((t) => `  ${t}`));
  return lines.join('\n');
}

function describe(e: BucketEntry): string {
  const was = `${e.was === null ? 'new test' : `was ${e.was}`}${e.cause !== null && e.now !== 'passed' ? `, cause ${e.cause}` : ''}`;
  const why =
    e.signature !== null && e.now !== 'passed' ? ` — ${e.signature}${e.changed ? ' (fails differently now)' : ''}` : '';
  return ` (${was})${why}`;
}

/** For `$GITHUB_STEP_SUMMARY`: counts in a table, then each non-empty bucket as a list. */
export function formatComparisonMarkdown(c: Comparison): string {
  const out = [
    '### Compared with the baseline',
    '',
    `Baseline: ${c.baseline.startedAt} · current: ${c.current.startedAt}`,
    '',
    '| bucket | tests |',
    '|---|---|',
  ];
  for (const bucket of BUCKETS) out.push(`| ${bucket} | ${c.buckets[bucket].length} |`);
  for (const bucket of BUCKETS) {
    const entries = c.buckets[bucket];
    if (entries.length === 0) continue;
    out.push(
      '',
      `<details${bucket === 'new failure' ? ' open' : ''}><summary>${bucket} (${entries.length})</summary>`,
      '',
    );
    for (const e of entries.slice(0, 200)) out.push(`- \`${markdownCode(e.title)}\`${escapeMarkdown(describe(e))}`);
    if (entries.length > 200) out.push(`- … and ${entries.length - 200} more (see compare.json)`);
    out.push('', '</details>');
  }
  return out.join('\n');
}

function markdownCode(text: string): string {
  return text.replace(/`/g, "'");
}

/** Signatures hold `<target>`, `<doc>`: GitHub would read them as HTML tags and hide them. */
function escapeMarkdown(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, "'");
}

/** Tests by title, for the reviewer report's per-example badges. */
export function bucketByTitle(c: Comparison): Map<string, Bucket> {
  const map = new Map<string, Bucket>();
  for (const bucket of BUCKETS) for (const e of c.buckets[bucket]) map.set(e.title, bucket);
  return map;
}
