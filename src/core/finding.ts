/**
 * Findings: what every stage reports about a doc page, located at `file:line`. The one shape lint, the run and every
 * report share; the rules they name are in `rules.ts`.
 */
import type { DocRuleId, Severity } from './rules.ts';

export type { Severity } from './rules.ts';

/** A place in a doc file. `file` is the path as the user gave it (relative paths stay relative). */
export interface Location {
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
}

/** The doc defects, and the harness failing on one page: stable identifiers, from the rule table. */
export type FindingRule = DocRuleId | 'page-failed';

/** A doc defect met while reading or checking a page: collected, never thrown. */
export interface Finding {
  readonly rule: FindingRule;
  readonly severity: Severity;
  readonly message: string;
  readonly location: Location;
  /**
   * The other place of a contradiction, where there is one: the table row a body breaks, the example whose answer
   * differs. A reader needs both to decide which side is wrong.
   */
  readonly related?: Location;
  /** The JSON pointer into the example's body that the finding is about (for checks of bodies). */
  readonly pointer?: string;
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
