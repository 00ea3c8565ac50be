/**
 * The results file of a run (`reports/results.json`): our own stable format, published as `results.schema.json`.
 * Baselines, `graph-conformance compare`, the nightly history and the reviewer report all read it. Tests are keyed by
 * their title (`<doc file> › <example>[ › <check>]`), which comes from the docs only, so runs against different
 * targets or from different shards compare.
 *
 * Change a field only with a new `schemaVersion`; `results.schema.json` must describe exactly these types.
 */
import type { FindingRule, Severity } from '../core/finding.ts';
import type { GraphVersion } from '../core/http.ts';
import type { Cause } from '../core/rules.ts';
import type { Departure, SchemaErrorRecord } from '../core/verdict.ts';

export const RESULTS_SCHEMA_VERSION = 2;

/** `flaky`: failed, then passed on a retry. */
export type Verdict = 'passed' | 'failed' | 'flaky' | 'skipped';

export interface RunResults {
  readonly schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  readonly run: RunInfo;
  readonly counts: Counts;
  readonly pages: readonly PageResult[];
  readonly tests: readonly TestResultRecord[];
}

export interface Counts extends Readonly<Record<Verdict, number>> {
  /** Failed and flaky tests by the cause of their failure. */
  readonly byCause: Readonly<Record<Cause, number>>;
  /** Tests that recorded at least one observation (whatever their verdict). */
  readonly observed: number;
}

export interface RunInfo {
  /** ISO date-time the run started. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** Playwright's overall status: `passed`, `failed`, `timedout` or `interrupted`. */
  readonly status: string;
  readonly target: Target;
  readonly docs: DocsInfo;
}

export interface Target {
  /** `mock`: the embedded mock tenant; `url`: TARGET_URL. */
  readonly kind: 'mock' | 'url';
  /** The origin requests went to; never a credential. */
  readonly origin: string;
}

export interface DocsInfo {
  /** `DOCS` as given. */
  readonly paths: readonly string[];
  /** Commit of the docs (`DOCS_COMMIT`, else the docs folder's git HEAD), or null when unknown. */
  readonly commit: string | null;
}

export interface FindingRecord {
  readonly rule: FindingRule;
  readonly severity: Severity;
  readonly message: string;
  /** `file:line`. */
  readonly location: string;
  /** `file:line` of the other place of a contradiction, or null. */
  readonly related: string | null;
}

export interface PageResult {
  /** The doc file as the run named it (`fixtures/docs/update-photos.md`). */
  readonly file: string;
  readonly version: GraphVersion | null;
  /** Front matter `ms.prod` (Graph's workload), or null. */
  readonly workload: string | null;
  readonly verdict: Verdict;
  readonly findings: readonly FindingRecord[];
  readonly operations: readonly OperationCoverage[];
}

/** A documented `## HTTP request` line and whether the run exercised it. */
export interface OperationCoverage {
  /** `PATCH /users/{usersId}/photos`. */
  readonly operation: string;
  readonly exercised: boolean;
  /** Why not, when not exercised. */
  readonly reason: string | null;
}

export interface TestResultRecord {
  /** The stable key: `<doc file> › <example>[ › <check>]`. */
  readonly title: string;
  readonly page: string;
  /** The example name, or null for a page that cannot be used. */
  readonly example: string | null;
  /** What the test checks beyond the example itself: another documented path, or the call without Authorization. */
  readonly check: string | null;
  readonly version: GraphVersion | null;
  readonly tags: readonly string[];
  readonly verdict: Verdict;
  /** How many times it ran (1 + retries). */
  readonly attempts: number;
  /** Duration of the last attempt. */
  readonly durationMs: number;
  /** `file:line` of the documented request. */
  readonly documentedAt: string | null;
  /** The documented operation the test exercised (`PATCH /users/{usersId}/photos`), when known. */
  readonly operation: string | null;
  /** Why a failed or flaky test failed (its deciding departure); null for the others. */
  readonly cause: Cause | null;
  /** The rule of the deciding departure, or of the skip. */
  readonly rule: string | null;
  /** Why a skipped test was skipped: a rule of the rule table and the reason in words. */
  readonly skip: { readonly rule: string; readonly reason: string } | null;
  readonly failure: FailureRecord | null;
  /** Every promise the answer did not keep, with its cause (the deciding one first). */
  readonly departures: readonly DepartureResult[];
  /** What the target did where the page is silent or conditional. */
  readonly observations: readonly ObservationResult[];
  /**
   * Writes of the test that could not be undone (ALLOW_WRITES=1), with what puts each back; absent when there were
   * none (added within format 2: older files of format 2 stay valid).
   */
  readonly unrestored?: readonly UnrestoredResult[];
}

export interface UnrestoredResult {
  readonly path: string;
  readonly cause: 'target' | 'harness';
  readonly problem: string;
  /** `PATCH /v1.0/me with {"displayName":"Adele"}`. */
  readonly fix: string;
  /** The values from before the write, when the fix writes them back. */
  readonly original: Readonly<Record<string, unknown>> | null;
}

/**
 * A departure of the verdict record (`core/verdict.ts`) as the file keeps it: locations written `file:line`, and the
 * rule any string, since a file outlives the rule table of the harness that wrote it.
 */
export interface DepartureResult extends Pick<Departure, 'cause' | 'step' | 'message' | 'pointers'> {
  readonly rule: string;
  /** `file:line`s where the page makes the promise. */
  readonly documentedAt: readonly string[];
  readonly schemaErrors: readonly SchemaErrorResult[];
  /** For the cause `doc`: the finding lint reports for it. */
  readonly finding: FindingRecord | null;
}

/** A schema error of the verdict record, its table row written `file:line`. */
export interface SchemaErrorResult extends Pick<SchemaErrorRecord, 'pointer' | 'keyword' | 'message'> {
  /** `file:line` of the table row the rule comes from, or null. */
  readonly source: string | null;
}

export interface ObservationResult {
  readonly rule: string;
  readonly subject: string;
  readonly message: string;
  readonly status: number;
  readonly outcome: 'accepted' | 'refused' | 'failed';
}

export interface FailureRecord {
  /** The step whose promise was broken (`status is 200`), or null when the test failed outside a step. */
  readonly step: string | null;
  /**
   * Stable across runs and targets, built from data: the step, the rule, and the JSON pointers named (or the
   * documented and actual status), so the same breakage reads the same across runs and targets.
   */
  readonly signature: string;
  /** The deciding departure's message, shortened to 2,000 characters. */
  readonly message: string;
}
