/** The reader's pieces on their own: tolerant JSON, include expansion with origins, suppressions, the page cache. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Location } from '../../src/core/finding.ts';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJson } from '../../src/docs/lenient-json.ts';
import { expandSource, LineOrigins } from '../../src/docs/expand-source.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { loadDocs } from '../../src/docs/load-docs.ts';

function repaired(text: string): { value: unknown; what: string[] } {
  const reading = readJson(text);
  assert.ok(reading.ok, text);
  return { value: reading.value, what: reading.repairs.map((r) => r.what) };
}

describe('readJson', () => {
  test('strict JSON needs no repair', () => {
    assert.deepEqual(repaired('{"a": [1, 2]}'), { value: { a: [1, 2] }, what: [] });
  });
  test('each repair, named', () => {
    assert.deepEqual(repaired('{"a": 1,}'), { value: { a: 1 }, what: ['a trailing comma'] });
    assert.deepEqual(repaired('{"a": 1 // note\n}'), { value: { a: 1 }, what: ['a // comment'] });
    assert.deepEqual(repaired("{'a': 'it\\'s'}"), { value: { a: "it's" }, what: ['single-quoted strings'] });
    assert.deepEqual(repaired('{a: 1}'), { value: { a: 1 }, what: ['an unquoted key'] });
    assert.deepEqual(repaired('{"a": "x\ny"}'), { value: { a: 'x\ny' }, what: ['a raw line break inside a string'] });
    assert.deepEqual(repaired('{"a": "x\ty"}'), {
      value: { a: 'x\ty' },
      what: ['a raw control character inside a string'],
    });
    assert.deepEqual(repaired('{"a":\u00a01}'), { value: { a: 1 }, what: ['a non-ASCII space between tokens'] });
    assert.deepEqual(repaired('{"a": 1\n "b": 2}'), { value: { a: 1, b: 2 }, what: ['a missing comma'] });
    assert.deepEqual(repaired('{"value": [{"a": 1},\n ...\n]}'), {
      value: { value: [{ a: 1 }] },
      what: ['a trailing comma', 'an ellipsis (...) standing for more content'],
    });
    assert.deepEqual(repaired('{"a": 1}\n\n### Response'), {
      value: { a: 1 },
      what: ['extra text after the JSON value'],
    });
  });
  test('the offset of the first repair points at the defect', () => {
    const reading = readJson('{\n  "a": 1,\n  "b": 2,\n}');
    assert.ok(reading.ok);
    assert.equal(reading.repairs[0]?.offset, '{\n  "a": 1,\n  "b": 2'.length);
  });
  test("what cannot be recovered stays an error, with the strict parser's offset", () => {
    const reading = readJson('{"a": ""x"}');
    assert.equal(reading.ok, false);
  });
});

describe('expandSource', () => {
  const files: Record<string, string> = {
    'docs/api/page.md': 'x',
    'docs/includes/note.md': '---\nauthor: a\n---\n\n> Note line\n> **TODO: fill**\n',
    'docs/includes/loop.md': '[!INCLUDE [loop](loop.md)]\n',
  };
  const read = (path: string): string | undefined => files[path];

  test('an include is replaced by the file without its front matter; each line keeps its origin', () => {
    const body = '# Title\n\n[!INCLUDE [note](../includes/note.md)]\n\nAfter\n';
    const out = expandSource('docs/api/page.md', body, read);
    assert.deepEqual(out.includes, ['docs/includes/note.md']);
    const lines = out.text.split('\n');
    const noteAt = lines.indexOf('> Note line');
    assert.deepEqual(out.origins.at(noteAt), { file: 'docs/includes/note.md', line: 5 });
    assert.deepEqual(out.origins.at(lines.indexOf('After')), { file: 'docs/api/page.md', line: 5 });
    assert.deepEqual(out.problems, []);
  });

  test('line origins held as runs answer as a location per line would', () => {
    const push = fc.record({
      file: fc.constantFrom('a.md', 'b.md'),
      line: fc.integer({ min: 1, max: 6 }),
      next: fc.boolean(),
      /** Lines pushed at once (`pushLines`), or one (`push`). */
      count: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(push, { maxLength: 40 }), (pushes) => {
        const origins = new LineOrigins();
        const each: Location[] = [];
        for (const { file, line, next, count } of pushes) {
          // Often the line after the last one of the same file, as a page's lines come; sometimes anywhere.
          const last = each.at(-1);
          const at = next && last?.file === file ? { file, line: last.line + 1 } : { file, line };
          if (count === undefined) origins.push(at.file, at.line);
          else origins.pushLines(at.file, at.line, count);
          for (let i = 0; i < (count ?? 1); i++) each.push({ file: at.file, line: at.line + i });
        }
        for (let index = -1; index <= each.length; index++) assert.deepEqual(origins.at(index), each[index]);
      }),
      { numRuns: 500 },
    );
  });

  test('a page with nothing to expand reads as written, each line from its own line', () => {
    const line = fc.constantFrom(
      '# Title',
      '',
      'text [INCLUDE](x.md) and [tab](#tab)',
      '```http',
      '```',
      '| a | b |',
      '|---|---|',
      '---',
      '> [!NOTE]',
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), (lines, reads) => {
        const body = lines.join('\n');
        const out = expandSource('p.md', body, reads ? read : undefined);
        assert.equal(out.text, body);
        assert.deepEqual(
          body.split('\n').map((_, index) => out.origins.at(index)),
          body.split('\n').map((_, index) => ({ file: 'p.md', line: index + 1 })),
        );
        assert.equal(out.origins.at(body.split('\n').length), undefined);
        assert.deepEqual([out.includes, out.tabGroups, out.problems], [[], [], []]);
      }),
      { numRuns: 300 },
    );
  });

  test('a finding in included text is located in the included file', () => {
    const page = parsePage('docs/api/page.md', '# Title\n\n[!INCLUDE [note](../includes/note.md)]\n', {
      readInclude: read,
    });
    assert.deepEqual(
      page.findings.map((f) => [f.rule, f.location.file, f.location.line]),
      [['todo-placeholder', 'docs/includes/note.md', 6]],
    );
  });

  test('a missing include and an include cycle are findings at the include line; snippet includes are left alone', () => {
    const body =
      '[!INCLUDE [gone](../includes/gone.md)]\n[!INCLUDE [loop](../includes/loop.md)]\n[!INCLUDE [sample-code](../includes/snippets/csharp/x.md)]\n';
    const out = expandSource('docs/api/page.md', body, read);
    assert.deepEqual(
      out.problems.map((p) => [p.rule, p.location.file, p.location.line]),
      [
        ['missing-include', 'docs/api/page.md', 1],
        ['include-cycle', 'docs/includes/loop.md', 1],
      ],
    );
    assert.ok(out.text.includes('[!INCLUDE [sample-code]'));
  });

  test('tab markers and the closing --- are blanked; a group left open is a warning', () => {
    const out = expandSource(
      'p.md',
      '# [HTTP](#tab/http)\n<!-- { } -->\n```http\nGET /me\n```\n# [C#](#tab/csharp)\ntext\n\n---\n',
      undefined,
    );
    assert.deepEqual(
      out.tabGroups.map((g) => g.tabs),
      [['http', 'csharp']],
    );
    assert.ok(!out.text.includes('#tab/'));
    assert.ok(!/^---$/m.test(out.text));
    const open = expandSource('p.md', '# [HTTP](#tab/http)\ntext\n', undefined);
    assert.equal(open.problems[0]?.rule, 'invalid-tab-group');
  });
});

describe('page annotation and suppressions', () => {
  const page = (suppressions: string): ReturnType<typeof parsePage> =>
    parsePage(
      's.md',
      `# T\n\n**TODO: describe**\n\n<!-- {\n  "type": "#page.annotation",\n  "suppressions": [${suppressions}]\n} -->\n`,
    );

  test("a suppression quoting a finding's message silences it; it is kept apart", () => {
    const silenced = page('"Warning: TODO placeholder: \\"describe\\""');
    assert.deepEqual(silenced.findings, []);
    assert.equal(silenced.suppressedFindings.length, 1);
    assert.deepEqual(silenced.pageAnnotation?.suppressions, ['Warning: TODO placeholder: "describe"']);
  });

  test('an unrelated suppression silences nothing', () => {
    const kept = page('"Error: BookmarkMissing"');
    assert.equal(kept.findings.length, 1);
    assert.deepEqual(kept.suppressedFindings, []);
  });
});

describe('the parsed-page cache', () => {
  test('a changed page or a changed include is parsed again; an unchanged one comes from the cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gc-cache-'));
    try {
      mkdirSync(join(dir, 'node_modules'));
      mkdirSync(join(dir, 'api'));
      mkdirSync(join(dir, 'includes'));
      writeFileSync(join(dir, 'includes/n.md'), 'first\n');
      writeFileSync(join(dir, 'api/p.md'), '# P\n\n[!INCLUDE [n](../includes/n.md)]\n');
      const options = { cache: true, includeRoots: ['includes'] };
      const first = loadDocs(['api'], dir, options);
      const again = loadDocs(['api'], dir, options);
      assert.deepEqual(again, first);
      writeFileSync(join(dir, 'includes/n.md'), '**TODO: x**\n');
      const changed = loadDocs(['api'], dir, options);
      assert.deepEqual(
        changed.pages[0]?.findings.map((f) => [f.rule, f.location.file]),
        [['todo-placeholder', 'includes/n.md']],
      );
      writeFileSync(join(dir, 'api/p.md'), '# Q\n');
      assert.equal(loadDocs(['api'], dir, options).pages[0]?.title, 'Q');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
