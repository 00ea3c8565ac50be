/**
 * The one place that knows markdown-it. Everything else reads its tokens through these helpers, so that the rest of
 * the parser works on text, links and line numbers, never on markdown syntax.
 */
import { createRequire } from 'node:module';
import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import type { Cell, Link } from './model.ts';

export type { Token };

let markdown: InstanceType<typeof MarkdownIt> | undefined;

/** Block-level tokens of a markdown text. Line maps are 0-based `[begin, end)`. */
export function tokenize(text: string): Token[] {
  // Loaded on first use, and synchronously (its CommonJS build): a process that finds its pages in the cache (a run's
  // runner and workers, once the docs were read) never tokenizes, and need not load markdown-it's 25 modules.
  // `html: true` keeps annotation comments as html_block tokens; linkify and typographer would rewrite doc text.
  markdown ??= new (createRequire(import.meta.url)('markdown-it') as typeof MarkdownIt)({
    html: true,
    linkify: false,
    typographer: false,
  });
  return markdown.parse(text, {});
}

/** The 1-based line a block token starts on, offset by `lineOffset` (0-based lines removed before parsing). */
export function lineOf(token: Token, fallback: number): number {
  return token.map ? token.map[0] + 1 : fallback;
}

/** Plain text of an inline token: emphasis, code spans and links reduced to their text, `<br>` to a space. */
export function inlineText(inline: Token): string {
  let text = '';
  for (const child of inline.children ?? []) {
    switch (child.type) {
      case 'text':
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
  return /[^\S ]| {2}/.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

/** Links of an inline token, with their text. */
export function inlineLinks(inline: Token): Link[] {
  const links: Link[] = [];
  let open: { href: string; text: string } | undefined;
  for (const child of inline.children ?? []) {
    if (child.type === 'link_open') open = { href: String(child.attrGet('href') ?? ''), text: '' };
    else if (child.type === 'link_close' && open) {
      links.push({ text: open.text.trim(), href: open.href });
      open = undefined;
    } else if (open && (child.type === 'text' || child.type === 'code_inline')) open.text += child.content;
  }
  return links;
}

/** Text of the code spans of an inline token (`` `200 OK` ``). */
export function codeSpans(inline: Token): string[] {
  return (inline.children ?? []).filter((c) => c.type === 'code_inline').map((c) => c.content);
}

export function toCell(inline: Token): Cell {
  return { text: inlineText(inline), links: inlineLinks(inline) };
}
