/**
 * Sends requests to the target the way every test and setup step must: within the run's request budget, retrying
 * throttled answers, with the run's bearer token, and once more with a renewed token after a 401 (a token that expired
 * or was revoked mid-run is not a doc failure).
 */
import { exchange, type Exchange, type SentRequest } from './exchange.ts';
import type { Redactor } from '../core/redact.ts';
import type { SendGate } from './request-budget.ts';
import type { RetryPolicy } from './retry-policy.ts';
import type { TokenSource } from './auth/token-source.ts';

/** A request as the harness builds it, before `Authorization` is added: the same fields as what is sent. */
export type UnsignedRequest = SentRequest;

export interface SendOptions {
  /** Send `Authorization: Bearer <token>` (false for the checks that a request without it is refused). */
  readonly authorize: boolean;
  readonly timeoutMs: number;
}

export class TargetClient {
  readonly origin: string;
  readonly #tokens: TokenSource;
  readonly #policy: RetryPolicy;
  readonly #gate: SendGate;
  readonly #redact: Redactor;

  constructor(origin: string, tokens: TokenSource, policy: RetryPolicy, gate: SendGate, redact: Redactor) {
    this.origin = origin;
    this.#tokens = tokens;
    this.#policy = policy;
    this.#gate = gate;
    this.#redact = redact;
  }

  async send(request: UnsignedRequest, options: SendOptions): Promise<Exchange> {
    if (!options.authorize)
      return exchange(withoutAuthorization(request), this.#policy, this.#redact, options.timeoutMs, this.#gate);
    const token = await this.#tokens.current();
    const first = await exchange(signed(request, token), this.#policy, this.#redact, options.timeoutMs, this.#gate);
    if (first.response.status !== 401) return first;
    const renewed = await this.#tokens.renewAfterRejection(token);
    if (renewed === undefined) return first;
    const second = await exchange(signed(request, renewed), this.#policy, this.#redact, options.timeoutMs, this.#gate);
    return { ...second, retried: [...first.retried, { status: 401 }, ...second.retried] };
  }
}

function withoutAuthorization(request: UnsignedRequest): SentRequest {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'authorization'),
  );
  return { ...request, headers };
}

function signed(request: UnsignedRequest, token: string): SentRequest {
  return { ...request, headers: { ...withoutAuthorization(request).headers, Authorization: `Bearer ${token}` } };
}
