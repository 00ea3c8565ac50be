/**
 * Collected tests → the records of the results file: verdicts, causes, departures, failure signatures. Every fact comes
 * from a test's verdict record (data the run wrote) or from Playwright's outcome; no message is read back.
 */
import { formatLocation, type Finding } from '../core/finding.ts';
import type { GraphVersion } from '../core/http.ts';
import { CAUSES, type Cause } from '../core/rules.ts';
import { decidingDeparture, type Departure, type VerdictRecord } from '../core/verdict.ts';
import type { CollectedTest } from './collected.ts';
import type { Counts, DepartureResult, FindingRecord, TestResultRecord, Verdict } from './results-model.ts';

/**
 * Playwright's outcome → our verdict. An expected failure (`test.fail()`, which the run uses for a doc cause) is a
 * failure of the page: it did not pass, though it does not fail the run.
 */
export function verdictOf(test: Pick<CollectedTest, 'outcome' | 'expectedStatus'>): Verdict {
  switch (test.outcome) {
    case 'expected':
      return test.expectedStatus === 'failed' ? 'failed' : 'passed';
    case 'unexpected':
      return 'failed';
    case 'flaky':
      return 'flaky';
    case 'skipped':
      return 'skipped';
  }
}

export function versionOf(tags: readonly string[]): GraphVersion | null {
  if (tags.includes('@beta')) return 'beta';
  if (tags.includes('@v1.0')) return 'v1.0';
  return null;
}

/** The doc file a test belongs to: its record's, else its static `documented at` annotation's, else its title. */
export function pageFileOf(test: CollectedTest): string {
  return test.record?.page || test.page || test.title;
}

export function toRecord(test: CollectedTest): TestResultRecord {
  const verdict = verdictOf(test);
  const record = test.record;
  // The failure of a flaky test is in an earlier attempt.
  const failing = verdict === 'failed' ? record : verdict === 'flaky' ? test.failedRecord : null;
  const departures = failing?.departures ?? [];
  const deciding = decidingDeparture(departures);
  const cause: Cause | null =
    verdict === 'failed' || verdict === 'flaky' ? (deciding?.cause ?? failing?.cause ?? 'harness') : null;
  const skip =
    verdict === 'skipped'
      ? (record?.skip ?? { rule: 'not-run', reason: 'the test did not run (a failed setup, or an interrupted run)' })
      : null;
  const step = deciding?.step ?? null;
  return {
    title: test.title,
    page: pageFileOf(test),
    example: record?.example ?? null,
    check: record?.check ?? null,
    version: versionOf(test.tags),
    tags: [...test.tags],
    verdict,
    attempts: test.attempts,
    durationMs: Math.max(0, Math.round(test.durationMs)),
    documentedAt: record ? formatLocation(record.documentedAt) : test.documentedAt,
    operation: record?.operation ?? null,
    cause,
    rule: cause !== null ? (deciding?.rule ?? 'harness-error') : (skip?.rule ?? null),
    skip,
    failure:
      cause === null
        ? null
        : {
            step,
            signature: failureSignature(deciding),
            message: (deciding?.message ?? test.error ?? 'the test failed without a record of why').slice(0, 2000),
          },
    departures: ordered(departures, deciding).map(departureResult),
    observations: (record?.observations ?? []).map((o) => ({
      rule: o.rule,
      subject: o.subject,
      message: o.message,
      status: o.status,
      outcome: o.outcome,
    })),
    ...(record !== null && record.unrestored.length > 0 ? { unrestored: record.unrestored } : {}),
  };
}

function ordered(departures: readonly Departure[], first: Departure | undefined): Departure[] {
  return first === undefined ? [...departures] : [first, ...departures.filter((d) => d !== first)];
}

function departureResult(d: Departure): DepartureResult {
  return {
    cause: d.cause,
    rule: d.rule,
    step: d.step,
    message: d.message,
    documentedAt: d.documentedAt.map(formatLocation),
    pointers: [...d.pointers],
    schemaErrors: (d.schemaErrors ?? []).map((e) => ({
      pointer: e.pointer,
      keyword: e.keyword,
      message: e.message,
      source: e.source === null ? null : formatLocation(e.source),
    })),
    finding: d.finding === undefined ? null : findingRecord(d.finding),
  };
}

export function findingRecord(f: Finding): FindingRecord {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    location: formatLocation(f.location),
    related: f.related === undefined ? null : formatLocation(f.related),
  };
}

/**
 * `step [rule]: /a, /b` when the failure names pointers, `step [rule]: 200 → 201` for a value, else `step [rule]`:
 * the same breakage reads the same across runs, targets and docs roots, whatever the wording.
 */
export function failureSignature(d: Departure | undefined): string {
  if (d === undefined) return 'test [harness-error]';
  const head = `${d.step} [${d.rule}]`;
  if (d.pointers.length > 0) return `${head}: ${[...new Set(d.pointers)].sort().join(', ')}`;
  if (typeof d.documented === 'number' && typeof d.actual === 'number')
    return `${head}: ${String(d.documented)} → ${String(d.actual)}`;
  return head;
}

/** The doc findings the run's records name (the causes `doc`), by the page they are about. */
export function causeFindings(records: readonly (VerdictRecord | null)[]): Finding[] {
  return records.flatMap((r) => (r?.departures ?? []).flatMap((d) => (d.finding === undefined ? [] : [d.finding])));
}

/** A page's verdict: its worst test. */
export function pageVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('failed')) return 'failed';
  if (verdicts.includes('flaky')) return 'flaky';
  if (verdicts.includes('passed')) return 'passed';
  return 'skipped';
}

export function countTests(tests: readonly TestResultRecord[]): Counts {
  const byCause = Object.fromEntries(CAUSES.map((c) => [c, 0])) as Record<Cause, number>;
  const counts = { passed: 0, failed: 0, flaky: 0, skipped: 0 };
  let observed = 0;
  for (const t of tests) {
    counts[t.verdict]++;
    if (t.cause !== null) byCause[t.cause]++;
    if (t.observations.length > 0) observed++;
  }
  return { ...counts, byCause, observed };
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
