/**
 * When and how long to wait before sending again. Throttling (429) and unavailability (503, 504) say nothing about
 * the docs, so they are retried, honouring `Retry-After` as Graph asks; other answers are verdicts.
 */
export const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

export interface RetryPolicy {
  readonly maxRetries: number;
  /** Waits beyond this are not honoured: the target counts as unavailable. */
  readonly maxWaitSeconds: number;
}

export type RetryDecision =
  { readonly retry: true; readonly waitMs: number } | { readonly retry: false; readonly reason?: string };

/**
 * `attempt` is 1 for the first answer. Without `Retry-After`, waits grow exponentially (0.5 s, 1 s, 2 s, …) with
 * jitter so that parallel workers do not come back in step.
 */
export function decideRetry(
  status: number,
  retryAfter: string | undefined,
  attempt: number,
  policy: RetryPolicy,
  now: number,
  random: () => number = Math.random,
): RetryDecision {
  if (!RETRIED_STATUSES.has(status)) return { retry: false };
  if (attempt > policy.maxRetries)
    return { retry: false, reason: `still ${status} after ${policy.maxRetries} retries` };
  const advised = parseRetryAfter(retryAfter, now);
  const waitMs = advised ?? Math.min(policy.maxWaitSeconds * 1000, 500 * 2 ** (attempt - 1) * (0.5 + random()));
  if (waitMs > policy.maxWaitSeconds * 1000) {
    return {
      retry: false,
      reason: `${status} with Retry-After ${retryAfter ?? ''} exceeds the ${policy.maxWaitSeconds} s allowed (RETRY_AFTER_MAX_SECONDS)`,
    };
  }
  return { retry: true, waitMs };
}

/** IMF-fixdate, and the obsolete RFC 850 and asctime forms (RFC 9110 §5.6.7). */
const HTTP_DATE: readonly RegExp[] = [
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); milliseconds to wait, or undefined. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse reads almost anything ("1.5", "-5") as some date; only the HTTP-date forms are dates here.
  if (!HTTP_DATE.some((form) => form.test(text))) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
