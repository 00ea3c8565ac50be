/**
 * The I/O edge of `graph-conformance lint <files or dirs> [--format text|json] [--out FILE]`: reads the docs, shows
 * progress on a terminal, and writes the report. The verdict itself is `lintPages` (pure).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDocs } from '../docs/load-docs.ts';
import { buildSchemaRegistry } from '../schema/registry.ts';
import { buildCases } from '../cases/build-cases.ts';
import { exitCode, formatJson, formatText } from './format.ts';
import { lintPages } from './lint-pages.ts';
import { plural } from '../core/plural.ts';
import { settings } from '../settings/settings.ts';

export { LINT_USAGE } from './usage.ts';

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
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { format: { type: 'string' }, out: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    return { ok: false, message: `--format: "${format}" is not text or json` };
  if (positionals.length === 0) return { ok: false, message: 'lint needs the doc files or folders to check' };

  const progress = io.interactive
    ? (done: number, total: number) => {
        io.stderr(`\rlint: ${done.toString()}/${total.toString()} pages`);
      }
    : undefined;
  const docs = loadDocs(positionals, process.cwd(), {
    cache: settings().pageCache,
    ...(progress ? { onPage: progress } : {}),
  });
  if (progress) io.stderr('\r\x1b[K');
  if (docs.pages.length === 0) {
    for (const f of docs.findings) io.stderr(`${f.location.file}:${f.location.line.toString()}: ${f.message}\n`);
    io.stderr('graph-conformance: lint found no markdown pages to check\n');
    return { ok: true, code: 2 };
  }
  const registry = buildSchemaRegistry(docs.pages);
  // Lint does not know the tenant: placeholders count as filled, so only the doc's own reasons skip a case.
  const cases = buildCases(docs.pages, { roots: positionals, params: () => 'placeholder' });
  const report = lintPages({ pages: docs.pages, inputFindings: docs.findings, registry, cases });
  const text = format === 'json' ? formatJson(report) : formatText(report);
  if (values.out === undefined) io.stdout(text);
  else {
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, text);
    const s = report.summary;
    io.stdout(
      `lint: ${plural(s.pages, 'page')}, ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}; report written to ${values.out}\n`,
    );
  }
  return { ok: true, code: exitCode(report) };
}
