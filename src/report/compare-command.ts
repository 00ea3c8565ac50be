/**
 * `graph-conformance compare <baseline.json> <current.json>`: prints the buckets, writes them as JSON (and Markdown
 * for a CI summary), and exits non-zero only on what `--fail-on` names (default: new failures).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { compareRuns, exitCodeFor, formatComparisonMarkdown, formatComparisonText, type FailOn } from './compare.ts';
import { readResults } from './read-results.ts';
import { readFailOnDoc } from '../settings/settings.ts';

export const COMPARE_USAGE = `  compare <baseline.json> <current.json> [--out FILE] [--markdown FILE] [--fail-on new|any|never] [--fail-on-doc]
      Compare two results files (reports/results.json) by test: new failure, still failing, fixed,
      flaky (passed on retry), newly skipped. Writes the buckets to FILE (default: compare.json next
      to current.json). Exits 1 on new failures (--fail-on new, the default), on any failure (any), or never;
      a failure whose cause is the page (doc) counts only with --fail-on-doc or FAIL_ON_DOC=1.`;

export type CompareRun =
  { readonly ok: true; readonly code: number } | { readonly ok: false; readonly message: string };

const FAIL_ON: readonly FailOn[] = ['new', 'any', 'never'];

export function runCompare(args: readonly string[], print: (line: string) => void = console.log): CompareRun {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        out: { type: 'string' },
        markdown: { type: 'string' },
        'fail-on': { type: 'string' },
        'fail-on-doc': { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  const [baselineFile, currentFile, ...extra] = positionals;
  if (baselineFile === undefined || currentFile === undefined || extra.length > 0) {
    return { ok: false, message: 'compare needs two results files: <baseline.json> <current.json>' };
  }
  const failOn = (values['fail-on'] ?? 'new') as FailOn;
  if (!FAIL_ON.includes(failOn))
    return { ok: false, message: `--fail-on: "${values['fail-on'] ?? ''}" is not one of ${FAIL_ON.join(', ')}` };

  // A broken results file throws a located one-line ResultsFileError, which the CLI prints as it is.
  const baseline = readResults(baselineFile);
  const current = readResults(currentFile);
  const comparison = compareRuns(baseline, current);
  print(formatComparisonText(comparison));
  const out = values.out ?? join(dirname(currentFile), 'compare.json');
  write(out, `${JSON.stringify({ failOn, ...comparison }, null, 2)}\n`);
  if (values.markdown !== undefined) write(values.markdown, `${formatComparisonMarkdown(comparison)}\n`);
  const failOnDoc = values['fail-on-doc'] === true || readFailOnDoc(process.env);
  return { ok: true, code: exitCodeFor(comparison, current, failOn, failOnDoc) };
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
