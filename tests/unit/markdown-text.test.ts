/**
 * The plain text of an inline token (`inlineText`): its text and code spans, whitespace runs as one space, trimmed,
 * whatever the whitespace (tabs, line breaks, no-break and other Unicode spaces). Inline content is parsed when first
 * read, not with the blocks: what the readers get is what markdown-it gives when it parses both at once.
 */
import { createRequire } from 'node:module';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type MarkdownIt from 'markdown-it';
import { codeSpans, inlineLinks, inlineText, tokenize, type Token } from '../../src/docs/markdown.ts';
import { readTable } from '../../src/docs/tables.ts';

/** An inline token holding these text children, as markdown-it gives them. */
function inline(...texts: string[]): Token {
  const [paragraph] = tokenize('x').filter((t) => t.type === 'inline');
  assert.ok(paragraph);
  const TokenClass = paragraph.constructor as new (type: string, tag: string, nesting: number) => Token;
  const token = new TokenClass('inline', '', 0);
  token.content = texts.join('');
  token.children = texts.map((content) => Object.assign(new TokenClass('text', '', 0), { content }));
  return token;
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

test('a reference-style link resolves against the definitions of its page, in prose and in table cells', () => {
  const tokens = tokenize(
    [
      'Returns a [site][sites] object.',
      '',
      '| Type |',
      '|:-----|',
      '| [site][sites] |',
      '',
      '[sites]: ../resources/site.md',
    ].join('\n'),
  );
  const [prose] = tokens.filter((t) => t.type === 'inline');
  assert.ok(prose);
  assert.deepEqual(inlineLinks(prose), [{ text: 'site', href: '../resources/site.md' }]);
  const start = tokens.findIndex((t) => t.type === 'table_open');
  const cell = readTable(tokens, start).table.rows[0]?.cells[0];
  assert.deepEqual(cell?.links, [{ text: 'site', href: '../resources/site.md' }]);
  // Another page's definitions are not this one's.
  const [elsewhere] = tokenize('Returns a [site][sites] object.').filter((t) => t.type === 'inline');
  assert.ok(elsewhere);
  assert.deepEqual(inlineLinks(elsewhere), []);
  assert.equal(inlineText(elsewhere), 'Returns a [site][sites] object.');
});

test('escapes and entities read as the characters they stand for', () => {
  const [paragraph] = tokenize('\\*not bold\\* &amp; [a \\[b\\]](x.md) &lt;br&gt;').filter((t) => t.type === 'inline');
  assert.ok(paragraph);
  assert.equal(inlineText(paragraph), '*not bold* & a [b] <br>');
  assert.deepEqual(inlineLinks(paragraph), [{ text: 'a [b]', href: 'x.md' }]);
});

/** markdown-it parsing blocks and inline content at once, as the harness's parser did before it parsed lazily. */
const eager = new (createRequire(import.meta.url)('markdown-it') as typeof MarkdownIt)({
  html: true,
  linkify: false,
  typographer: false,
});

/** The plain text, links and code spans of inline tokens parsed at once, read as `inlineText` and friends read them. */
function eagerReading(inline: Token): { text: string; links: { text: string; href: string }[]; code: string[] } {
  const children = inline.children ?? [];
  const links: { text: string; href: string }[] = [];
  let open: { text: string; href: string } | undefined;
  let text = '';
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += ' ';
    else if (child.type === 'html_inline' && /^<br\s*\/?>$/i.test(child.content)) text += ' ';
    if (child.type === 'link_open') open = { text: '', href: String(child.attrGet('href') ?? '') };
    else if (child.type === 'link_close' && open) {
      links.push({ text: open.text.trim(), href: open.href });
      open = undefined;
    } else if (open && (child.type === 'text' || child.type === 'code_inline')) open.text += child.content;
  }
  return {
    text: text.replace(/\s+/g, ' ').trim(),
    links,
    code: children.filter((c) => c.type === 'code_inline').map((c) => c.content),
  };
}

test('read lazily, any inline markdown reads as markdown-it parsing it with the blocks gives it', () => {
  const piece = fc.constantFrom(
    'a',
    '~~',
    '~',
    '-',
    '+',
    '=',
    ':',
    '#',
    '{}',
    '$%^@',
    '  \n',
    '\t',
    '<http://x.y>',
    '<x@y.z>',
    '![i](j.png)',
    '<br/>',
    'Type',
    ' ',
    '\n',
    '*',
    '**',
    '_',
    '`',
    '``',
    '[',
    ']',
    '(',
    ')',
    '[x][r]',
    '[y](z.md)',
    '\\',
    '\\*',
    '&amp;',
    '&#42;',
    '&bogus;',
    '<br>',
    '<b>',
    '|',
    '!',
    '<',
    '>',
    'http://x.y',
    '    ',
    '# ',
  );
  const definitions = fc.constantFrom('', '\n\n[r]: ../resources/r.md', '\n\n[R]: <a b> "t"');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 24 }), definitions, (pieces, defined) => {
      const text = pieces.join('') + defined;
      const lazy = tokenize(text).filter((t) => t.type === 'inline');
      const once = eager.parse(text, {}).filter((t) => t.type === 'inline');
      assert.equal(lazy.length, once.length);
      lazy.forEach((token, index) => {
        const expected = eagerReading(once[index] as Token);
        assert.deepEqual(
          { text: inlineText(token), links: inlineLinks(token), code: codeSpans(token) },
          expected,
          JSON.stringify(text),
        );
      });
    }),
    { numRuns: 3000 },
  );
});
