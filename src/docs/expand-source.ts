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

/** Reads an included file by its path (joined from the including file's path); undefined when it does not exist. */
export type IncludeReader = (path: string) => string | undefined;

export interface SourceProblem {
  readonly rule: 'missing-include' | 'include-cycle' | 'invalid-tab-group';
  readonly message: string;
  readonly location: Location;
}

/** A DocFX tab group: its tab ids in order, located at its first marker. */
export interface TabGroup {
  readonly tabs: readonly string[];
  readonly location: Location;
}

export interface ExpandedSource {
  readonly text: string;
  /** `origins[i]` is where line `i + 1` of `text` comes from. */
  readonly origins: readonly Location[];
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
const MAX_DEPTH = 8;

/** `body` is the page text (front matter already blanked), whose line 1 is line 1 of `file`. */
export function expandSource(file: string, body: string, read: IncludeReader | undefined): ExpandedSource {
  const problems: SourceProblem[] = [];
  const includes: string[] = [];
  const lines: string[] = [];
  const origins: Location[] = [];
  expandInto(file, body.split('\n'), 1, [file]);
  const tabGroups = blankTabGroups(lines, origins, problems);
  return { text: lines.join('\n'), origins, includes, tabGroups, problems };

  function expandInto(current: string, source: readonly string[], firstLine: number, chain: readonly string[]): void {
    let fence: string | undefined;
    for (const [index, line] of source.entries()) {
      const location = { file: current, line: firstLine + index };
      const fenceMark = FENCE.exec(line)?.[1];
      if (fenceMark && (fence === undefined || (fenceMark[0] === fence[0] && fenceMark.length >= fence.length))) {
        fence = fence === undefined ? fenceMark : undefined;
      }
      const include = fence === undefined && read ? INCLUDE.exec(line) : null;
      const target = include?.[2];
      if (!include || target === undefined || SNIPPET.test(target) || /^[a-z]+:/i.test(target)) {
        lines.push(line);
        origins.push(location);
        continue;
      }
      const path = posix.normalize(
        posix.join(posix.dirname(current.split('\\').join('/')), target.split('#')[0] ?? target),
      );
      const text = chain.includes(path) ? undefined : read?.(path);
      if (chain.includes(path) || chain.length > MAX_DEPTH) {
        problems.push({
          rule: 'include-cycle',
          message: `the include of ${target} includes itself (${[...chain, path].join(' → ')})`,
          location,
        });
      } else if (text === undefined) {
        problems.push({
          rule: 'missing-include',
          message: `the included file ${target} does not exist (looked for ${path})`,
          location,
        });
      }
      if (text === undefined) {
        lines.push(''); // the include line renders as nothing useful; blank it so it cannot merge into a paragraph
        origins.push(location);
        continue;
      }
      if (!includes.includes(path)) includes.push(path);
      const prefix = include[1] ?? '';
      const { body: included, firstLine: includedFirst } = withoutFrontMatter(text.replace(/\r\n?/g, '\n'));
      const before = lines.length;
      expandInto(path, included.split('\n'), includedFirst, [...chain, path]);
      if (prefix.trim() !== '') for (let i = before; i < lines.length; i++) lines[i] = `${prefix}${lines[i] ?? ''}`;
    }
  }
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
function blankTabGroups(lines: string[], origins: readonly Location[], problems: SourceProblem[]): TabGroup[] {
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
    const location = origins[index] ?? { file: '', line: index + 1 };
    if (marker) {
      open ??= { tabs: [], location };
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
        location,
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
