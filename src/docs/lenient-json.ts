/**
 * JSON as doc writers type it. Graph examples are meant to be JSON, but pages carry trailing commas and `//` comments.
 * Where the intent is clear the value is recovered, and the caller still reports the page as not strict JSON.
 */

export type JsonReading =
  | { readonly ok: true; readonly value: unknown; readonly repairs: readonly string[] }
  | { readonly ok: false; readonly error: string; /** 0-based offset in the text, when known. */ readonly offset?: number };

export function readJson(text: string): JsonReading {
  const strict = tryParse(text);
  if (strict.ok) return { ok: true, value: strict.value, repairs: [] };

  const repairs: string[] = [];
  const repaired = repair(text, repairs);
  if (repairs.length > 0) {
    const second = tryParse(repaired);
    if (second.ok) return { ok: true, value: second.value, repairs };
  }
  return strict;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string; offset?: number } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message)?.[1];
    return position === undefined ? { ok: false, error: message } : { ok: false, error: message, offset: Number(position) };
  }
}

/** Removes `//` line comments and commas before `}` or `]`, outside strings. */
function repair(text: string, repairs: string[]): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (inString) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      out += char;
    } else if (char === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end - 1;
      note(repairs, 'a // comment');
    } else if (char === ',' && /^\s*[}\]]/.test(text.slice(i + 1))) {
      note(repairs, 'a trailing comma');
    } else out += char;
  }
  return out;
}

function note(repairs: string[], what: string): void {
  if (!repairs.includes(what)) repairs.push(what);
}

/** 1-based line of a 0-based offset in a text. */
export function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}
