/**
 * The verdict record: what one test found, as data. The run writes one per test (an attachment of the test, so that it
 * travels with Playwright's own results through blob reports and `merge-reports`); the reporters, the results file and
 * `compare` read it. Nothing downstream reads the words of a message back: every fact a report shows is a field here.
 *
 * Change a field only with a new `format`.
 */
import type { Finding, Location } from './finding.ts';
import type { Cause, ObservationRuleId, RuleId, SkipRuleId } from './rules.ts';

export const VERDICT_RECORD_FORMAT = 'graph-conformance-verdict/2';

/** The attachment a test's record travels in. */
export const VERDICT_ATTACHMENT = {
  name: 'verdict record',
  contentType: 'application/vnd.graph-conformance.verdict+json',
} as const;

/** A broken rule of a schema, located in the data (JSON pointer) and in the doc (the table row it comes from). */
export interface SchemaErrorRecord {
  readonly pointer: string;
  readonly keyword: string;
  /** `is "6", must be integer or null`. */
  readonly message: string;
  readonly source: Location | null;
}

/** One promise of the page that the answer did not keep, and why (the cause). */
export interface Departure {
  readonly cause: Cause;
  /**
   * The rule: the check the target broke (`status`, `body-schema`, …) for `target`; the doc rule that explains it
   * (`request-body-schema`, …) for `doc`; the observation's for `observation`; `harness-error` for `harness`.
   */
  readonly rule: RuleId;
  /** The step of the test it was found in (`status is 201`). */
  readonly step: string;
  /** For a doc reviewer: what the page says, what came back, where. */
  readonly message: string;
  /** Where the page makes the promise: the example, the table row. */
  readonly documentedAt: readonly Location[];
  /** JSON pointers into the actual body that the departure names. */
  readonly pointers: readonly string[];
  /** What the page shows there (a status, a value), when it is one value. */
  readonly documented?: unknown;
  /** What came back there. */
  readonly actual?: unknown;
  readonly schemaErrors?: readonly SchemaErrorRecord[];
  /** For the cause `doc`: the finding `graph-conformance lint` reports for it, with both places of the contradiction. */
  readonly finding?: Finding;
}

/** What a target did where the page is silent or conditional. */
export interface ObservationRecord {
  readonly rule: ObservationRuleId;
  /** The property or thing it is about. */
  readonly subject: string;
  readonly message: string;
  readonly documentedAt: readonly Location[];
  /** The status the target answered. */
  readonly status: number;
  /** Whether the target took the request (2xx) or refused it (4xx); `failed`: 5xx. */
  readonly outcome: 'accepted' | 'refused' | 'failed';
}

/** A request as sent (credentials redacted) and the answer as received. */
export interface ExchangeRecord {
  /** What the exchange was for, when a test sends several: `upload before`, the producing example's name. */
  readonly label: string | null;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    /** The body as sent, or a description of binary content. */
    readonly body: string | null;
  };
  readonly response: {
    readonly status: number;
    readonly statusText: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
    /** Throttled answers retried before this one. */
    readonly retried: readonly { readonly status: number; readonly retryAfter: string | null }[];
  };
}

/** The exchange as the page documents it: the example's request and response as written. */
export interface DocumentedExchange {
  readonly request: {
    readonly location: Location;
    readonly method: string;
    readonly url: string;
    readonly headers: readonly (readonly [string, string])[];
    readonly body: string | null;
  };
  readonly response: {
    readonly location: Location;
    readonly status: number;
    readonly headers: readonly (readonly [string, string])[];
    readonly body: string | null;
    readonly truncated: boolean;
  } | null;
}

/** A write of the test that could not be undone: where, why, and what puts back the value from before it. */
export interface UnrestoredRecord {
  /** The entity's path on the target (for a creation whose place is unknown, the collection posted to). */
  readonly path: string;
  /** `target`: the target did not do what it answered, or gave no usable answer; `harness`: a bug of ours. */
  readonly cause: 'target' | 'harness';
  readonly problem: string;
  /** What puts it back, as a person types it: `PATCH /v1.0/me with {"displayName":"Adele"}`. */
  readonly fix: string;
  /** The values from before the write, when the fix writes them back. */
  readonly original: Readonly<Record<string, unknown>> | null;
}

export interface VerdictRecord {
  readonly format: typeof VERDICT_RECORD_FORMAT;
  /** The doc file the test belongs to, as the run named it. */
  readonly page: string;
  /** The example's name, or null for a test that is not about one (a page that cannot be used). */
  readonly example: string | null;
  /** What the test checks beyond the example itself: another documented path, a probe. */
  readonly check: string | null;
  /** The documented operation (`## HTTP request` line) the test exercises: `PATCH /users/{usersId}/photos`. */
  readonly operation: string | null;
  readonly documentedAt: Location;
  /** How this attempt ended. */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Why it did not pass; null when it passed or was skipped. */
  readonly cause: Cause | null;
  /** The rule of the deciding departure. */
  readonly rule: RuleId | null;
  /** Why it was skipped. */
  readonly skip: { readonly rule: SkipRuleId; readonly reason: string } | null;
  readonly departures: readonly Departure[];
  readonly observations: readonly ObservationRecord[];
  readonly documented: DocumentedExchange | null;
  /** What was sent and received, in order; the test's own exchange last. */
  readonly exchanges: readonly ExchangeRecord[];
  /** `STRICTNESS` of the run. */
  readonly strictness: string;
  /** Writes of the test that could not be undone (ALLOW_WRITES=1): the test failed with them. */
  readonly unrestored: readonly UnrestoredRecord[];
}

/**
 * The cause a set of departures gives a test: the target's when the target broke a consistent promise (whatever else
 * happened), then an observation a strict run fails on, then the page's. A harness failure trumps them all: the other
 * findings cannot be trusted then.
 */
export function decidingDeparture(departures: readonly Departure[]): Departure | undefined {
  for (const cause of ['harness', 'target', 'observation', 'doc'] as const) {
    const found = departures.find((d) => d.cause === cause);
    if (found) return found;
  }
  return undefined;
}

/**
 * Whether a cause fails the run (its exit code): a target's departure and a harness failure always; a strict
 * observation always (the user asked for strict); a doc contradiction only when the run is a doc repository's CI
 * (`FAIL_ON_DOC=1`).
 */
export function causeFailsRun(cause: Cause, failOnDoc: boolean): boolean {
  return cause !== 'doc' || failOnDoc;
}

/** A record read back from its attachment: the JSON of a known format, else undefined (never a guess at its shape). */
export function readVerdictRecord(text: string): VerdictRecord | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof data === 'object' && data !== null && 'format' in data && data.format === VERDICT_RECORD_FORMAT
    ? (data as VerdictRecord)
    : undefined;
}
