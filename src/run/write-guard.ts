/**
 * Whether a test may send a request that can change the target. Shared by the example runner and the probes, so every
 * write the harness sends passes the same gate: loopback targets (the embedded mock, a local stub) take writes freely;
 * any other target only with `ALLOW_WRITES=1`, and then the writer must restore what it changed. The gate judges every
 * request a test would send (the request that hands out a URL, the bytes uploaded first, the documented one), not
 * only the example's method, and decides before anything is sent.
 */
import type { HttpMethod } from '../core/http.ts';

export type WriteDecision =
  | {
      readonly allowed: true;
      /** The target is not loopback: whatever is changed must be put back. */ readonly restore: boolean;
    }
  | {
      readonly allowed: false;
      /** The skip rule of the refusal (see src/core/rules.ts). */
      readonly rule: 'writes-not-allowed' | 'handed-out-upload-remote';
      readonly reason: string;
    };

const WRITE_METHODS: ReadonlySet<string> = new Set<HttpMethod>(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isWrite(method: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase());
}

/** 127.0.0.0/8, ::1 and `localhost` (with its subdomains, which resolvers keep on loopback, RFC 6761 §6.3). */
export function isLoopbackOrigin(origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]' || host === '::1') return true;
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets.slice(1).every((o) => Number(o) <= 255) && octets[1] === '127';
}

export function decideWrite(method: string, origin: string, allowWrites: boolean): WriteDecision {
  if (!isWrite(method) || isLoopbackOrigin(origin)) return { allowed: true, restore: false };
  if (allowWrites) return { allowed: true, restore: true };
  return {
    allowed: false,
    rule: 'writes-not-allowed',
    reason: `${method.toUpperCase()} changes ${new URL(origin).host}, which is not loopback: set ALLOW_WRITES=1 to send writes to it (what they change is restored afterwards)`,
  };
}

/** One request a test would send, as the gate sees it. */
export interface PlannedRequest {
  readonly method: string;
  /** To a path of the target (undone afterwards where writes are guarded), or to a URL the target hands out. */
  readonly to: 'target' | 'handed-out';
  /** How a reader knows it: `POST /v1.0/me/drive/items/{id}/createUploadSession, whose answer hands out the URL`. */
  readonly what: string;
}

/**
 * The gate over all the requests of a test. A write to the target needs a loopback target or `ALLOW_WRITES=1` (and is
 * undone; the undo's own requests follow from it). Through a handed-out URL, a read runs anywhere, a DELETE (a cancel)
 * is a write like any other, and an upload only against loopback targets: what it creates is no Graph entity the
 * harness can read first and put back.
 */
export function decideRequests(
  requests: readonly PlannedRequest[],
  origin: string,
  allowWrites: boolean,
): WriteDecision {
  let restore = false;
  for (const request of requests) {
    const method = request.method.toUpperCase();
    const uploads = request.to === 'handed-out' && isWrite(method) && method !== 'DELETE';
    if (uploads && !isLoopbackOrigin(origin))
      return {
        allowed: false,
        rule: 'handed-out-upload-remote',
        reason: `${request.what}: ${method} to a handed-out URL uploads content the harness cannot restore: it runs against loopback targets only (the embedded mock)`,
      };
    const decision = decideWrite(method, origin, allowWrites);
    if (!decision.allowed) return { ...decision, reason: `${request.what}: ${decision.reason}` };
    restore ||= decision.restore;
  }
  return { allowed: true, restore };
}
