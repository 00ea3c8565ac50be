/**
 * The spec parts: one spec file per part and family on disk, each declaring its own part, and every test of a page in
 * the part its path names, whatever the test.
 * Run: node --import tsx --test tests/unit/spec-parts.test.ts
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inputTitle, partOfTitle, SPEC_PARTS } from '../../src/run/spec-parts.ts';

const CONFORMANCE = fileURLToPath(new URL('../conformance/', import.meta.url));

describe('spec parts', () => {
  for (const [family, declares] of [
    ['docs', 'declareExamples'],
    ['probes', 'declareProbes'],
  ] as const)
    test(`tests/conformance/${family}/ holds parts 01 to ${String(SPEC_PARTS)}, each declaring its own`, () => {
      const names = readdirSync(`${CONFORMANCE}${family}`).sort();
      const expected = Array.from({ length: SPEC_PARTS }, (_, i) => `${String(i + 1).padStart(2, '0')}.spec.ts`);
      assert.deepEqual(names, expected);
      for (const [i, name] of names.entries()) {
        const text = readFileSync(`${CONFORMANCE}${family}/${name}`, 'utf8');
        assert.match(text, new RegExp(`\\n${declares}\\(${String(i + 1)}, `), name);
      }
    });

  test("a page's tests share its part, in range, and the same page always lands in the same part", () => {
    const titles = [
      'v1.0/api/user-get.md › example_1',
      'v1.0/api/user-get.md › example_1 › GET /me',
      'v1.0/api/user-get.md › example_1 › probe: unknown property "undocumentedProbeProperty"',
    ];
    const parts = new Set(titles.map(partOfTitle));
    assert.equal(parts.size, 1);
    assert.equal(partOfTitle(inputTitle('v1.0/api/user-get.md')), [...parts][0]);
    const all = new Set<number>();
    for (let i = 0; i < 2000; i++) all.add(partOfTitle(`v1.0/api/page-${String(i)}.md › example`));
    assert.deepEqual(
      [...all].sort((a, b) => a - b),
      Array.from({ length: SPEC_PARTS }, (_, i) => i + 1),
      'pages spread over every part',
    );
  });
});
