/**
 * The I/O edge of `graph-conformance lint <files or dirs> [--format text|json] [--out FILE]`: reads the docs, shows
 * progress on a terminal, and writes the report. The verdict itself is `lintPages` (pure).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadDocCases } from '../docset/load-docset.ts';
import { exitCode, formatJson, formatText } from './format.ts';
import { lintPages } from './lint-pages.ts';
import { settings } from '../settings/settings.ts';
import { readCommandOptions } from '../settings/command-options.ts';

export type LintRun =
  { readonly ok: true; readonly code: 0 | 1 | 2 } | { readonly ok: false; readonly message: string };

export interface LintIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Progress is shown only on an interactive terminal outside CI. */
  readonly interactive: boolean;
}

function defaultIo(): LintIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY && settings().ci !== true,
  };
}

export function runLint(args: readonly string[], io: LintIo = defaultIo()): LintRun {
  const read = readCommandOptions('lint', args);
  if (!read.ok) return read;
  const { values, positionals } = read;
  const { format } = values;
  if (positionals.length === 0) return { ok: false, message: 'lint needs the doc files or folders to check' };

  const progress = io.interactive
    ? (done: number, total: number) => {
        io.stderr(`\rlint: ${done.toString()}/${total.toString()} pages`);
      }
    : undefined;
  // Lint does not know the tenant: placeholders count as filled, so only the doc's own reasons skip a case.
  const docCases = loadDocCases(
    { roots: positionals, placeholders: { kind: 'all-filled' } },
    { cache: settings().pageCache, ...(progress ? { onPage: progress } : {}) },
  );
  if (progress) io.stderr('\r\x1b[K');
  if (docCases.pages.length === 0) {
    for (const f of docCases.inputFindings)
      io.stderr(`${f.location.file}:${f.location.line.toString()}: ${f.message}\n`);
    io.stderr('graph-conformance: lint found no markdown pages to check\n');
    return { ok: true, code: 2 };
  }
  const report = lintPages(docCases);
  const text = format === 'json' ? formatJson(report) : formatText(report);
  if (values.out === undefined) io.stdout(text);
  else {
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, text);
    const s = report.summary;
    io.stdout(
      `lint: ${s.pages.toString()} pages, ${s.errors.toString()} errors, ${s.warnings.toString()} warnings; report written to ${values.out}\n`,
    );
  }
  return { ok: true, code: exitCode(report) };
}
