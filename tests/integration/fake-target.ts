/**
 * A faithful server for the seed page (fixtures/docs/update-photos.md), written from the page and from Graph's
 * documented conventions as a new user of the harness would write one, apart from the harness's own schemas: it
 * implements what the page says, nothing more. `PATCH /me/photos` and `PATCH /users/{id}/photos`, a bearer token
 * required (401), a JSON body (415 otherwise, 400 when it does not parse), the request-body table's properties only
 * (`id` String, `height` and `width` Int32, each within its range, 400 otherwise), and the updated photo back (200).
 * Null is refused: the page never says a property takes it.
 *
 * Each `Fault` departs from the page in one way the page makes detectable; a run against it must fail with the cause
 * `target`. The faithful variants (`none`, and `extra-properties` and `throttle-once`, which the page allows) must pass.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_USER_ID = '3f1e9a52-5c1e-4d5b-9a47-9a7e2b1c0d11';

export type Fault =
  | 'none'
  | 'extra-properties'
  | 'throttle-once'
  | 'echo-token'
  // Also faithful: the page is silent on null, so a server may take it.
  | 'accepts-null'
  | 'wrong-status'
  | 'height-as-string'
  | 'missing-width'
  | 'not-updated'
  | 'not-json'
  | 'json-not-labelled'
  | 'no-auth-check'
  | 'users-path-404'
  | 'wrong-odata-type'
  // The probes' departures: each one lets through one request the seed page's tables say is wrong.
  | 'accepts-int32-overflow'
  | 'accepts-unknown-property'
  | 'accepts-wrong-type'
  | 'accepts-text-plain'
  | 'accepts-malformed-json'
  | 'refuses-without-error-body'
  // A replayed valid body whose height does not come back when it is negative.
  | 'drops-negative-height';

/** Every fault the page makes detectable, and the faithful variants. */
export const DEPARTURES: readonly Fault[] = [
  'wrong-status',
  'height-as-string',
  'missing-width',
  'not-updated',
  'not-json',
  'json-not-labelled',
  'no-auth-check',
  'users-path-404',
  'wrong-odata-type',
  'accepts-int32-overflow',
  'accepts-unknown-property',
  'accepts-wrong-type',
  'accepts-text-plain',
  'accepts-malformed-json',
  'refuses-without-error-body',
  'drops-negative-height',
];

export interface FakeTarget {
  readonly url: string;
  close(): Promise<void>;
}

interface Photo {
  id: string;
  height: number;
  width: number;
}

/** A request as the target received it: raw header names lower-cased, the body as bytes. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/**
 * Starts the server with one fault, or with several at once where each departs on a request of its own (the probes'
 * `accepts-*` faults: one run then checks that each probe names its own departure).
 */
export async function startFakeTarget(
  fault: Fault | readonly Fault[],
  onRequest?: (request: ReceivedRequest) => void,
): Promise<FakeTarget> {
  const faults: ReadonlySet<Fault> = new Set(typeof fault === 'string' ? [fault] : fault);
  const has = (f: Fault): boolean => faults.has(f);
  const throttled = new Set<string>();
  // The photo of each user, as the server holds it: a PATCH changes what it sends, and answers the whole photo.
  const photos = new Map<string, Photo>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      onRequest?.({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      const refuse = (status: number, code: string, message: string): void => {
        if (has('refuses-without-error-body') && status === 400) sendRaw(res, 400, 'text/plain', '');
        else send(res, status, graphError(code, message));
      };
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const match = /^\/(beta|v1\.0)\/(me|users\/([^/]+))\/photos$/.exec(path);
      if (!match) {
        refuse(404, 'ResourceNotFound', `no route ${path}`);
        return;
      }
      const user = match[3];
      if ((has('users-path-404') && user !== undefined) || (user !== undefined && user !== FAKE_USER_ID)) {
        refuse(404, 'Request_ResourceNotFound', 'no such user');
        return;
      }
      if (req.method !== 'PATCH') {
        refuse(405, 'Request_BadRequest', 'method not allowed');
        return;
      }
      if (has('throttle-once') && !throttled.has(path)) {
        throttled.add(path);
        send(res, 429, graphError('TooManyRequests', 'Please retry again later.'), { 'Retry-After': '1' });
        return;
      }
      const authorization = req.headers.authorization ?? '';
      if (!has('no-auth-check') && !/^Bearer \S+/.test(authorization)) {
        refuse(401, 'InvalidAuthenticationToken', 'Access token is empty.');
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (!has('accepts-text-plain') && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        refuse(415, 'UnsupportedMediaType', 'A request body must be sent as application/json.');
        return;
      }
      let sent: unknown;
      try {
        sent = JSON.parse(text);
      } catch {
        if (!has('accepts-malformed-json')) {
          refuse(400, 'BadRequest', 'Unable to read JSON request payload.');
          return;
        }
        sent = {};
      }
      const invalid = invalidProperty(sent, has);
      if (invalid !== undefined) {
        refuse(400, 'BadRequest', invalid);
        return;
      }
      const key = user ?? 'me';
      const photo = photos.get(key) ?? { id: '240X240', height: 240, width: 240 };
      const body = sent as Record<string, unknown>;
      if (!has('not-updated')) {
        for (const name of ['height', 'width'] as const) {
          const value = body[name];
          if (typeof value === 'number') photo[name] = value;
        }
      }
      photos.set(key, photo);
      const entity: Record<string, unknown> = {
        '@odata.context': `https://graph.microsoft.com/${match[1] ?? 'v1.0'}/$metadata#users('${user ?? 'me'}')/photos/$entity`,
        '@odata.type': has('wrong-odata-type') ? '#microsoft.graph.user' : '#microsoft.graph.profilePhoto',
        ...photo,
      };
      if (has('height-as-string')) entity.height = String(photo.height);
      if (has('drops-negative-height') && photo.height < 0) entity.height = 0;
      if (has('missing-width')) delete entity.width;
      if (has('extra-properties'))
        Object.assign(entity, { lastModifiedDateTime: '2026-11-28T10:00:00Z', '@odata.mediaEtag': 'W/"abc"' });
      if (has('echo-token')) entity.debug = `received ${authorization}`;
      if (has('not-json')) {
        sendRaw(res, 200, 'text/plain', 'photo updated');
        return;
      }
      if (has('json-not-labelled')) {
        sendRaw(res, 200, 'text/plain', JSON.stringify(entity));
        return;
      }
      send(res, has('wrong-status') ? 201 : 200, entity);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/**
 * The seed page's request-body table, checked as a service would: only `id`, `height`, `width` (and OData
 * annotations), `id` a string, `height` and `width` Int32. Written out here, apart from the harness's schemas, so the
 * probes are checked against an independent reading of the doc.
 */
function invalidProperty(sent: unknown, has: (fault: Fault) => boolean): string | undefined {
  if (typeof sent !== 'object' || sent === null || Array.isArray(sent))
    return 'The request body must be a JSON object.';
  for (const [name, value] of Object.entries(sent as Record<string, unknown>)) {
    if (name.startsWith('@odata.')) continue;
    if (value === null) {
      if (has('accepts-null')) continue;
      return `The property '${name}' does not accept null.`;
    }
    if (name === 'id') {
      if (typeof value !== 'string' && !has('accepts-wrong-type'))
        return `Cannot convert the value of 'id' to Edm.String.`;
    } else if (name === 'height' || name === 'width') {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        if (!has('accepts-wrong-type')) return `Cannot convert the value of '${name}' to Edm.Int32.`;
      } else if (!has('accepts-int32-overflow') && (value > 2147483647 || value < -2147483648))
        return `The value of '${name}' is outside the range of Edm.Int32.`;
    } else if (!has('accepts-unknown-property')) {
      return `The property '${name}' does not exist on type 'microsoft.graph.profilePhoto'.`;
    }
  }
  return undefined;
}

function graphError(code: string, message: string): unknown {
  const id = crypto.randomUUID();
  return {
    error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': id, 'client-request-id': id } },
  };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendRaw(res, status, 'application/json;odata.metadata=minimal;charset=utf-8', JSON.stringify(body), headers);
}

function sendRaw(
  res: http.ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
