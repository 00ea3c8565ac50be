/**
 * `graph-conformance lint`: the verdict (`lintPages`, pure) on variants of the seed page, and the command's output,
 * formats and exit codes (`runLint`, with its output captured).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVERY_NAME } from './support/params.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import type { Page } from '../../src/docs/model.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { buildCases } from '../../src/cases/build-cases.ts';
import { lintPages } from '../../src/lint/lint-pages.ts';
import { formatText } from '../../src/lint/format.ts';
import { runLint, type LintIo } from '../../src/lint/command.ts';
import type { LintFinding, LintReport } from '../../src/lint/model.ts';
import { ROOT, SEED_FILE, SEED_TEXT, lineOf } from './support/seed.ts';

function variant(from: string, to: string, text = SEED_TEXT): string {
  assert.ok(text.includes(from), from);
  return text.replace(from, to);
}

function lint(...pages: Page[]): LintReport {
  const registry = buildSchemaRegistry(pages);
  return lintPages({ pages, inputFindings: [], registry, cases: buildCases(pages, { roots: [], params: EVERY_NAME }) });
}

function ofRule(report: LintReport, rule: string): LintFinding[] {
  return report.findings.filter((f) => f.rule === rule);
}

const TYPED = variant(
  '  "blockType": "response",\n  "truncated": true',
  '  "blockType": "response",\n  "truncated": true,\n  "@odata.type": "microsoft.graph.profilePhoto"',
);

describe('lintPages', () => {
  test('the seed: a JSON response whose annotation names no @odata.type is a warning at the annotation', () => {
    const report = lint(parsePage(SEED_FILE, SEED_TEXT));
    const [missing] = ofRule(report, 'response-type-missing');
    assert.equal(missing?.severity, 'warning');
    assert.equal(missing.line, lineOf(SEED_TEXT, '"blockType": "response"') - 1);
    assert.equal(missing.col, 1);
    assert.equal(report.summary.pages, 1);
    assert.equal(report.summary.examples, 1);
    assert.equal(report.summary.runnableCases, 1);
  });

  test('a response value of the wrong type is an error at its line, naming the doc row of the rule', () => {
    const text = variant(
      '  "id": "861907cf-07cf-8619-cf07-1986cf071986",\n  "height": 6,',
      '  "id": "861907cf-07cf-8619-cf07-1986cf071986",\n  "height": "6",',
      TYPED,
    );
    const report = lint(parsePage(SEED_FILE, text));
    const [wrong] = ofRule(report, 'response-schema');
    assert.equal(wrong?.severity, 'error');
    assert.equal(wrong.line, lineOf(text, '"height": "6"'));
    assert.match(wrong.message, /\/height is "6", must be integer or null/);
    assert.deepEqual(ofRule(report, 'response-type-missing'), []);
    assert.equal(report.summary.errors, report.findings.filter((f) => f.severity === 'error').length);
  });

  test('a request body property the request-body table does not document is an error at its line', () => {
    const text = variant(
      '  "width": 5\n}\n```\n\n### Response',
      '  "width": 5,\n  "color": "red"\n}\n```\n\n### Response',
      TYPED,
    );
    const report = lint(parsePage(SEED_FILE, text));
    const [extra] = ofRule(report, 'request-body-schema');
    assert.equal(extra?.line, lineOf(text, '"color": "red"'));
    assert.match(extra.message, /\/color is not a documented property/);
  });

  test('a request example that writes a row the table calls read-only is a warning at the property, once', () => {
    const text = variant('|height|Int32|**TODO: Add Description**|', '|height|Int32|The height. Read-only.|');
    const report = lint(parsePage(SEED_FILE, text));
    const [sent] = ofRule(report, 'request-sends-read-only');
    assert.equal(sent?.severity, 'warning');
    assert.equal(sent.line, lineOf(text, '"height": 6'));
    assert.match(sent.message, /sends height, which the request-body table calls read-only/);
    assert.equal(ofRule(report, 'request-sends-read-only').length, 1);
    const conditional = variant(
      '|height|Int32|**TODO: Add Description**|',
      '|height|Int32|Read-only for synced photos.|',
    );
    assert.deepEqual(ofRule(lint(parsePage(SEED_FILE, conditional)), 'request-sends-read-only'), []);
  });

  test('an example name used on two pages of one version is an error on the second', () => {
    const report = lint(parsePage(SEED_FILE, TYPED), parsePage('fixtures/docs/copy.md', TYPED));
    const [duplicate] = ofRule(report, 'duplicate-example-name');
    assert.equal(duplicate?.file, 'fixtures/docs/copy.md');
    assert.match(duplicate.message, /also used at fixtures\/docs\/update-photos\.md:59/);
  });

  test('without an annotation type, the response is checked as the type its body names (as a run checks it)', () => {
    const text = variant(
      '  "id": "861907cf-07cf-8619-cf07-1986cf071986",\n  "height": 6,',
      '  "id": "861907cf-07cf-8619-cf07-1986cf071986",\n  "height": "6",',
    );
    const report = lint(parsePage(SEED_FILE, text));
    assert.match(
      ofRule(report, 'response-type-missing')[0]?.message ?? '',
      /checked as microsoft\.graph\.profilePhoto/,
    );
    const [wrong] = ofRule(report, 'response-schema');
    assert.equal(wrong?.line, lineOf(text, '"height": "6"'));
    assert.equal(wrong.related?.file, SEED_FILE, 'the table row the value breaks');
  });

  test('a response example showing a property its tables do not document is a warning (an answer at STRICTNESS=strict may not carry it)', () => {
    const text = variant(
      '"id": "861907cf-07cf-8619-cf07-1986cf071986",\n  "height": 6,\n  "width": 5\n}',
      '"id": "861907cf-07cf-8619-cf07-1986cf071986",\n  "height": 6,\n  "width": 5,\n  "color": "red"\n}',
    );
    const report = lint(parsePage(SEED_FILE, text));
    const [extra] = ofRule(report, 'response-undocumented-property');
    assert.equal(extra?.severity, 'warning');
    assert.equal(extra.line, lineOf(text, '"color": "red"'));
    assert.match(extra.message, /shows \/color, which the tables of microsoft\.graph\.profilePhoto do not document/);
  });

  test('two examples sending the same request with different documented statuses conflict, each naming the other', () => {
    const start = SEED_TEXT.indexOf('### Request');
    const second = SEED_TEXT.slice(start)
      .replace('"name": "update_photos"', '"name": "update_photos_missing"')
      .replace('HTTP/1.1 200 OK', 'HTTP/1.1 404 Not Found');
    const text = `${SEED_TEXT}\n${second}`;
    const report = lint(parsePage(SEED_FILE, text));
    const conflicts = ofRule(report, 'conflicting-responses');
    assert.equal(conflicts.length, 2, JSON.stringify(report.findings, null, 1));
    assert.match(conflicts[0]?.message ?? '', /"update_photos" sends the same request as "update_photos_missing"/);
    assert.equal(conflicts[1]?.related?.line, conflicts[0]?.line);
    const distinct = text.replace('HTTP/1.1 404 Not Found', 'HTTP/1.1 200 OK');
    assert.deepEqual(ofRule(lint(parsePage(SEED_FILE, distinct)), 'conflicting-responses'), []);
  });

  test("findings are sorted by file and line; the text form reads like a compiler's", () => {
    const report = lint(parsePage(SEED_FILE, SEED_TEXT));
    const sorted = [...report.findings].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    assert.deepEqual(
      report.findings.map((f) => f.line),
      sorted.map((f) => f.line),
    );
    const [first] = formatText(report).split('\n');
    assert.match(first ?? '', /^fixtures\/docs\/update-photos\.md:\d+:1 [a-z-]+ (error|warning): /);
  });
});

describe('runLint', () => {
  function capture(): { io: LintIo; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), interactive: false }, out, err };
  }

  test('JSON to a file: the stable format with its summary; exit 1 when there are errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gc-lint-'));
    try {
      const page = join(dir, 'bad.md');
      writeFileSync(
        page,
        variant(
          '"@odata.type": "#microsoft.graph.profilePhoto",\n  "height": 6,\n  "width": 5\n}\n```\n\n### Response',
          '"@odata.type": "#microsoft.graph.profilePhoto",\n  "height": 6\n  "width": 5 5\n}\n```\n\n### Response',
        ),
      );
      const out = join(dir, 'out/lint.json');
      const { io, err } = capture();
      const run = await runLint([page, '--format', 'json', '--out', out], io);
      assert.deepEqual(run, { ok: true, code: 1 });
      assert.deepEqual(err, []); // no progress outside a terminal
      const report = JSON.parse(readFileSync(out, 'utf8')) as LintReport;
      assert.equal(report.format, 'graph-conformance-lint/2');
      assert.deepEqual(Object.keys(report.summary), [
        'pages',
        'examples',
        'runnableCases',
        'skippedCases',
        'errors',
        'warnings',
        'suppressed',
        'findingsByRule',
      ]);
      assert.equal(report.summary.findingsByRule['invalid-json-body'], 1);
      assert.deepEqual(Object.keys(report.findings[0] ?? {}), ['file', 'line', 'col', 'rule', 'severity', 'message']);
      // The skipped example says why.
      assert.deepEqual(report.summary.skippedCases, { 'invalid-json-body': 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('text to stdout; exit 0 without errors', async () => {
    const { io, out } = capture();
    const run = await runLint([join(ROOT, 'fixtures/corpus/api-reference/v1.0/api/user-get.md')], io);
    assert.deepEqual(run, { ok: true, code: 0 });
    assert.match(out.join(''), /1 page, 3 examples: 3 runnable, 0 skipped; 0 errors/);
  });

  test('exit 2 when there is nothing to check; a usage error for a bad option', async () => {
    const { io, err } = capture();
    assert.deepEqual(await runLint([join(ROOT, 'no-such-folder')], io), { ok: true, code: 2 });
    assert.match(err.join(''), /no-such-folder:1: cannot read: no such file or folder/);
    assert.deepEqual(await runLint(['x', '--format', 'xml'], capture().io), {
      ok: false,
      message: '--format: "xml" is not one of text, json',
    });
    assert.equal((await runLint([], capture().io)).ok, false);
  });
});
