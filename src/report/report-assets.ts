/**
 * The reviewer report's own CSS (inlined) and script (`report.js`, next to `index.html`: the page opens from disk, and
 * its Content-Security-Policy runs no inline script). The script filters the first screen by data-* attributes, and
 * puts in a page's details when the page is opened: markup the report rendered (every outside text escaped at build
 * time), inflated from the page's chunk; shared texts go in as text, never as markup.
 */
import { CHUNK_CALLBACK } from './report-chunks.ts';

export const REPORT_CSS = `
:root { --failed:#c62828; --flaky:#ef6c00; --passed:#2e7d32; --skipped:#757575; font-family: system-ui, sans-serif; font-size: 14px; }
body { margin: 0 auto; max-width: 1400px; padding: 0 16px 40px; color: #1a1a1a; background: #fafafa; }
h1 { margin: 16px 0 4px; font-size: 22px; } h2 { font-size: 17px; margin: 18px 0 8px; } h3 { font-size: 15px; margin: 0 0 6px; }
.run { color: #555; margin: 0 0 10px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
pre { white-space: pre-wrap; word-break: break-word; margin: 4px 0; }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
.counts td { text-align: right; min-width: 60px; font-weight: 600; }
td.v-failed, .v-failed > .sev { color: var(--failed); } td.v-flaky { color: var(--flaky); } td.v-passed { color: var(--passed); } td.v-skipped { color: var(--skipped); }
.legend .v-passed { color: var(--passed); } .legend .v-failed { color: var(--failed); } .legend .v-flaky { color: var(--flaky); } .legend .v-skipped { color: var(--skipped); }
.badge { display: inline-block; padding: 1px 7px; border-radius: 9px; color: #fff; font-size: 12px; font-weight: 600; }
.badge.v-failed { background: var(--failed); } .badge.v-flaky { background: var(--flaky); } .badge.v-passed { background: var(--passed); } .badge.v-skipped { background: var(--skipped); }
#filters { position: sticky; top: 0; z-index: 2; background: #eef2f7; border: 1px solid #cfd8e3; padding: 8px 10px; margin: 14px 0; display: flex; gap: 18px; flex-wrap: wrap; align-items: center; }
#f-count { color: #555; margin-left: auto; }
.group > h2 { border-bottom: 2px solid #cfd8e3; padding-bottom: 3px; }
.page { background: #fff; border: 1px solid #ddd; border-left: 5px solid var(--skipped); border-radius: 4px; padding: 10px 12px; margin: 10px 0; }
.page.v-failed { border-left-color: var(--failed); } .page.v-passed { border-left-color: var(--passed); } .page.v-flaky { border-left-color: var(--flaky); }
.doc-title { color: #555; font-weight: normal; }
.findings { margin: 4px 0 8px; padding-left: 18px; } .findings li { margin: 2px 0; }
.sev { font-size: 11px; text-transform: uppercase; font-weight: 700; } .sev-error .sev { color: var(--failed); } .sev-warning .sev { color: var(--flaky); }
.ops { margin: 4px 0 8px; } .op { display: inline-block; margin: 2px 10px 2px 0; font-family: ui-monospace, monospace; font-size: 12px; }
.op.v-passed { color: var(--passed); } .op.v-skipped { color: var(--skipped); }
.test { border-top: 1px solid #eee; padding: 4px 0; } .test > summary { cursor: pointer; padding: 3px 0; }
.test-body { padding: 4px 0 8px 22px; }
.meta { color: #555; margin: 2px 0 6px; } .skip { color: var(--skipped); }
.unrestored { border-left: 3px solid var(--failed); padding-left: 8px; }
.steps { margin: 4px 0 8px; padding-left: 20px; } .steps .s-failed { color: var(--failed); } .steps .s-passed { color: var(--passed); } .steps .s-skipped { color: var(--skipped); }
pre.error { color: #1a1a1a; background: #fdecea; border-left: 3px solid var(--failed); padding: 6px 8px; }
table.diff { width: 100%; table-layout: fixed; margin: 8px 0; } table.diff th:first-child, table.diff td:first-child { width: 22%; }
table.diff td { font-family: ui-monospace, monospace; font-size: 12px; word-break: break-word; white-space: pre-wrap; }
tr.changed td { background: #fff8e1; } tr.missing td { background: #fdecea; } tr.extra td { background: #e8f5e9; }
tr.flagged td, span.flagged { background: #ffcdd2; font-weight: 700; } tr.flagged td:first-child { box-shadow: inset 4px 0 0 var(--failed); }
.schema-errors { margin: 8px 0; } .ptr { color: #6a1b9a; }
.curl { background: #263238; color: #eceff1; border-radius: 4px; padding: 6px 10px; margin: 8px 0; }
.curl pre { color: #eceff1; } .curl-head { font-size: 12px; color: #b0bec5; } .copy { font-size: 11px; }
.note { color: #6d4c41; font-style: italic; margin: 4px 0; }
.strip { margin-left: 10px; } .strip i { display: inline-block; width: 9px; height: 12px; margin-right: 1px; vertical-align: middle; background: #e0e0e0; }
.strip i.v-failed { background: var(--failed); } .strip i.v-passed { background: var(--passed); } .strip i.v-flaky { background: var(--flaky); } .strip i.v-skipped { background: var(--skipped); }
.trend rect.v-failed { fill: var(--failed); } .trend rect.v-passed { fill: var(--passed); } .trend rect.v-flaky { fill: var(--flaky); } .trend rect.v-skipped { fill: var(--skipped); }
.trend text { font-size: 10px; fill: #555; }
.buckets { list-style: none; padding: 0; } .bucket { font-size: 11px; padding: 1px 6px; border-radius: 8px; background: #eee; }
.b-new-failure b, .bucket.b-new-failure { color: #fff; background: var(--failed); } .bucket.b-fixed { background: #c8e6c9; }
.coverage td { font-size: 12px; }
[hidden] { display: none !important; }
:root { --needs-fixing:#c62828; --service-departs:#ad1457; --harness-error:#6a1b9a; --not-checked:#757575; --passed-with-warnings:#9e9d24; }
.badge.s-needs-fixing { background: var(--needs-fixing); } .badge.s-service-departs { background: var(--service-departs); } .badge.s-harness-error { background: var(--harness-error); }
.badge.s-not-checked { background: var(--not-checked); } .badge.s-passed-with-warnings { background: var(--passed-with-warnings); } .badge.s-passed { background: var(--passed); }
details.page { background: #fff; border: 1px solid #ddd; border-left: 5px solid var(--skipped); border-radius: 4px; padding: 6px 10px; margin: 6px 0; }
details.page.s-needs-fixing { border-left-color: var(--needs-fixing); } details.page.s-service-departs { border-left-color: var(--service-departs); } details.page.s-harness-error { border-left-color: var(--harness-error); }
details.page.s-passed-with-warnings { border-left-color: var(--passed-with-warnings); } details.page.s-passed { border-left-color: var(--passed); }
details.page > summary { cursor: pointer; } .path { font-family: ui-monospace, monospace; font-weight: 600; }
.tally { margin-left: 8px; font-size: 12.5px; } .tally .v-passed { color: var(--passed); } .tally .v-skipped, .skips { color: var(--skipped); }
.tally .sev-error, .cause-doc, .cause-target { color: var(--failed); font-weight: 600; } .tally .sev-warning { color: var(--flaky); } .cause-harness { color: #6a1b9a; font-weight: 600; }
.skips { font-size: 12.5px; } .perm { font-size: 11.5px; color: #37474f; background: #eceff1; border-radius: 8px; padding: 0 6px; margin-left: 6px; }
.page-body { padding: 6px 0 0 6px; } .page-link { margin: 2px 0 6px; }
#summary { display: flow-root; } #summary aside { float: right; width: 360px; margin: 0 0 8px 16px; }
.rules-box { max-height: 260px; overflow: auto; border: 1px solid #ddd; margin-top: 8px; } .rules-box table { width: 100%; } .rules-box caption { padding-left: 6px; }
.statuses { width: 100%; } .statuses td { text-align: right; font-weight: 600; min-width: 50px; }
.statuses button, .rules button { border: 0; background: none; padding: 0; cursor: pointer; font: inherit; text-decoration: underline dotted; }
.rules { margin: 6px 0; } .rules td { font-size: 12.5px; } .rule-title { color: #555; } .locs { display: block; font-size: 12px; margin-left: 18px; } .locs a { margin-right: 4px; }
.perms { margin: 4px 0 8px; font-size: 12.5px; } .perms caption { font-weight: 600; }
.test .skip { font-size: 12.5px; } .test .cause { font-size: 12.5px; }
`;

export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var failedOnly = document.getElementById('f-failed');
  var status = document.getElementById('f-status');
  var version = document.getElementById('f-version');
  var rule = document.getElementById('f-rule');
  var text = document.getElementById('f-text');
  var count = document.getElementById('f-count');
  var entries = JSON.parse(document.getElementById('page-data').textContent);
  var list = document.getElementById('pages');
  var more = document.getElementById('more');
  var PAGE = 200;
  var matching = [];
  var drawn = 0;
  // Pages a reader opened stay open when the filters redraw the list.
  var opened = {};
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function row(p) {
    var page = el('details', 'page s-' + p.status);
    page.id = p.id;
    page.dataset.chunk = p.chunk;
    page.dataset.status = p.status;
    page.dataset.failed = Object.keys(p.failed).length > 0 ? '1' : '';
    page.dataset.version = p.version;
    var summary = el('summary');
    summary.append(el('span', 'badge s-' + p.status, p.label), ' ', el('span', 'path', p.path));
    if (p.title) summary.append(' ', el('span', 'doc-title', p.title));
    var tally = el('span', 'tally');
    var parts = [];
    Object.keys(p.failed).forEach(function (cause) { parts.push(el('span', 'cause-' + cause, p.failed[cause] + ' ' + cause)); });
    if (p.passed) parts.push(el('span', 'v-passed', p.passed + ' passed'));
    if (p.skipped) parts.push(el('span', 'v-skipped', p.skipped + ' skipped'));
    if (p.errors) parts.push(el('span', 'sev-error', p.errors + ' errors'));
    if (p.warnings) parts.push(el('span', 'sev-warning', p.warnings + ' warnings'));
    parts.forEach(function (part, i) { if (i > 0) tally.append(' · '); tally.append(part); });
    summary.append(' ', tally);
    if (p.scopes.length > 0) {
      var perm = el('span', 'perm', p.scopes.join(' | '));
      perm.title = 'least privileged permissions';
      summary.append(' ', perm);
    }
    if (p.strip.length > 0) {
      var strip = el('span', 'strip');
      strip.title = 'this page in the last ' + p.strip.length + ' runs, oldest first';
      p.strip.forEach(function (v) { var i = el('i', v ? 'v-' + v : 'absent'); i.title = v || 'not in that run'; strip.append(i); });
      summary.append(strip);
    }
    if (p.skips.length > 0) {
      var skips = el('span', 'skips', 'not checked: ');
      p.skips.forEach(function (s, i) {
        if (i > 0) skips.append('; ');
        skips.append(el('code', '', s.rule), ' ×' + s.count + ' (' + s.reason + ')');
      });
      summary.append(el('br'), skips);
    }
    page.append(summary);
    var body = el('div', 'page-body');
    var where = el('p', 'page-link');
    if (p.href) { var a = el('a', '', p.path); a.href = p.href; where.append(a); } else where.append(p.path);
    var details = el('div', 'details', 'loading…');
    details.setAttribute('data-loading', '');
    body.append(where, details);
    page.append(body);
    if (opened[p.id]) page.open = true;
    return page;
  }
  function showTests(page) {
    page.querySelectorAll('details.test').forEach(function (t) {
      t.hidden = failedOnly.checked && t.dataset.verdict !== 'failed';
    });
  }
  function draw(count) {
    var end = Math.min(matching.length, drawn + count);
    var fragment = document.createDocumentFragment();
    for (; drawn < end; drawn++) fragment.append(row(matching[drawn]));
    list.append(fragment);
    var rest = matching.length - drawn;
    more.hidden = rest === 0;
    more.textContent = 'show ' + Math.min(rest, PAGE) + ' more of ' + rest;
  }
  function apply() {
    var q = text.value.trim().toLowerCase();
    matching = entries.filter(function (p) {
      return (!failedOnly.checked || Object.keys(p.failed).length > 0) &&
        (status.value === '' || p.status === status.value) &&
        (version.value === '' || p.version === version.value) &&
        (rule.value === '' || p.rules.indexOf(rule.value) >= 0) &&
        (q === '' || p.search.indexOf(q) >= 0);
    });
    list.textContent = '';
    drawn = 0;
    draw(PAGE);
    count.textContent = matching.length + ' of ' + entries.length + ' pages shown';
  }
  more.addEventListener('click', function () { draw(PAGE); });
  [failedOnly, status, version, rule].forEach(function (el) { el.addEventListener('change', apply); });
  var typing = 0;
  text.addEventListener('input', function () { clearTimeout(typing); typing = setTimeout(apply, 120); });

  // Page details: one chunk per group of pages, a script that calls __gdcChunk(n, base64 of deflated JSON).
  var chunks = {};
  window.${CHUNK_CALLBACK} = function (n, data) {
    var entry = chunks[n];
    if (!entry || entry.data) return;
    var bytes = Uint8Array.from(atob(data), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    new Response(stream).text().then(function (json) {
      entry.data = JSON.parse(json);
      entry.waiting.forEach(function (done) { done(entry.data); });
      entry.waiting = [];
    }, function (error) { entry.failed(String(error)); });
  };
  function load(n, done, failed) {
    var entry = chunks[n];
    if (entry && entry.data) return done(entry.data);
    if (entry) { entry.waiting.push(done); return; }
    entry = chunks[n] = { data: null, waiting: [done], failed: failed };
    var script = document.createElement('script');
    script.src = 'data/' + n + '.js';
    script.onerror = function () { failed('data/' + n + '.js could not be read (is it next to index.html?)'); };
    document.head.appendChild(script);
  }
  function fill(page) {
    var box = page.querySelector('.details[data-loading]');
    if (!box) return;
    box.removeAttribute('data-loading');
    load(page.dataset.chunk, function (data) {
      box.innerHTML = data.pages[page.id] || '';
      box.querySelectorAll('pre[data-text]').forEach(function (pre) {
        pre.textContent = data.texts[Number(pre.getAttribute('data-text'))];
      });
      showTests(page);
    }, function (message) { box.textContent = message; });
  }
  document.addEventListener('toggle', function (event) {
    var page = event.target;
    if (!(page instanceof HTMLDetailsElement) || !page.classList.contains('page')) return;
    opened[page.id] = page.open;
    if (page.open) fill(page);
  }, true);
  function openFromHash() {
    var id = location.hash.slice(1);
    var entry = entries.filter(function (p) { return p.id === id; })[0];
    if (!entry) return;
    var page = document.getElementById(id);
    if (!page) { page = row(entry); list.prepend(page); }
    page.open = true;
    page.scrollIntoView();
  }
  window.addEventListener('hashchange', openFromHash);
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof HTMLButtonElement)) return;
    if (target.classList.contains('status-filter')) { status.value = target.dataset.status; apply(); return; }
    if (target.classList.contains('rule-filter')) { rule.value = target.dataset.rule; apply(); return; }
    if (!target.classList.contains('copy')) return;
    var pre = target.closest('.curl').querySelector('pre');
    var done = function () { target.textContent = 'copied'; };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(pre.textContent).then(done, function () { select(pre); });
    else select(pre);
  });
  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  apply();
  openFromHash();
})();
`;
