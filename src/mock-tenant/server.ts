/**
 * The I/O edge of the mock tenant: node's HTTP server around the core in `handler.ts`. This file reads bodies,
 * writes answers, logs and keeps serving whatever a single request does.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { payloadTooLarge, internalError } from './errors.ts';
import { createTenantCore, type Admission, type TenantCore, type TenantCoreOptions } from './handler.ts';
import { newRequestId, renderReply, type Reply, type ReplyMeta } from './reply.ts';

export { DEFAULT_BODY_LIMIT_BYTES, THROTTLE_HEADER, createTenantCore, type TenantCore } from './handler.ts';
export {
  DEFAULT_TARGET_USER,
  MOCK_TENANT_PARAMS,
  MOCK_USERS,
  SIGNED_IN_USER,
  defaultParamFor,
  findUser,
  type MockUser,
} from './tenant.ts';

export interface MockTenantOptions extends TenantCoreOptions {
  /** One line per answered request, and the details of any failure (which clients never see). */
  readonly log?: (line: string) => void;
  /** Serve HTTPS with this key and certificate (PEM): token clients such as msal-node insist on an https authority. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
}

/** A client that stalls mid-request is dropped after this long, so it cannot hold a connection forever. */
const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 10_000;
/** How long an idle keep-alive connection is kept (see createServer). */
const KEEP_ALIVE_MS = 60_000;

export interface StartMockTenantOptions extends MockTenantOptions {
  /** Default `127.0.0.1`: the mock accepts any token, so it must not be reachable from elsewhere by accident. */
  readonly host?: string;
  /** Default 0: an ephemeral port, read back from `url`. */
  readonly port?: number;
}

export interface RunningMockTenant {
  /** Origin only, e.g. `http://127.0.0.1:39123`; requests go to `${url}/v1.0/...` or `${url}/beta/...`. */
  readonly url: string;
  readonly operations: number;
  /** Forgets every write (see `TenantCore.reset`). */
  reset(): void;
  /** Stops listening and drops open connections, keep-alive ones included. */
  close(): Promise<void>;
}

function withNotices(options: MockTenantOptions): TenantCoreOptions {
  return options.notice === undefined && options.log !== undefined ? { ...options, notice: options.log } : options;
}

function createServer(core: TenantCore, options: MockTenantOptions): http.Server {
  const secure = options.tls !== undefined;
  const listener = createRequestListener(core, options.log, secure);
  // No Nagle delay: each answer is one small write, and a client waiting for it should not wait for an ACK first.
  const serverOptions = { noDelay: true };
  const server =
    options.tls === undefined
      ? http.createServer(serverOptions, listener)
      : https.createServer({ ...serverOptions, key: options.tls.key, cert: options.tls.cert }, listener);
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  // Idle connections stay open as long as a front door keeps them (a minute, not Node's 5 s): a client that reuses one
  // the server has just closed gets no answer (undici: "other side closed"), and on a loaded machine a worker paused
  // for a few seconds between two requests did, failing a test with the target's cause for a race of ours.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Requests node cannot even parse (a CR in a header, a broken chunk) still get Graph's error body.
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    options.log?.(`malformed request refused: ${error.code ?? error.message}`);
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const rendered = renderReply(
      {
        kind: 'error',
        status,
        code: status === 408 ? 'RequestTimeout' : 'BadRequest',
        message: `The request could not be read as HTTP/1.1 (${error.code ?? 'parse error'}).`,
      },
      { requestId: newRequestId(), date: new Date() },
    );
    const head = Object.entries({ ...rendered.headers, connection: 'close' })
      .map(([name, value]) => `${name}: ${value}`)
      .join('\r\n');
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n${head}\r\n\r\n${String(rendered.body)}`);
  });
  return server;
}

export async function startMockTenant(options: StartMockTenantOptions): Promise<RunningMockTenant> {
  const core = createTenantCore(withNotices(options));
  const server = createServer(core, options);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo; // a TCP listen always reports an AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://${shownHost}:${port}`,
    operations: core.operations,
    reset: () => {
      core.reset();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}

export function createRequestListener(
  core: TenantCore,
  log?: (line: string) => void,
  secure = false,
): http.RequestListener {
  // Failures must be visible somewhere even without a log; stderr, because the client only gets a generic 500.
  const serving: Serving = {
    core,
    log,
    reportFailure: log ?? ((line: string) => process.stderr.write(`${line}\n`)),
    secure,
  };
  return (req, res) => {
    new Exchange(serving, req, res).start();
  };
}

/** What every exchange of one server shares. */
interface Serving {
  readonly core: TenantCore;
  /** One line per answered request, and the details of any failure (which clients never see). */
  readonly log: ((line: string) => void) | undefined;
  readonly reportFailure: (line: string) => void;
  readonly secure: boolean;
}

/** The exchange a request belongs to, for the listeners on it (shared functions, not closures made per request). */
const EXCHANGE = Symbol('exchange');

/** A request whose exchange has started: its listeners are only ever added then. */
interface ExchangedRequest {
  [EXCHANGE]: Exchange;
}

/**
 * One request, from its head to its answer. A class rather than closures made per request: the methods, and the
 * listeners on the request, are shared, so a request costs one object.
 */
class Exchange {
  readonly #serving: Serving;
  readonly #req: http.IncomingMessage;
  readonly #res: http.ServerResponse;
  readonly #started: number;
  readonly #meta: ReplyMeta;
  /** Set once the core asked for the body: what turns it into the answer. */
  #complete: ((body: Uint8Array) => Reply | Promise<Reply>) | undefined;
  /** Bodies mostly arrive in one chunk: the list is only made for a second one. */
  #first: Buffer | undefined;
  #more: Buffer[] | undefined;
  #size = 0;
  #settled = false;

  constructor(serving: Serving, req: http.IncomingMessage, res: http.ServerResponse) {
    this.#serving = serving;
    this.#req = req;
    this.#res = res;
    this.#started = serving.log === undefined ? 0 : performance.now();
    const clientRequestId = echoable(req.headers['client-request-id']);
    const requestId = newRequestId();
    this.#meta = clientRequestId === undefined ? { requestId } : { requestId, clientRequestId };
  }

  static #onError(this: ExchangedRequest, error: Error): void {
    this[EXCHANGE].#aborted(error);
  }

  static #onData(this: ExchangedRequest, chunk: Buffer): void {
    this[EXCHANGE].#chunk(chunk);
  }

  static #onEnd(this: ExchangedRequest): void {
    this[EXCHANGE].#end();
  }

  start(): void {
    const req = this.#req;
    (req as http.IncomingMessage & Partial<ExchangedRequest>)[EXCHANGE] = this;
    // A client that goes away mid-body is not a server failure; without a listener the error would be thrown.
    req.on('error', Exchange.#onError);
    let admission: Admission | Promise<Admission>;
    try {
      admission = this.#serving.core.admit({
        method: req.method ?? '',
        url: req.url ?? '/',
        headers: req.headers,
        origin: originOf(req, this.#serving.secure),
      });
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#settle(admission, this.#proceed);
  }

  /**
   * Hands `value` to `step` at once when it is a value (the synchronous path most requests take, with no microtask),
   * or once its promise settles. A rejection, or a throw of `step`, goes to `#fail`.
   */
  #settle<T>(value: T | Promise<T>, step: (this: Exchange, value: T) => void): void {
    if (value instanceof Promise) {
      value.then(
        (settled) => {
          this.#settle(settled, step);
        },
        (error: unknown) => {
          this.#fail(error);
        },
      );
      return;
    }
    try {
      step.call(this, value);
    } catch (error) {
      this.#fail(error);
    }
  }

  #label(): string {
    return `${this.#req.method ?? '?'} ${this.#req.url ?? '?'}`;
  }

  #proceed(admission: Admission): void {
    if (admission.kind === 'reply') {
      this.#send(admission.reply);
      // An answer given before the body was read: the rest of the body is drained, not buffered.
      this.#req.resume();
      return;
    }
    this.#complete = admission.complete;
    this.#req.on('data', Exchange.#onData);
    this.#req.on('end', Exchange.#onEnd);
  }

  #chunk(chunk: Buffer): void {
    if (this.#settled) return;
    this.#size += chunk.length;
    const limit = this.#serving.core.bodyLimitBytes;
    if (this.#size > limit) {
      // Past the limit: the rest is discarded, not buffered.
      this.#settled = true;
      this.#first = undefined;
      this.#more = undefined;
      this.#send(payloadTooLarge(limit));
      return;
    }
    if (this.#first === undefined) this.#first = chunk;
    else (this.#more ??= [this.#first]).push(chunk);
  }

  #end(): void {
    if (this.#settled || this.#complete === undefined) return;
    this.#settled = true;
    const body = this.#more === undefined ? (this.#first ?? Buffer.alloc(0)) : Buffer.concat(this.#more, this.#size);
    let reply: Reply | Promise<Reply>;
    try {
      reply = this.#complete(body);
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#settle(reply, this.#send);
  }

  #aborted(error: Error): void {
    const log = this.#serving.log;
    log?.(`${this.#label()} request-id=${this.#meta.requestId} aborted by client: ${error.message}`);
    // An error while the body is being read: there is no whole body to answer.
    if (this.#complete === undefined || this.#settled) return;
    this.#settled = true;
    log?.(`${this.#label()} request-id=${this.#meta.requestId} body not read: ${error.message}`);
    this.#res.destroy();
  }

  #send(reply: Reply): void {
    const res = this.#res;
    if (res.headersSent) return;
    const rendered = renderReply(reply, this.#meta);
    try {
      res.writeHead(rendered.status, rendered.headers);
      res.end(rendered.body);
    } catch (error) {
      // Nothing sensible can be sent any more; dropping the connection beats throwing out of the listener.
      this.#serving.reportFailure(
        `${this.#label()} request-id=${this.#meta.requestId} could not be answered: ${String(error)}`,
      );
      res.destroy();
      return;
    }
    const log = this.#serving.log;
    if (log !== undefined)
      log(
        `${this.#label()} ${rendered.status} ${(performance.now() - this.#started).toFixed(1)}ms request-id=${this.#meta.requestId}`,
      );
  }

  #fail(error: unknown): void {
    this.#serving.reportFailure(
      `${this.#label()} request-id=${this.#meta.requestId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    this.#send(internalError());
  }
}

/** The origin the client used, for links it can follow; a Host header that is not a plain host is not trusted. */
function originOf(req: http.IncomingMessage, secure: boolean): string {
  const scheme = secure ? 'https' : 'http';
  const host = req.headers.host;
  // Clients send the same Host on every request: the last answer is reused without the pattern check.
  if (host !== undefined && host === lastHost.host && secure === lastHost.secure) return lastHost.origin;
  const origin = checkedOrigin(req, scheme, host);
  if (host !== undefined) lastHost = { host, secure, origin };
  return origin;
}

let lastHost: { host: string; secure: boolean; origin: string } = { host: '', secure: false, origin: '' };

function checkedOrigin(req: http.IncomingMessage, scheme: string, host: string | undefined): string {
  if (host !== undefined && /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host))
    return `${scheme}://${host}`;
  const address = req.socket.localAddress ?? '127.0.0.1';
  return `${scheme}://${address.includes(':') ? `[${address}]` : address}:${String(req.socket.localPort ?? 0)}`;
}

/** Graph clients send a GUID; anything printable and short is echoed, the rest is not worth a broken answer. */
function echoable(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && /^[\x20-\x7e]{1,256}$/.test(value) ? value : undefined;
}
