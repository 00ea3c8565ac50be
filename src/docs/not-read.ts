/**
 * Pages the harness did not read whole. Linting reports what it read; everything that acts on a page (its tests, the
 * mock's answers) needs the whole page, so it leaves these out and says why.
 */
import type { Finding } from '../core/finding.ts';
import type { Page } from './model.ts';

/** Findings that say part of a page was not read: commands that use pages without linting them show these. */
const NOT_READ: ReadonlySet<Finding['rule']> = new Set([
  'limit-exceeded',
  'outside-docs',
  'page-failed',
  'missing-include',
  'include-cycle',
]);

/**
 * What keeps a page from being used: over a limit of the harness, reaching outside the docs folder, or including
 * itself. Tests built from what was read would check a page that says less than its author wrote (a request body whose
 * included part was refused is another request), and a page built to exceed the limits would flood the run.
 */
const UNUSABLE: ReadonlySet<Finding['rule']> = new Set(['limit-exceeded', 'outside-docs', 'include-cycle']);

/** The pages' findings that say part of a page was not read (over a limit, outside the docs, an include lost). */
export function notReadFindings(pages: readonly Page[]): Finding[] {
  return pages.flatMap((page) => page.findings.filter((f) => NOT_READ.has(f.rule)));
}

/** The finding that keeps `page` from being used, or undefined when it was read whole. */
export function whyNotUsable(page: Page): Finding | undefined {
  return page.findings.find((f) => UNUSABLE.has(f.rule));
}
