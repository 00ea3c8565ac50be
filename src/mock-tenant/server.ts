/**
 * The I/O edge of the mock tenant: node's HTTP server around the core in `handler.ts`. This file reads bodies,
 * writes answers, logs and keeps serving whatever a single request does.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { payloadTooLarge, internalError } from './errors.ts';
import { createTenantCore, type TenantCore, type TenantCoreOptions } from './handler.ts';
import { renderReply, type Reply, type ReplyMeta } from './reply.ts';

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
}

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

/** A server that is not listening yet; `listen` it yourself, or use `startMockTenant`. */
export function createMockTenant(options: MockTenantOptions): http.Server {
  return http.createServer(createRequestListener(createTenantCore(options), options.log));
}

export async function startMockTenant(options: StartMockTenantOptions): Promise<RunningMockTenant> {
  const core = createTenantCore(options);
  const server = http.createServer(createRequestListener(core, options.log));
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
    url: `http://${shownHost}:${port}`,
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

export function createRequestListener(core: TenantCore, log?: (line: string) => void): http.RequestListener {
  const report = (line: string): void => {
    if (log) log(line);
  };
  // Failures must be visible somewhere even without a log; stderr, because the client only gets a generic 500.
  const reportFailure = log ?? ((line: string) => process.stderr.write(`${line}\n`));

  return (req, res) => {
    const started = performance.now();
    const clientRequestId = echoable(req.headers['client-request-id']);
    const meta: ReplyMeta = {
      requestId: randomUUID(),
      date: new Date(),
      ...(clientRequestId === undefined ? {} : { clientRequestId }),
    };
    const label = `${req.method ?? '?'} ${req.url ?? '?'}`;
    const send = (reply: Reply): void => {
      if (res.headersSent) return;
      const rendered = renderReply(reply, meta);
      try {
        res.writeHead(rendered.status, rendered.headers);
        res.end(rendered.body);
      } catch (error) {
        // Nothing sensible can be sent any more; dropping the connection beats throwing out of the listener.
        reportFailure(`${label} request-id=${meta.requestId} could not be answered: ${String(error)}`);
        res.destroy();
        return;
      }
      const ms = (performance.now() - started).toFixed(1);
      report(`${label} ${rendered.status} ${ms}ms request-id=${meta.requestId}`);
    };
    const fail = (error: unknown): void => {
      reportFailure(`${label} request-id=${meta.requestId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      send(internalError());
    };
    // A client that goes away mid-body is not a server failure; without a listener the error would be thrown.
    req.on('error', (error) => {
      report(`${label} request-id=${meta.requestId} aborted by client: ${error.message}`);
    });

    try {
      const admission = core.admit({ method: req.method ?? '', url: req.url ?? '/', headers: req.headers });
      if (admission.kind === 'reply') {
        send(admission.reply);
        return;
      }
      readBody(req, core.bodyLimitBytes).then(
        (body) => {
          try {
            send(body === TOO_LARGE ? payloadTooLarge(core.bodyLimitBytes) : admission.complete(body));
          } catch (error) {
            fail(error);
          }
        },
        (error: unknown) => {
          report(`${label} request-id=${meta.requestId} body not read: ${error instanceof Error ? error.message : String(error)}`);
          res.destroy();
        },
      );
    } catch (error) {
      fail(error);
    }
  };
}

/** Graph clients send a GUID; anything printable and short is echoed, the rest is not worth a broken answer. */
function echoable(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && /^[\x20-\x7e]{1,256}$/.test(value) ? value : undefined;
}

const TOO_LARGE = Symbol('too large');

/** The whole body, or TOO_LARGE as soon as it passes `limit` bytes (the rest is discarded, not buffered). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflowed = false;
    req.on('data', (chunk: Buffer) => {
      if (overflowed) return;
      size += chunk.length;
      if (size > limit) {
        overflowed = true;
        chunks.length = 0;
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!overflowed) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', reject);
  });
}
