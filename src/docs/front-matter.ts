/**
 * YAML front matter. It is not markdown: markdown-it would read it as a thematic break and a setext heading, so it is
 * cut off before tokenizing and its lines blanked, which keeps every later line number true to the file.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { detached } from './detached-text.ts';

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
  // Read line by line from the top, the rest of the page taken whole: front matter is a few lines of a long text.
  const firstEnd = text.indexOf('\n');
  if (
    firstEnd < 0 ||
    text
      .slice(0, firstEnd)
      .replace(/^\uFEFF/, '')
      .trimEnd() !== '---'
  )
    return { line: 1, body: text };
  for (let start = firstEnd + 1, index = 1; ; index++) {
    const end = text.indexOf('\n', start);
    if (/^(---|\.\.\.)\s*$/.test(end < 0 ? text.slice(start) : text.slice(start, end))) {
      // The fences and what is between them become empty lines, so that the body's lines keep their numbers.
      // Its values are cut from it: held apart from the page's text, they do not keep the text alive in the model.
      const yaml = detached(text.slice(firstEnd + 1, start - 1));
      return { yaml, line: 1, body: end < 0 ? '\n'.repeat(index) : '\n'.repeat(index + 1) + text.slice(end + 1) };
    }
    if (end < 0) return { line: 1, body: text };
    start = end + 1;
  }
}

export type FrontMatterResult =
  | { readonly ok: true; readonly data: Readonly<Record<string, unknown>> }
  /** `overLimit`: the YAML is built to exhaust the reader (nesting, alias expansion), not merely wrong. */
  | { readonly ok: false; readonly error: string; readonly overLimit?: true };

/** yaml refuses more than this many alias expansions (its own guard against "billion laughs"), said here to be stated. */
const MAX_ALIAS_COUNT = 100;

export function parseFrontMatter(yaml: string): FrontMatterResult {
  const simple = simpleMapping(yaml);
  if (simple !== undefined) return { ok: true, data: simple };
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

/** `key: value`, the key plain. */
const ENTRY = /^([A-Za-z_][\w.-]*):[ ]+(\S.*)$/;
/** A quoted scalar without escapes or inner quotes: its text is what the quotes hold. */
const QUOTED = /^"([^"\\]*)"$|^'([^']*)'$/;
/**
 * A plain scalar that can only be a string: printable ASCII not starting with a YAML indicator, without `: ` or ` #`
 * (a mapping or a comment), not ending in `:`.
 */
const PLAIN = /^(?![-?:,[\]{}#&*!|>'"%@`])(?!.*(?:: | #|:$))[\x20-\x7e]+$/;
/** What YAML 1.2's core schema reads as null, a boolean or a number rather than a string. */
const NOT_STRING =
  /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/**
 * The front matter every page of the reference writes (`title: "Get a user"`, `ms.prod: users`, one string per line)
 * read without a YAML parser, as yaml reads it: a whole-reference lint spent a fifth of its parsing in yaml. Undefined
 * for anything else (another scalar, a comment, a list, a repeated key), which yaml reads.
 */
export function simpleMapping(yaml: string): Record<string, string> | undefined {
  const data: Record<string, string> = {};
  for (const line of yaml.split('\n')) {
    if (line.trim() === '') continue;
    const entry = ENTRY.exec(line);
    const key = entry?.[1];
    const raw = entry?.[2]?.trimEnd();
    if (key === undefined || raw === undefined || key === '__proto__' || Object.hasOwn(data, key)) return undefined;
    const quoted = QUOTED.exec(raw);
    if (quoted) data[key] = quoted[1] ?? quoted[2] ?? '';
    else if (PLAIN.test(raw) && !NOT_STRING.test(raw)) data[key] = raw;
    else return undefined;
  }
  return data;
}
