/**
 * What the mock's core answers, as data, and how that data becomes an HTTP message. Keeping the core free of
 * `ServerResponse` lets it be tested (and reasoned about) without sockets.
 */

export type JsonObject = Readonly<Record<string, unknown>>;
export type HeaderMap = Readonly<Record<string, string>>;


/**
 * Top-level `@odata.*` keys and `x@odata.bind`-style instance annotations describe the message, not the state of
 * the resource.
 */
export function withoutAnnotations(value: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.includes('@odata.')));
}

export type Reply =
  | { readonly kind: 'json'; readonly status: number; readonly body: JsonObject; readonly headers?: HeaderMap }
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
      readonly headers?: HeaderMap;
    };

/** Per-request facts every answer carries. */
export interface ReplyMeta {
  readonly requestId: string;
  /** Echoed only when the client sent one. */
  readonly clientRequestId?: string;
  readonly date: Date;
}

export interface RenderedReply {
  readonly status: number;
  readonly headers: HeaderMap;
  /** Empty for body-less answers. */
  readonly body: string | Uint8Array;
}

/** Graph's success media type: what SDKs and the conformance checks see from the real service. */
const JSON_SUCCESS_TYPE = 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';
/** Graph sends errors as plain `application/json`. */
const JSON_ERROR_TYPE = 'application/json';

export function renderReply(reply: Reply, meta: ReplyMeta): RenderedReply {
  // The reply's own headers come first so that it cannot overwrite what every answer must carry.
  const common: Record<string, string> = {
    ...reply.headers,
    'request-id': meta.requestId,
  };
  // Node adds `Date` itself from a per-second cache; errors set it here so that it and innerError.date agree.
  if (reply.kind === 'error') common['date'] = meta.date.toUTCString();
  if (meta.clientRequestId !== undefined) common['client-request-id'] = meta.clientRequestId;
  switch (reply.kind) {
    case 'json':
      return finish(reply.status, { ...common, 'content-type': JSON_SUCCESS_TYPE, 'odata-version': '4.0' }, JSON.stringify(reply.body));
    case 'empty':
      return { status: reply.status, headers: { ...common, 'content-length': '0' }, body: '' };
    case 'raw':
      return finish(reply.status, { ...common, 'content-type': reply.contentType }, reply.body);
    case 'error': {
      const body = {
        error: {
          code: reply.code,
          message: reply.message,
          innerError: {
            // Graph's innerError date has second precision and no zone suffix.
            date: meta.date.toISOString().slice(0, 19),
            'request-id': meta.requestId,
            // Graph fills this with the request id when the client sent none, so clients can always correlate.
            'client-request-id': meta.clientRequestId ?? meta.requestId,
          },
        },
      };
      return finish(reply.status, { ...common, 'content-type': JSON_ERROR_TYPE }, JSON.stringify(body));
    }
  }
}

function finish(status: number, headers: Record<string, string>, body: string | Uint8Array): RenderedReply {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  return { status, headers: { ...headers, 'content-length': String(length) }, body };
}
