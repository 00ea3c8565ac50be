/**
 * A stand-in for a real Graph tenant serving the seed page's operation, faithfully or with one deliberate departure
 * from the doc. The conformance run must pass against the faithful variants and fail, naming the departure, against
 * the others.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_USER_ID = '3f1e9a52-5c1e-4d5b-9a47-9a7e2b1c0d11';

export type Fault =
  | 'none'
  | 'extra-properties'
  | 'throttle-once'
  | 'echo-token'
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
  // A replayed valid body whose height does not come back when it is negative.
  | 'drops-negative-height';

export interface FakeTarget {
  readonly url: string;
  close(): Promise<void>;
}

/** A request as the target received it: raw header names lower-cased, the body as bytes. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export async function startFakeTarget(
  fault: Fault,
  onRequest?: (request: ReceivedRequest) => void,
): Promise<FakeTarget> {
  const throttled = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      onRequest?.({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const match = /^\/(beta|v1\.0)\/(me|users\/([^/]+))\/photos$/.exec(path);
      if (!match) {
        send(res, 404, graphError('ResourceNotFound', `no route ${path}`));
        return;
      }
      if (fault === 'users-path-404' && match[3] !== undefined) {
        send(res, 404, graphError('Request_ResourceNotFound', 'no such user'));
        return;
      }
      if (match[3] !== undefined && match[3] !== FAKE_USER_ID) {
        send(res, 404, graphError('Request_ResourceNotFound', 'no such user'));
        return;
      }
      if (req.method !== 'PATCH') {
        send(res, 405, graphError('Request_BadRequest', 'method not allowed'));
        return;
      }
      if (fault === 'throttle-once' && !throttled.has(path)) {
        throttled.add(path);
        send(res, 429, graphError('TooManyRequests', 'Please retry again later.'), { 'Retry-After': '1' });
        return;
      }
      const authorization = req.headers.authorization ?? '';
      if (fault !== 'no-auth-check' && !/^Bearer \S+/.test(authorization)) {
        send(res, 401, graphError('InvalidAuthenticationToken', 'Access token is empty.'));
        return;
      }

      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        send(res, 415, graphError('UnsupportedMediaType', 'A request body must be sent as application/json.'));
        return;
      }
      let sent: Record<string, unknown>;
      try {
        sent = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        send(res, 400, graphError('BadRequest', 'Unable to read JSON request payload.'));
        return;
      }
      const invalid = invalidProperty(sent, fault);
      if (invalid !== undefined) {
        send(res, 400, graphError('BadRequest', invalid));
        return;
      }
      const entity: Record<string, unknown> = {
        '@odata.context': `https://graph.microsoft.com/${match[1] ?? 'v1.0'}/$metadata#users('${match[3] ?? 'me'}')/photos/$entity`,
        '@odata.type': fault === 'wrong-odata-type' ? '#microsoft.graph.user' : '#microsoft.graph.profilePhoto',
        id: '240X240',
        height: fault === 'not-updated' ? 240 : sent.height,
        width: fault === 'not-updated' ? 240 : sent.width,
      };
      if (fault === 'height-as-string') entity.height = String(sent.height);
      if (fault === 'drops-negative-height' && typeof sent.height === 'number' && sent.height < 0) entity.height = 0;
      if (fault === 'missing-width') delete entity.width;
      if (fault === 'extra-properties')
        Object.assign(entity, { lastModifiedDateTime: '2026-11-28T10:00:00Z', '@odata.mediaEtag': 'W/"abc"' });
      if (fault === 'echo-token') entity.debug = `received ${authorization}`;
      if (fault === 'not-json') {
        sendRaw(res, 200, 'text/plain', 'photo updated');
        return;
      }
      if (fault === 'json-not-labelled') {
        sendRaw(res, 200, 'text/plain', JSON.stringify(entity));
        return;
      }
      send(res, fault === 'wrong-status' ? 201 : 200, entity);
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
 * annotations), `id` a string, `height` and `width` Int32 or null. Written out here, apart from the harness's schemas,
 * so the probes are checked against an independent reading of the doc.
 */
function invalidProperty(sent: unknown, fault: Fault): string | undefined {
  if (typeof sent !== 'object' || sent === null || Array.isArray(sent))
    return 'The request body must be a JSON object.';
  for (const [name, value] of Object.entries(sent as Record<string, unknown>)) {
    if (name.startsWith('@odata.')) continue;
    if (name === 'id') {
      if (typeof value !== 'string') return `Cannot convert the value of 'id' to Edm.String.`;
    } else if (name === 'height' || name === 'width') {
      if (value === null) continue;
      if (typeof value !== 'number' || !Number.isInteger(value))
        return `Cannot convert the value of '${name}' to Edm.Int32.`;
      if (fault !== 'accepts-int32-overflow' && (value > 2147483647 || value < -2147483648))
        return `The value of '${name}' is outside the range of Edm.Int32.`;
    } else if (fault !== 'accepts-unknown-property') {
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
