/** The lint report as text (one compiler-style line per finding, then the summary) or as its stable JSON. */
import { isRuleId, ruleOf } from '../core/rules.ts';
import type { LintFinding, LintReport } from './model.ts';
import { plural } from '../core/plural.ts';

/** The report as text: one line per finding, then the summary. */
export function formatText(report: LintReport): string {
  return report.findings.map(findingLine).join('') + summaryText(report);
}

/** `file:line:col rule severity: message`, the form editors and CI annotators recognise (with its newline). */
export function findingLine(f: LintFinding): string {
  return `${f.file}:${f.line.toString()}:${f.col.toString()} ${f.rule} ${f.severity}: ${f.message}\n`;
}

/** What follows the findings: the counts, the findings by rule, the skipped cases and the metadata used. */
export function summaryText(report: LintReport): string {
  const s = report.summary;
  const skipped = Object.values(s.skippedCases).reduce((a, b) => a + b, 0);
  const lines = [
    '',
    `${plural(s.pages, 'page')}, ${plural(s.examples, 'example')}: ${s.runnableCases.toString()} runnable, ${skipped.toString()} skipped; ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${s.suppressed > 0 ? `, ${s.suppressed.toString()} suppressed` : ''}`,
  ];
  lines.push(...byRule(report));
  for (const [rule, count] of Object.entries(s.skippedCases))
    lines.push(`  skipped ${count.toString()}: ${rule} (${isRuleId(rule) ? ruleOf(rule).title : rule})`);
  for (const { source, kind } of s.metadata ?? [])
    lines.push(`  checked against ${kind === 'csdl' ? 'the metadata' : 'the permission scopes'} in ${source}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The findings grouped by rule, most frequent first, each with its severities and title: the rule to fix first, or to
 * switch off in the configuration file, at a glance.
 */
function byRule(report: LintReport): string[] {
  const groups = new Map<string, { errors: number; warnings: number }>();
  for (const f of report.findings) {
    const group = groups.get(f.rule) ?? { errors: 0, warnings: 0 };
    if (f.severity === 'error') group.errors++;
    else group.warnings++;
    groups.set(f.rule, group);
  }
  const lines = [...groups]
    .sort(([a, x], [b, y]) => y.errors + y.warnings - (x.errors + x.warnings) || a.localeCompare(b))
    .map(([rule, { errors, warnings }]) => {
      const counts = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : '']
        .filter((c) => c !== '')
        .join(', ');
      return `  ${(errors + warnings).toString().padStart(6)} ${rule} (${counts})${isRuleId(rule) ? `: ${ruleOf(rule).title}` : ''}`;
    });
  const off = Object.entries(report.summary.switchedOff ?? {}).map(
    ([rule, count]) =>
      `  ${count.toString().padStart(6)} ${rule} (switched off in ${report.summary.config ?? 'the configuration'})`,
  );
  return lines.length + off.length > 0 ? ['findings by rule:', ...lines, ...off] : [];
}

export function formatJson(report: LintReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Exit status: 0 without errors, 1 with errors (2, the tool could not run, is the command's). */
export function exitCode(report: LintReport): 0 | 1 {
  return report.summary.errors > 0 ? 1 : 0;
}
