/**
 * Where a worker gets the bearer token to send. A client-credential token is acquired once per run (by the setup
 * project) into the run's private folder and shared by every worker; it is renewed, by one worker for all, before it
 * expires and once after a 401.
 */
import { acquireRunLock, readPrivateJson, writePrivateJson } from '../run-state.ts';
import { knowCredentials, knowSecret } from '../run-secrets.ts';
import type { ClientCredentials, Credentials } from '../../settings/credentials.ts';
import type { AccessToken } from './msal-token.ts';

export interface TokenSource {
  /** The token to send now; renewed first when it is about to expire. Throws when the run has no credentials. */
  current(): Promise<string>;
  /** After a 401 to `used`: a newer token, or undefined when this source cannot get one (a fixed GRAPH_TOKEN). */
  renewAfterRejection(used: string): Promise<string | undefined>;
}

/** Renew this long before expiry, so that no request leaves with a token that expires on the way. */
export const RENEW_MARGIN_MS = 5 * 60_000;

export function renewalDue(token: AccessToken, now: number, marginMs: number = RENEW_MARGIN_MS): boolean {
  return token.expiresOn - now <= marginMs;
}

export function isAccessToken(value: unknown): value is AccessToken {
  return (
    typeof value === 'object' &&
    value !== null &&
    'token' in value &&
    typeof value.token === 'string' &&
    'expiresOn' in value &&
    typeof value.expiresOn === 'number'
  );
}

/** A token given as is (GRAPH_TOKEN, or the embedded mock's fixed one). The redactor knows it from the start. */
export function fixedTokens(token: string): TokenSource {
  knowSecret(token);
  return {
    current: () => Promise.resolve(token),
    renewAfterRejection: () => Promise.resolve(undefined),
  };
}

/** No credentials for a real target: only tests that send nothing (skipped ones) can run. */
export function missingTokens(targetUrl: string): TokenSource {
  const error = (): Promise<never> => {
    const e = new Error(
      `TARGET_URL is ${targetUrl} but the run has no credentials: set GRAPH_TOKEN, or AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (see .env.example)`,
    );
    e.stack = e.message;
    return Promise.reject(e);
  };
  return { current: error, renewAfterRejection: error };
}

export type Acquire = (
  credentials: ClientCredentials,
  options: { readonly skipCache: boolean },
) => Promise<AccessToken>;

/**
 * msal-node, loaded when a token is first asked for: it is about 200 modules, and a run against the mock (or with a
 * token given) never asks, in any of its processes.
 */
const acquireClientToken: Acquire = async (credentials, options) =>
  (await import('./msal-token.ts')).acquireClientToken(credentials, options);

export interface SharedTokenOptions {
  readonly acquire?: Acquire;
  readonly now?: () => number;
  /** How long to wait for another process that is renewing the token. */
  readonly lockWaitMs?: number;
}

export class SharedClientTokens implements TokenSource {
  readonly #credentials: ClientCredentials;
  readonly #dir: string;
  readonly #acquire: Acquire;
  readonly #now: () => number;
  /** A renewal taking longer than this is taken to have died with its process. */
  readonly #lockWaitMs: number;

  constructor(credentials: ClientCredentials, runDir: string, options: SharedTokenOptions = {}) {
    this.#credentials = credentials;
    this.#dir = runDir;
    this.#acquire = options.acquire ?? acquireClientToken;
    this.#now = options.now ?? Date.now;
    this.#lockWaitMs = options.lockWaitMs ?? 60_000;
    knowCredentials(credentials);
  }

  async current(): Promise<string> {
    const shared = this.#read();
    if (shared && !renewalDue(shared, this.#now())) return this.#hand(shared.token);
    return this.#hand((await this.#renew((token) => !renewalDue(token, this.#now()))).token);
  }

  async renewAfterRejection(used: string): Promise<string | undefined> {
    // Another worker may have renewed it already; a token other than the rejected one is taken as is.
    const renewed = await this.#renew((token) => token.token !== used && !renewalDue(token, this.#now()));
    return renewed.token === used ? undefined : this.#hand(renewed.token);
  }

  /** Every token is known to the redactor before it is used, so no output can hold it in clear. */
  #hand(token: string): string {
    knowSecret(token);
    return token;
  }

  #read(): AccessToken | undefined {
    const value = readPrivateJson(this.#dir, 'token');
    return isAccessToken(value) ? value : undefined;
  }

  /** Under the run's lock, so that workers renewing at once make one request to the authority, not one each. */
  async #renew(stillGood: (token: AccessToken) => boolean): Promise<AccessToken> {
    const release = await acquireRunLock(this.#dir, 'tokenLock', this.#lockWaitMs);
    try {
      const shared = this.#read();
      if (shared && stillGood(shared)) return shared;
      const fresh = await this.#acquire(this.#credentials, { skipCache: shared !== undefined });
      writePrivateJson(this.#dir, 'token', fresh);
      return fresh;
    } finally {
      release();
    }
  }
}

export function tokenSourceFor(
  credentials: Credentials,
  targetUrl: string | undefined,
  mockToken: string,
  runDir: string,
): TokenSource {
  if (targetUrl === undefined) return fixedTokens(credentials.kind === 'token' ? credentials.token : mockToken);
  if (credentials.kind === 'token') return fixedTokens(credentials.token);
  if (credentials.kind === 'client') return new SharedClientTokens(credentials, runDir);
  return missingTokens(targetUrl);
}
