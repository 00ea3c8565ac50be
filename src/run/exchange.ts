/**
 * The one HTTP client of the run: every request the harness sends (to the target, to a URL the target handed out, to
 * the Entra token endpoint for msal) leaves through `exchange`, with the retry policy for throttling. The result is a
 * plain record of what was sent and received, which the checks read and the report attaches. Who may send what where
 * (the token only to the target's origin) is decided by its callers' types: see target-client.ts.
 *
 * Requests go through node:http, not Playwright's APIRequestContext: Playwright records its own step for every API call,
 * and when a call fails (refused, reset, timed out) that step's error carries the call log, which lists every request
 * header, `Authorization` included, into the HTML report. No redaction can reach it there. Nor through fetch: Node's
 * (undici) compiles its HTTP parser from WebAssembly in every process, a tenth of a second before the first answer
 * can be read, and costs each request twice what node:http does; the two send the same bytes to the wire.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { decideRetry, parseRetryAfter, type RetryPolicy } from './retry-policy.ts';
import { RefusedDestination } from './destination.ts';
import { redactRun } from './run-secrets.ts';
import { UNLIMITED, type SendGate } from './request-budget.ts';

/** What a request carries besides where it goes. */
export interface RequestContent {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Text, or content made to stand for a binary placeholder (reports show `shownBody` for it). */
  readonly body?: string | Uint8Array;
  /** What reports show for a body that is not text: `<26 bytes: bytes 0-25 of a 128-byte file made by the harness>`. */
  readonly shownBody?: string;
}

/** A request as it was sent: its content and the absolute URL it went to. */
export interface SentRequest extends RequestContent {
  readonly url: string;
}

export interface ReceivedResponse {
  readonly status: number;
  readonly statusText: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string;
}

export interface Exchange {
  readonly request: SentRequest;
  readonly response: ReceivedResponse;
  /** Answers that were retried (429, 503, 504), oldest first. */
  readonly retried: readonly { readonly status: number; readonly retryAfter?: string }[];
}

/**
 * The target did not give a usable answer. Not a doc failure. `throttled`: it kept answering 429/503/504 past the
 * retry policy (the test is reported as "target unavailable"); `no-answer`: refused, reset, timed out or not found,
 * which usually means a wrong TARGET_URL, so the test fails.
 */
export class TargetUnavailable extends Error {
  override readonly name = 'TargetUnavailable';
  readonly kind: 'throttled' | 'no-answer';

  /** `cause`: for `no-answer`, what fetch threw (its own cause holds the code: ECONNREFUSED, ENOTFOUND, …). */
  constructor(message: string, kind: 'throttled' | 'no-answer', options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
  }
}

export interface ExchangeOptions {
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  /** The run's request budget (none for the token endpoint). */
  readonly gate?: SendGate;
  /** The connections to use (else the run's): for URLs a target handed out, ones that check every address first. */
  readonly connections?: Connections;
}

/** Kept-alive connections, one pool for each scheme. */
export interface Connections {
  readonly http: http.Agent;
  readonly https: https.Agent;
}

/** Pools whose every connection resolves its host with `lookup` (which may refuse it), else as Node does. */
export function connections(lookup?: LookupFunction): Connections {
  const options = { keepAlive: true, ...(lookup !== undefined ? { lookup } : {}) };
  return { http: new http.Agent(options), https: new https.Agent(options) };
}

/** The run's connections: idle ones do not keep the process alive (Node unrefs a kept-alive socket while it waits). */
const SHARED = connections();

export async function exchange(request: SentRequest, options: ExchangeOptions): Promise<Exchange> {
  const gate = options.gate ?? UNLIMITED;
  const retried: { status: number; retryAfter?: string }[] = [];
  for (let attempt = 1; ; attempt++) {
    await gate.beforeSend();
    const received = await sendOnce(request, options);
    const retryAfter = received.headers['retry-after'];
    const now = Date.now();
    const decision = decideRetry(received.status, retryAfter, attempt, options.policy, now);
    if (!decision.retry) {
      if (decision.reason !== undefined)
        throw new TargetUnavailable(`${request.method} ${request.url}: ${decision.reason}`, 'throttled');
      return { request, response: received, retried };
    }
    retried.push(retryAfter === undefined ? { status: received.status } : { status: received.status, retryAfter });
    if (parseRetryAfter(retryAfter, now) !== undefined) gate.pauseAll(decision.waitMs);
    await new Promise((resolve) => setTimeout(resolve, decision.waitMs));
  }
}

async function sendOnce(request: SentRequest, options: ExchangeOptions): Promise<ReceivedResponse> {
  try {
    const received = await send(request, options.connections ?? SHARED, options.timeoutMs);
    // The reason phrase is the target's free text, used by no check: redacted where it is read.
    return { ...received, statusText: redactRun(received.statusText) };
  } catch (error) {
    const refused = refusal(error);
    if (refused !== undefined) throw refused;
    throw new TargetUnavailable(
      `${request.method} ${request.url} got no answer: ${redactRun(describeFailure(error))}`,
      'no-answer',
      { cause: error },
    );
  }
}

/** The headers the HTTP layer writes itself, from the body and the connection: a request's own are left out. */
const FRAMING = new Set(['connection', 'content-length', 'keep-alive', 'transfer-encoding', 'upgrade']);
/** Methods that give a body no meaning; any other sent without one says so (`content-length: 0`), not chunked. */
const BODILESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE']);
const UTF8 = new TextDecoder(); // as fetch's text(): a byte-order mark dropped, malformed bytes replaced

/**
 * One request and its whole answer, within `timeoutMs` from first to last byte. A redirect is an answer to check, not
 * something to follow; the body is sent with its length (never chunked) and read as UTF-8 text.
 */
function send(request: SentRequest, pools: Connections, timeoutMs: number): Promise<ReceivedResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`${url.protocol} is not HTTP: only http: and https: URLs are sent`);
    const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers))
      if (!FRAMING.has(name.toLowerCase())) headers[name] = value;
    if (body !== undefined || !BODILESS.has(request.method.toUpperCase()))
      headers['content-length'] = String(body?.byteLength ?? 0);
    const secure = url.protocol === 'https:';
    const outgoing = (secure ? https : http).request(url, {
      method: request.method,
      headers,
      agent: secure ? pools.https : pools.http,
    });
    const timer = setTimeout(() => {
      outgoing.destroy(Object.assign(new Error(`no answer within ${String(timeoutMs)} ms`), { name: 'TimeoutError' }));
    }, timeoutMs);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      reject(error);
    };
    outgoing.once('error', fail);
    outgoing.once('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.once('error', fail);
      incoming.once('end', () => {
        clearTimeout(timer);
        const received: Record<string, string> = {};
        // Repeated fields joined as fetch joins them; node:http would keep only the first of some.
        for (const [name, values] of Object.entries(incoming.headersDistinct))
          if (values !== undefined) received[name] = values.join(', ');
        resolve({
          status: incoming.statusCode ?? 0,
          statusText: incoming.statusMessage ?? '',
          headers: received,
          bodyText: UTF8.decode(Buffer.concat(chunks)),
        });
      });
    });
    outgoing.end(body);
  });
}

/** A connection the address check refused, wherever it was wrapped. */
function refusal(error: unknown): RefusedDestination | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause)
    if (cause instanceof RefusedDestination) return cause;
  return undefined;
}

/** What went wrong, with its code where there is one (ECONNREFUSED, ENOTFOUND, a certificate's). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const code = failureCode(error);
  return code === undefined ? error.message : `${code} (${error.message})`;
}

/** The system's or TLS's code for why a request got no answer (`ECONNREFUSED`), from it or what it wraps. */
export function failureCode(error: unknown): string | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause)
    if ('code' in cause && typeof cause.code === 'string') return cause.code;
  return undefined;
}
