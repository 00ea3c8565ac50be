/**
 * The page text as DocFX renders it, before markdown parsing: `[!INCLUDE [label](path)]` lines replaced by the
 * included file (recursively, front matter dropped), and DocFX tab-group markers (`# [HTTP](#tab/http)` … `---`)
 * blanked, because to CommonMark they are H1 headings and a thematic break (or a setext underline).
 *
 * Every line of the result keeps its origin, so that a finding in included text points at the included file's line.
 * Pure: the caller supplies the file reader.
 */
import { posix } from 'node:path';
import type { Location } from '../core/finding.ts';
import { formatBytes, LIMITS } from './limits.ts';

/** Why an include was not read: the reader refused it (outside the docs folder, too large). */
export interface IncludeRefusal {
  readonly rule: 'outside-docs' | 'limit-exceeded';
  /** Why, to follow "the include of <target> is not read: " (`it resolves to /etc/passwd, outside …`). */
  readonly reason: string;
}

/**
 * Reads an included file by its path (joined from the including file's path): its text, undefined when it does not
 * exist, or why it may not be read. The I/O edge (`load-docs.ts`) confines it to the docs folder.
 */
export type IncludeReader = (path: string) => string | IncludeRefusal | undefined;

export interface SourceProblem {
  readonly rule: 'missing-include' | 'include-cycle' | 'invalid-tab-group' | 'outside-docs' | 'limit-exceeded';
  readonly message: string;
  readonly location: Location;
}

/** A DocFX tab group: its tab ids in order, located at its first marker. */
export interface TabGroup {
  readonly tabs: readonly string[];
  readonly location: Location;
}

/**
 * Where each line of an expanded text comes from, held as runs of consecutive lines of one file: a page without
 * includes is one run, however long, where a location per line was a million objects for a docs tree.
 */
export class LineOrigins {
  /** Of each run: the index in the text of its first line, its file, and that line's number in the file. */
  readonly #starts: number[] = [];
  readonly #files: string[] = [];
  readonly #lines: number[] = [];
  #count = 0;

  /** The text's next `count` lines are lines `line` on of `file`. */
  pushLines(file: string, line: number, count: number): void {
    if (count <= 0) return;
    this.push(file, line);
    this.#count += count - 1; // the run `push` continued or began goes on
  }

  /** The text's next line is line `line` of `file`. */
  push(file: string, line: number): void {
    const last = this.#starts.length - 1;
    const continues =
      last >= 0 &&
      this.#files[last] === file &&
      (this.#lines[last] ?? 0) + (this.#count - (this.#starts[last] ?? 0)) === line;
    if (!continues) {
      this.#starts.push(this.#count);
      this.#files.push(file);
      this.#lines.push(line);
    }
    this.#count++;
  }

  /** Where line `index + 1` of the text comes from; undefined outside the text. */
  at(index: number): Location | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#count) return undefined;
    // The last run starting at or before the line.
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.#starts[middle] ?? 0) <= index) low = middle;
      else high = middle - 1;
    }
    return { file: this.#files[low] ?? '', line: (this.#lines[low] ?? 0) + index - (this.#starts[low] ?? 0) };
  }
}

export interface ExpandedSource {
  readonly text: string;
  /** `origins.at(i)` is where line `i + 1` of `text` comes from. */
  readonly origins: LineOrigins;
  /** Files included, directly or not, as the reader was asked for them. */
  readonly includes: readonly string[];
  readonly tabGroups: readonly TabGroup[];
  readonly problems: readonly SourceProblem[];
}

const INCLUDE = /^(\s*(?:>\s*)?)\[!INCLUDE\s*\[[^\]]*\]\(\s*([^)\s]+)\s*\)\s*\]\s*$/i;
/** Snippet includes hold SDK code in other languages, not documentation: they are left as written. */
const SNIPPET = /(^|\/)includes\/snippets\//i;
const TAB_MARKER = /^\s*#{1,6}\s*\[([^\]]*)\]\(#tab\/([^)\s]*)\)\s*$/i;
const GROUP_END = /^\s*---\s*$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** What an include line stands for: the file's text, or why it is not read. */
type IncludeResult =
  | { readonly kind: 'read'; readonly path: string; readonly text: string }
  | { readonly kind: 'refused'; readonly rule: SourceProblem['rule']; readonly message: string }
  /** Deeper than `LIMITS.includeDepth`: said once per page, where it first happens. */
  | { readonly kind: 'too-deep'; readonly message: string }
  /** Past `LIMITS.includesPerPage`: said once per page, on its own include line. */
  | { readonly kind: 'too-many' };

/** `body` is the page text (front matter already blanked), whose line 1 is line 1 of `file`. */
export function expandSource(file: string, body: string, read: IncludeReader | undefined): ExpandedSource {
  if (asWritten(body, read !== undefined)) {
    const origins = new LineOrigins();
    origins.pushLines(file, 1, lineCount(body));
    return { text: body, origins, includes: [], tabGroups: [], problems: [] };
  }
  const problems: SourceProblem[] = [];
  const includes: string[] = [];
  const lines: string[] = [];
  const origins = new LineOrigins();
  /** Characters of the expanded text so far, and includes read: both are limited. */
  let size = 0;
  let includeCount = 0;
  /** Set once the page reached `LIMITS.includesPerPage`: said once, on the page's own include line. */
  let countReported = false;
  /** Set once an include went deeper than `LIMITS.includeDepth`: said once, where it first happened. */
  let depthReported = false;
  expandInto(file, body.split('\n'), 1, [file], undefined);
  const tabGroups = blankTabGroups(lines, origins, problems);
  blankLongTables(lines, origins, problems);
  return { text: lines.join('\n'), origins, includes, tabGroups, problems };

  /**
   * Recursive, but only as deep as `LIMITS.includeDepth`, which is checked before each level. `pageLine` is the include
   * line of the page itself that this text comes through (undefined on the page).
   */
  function expandInto(
    current: string,
    source: readonly string[],
    firstLine: number,
    chain: readonly string[],
    pageLine: Location | undefined,
  ): void {
    let fence: string | undefined;
    for (let index = 0; index < source.length; index++) {
      const line = source[index] ?? '';
      const fenceMark = FENCE.exec(line)?.[1];
      if (fenceMark && (fence === undefined || (fenceMark[0] === fence[0] && fenceMark.length >= fence.length))) {
        fence = fence === undefined ? fenceMark : undefined;
      }
      const include = fence === undefined && read ? INCLUDE.exec(line) : null;
      const target = include?.[2];
      if (!include || target === undefined || SNIPPET.test(target) || /^[a-z]+:/i.test(target)) {
        push(line, current, firstLine + index);
        continue;
      }
      const location = { file: current, line: firstLine + index };
      const included = readIncluded(current, target, chain);
      if (included.kind !== 'read') {
        refused(included, target, location, pageLine ?? location);
        // The include line renders as nothing useful: blanked, so that it cannot merge into a paragraph.
        push('', current, location.line);
        continue;
      }
      if (!includes.includes(included.path)) includes.push(included.path);
      const prefix = include[1] ?? '';
      const { body, firstLine: includedFirst } = withoutFrontMatter(included.text.replace(/\r\n?/g, '\n'));
      const before = lines.length;
      expandInto(included.path, body.split('\n'), includedFirst, [...chain, included.path], pageLine ?? location);
      if (prefix.trim() !== '') for (let i = before; i < lines.length; i++) lines[i] = `${prefix}${lines[i] ?? ''}`;
    }
  }

  /** Says why an include is not read; the page-wide limits once per page, so an include bomb cannot fill the report. */
  function refused(
    result: Exclude<IncludeResult, { kind: 'read' }>,
    target: string,
    location: Location,
    pageLine: Location,
  ): void {
    if (result.kind === 'refused') problems.push({ rule: result.rule, message: result.message, location });
    else if (result.kind === 'too-deep' && !depthReported) {
      depthReported = true;
      problems.push({ rule: 'limit-exceeded', message: result.message, location });
    } else if (result.kind === 'too-many' && !countReported) {
      countReported = true;
      const message = `the page includes more than ${LIMITS.includesPerPage.toString()} files (nested includes counted), the limit: the include of ${target} and those after it are not read`;
      problems.push({ rule: 'limit-exceeded', message, location: pageLine });
    }
  }

  function push(line: string, file: string, lineInFile: number): void {
    lines.push(line);
    origins.push(file, lineInFile);
    size += line.length + 1;
  }

  /** The text an include line stands for, or why it is not read. */
  function readIncluded(current: string, target: string, chain: readonly string[]): IncludeResult {
    // Includes are relative to the page (DocFX); an absolute path could only mean a file outside the docs folder.
    if (/^([\\/~]|[a-z]:)/i.test(target))
      return {
        kind: 'refused',
        rule: 'outside-docs',
        message: `the include of ${target} is an absolute path: only paths relative to the page are read`,
      };
    const path = posix.normalize(
      posix.join(posix.dirname(current.split('\\').join('/')), target.split('#')[0] ?? target),
    );
    // Includes are markdown: anything else (`.env`, `/proc/self/environ`) is no part of a doc, wherever it is.
    if (!/\.md$/i.test(path))
      return {
        kind: 'refused',
        rule: 'outside-docs',
        message: `the include of ${target} is not a markdown file (.md): it is not read`,
      };
    const chained = [...chain, path].join(' → ');
    if (chain.includes(path))
      return {
        kind: 'refused',
        rule: 'include-cycle',
        message: `the include of ${target} includes itself (${chained})`,
      };
    const notRead = `the include of ${target} is not read`;
    if (chain.length > LIMITS.includeDepth) {
      const message = `${notRead}: includes nest deeper than ${LIMITS.includeDepth.toString()} levels (${chained}); the page's other includes this deep are not read either`;
      return { kind: 'too-deep', message };
    }
    if (includeCount >= LIMITS.includesPerPage) return { kind: 'too-many' };
    includeCount++;
    const text = read?.(path);
    if (text === undefined)
      return {
        kind: 'refused',
        rule: 'missing-include',
        message: `the included file ${target} does not exist (looked for ${path})`,
      };
    if (typeof text !== 'string') return { kind: 'refused', rule: text.rule, message: `${notRead}: ${text.reason}` };
    if (size + text.length > LIMITS.pageBytes) {
      const message = `${notRead}: with it, the page would be over ${formatBytes(LIMITS.pageBytes)}`;
      return { kind: 'refused', rule: 'limit-exceeded', message };
    }
    return { kind: 'read', path, text };
  }
}

/**
 * Whether a page's text is its expansion, as most pages' is: it holds no include line to read, no tab marker, and too
 * few lines for a table over the row limit. Includes and markers are looked for anywhere, fences too, where the line
 * rules above look outside fences only: a page that passes here has nothing for them to do.
 */
function asWritten(body: string, readsIncludes: boolean): boolean {
  return (
    !(readsIncludes && /\[!INCLUDE/i.test(body)) && !/\]\(#tab\//i.test(body) && lineCount(body) <= LIMITS.tableRows + 2
  );
}

function lineCount(text: string): number {
  let count = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** An included file's YAML front matter is metadata of that file, not content of the page. */
function withoutFrontMatter(text: string): { body: string; firstLine: number } {
  const lines = text.split('\n');
  if (lines[0]?.replace(/^\uFEFF/, '').trimEnd() !== '---') return { body: text, firstLine: 1 };
  const close = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (close < 0) return { body: text, firstLine: 1 };
  return { body: lines.slice(close + 1).join('\n'), firstLine: close + 2 };
}

/**
 * Blanks tab markers and the `---` that closes their group, outside code fences. Blanking (not removing) keeps the
 * line count, so an annotation and its fence inside the HTTP tab stay adjacent and every line keeps its origin.
 */
function blankTabGroups(lines: string[], origins: LineOrigins, problems: SourceProblem[]): TabGroup[] {
  const originOf = (index: number): Location => origins.at(index) ?? { file: '', line: index + 1 };
  const groups: TabGroup[] = [];
  let open: { tabs: string[]; location: Location } | undefined;
  let fence: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const fenceMark = FENCE.exec(line)?.[1];
    if (fenceMark && (fence === undefined || (fenceMark[0] === fence[0] && fenceMark.length >= fence.length))) {
      fence = fence === undefined ? fenceMark : undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const marker = TAB_MARKER.exec(line);
    if (marker) {
      open ??= { tabs: [], location: originOf(index) };
      open.tabs.push((marker[2] ?? '').toLowerCase());
      lines[index] = '';
    } else if (open && GROUP_END.test(line)) {
      groups.push(open);
      open = undefined;
      lines[index] = '';
    } else if (open && /^\s{0,3}#{1,6}\s/.test(line)) {
      // A heading inside a group: the group was never closed (DocFX would swallow the heading into the last tab).
      problems.push({
        rule: 'invalid-tab-group',
        message: 'a tab group is not closed by a "---" line before this heading',
        location: originOf(index),
      });
      groups.push(open);
      open = undefined;
    }
  }
  if (open) {
    problems.push({
      rule: 'invalid-tab-group',
      message: 'the tab group opened here is not closed by a "---" line',
      location: open.location,
    });
    groups.push(open);
  }
  return groups;
}

/**
 * Blanks the rows of a table past `LIMITS.tableRows`, before markdown parsing: a table's tokens cost far more memory
 * than its text, so the limit is enforced before they exist. A table is a run of non-blank lines holding `|`, whose
 * second line is a delimiter row (`|---|:--|`), outside code fences. Blanking keeps every later line where it was.
 */
function blankLongTables(lines: string[], origins: LineOrigins, problems: SourceProblem[]): void {
  let fence: string | undefined;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    const fenceMark = FENCE.exec(line)?.[1];
    if (fenceMark && (fence === undefined || (fenceMark[0] === fence[0] && fenceMark.length >= fence.length))) {
      fence = fence === undefined ? fenceMark : undefined;
      index++;
      continue;
    }
    if (fence !== undefined || !line.includes('|') || !isDelimiterRow(lines[index + 1] ?? '')) {
      index++;
      continue;
    }
    let end = index + 2;
    while (end < lines.length && (lines[end] ?? '').trim() !== '' && (lines[end] ?? '').includes('|')) end++;
    const rows = end - index - 2;
    if (rows > LIMITS.tableRows) {
      const first = index + 2 + LIMITS.tableRows;
      problems.push({
        rule: 'limit-exceeded',
        message: `the table has ${rows.toString()} rows, over the limit of ${LIMITS.tableRows.toString()}: the ${(rows - LIMITS.tableRows).toString()} from here on are not read`,
        location: origins.at(first) ?? { file: '', line: first + 1 },
      });
      for (let i = first; i < end; i++) lines[i] = '';
    }
    index = end;
  }
}

/** `|---|:--:|`, `--- | ---`: only pipes, colons, dashes and spaces, with a dash. */
function isDelimiterRow(line: string): boolean {
  return line.includes('-') && /^[\s|:-]+$/.test(line);
}
