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

export const RESULTS_SCHEMA_VERSION = 1;

/** `flaky`: failed, then passed on a retry. */
export type Verdict = 'passed' | 'failed' | 'flaky' | 'skipped';

export interface RunResults {
  readonly schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  readonly run: RunInfo;
  readonly counts: Readonly<Record<Verdict, number>>;
  readonly pages: readonly PageResult[];
  readonly tests: readonly TestResultRecord[];
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
  readonly rule: FindingRule | (string & {});
  readonly severity: Severity;
  readonly message: string;
  /** `file:line`. */
  readonly location: string;
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
  readonly skipReason: string | null;
  readonly failure: FailureRecord | null;
}

export interface FailureRecord {
  /** The step whose promise was broken (`status is 200`), or null when the test failed outside a step. */
  readonly step: string | null;
  /** Stable across runs and targets: the step and the JSON pointers named, or the message without volatile parts. */
  readonly signature: string;
  /** The failure message, without terminal colours, shortened to 2,000 characters. */
  readonly message: string;
}
