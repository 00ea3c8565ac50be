/**
 * The reviewer report as static files that open from disk: `index.html` (the first screen: counts, the pages ranked by
 * what a reviewer should do, the counts per rule, the filters), `report.js` (its script) and `data/<n>.js` (each page's
 * details, compressed, loaded when the page is opened: see report-chunks.ts). The first screen stays small at the
 * scale of the whole reference: one line per page. Everything from docs and responses goes through the `html` tag;
 * the Content-Security-Policy allows no network and no script but the report's own files.
 */
import { posix } from 'node:path';
import { BUCKETS } from './compare.ts';
import { CAUSES, isRuleId, ruleOf } from '../core/rules.ts';
import type { DocLinker } from './doc-links.ts';
import type { PageView, ReportView } from './build-report.ts';
import { html, trusted, type Html } from './html.ts';
import { byWhatToDo, PAGE_STATUS_LABEL, PAGE_STATUSES, type PageStatus } from './page-status.ts';
import { buildChunks, type Chunk } from './report-chunks.ts';
import { formatDuration, renderPageDetails } from './render-page.ts';
import { isSafeHref } from './doc-links.ts';
import type { Verdict } from './results-model.ts';
import { trendChart } from './trend.ts';
import { plural } from '../core/plural.ts';
import { REPORT_CSS, REPORT_SCRIPT } from './report-assets.ts';

export interface ReportFiles {
  readonly index: string;
  readonly script: string;
  readonly chunks: readonly Chunk[];
}

/**
 * `out` finishes every text before it is written or compressed: the reporter redacts secrets and machine paths with
 * it, which it could not do once a chunk is compressed.
 */
export function renderReport(
  view: ReportView,
  link: DocLinker,
  out: (text: string) => string = (text) => text,
): ReportFiles {
  const { results } = view;
  // Chunks hold pages by folder and path; the first screen lists them by what to do.
  const byPath = [...view.pages].sort((a, b) => a.shown.localeCompare(b.shown));
  const ids = new Map(byPath.map((p, i) => [p, `p-${String(i)}`]));
  const chunks = buildChunks(
    byPath.map((page) => ({
      id: ids.get(page) ?? '',
      folder: posix.dirname(page.shown),
      render: (texts) => renderPageDetails(page, link, texts),
    })),
    out,
  );
  const chunkOf = new Map(chunks.flatMap((c, n) => c.pages.map((id) => [id, n] as const)));
  const ranked = [...view.pages].sort((a, b) =>
    byWhatToDo({ path: a.shown, assessment: a.assessment }, { path: b.shown, assessment: b.assessment }),
  );
  const pageOfTest = new Map(
    view.pages.flatMap((p) => p.tests.map((t) => [t.record.title, ids.get(p) ?? ''] as const)),
  );
  const versions = [...new Set(results.pages.map((p) => p.version ?? 'unknown version'))].sort();
  const rules = ruleCounts(view.pages);

  const doc = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; img-src data:">
<title>Doc conformance: ${results.counts.failed} failed, ${results.counts.passed} passed</title>
<style>${trusted(REPORT_CSS)}</style></head>
<body>
<header><h1>Doc conformance</h1>
<p class="run">target <b>${results.run.target.origin}</b>${results.run.target.kind === 'mock' ? ' (embedded mock tenant)' : ''}
 · docs ${results.run.docs.paths.join(', ')}${results.run.docs.commit !== null ? html` at <code>${results.run.docs.commit.slice(0, 12)}</code>` : ''}
 · started ${results.run.startedAt} · ${formatDuration(results.run.durationMs)} · run ${results.run.status}</p></header>
${summary(view, pageOfTest)}
<form id="filters">
<label><input type="checkbox" id="f-failed"> failed only</label>
<label>status <select id="f-status"><option value="">any</option>${PAGE_STATUSES.map((s) => html`<option value="${s}">${PAGE_STATUS_LABEL[s]}</option>`)}</select></label>
<label>version <select id="f-version"><option value="">all</option>${versions.map((v) => html`<option>${v}</option>`)}</select></label>
<label>finding <select id="f-rule"><option value="">any</option>${rules.map((r) => html`<option>${r.rule}</option>`)}</select></label>
<label>search <input type="search" id="f-text" placeholder="page, example, rule…"></label>
<span id="f-count"></span>
</form>
<main id="pages">${view.pages.length === 0 ? html`<p>No doc pages in this run.</p>` : null}</main>
<p><button type="button" id="more" hidden></button></p>
<script type="application/json" id="page-data">${scriptJson(ranked.map((page) => pageEntry(page, ids.get(page) ?? '', chunkOf.get(ids.get(page) ?? '') ?? -1, link)))}</script>
<script src="report.js"></script>
</body></html>
`;
  return { index: out(doc.value), script: REPORT_SCRIPT, chunks };
}

function summary(view: ReportView, pageOfTest: ReadonlyMap<string, string>): Html {
  const { results } = view;
  const statuses = Object.fromEntries(PAGE_STATUSES.map((s) => [s, 0])) as Record<PageStatus, number>;
  for (const p of view.pages) statuses[p.assessment.status]++;
  const operations = results.pages.flatMap((p) => p.operations);
  const exercised = operations.filter((o) => o.exercised).length;
  const notExercised = new Map<string, number>();
  for (const o of operations)
    if (!o.exercised) notExercised.set(o.reason ?? 'unknown', (notExercised.get(o.reason ?? 'unknown') ?? 0) + 1);
  const rules = ruleCounts(view.pages);
  return html`<section id="summary"><aside>
<table class="statuses"><caption>doc pages (${view.pages.length}): what to do</caption><tbody>
${PAGE_STATUSES.map((s) => html`<tr class="s-${s}"><th><button type="button" class="status-filter" data-status="${s}">${PAGE_STATUS_LABEL[s]}</button></th><td>${statuses[s]}</td></tr>`)}
</tbody></table>
${
  rules.length > 0
    ? html`<div class="rules-box"><table class="rules"><caption>findings by rule</caption><thead><tr><th>rule</th><th>findings</th><th>pages</th></tr></thead><tbody>
${rules.map((r) => html`<tr class="sev-${r.severity}"><td><span class="sev">${r.severity === 'error' ? 'E' : 'W'}</span> <button type="button" class="rule-filter" data-rule="${r.rule}" title="${r.title}">${r.rule}</button></td><td>${r.findings}</td><td>${r.pages}</td></tr>`)}
</tbody></table></div>`
    : null
}
</aside>
<table class="counts"><thead><tr><th></th><th>failed</th><th>flaky</th><th>passed</th><th>skipped</th><th>total</th></tr></thead><tbody>
<tr><th>tests</th>${countCells(results.counts)}</tr>
<tr><th>documented operations</th><td colspan="2"></td><td class="v-passed">${exercised} exercised</td><td class="v-skipped">${operations.length - exercised} not</td><td>${operations.length}</td></tr>
</tbody></table>
<p class="causes">failures by cause: ${CAUSES.map((c) => html`<span class="cause-${c}"><b>${c}</b> ${results.counts.byCause[c]}</span> `)}· ${results.counts.observed} tests with observations <small>(target: the service departs from a consistent page; doc: the page contradicts itself; observation: a strict reading where the page is silent; harness: a bug of the harness)</small></p>
${view.notes.map((n) => html`<p class="note">${n}</p>`)}
${
  notExercised.size > 0
    ? html`<details id="coverage"><summary><b>Coverage</b>: ${exercised} of ${operations.length} documented operations exercised</summary><table class="coverage"><thead><tr><th>why not exercised</th><th>operations</th></tr></thead><tbody>${[
        ...notExercised,
      ]
        .sort((a, b) => b[1] - a[1])
        .map(([reason, n]) => html`<tr><td>${reason}</td><td>${n}</td></tr>`)}</tbody></table></details>`
    : null
}
${
  view.comparison
    ? html`<div id="baseline"><h2>Compared with the baseline</h2>
<p>baseline ${view.comparison.baseline.startedAt} (${view.comparison.baseline.target}) → this run (${view.comparison.current.target})</p>
<ul class="buckets">${BUCKETS.map((bucket) => {
        const entries = view.comparison?.buckets[bucket] ?? [];
        return html`<li class="b-${bucket.replace(/ /g, '-')}"><details${bucket === 'new failure' && entries.length > 0 ? ' open' : ''}><summary><b>${bucket}</b>: ${entries.length}</summary><ul>${entries.map(
          (e) =>
            html`<li><a href="#${pageOfTest.get(e.title) ?? ''}">${e.title}</a>${e.signature !== null && e.now !== 'passed' ? html` <code>${e.signature}</code>` : null}${e.changed ? ' (fails differently now)' : ''}</li>`,
        )}</ul></details></li>`;
      })}</ul>${view.comparison.gone.length > 0 ? html`<p>${plural(view.comparison.gone.length, 'test')} of the baseline ${view.comparison.gone.length === 1 ? 'is' : 'are'} not in this run.</p>` : null}</div>`
    : null
}
${
  view.history.length > 0
    ? html`<div id="trend"><h2>Trend (${view.history.length + 1} runs)</h2>${trendChart([
        ...view.history.map((r) => ({ label: r.run.startedAt, counts: r.counts })),
        { label: `${results.run.startedAt} (this run)`, counts: results.counts },
      ])}<p class="legend"><span class="v-passed">■ passed</span> <span class="v-flaky">■ flaky</span> <span class="v-failed">■ failed</span> <span class="v-skipped">■ skipped</span></p></div>`
    : null
}
</section>`;
}

interface RuleCount {
  readonly rule: string;
  readonly severity: string;
  readonly title: string;
  readonly findings: number;
  readonly pages: number;
}

/** Findings per rule over all pages, errors first, then the most frequent. */
function ruleCounts(pages: readonly PageView[]): RuleCount[] {
  const counts = new Map<string, { findings: number; pages: number; errors: number }>();
  for (const page of pages) {
    for (const [rule, n] of Object.entries(page.assessment.rules)) {
      const c = counts.get(rule) ?? { findings: 0, pages: 0, errors: 0 };
      c.findings += n;
      c.pages++;
      counts.set(rule, c);
    }
    for (const f of page.result.findings) if (f.severity === 'error') (counts.get(f.rule) ?? { errors: 0 }).errors++;
  }
  return [...counts]
    .map(([rule, c]) => ({
      rule,
      severity: c.errors > 0 ? 'error' : 'warning',
      title: isRuleId(rule) ? ruleOf(rule).title : '',
      findings: c.findings,
      pages: c.pages,
    }))
    .sort((a, b) => a.severity.localeCompare(b.severity) || b.findings - a.findings || a.rule.localeCompare(b.rule));
}

function countCells(c: Readonly<Record<Verdict, number>>): Html {
  const total = c.failed + c.flaky + c.passed + c.skipped;
  return html`<td class="v-failed">${c.failed}</td><td class="v-flaky">${c.flaky}</td><td class="v-passed">${c.passed}</td><td class="v-skipped">${c.skipped}</td><td>${total}</td>`;
}

/**
 * One line per page, as data: its status, path, title, and what there is to act on, skip reasons included, so that a
 * reviewer reads the first screen without opening anything. The script draws the lines that match the filters, the
 * first ones only (a run of the whole reference has 11,000 pages), and loads a page's details when it is opened.
 */
export interface PageEntry {
  /** Element id (`p-12`) and chunk of its details. */
  readonly id: string;
  readonly chunk: number;
  readonly status: PageStatus;
  readonly label: string;
  readonly path: string;
  readonly href: string | null;
  readonly title: string | null;
  readonly version: string;
  /** Failed tests by cause, then passed, skipped, errors, warnings: the tally. */
  readonly failed: Readonly<Record<string, number>>;
  readonly passed: number;
  readonly skipped: number;
  readonly errors: number;
  readonly warnings: number;
  readonly rules: readonly string[];
  readonly skips: readonly { readonly rule: string; readonly count: number; readonly reason: string }[];
  readonly scopes: readonly string[];
  readonly strip: readonly (Verdict | null)[];
  /** Lower-case text the search looks in: path, title, example names, rules. */
  readonly search: string;
}

function pageEntry(page: PageView, id: string, chunk: number, link: DocLinker): PageEntry {
  const { result, assessment: a } = page;
  const href = link(result.file);
  return {
    id,
    chunk,
    status: a.status,
    label: PAGE_STATUS_LABEL[a.status],
    path: page.shown,
    href: href !== null && isSafeHref(href) ? href : null,
    title: page.title,
    version: result.version ?? 'unknown version',
    failed: Object.fromEntries(CAUSES.filter((c) => a.failed[c] > 0).map((c) => [c, a.failed[c]])),
    passed: a.passed,
    skipped: a.skipped,
    errors: a.errors,
    warnings: a.warnings,
    rules: Object.keys(a.rules),
    skips: a.skips.map((s) => ({ ...s, reason: s.reason.length > 240 ? `${s.reason.slice(0, 240)}…` : s.reason })),
    scopes: [...new Set(page.permissions.map((p) => p.scopes))].filter((s) => s !== 'not given'),
    strip: page.strip.length > 1 ? page.strip : [],
    search: [
      page.shown,
      page.title ?? '',
      ...new Set(page.tests.map((t) => t.record.example ?? '')),
      ...Object.keys(a.rules),
    ]
      .join(' ')
      .toLowerCase(),
  };
}

/** JSON inside a `<script type="application/json">`: nothing in it can close the element or open a comment. */
function scriptJson(value: unknown): Html {
  return trusted(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}
