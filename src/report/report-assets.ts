/**
 * The reviewer report's own CSS and filter script, inlined into the page (it must open from disk with no server).
 * The script reads only data-* attributes and toggles `hidden`; it never inserts markup.
 */

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
`;

export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var failedOnly = document.getElementById('f-failed');
  var version = document.getElementById('f-version');
  var rule = document.getElementById('f-rule');
  var text = document.getElementById('f-text');
  var count = document.getElementById('f-count');
  var pages = Array.prototype.slice.call(document.querySelectorAll('article.page'));
  function apply() {
    var q = text.value.trim().toLowerCase();
    var shown = 0;
    pages.forEach(function (page) {
      var d = page.dataset;
      var visible = (!failedOnly.checked || d.verdict === 'failed') &&
        (version.value === '' || d.version === version.value) &&
        (rule.value === '' || (' ' + d.rules + ' ').indexOf(' ' + rule.value + ' ') >= 0) &&
        (q === '' || d.search.indexOf(q) >= 0);
      page.hidden = !visible;
      if (visible) shown++;
      page.querySelectorAll('details.test').forEach(function (t) {
        t.hidden = failedOnly.checked && t.dataset.verdict !== 'failed';
      });
    });
    document.querySelectorAll('section.group').forEach(function (group) {
      group.hidden = group.querySelector('article.page:not([hidden])') === null;
    });
    count.textContent = shown + ' of ' + pages.length + ' pages shown';
  }
  [failedOnly, version, rule].forEach(function (el) { el.addEventListener('change', apply); });
  text.addEventListener('input', apply);
  document.addEventListener('click', function (event) {
    var button = event.target;
    if (!(button instanceof HTMLButtonElement) || !button.classList.contains('copy')) return;
    var pre = button.closest('.curl').querySelector('pre');
    var done = function () { button.textContent = 'copied'; };
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
})();
`;
