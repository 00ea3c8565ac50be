/**
 * A lint's findings kept beside the stored DocCases it checked, so that a lint of unchanged docs reads them and
 * nothing else: not the DocCases, not the schemas, no example checked again. The entry's key covers the docs, every
 * file they include and the harness; what else the findings depend on is the metadata (`--metadata`), so only a lint
 * without it keeps or reads them. The configuration is applied to them as they are read (`reportOf`), so a changed
 * configuration needs nothing checked again either. A lint that met a harness failure keeps nothing.
 */
import { readCompanion, writeCompanion, type StoredEntry } from '../docset/docset-store.ts';
import type { LintCounts } from './lint-pages.ts';
import type { LintFinding } from './model.ts';

const COMPANION = 'lint-report';

export interface KeptReport {
  readonly counts: LintCounts;
  /** Every finding, in the order `lintReport` takes them, before the configuration. */
  readonly findings: readonly LintFinding[];
}

export function readKeptReport(entry: StoredEntry): KeptReport | undefined {
  const kept = readCompanion(entry, COMPANION) as Partial<KeptReport> | undefined;
  return kept && Array.isArray(kept.findings) && typeof kept.counts?.pages === 'number'
    ? (kept as KeptReport)
    : undefined;
}

export function keepReport(entry: StoredEntry, report: KeptReport): void {
  if (report.findings.some((f) => f.rule === 'page-failed')) return;
  writeCompanion(entry, COMPANION, report);
}
