/**
 * Tokens and permissions: the mock signs its own access tokens (RS256, a key pair made when first needed), verifies
 * what clients send, and decides whether a token's permissions cover what a page's permissions table asks for.
 *
 * Like Graph, the mock accepts only tokens its own token endpoint issued (signed, unexpired, for Graph's audience),
 * holding the roles or scopes that endpoint granted, plus one documented test token (`MOCK_TEST_TOKEN`, what the
 * conformance run sends to the embedded mock): it acts as the signed-in user with every permission, because checking
 * docs needs no identity. Any other value gets Graph's 401.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { exportJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import type { Page } from '../docs/model.ts';
import { MOCK_TEST_TOKEN } from '../core/embedded-tenant.ts';

/** The mock tenant's directory id: what `tid` says and what `/{tenant}/…` may name. */
export const MOCK_TENANT_ID = '5f1d8c3a-6b2e-4c07-9a41-2d7e0b9c4f18';
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const TOKEN_LIFETIME_SECONDS = 3599;

export type Grant =
  /** The documented test token: the signed-in user, permissions not checked. */
  | { readonly kind: 'test' }
  /** Client credentials: application permissions in `roles`. */
  | { readonly kind: 'application'; readonly permissions: readonly string[]; readonly clientId: string }
  /** A user's token: delegated permissions in `scp`, for the user in `oid`. */
  | { readonly kind: 'delegated'; readonly permissions: readonly string[]; readonly userId: string };

export type Verified = { readonly ok: true; readonly grant: Grant } | { readonly ok: false; readonly message: string };

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly kid: string;
}

interface VerifiedToken {
  readonly verified: Verified;
  readonly expiresAt: number;
}

/** One shared answer: the test grant holds nothing per token, and a stable identity lets permission decisions be cached. */
const TEST: Verified = Object.freeze({ ok: true, grant: Object.freeze({ kind: 'test' }) });

/** What Graph answers for a bearer value that is not a JWT at all. */
const NOT_A_JWT: Verified = Object.freeze({
  ok: false,
  message:
    'IDX14100: JWT is not well formed, there are no dots (.). The token needs to be in JWS or JWE Compact Serialization Format.',
});

/** Who a token is issued to: an application (client credentials) or a user signed in through an application. */
export type TokenSubject =
  | { readonly kind: 'application'; readonly clientId: string; readonly roles: readonly string[] }
  | {
      readonly kind: 'delegated';
      readonly clientId: string;
      readonly scopes: readonly string[];
      readonly userId: string;
      readonly userPrincipalName: string;
      readonly name: string;
    };

/** Verified tokens are remembered until they expire: verifying a signature costs more than answering a request. */
const CACHE_LIMIT = 1024;

export class TokenAuthority {
  #key: SigningKey | undefined;
  readonly #verified = new Map<string, VerifiedToken>();
  /**
   * The token seen last, compared before the map: each request brings the token as a new string, and a map lookup
   * hashes all of its kilobyte first, where comparing with the last one is a memory compare.
   */
  #last: { readonly token: string; readonly entry: VerifiedToken } | undefined;
  readonly #now: () => number;
  readonly #testTokens: ReadonlySet<string>;

  /** `testTokens`: bearer values accepted as the test grant; default `MOCK_TEST_TOKEN` alone. */
  constructor(now: () => number = Date.now, testTokens: readonly string[] = [MOCK_TEST_TOKEN]) {
    this.#now = now;
    this.#testTokens = new Set(testTokens);
  }

  #signingKey(): SigningKey {
    this.#key ??= { ...generateKeyPairSync('rsa', { modulusLength: 2048 }), kid: randomUUID() };
    return this.#key;
  }

  async issue(issuer: string, subject: TokenSubject): Promise<IssuedToken> {
    const key = this.#signingKey();
    const now = Math.floor(this.#now() / 1000);
    const claims =
      subject.kind === 'application'
        ? { oid: randomUUID(), roles: [...subject.roles], idtyp: 'app' }
        : {
            oid: subject.userId,
            scp: subject.scopes.join(' '),
            upn: subject.userPrincipalName,
            name: subject.name,
            idtyp: 'user',
          };
    const accessToken = await new SignJWT({
      tid: MOCK_TENANT_ID,
      appid: subject.clientId,
      azp: subject.clientId,
      ...claims,
      ver: '2.0',
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
      .setIssuer(issuer)
      .setAudience(GRAPH_AUDIENCE)
      .setSubject(subject.kind === 'application' ? subject.clientId : subject.userId)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
      .setJti(randomUUID())
      .sign(key.privateKey);
    return { accessToken, expiresIn: TOKEN_LIFETIME_SECONDS };
  }

  /** Synchronous when the answer is known without cryptography (the test token, tokens verified before). */
  verify(token: string): Verified | Promise<Verified> {
    // The cache first: only JWTs get into it, and telling a JWT apart costs a decode and a parse per request.
    const last = this.#last;
    const cached = last !== undefined && last.token === token ? last.entry : this.#verified.get(token);
    if (cached === undefined && this.#testTokens.has(token)) return TEST;
    if (cached === undefined && !looksLikeJwt(token)) return NOT_A_JWT;
    if (cached !== undefined) {
      if (cached.expiresAt > this.#now()) {
        if (last?.entry !== cached) this.#last = { token, entry: cached };
        return cached.verified;
      }
      this.#verified.delete(token);
      this.#last = undefined;
      return { ok: false, message: 'Lifetime validation failed, the token is expired.' };
    }
    if (this.#key === undefined)
      return { ok: false, message: 'The token was not issued by this tenant (signature validation failed).' };
    return this.#verifySigned(token, this.#key);
  }

  async #verifySigned(token: string, key: SigningKey): Promise<Verified> {
    try {
      const { payload } = await jwtVerify(token, key.publicKey, {
        audience: [GRAPH_AUDIENCE, `${GRAPH_AUDIENCE}/`, '00000003-0000-0000-c000-000000000000'],
        algorithms: ['RS256'],
        currentDate: new Date(this.#now()),
      });
      const verified: Verified = { ok: true, grant: grantOf(payload) };
      if (this.#verified.size >= CACHE_LIMIT) {
        this.#verified.clear();
        this.#last = undefined;
      }
      this.#verified.set(token, { verified, expiresAt: (payload.exp ?? 0) * 1000 });
      return verified;
    } catch (error) {
      const reason =
        error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED'
          ? 'the token is expired'
          : 'signature, audience or lifetime validation failed';
      return { ok: false, message: `Access token validation failure: ${reason}.` };
    }
  }

  async jwks(): Promise<{ readonly keys: readonly JWK[] }> {
    const key = this.#signingKey();
    const jwk = await exportJWK(key.publicKey);
    return { keys: [{ ...jwk, kid: key.kid, use: 'sig', alg: 'RS256' }] };
  }
}

/** Three base64url parts, the first of which decodes to a JSON header: anything else is an opaque value. */
function looksLikeJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return false;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    return false;
  }
}

function grantOf(payload: Readonly<Record<string, unknown>>): Grant {
  const scp = payload['scp'];
  const oid = payload['oid'];
  if (typeof scp === 'string')
    return {
      kind: 'delegated',
      permissions: scp.split(' ').filter((s) => s !== ''),
      userId: typeof oid === 'string' ? oid : '',
    };
  const roles = payload['roles'];
  const clientId = payload['appid'];
  return {
    kind: 'application',
    permissions: Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [],
    clientId: typeof clientId === 'string' ? clientId : '',
  };
}

/**
 * Whether the permissions tables are enforced: `check` (the default, as Graph does) refuses a token the mock issued
 * that holds none of the permissions the page lists; `ignore` lets any valid token call any operation, for an app
 * whose pages' permissions tables lag behind what it asks for.
 */
export type PermissionMode = 'check' | 'ignore';

export type PermissionDecision =
  | { readonly kind: 'allowed' }
  /** The page lists no permissions (missing table, TODO placeholders): any valid token is accepted. */
  | { readonly kind: 'unknown' }
  | { readonly kind: 'denied'; readonly message: string };

/** Decisions already made: pages and grants do not change, and a client sends the same token again and again. */
const decisions = new WeakMap<Page, WeakMap<Grant, PermissionDecision>>();

/** Whether a token may call an operation of `page`: it must hold one of the permissions listed for its kind. */
export function decidePermission(page: Page, grant: Grant): PermissionDecision {
  let byGrant = decisions.get(page);
  const known = byGrant?.get(grant);
  if (known !== undefined) return known;
  const decision = decide(page, grant);
  if (byGrant === undefined) {
    byGrant = new WeakMap();
    decisions.set(page, byGrant);
  }
  byGrant.set(grant, decision);
  return decision;
}

function decide(page: Page, grant: Grant): PermissionDecision {
  if (page.permissions.every((row) => row.permissions.length === 0)) return { kind: 'unknown' };
  if (grant.kind === 'test') return { kind: 'allowed' };
  const rowKind = grant.kind === 'application' ? /application/i : /delegated/i;
  const required = page.permissions.filter((row) => rowKind.test(row.permissionType)).flatMap((row) => row.permissions);
  const held = new Set(grant.permissions.flatMap(implied).map((p) => p.toLowerCase()));
  if (required.some((p) => held.has(p.toLowerCase()))) return { kind: 'allowed' };
  const kind = grant.kind === 'application' ? 'application' : 'delegated';
  const message =
    required.length === 0
      ? `Insufficient privileges to complete the operation: it does not support ${kind} permissions.`
      : `Insufficient privileges to complete the operation: the token needs one of ${[...new Set(required)].join(', ')} (${kind}).`;
  return { kind: 'denied', message };
}

/**
 * A permission and those it includes: writing includes reading (`Calendars.ReadWrite` → `Calendars.Read`), reading
 * includes basic reading (`Mail.Read` → `Mail.ReadBasic`), as Entra grants them. Pages list the least privileged.
 */
function implied(permission: string): string[] {
  const names = [permission];
  if (permission.includes('.ReadWrite')) names.push(permission.replace('.ReadWrite', '.Read'));
  for (const name of [...names])
    if (/\.Read(\.|$)/.test(name)) names.push(name.replace(/\.Read(\.|$)/, '.ReadBasic$1'));
  return names;
}

/** Every permission of a kind the doc set names: what a fully consented app registration holds. */
export function documentedPermissions(pages: readonly Page[], kind: 'application' | 'delegated'): string[] {
  const names = new Set<string>();
  const rowKind = kind === 'application' ? /application/i : /delegated/i;
  for (const row of pages.flatMap((page) => page.permissions)) {
    if (rowKind.test(row.permissionType)) for (const p of row.permissions) names.add(p);
  }
  return [...names].sort();
}
