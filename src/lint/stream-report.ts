/**
 * The text report written as pages are checked, not after the last one: a finding's line is written as soon as no page
 * still being checked can report anything at its file or before it in the report's order, so the lines come out in
 * the report's order and the whole is byte for byte `formatText` of the finished report.
 *
 * A page's example findings are located in its examples (the page or a file it includes) or on the page itself: the
 * smallest of those files is how far back a page still unchecked can reach. Every other finding is known at the start.
 */
import type { Finding } from '../core/finding.ts';
import type { Page } from '../docs/model.ts';
import { applyLintConfig, NO_LINT_CONFIG } from './config.ts';
import { findingLine, summaryText } from './format.ts';
import {
  byPlace,
  crossPageFindings,
  dedupe,
  fromFinding,
  lintReport,
  ownFindings,
  type LintInput,
} from './lint-pages.ts';
import type { LintFinding, LintReport } from './model.ts';

export interface ReportStream {
  /** The example findings of page `index`; pages are handed on in page order. */
  page(index: number, findings: readonly Finding[]): void;
  /** Writes what is left and the summary; the report written. */
  end(): LintReport;
}

/** `rank`: the finding's place in the order the report collects findings (of two alike, the first is kept). */
interface Ranked {
  readonly finding: LintFinding;
  readonly rank: number;
}

export function streamReport(input: LintInput, write: (text: string) => void): ReportStream {
  const pages = input.pages;
  const examples: (readonly Finding[])[] = [];
  const pendingByFile = new Map<string, Ranked[]>();
  // The pending files in the report's order: the ones written are always a prefix (a page's reach only grows).
  const files: string[] = [];
  const add = (ranked: Ranked): void => {
    const file = ranked.finding.file;
    const list = pendingByFile.get(file);
    if (list) list.push(ranked);
    else {
      pendingByFile.set(file, [ranked]);
      files.splice(insertionPoint(files, file), 0, file);
    }
  };
  // Ranks: what precedes the pages, then page by page (its own findings, then its examples'), then the cross-page ones.
  const before = input.inputFindings.length + input.registry.findings.length;
  const rankOf = (index: number, sub: 0 | 1): number => before + index * 2 + sub;
  // The findings known without the examples are collected at the first page: a pool's workers are checking by then,
  // and the cross-page checks (the metadata's among them) run beside them.
  let cross: readonly LintFinding[] | undefined;
  const start = (): readonly LintFinding[] => {
    if (cross) return cross;
    cross = crossPageFindings(input);
    const known = [...input.inputFindings, ...input.registry.findings].map(fromFinding);
    known.forEach((finding, rank) => {
      add({ finding, rank });
    });
    pages.forEach((page, index) => {
      for (const finding of page.findings.map(fromFinding)) add({ finding, rank: rankOf(index, 0) });
    });
    const last = rankOf(pages.length, 0);
    for (const finding of cross) add({ finding, rank: last });
    return cross;
  };

  const reachFrom = suffixMinimum(pages.map(reachOf));
  const config = input.config ?? NO_LINT_CONFIG;
  let written = 0;
  /** Writes every pending file that sorts before `limit` (all of them when it is undefined). */
  const flush = (limit: string | undefined): void => {
    let count = 0;
    while (count < files.length && (limit === undefined || (files[count] as string).localeCompare(limit) < 0)) count++;
    if (count === 0) return;
    const done = files.splice(0, count);
    const ranked = done.flatMap((file) => pendingByFile.get(file) ?? []);
    for (const file of done) pendingByFile.delete(file);
    const ordered = ranked.sort((a, b) => byPlace(a.finding, b.finding) || a.rank - b.rank).map((r) => r.finding);
    const { findings } = applyLintConfig(dedupe(ordered), config);
    written += findings.length;
    write(findings.map(findingLine).join(''));
  };

  return {
    page(index, findings) {
      start();
      examples[index] = findings;
      for (const finding of findings.map(fromFinding)) add({ finding, rank: rankOf(index, 1) });
      const limit = reachFrom[index + 1];
      if (limit !== undefined) flush(limit);
    },
    end() {
      const crossPage = start();
      flush(undefined);
      const report = lintReport(input, [...ownFindings(input, (index) => examples[index] ?? []), ...crossPage]);
      if (written !== report.findings.length)
        throw new Error(`lint wrote ${written.toString()} findings but reports ${report.findings.length.toString()}`);
      write(summaryText(report));
      return report;
    },
  };
}

/** The first file, in the report's order, that a page's example findings can be located in. */
function reachOf(page: Page): string {
  let first = page.file;
  const visit = (value: unknown, depth: number): void => {
    if (typeof value !== 'object' || value === null || depth > 12) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.file === 'string' && typeof record.line === 'number' && record.file.localeCompare(first) < 0)
      first = record.file;
    for (const inner of Object.values(record)) visit(inner, depth + 1);
  };
  visit(page.examples, 0);
  return first;
}

/** Where `file` goes in `files` (sorted as the report sorts files). */
function insertionPoint(files: readonly string[], file: string): number {
  let low = 0;
  let high = files.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((files[middle] as string).localeCompare(file) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** For each index, the smallest of the values from it on (undefined past the end). */
function suffixMinimum(values: readonly string[]): (string | undefined)[] {
  const result: (string | undefined)[] = new Array<string | undefined>(values.length + 1).fill(undefined);
  for (let index = values.length - 1; index >= 0; index--) {
    const here = values[index] as string;
    const after = result[index + 1];
    result[index] = after === undefined || here.localeCompare(after) < 0 ? here : after;
  }
  return result;
}
