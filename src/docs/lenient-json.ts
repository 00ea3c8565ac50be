/**
 * JSON as doc writers type it. Graph examples are meant to be JSON, but about 3% of the bodies in the reference are
 * not: trailing commas, `//` comments, `...` standing for more items, single quotes, unquoted keys, raw newlines and
 * control characters inside strings, NBSP between tokens, a missing comma between members, stray text after the value.
 * Where the intent is clear the value is recovered; every repair is named with the offset of its first occurrence, so
 * that the caller reports the page as not strict JSON at the right line. What cannot be recovered stays an error.
 */
import { formatBytes, LIMITS, nestedDeeperThan } from './limits.ts';

/** One kind of defect that was repaired, at the 0-based offset (in the original text) where it first occurs. */
export interface Repair {
  readonly what: string;
  readonly offset: number;
}

export type JsonReading =
  | { readonly ok: true; readonly value: unknown; readonly repairs: readonly Repair[] }
  | {
      readonly ok: false;
      readonly error: string;
      /** 0-based offset in the text, when known. */ readonly offset?: number;
      /** The text is over a limit (`LIMITS.jsonBytes`, `LIMITS.jsonDepth`): not read, whether it is JSON or not. */
      readonly overLimit?: true;
    };

export function readJson(text: string): JsonReading {
  // Checked before any work: a 50 MB example is not parsed, nor tokenized for repair.
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > LIMITS.jsonBytes)
    return {
      ok: false,
      overLimit: true,
      error: `is ${formatBytes(bytes)}, over the limit of ${formatBytes(LIMITS.jsonBytes)} for JSON`,
    };
  const strict = tryParse(text);
  if (strict.ok) return withinDepth({ ok: true, value: strict.value, repairs: [] });

  const repairs: Repair[] = [];
  const repaired = repair(tokenize(text, repairs), repairs);
  if (repairs.length > 0) {
    const second = tryParse(repaired);
    if (second.ok)
      return withinDepth({ ok: true, value: second.value, repairs: [...repairs].sort((a, b) => a.offset - b.offset) });
  }
  return strict;
}

/** `JSON.parse` does not recurse, but every walk over the value after it may: deep values are refused here. */
function withinDepth(reading: Extract<JsonReading, { ok: true }>): JsonReading {
  if (!nestedDeeperThan(reading.value, LIMITS.jsonDepth)) return reading;
  return {
    ok: false,
    overLimit: true,
    error: `nests arrays and objects deeper than ${LIMITS.jsonDepth.toString()} levels, the limit for JSON`,
  };
}

/** `a trailing comma, a // comment` — how repairs read in a finding. */
export function describeRepairs(repairs: readonly Repair[]): string {
  return repairs.map((r) => r.what).join(', ');
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string; offset?: number } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message)?.[1];
    return position === undefined
      ? { ok: false, error: message }
      : { ok: false, error: message, offset: Number(position) };
  }
}

// ── tokens ──────────────────────────────────────────────────────────────────────────────────────────────────────

type TokenKind = 'punct' | 'string' | 'word' | 'ellipsis';

interface Token {
  readonly kind: TokenKind;
  /** The token as strict JSON text (strings already re-quoted and escaped). */
  readonly text: string;
  readonly offset: number;
}

/** Whitespace JSON allows; any other Unicode space (NBSP, U+202F, …) between tokens is a repair. */
const JSON_SPACE = /[ \t\n\r]/;
const OTHER_SPACE = /[\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const WORD_CHAR = /[A-Za-z0-9_$+\-.]/;

function note(repairs: Repair[], what: string, offset: number): void {
  if (!repairs.some((r) => r.what === what)) repairs.push({ what, offset });
}

function tokenize(text: string, repairs: Repair[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? '';
    if (JSON_SPACE.test(char)) {
      i++;
    } else if (OTHER_SPACE.test(char)) {
      note(repairs, 'a non-ASCII space between tokens', i);
      i++;
    } else if (char === '/' && text[i + 1] === '/') {
      note(repairs, 'a // comment', i);
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (char === '/' && text[i + 1] === '*') {
      note(repairs, 'a /* */ comment', i);
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if ('{}[]:,'.includes(char)) {
      tokens.push({ kind: 'punct', text: char, offset: i });
      i++;
    } else if (char === '"' || char === "'") {
      const read = readString(text, i, repairs);
      tokens.push({ kind: 'string', text: read.json, offset: i });
      i = read.end;
    } else if (text.startsWith('...', i) || char === '…') {
      let end = i;
      while (text[end] === '.' || text[end] === '…') end++;
      tokens.push({ kind: 'ellipsis', text: '', offset: i });
      i = end;
    } else {
      let end = i;
      while (end < text.length && WORD_CHAR.test(text[end] ?? '')) end++;
      if (end === i) end = i + 1; // a stray character: kept, so that the parse fails on it
      tokens.push({ kind: 'word', text: text.slice(i, end), offset: i });
      i = end;
    }
  }
  return tokens;
}

/** A string opened by `"` or `'` at `start`, as strict JSON text; raw line breaks and control characters escaped. */
function readString(text: string, start: number, repairs: Repair[]): { json: string; end: number } {
  const quote = text[start];
  if (quote === "'") note(repairs, 'single-quoted strings', start);
  let value = '';
  let i = start + 1;
  for (; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '\\') {
      const next = text[i + 1] ?? '';
      // `\'` is not a JSON escape; inside a single-quoted string it means a quote.
      value += next === "'" ? "'" : `\\${next}`;
      i++;
    } else if (char === quote) {
      return { json: `"${value}"`, end: i + 1 };
    } else if (char === '"') {
      value += '\\"';
    } else if (char === '\n' || char === '\r') {
      note(repairs, 'a raw line break inside a string', i);
      value += char === '\n' ? '\\n' : '\\r';
    } else if (char < ' ') {
      note(repairs, 'a raw control character inside a string', i);
      value += `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    } else value += char;
  }
  // Unterminated: left unterminated, so the parse fails where the doc does.
  return { json: `"${value}`, end: i };
}

// ── repair ──────────────────────────────────────────────────────────────────────────────────────────────────────

const LITERAL = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)$/;

function startsValue(token: Token | undefined): boolean {
  return (
    token !== undefined &&
    (token.kind === 'string' || token.kind === 'word' || token.text === '{' || token.text === '[')
  );
}

function endsValue(token: Token | undefined): boolean {
  return (
    token !== undefined &&
    (token.kind === 'string' || token.kind === 'word' || token.text === '}' || token.text === ']')
  );
}

/**
 * Rebuilds strict JSON text from the tokens: ellipses and the commas they leave behind are dropped, trailing commas
 * dropped, a missing comma between two values inserted, an unquoted key quoted, and anything after the first complete
 * top-level value dropped.
 */
function repair(input: readonly Token[], repairs: Repair[]): string {
  const tokens: Token[] = [];
  for (const token of input) {
    if (token.kind === 'ellipsis') note(repairs, 'an ellipsis (...) standing for more content', token.offset);
    else tokens.push(token);
  }
  const out: Token[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const next = tokens[i + 1];
    const previous = out[out.length - 1];
    if (depth === 0 && previous !== undefined) {
      note(repairs, 'extra text after the JSON value', token.offset);
      break;
    }
    if (token.text === ',' && token.kind === 'punct') {
      // A comma before a closer, after an opener or after another comma holds nothing (a trailing comma, or what an
      // ellipsis left).
      if (next?.text === '}' || next?.text === ']') {
        note(repairs, 'a trailing comma', token.offset);
        continue;
      }
      if (previous?.text === ',' || previous?.text === '{' || previous?.text === '[') {
        note(repairs, 'a stray comma', token.offset);
        continue;
      }
      out.push(token);
      continue;
    }
    if (startsValue(token) && endsValue(previous) && depth > 0 && previous?.text !== ':') {
      note(repairs, 'a missing comma', token.offset);
      out.push({ kind: 'punct', text: ',', offset: token.offset });
    }
    if (
      token.kind === 'word' &&
      !LITERAL.test(token.text) &&
      next?.text === ':' &&
      /^[A-Za-z_$][\w$.-]*$/.test(token.text)
    ) {
      note(repairs, 'an unquoted key', token.offset);
      out.push({ kind: 'string', text: JSON.stringify(token.text), offset: token.offset });
      continue;
    }
    if (token.text === '{' || token.text === '[') depth++;
    else if (token.kind === 'punct' && (token.text === '}' || token.text === ']')) depth--;
    out.push(token);
  }
  return out.map((t) => t.text).join(' ');
}

/** 1-based line of a 0-based offset in a text. */
export function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}
