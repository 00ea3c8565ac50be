/**
 * Where the token goes, in one place. Every request of a test, a setup step, a restore or a follow-up leaves through a
 * TargetClient, in one of two shapes, and the shape decides whether the token goes along:
 *
 * - a TargetRequest names a path: the client puts the target's origin (TARGET_URL, or the embedded mock) in front and
 *   signs it with the run's token. Nothing else can be signed, so the token reaches no other origin.
 * - a HandedOutRequest goes to a URL the target handed out (an upload session's `uploadUrl`, a download URL), which the
 *   docs say is pre-authenticated. It has no place for a token, and its URL must first be admitted: http(s), on the
 *   target's origin or at a public address, or where the target itself is (never link-local, private or loopback
 *   ranges otherwise, checked again on every address a name resolves to when connecting). Its path and query are a
 *   credential: the redactor learns them before the URL is used.
 *
 * The client sends within the run's request budget, retrying throttled answers, and once more with a renewed token
 * after a 401 (a token that expired or was revoked mid-run is not a doc failure).
 */
import { connections, exchange, type Connections, type Exchange, type RequestContent } from './exchange.ts';
import {
  guardedLookup,
  hostKinds,
  ipLiteral,
  refusedAddress,
  RefusedDestination,
  type AddressKind,
} from './destination.ts';
import { knowSecret } from './run-secrets.ts';
import { SharedBudget, UNLIMITED, type SendGate } from './request-budget.ts';
import type { RetryPolicy } from './retry-policy.ts';
import { runStateDir } from './run-state.ts';
import type { TokenSource } from './auth/token-source.ts';
import { targetOrigin, type Settings } from '../settings/settings.ts';

/** A request to the target, named by its path on the target's origin. */
export interface TargetRequest extends RequestContent {
  /** Path and query (`/v1.0/me/photos?$select=id`): the client adds the origin. */
  readonly path: string;
}

declare const ADMITTED: unique symbol;
/** A URL a target handed out that `TargetClient.admit` let through: the only way to make one. */
export type AdmittedUrl = string & { readonly [ADMITTED]: true };

/** A request to a handed-out URL: pre-authenticated, so there is no token to send and no place for one. */
export interface HandedOutRequest extends RequestContent {
  readonly url: AdmittedUrl;
}

/** The request a doc shows, sent to the URL the target handed out instead of its documented path. */
export function toHandedOut(request: TargetRequest, url: AdmittedUrl): HandedOutRequest {
  const { method, headers, body, shownBody } = request;
  return {
    method,
    url,
    headers,
    ...(body !== undefined ? { body } : {}),
    ...(shownBody !== undefined ? { shownBody } : {}),
  };
}

export type Admission = { readonly url: AdmittedUrl } | { readonly refused: string };

export interface SendOptions {
  /** Send `Authorization: Bearer <token>` (false for the checks that a request without it is refused). */
  readonly authorize: boolean;
  readonly timeoutMs: number;
}

/** `.` and `..`, also percent-encoded: URL parsers resolve them. */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/** Headers that carry credentials of their own: never copied onto a request the client did not sign. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

export class TargetClient {
  /** The target's origin: `https://graph.microsoft.com`, `http://127.0.0.1:7357`. */
  readonly origin: string;
  readonly #tokens: TokenSource;
  readonly #policy: RetryPolicy;
  readonly #gate: SendGate;
  #targetKinds: Promise<ReadonlySet<AddressKind>> | undefined;
  #handedOutConnections: Promise<Connections> | undefined;

  constructor(origin: string, tokens: TokenSource, policy: RetryPolicy, gate: SendGate) {
    this.origin = new URL(origin).origin;
    this.#tokens = tokens;
    this.#policy = policy;
    this.#gate = gate;
  }

  async send(request: TargetRequest, options: SendOptions): Promise<Exchange> {
    const unsigned = { ...request, url: this.#urlOf(request.path), headers: withoutCredentials(request.headers) };
    const send = (headers: Readonly<Record<string, string>>): Promise<Exchange> =>
      exchange({ ...unsigned, headers }, { policy: this.#policy, timeoutMs: options.timeoutMs, gate: this.#gate });
    if (!options.authorize) return send(unsigned.headers);
    const token = await this.#tokens.current();
    const first = await send({ ...unsigned.headers, Authorization: `Bearer ${token}` });
    if (first.response.status !== 401) return first;
    const renewed = await this.#tokens.renewAfterRejection(token);
    if (renewed === undefined) return first;
    const second = await send({ ...unsigned.headers, Authorization: `Bearer ${renewed}` });
    return { ...second, retried: [...first.retried, { status: 401 }, ...second.retried] };
  }

  /** Sends to a URL the target handed out: never signed, and connected only to addresses `admit`'s rule allows. */
  async sendHandedOut(request: HandedOutRequest, options: { readonly timeoutMs: number }): Promise<Exchange> {
    return exchange(
      { ...request, url: request.url, headers: withoutCredentials(request.headers) },
      {
        policy: this.#policy,
        timeoutMs: options.timeoutMs,
        gate: this.#gate,
        connections: await (this.#handedOutConnections ??= this.#guardedConnections()),
      },
    );
  }

  /**
   * Whether a URL the target handed out may be requested, and then as what: the admitted URL, whose path and query
   * the redactor now knows. A refusal says why; the caller reports it and sends nothing.
   */
  async admit(url: string): Promise<Admission> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { refused: `"${url.slice(0, 200)}" is not an absolute URL` };
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      return { refused: `${parsed.protocol} URLs are never requested; only http(s)` };
    if (parsed.username !== '' || parsed.password !== '')
      return { refused: `${parsed.host} is named with a user name or password in the URL, which is never sent` };
    const secret = `${parsed.pathname}${parsed.search}`;
    if (secret.length >= 8) knowSecret(secret);
    if (parsed.origin !== this.origin) {
      const literal = ipLiteral(parsed.hostname);
      const reason = literal === undefined ? undefined : refusedAddress(literal, await this.#kinds());
      if (reason !== undefined) return { refused: `${parsed.origin}: ${reason}: not requested` };
    }
    return { url: parsed.href as AdmittedUrl };
  }

  /** The path and query of an absolute URL on the target's origin; undefined for any other URL. */
  pathOf(url: string): string | undefined {
    try {
      const parsed = new URL(url);
      return parsed.origin === this.origin ? `${parsed.pathname}${parsed.search}` : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The absolute URL of a path on the target. A "path" that would leave the origin (`//host`, `/\host`), or whose dot
   * segments would make it name another resource than it says (`/groups/..` is `/`), is refused.
   */
  #urlOf(path: string): string {
    const url = new URL(path, this.origin);
    const segments = (path.split('?')[0] ?? '').split('/');
    if (!path.startsWith('/') || url.origin !== this.origin || segments.some((s) => DOT_SEGMENT.test(s)))
      throw new RefusedDestination(`"${path.slice(0, 200)}" is not a path on the target (${this.origin})`);
    return url.href;
  }

  #kinds(): Promise<ReadonlySet<AddressKind>> {
    return (this.#targetKinds ??= hostKinds(new URL(this.origin).hostname));
  }

  async #guardedConnections(): Promise<Connections> {
    const kinds = await this.#kinds();
    return connections(guardedLookup((address) => refusedAddress(address, kinds)));
  }
}

function withoutCredentials(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase())));
}

/**
 * The run's client, the same in every process: the embedded mock is the run's own (no budget); a real target shares
 * one budget among the run's workers.
 */
export function runClient(settings: Settings, tokens: TokenSource, workers: number): TargetClient {
  const gate: SendGate =
    settings.targetUrl === undefined ? UNLIMITED : new SharedBudget(runStateDir(), settings.requestsPerSecond, workers);
  const policy = { maxRetries: settings.maxRetries, maxWaitSeconds: settings.maxRetryAfterSeconds };
  return new TargetClient(targetOrigin(settings), tokens, policy, gate);
}
