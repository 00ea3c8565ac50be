/**
 * A proxy in front of a target (the embedded mock) that injects one kind of fault into its answers and remembers which
 * tests it changed an answer for. Tests are told apart by their mock state session (`x-mock-session`: the run's folder
 * and the test's id). `/health`, the mock's own routes and `/{version}/$metadata` pass untouched, so a run reuses the
 * mock behind the proxy (MOCK_PORT) as its own, and reads the same metadata as a clean run.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request as send } from 'undici';
import {
  inject,
  type Recorded,
  needsBefore,
  type FaultContext,
  type FaultKind,
  type ProxiedAnswer,
  type ProxiedRequest,
} from './mutation-faults.ts';

/** One answer the fault changed: the request as sent, the target's answer and the faulty one the test got. */
export interface Change {
  readonly request: ProxiedRequest;
  readonly faithful: ProxiedAnswer;
  readonly answer: ProxiedAnswer;
}

export interface MutationProxy {
  readonly port: number;
  /** The fault of the next run (undefined: a clean run), and a fresh record of affected tests. */
  setFault(kind: FaultKind | undefined): void;
  /** Test ids (the part of `x-mock-session` after the run's folder) whose answers the fault changed, with each change. */
  affected(): ReadonlyMap<string, readonly Change[]>;
  /** In a clean run, every exchange of each test, in order. */
  recorded(): ReadonlyMap<string, readonly Recorded[]>;
  close(): Promise<void>;
}

/** Hop-by-hop headers, and those the client recomputes for the body it sends. */
const NOT_FORWARDED = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade']);

function headersOf(
  raw: http.IncomingHttpHeaders | Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || NOT_FORWARDED.has(name.toLowerCase())) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

async function forward(origin: string, r: ProxiedRequest): Promise<ProxiedAnswer> {
  const answer = await send(`${origin}${r.path}`, {
    method: r.method as 'GET',
    headers: r.headers,
    ...(r.body.length > 0 ? { body: r.body } : {}),
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  const body = Buffer.from(await answer.body.arrayBuffer());
  return { status: answer.statusCode, headers: headersOf(answer.headers), body };
}

/** The test a request belongs to: `x-mock-session` is `<run folder> <test id>`. */
function testOf(headers: Readonly<Record<string, string>>): string | undefined {
  const session = headers['x-mock-session'];
  if (session === undefined) return undefined;
  const space = session.lastIndexOf(' ');
  return space < 0 ? session : session.slice(space + 1);
}

/**
 * What a run reads before any test, not what a test checks: the mock's own routes, and the service metadata the probes
 * consult (a fault there would change which probes the run sends, not what a test sees).
 */
const isInfrastructure = (path: string): boolean =>
  path === '/health' || path.startsWith('/_mock/') || /\/\$metadata(?:\?|$)/.test(path);

export async function startMutationProxy(origin: string): Promise<MutationProxy> {
  let fault: FaultKind | undefined;
  let affected = new Map<string, Change[]>();
  let recorded = new Map<string, Recorded[]>();
  let knownAuthorization: string | undefined;
  /** `<session> <path>` → the entity before the last write to it. */
  let beforeWrites = new Map<string, { readonly before: ProxiedAnswer; readonly written: Buffer }>();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const request: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: headersOf(req.headers),
      body,
    };
    const test = testOf(request.headers);
    if (request.headers.authorization !== undefined) knownAuthorization = request.headers.authorization;
    let changed = false;
    let sent = request;
    if (
      fault === 'authorization-not-enforced' &&
      request.headers.authorization === undefined &&
      knownAuthorization !== undefined &&
      !isInfrastructure(request.path)
    ) {
      sent = { ...request, headers: { ...request.headers, authorization: knownAuthorization } };
      changed = true;
    }
    const context: { -readonly [K in keyof FaultContext]: FaultContext[K] } = {};
    const key = `${request.headers['x-mock-session'] ?? ''} ${request.path.split('?')[0] ?? ''}`;
    if (fault !== undefined && needsBefore(fault, request)) {
      const before = await forward(origin, {
        method: 'GET',
        path: request.path.split('?')[0] ?? '/',
        headers: withoutBodyHeaders(sent.headers),
        body: Buffer.alloc(0),
      });
      context.before = before;
      if (before.status === 200 && !beforeWrites.has(key)) beforeWrites.set(key, { before, written: request.body });
    }
    if (request.method === 'GET') {
      const write = beforeWrites.get(key);
      if (write !== undefined) {
        context.beforeLastWrite = write.before;
        context.lastWrite = write.written;
      }
    }
    const faithful = await forward(origin, sent);
    let answer = faithful;
    if (fault !== undefined && !isInfrastructure(request.path)) {
      const faulty = inject(fault, sent, answer, context);
      if (faulty !== undefined) {
        answer = faulty;
        changed = true;
      }
    }
    if (changed && test !== undefined)
      affected.set(test, [...(affected.get(test) ?? []), { request: sent, faithful, answer }]);
    if (fault === undefined && test !== undefined)
      recorded.set(test, [...(recorded.get(test) ?? []), { request, answer }]);
    const headers: Record<string, string> = { ...answer.headers, 'content-length': String(answer.body.length) };
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`mutation proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    setFault(kind) {
      fault = kind;
      affected = new Map();
      recorded = new Map();
      beforeWrites = new Map<string, { readonly before: ProxiedAnswer; readonly written: Buffer }>();
    },
    affected: () => affected,
    recorded: () => recorded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

function withoutBodyHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => name !== 'content-type' && name !== 'content-range'),
  );
}
