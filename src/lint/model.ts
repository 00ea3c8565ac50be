/**
 * What `graph-conformance lint` reports: located findings and a summary. The JSON form of `LintReport` is a stable,
 * documented format (README, "Lint"): fields are only ever added, and `format` changes when one changes meaning.
 */
import type { Severity } from '../core/finding.ts';

export const LINT_FORMAT = 'graph-conformance-lint/1';

export interface LintFinding {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based; 1 when the column is not known. */
  readonly col: number;
  /** A parser rule (`invalid-json-body`, `todo-placeholder`, …) or a lint rule (`response-schema`, …). */
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
}

export interface LintSummary {
  readonly pages: number;
  /** Request examples read (annotated, un-annotated and `ignored` ones). */
  readonly examples: number;
  /** Example cases that can be replayed (placeholders counted as filled: lint does not know the tenant). */
  readonly runnableCases: number;
  /** Example cases that cannot, by reason (the reason's wording without its location). */
  readonly skippedCases: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly warnings: number;
  /** Findings silenced by a page annotation's `suppressions` (not listed, not counted above). */
  readonly suppressed: number;
  readonly findingsByRule: Readonly<Record<string, number>>;
  /** The metadata documents the docs were checked against (`--metadata`), when any. */
  readonly metadata?: readonly { readonly source: string; readonly kind: 'csdl' | 'scopes' }[];
}

export interface LintReport {
  readonly format: typeof LINT_FORMAT;
  readonly summary: LintSummary;
  readonly findings: readonly LintFinding[];
}
