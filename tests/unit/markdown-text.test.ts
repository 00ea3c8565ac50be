/**
 * The plain text of an inline token (`inlineText`): its text and code spans, whitespace runs as one space, trimmed,
 * whatever the whitespace (tabs, line breaks, no-break and other Unicode spaces).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { inlineText, tokenize, type Token } from '../../src/docs/markdown.ts';

/** An inline token holding these text children, as markdown-it gives them. */
function inline(...texts: string[]): Token {
  const [paragraph] = tokenize('x').filter((t) => t.type === 'inline');
  assert.ok(paragraph);
  const [child] = paragraph.children ?? [];
  assert.ok(child);
  return Object.assign(Object.create(Object.getPrototypeOf(paragraph) as object) as Token, paragraph, {
    children: texts.map((content) =>
      Object.assign(Object.create(Object.getPrototypeOf(child) as object) as Token, child, { content }),
    ),
  });
}

test('emphasis, code spans and line breaks read as plain text', () => {
  const [paragraph] = tokenize('A **bold**  `code`\nnext<br/>line\u00a0\u00a0end ').filter((t) => t.type === 'inline');
  assert.ok(paragraph);
  assert.equal(inlineText(paragraph), 'A bold code next line end');
});

test('whitespace of any kind collapses to one space, and none is left at either end', () => {
  const char = fc.constantFrom('a', 'b', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\ufeff');
  fc.assert(
    fc.property(
      fc.array(
        fc.array(char, { maxLength: 12 }).map((c) => c.join('')),
        { maxLength: 3 },
      ),
      (texts) => {
        assert.equal(inlineText(inline(...texts)), texts.join('').replace(/\s+/g, ' ').trim());
      },
    ),
    { numRuns: 2000 },
  );
});
