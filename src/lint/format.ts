/** The lint report as text (one compiler-style line per finding, then the summary) or as its stable JSON. */
import { isRuleId, ruleOf } from '../core/rules.ts';
import type { LintReport } from './model.ts';
import { plural } from '../core/plural.ts';

/** `file:line:col rule message`, the form editors and CI annotators recognise. */
export function formatText(report: LintReport): string {
  const lines = report.findings.map(
    (f) => `${f.file}:${f.line.toString()}:${f.col.toString()} ${f.rule} ${f.severity}: ${f.message}`,
  );
  const s = report.summary;
  const skipped = Object.values(s.skippedCases).reduce((a, b) => a + b, 0);
  lines.push(
    '',
    `${plural(s.pages, 'page')}, ${plural(s.examples, 'example')}: ${s.runnableCases.toString()} runnable, ${skipped.toString()} skipped; ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${s.suppressed > 0 ? `, ${s.suppressed.toString()} suppressed` : ''}`,
  );
  for (const [rule, count] of Object.entries(s.skippedCases))
    lines.push(`  skipped ${count.toString()}: ${rule} (${isRuleId(rule) ? ruleOf(rule).title : rule})`);
  for (const { source, kind } of s.metadata ?? [])
    lines.push(`  checked against ${kind === 'csdl' ? 'the metadata' : 'the permission scopes'} in ${source}`);
  return `${lines.join('\n')}\n`;
}

export function formatJson(report: LintReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Exit status: 0 without errors, 1 with errors (2, the tool could not run, is the command's). */
export function exitCode(report: LintReport): 0 | 1 {
  return report.summary.errors > 0 ? 1 : 0;
}
