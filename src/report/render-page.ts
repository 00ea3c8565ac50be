/**
 * One doc page's details in the reviewer report, loaded when the page is opened (see report-chunks.ts): its findings
 * grouped by rule, its permissions and documented operations, and its tests with their steps, errors, the documented
 * and actual answers side by side and a curl reproducer. Every piece of outside text goes through the `html` tag.
 */
import { isRuleId, ruleOf } from '../core/rules.ts';
import type { PageView, TestView } from './build-report.ts';
import type { DocLinker } from './doc-links.ts';
import { isSafeHref } from './doc-links.ts';
import type { MessageSide, Shortened } from './exchange-view.ts';
import { html, type Html } from './html.ts';
import type { TextStore } from './report-chunks.ts';
import type { FindingRecord, Verdict } from './results-model.ts';

const MARK: Readonly<Record<Verdict, string>> = { passed: '✓', failed: '✘', flaky: '±', skipped: '–' };

export function renderPageDetails(page: PageView, link: DocLinker, texts: TextStore): Html {
  const { result } = page;
  return html`${page.permissions.length > 0 ? html`<table class="perms"><caption>permissions</caption>${page.permissions.map((p) => html`<tr><th>${p.kind}</th><td>${p.scopes}</td></tr>`)}</table>` : null}
${result.findings.length > 0 ? html`<ul class="findings">${findingsByRule(result.findings).map((g) => findingGroup(g, link))}</ul>` : null}
${result.operations.length > 0 ? html`<p class="ops">${result.operations.map((o) => html`<span class="op ${o.exercised ? 'v-passed' : 'v-skipped'}">${o.exercised ? '✓' : '✗'} ${o.operation}${o.reason !== null ? html` <small>(${o.reason})</small>` : null}</span>`)}</p>` : null}
${page.tests.map((t) => renderTest(t, link, texts))}`;
}

interface FindingGroup {
  readonly rule: string;
  readonly severity: string;
  readonly findings: readonly FindingRecord[];
}

/** One line per rule and severity, errors first, with every location the rule is found at. */
export function findingsByRule(findings: readonly FindingRecord[]): FindingGroup[] {
  const groups = new Map<string, FindingRecord[]>();
  for (const f of findings) {
    const key = `${f.severity === 'error' ? 0 : 1}\u0000${f.rule}`;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, list]) => ({ rule: list[0]?.rule ?? '', severity: list[0]?.severity ?? 'warning', findings: list }));
}

function findingGroup(group: FindingGroup, link: DocLinker): Html {
  const first = group.findings[0];
  const others = new Set(group.findings.map((f) => f.message)).size - 1;
  const title = isRuleId(group.rule) ? ruleOf(group.rule).title : '';
  return html`<li class="sev-${group.severity}"><span class="sev">${group.severity}</span> <code>${group.rule}</code>${group.findings.length > 1 ? html` <b>×${group.findings.length}</b>` : null} <span class="rule-title">${title}</span>: ${first?.message ?? ''}${others > 0 ? html` <small>(and ${others} other wordings)</small>` : null}
<span class="locs">${group.findings.map((f) => html`${docLink(link, f.location, f.location, f.message)}${f.related !== null ? html` (↔ ${docLink(link, f.related, f.related)})` : null} `)}</span></li>`;
}

export function docLink(link: DocLinker, location: string, text: string, title?: string): Html {
  const href = link(location);
  return href !== null && isSafeHref(href)
    ? html`<a href="${href}"${title !== undefined ? html` title="${title}"` : null}>${text}</a>`
    : html`<span>${text}</span>`;
}

/** The summary line says everything a reader needs to decide whether to open the test: verdict, cause, skip reason. */
function renderTest(t: TestView, link: DocLinker, texts: TextStore): Html {
  const r = t.record;
  const name =
    r.example === null ? 'the page cannot be used' : r.check !== null ? `${r.example} › ${r.check}` : r.example;
  const failed = r.verdict === 'failed';
  const stepErrorShown = t.steps.some((s) => s.error !== null);
  return html`<details class="test v-${r.verdict}" data-verdict="${r.verdict}"${failed ? ' open' : ''}>
<summary><span class="badge v-${r.verdict}">${MARK[r.verdict]} ${r.verdict}</span> ${name}${r.cause !== null ? html` <span class="cause cause-${r.cause}">${r.cause}: <code>${r.rule ?? ''}</code></span>` : null}${r.skip !== null ? html` <span class="skip"><code>${r.skip.rule}</code>: ${r.skip.reason}</span>` : null}${t.bucket !== null ? html` <span class="bucket b-${t.bucket.replace(/ /g, '-')}">${t.bucket}</span>` : null} <small>${formatDuration(r.durationMs)}${r.attempts > 1 ? ` · ${String(r.attempts)} attempts` : ''}</small></summary>
<div class="test-body">
<p class="meta">${r.tags.join(' ')}${r.documentedAt !== null ? html` · documented at ${docLink(link, r.documentedAt, r.documentedAt)}` : null}${r.failure !== null ? html` · signature <code>${r.failure.signature}</code>` : null}</p>
${r.cause === 'doc' ? html`<p class="cause cause-doc">the page contradicts itself</p>` : null}
${r.observations.length > 0 ? html`<ul class="observations">${r.observations.map((o) => html`<li>observation (<code>${o.rule}</code>): ${o.message}</li>`)}</ul>` : null}
${(r.unrestored ?? []).length > 0 ? html`<div class="unrestored"><p>the tenant was left changed: put back by hand</p><ul>${(r.unrestored ?? []).map((u) => html`<li><code>${u.fix}</code> — ${u.problem} (cause ${u.cause})${u.original !== null ? html`<br>original values: <code>${JSON.stringify(u.original)}</code>` : null}</li>`)}</ul></div>` : null}
${t.steps.length > 0 ? html`<ol class="steps">${t.steps.map((s) => html`<li class="s-${s.status}">${s.status === 'failed' ? '✘' : s.status === 'skipped' ? '–' : '✓'} ${s.title}${s.error !== null ? html`<pre class="error">${s.error}</pre>` : null}</li>`)}</ol>` : null}
${t.error !== null && !stepErrorShown ? html`<pre class="error">${t.error.text}</pre>${truncation(t.error)}` : null}
${
  t.schemaErrors.length > 0
    ? html`<table class="schema-errors"><caption>schema errors</caption><thead><tr><th>pointer</th><th>problem</th><th>rule</th><th>documented at</th></tr></thead><tbody>${t.schemaErrors.map(
        (e) =>
          html`<tr><td><code class="ptr">${e.pointer}</code></td><td>${e.message}</td><td>${e.keyword}</td><td>${e.source !== null ? docLink(link, e.source, e.source) : ''}</td></tr>`,
      )}</tbody></table>`
    : null
}
${r.verdict === 'passed' || r.verdict === 'skipped' ? null : exchange(t, texts)}
${t.exchange.curl !== null ? html`<div class="curl"><div class="curl-head">reproduce <button type="button" class="copy">copy</button> <small>needs GRAPH_TOKEN in the environment</small></div><pre>${t.exchange.curl.text}</pre>${truncation(t.exchange.curl)}</div>` : null}
${t.exchange.documentedRequest !== null ? html`<details class="doc-request"><summary>documented request</summary>${shared(texts, t.exchange.documentedRequest.text)}${truncation(t.exchange.documentedRequest)}</details>` : null}
</div></details>`;
}

/** A text many tests show alike, stored once in the chunk and put in place by the script. */
function shared(texts: TextStore, text: string): Html {
  return html`<pre data-text="${texts.ref(text)}"></pre>`;
}

function exchange(t: TestView, texts: TextStore): Html | null {
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
<tr><td>body</td><td>${documented?.body != null ? shared(texts, documented.body) : null}${sideTruncation(documented)}</td><td><pre>${actual?.body ?? ''}</pre>${sideTruncation(actual)}</td></tr></tbody></table>`;
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

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${String(Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}
