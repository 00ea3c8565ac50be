/**
 * The identity platform's endpoints, as far as msal-node needs them for client credentials and the password grant
 * (msal-node 7 fetches the OpenID configuration of its authority, then posts to its token endpoint; instance discovery is answered too, for
 * clients that ask this host rather than login.microsoftonline.com):
 *
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration   (also without `v2.0`)
 *   GET  /{tenant}/discovery/v2.0/keys
 *   GET  /common/discovery/instance
 *   POST /{tenant}/oauth2/v2.0/token                        grant_type=client_credentials | password
 *
 * OAuth answers use OAuth's error shape (`error`, `error_description`), which is what token clients parse.
 */
import { randomUUID } from 'node:crypto';
import { MOCK_TENANT_ID, type TokenAuthority } from './auth.ts';
import type { Reply } from './reply.ts';

/**
 * An app registration: what it may ask for and how it proves who it is. A confidential client has a `secret`; a
 * public one (`publicClient`) signs users in with their password and has none.
 */
export interface ClientRegistration {
  readonly secret?: string;
  /** Application permissions consented for the app: what a client-credentials token holds. */
  readonly roles?: readonly string[];
  /** Delegated permissions consented for the app: the most a user's token may hold. */
  readonly scopes?: readonly string[];
  readonly publicClient?: boolean;
}

/**
 * The documented test app: registered in every mock tenant unless `clients` says otherwise, consented for every
 * permission the docs name. Its id and secret are in the README; they protect nothing but the mock's own data.
 */
export const MOCK_CLIENT_ID = '3f6e2a1c-8d4b-4f0e-9a7c-5b1d0e2f4a6c';
export const MOCK_CLIENT_SECRET = 'mock-client-secret';
/** The signed-in user's password, for the password grant (ROPC) of the test app. */
export const MOCK_USER_PASSWORD = 'mock-user-password';

export interface IdentityOptions {
  /** App registrations by client id; default only the test app (`MOCK_CLIENT_ID`). */
  readonly clients?: Readonly<Record<string, ClientRegistration>>;
}

/** What the token endpoint needs besides the form: who is registered, and who can sign in. */
export interface Directory {
  readonly clients: Readonly<Record<string, ClientRegistration>>;
  /** The one user who can sign in: the tenant's signed-in user. */
  readonly user: { readonly id: string; readonly userPrincipalName: string; readonly displayName: string };
}

/** The registrations in force: the given ones, else the test app consented for every documented permission. */
export function registeredClients(
  options: IdentityOptions | undefined,
  documented: { readonly roles: readonly string[]; readonly scopes: readonly string[] },
): Readonly<Record<string, ClientRegistration>> {
  return (
    options?.clients ?? {
      [MOCK_CLIENT_ID]: {
        secret: MOCK_CLIENT_SECRET,
        roles: documented.roles,
        scopes: documented.scopes,
        publicClient: true,
      },
    }
  );
}

export type IdentityRoute =
  | { readonly kind: 'openid-configuration'; readonly tenant: string }
  | { readonly kind: 'keys' }
  | { readonly kind: 'instance-discovery' }
  | { readonly kind: 'token'; readonly tenant: string };

/** Which identity endpoint a path names, if any. Tenant names are GUIDs, domains, `common` or `organizations`. */
export function identityRoute(method: string, pathname: string): IdentityRoute | undefined {
  const parts = pathname.split('/').filter((p) => p !== '');
  const [tenant = '', ...rest] = parts;
  if (!/^[A-Za-z0-9.-]{1,100}$/.test(tenant) || /^(v1\.0|beta|health)$/i.test(tenant)) return undefined;
  const tail = rest.join('/').toLowerCase();
  if (
    method === 'GET' &&
    (tail === 'v2.0/.well-known/openid-configuration' || tail === '.well-known/openid-configuration')
  ) {
    return { kind: 'openid-configuration', tenant };
  }
  if (method === 'GET' && tail === 'discovery/v2.0/keys') return { kind: 'keys' };
  if (method === 'GET' && tail === 'discovery/instance') return { kind: 'instance-discovery' };
  if (tail === 'oauth2/v2.0/token') return { kind: 'token', tenant };
  return undefined;
}

export function issuerOf(origin: string): string {
  return `${origin}/${MOCK_TENANT_ID}/v2.0`;
}

export function openIdConfiguration(origin: string, tenant: string): Reply {
  const base = `${origin}/${tenant}`;
  return json(200, {
    issuer: issuerOf(origin),
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/oauth2/v2.0/token`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    grant_types_supported: ['client_credentials', 'password'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
  });
}

export function instanceDiscovery(host: string, origin: string): Reply {
  return json(200, {
    tenant_discovery_endpoint: `${origin}/${MOCK_TENANT_ID}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

export async function keys(authority: TokenAuthority): Promise<Reply> {
  return json(200, await authority.jwks());
}

/** Scopes every sign-in may ask for besides the resource's: they are about the sign-in, not about Graph. */
const SIGN_IN_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/**
 * The token endpoint: the client-credentials grant (an app's token with the roles its registration was consented
 * for) and the password grant (a user's token with the scopes asked for, each one the registration was consented
 * for). Nothing is issued to an unregistered client or for a wrong secret or password.
 */
export async function token(
  authority: TokenAuthority,
  directory: Directory,
  origin: string,
  contentType: string | undefined,
  body: Uint8Array,
): Promise<Reply> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) {
    return oauthError(
      400,
      'invalid_request',
      'AADSTS900144',
      'The request body must be application/x-www-form-urlencoded.',
    );
  }
  const form = new URLSearchParams(Buffer.from(body).toString('utf8'));
  const grantType = form.get('grant_type');
  const clientId = form.get('client_id') ?? '';
  const scope = form.get('scope') ?? '';
  if (grantType !== 'client_credentials' && grantType !== 'password') {
    return oauthError(
      400,
      'unsupported_grant_type',
      'AADSTS70003',
      `The app requested an unsupported grant type '${grantType ?? ''}'; this tenant issues client_credentials and password tokens.`,
    );
  }
  if (clientId === '')
    return oauthError(
      400,
      'invalid_request',
      'AADSTS900144',
      "The request body must contain the parameter 'client_id'.",
    );
  const registered = Object.hasOwn(directory.clients, clientId) ? directory.clients[clientId] : undefined;
  if (registered === undefined) {
    return oauthError(
      400,
      'unauthorized_client',
      'AADSTS700016',
      `Application with identifier '${clientId}' was not found in the directory.`,
    );
  }
  const secret = form.get('client_secret');
  if (form.get('client_assertion') !== null) {
    return oauthError(
      401,
      'invalid_client',
      'AADSTS700027',
      'Client assertion failed signature validation: this tenant has no certificates registered; use a client secret.',
    );
  }
  const confidential = secret !== null && secret !== '';
  if (confidential ? secret !== registered.secret : grantType === 'client_credentials' || !registered.publicClient) {
    return confidential
      ? oauthError(401, 'invalid_client', 'AADSTS7000215', 'Invalid client secret provided.')
      : oauthError(
          401,
          'invalid_client',
          'AADSTS7000218',
          "The request body must contain the parameter 'client_secret' or 'client_assertion'.",
        );
  }
  const issuer = issuerOf(origin);
  if (grantType === 'client_credentials') {
    if (!scope.split(' ').some((s) => s.endsWith('/.default'))) {
      return oauthError(
        400,
        'invalid_scope',
        'AADSTS1002012',
        `The provided value for scope '${scope}' is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
      );
    }
    const issued = await authority.issue(issuer, { kind: 'application', clientId, roles: registered.roles ?? [] });
    return tokenAnswer(issued, scope);
  }
  const username = form.get('username') ?? '';
  const { user } = directory;
  if (username.toLowerCase() !== user.userPrincipalName.toLowerCase() || form.get('password') !== MOCK_USER_PASSWORD) {
    return oauthError(
      400,
      'invalid_grant',
      'AADSTS50126',
      'Error validating credentials due to invalid username or password.',
    );
  }
  const granted = grantedScopes(scope, registered.scopes ?? []);
  if (!granted.ok) {
    return oauthError(
      400,
      'invalid_grant',
      'AADSTS65001',
      `The user or administrator has not consented to use the application with ID '${clientId}' for ${granted.missing.join(', ')}.`,
    );
  }
  const issued = await authority.issue(issuer, {
    kind: 'delegated',
    clientId,
    scopes: granted.scopes,
    userId: user.id,
    userPrincipalName: user.userPrincipalName,
    name: user.displayName,
  });
  return tokenAnswer(issued, granted.scopes.join(' '), idToken(issuer, clientId, user));
}

/**
 * The Graph scopes a sign-in asked for (`User.Read` or `https://graph.microsoft.com/User.Read`; `.default` for all
 * consented ones), if the registration was consented for each of them.
 */
function grantedScopes(
  requested: string,
  consented: readonly string[],
): { ok: true; scopes: string[] } | { ok: false; missing: string[] } {
  const byName = new Map(consented.map((s) => [s.toLowerCase(), s]));
  const scopes: string[] = [];
  const missing: string[] = [];
  for (const raw of requested.split(' ').filter((s) => s !== '')) {
    if (SIGN_IN_SCOPES.has(raw.toLowerCase())) continue;
    const name = raw.replace(/^https:\/\/graph\.microsoft\.com\//i, '');
    if (name === '.default') scopes.push(...consented);
    else if (byName.has(name.toLowerCase())) scopes.push(byName.get(name.toLowerCase()) ?? name);
    else missing.push(name);
  }
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, scopes: [...new Set(scopes)] };
}

function tokenAnswer(issued: { accessToken: string; expiresIn: number }, scope: string, user?: IdTokenParts): Reply {
  return json(200, {
    token_type: 'Bearer',
    scope,
    expires_in: issued.expiresIn,
    ext_expires_in: issued.expiresIn,
    access_token: issued.accessToken,
    ...(user === undefined ? {} : { id_token: user.idToken, client_info: user.clientInfo }),
  });
}

interface IdTokenParts {
  readonly idToken: string;
  readonly clientInfo: string;
}

/**
 * The user's identity for the app (msal builds its account from it). Not signed: an id token is for the client,
 * which msal-node reads without verifying; Graph never accepts one.
 */
function idToken(issuer: string, clientId: string, user: Directory['user']): IdTokenParts {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = {
    aud: clientId,
    iss: issuer,
    iat: now,
    nbf: now,
    exp: now + 3600,
    oid: user.id,
    sub: user.id,
    tid: MOCK_TENANT_ID,
    preferred_username: user.userPrincipalName,
    name: user.displayName,
    ver: '2.0',
  };
  return {
    idToken: `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`,
    clientInfo: part({ uid: user.id, utid: MOCK_TENANT_ID }),
  };
}

function json(status: number, body: unknown): Reply {
  return {
    kind: 'raw',
    status,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(body),
    headers: { 'cache-control': 'no-store' },
  };
}

function oauthError(status: number, error: string, code: string, description: string): Reply {
  const traceId = randomUUID();
  return json(status, {
    error,
    error_description: `${code}: ${description}\r\nTrace ID: ${traceId}\r\nTimestamp: ${new Date().toISOString()}`,
    error_codes: [Number(code.replace(/\D/g, ''))],
    timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z',
    trace_id: traceId,
    correlation_id: randomUUID(),
  });
}
