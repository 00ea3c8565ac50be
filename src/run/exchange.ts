/**
 * The one HTTP client of the run: every request the harness sends (to the target, to a URL the target handed out, to
 * the Entra token endpoint for msal) leaves through `exchange`, with the retry policy for throttling. The result is a
 * plain record of what was sent and received, which the checks read and the report attaches. Who may send what where
 * (the token only to the target's origin) is decided by its callers' types: see target-client.ts.
 *
 * Requests go through fetch, not Playwright's APIRequestContext: Playwright records its own step for every API call,
 * and when a call fails (refused, reset, timed out) that step's error carries the call log, which lists every request
 * header, `Authorization` included, into the HTML report. No redaction can reach it there. Node's own fetch sends to
 * the target; the undici package (a tenth of a second to load, in every process) only where connections of their own
 * are needed: see Connections.
 */
import type { Dispatcher, fetch as undiciFetch } from 'undici';
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
  /** The connections to use: for URLs a target handed out, ones that check every address before connecting. */
  readonly connections?: Connections;
}

/**
 * Connections of their own, with the fetch that drives them: undici's, since a dispatcher is undici's (Node's fetch is
 * another copy of undici, which is not guaranteed to drive the package's dispatchers).
 */
export interface Connections {
  readonly fetch: typeof undiciFetch;
  readonly dispatcher: Dispatcher;
}

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
    const init = {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      redirect: 'manual', // a redirect is an answer to check, not something to follow silently
      signal: AbortSignal.timeout(options.timeoutMs),
    } as const;
    const { connections } = options;
    const response =
      connections === undefined
        ? await fetch(request.url, init)
        : await connections.fetch(request.url, { ...init, dispatcher: connections.dispatcher });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    // The reason phrase is the target's free text, used by no check: redacted where it is read.
    const statusText = redactRun(response.statusText);
    return { status: response.status, statusText, headers, bodyText: await response.text() };
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

/** A connection the address check refused, wherever fetch wrapped it. */
function refusal(error: unknown): RefusedDestination | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause)
    if (cause instanceof RefusedDestination) return cause;
  return undefined;
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, a timeout) is in its cause. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = error.cause;
  if (cause instanceof Error)
    return 'code' in cause && typeof cause.code === 'string' ? `${cause.code} (${cause.message})` : cause.message;
  return error.message;
}
