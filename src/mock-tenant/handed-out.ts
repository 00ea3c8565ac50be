/**
 * URLs the mock hands out in its answers, and what it answers on them: the upload URL of an upload session
 * (`createUploadSession` answers `uploadUrl`) and the pre-authenticated download URL a `/content` read redirects to.
 *
 * The docs show these URLs on other hosts (`https://sn3302.up.1drv.com/up/…`); a client must follow the one it is
 * given, so the mock gives URLs on its own origin and keeps the state behind them. Like the real ones they need no
 * token: holding the URL is the credential, and it is unguessable.
 *
 * Upload sessions follow Graph's protocol (driveItem-createUploadSession): fragments are PUT in order with
 * `Content-Range: bytes first-last/total`; a fragment answers 202 with `nextExpectedRanges`, the last one 201 with the
 * new file (unless the session deferred its commit, which a POST then makes); GET reports progress; DELETE cancels.
 */
import { randomBytes } from 'node:crypto';
import { formatContentRange, rangeBytes, rangeLength, readContentRange } from '../core/content-range.ts';
import { isJsonObject, parseJsonOrUndefined } from '../core/json.ts';
import { badRequest, insufficientStorage, methodNotAllowed } from './errors.ts';
import type { JsonObject, Reply } from './reply.ts';
import { isMedia, type ResourceStore } from './store.ts';

/** Every handed-out URL's path starts so; no Graph path does (they start with a version). */
export const HANDED_OUT_PREFIX = '/_handed-out/';

/** Sessions and downloads kept at once; the oldest is forgotten first. */
const MAX_KEPT = 1024;
/** How long an upload session stays open (Graph's last a few days; a test run needs minutes). */
const SESSION_LIFETIME_MS = 60 * 60 * 1000;
/** The content of a file nobody uploaded: long enough for the ranges docs show (a few KiB). */
const UNWRITTEN_FILE_BYTES = 4096;

interface UploadSession {
  readonly expires: number;
  readonly deferCommit: boolean;
  /** The file's name and the Graph version of the request that opened the session, for the finished item. */
  readonly name: string;
  readonly version: string;
  /** The session's state, and the drive the file lands in (`/users/<id>/drive`), so that the new item is addressable. */
  readonly store: ResourceStore;
  readonly drive: string | undefined;
  /** The charge key for the fragments held until the file is finished. */
  readonly charge: string;
  total?: number;
  /** Bytes received so far: fragments arrive in order, so the next one starts here. */
  received: number;
  chunks: Uint8Array[];
  /** The finished file, once the last byte (or the commit) arrived. */
  finished?: JsonObject;
}

/** What the mock knows of the request whose answer it rewrites. */
export interface Issuer {
  readonly origin: string;
  readonly version: string;
  /** The state key of the requested resource: a download serves the media stored there. */
  readonly key: string;
  readonly store: ResourceStore;
  /** The request body, for the name of an upload session's file. */
  readonly body: Uint8Array;
  /** The request path, for a name given by path (`/drive/root:/folder/name.dat:/createUploadSession`). */
  readonly pathname: string;
}

/** Whether an answer can carry a URL to hand out (an `uploadUrl`, a redirect): a cheap test for every answer. */
export function mayHandOut(reply: Reply): boolean {
  return reply.kind === 'json' ? 'uploadUrl' in reply.body : reply.status >= 300 && reply.status < 400;
}

export class HandedOutUrls {
  readonly #uploads = new Map<string, UploadSession>();
  readonly #downloads = new Map<string, Uint8Array>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** An answer that hands out a URL on another host hands out one of the mock's own instead. */
  issue(reply: Reply, issuer: Issuer): Reply {
    if (
      reply.kind === 'json' &&
      typeof reply.body['uploadUrl'] === 'string' &&
      !reply.body['uploadUrl'].startsWith(issuer.origin)
    ) {
      const id = this.#openSession(issuer);
      const expires = new Date(this.#now() + SESSION_LIFETIME_MS).toISOString();
      return {
        ...reply,
        body: {
          ...reply.body,
          uploadUrl: `${issuer.origin}${HANDED_OUT_PREFIX}upload/${id}`,
          expirationDateTime: expires,
          // Nothing is uploaded yet: the whole file is expected, from its first byte.
          nextExpectedRanges: ['0-'],
        },
      };
    }
    const location = reply.kind === 'raw' || reply.kind === 'empty' ? reply.headers?.['location'] : undefined;
    if (
      location !== undefined &&
      reply.status >= 300 &&
      reply.status < 400 &&
      /^https?:\/\//i.test(location) &&
      !location.startsWith(issuer.origin)
    ) {
      const stored = issuer.store.read(issuer.key);
      const bytes = isMedia(stored)
        ? stored.bytes
        : rangeBytes({ first: 0, last: UNWRITTEN_FILE_BYTES - 1, total: UNWRITTEN_FILE_BYTES });
      const id = newId();
      keep(this.#downloads, id, bytes);
      return {
        ...reply,
        headers: { ...reply.headers, location: `${issuer.origin}${HANDED_OUT_PREFIX}download/${id}` },
      };
    }
    return reply;
  }

  /** The answer to a request on a handed-out path (its body read, within the mock's body limit). */
  answer(
    method: string,
    pathname: string,
    headers: { readonly range: string | undefined; readonly contentRange: string | undefined },
    body: Uint8Array,
  ): Reply {
    const [kind, id = ''] = pathname.slice(HANDED_OUT_PREFIX.length).split('/');
    if (kind === 'download') return this.#download(method, id, headers.range);
    if (kind === 'upload') return this.#upload(method, id, headers.contentRange, body);
    return gone();
  }

  #openSession(issuer: Issuer): string {
    const id = newId();
    const request = parseJsonOrUndefined(Buffer.from(issuer.body).toString('utf8'));
    const item = isJsonObject(request) && isJsonObject(request['item']) ? request['item'] : {};
    const byPath = /:\/(?:.*\/)?([^/:]+):\//.exec(safeDecode(issuer.pathname))?.[1];
    const name = typeof item['name'] === 'string' ? item['name'] : (byPath ?? 'upload.bin');
    const deferCommit = isJsonObject(request) && request['deferCommit'] === true;
    keep(this.#uploads, id, {
      expires: this.#now() + SESSION_LIFETIME_MS,
      deferCommit,
      name,
      version: issuer.version,
      store: issuer.store,
      drive: driveOf(issuer.key),
      charge: `${HANDED_OUT_PREFIX}upload/${id}`,
      received: 0,
      chunks: [],
    });
    return id;
  }

  #session(id: string): UploadSession | undefined {
    const session = this.#uploads.get(id);
    if (session !== undefined && this.#now() > session.expires) {
      this.#uploads.delete(id);
      return undefined;
    }
    return session;
  }

  #upload(method: string, id: string, contentRange: string | undefined, body: Uint8Array): Reply {
    const session = this.#session(id);
    if (session === undefined) return gone();
    switch (method) {
      case 'GET':
        return { kind: 'json', status: 200, body: progress(session) };
      case 'DELETE':
        this.#uploads.delete(id);
        session.store.release(session.charge);
        return { kind: 'empty', status: 204 };
      case 'POST':
        // The commit of a deferred session; a session already finished answers its file again.
        if (session.finished === undefined && (session.total === undefined || session.received < session.total)) {
          return badRequest(`The upload is not complete: ${describeMissing(session)}.`);
        }
        session.finished ??= finish(session);
        return { kind: 'json', status: 201, body: session.finished };
      case 'PUT':
        return this.#fragment(session, contentRange, body);
      default:
        return methodNotAllowed(method, ['GET', 'PUT', 'POST', 'DELETE']);
    }
  }

  #fragment(session: UploadSession, contentRange: string | undefined, body: Uint8Array): Reply {
    if (session.finished !== undefined) return conflict('The upload session is complete; its file exists.');
    const range = contentRange === undefined ? undefined : readContentRange(contentRange);
    if (range === undefined)
      return badRequest(
        `A fragment needs a Content-Range of the form "bytes first-last/total"; got ${contentRange === undefined ? 'none' : `'${contentRange}'`}.`,
      );
    if (rangeLength(range) !== body.length)
      return badRequest(
        `Content-Range ${formatContentRange(range)} covers ${String(rangeLength(range))} bytes, but the body has ${String(body.length)}.`,
      );
    if (session.total !== undefined && range.total !== session.total)
      return badRequest(
        `The file was declared ${String(session.total)} bytes; this fragment says ${String(range.total)}.`,
      );
    if (range.first !== session.received) {
      return {
        kind: 'error',
        status: 416,
        code: 'invalidRange',
        message: `Fragments must arrive in order: expected bytes from ${String(session.received)}, got ${formatContentRange(range)}.`,
      };
    }
    if (!session.store.grow(session.charge, body.length)) return insufficientStorage(session.store.limitBytes);
    session.total = range.total;
    session.chunks.push(body.slice());
    session.received = range.last + 1;
    if (session.received < range.total || session.deferCommit)
      return { kind: 'json', status: 202, body: progress(session) };
    session.finished = finish(session);
    return { kind: 'json', status: 201, body: session.finished };
  }

  #download(method: string, id: string, range: string | undefined): Reply {
    const bytes = this.#downloads.get(id);
    if (bytes === undefined) return gone();
    if (method !== 'GET') return methodNotAllowed(method, ['GET']);
    if (range === undefined) return { kind: 'raw', status: 200, contentType: 'application/octet-stream', body: bytes };
    const wanted = readRange(range, bytes.length);
    if (wanted === undefined) {
      return {
        kind: 'error',
        status: 416,
        code: 'invalidRange',
        message: `The range '${range}' cannot be served from ${String(bytes.length)} bytes.`,
        headers: { 'content-range': `bytes */${String(bytes.length)}` },
      };
    }
    return {
      kind: 'raw',
      status: 206,
      contentType: 'application/octet-stream',
      body: bytes.subarray(wanted.first, wanted.last + 1),
      headers: { 'content-range': formatContentRange({ ...wanted, total: bytes.length }) },
    };
  }
}

/** `bytes=0-1023`, `bytes=100-` or `bytes=-500` (RFC 9110 §14.1.2); several ranges are not served. */
function readRange(value: string, size: number): { first: number; last: number } | undefined {
  const match = /^\s*bytes\s*=\s*(\d*)-(\d*)\s*$/i.exec(value);
  if (!match || (match[1] === '' && match[2] === '') || size === 0) return undefined;
  if (match[1] === '') return { first: Math.max(0, size - Number(match[2])), last: size - 1 };
  const first = Number(match[1]);
  const last = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return first <= last ? { first, last } : undefined;
}

function progress(session: UploadSession): JsonObject {
  const done = session.total !== undefined && session.received >= session.total;
  return {
    expirationDateTime: new Date(session.expires).toISOString(),
    nextExpectedRanges: done ? [] : [`${String(session.received)}-`],
  };
}

function describeMissing(session: UploadSession): string {
  return session.total === undefined
    ? 'no bytes were uploaded'
    : `bytes ${String(session.received)}-${String(session.total - 1)} are missing`;
}

/**
 * The new file: stored in its drive as a driveItem (`<drive>/items/<id>`, listed there and in the root's children)
 * with its content (`<drive>/items/<id>/content`), the very bytes uploaded; then the answer that shows it.
 */
function finish(session: UploadSession): JsonObject {
  const id = newId().replace(/[-_]/g, 'A').toUpperCase();
  const now = new Date().toISOString();
  const item = {
    id,
    name: session.name,
    size: session.total ?? 0,
    file: { mimeType: 'application/octet-stream' },
    createdDateTime: now,
    lastModifiedDateTime: now,
  };
  const { store, drive } = session;
  store.release(session.charge);
  if (drive !== undefined) {
    const bytes = Buffer.concat(session.chunks);
    const itemKey = `${drive}/items/${encodeURIComponent(id)}`;
    store.reserve(`${itemKey}/content`, bytes.length);
    store.writeMedia(`${itemKey}/content`, 'application/octet-stream', bytes);
    store.create(`${drive}/items`, id, item);
    store.addReference(`${drive}/root/children`, itemKey);
  }
  session.chunks = [];
  return {
    '@odata.context': `https://graph.microsoft.com/${session.version}/$metadata#microsoft.graph.driveItem`,
    '@odata.type': '#microsoft.graph.driveItem',
    ...item,
  };
}

/** The drive a request key is in: `/users/<id>/drive`, `/drives/<id>`, `/groups/<id>/drive`, … */
function driveOf(key: string): string | undefined {
  return /^(.*?\/drive|\/drives\/[^/]+)(?:\/|$)/.exec(key)?.[1];
}

function conflict(message: string): Reply {
  return { kind: 'error', status: 409, code: 'conflict', message };
}

/** An unknown, cancelled or expired URL. */
function gone(): Reply {
  return {
    kind: 'error',
    status: 404,
    code: 'itemNotFound',
    message: 'The handed-out URL does not exist, was cancelled, or has expired.',
  };
}

/** Unguessable: the URL is the credential. */
function newId(): string {
  return randomBytes(18).toString('base64url');
}

/** Routing refuses undecodable paths first; this keeps the session's name safe whatever it is given. */
function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function keep<T>(map: Map<string, T>, id: string, value: T): void {
  map.set(id, value);
  if (map.size > MAX_KEPT) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}
