/**
 * What `graph-conformance lint` reports: located findings and a summary. The JSON form of `LintReport` is a stable,
 * documented format (README, "Lint"): fields are only ever added, and `format` changes when one changes meaning.
 */
import type { FindingRule, Severity } from '../core/finding.ts';

export const LINT_FORMAT = 'graph-conformance-lint/2';

export interface LintFinding {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based; 1 when the column is not known. */
  readonly col: number;
  /** A doc rule of the rule table (`src/core/rules.ts`): `invalid-json-body`, `response-schema`, … */
  readonly rule: FindingRule;
  readonly severity: Severity;
  readonly message: string;
  /** The other place of a contradiction: the table row a body breaks, the example a name or request repeats. */
  readonly related?: { readonly file: string; readonly line: number };
}

export interface LintSummary {
  readonly pages: number;
  /** Request examples read (annotated, un-annotated and `ignored` ones). */
  readonly examples: number;
  /** Example cases that can be replayed (placeholders counted as filled: lint does not know the tenant). */
  readonly runnableCases: number;
  /** Example cases that cannot, by the rule that says why (`example-ignored`, `no-response`, `invalid-json-body`, …). */
  readonly skippedCases: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly warnings: number;
  /** Findings silenced by a page annotation's `suppressions` (not listed, not counted above). */
  readonly suppressed: number;
  readonly findingsByRule: Readonly<Record<string, number>>;
  /** The lint configuration file used, when one was. */
  readonly config?: string;
  /** What each rule the configuration switches off would have reported (not listed, not counted above). */
  readonly switchedOff?: Readonly<Record<string, number>>;
  /** The metadata documents the docs were checked against (`--metadata`), when any. */
  readonly metadata?: readonly { readonly source: string; readonly kind: 'csdl' | 'scopes' }[];
}

export interface LintReport {
  readonly format: typeof LINT_FORMAT;
  readonly summary: LintSummary;
  readonly findings: readonly LintFinding[];
}
