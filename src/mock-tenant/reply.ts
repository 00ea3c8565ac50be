/**
 * What the mock's core answers, as data, and how that data becomes an HTTP message. Keeping the core free of
 * `ServerResponse` lets it be tested (and reasoned about) without sockets.
 */

import { randomUUID } from 'node:crypto';
import { deepFreeze, setOwn } from '../core/json.ts';

export type JsonObject = Readonly<Record<string, unknown>>;
export type HeaderMap = Readonly<Record<string, string>>;

/**
 * Top-level `@odata.*` keys and `x@odata.bind`-style instance annotations describe the message, not the state of
 * the resource.
 */
export function withoutAnnotations(value: JsonObject): JsonObject {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (!key.includes('@odata.')) setOwn(kept, key, value[key]);
  return kept;
}

export { setOwn } from '../core/json.ts';

export type Reply =
  | {
      readonly kind: 'json';
      readonly status: number;
      readonly body: JsonObject;
      readonly headers?: HeaderMap;
      /** The body as sent, serialized once: set only by `reusableJson`, whose body can no longer change. */
      readonly encoded?: Uint8Array;
    }
  | { readonly kind: 'empty'; readonly status: number; readonly headers?: HeaderMap }
  /** A body sent as given: media, a documented non-JSON answer, or an OAuth answer (which is not OData). */
  | {
      readonly kind: 'raw';
      readonly status: number;
      readonly contentType: string;
      readonly body: string | Uint8Array;
      readonly headers?: HeaderMap;
    }
  /** A Graph error; the `innerError` block is filled in when rendered because only then is the request id known. */
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly code: string;
      readonly message: string;
      /** Graph's `error.details`: what a documented error shows there (one entry per failed value). */
      readonly details?: readonly unknown[];
      readonly headers?: HeaderMap;
    };

/**
 * A JSON answer to be given again as long as the state it shows stands (kept by the caller): frozen, body and all,
 * and serialized now rather than once per request.
 */
export function reusableJson(status: number, body: JsonObject): Reply {
  const frozen = deepFreeze(body);
  return Object.freeze({ kind: 'json', status, body: frozen, encoded: Buffer.from(JSON.stringify(frozen), 'utf8') });
}

/**
 * Request ids are GUIDs, as Graph's are, and unique: a random one per process whose last group counts up (48 bits), so
 * that a request costs an increment rather than fresh randomness and its formatting.
 */
const REQUEST_ID_PREFIX = randomUUID().slice(0, 24);
let requestCounter = Number.parseInt(randomUUID().slice(24), 16);

export function newRequestId(): string {
  requestCounter = (requestCounter + 1) % 2 ** 48;
  return REQUEST_ID_PREFIX + requestCounter.toString(16).padStart(12, '0');
}

/** Per-request facts every answer carries. */
export interface ReplyMeta {
  readonly requestId: string;
  /** Echoed only when the client sent one. */
  readonly clientRequestId?: string;
  /** When the answer was made; only errors show it, so by default it is read then, not for every request. */
  readonly date?: Date;
}

export interface RenderedReply {
  readonly status: number;
  readonly headers: HeaderMap;
  /** Empty for body-less answers. */
  readonly body: string | Uint8Array;
}

/** Graph's success media type: what SDKs and the conformance checks see from the real service. */
const JSON_SUCCESS_TYPE =
  'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';
/** Graph sends errors as plain `application/json`. */
const JSON_ERROR_TYPE = 'application/json';

export function renderReply(reply: Reply, meta: ReplyMeta): RenderedReply {
  // Built by assignment, not spreads: this runs for every answer. The reply's own headers come first so that it
  // cannot overwrite what every answer must carry.
  const headers: Record<string, string> = {};
  if (reply.headers !== undefined) copyHeaders(reply.headers, headers);
  headers['request-id'] = meta.requestId;
  const date = reply.kind === 'error' ? (meta.date ?? new Date()) : undefined;
  // Node adds `Date` itself from a per-second cache; errors set it here so that it and innerError.date agree.
  if (date !== undefined) headers['date'] = date.toUTCString();
  if (meta.clientRequestId !== undefined) headers['client-request-id'] = meta.clientRequestId;
  switch (reply.kind) {
    case 'json':
      headers['content-type'] = JSON_SUCCESS_TYPE;
      headers['odata-version'] = '4.0';
      return finish(reply.status, headers, reply.encoded ?? JSON.stringify(reply.body));
    case 'empty':
      headers['content-length'] = '0';
      return { status: reply.status, headers, body: '' };
    case 'raw':
      headers['content-type'] = reply.contentType;
      return finish(reply.status, headers, reply.body);
    case 'error': {
      headers['content-type'] = JSON_ERROR_TYPE;
      const body = {
        error: {
          code: reply.code,
          message: reply.message,
          ...(reply.details === undefined ? {} : { details: reply.details }),
          innerError: {
            // Graph's innerError date has second precision and no zone suffix.
            date: (date ?? new Date()).toISOString().slice(0, 19),
            'request-id': meta.requestId,
            // Graph fills this with the request id when the client sent none, so clients can always correlate.
            'client-request-id': meta.clientRequestId ?? meta.requestId,
          },
        },
      };
      return finish(reply.status, headers, JSON.stringify(body));
    }
  }
}

/**
 * Own names only, and `__proto__` as a name rather than as the prototype. Values carry only visible ASCII: a
 * `Location` naming an id such as an emoji is percent-encoded (node refuses to send anything else).
 */
function copyHeaders(from: HeaderMap, to: Record<string, string>): void {
  for (const name of Object.keys(from)) setOwn(to, name, headerSafe(from[name] ?? ''));
}

function headerSafe(value: string): string {
  if (!/[^\x20-\x7e]/.test(value)) return value;
  return value.replace(/[^\x20-\x7e]+/g, (run) =>
    [...Buffer.from(run, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

function finish(status: number, headers: Record<string, string>, body: string | Uint8Array): RenderedReply {
  headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  return { status, headers, body };
}
