/**
 * A page's tokens → its outline: the parts the section readers look at (headings, paragraphs, tables, code blocks,
 * HTML), each tagged with the section it stands in, and each code block with the annotation written right before it.
 *
 * What a table or code block means depends on its section, as in ApiDoctor; this is the one place that walks the token
 * stream and keeps track of the section. It reports what is wrong with the page's structure itself: annotations that
 * cannot be read or do not reach their block, and code blocks that are not closed where they should be.
 */
import type { Finding, Location } from '../core/finding.ts';
import { readAnnotation } from './annotation.ts';
import { describeRepairs, lineAtOffset } from './lenient-json.ts';
import { LIMITS } from './limits.ts';
import { fenceText, inlineText, type Token } from './markdown.ts';
import type { Annotation } from './model.ts';
import { readTable, type Table } from './tables.ts';

/** Sections whose content the readers use, keyed by their heading as Graph pages spell it (case-insensitive). */
export type Section =
  | 'permissions'
  | 'http-request'
  | 'path-parameters'
  | 'query-parameters'
  | 'function-parameters'
  | 'request-headers'
  | 'request-body'
  | 'response'
  | 'examples'
  | 'other';

/** Maps a 1-based line of the page's expanded text to the doc place it shows (included text comes from other files). */
export type Locate = (line: number) => Location;

/** A `#` heading. `section` is the section it opens (a tab marker opens none: it keeps the one it stands in). */
export interface HeadingPart {
  readonly kind: 'heading';
  readonly section: Section;
  readonly level: number;
  /** The heading's plain text. */
  readonly text: string;
  /** The heading's markdown source. */
  readonly source: string;
  /** A DocFX tab marker, `# [HTTP](#tab/http)`: neither a title nor a section. */
  readonly tabMarker: boolean;
  readonly line: number;
}

/** An inline run outside headings and tables: a paragraph, a list item, a setext heading's text. */
export interface ParagraphPart {
  readonly kind: 'paragraph';
  readonly section: Section;
  readonly inline: Token;
  readonly line: number;
}

export interface TablePart {
  readonly kind: 'table';
  readonly section: Section;
  readonly table: Table;
  /** The table's tokens, `table_open` to `table_close`: the cells' markdown source. */
  readonly tokens: readonly Token[];
}

/** A fenced code block, with the annotation that applies to it. */
export interface FencePart {
  readonly kind: 'fence';
  readonly section: Section;
  /** The fence's language, lower-cased: `http`, `json`, or empty. */
  readonly language: string;
  readonly content: string;
  /** 1-based line of the opening fence; the content starts on the next line. */
  readonly line: number;
  readonly annotation?: Annotation;
  /** The nearest heading above the block that says more than a role (see `describingHeading`). */
  readonly heading?: string;
}

/** An HTML block: a comment (annotations are read from these), or markup. */
export interface HtmlPart {
  readonly kind: 'html';
  readonly section: Section;
  readonly html: string;
  readonly line: number;
}

/** The page annotation, `<!-- { "type": "#page.annotation", ... } -->`: it describes the page, not a block. */
export interface PageAnnotationPart {
  readonly kind: 'page-annotation';
  readonly section: Section;
  readonly annotation: Annotation;
}

export type Part = HeadingPart | ParagraphPart | TablePart | FencePart | HtmlPart | PageAnnotationPart;

export interface PageOutline {
  /** The first H1 that is not a tab marker. */
  readonly title?: string;
  readonly parts: readonly Part[];
  readonly findings: readonly Finding[];
}

/** The annotation block types that carry an example. */
export const EXAMPLE_BLOCK_TYPES: readonly string[] = ['request', 'response'];

/** The parts of `kind` standing in one of `sections`, in reading order. */
export function partsOf<K extends Part['kind']>(
  outline: PageOutline,
  kind: K,
  ...sections: readonly Section[]
): Extract<Part, { kind: K }>[] {
  return outline.parts.filter(
    (part): part is Extract<Part, { kind: K }> =>
      part.kind === kind && (sections.length === 0 || sections.includes(part.section)),
  );
}

export function outlinePage(tokens: readonly Token[], locate: Locate): PageOutline {
  const parts: Part[] = [];
  const findings: Finding[] = [];
  const report = (rule: Finding['rule'], severity: Finding['severity'], message: string, location: Location): void => {
    findings.push({ rule, severity, message, location });
  };
  /**
   * An example annotation with no code block right after it applies to nothing (ApiDoctor's rule); the block further
   * on, if any, is read as though it had no annotation (an un-annotated example, with that rule's findings).
   */
  const detach = (annotation: Annotation | undefined): void => {
    if (!annotation || !EXAMPLE_BLOCK_TYPES.includes(annotation.blockType)) return;
    const message = `the ${annotation.blockType} annotation is not directly followed by its code block, so it applies to no block: a code block after it is read as un-annotated`;
    report('invalid-annotation', 'error', message, locate(annotation.location.line));
  };

  let title: string | undefined;
  let section: Section = 'other';
  /** The headings the current line stands under, outermost first (tab markers are not among them). */
  const headings: { level: number; text: string; describes: boolean }[] = [];
  let pending: Annotation | undefined;
  /** A heading stood between the pending annotation and the block that follows. */
  let displaced = false;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (!token) continue;
    const line = token.map ? token.map[0] + 1 : 1;

    if (token.type === 'html_block') {
      detach(pending);
      parts.push({ kind: 'html', section, html: token.content, line });
      const reading = readCommentAnnotation(token.content, line, locate);
      findings.push(...reading.findings);
      if (reading.annotation?.blockType === '#page.annotation')
        parts.push({ kind: 'page-annotation', section, annotation: reading.annotation });
      pending = reading.annotation?.blockType === '#page.annotation' ? undefined : reading.annotation;
      displaced = false;
      continue; // an annotation applies to the block right after it
    }
    if (token.type === 'fence') {
      if (pending && displaced) {
        const message = `a heading stands between the ${pending.blockType} annotation and its code block; read as that block's annotation`;
        report('invalid-annotation', 'warning', message, pending.location);
      }
      findings.push(...unclosedFence(token.content, line, locate));
      const heading = describingHeading(headings);
      parts.push({
        kind: 'fence',
        section,
        language: token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '',
        content: fenceText(token),
        line,
        ...(pending ? { annotation: pending } : {}),
        ...(heading !== undefined ? { heading } : {}),
      });
      pending = undefined;
      continue;
    }
    // Only `#` headings structure a page: a `---` under a paragraph is a setext H2 to CommonMark.
    if (token.type === 'heading_open' && token.markup.startsWith('#')) {
      const heading = tokens[index + 1];
      index += 2; // past its inline content and heading_close
      const text = heading ? inlineText(heading) : '';
      const level = Number(token.tag.slice(1));
      const tabMarker = isTabMarker(heading);
      if (!tabMarker) {
        if (level === 1 && title === undefined) title = text;
        section = nextSection(section, level, text);
        // `### Example 1: …` then `### Request` at the same level: the request still stands under the example's
        // heading, so a heading that only names a role nests under the one before it.
        const role = ROLE_HEADING.test(text.trim());
        for (let top = headings.at(-1); top !== undefined; top = headings.at(-1)) {
          if (top.level < level || (top.level === level && role && top.describes)) break;
          headings.pop();
        }
        headings.push({ level, text, describes: describes(text) !== undefined });
      }
      parts.push({ kind: 'heading', section, level, text, source: heading?.content ?? '', tabMarker, line });
      if (tabMarker) continue;
      // `<!-- request annotation -->` then `##### Request` then the block: the intent is clear, so it is read
      // through, with a warning. Anything else in between detaches the annotation (ApiDoctor's rule).
      if (pending && EXAMPLE_BLOCK_TYPES.includes(pending.blockType)) displaced = true;
      else pending = undefined;
      continue;
    }
    // Nothing may stand between an annotation and its block (ApiDoctor's rule).
    detach(pending);
    pending = undefined;

    if (token.type === 'table_open') {
      const { table, next } = readTable(tokens, index);
      parts.push({ kind: 'table', section, table, tokens: tokens.slice(index, next) });
      if (table.dropped) {
        const message = `the table has ${(LIMITS.tableRows + table.dropped.rows).toString()} rows, over the limit of ${LIMITS.tableRows.toString()}: the ${table.dropped.rows.toString()} from here on are not read`;
        report('limit-exceeded', 'error', message, locate(table.dropped.line));
      }
      index = next - 1;
    } else if (token.type === 'inline') {
      parts.push({ kind: 'paragraph', section, inline: token, line });
    }
  }
  detach(pending);
  return { ...(title !== undefined ? { title } : {}), parts, findings };
}

/**
 * The innermost heading that describes what stands under it: `Example 2: Get organizational branding but no branding
 * configured`, not `Request`, `Response`, `Examples` or a bare `Example 2`, which only name a block's role or number,
 * nor the page's title, which describes every block alike.
 */
function describingHeading(
  headings: readonly { level: number; text: string; describes: boolean }[],
): string | undefined {
  for (let index = headings.length - 1; index >= 0; index--) {
    const heading = headings[index];
    if (heading === undefined || heading.level < 2) break;
    if (heading.describes) return heading.text.trim();
  }
  return undefined;
}

/** A heading that names a block's role only: `Request`, `Response`, `HTTP request`, `Response body`. */
const ROLE_HEADING = /^(?:http\s+)?(?:requests?|responses?)(?:\s+(?:body|headers?))?$/i;

/** The heading's text where it says more than a block's role or number; undefined where it does not. */
function describes(text: string): string | undefined {
  const rest = text
    .trim()
    .replace(/^examples?\s*\d*\s*[:.\-–—]?\s*/i, '')
    .trim();
  return rest === '' || ROLE_HEADING.test(rest) ? undefined : text.trim();
}

/** The section a heading names. A qualifier in parentheses is dropped: `## HTTP request (to upload a new file)`. */
function sectionOf(heading: string): Section {
  const text = withoutQualifier(heading.toLowerCase()).replace(/\s+/g, ' ').trim();
  // Intune's generated pages put the permissions table under `## Prerequisites`.
  if (text === 'permissions' || text === 'prerequisites') return 'permissions';
  if (text === 'http request') return 'http-request';
  if (text === 'path parameters') return 'path-parameters';
  if (/^(optional )?query (string )?parameters$/.test(text)) return 'query-parameters';
  if (text === 'function parameters' || text === 'parameters') return 'function-parameters';
  if (text === 'request headers') return 'request-headers';
  if (text === 'request body') return 'request-body';
  if (text === 'response') return 'response';
  if (/^examples?\b/.test(text)) return 'examples';
  return 'other';
}

/** `http request (to upload a new file)` → `http request`: from the first `(`, when the text ends with `)`. */
function withoutQualifier(text: string): string {
  const trimmed = text.trimEnd();
  const open = trimmed.indexOf('(');
  return trimmed.endsWith(')') && open >= 0 ? trimmed.slice(0, open) : text;
}

/**
 * The section a heading leads into. H1 and H2 headings open sections. Deeper headings are subsections of the current
 * one (`### Get the photo` under `## HTTP request`; `### Response` under `## Examples` is an example's, not the page's
 * Response section), unless they name a section outside the examples (`### HTTP request` under
 * `## Create an upload session`, `### Response` under `## Request body`).
 */
function nextSection(current: Section, level: number, heading: string): Section {
  if (level <= 2) return sectionOf(heading);
  const named = sectionOf(heading);
  return current === 'examples' || named === 'other' ? current : named;
}

/**
 * A DocFX tab marker, `# [HTTP](#tab/http)`: an H1 to CommonMark, but neither a title nor a section. Tab groups as
 * such are not read yet; their HTTP tab holds an ordinary annotated example.
 */
function isTabMarker(inline: Token | undefined): boolean {
  return inline !== undefined && /^\[[^\]]*\]\(#tab\/[^)]*\)$/i.test(inline.content.trim());
}

/** The annotation an HTML comment holds, with what is wrong with it. */
function readCommentAnnotation(
  html: string,
  line: number,
  locate: Locate,
): { annotation?: Annotation; findings: Finding[] } {
  const reading = readAnnotation(html, locate(line));
  const isPageAnnotation = /#page\.annotation/.test(html);
  if (reading.kind === 'invalid') {
    const finding: Finding = reading.overLimit
      ? { rule: 'limit-exceeded', severity: 'error', message: reading.error, location: locate(line) }
      : isPageAnnotation
        ? {
            rule: 'invalid-page-annotation',
            severity: 'error',
            message: `the page annotation cannot be read: ${reading.error.replace(/^the annotation /, 'it ')}`,
            location: locate(line),
          }
        : { rule: 'invalid-annotation', severity: 'error', message: reading.error, location: locate(line) };
    return { findings: [finding] };
  }
  if (reading.kind !== 'annotation') return { findings: [] };
  const { annotation, repairs } = reading;
  const firstRepair = repairs[0];
  if (!firstRepair) return { annotation, findings: [] };
  const onPage = annotation.blockType === '#page.annotation';
  const what = onPage ? 'page annotation' : 'annotation';
  const finding: Finding = {
    rule: onPage ? 'invalid-page-annotation' : 'invalid-annotation',
    severity: 'warning',
    message: `the ${what} is not strict JSON (${describeRepairs(repairs)}); read as intended`,
    location: locate(line + lineAtOffset(html, html.indexOf('{') + firstRepair.offset) - 1),
  };
  return { annotation, findings: [finding] };
}

/**
 * A fence closed by the next example's opening fence swallows the markdown in between (`### Response`, the
 * response's annotation): the page renders wrong and the example after it is lost.
 */
function unclosedFence(content: string, line: number, locate: Locate): Finding[] {
  const index = content.split('\n').findIndex((l) => /^\s{0,3}(#{1,6}\s+\S|<!--\s*\{)/.test(l));
  if (index < 0) return [];
  return [
    {
      rule: 'unclosed-code-block',
      severity: 'error',
      message: 'this line reads as markdown inside a code block: the block is not closed where it should be',
      location: locate(line + 1 + index),
    },
  ];
}
