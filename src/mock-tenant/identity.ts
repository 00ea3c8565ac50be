/**
 * The identity platform's endpoints, as far as a client-credentials client needs them (msal-node 7 fetches the
 * OpenID configuration of its authority, then posts to its token endpoint; instance discovery is answered too, for
 * clients that ask this host rather than login.microsoftonline.com):
 *
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration   (also without `v2.0`)
 *   GET  /{tenant}/discovery/v2.0/keys
 *   GET  /common/discovery/instance
 *   POST /{tenant}/oauth2/v2.0/token                        grant_type=client_credentials
 *
 * OAuth answers use OAuth's error shape (`error`, `error_description`), which is what token clients parse.
 */
import { randomUUID } from 'node:crypto';
import { MOCK_TENANT_ID, type TokenAuthority } from './auth.ts';
import type { Reply } from './reply.ts';

/** A registered client: its secret and the application permissions granted to it. */
export interface ClientRegistration {
  readonly secret: string;
  readonly roles: readonly string[];
}

export interface IdentityOptions {
  /** Known clients by id. Without any, every client id and secret is accepted and granted `defaultRoles`. */
  readonly clients?: Readonly<Record<string, ClientRegistration>>;
  /** Roles of an unregistered client; default every application permission the docs name. */
  readonly defaultRoles?: readonly string[];
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
    grant_types_supported: ['client_credentials'],
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

/** The client-credentials grant: a form body in, a signed access token out. */
export async function token(
  authority: TokenAuthority,
  options: IdentityOptions & { readonly documentedRoles: readonly string[] },
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
  if (grantType !== 'client_credentials') {
    return oauthError(
      400,
      'unsupported_grant_type',
      'AADSTS70003',
      `The app requested an unsupported grant type '${grantType ?? ''}'; this tenant issues client_credentials only.`,
    );
  }
  if (clientId === '')
    return oauthError(
      400,
      'invalid_request',
      'AADSTS900144',
      "The request body must contain the parameter 'client_id'.",
    );
  if (!scope.split(' ').some((s) => s.endsWith('/.default'))) {
    return oauthError(
      400,
      'invalid_scope',
      'AADSTS1002012',
      `The provided value for scope '${scope}' is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
    );
  }
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if ((secret === null || secret === '') && (assertion === null || assertion === '')) {
    return oauthError(
      401,
      'invalid_client',
      'AADSTS7000215',
      "The request body must contain the parameter 'client_secret' or 'client_assertion'.",
    );
  }
  const registered = options.clients?.[clientId];
  if (options.clients !== undefined && registered === undefined) {
    return oauthError(
      400,
      'unauthorized_client',
      'AADSTS700016',
      `Application with identifier '${clientId}' was not found in the directory.`,
    );
  }
  // A certificate client's assertion is not verified: the mock has no certificate registry.
  if (registered !== undefined && secret !== null && secret !== registered.secret) {
    return oauthError(401, 'invalid_client', 'AADSTS7000215', 'Invalid client secret provided.');
  }
  const roles = registered?.roles ?? options.defaultRoles ?? options.documentedRoles;
  const issued = await authority.issue({ issuer: issuerOf(origin), clientId, roles });
  return json(200, {
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
    ext_expires_in: issued.expiresIn,
    access_token: issued.accessToken,
  });
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
