/**
 * Request-body checks that come before any schema: is it declared as JSON, is it UTF-8, does it parse, is it an
 * object. Each failure is the Graph error a client would get for it.
 */
import { badRequest, unsupportedMediaType } from './errors.ts';
import { type JsonObject, type Reply } from './reply.ts';
import { isJsonObject } from '../core/json.ts';

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reply: Reply };

/** `application/json` or a `+json` suffix type, in UTF-8 (the only charset JSON allows on the wire, RFC 8259 §8.1). */
export function checkJsonContentType(header: string | undefined): Reply | undefined {
  if (header === undefined) return unsupportedMediaType(undefined);
  const [mediaType = '', ...parameters] = header.split(';').map((part) => part.trim());
  const type = mediaType.toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type))
    return unsupportedMediaType(header);
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=').map((part) => part.trim());
    if (name.toLowerCase() !== 'charset') continue;
    const charset = value.replace(/^"|"$/g, '').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') return unsupportedMediaType(header);
  }
  return undefined;
}

/** Whether the request announces a body (a GET without one needs no Content-Type). */
export function announcesBody(contentLength: string | undefined, transferEncoding: string | undefined): boolean {
  if (transferEncoding !== undefined) return true;
  return contentLength !== undefined && contentLength.trim() !== '0';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Deeper bodies are refused before parsing: validating, cloning and storing them would recurse that deep. */
export const MAX_JSON_DEPTH = 100;

/** The deepest `[`/`{` nesting outside strings, counted in one pass without recursion (stops once past the limit). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > MAX_JSON_DEPTH) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

export function decodeJsonObject(bytes: Uint8Array): Decoded<JsonObject> {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reply: badRequest('The request body is not valid UTF-8.') };
  }
  // A text no longer than the limit cannot nest deeper than it: small bodies skip the scan.
  if (text.length > MAX_JSON_DEPTH && nestingDepth(text) > MAX_JSON_DEPTH) {
    return { ok: false, reply: badRequest(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`) };
  }
  let value: unknown;
  try {
    value = JSON.parse(/\d{19}/.test(text) ? keepBeyondInt64(text) : text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
    return { ok: false, reply: badRequest(`The request body is not valid JSON${detail}.`) };
  }
  if (!isJsonObject(value)) {
    return { ok: false, reply: badRequest(`The request body must be a JSON object, not ${describe(value)}.`) };
  }
  const type = value['@odata.type'];
  if (type !== undefined && typeof type !== 'string') {
    return { ok: false, reply: badRequest('@odata.type must be a string such as "#microsoft.graph.profilePhoto".') };
  }
  return { ok: true, value };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
/** The double next beyond 2^63: greater than any Int64 as a JS number too. */
const BEYOND_INT64 = '9223372036854777856';
/** A JSON number where it starts (sticky: read in place, not from a copy of the rest). */
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The text with each integer literal beyond Int64 that a JS number would round onto the range's edge (Int64's max + 1,
 * `9223372036854775808`, parses as 2^63, which is also what Int64's max parses as) written as the next double beyond
 * it. A number cannot tell the two apart, so an Int64 property sent the one beyond its range would be accepted as
 * its edge: Graph refuses it (a probe's "size is Int64, sent 9223372036854775808"). Strings are left as they are.
 */
export function keepBeyondInt64(text: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      continue;
    }
    if (char !== '-' && (char === undefined || char < '0' || char > '9')) continue;
    NUMBER.lastIndex = i;
    const token = NUMBER.exec(text);
    if (token === null) continue;
    const literal = token[0];
    // Only 19 or 20 digits can round onto the edge (JSON has no leading zeros; 21 already parse beyond it), and so
    // BigInt never reads a long run of digits a body may hold.
    if (/^-?\d{19,20}$/.test(literal)) {
      const exact = BigInt(literal);
      if ((exact > INT64_MAX || exact < INT64_MIN) && Math.abs(Number(literal)) <= 2 ** 63) {
        out += `${text.slice(from, i)}${exact < 0n ? '-' : ''}${BEYOND_INT64}`;
        from = i + literal.length;
      }
    }
    i += literal.length - 1;
  }
  return out + text.slice(from);
}
