import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReportView } from '../../src/report/build-report.ts';
import { docLinker, isSafeHref } from '../../src/report/doc-links.ts';
import { curlCommand } from '../../src/report/exchange-view.ts';
import { html, escapeHtml } from '../../src/report/html.ts';
import { diffJson } from '../../src/report/json-diff.ts';
import { renderReport } from '../../src/report/render-report.ts';
import { renderWithinBudget } from '../../src/report/reviewer-reporter.ts';
import { collected, departure, FACTS } from './support/report-fixtures.ts';

const link = docLinker({ repoRoot: '.', reportDir: 'reports/conformance', cwd: '/repo' });

test('the html tag escapes what it interpolates, and only trusted Html passes as markup', () => {
  const evil = '<img src=x onerror="alert(1)">';
  assert.equal(html`<p title="${evil}">${evil}</p>`.value, `<p title="${escapeHtml(evil)}">${escapeHtml(evil)}</p>`);
  assert.equal(html`<p>${html`<b>${'&'}</b>`}</p>`.value, '<p><b>&amp;</b></p>');
});

test('a response body, a doc finding and a title holding markup render as text', () => {
  const script = '<script>window.__pwned = 1</script>';
  const page = `x${script}.md`;
  const tests = [
    collected({
      outcome: 'unexpected',
      actualBody: JSON.stringify({ id: script, height: 200 }),
      departures: [departure('target', { message: `boom ${script}\n  /width is missing; the doc shows it` })],
    }),
    collected({ page }),
  ];
  const finding = {
    rule: 'todo-placeholder' as const,
    severity: 'error' as const,
    message: script,
    location: `fixtures/docs/${page}:1`,
    related: null,
  };
  const lintFindings = new Map([[`fixtures/docs/${page}`, [finding]]]);
  const out = renderReport(buildReportView({ tests, pages: [], facts: FACTS, lintFindings }, 64_000), link);
  const scripts = out.match(/<script\b/gi) ?? [];
  assert.equal(scripts.length, 1, "only the report's own filter script is a script element");
  assert.doesNotMatch(out, /window\.__pwned = 1<\/script>/);
  assert.match(out, /&lt;script&gt;window\.__pwned = 1&lt;\/script&gt;/);
  assert.match(out, /Content-Security-Policy" content="default-src 'none'/);
});

test('documented and actual bodies are diffed by JSON pointer; pointers the failure names are flagged', () => {
  const diff = diffJson(
    { id: 'a', height: 200, width: 200, tags: ['x'] },
    { id: 'b', height: 200, tags: ['x', 'y'], extra: true },
    ['/width'],
    10_000,
  );
  assert.deepEqual(
    diff.rows.map((r) => [r.pointer, r.kind, r.flagged]),
    [
      ['/id', 'changed', false],
      ['/height', 'same', false],
      ['/width', 'missing', true],
      ['/tags/0', 'same', false],
      ['/tags/1', 'extra', false],
      ['/extra', 'extra', false],
    ],
  );
  assert.equal(
    diffJson({ 'a/b': 1, 'c~d': 2 }, {}, [], 10_000)
      .rows.map((r) => r.pointer)
      .join(' '),
    '/a~1b /c~0d',
  );
  const small = diffJson({ list: Array.from({ length: 500 }, (_, i) => i) }, {}, [], 2_000);
  assert.ok(small.omitted > 0 && small.rows.length < 500, 'rows past the limit are counted, not shown');
});

test('the failing example shows its diff, schema errors and a reproducer without the token', () => {
  const out = renderReport(
    buildReportView(
      {
        tests: [collected({ outcome: 'unexpected', actualBody: '{"id":"240X240","height":200}' })],
        pages: [],
        facts: FACTS,
      },
      64_000,
    ),
    link,
  );
  assert.match(
    out,
    /<tr class="missing flagged"><td><code class="ptr">\/width<\/code><\/td><td>200<\/td><td>\(missing\)<\/td><\/tr>/,
  );
  assert.match(out, /curl -sS -i -X PATCH &#39;http:\/\/127\.0\.0\.1:7357\/beta\/me\/photos&#39;/);
  assert.match(out, /-H &#39;Authorization: Bearer &#39;&quot;\$GRAPH_TOKEN&quot;/);
  assert.match(out, /<details class="test v-failed" id="t-0" data-verdict="failed" open>/);
});

test('curl quotes every value for a POSIX shell and reads the token from the environment', () => {
  const curl = curlCommand({
    method: 'POST',
    url: "https://x/beta/me?$filter=name eq 'a'",
    headers: { Authorization: 'Bearer <redacted>', 'X-Note': "it's $HOME" },
    body: '{"a":"it\'s"}',
  });
  assert.equal(
    curl,
    [
      `curl -sS -i -X POST 'https://x/beta/me?$filter=name eq '\\''a'\\'''`,
      `-H 'Authorization: Bearer '"$GRAPH_TOKEN"`,
      `-H 'X-Note: it'\\''s $HOME'`,
      `--data-raw '{"a":"it'\\''s"}'`,
    ].join(' \\\n  '),
  );
});

test('doc links point at the file from the report, or at the repository web view at the commit', () => {
  assert.equal(link('fixtures/docs/update-photos.md:48'), '../../fixtures/docs/update-photos.md');
  assert.equal(
    docLinker({ repoRoot: '/repo', reportDir: '/repo', cwd: '/repo' })('javascript:alert(1).md:3'),
    './javascript%3Aalert(1).md',
  );
  const web = docLinker({
    repoUrl: 'https://github.com/MicrosoftDocs/microsoft-graph-docs/',
    commit: 'abc123',
    repoRoot: '/docs',
    reportDir: '/out',
    cwd: '/',
  });
  assert.equal(
    web('/docs/api-reference/beta/api/profilephoto-update.md:48'),
    'https://github.com/MicrosoftDocs/microsoft-graph-docs/blob/abc123/api-reference/beta/api/profilephoto-update.md#L48',
  );
  assert.equal(web('/elsewhere/x.md:1'), null);
  assert.equal(isSafeHref('javascript:alert(1)'), false);
});

test('the report for 1,000 examples with large bodies stays under 20 MB, and says what it cut', () => {
  const big = JSON.stringify({
    value: Array.from({ length: 1500 }, (_, i) => ({
      id: `id-${String(i)}`,
      displayName: `User number ${String(i)} with a longish name`,
    })),
  });
  const tests = Array.from({ length: 1000 }, (_, i) =>
    collected({
      page: `page-${String(Math.floor(i / 4))}.md`,
      example: `example_${String(i)}`,
      outcome: i % 3 === 0 ? 'unexpected' : 'expected',
      actualBody: big,
      documentedBody: big,
    }),
  );
  assert.ok(big.length > 80_000);
  const { html: out, results } = renderWithinBudget({ tests, pages: [], facts: FACTS }, link);
  const size = Buffer.byteLength(out);
  assert.ok(size < 20_000_000, `the report is ${String(size)} bytes`);
  assert.equal(results.tests.length, 1000);
  assert.match(out, /more rows left out to keep the report small/);
});
