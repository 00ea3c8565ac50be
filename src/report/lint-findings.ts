/**
 * The doc findings of `graph-conformance lint` for each page, so the reviewer report shows the same findings a doc
 * writer gets from the linter (the tests' annotations carry only the parser's). Lint needs the whole suite (schemas,
 * cases); when it cannot run, the report says so and keeps the annotations' findings.
 */
import type { Settings } from '../settings/settings.ts';
import type { FindingRecord } from './results-model.ts';

export async function lintFindingsByFile(settings: Settings, notes: string[]): Promise<Map<string, FindingRecord[]>> {
  const byFile = new Map<string, FindingRecord[]>();
  try {
    const { buildSuite } = await import('../run/suite.ts');
    const { lintPages } = await import('../lint/lint-pages.ts');
    const suite = buildSuite(settings);
    const report = lintPages({
      pages: suite.pages,
      inputFindings: suite.inputFindings,
      registry: suite.registry,
      cases: suite.cases,
    });
    for (const f of report.findings) {
      const record: FindingRecord = {
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        location: `${f.file}:${String(f.line)}`,
        related: f.related === undefined ? null : `${f.related.file}:${String(f.related.line)}`,
      };
      const list = byFile.get(f.file);
      if (list) list.push(record);
      else byFile.set(f.file, [record]);
    }
  } catch (error) {
    notes.push(
      `lint findings are not shown (graph-conformance lint could not run: ${error instanceof Error ? error.message : String(error)}); the pages' own findings are`,
    );
  }
  return byFile;
}
