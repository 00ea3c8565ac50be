/**
 * YAML front matter. It is not markdown: markdown-it would read it as a thematic break and a setext heading, so it is
 * cut off before tokenizing and its lines blanked, which keeps every later line number true to the file.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let yamlLibrary: typeof Yaml | undefined;

/** yaml, loaded on first use (its CommonJS build, synchronously): a process reading its pages from the cache parses none. */
function yamlParser(): typeof Yaml {
  return (yamlLibrary ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}

export interface FrontMatterSplit {
  /** The YAML between the fences, or undefined when the file has none. */
  readonly yaml?: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The file with the front matter replaced by as many empty lines. */
  readonly body: string;
}

export function splitFrontMatter(text: string): FrontMatterSplit {
  const lines = text.split('\n');
  if (lines[0]?.replace(/^\uFEFF/, '').trimEnd() !== '---') return { line: 1, body: text };
  const close = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (close < 0) return { line: 1, body: text };
  const yaml = lines.slice(1, close).join('\n');
  const body = [...lines.slice(0, close + 1).map(() => ''), ...lines.slice(close + 1)].join('\n');
  return { yaml, line: 1, body };
}

export type FrontMatterResult =
  | { readonly ok: true; readonly data: Readonly<Record<string, unknown>> }
  /** `overLimit`: the YAML is built to exhaust the reader (nesting, alias expansion), not merely wrong. */
  | { readonly ok: false; readonly error: string; readonly overLimit?: true };

/** yaml refuses more than this many alias expansions (its own guard against "billion laughs"), said here to be stated. */
const MAX_ALIAS_COUNT = 100;

export function parseFrontMatter(yaml: string): FrontMatterResult {
  try {
    const data: unknown = yamlParser().parse(yaml, { maxAliasCount: MAX_ALIAS_COUNT });
    if (data === null || data === undefined) return { ok: true, data: {} };
    if (typeof data !== 'object' || Array.isArray(data))
      return { ok: false, error: 'front matter is not a YAML mapping' };
    return { ok: true, data: data as Record<string, unknown> };
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    // yaml reads flow collections (`[[[…]]]`) recursively: a deep one ends its stack, which yaml reports as an error.
    if (/maximum call stack/i.test(message))
      return { ok: false, overLimit: true, error: 'the front matter nests too deeply to be read: it is not read' };
    if (/excessive alias count/i.test(message))
      return {
        ok: false,
        overLimit: true,
        error: `the front matter expands aliases more than ${MAX_ALIAS_COUNT.toString()} times (a resource exhaustion attack): it is not read`,
      };
    return { ok: false, error: `front matter is not valid YAML: ${message}` };
  }
}
