/**
 * The reviewer report as one self-contained HTML file: inline CSS, a small inline script for the filters, no network.
 * Every piece of doc or response text goes through the `html` tag (escaped); the page also forbids any network
 * access and any script but its own through its Content-Security-Policy.
 */
import { BUCKETS } from './compare.ts';
import { CAUSES } from '../core/rules.ts';
import type { DocLinker } from './doc-links.ts';
import { isSafeHref } from './doc-links.ts';
import type { MessageSide, Shortened } from './exchange-view.ts';
import { groupPages, type PageView, type ReportView, type TestView } from './build-report.ts';
import { html, trusted, type Html } from './html.ts';
import type { FindingRecord, Verdict } from './results-model.ts';
import { trendChart } from './trend.ts';
import { plural } from '../core/plural.ts';
import { REPORT_CSS, REPORT_SCRIPT } from './report-assets.ts';

const MARK: Readonly<Record<Verdict, string>> = { passed: '✓', failed: '✘', flaky: '±', skipped: '–' };

export function renderReport(view: ReportView, link: DocLinker): string {
  const { results } = view;
  const rules = [...new Set(results.pages.flatMap((p) => p.findings.map((f) => f.rule)))].sort();
  const versions = [...new Set(results.pages.map((p) => p.version ?? 'unknown version'))].sort();
  let testIndex = 0;
  const ids = new Map<string, string>();
  for (const page of view.pages) for (const t of page.tests) ids.set(t.record.title, `t-${String(testIndex++)}`);

  const doc = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Doc conformance: ${results.counts.failed} failed, ${results.counts.passed} passed</title>
<style>${trusted(REPORT_CSS)}</style></head>
<body>
<header><h1>Doc conformance</h1>
<p class="run">target <b>${results.run.target.origin}</b>${results.run.target.kind === 'mock' ? ' (embedded mock tenant)' : ''}
 · docs ${results.run.docs.paths.join(', ')}${results.run.docs.commit !== null ? html` at <code>${results.run.docs.commit.slice(0, 12)}</code>` : ''}
 · started ${results.run.startedAt} · ${formatDuration(results.run.durationMs)} · run ${results.run.status}</p></header>
${summary(view, ids)}
<form id="filters" onsubmit="return false">
<label><input type="checkbox" id="f-failed"> failed only</label>
<label>version <select id="f-version"><option value="">all</option>${versions.map((v) => html`<option>${v}</option>`)}</select></label>
<label>finding <select id="f-rule"><option value="">any</option>${rules.map((r) => html`<option>${r}</option>`)}</select></label>
<label>search <input type="search" id="f-text" placeholder="page, example, finding…"></label>
<span id="f-count"></span>
</form>
<main>
${groupPages(view.pages).map(
  (group) => html`<section class="group" data-version="${group.version}">
<h2>${group.version} · ${group.workload} <small>(${plural(group.pages.length, 'page')})</small></h2>
${group.pages.map((page) => renderPage(page, link, ids))}
</section>`,
)}
${view.pages.length === 0 ? html`<p>No doc pages in this run.</p>` : null}
</main>
<script>${trusted(REPORT_SCRIPT)}</script>
</body></html>
`;
  return doc.value;
}

function summary(view: ReportView, ids: ReadonlyMap<string, string>): Html {
  const { results } = view;
  const pageCounts = { passed: 0, failed: 0, flaky: 0, skipped: 0 };
  for (const p of results.pages) pageCounts[p.verdict]++;
  const operations = results.pages.flatMap((p) => p.operations.map((o) => ({ page: p, o })));
  const exercised = operations.filter((x) => x.o.exercised).length;
  return html`<section id="summary">
<table class="counts"><thead><tr><th></th><th>failed</th><th>flaky</th><th>passed</th><th>skipped</th><th>total</th></tr></thead><tbody>
<tr><th>tests</th>${countCells(results.counts)}</tr>
<tr><th>doc pages</th>${countCells(pageCounts)}</tr>
<tr><th>documented operations</th><td colspan="2"></td><td class="v-passed">${exercised} exercised</td><td class="v-skipped">${operations.length - exercised} not</td><td>${operations.length}</td></tr>
</tbody></table>
<p class="causes">failures by cause: ${CAUSES.map((c) => html`<span class="cause-${c}"><b>${c}</b> ${results.counts.byCause[c]}</span> `)}· ${results.counts.observed} tests with observations <small>(target: the service departs from a consistent page; doc: the page contradicts itself; observation: a strict reading where the page is silent; harness: a bug of the harness)</small></p>
${view.notes.map((n) => html`<p class="note">${n}</p>`)}
${
  view.comparison
    ? html`<div id="baseline"><h2>Compared with the baseline</h2>
<p>baseline ${view.comparison.baseline.startedAt} (${view.comparison.baseline.target}) → this run (${view.comparison.current.target})</p>
<ul class="buckets">${BUCKETS.map((bucket) => {
        const entries = view.comparison?.buckets[bucket] ?? [];
        return html`<li class="b-${bucket.replace(/ /g, '-')}"><details${bucket === 'new failure' && entries.length > 0 ? ' open' : ''}><summary><b>${bucket}</b>: ${entries.length}</summary><ul>${entries.map(
          (e) =>
            html`<li><a href="#${ids.get(e.title) ?? ''}">${e.title}</a>${e.signature !== null && e.now !== 'passed' ? html` <code>${e.signature}</code>` : null}${e.changed ? ' (fails differently now)' : ''}</li>`,
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
<details id="coverage"><summary><b>Coverage</b>: ${exercised} of ${operations.length} documented operations exercised</summary>
<table class="coverage"><thead><tr><th>page</th><th>operation</th><th>exercised</th><th>why not</th></tr></thead><tbody>
${operations.map((x) => html`<tr class="${x.o.exercised ? 'v-passed' : 'v-skipped'}"><td>${x.page.file}</td><td><code>${x.o.operation}</code></td><td>${x.o.exercised ? 'yes' : 'no'}</td><td>${x.o.reason ?? ''}</td></tr>`)}
</tbody></table></details>
</section>`;
}

function countCells(c: Readonly<Record<Verdict, number>>): Html {
  const total = c.failed + c.flaky + c.passed + c.skipped;
  return html`<td class="v-failed">${c.failed}</td><td class="v-flaky">${c.flaky}</td><td class="v-passed">${c.passed}</td><td class="v-skipped">${c.skipped}</td><td>${total}</td>`;
}

function renderPage(page: PageView, link: DocLinker, ids: ReadonlyMap<string, string>): Html {
  const { result } = page;
  const search = [
    page.shown,
    page.title ?? '',
    ...page.tests.map((t) => t.record.title),
    ...result.findings.map((f) => `${f.rule} ${f.message}`),
  ]
    .join(' ')
    .toLowerCase();
  return html`<article class="page v-${result.verdict}" data-verdict="${result.verdict}" data-version="${result.version ?? 'unknown version'}" data-rules="${[...new Set(result.findings.map((f) => f.rule))].join(' ')}" data-search="${search}">
<h3><span class="badge v-${result.verdict}">${result.verdict}</span> ${docLink(link, result.file, page.shown)}${page.title !== null ? html` <span class="doc-title">${page.title}</span>` : null}${strip(page.strip)}</h3>
${result.findings.length > 0 ? html`<ul class="findings">${result.findings.map((f) => finding(f, link))}</ul>` : null}
${result.operations.length > 0 ? html`<p class="ops">${result.operations.map((o) => html`<span class="op ${o.exercised ? 'v-passed' : 'v-skipped'}" title="${o.reason ?? 'exercised'}">${o.exercised ? '✓' : '✗'} ${o.operation}${o.reason !== null ? html` <small>(${o.reason})</small>` : null}</span>`)}</p>` : null}
${page.tests.map((t) => renderTest(t, link, ids.get(t.record.title) ?? ''))}
</article>`;
}

function strip(verdicts: readonly (Verdict | null)[]): Html | null {
  if (verdicts.length <= 1) return null;
  return html`<span class="strip" title="this page in the last ${verdicts.length} runs, oldest first">${verdicts.map((v) => html`<i class="${v === null ? 'absent' : `v-${v}`}" title="${v ?? 'not in that run'}"></i>`)}</span>`;
}

function finding(f: FindingRecord, link: DocLinker): Html {
  return html`<li class="sev-${f.severity}"><span class="sev">${f.severity}</span> <code>${f.rule}</code> ${f.message} ${docLink(link, f.location, f.location)}</li>`;
}

function docLink(link: DocLinker, location: string, text: string): Html {
  const href = link(location);
  return href !== null && isSafeHref(href) ? html`<a href="${href}">${text}</a>` : html`<span>${text}</span>`;
}

function renderTest(t: TestView, link: DocLinker, id: string): Html {
  const r = t.record;
  const name =
    r.example === null ? 'the page cannot be used' : r.check !== null ? `${r.example} › ${r.check}` : r.example;
  const failed = r.verdict === 'failed';
  const stepErrorShown = t.steps.some((s) => s.error !== null);
  return html`<details class="test v-${r.verdict}" id="${id}" data-verdict="${r.verdict}"${failed ? ' open' : ''}>
<summary><span class="badge v-${r.verdict}">${MARK[r.verdict]} ${r.verdict}</span> ${name}${t.bucket !== null ? html` <span class="bucket b-${t.bucket.replace(/ /g, '-')}">${t.bucket}</span>` : null} <small>${formatDuration(r.durationMs)}${r.attempts > 1 ? ` · ${String(r.attempts)} attempts` : ''}</small></summary>
<div class="test-body">
<p class="meta">${r.tags.join(' ')}${r.documentedAt !== null ? html` · documented at ${docLink(link, r.documentedAt, r.documentedAt)}` : null}${r.failure !== null ? html` · signature <code>${r.failure.signature}</code>` : null}</p>
${r.skip !== null ? html`<p class="skip">skipped (<code>${r.skip.rule}</code>): ${r.skip.reason}</p>` : null}
${r.cause !== null ? html`<p class="cause cause-${r.cause}">cause: <b>${r.cause}</b> (<code>${r.rule ?? ''}</code>)${r.cause === 'doc' ? ' — the page contradicts itself' : ''}</p>` : null}
${r.observations.length > 0 ? html`<ul class="observations">${r.observations.map((o) => html`<li>observation (<code>${o.rule}</code>): ${o.message}</li>`)}</ul>` : null}
${(r.unrestored ?? []).length > 0 ? html`<div class="unrestored"><p>the tenant was left changed: put back by hand</p><ul>${(r.unrestored ?? []).map((u) => html`<li><code>${u.fix}</code> — ${u.problem} (cause ${u.cause})${u.original !== null ? html`<br>original values: <code>${JSON.stringify(u.original)}</code>` : null}</li>`)}</ul></div>` : null}
${t.steps.length > 0 ? html`<ol class="steps">${t.steps.map((s) => html`<li class="s-${s.status}">${s.status === 'failed' ? '✘' : s.status === 'skipped' ? '–' : '✓'} ${s.title} <small>${formatDuration(s.durationMs)}</small>${s.error !== null ? html`<pre class="error">${s.error}</pre>` : null}</li>`)}</ol>` : null}
${t.error !== null && !stepErrorShown ? html`<pre class="error">${t.error.text}</pre>${truncation(t.error)}` : null}
${
  t.schemaErrors.length > 0
    ? html`<table class="schema-errors"><caption>schema errors</caption><thead><tr><th>pointer</th><th>problem</th><th>rule</th><th>documented at</th></tr></thead><tbody>${t.schemaErrors.map(
        (e) =>
          html`<tr><td><code class="ptr">${e.pointer}</code></td><td>${e.message}</td><td>${e.keyword}</td><td>${e.source !== null ? docLink(link, e.source, e.source) : ''}</td></tr>`,
      )}</tbody></table>`
    : null
}
${exchange(t)}
${t.exchange.curl !== null ? html`<div class="curl"><div class="curl-head">reproduce <button type="button" class="copy">copy</button> <small>needs GRAPH_TOKEN in the environment</small></div><pre>${t.exchange.curl.text}</pre>${truncation(t.exchange.curl)}</div>` : null}
${t.exchange.documentedRequest !== null ? html`<details class="doc-request"><summary>documented request</summary><pre>${t.exchange.documentedRequest.text}</pre>${truncation(t.exchange.documentedRequest)}</details>` : null}
</div></details>`;
}

function exchange(t: TestView): Html | null {
  const { documented, actual, diff } = t.exchange;
  if (documented === null && actual === null) return null;
  const head = html`<tr class="${documented?.status === actual?.status ? 'same' : 'changed'}"><td>status</td><td>${documented?.status ?? ''}</td><td>${actual?.status ?? ''}</td></tr>
<tr class="${sameType(documented, actual) ? 'same' : 'changed'}"><td>Content-Type</td><td>${documented?.contentType ?? ''}</td><td>${actual?.contentType ?? ''}</td></tr>`;
  if (diff !== null) {
    return html`<table class="diff"><caption>documented vs actual response <small>(by JSON pointer; <span class="flagged">highlighted</span>: named by the failure)</small></caption>
<thead><tr><th>pointer</th><th>documented</th><th>actual</th></tr></thead><tbody>${head}
${diff.rows.map((row) => html`<tr class="${row.kind}${row.flagged ? ' flagged' : ''}"><td><code class="ptr">${row.pointer}</code></td><td>${row.documented ?? (row.kind === 'extra' ? '(not documented)' : '')}</td><td>${row.actual ?? (row.kind === 'missing' ? '(missing)' : '')}</td></tr>`)}
</tbody></table>${diff.omitted > 0 ? html`<p class="note">${diff.omitted} more rows left out to keep the report small; the full bodies are in Playwright's HTML report.</p>` : null}`;
  }
  return html`<table class="diff raw"><caption>documented vs actual response</caption><thead><tr><th></th><th>documented</th><th>actual</th></tr></thead><tbody>${head}
<tr><td>body</td><td><pre>${documented?.body ?? ''}</pre>${sideTruncation(documented)}</td><td><pre>${actual?.body ?? ''}</pre>${sideTruncation(actual)}</td></tr></tbody></table>`;
}

function sameType(a: MessageSide | null, b: MessageSide | null): boolean {
  const base = (s: string | null | undefined): string => (s ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return base(a?.contentType) === base(b?.contentType);
}

function truncation(s: Shortened): Html | null {
  return s.truncatedFrom !== null
    ? html`<p class="note">truncated: ${s.text.length} of ${s.truncatedFrom} characters shown (report size limit)</p>`
    : null;
}

function sideTruncation(s: MessageSide | null): Html | null {
  return s?.truncatedFrom != null && s.body !== null
    ? html`<p class="note">truncated: ${s.body.length} of ${s.truncatedFrom} characters shown</p>`
    : null;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${String(Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}
