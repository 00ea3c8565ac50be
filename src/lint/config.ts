/**
 * The lint configuration file: which rules a docs repository switches off, or reports at another severity. A team
 * that keeps lint on in CI needs to silence a rule it has decided to live with without silencing the rest, and to
 * see in the report that it did (the summary counts what each switched-off rule would have found).
 *
 * ```json
 * { "rules": { "response-undocumented-property": "off", "todo-placeholder": "warning" } }
 * ```
 *
 * Read from `--config FILE`, else `graph-conformance-lint.json` in the current folder when there is one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { zod } from '../settings/zod.ts';
import { isRuleId, ruleOf, type Severity } from '../core/rules.ts';
import type { LintFinding } from './model.ts';

export const DEFAULT_LINT_CONFIG = 'graph-conformance-lint.json';

export type RuleSetting = Severity | 'off';

export interface LintConfig {
  /** Where it was read from; undefined when no file was used. */
  readonly file?: string;
  readonly rules: Readonly<Partial<Record<string, RuleSetting>>>;
}

export const NO_LINT_CONFIG: LintConfig = { rules: {} };

const z = zod();
const FILE_SHAPE = z
  .object({
    $schema: z.string().optional(),
    rules: z.record(z.string(), z.enum(['off', 'warning', 'error'])).default({}),
  })
  .strict();

export type ReadConfig =
  { readonly ok: true; readonly config: LintConfig } | { readonly ok: false; readonly message: string };

/** The configuration `--config` names (it must exist), else the default file when present, else none. */
export function readLintConfig(given: string | undefined, cwd: string): ReadConfig {
  const file = resolve(cwd, given ?? DEFAULT_LINT_CONFIG);
  if (given === undefined && !existsSync(file)) return { ok: true, config: NO_LINT_CONFIG };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { ok: false, message: `${file}: cannot read the lint configuration (--config)` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${file}: not JSON: ${(error as Error).message}` };
  }
  return parseLintConfig(data, file);
}

/** Validates a parsed configuration: known keys, and each rule a doc rule of the rule table. */
export function parseLintConfig(data: unknown, file: string): ReadConfig {
  const parsed = FILE_SHAPE.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(the file)';
    const fix = 'expected { "rules": { "<rule id>": "off" | "warning" | "error" } }';
    return { ok: false, message: `${file}: ${where}: ${issue?.message ?? 'invalid'}; ${fix}` };
  }
  for (const rule of Object.keys(parsed.data.rules)) {
    if (!isRuleId(rule) || ruleOf(rule).kind !== 'doc')
      return {
        ok: false,
        message: `${file}: rules.${rule}: not a rule lint reports; the rules are listed in the README ("Rules") and in each finding`,
      };
  }
  return { ok: true, config: { file, rules: parsed.data.rules } };
}

/** The findings as configured: switched-off rules left out (and counted by rule), others at their set severity. */
export function applyLintConfig(
  findings: readonly LintFinding[],
  config: LintConfig,
): { readonly findings: LintFinding[]; readonly off: Record<string, number> } {
  const off: Record<string, number> = {};
  const kept: LintFinding[] = [];
  for (const finding of findings) {
    const setting = Object.hasOwn(config.rules, finding.rule) ? config.rules[finding.rule] : undefined;
    if (setting === 'off') off[finding.rule] = (off[finding.rule] ?? 0) + 1;
    else kept.push(setting === undefined ? finding : { ...finding, severity: setting });
  }
  return { findings: kept, off };
}
