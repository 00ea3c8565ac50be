/**
 * Whether a test may send a request that can change the target. Shared by the example runner and the probes, so every
 * write the harness sends passes the same gate: loopback targets (the embedded mock, a local stub) take writes freely;
 * any other target only with `ALLOW_WRITES=1`, and then the writer must restore what it changed.
 */
import type { HttpMethod } from '../core/http.ts';

export type WriteDecision =
  | {
      readonly allowed: true;
      /** The target is not loopback: whatever is changed must be put back. */ readonly restore: boolean;
    }
  | { readonly allowed: false; readonly reason: string };

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
    reason: `${method.toUpperCase()} changes ${new URL(origin).host}, which is not loopback: set ALLOW_WRITES=1 to send writes to it (what they change is restored afterwards)`,
  };
}
