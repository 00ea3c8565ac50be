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
    value = JSON.parse(text);
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
