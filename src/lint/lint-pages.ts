/**
 * `graph-conformance lint`'s verdict: every page's own findings (from the parser and the schema build), the offline
 * checks of its examples, and the cross-page ones, in one sorted report with its summary. Pure: the command reads
 * the docs and writes the report; everything in between is here.
 */
import { type Example, type Page } from '../docs/model.ts';
import { formatLocation, type Finding } from '../core/finding.ts';
import type { ConformanceCase } from '../cases/model.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import { checkExamples } from '../schema/example-checks.ts';
import { checkMetadata } from './check-metadata.ts';
import { checkPermissions } from './check-permissions.ts';
import type { MetadataSet } from '../metadata/metadata-set.ts';
import { LINT_FORMAT, type LintFinding, type LintReport } from './model.ts';
import { applyLintConfig, NO_LINT_CONFIG, type LintConfig } from './config.ts';

export interface LintInput {
  readonly pages: readonly Page[];
  /** Problems with the inputs themselves (missing or unreadable files). */
  readonly inputFindings: readonly Finding[];
  readonly registry: SchemaRegistry;
  /** The cases the docs give, for the summary's runnable and skipped counts. */
  readonly cases: readonly ConformanceCase[];
  /** Graph's metadata (CSDL, permission scopes), when given: the docs are checked against it. */
  readonly metadata?: MetadataSet;
  /** The metadata documents used, for the summary. */
  readonly metadataSources?: readonly { readonly source: string; readonly kind: 'csdl' | 'scopes' }[];
  /** Rules switched off or set to another severity (the lint configuration file). */
  readonly config?: LintConfig;
  /** Each page's example findings, when they were checked elsewhere (a worker pool): `checkExamples` otherwise. */
  readonly exampleFindings?: readonly (readonly Finding[])[];
}

export function lintPages(input: LintInput): LintReport {
  const examples = input.exampleFindings ?? input.pages.map((page) => checkExamples(page, input.registry));
  return lintReport(input, [...ownFindings(input, (index) => examples[index] ?? []), ...crossPageFindings(input)]);
}

/**
 * The findings known before any example is checked, then each page's own and its examples' (from `examplesOf`), in
 * the order the report takes them: where two say the same at the same place, the first is kept.
 */
export function ownFindings(input: LintInput, examplesOf: (index: number) => readonly Finding[]): LintFinding[] {
  const findings: LintFinding[] = [...input.inputFindings, ...input.registry.findings].map(fromFinding);
  for (const [index, page] of input.pages.entries())
    findings.push(...page.findings.map(fromFinding), ...examplesOf(index).map(fromFinding));
  return findings;
}

/** What no single page says: example names repeated across pages, and (with metadata) the docs against Graph's. */
export function crossPageFindings(input: LintInput): LintFinding[] {
  const findings = duplicateNamesAcrossPages(input.pages).map(fromFinding);
  if (input.metadata && !input.metadata.empty)
    findings.push(
      ...checkMetadata(input.pages, input.metadata, input.registry),
      ...checkPermissions(input.pages, input.metadata),
    );
  return findings;
}

/** The report of these findings (in the order `ownFindings` and `crossPageFindings` give them): sorted, configured, counted. */
export function lintReport(input: LintInput, findings: readonly LintFinding[]): LintReport {
  return reportOf(countsOf(input), findings, input.config ?? NO_LINT_CONFIG, input.metadataSources ?? []);
}

/** What the summary counts of the docs themselves, besides the findings. */
export interface LintCounts {
  readonly pages: number;
  readonly examples: number;
  readonly runnableCases: number;
  readonly skippedCases: Readonly<Record<string, number>>;
  readonly suppressed: number;
}

export function countsOf(input: Pick<LintInput, 'pages' | 'cases'>): LintCounts {
  const exampleCases = input.cases.filter((c) => c.kind.type === 'example' || c.kind.type === 'no-response');
  const skippedCases: Record<string, number> = {};
  for (const c of exampleCases) if (!c.runnable) skippedCases[c.rule] = (skippedCases[c.rule] ?? 0) + 1;
  return {
    pages: input.pages.length,
    examples: input.pages.reduce((n, p) => n + p.examples.length + p.ignoredExamples.length, 0),
    runnableCases: exampleCases.filter((c) => c.runnable).length,
    skippedCases: sortedRecord(skippedCases),
    suppressed: input.pages.reduce((n, p) => n + p.suppressedFindings.length, 0),
  };
}

/** `lintReport` of counts known already (a report kept from an earlier lint of the same docs). */
export function reportOf(
  counts: LintCounts,
  findings: readonly LintFinding[],
  config: LintConfig,
  metadataSources: NonNullable<LintInput['metadataSources']>,
): LintReport {
  const { findings: unique, off } = applyLintConfig(dedupe(findings).sort(byPlace), config);
  const findingsByRule: Record<string, number> = {};
  for (const f of unique) findingsByRule[f.rule] = (findingsByRule[f.rule] ?? 0) + 1;
  return {
    format: LINT_FORMAT,
    summary: {
      pages: counts.pages,
      examples: counts.examples,
      runnableCases: counts.runnableCases,
      skippedCases: counts.skippedCases,
      errors: unique.filter((f) => f.severity === 'error').length,
      warnings: unique.filter((f) => f.severity === 'warning').length,
      suppressed: counts.suppressed,
      findingsByRule: sortedRecord(findingsByRule),
      ...(config.file !== undefined ? { config: config.file, switchedOff: sortedRecord(off) } : {}),
      ...(metadataSources.length > 0 ? { metadata: metadataSources } : {}),
    },
    findings: unique,
  };
}

/**
 * ApiDoctor requires example names to be unique within a version (`DuplicateMethodIdentifier`): they name snippet
 * files and test cases. Duplicates within a page are the parser's finding; this finds them across pages. An example
 * marked `ignored` is skipped by ApiDoctor (it makes no method, no snippet, no test): its name clashes with nothing.
 */
function duplicateNamesAcrossPages(pages: readonly Page[]): Finding[] {
  const first = new Map<string, { page: Page; example: Example }>();
  const findings: Finding[] = [];
  for (const page of pages) {
    const seenHere = new Set<string>();
    for (const example of page.examples) {
      const name = example.request.annotation.names[0];
      if (name === undefined || seenHere.has(name)) continue;
      seenHere.add(name);
      const key = `${page.version ?? ''}\u0000${name}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, { page, example });
        continue;
      }
      const earlierAt = earlier.example.request.annotation.location;
      findings.push({
        rule: 'duplicate-example-name',
        severity: 'error',
        message: `the example name "${name}" is also used at ${formatLocation(earlierAt)}; names must be unique within ${page.version ?? 'a version'}`,
        location: example.request.annotation.location,
        related: earlierAt,
      });
    }
  }
  return findings;
}

export function fromFinding(finding: Finding): LintFinding {
  return {
    file: finding.location.file,
    line: finding.location.line,
    col: 1,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    ...(finding.related ? { related: { file: finding.related.file, line: finding.related.line } } : {}),
  };
}

export function byPlace(a: LintFinding, b: LintFinding): number {
  return (
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.col - b.col ||
    a.rule.localeCompare(b.rule) ||
    a.message.localeCompare(b.message)
  );
}

export function dedupe(findings: readonly LintFinding[]): LintFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}:${f.line.toString()}:${f.rule}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortedRecord(record: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
