/**
 * One request to the target, through Playwright's APIRequestContext, with the retry policy for throttling. The
 * result is a plain record of what was sent and received, which the checks read and the report attaches.
 */
import type { APIRequestContext } from '@playwright/test';
import { decideRetry, type RetryPolicy } from './retry-policy.ts';
import type { Redactor } from './redact.ts';

export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface ReceivedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string;
}

export interface Exchange {
  readonly request: SentRequest;
  readonly response: ReceivedResponse;
  /** Answers that were retried (429, 503, 504), oldest first. */
  readonly retried: readonly { readonly status: number; readonly retryAfter?: string }[];
}

/** The target did not give a usable answer: throttled past the policy, or unreachable. Not a doc failure. */
export class TargetUnavailable extends Error {
  override readonly name = 'TargetUnavailable';
}

export async function exchange(api: APIRequestContext, request: SentRequest, policy: RetryPolicy, redact: Redactor, timeoutMs: number): Promise<Exchange> {
  const retried: { status: number; retryAfter?: string }[] = [];
  for (let attempt = 1; ; attempt++) {
    let response;
    try {
      response = await api.fetch(request.url, {
        method: request.method,
        headers: { ...request.headers },
        ...(request.body !== undefined ? { data: request.body } : {}),
        failOnStatusCode: false,
        maxRedirects: 0,
        timeout: timeoutMs,
      });
    } catch (error) {
      // Playwright's message carries a call log listing every request header, the token included: keep only the
      // first line, redacted.
      const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
      throw new TargetUnavailable(`${request.method} ${request.url} got no answer: ${redact(first)}`);
    }
    const received: ReceivedResponse = {
      status: response.status(),
      statusText: response.statusText(),
      headers: response.headers(),
      bodyText: await response.text(),
    };
    const retryAfter = received.headers['retry-after'];
    const decision = decideRetry(received.status, retryAfter, attempt, policy, Date.now());
    if (!decision.retry) {
      if (decision.reason !== undefined) throw new TargetUnavailable(`${request.method} ${request.url}: ${decision.reason}`);
      return { request, response: received, retried };
    }
    retried.push(retryAfter === undefined ? { status: received.status } : { status: received.status, retryAfter });
    await new Promise((resolve) => setTimeout(resolve, decision.waitMs));
  }
}
