/**
 * Front matter read without yaml where every line is `key: string` (`simpleMapping`): what it reads must be what yaml
 * reads, and anything it is not sure of is left to yaml.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import type * as Yaml from 'yaml';
import { parseFrontMatter, simpleMapping, splitFrontMatter } from '../../src/docs/front-matter.ts';

const yaml = createRequire(import.meta.url)('yaml') as typeof Yaml;

function yamlReads(text: string): unknown {
  try {
    return yaml.parse(text);
  } catch {
    return 'refused';
  }
}

describe('front matter without a YAML parser', () => {
  test("a reference page's front matter", () => {
    // v1.0/api/user-get.md
    const text = [
      'title: "Get a user"',
      'description: "Retrieve the properties and relationships of user object."',
      'author: "jpettere"',
      'localization_priority: Priority',
      'ms.prod: "users"',
      'doc_type: apiPageType',
    ].join('\n');
    assert.deepEqual(simpleMapping(text), yamlReads(text));
    assert.deepEqual(parseFrontMatter(text), { ok: true, data: yamlReads(text) });
  });

  test('what yaml reads otherwise is left to yaml', () => {
    for (const text of [
      'count: 3',
      'draft: true',
      'none: ~',
      'empty:',
      'nan: .nan',
      'hex: 0x1F',
      'list: [a, b]',
      'a: b # comment',
      'a: b\na: c',
      'key: value: other',
      "quote: 'it''s'",
      'escaped: "a\\tb"',
      '  indented: x',
      '__proto__: x',
      '- item',
    ])
      assert.equal(simpleMapping(text), undefined, text);
  });

  test('whatever it reads, yaml reads the same', () => {
    const scalar = fc.oneof(
      fc.string({
        unit: fc.constantFrom('a', 'Z', '0', '9', ' ', ':', '#', '-', '.', '"', "'", '\\', '[', '~', ',', '/', 'é'),
      }),
      fc.stringMatching(/^[A-Za-z0-9.+-][\w .:#/'-]{0,12}$/),
      fc.stringMatching(/^[\w .:#/'-]{0,12}$/).map((text) => `"${text}"`),
      fc.constantFrom(
        'true',
        'False',
        'null',
        'NULL',
        '1e3',
        '+.5',
        '.inf',
        '0o17',
        '0x1f',
        '09/05/2019',
        'v1.0',
        '-1',
      ),
    );
    const key = fc.stringMatching(/^[A-Za-z_][\w.-]{0,8}$/);
    let readSome = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(key, scalar), { maxLength: 6 }), (entries) => {
        const text = entries.map(([k, v]) => `${k}: ${v}`).join('\n');
        const read = simpleMapping(text);
        if (read !== undefined) assert.deepEqual(read, yamlReads(text) ?? {}, text);
        if (read !== undefined && Object.keys(read).length > 0) readSome++;
      }),
      { numRuns: 2000 },
    );
    assert.ok(readSome > 150, `the fast path read ${readSome.toString()} of 2000 generated front matters`);
  });
});

describe('front matter cut from the page', () => {
  /** The reading by whole lines (split, then joined again) that `splitFrontMatter` reads as, without splitting the page. */
  function byLines(text: string): { yaml?: string; line: number; body: string } {
    const lines = text.split('\n');
    if (lines[0]?.replace(/^\uFEFF/, '').trimEnd() !== '---') return { line: 1, body: text };
    const close = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (close < 0) return { line: 1, body: text };
    const yaml = lines.slice(1, close).join('\n');
    const body = [...lines.slice(0, close + 1).map(() => ''), ...lines.slice(close + 1)].join('\n');
    return { yaml, line: 1, body };
  }

  test('the YAML between the fences, and the page with as many empty lines in their place', () => {
    assert.deepEqual(splitFrontMatter('---\ntitle: x\nauthor: y\n---\n# Page\n'), {
      yaml: 'title: x\nauthor: y',
      line: 1,
      body: '\n\n\n\n# Page\n',
    });
    assert.deepEqual(splitFrontMatter('# Page\n---\n'), { line: 1, body: '# Page\n---\n' });
  });

  test('reads every text as the reading by whole lines does', () => {
    const line = fc.constantFrom(
      '---',
      '--- ',
      '---\t',
      '...',
      '... ',
      '\uFEFF---',
      ' ---',
      '----',
      '...x',
      'a: b',
      '',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const text = lines.join('\n');
        assert.deepEqual(splitFrontMatter(text), byLines(text));
      }),
      { numRuns: 2000 },
    );
  });
});
