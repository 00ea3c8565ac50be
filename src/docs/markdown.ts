/**
 * The one place that knows markdown-it. Everything else reads its tokens through these helpers, so that the rest of
 * the parser works on text, links and line numbers, never on markdown syntax.
 */
import { createRequire } from 'node:module';
import type MarkdownIt from 'markdown-it';
import type { Env, Token } from 'markdown-it';
import type { Link } from './model.ts';
import { detached } from './detached-text.ts';

export type { Token };

type Markdown = InstanceType<typeof MarkdownIt>;

let markdown: Markdown | undefined;

/** The parser, made on first use. */
function parser(): Markdown {
  // Loaded on first use, and synchronously (its CommonJS build): a process that finds its pages in the cache (a run's
  // runner and workers, once the docs were read) never tokenizes, and need not load markdown-it's 25 modules.
  // `html: true` keeps annotation comments as html_block tokens; linkify and typographer would rewrite doc text.
  if (markdown) return markdown;
  markdown = new (createRequire(import.meta.url)('markdown-it') as typeof MarkdownIt)({
    html: true,
    linkify: false,
    typographer: false,
  });
  // Inline content (emphasis, code spans, links) is parsed when a reader first asks for it (`childrenOf`), not with
  // the blocks: it is over half of markdown-it's time, and half of it (prose, the tables of sections no reader takes,
  // the columns it skips) is never read: 13.8 of 27.2 MB is, in a lint of the whole 2021 reference.
  markdown.core.ruler.disable('inline');
  return markdown;
}

/**
 * The reference definitions (`[sites]: ../resources/site.md`) of the page an inline token was read from, for the
 * pages that have any: parsing its content later must resolve `[text][sites]` as it would have with the blocks.
 */
const referencesOf = new WeakMap<Token, Env>();

/**
 * Block-level tokens of a markdown text. Line maps are 0-based `[begin, end)`. An `inline` token's `children` are null
 * until `childrenOf` parses them.
 */
export function tokenize(text: string): Token[] {
  const env: Env = {};
  const tokens = parser().parse(text, env);
  for (const token of tokens) {
    if (token.type !== 'inline') continue;
    token.children = null;
    if (env.references) referencesOf.set(token, env);
  }
  return tokens;
}

/**
 * The inline tokens of an `inline` block token, parsed on first use and kept in its `children`, as markdown-it's own
 * core rule would have. markdown-it's `text_join` rule then turns `text_special` (an escape, an entity) into `text`;
 * the readers below take both alike instead.
 */
function childrenOf(inline: Token): readonly Token[] {
  if (inline.children) return inline.children;
  const md = parser();
  const children: Token[] = [];
  md.inline.parse(inline.content, md, referencesOf.get(inline) ?? {}, children);
  inline.children = children;
  return children;
}

/** The 1-based line a block token starts on; `fallback` for a token without a line map. */
export function lineOf(token: Token, fallback: number): number {
  return token.map ? token.map[0] + 1 : fallback;
}

/**
 * Characters some inline rule of markdown-it acts on, linkify and typographer off: line breaks, escapes, code spans,
 * emphasis, strikethrough, links and images, autolinks and HTML, entities. Content without any is one text token, as
 * written: headings, most type cells, plain prose. (Other characters only end a run of text for a rule to look.)
 */
const INLINE_SYNTAX = /[\n\\`*_~[<&]/;

/** The text of a code block (`fence` token), held apart from the page's text (a one-line block is cut from it). */
export function fenceText(fence: Token): string {
  return detached(fence.content);
}

/** Plain text of an inline token: emphasis, code spans and links reduced to their text, `<br>` to a space. */
export function inlineText(inline: Token): string {
  if (!inline.children && !INLINE_SYNTAX.test(inline.content)) return collapseWhitespace(inline.content);
  let text = '';
  for (const child of childrenOf(inline)) {
    switch (child.type) {
      case 'text':
      case 'text_special':
      case 'code_inline':
        text += child.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        text += ' ';
        break;
      case 'html_inline':
        if (/^<br\s*\/?>$/i.test(child.content)) text += ' ';
        break;
      default:
        break;
    }
  }
  return collapseWhitespace(text);
}

/**
 * Runs of whitespace as one space, trimmed. Most text holds no whitespace but single spaces, and is then only trimmed:
 * replacing each space by a space still builds a new string, and every inline token of a docs tree is read this way.
 */
function collapseWhitespace(text: string): string {
  return detached(/[^\S ]| {2}/.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim());
}

/** Links of an inline token, with their text. */
export function inlineLinks(inline: Token): Link[] {
  // A link opens with `[` (inline or by reference) or `<` (an autolink).
  if (!inline.children && !/[[<]/.test(inline.content)) return [];
  const links: Link[] = [];
  let open: { href: string; text: string } | undefined;
  for (const child of childrenOf(inline)) {
    if (child.type === 'link_open') open = { href: String(child.attrGet('href') ?? ''), text: '' };
    else if (child.type === 'link_close' && open) {
      links.push({ text: detached(open.text.trim()), href: detached(open.href) });
      open = undefined;
    } else if (open && (child.type === 'text' || child.type === 'text_special' || child.type === 'code_inline'))
      open.text += child.content;
  }
  return links;
}

/** Text of the code spans of an inline token (`` `200 OK` ``). */
export function codeSpans(inline: Token): string[] {
  if (!inline.children && !inline.content.includes('`')) return [];
  return childrenOf(inline)
    .filter((c) => c.type === 'code_inline')
    .map((c) => detached(c.content));
}
