/**
 * `graph-conformance compare <baseline.json> <current.json>`: prints the buckets, writes them as JSON (and Markdown
 * for a CI summary), and exits non-zero only on what `--fail-on` names (default: new failures).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readCommandOptions } from '../settings/command-options.ts';
import { settings } from '../settings/settings.ts';
import { compareRuns, exitCodeFor, formatComparisonMarkdown, formatComparisonText, type FailOn } from './compare.ts';
import { readResults } from './read-results.ts';

export type CompareRun =
  { readonly ok: true; readonly code: number } | { readonly ok: false; readonly message: string };

export function runCompare(args: readonly string[], print: (line: string) => void = console.log): CompareRun {
  const read = readCommandOptions('compare', args);
  if (!read.ok) return read;
  const { values, positionals } = read;
  const [baselineFile, currentFile, ...extra] = positionals;
  if (baselineFile === undefined || currentFile === undefined || extra.length > 0) {
    return { ok: false, message: 'compare needs two results files: <baseline.json> <current.json>' };
  }
  const failOn: FailOn = values['fail-on'];

  // A broken results file throws a located one-line ResultsFileError, which the CLI prints as it is.
  const baseline = readResults(baselineFile);
  const current = readResults(currentFile);
  const comparison = compareRuns(baseline, current);
  print(formatComparisonText(comparison));
  const out = values.out ?? join(dirname(currentFile), 'compare.json');
  write(out, `${JSON.stringify({ failOn, ...comparison }, null, 2)}\n`);
  if (values.markdown !== undefined) write(values.markdown, `${formatComparisonMarkdown(comparison)}\n`);
  // A page that contradicts itself counts only where the run would fail on it too (FAIL_ON_DOC=1, a docs repo's CI).
  const failOnDoc = values['fail-on-doc'] || settings().failOnDoc;
  return { ok: true, code: exitCodeFor(comparison, current, failOn, failOnDoc) };
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
