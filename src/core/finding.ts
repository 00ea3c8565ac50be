/**
 * Findings: what every stage reports about a doc page, located at `file:line`. The one shape lint, the run and every
 * report share.
 */

/** A place in a doc file. `file` is the path as the user gave it (relative paths stay relative). */
export interface Location {
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
}

export type Severity = 'error' | 'warning';

/** The doc defects the parser recognises. Stable identifiers: reports and baselines key on them. */
export type FindingRule =
  | 'unreadable-file'
  | 'invalid-front-matter'
  | 'todo-placeholder'
  | 'invalid-annotation'
  | 'unannotated-example'
  | 'invalid-http-block'
  | 'invalid-json-body'
  | 'content-length-mismatch'
  | 'path-not-documented'
  | 'unpaired-request'
  | 'unpaired-response'
  | 'duplicate-example-name'
  | 'unknown-type'
  | 'unresolved-type'
  | 'missing-success-status'
  | 'table-json-mismatch'
  | 'missing-resource-type'
  | 'multiple-resources'
  | 'missing-include'
  | 'include-cycle'
  | 'invalid-tab-group'
  | 'invalid-page-annotation'
  | 'unclosed-code-block'
  /** An include or a symlink leads outside the docs folder and its include roots: not read. */
  | 'outside-docs'
  /** A page, table, JSON text or include chain is over a limit of `src/docs/limits.ts`: the excess is not read. */
  | 'limit-exceeded'
  /** Reading or checking the page failed in the harness itself; the other pages are still checked. */
  | 'page-failed';

/** A doc defect met while reading a page: collected, never thrown. */
export interface Finding {
  readonly rule: FindingRule;
  readonly severity: Severity;
  readonly message: string;
  readonly location: Location;
}
/** `file:line` — the form every located message starts with. */
export function formatLocation(location: Location): string {
  return `${location.file}:${location.line}`;
}

/** `file:line: message` — how a finding reads in a terminal, a log or a report. */
export function formatFinding(finding: Finding): string {
  return `${formatLocation(finding.location)}: ${finding.severity} ${finding.rule}: ${finding.message}`;
}

/**
 * A harness failure met while handling one page: a `page-failed` finding located on that page, so that the failure
 * stays there and every other page is still handled. `doing` says what failed: `reading this page`.
 */
export function pageFailed(location: Location, doing: string, error: unknown): Finding {
  const message = error instanceof Error ? error.message : String(error);
  return {
    rule: 'page-failed',
    severity: 'error',
    message: `the harness failed ${doing} (${message.split('\n')[0] ?? ''}); the other pages are still checked`,
    location,
  };
}
