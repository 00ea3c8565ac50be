/**
 * The doc findings of `graph-conformance lint` for each page, so the reviewer report shows the same findings a doc
 * writer gets from the linter (the tests' annotations carry only the parser's).
 */
import type { DocSet } from '../docset/docset.ts';
import { lintPages } from '../lint/lint-pages.ts';
import type { FindingRecord } from './results-model.ts';

export function lintFindingsByFile(docSet: DocSet): Map<string, FindingRecord[]> {
  const byFile = new Map<string, FindingRecord[]>();
  for (const f of lintPages(docSet).findings) {
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
  return byFile;
}
