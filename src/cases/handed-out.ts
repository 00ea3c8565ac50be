/**
 * Requests that go to a URL an earlier answer handed out, not to a Graph path: the upload URL of an upload session,
 * the pre-authenticated download URL a `/content` read redirects to. The doc shows such a URL literally
 * (`PUT https://sn3302.up.1drv.com/up/fe69…`, annotated `opaqueUrl`), but it is only good for the session that made
 * it, so a case cannot replay it as written: it replays the earlier request and follows what its answer hands out.
 */
import { readContentRange, type ByteRange } from '../core/content-range.ts';
import { isGraphUrl } from '../docs/http-message.ts';
import type { Example, Header, ResponseExample } from '../docs/model.ts';
import { isJsonObject, ownValue, pointerToken } from '../core/json.ts';

/** Where an answer carries the URL: a header (`Location`) or a JSON string (`/uploadUrl`). */
export type UrlPlace =
  { readonly kind: 'header'; readonly name: string } | { readonly kind: 'json'; readonly pointer: string };

export interface UrlSource {
  /** The earlier Graph request on the page whose documented answer hands the URL out, and that answer. */
  readonly producer: Example;
  readonly answer: ResponseExample;
  readonly at: UrlPlace;
}

/** `https://sn3302.up.1drv.com` of a URL, lower-cased; undefined for a relative or unreadable one. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The nearest earlier example whose documented answer hands out a URL on the host this example requests. Nearest,
 * because a page that opens several sessions uses each one right after opening it.
 */
export function findUrlSource(example: Example, earlier: readonly Example[]): UrlSource | undefined {
  const wanted = originOf(example.request.url);
  if (wanted === undefined) return undefined;
  for (const producer of [...earlier].reverse()) {
    const answer = producer.response;
    if (answer === undefined || !isGraphUrl(producer.request.url)) continue;
    const at = placeOf(answer, wanted);
    if (at !== undefined) return { producer, answer, at };
  }
  return undefined;
}

function placeOf(response: ResponseExample, origin: string): UrlPlace | undefined {
  const header = response.headers.find((h: Header) => originOf(h.value.trim()) === origin);
  if (header !== undefined) return { kind: 'header', name: header.name };
  if (response.body.kind !== 'json') return undefined;
  const pointer = pointerTo(response.body.value, '', (value) => originOf(value) === origin);
  return pointer === undefined ? undefined : { kind: 'json', pointer };
}

function pointerTo(value: unknown, at: string, wanted: (text: string) => boolean): string | undefined {
  if (typeof value === 'string') return wanted(value) ? at : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = pointerTo(item, `${at}/${String(index)}`, wanted);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isJsonObject(value)) return undefined;
  for (const [name, item] of Object.entries(value)) {
    const found = pointerTo(item, `${at}/${pointerToken(name)}`, wanted);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The value an actual answer carries at the place the doc showed the URL. */
export function urlAt(place: UrlPlace, headers: Readonly<Record<string, string>>, body: unknown): string | undefined {
  if (place.kind === 'header') return ownValue(headers, place.name.toLowerCase());
  let value = body;
  for (const token of place.pointer.split('/').slice(1)) {
    const name = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) value = value[Number(name)] as unknown;
    else if (isJsonObject(value)) value = ownValue(value, name);
    else return undefined;
  }
  return typeof value === 'string' ? value : undefined;
}

/**
 * The bytes a documented upload request presumes were sent before it, in one range: a fragment that starts at byte
 * 101 follows bytes 0–100, and a commit (a POST with no content, "after the final byte range of the file is PUT")
 * follows the whole file, whose size the page's other uploads to the same URL state. The doc shows those steps in
 * prose or with other examples; without them the documented answer (201 with the finished file) cannot come back.
 */
export function bytesBefore(example: Example, siblings: readonly Example[]): ByteRange | undefined {
  const own = contentRangeOf(example.request.headers);
  if (own !== undefined) return own.first > 0 ? { first: 0, last: own.first - 1, total: own.total } : undefined;
  if (example.request.method !== 'POST' || example.request.body.kind !== 'none') return undefined;
  const origin = originOf(example.request.url);
  const total = siblings
    .filter((s) => s !== example && originOf(s.request.url) === origin)
    .map((s) => contentRangeOf(s.request.headers)?.total)
    .find((t) => t !== undefined);
  return total === undefined ? undefined : { first: 0, last: total - 1, total };
}

export function contentRangeOf(headers: readonly Header[]): ByteRange | undefined {
  const header = headers.find((h) => h.name.toLowerCase() === 'content-range');
  return header === undefined ? undefined : readContentRange(header.value);
}
