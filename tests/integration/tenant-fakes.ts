/**
 * Stand-ins for a real tenant's two ends, on 127.0.0.1 only: an Entra token endpoint over https (with a throwaway CA
 * made for the test, which the product's processes trust through NODE_EXTRA_CA_CERTS) and a Graph target serving the
 * seed page's photo with state, a required token, and the faults a real tenant shows: throttling, a 401 for a token
 * it has stopped taking, and writes that do not stick.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { listenOnLoopback } from './loopback-server.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';

export interface TokenEndpoint {
  /** The authority host: `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** PEM file of the CA that signed the endpoint's certificate. */
  readonly caFile: string;
  /** Every request the endpoint got, `METHOD path`. */
  readonly requests: string[];
  /** Access tokens issued, oldest first. */
  readonly issued: string[];
  close(): Promise<void>;
}

/** A CA and a certificate for 127.0.0.1 signed by it, made with the openssl CLI; valid for one day. */
function throwawayCertificates(): { dir: string; ca: string; key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-ca-'));
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore', timeout: 30_000 });
  };
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=gdc throwaway test CA',
  );
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '1',
    '-extfile',
    'san.cnf',
  );
  return { dir, ca: join(dir, 'ca.pem'), key: join(dir, 'server.key'), cert: join(dir, 'server.pem') };
}

export async function startTokenEndpoint(app: {
  readonly tenant: string;
  readonly clientId: string;
  readonly secret: string;
}): Promise<TokenEndpoint> {
  const certificates = throwawayCertificates();
  const signingKey = new TextEncoder().encode(`signing-key-${crypto.randomUUID()}`);
  const requests: string[] = [];
  const issued: string[] = [];
  const server = https.createServer(
    { key: readFileSync(certificates.key), cert: readFileSync(certificates.cert) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'https://127.0.0.1').pathname;
        requests.push(`${req.method ?? ''} ${path}`);
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const reply = (status: number, body: unknown): void => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.method !== 'POST' || path !== `/${app.tenant}/oauth2/v2.0/token`) {
          reply(404, { error: 'not_found' });
          return;
        }
        if (
          form.get('grant_type') !== 'client_credentials' ||
          form.get('client_id') !== app.clientId ||
          form.get('client_secret') !== app.secret
        ) {
          reply(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
          return;
        }
        void new SignJWT({
          roles: ['User.ReadWrite.All'],
          appid: app.clientId,
          tid: app.tenant,
          scp: form.get('scope') ?? '',
        })
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setIssuedAt()
          .setJti(crypto.randomUUID())
          .setExpirationTime('1h')
          .sign(signingKey)
          .then((token) => {
            issued.push(token);
            reply(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
          });
      });
    },
  );
  const { url, close } = await listenOnLoopback(server, 'https');
  return { url, caFile: certificates.ca, requests, issued, close };
}

export const PHOTO_USER_ID = '3f1e9a52-5c1e-4d5b-9a47-9a7e2b1c0d11';
export const ORIGINAL_PHOTO = { height: 240, width: 240 } as const;

export interface FakeGraphOptions {
  /** Whether a bearer token is one the tenant takes. */
  readonly accepts: (token: string) => boolean;
  /** Every request is answered 429 (Retry-After: 1) or 503 (no Retry-After) for this long after the first. */
  readonly throttleMs?: number;
  /** Answer the first authorized request 401, as for a token that was revoked. */
  readonly rejectFirstToken?: boolean;
  /** PATCH answers show the height as a string (a doc failure), though the change is made. */
  readonly answerWrongType?: boolean;
  /** On this path, a PATCH back to the original values answers 200 and changes nothing: the restore does not take. */
  readonly ignoresRestoreOn?: 'me' | 'users';
  /**
   * `/me` and `/users/{id}` name one photo; a PATCH answers with what it was sent but stores each height one more than
   * the last write's (a service that drifts), and a PATCH without `@odata.type` (a restore: the doc's bodies carry
   * one) answers 200 and changes nothing. So every restore fails, and the second path's snapshot holds what the first
   * test left: an intermediate value.
   */
  readonly aliasedAndDrifting?: boolean;
}

export interface FakeGraph {
  readonly url: string;
  /** `METHOD path` of every request, in order. */
  readonly requests: string[];
  /** Current state of each photo, by path (`me`, `users/<id>`). */
  readonly photos: Map<string, { height: unknown; width: unknown }>;
  close(): Promise<void>;
}

export async function startFakeGraph(options: FakeGraphOptions): Promise<FakeGraph> {
  const requests: string[] = [];
  const photos = new Map<string, { height: unknown; width: unknown }>();
  let throttleStart: number | undefined;
  let rejected = false;
  let throttled = 0;
  let drift = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      requests.push(`${req.method ?? ''} ${path}`);
      const match = /^\/(beta|v1\.0)\/(me|users\/([^/]+))\/photos$/.exec(path);
      // The window opens with the first request to the photos (the run's preflight reads another path first).
      if (match) throttleStart ??= Date.now();
      if (
        match &&
        throttleStart !== undefined &&
        options.throttleMs !== undefined &&
        Date.now() - throttleStart < options.throttleMs
      ) {
        throttled++;
        if (throttled % 2 === 1)
          send(res, 429, graphError('TooManyRequests', 'Please retry again later.'), { 'Retry-After': '1' });
        else send(res, 503, graphError('ServiceUnavailable', 'Service unavailable.'));
        return;
      }
      if (!match) {
        send(res, 404, graphError('ResourceNotFound', `no route ${path}`));
        return;
      }
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (token === undefined) {
        send(res, 401, graphError('InvalidAuthenticationToken', 'Access token is empty.'));
        return;
      }
      if (options.rejectFirstToken === true && !rejected) {
        rejected = true;
        send(res, 401, graphError('InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.'));
        return;
      }
      if (!options.accepts(token)) {
        send(res, 401, graphError('InvalidAuthenticationToken', 'Access token validation failure.'));
        return;
      }
      if (match[3] !== undefined && match[3] !== PHOTO_USER_ID) {
        send(res, 404, graphError('Request_ResourceNotFound', 'no such user'));
        return;
      }
      // Each path has its own photo, so that a test can tell which restore took (unless they name one entity).
      const key = options.aliasedAndDrifting === true ? 'me' : (match[2] ?? '');
      const photo = photos.get(key) ?? { ...ORIGINAL_PHOTO };
      photos.set(key, photo);
      const entity = (): Record<string, unknown> => ({
        '@odata.context': `https://graph.microsoft.com/${match[1] ?? 'v1.0'}/$metadata#users('${match[3] ?? 'me'}')/photos/$entity`,
        '@odata.type': '#microsoft.graph.profilePhoto',
        id: '240X240',
        ...photo,
      });
      if (req.method === 'GET') {
        send(res, 200, entity());
        return;
      }
      if (req.method !== 'PATCH') {
        send(res, 405, graphError('Request_BadRequest', 'method not allowed'));
        return;
      }
      let sent: Record<string, unknown>;
      try {
        sent = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        send(res, 400, graphError('BadRequest', 'Unable to read JSON request payload.'));
        return;
      }
      const ignored =
        options.ignoresRestoreOn !== undefined &&
        key.startsWith(options.ignoresRestoreOn) &&
        sent.height === ORIGINAL_PHOTO.height;
      const answered = {
        ...photo,
        ...('height' in sent ? { height: sent.height } : {}),
        ...('width' in sent ? { width: sent.width } : {}),
      };
      if (options.aliasedAndDrifting === true) {
        if ('@odata.type' in sent) {
          drift++;
          photo.height = typeof sent.height === 'number' ? sent.height + drift : sent.height;
          if ('width' in sent) photo.width = sent.width;
        }
      } else if (!ignored) {
        if ('height' in sent) photo.height = sent.height;
        if ('width' in sent) photo.width = sent.width;
      }
      const answer = options.aliasedAndDrifting === true ? { ...entity(), ...answered } : entity();
      if (options.answerWrongType === true) answer.height = String(photo.height);
      send(res, 200, answer);
    });
  });
  const { url, close } = await listenOnLoopback(server);
  return { url, requests, photos, close };
}

function graphError(code: string, message: string): unknown {
  const id = crypto.randomUUID();
  return {
    error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': id, 'client-request-id': id } },
  };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json;odata.metadata=minimal;charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
