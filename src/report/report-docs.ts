/**
 * What the reviewer report needs of the docs: each page as the report shows it (its title, workload, findings,
 * permissions and the operations it documents, for coverage) and lint's findings by file. Derived from the stored
 * DocCases once and kept beside them, so that a run's report reads these and not the whole DocCases (over the whole
 * 2021 reference, 4 s and about a gigabyte of heap at the end of every run).
 */
import type { Page } from '../docs/model.ts';
import type { HttpMethod } from '../core/http.ts';
import type { FindingRecord } from './results-model.ts';

/** A page as the report reads it: a full `Page` is one. */
export type ReportPage = Pick<
  Page,
  'file' | 'title' | 'version' | 'frontMatter' | 'httpRequests' | 'findings' | 'includes' | 'permissions'
> & {
  /** Coverage asks whether the page has an example of a method, and whether it documents its response. */
  readonly examples: readonly { readonly request: { readonly method: HttpMethod }; readonly response?: unknown }[];
};

export interface ReportDocs {
  readonly pages: readonly ReportPage[];
  readonly lintFindings: ReadonlyMap<string, readonly FindingRecord[]>;
}

/** The companion of a stored DocCases entry that holds its `ReportDocs`. */
export const REPORT_DOCS_COMPANION = 'report-docs';

export function reportPageOf(page: Page): ReportPage {
  return {
    file: page.file,
    ...(page.title === undefined ? {} : { title: page.title }),
    ...(page.version === undefined ? {} : { version: page.version }),
    frontMatter: page.frontMatter,
    httpRequests: page.httpRequests,
    findings: page.findings,
    includes: page.includes,
    permissions: page.permissions,
    examples: page.examples.map((e) => ({
      request: { method: e.request.method },
      ...(e.response === undefined ? {} : { response: true }),
    })),
  };
}

/** A companion read back: `ReportDocs` as written, else undefined (it is then derived again). */
export function asReportDocs(value: unknown): ReportDocs | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { pages, lintFindings } = value as Partial<ReportDocs>;
  return Array.isArray(pages) && lintFindings instanceof Map ? { pages, lintFindings } : undefined;
}
