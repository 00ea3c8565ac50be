/**
 * How the run authenticates to its target, read from the environment. One of: a ready token (`GRAPH_TOKEN`), an Entra
 * app's client credentials (`AZURE_*`, the names Azure's own SDKs read), or nothing (the embedded mock needs none).
 */
import { SettingsError } from './settings-error.ts';

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

export type ClientProof =
  { readonly kind: 'secret'; readonly secret: string } | { readonly kind: 'certificate'; readonly path: string };

export interface ClientCredentials {
  readonly kind: 'client';
  readonly tenantId: string;
  readonly clientId: string;
  readonly proof: ClientProof;
  /** Origin of the Entra authority (`https://login.microsoftonline.com`, a national cloud's, or a test endpoint). */
  readonly authorityHost: string;
  /** The `.default` scope of the target's resource. */
  readonly scope: string;
}

export type Credentials =
  { readonly kind: 'none' } | { readonly kind: 'token'; readonly token: string } | ClientCredentials;

/** `targetOrigin` is the Graph host the scope is derived from (undefined: the embedded mock, which needs no token). */
export function readCredentials(env: NodeJS.ProcessEnv, targetOrigin: string | undefined): Credentials {
  const value = (name: string): string | undefined => (env[name]?.trim() ? env[name].trim() : undefined);
  const token = value('GRAPH_TOKEN');
  const tenantId = value('AZURE_TENANT_ID');
  const clientId = value('AZURE_CLIENT_ID');
  const secret = value('AZURE_CLIENT_SECRET');
  const certificate = value('AZURE_CLIENT_CERTIFICATE_PATH');
  const anyClient = [tenantId, clientId, secret, certificate].some((v) => v !== undefined);
  if (token !== undefined && anyClient) {
    throw new SettingsError(
      "GRAPH_TOKEN and AZURE_* client credentials are both set: give one (a ready token, or the app's credentials)",
    );
  }
  if (token !== undefined) return { kind: 'token', token };
  if (!anyClient) return { kind: 'none' };

  const missing = [
    ['AZURE_TENANT_ID', tenantId],
    ['AZURE_CLIENT_ID', clientId],
  ]
    .filter(([, v]) => v === undefined)
    .map(([n]) => n);
  if (missing.length > 0)
    throw new SettingsError(
      `${missing.join(' and ')}: required with client credentials (set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH)`,
    );
  if (secret !== undefined && certificate !== undefined)
    throw new SettingsError('AZURE_CLIENT_SECRET and AZURE_CLIENT_CERTIFICATE_PATH are both set: give one');
  if (secret === undefined && certificate === undefined)
    throw new SettingsError(
      'AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH: one is required with AZURE_TENANT_ID and AZURE_CLIENT_ID',
    );
  if (!/^[A-Za-z0-9.-]+$/.test(tenantId ?? ''))
    throw new SettingsError(`AZURE_TENANT_ID: "${tenantId ?? ''}" is not a tenant id or domain`);

  return {
    kind: 'client',
    tenantId: tenantId ?? '',
    clientId: clientId ?? '',
    proof: secret !== undefined ? { kind: 'secret', secret } : { kind: 'certificate', path: certificate ?? '' },
    authorityHost: authorityOrigin(value('AZURE_AUTHORITY_HOST') ?? DEFAULT_AUTHORITY_HOST),
    // Entra issues a token for a resource, named by its origin: the Graph host of the run gives the default.
    scope: value('GRAPH_SCOPE') ?? `${targetOrigin ?? 'https://graph.microsoft.com'}/.default`,
  };
}

/** msal-node refuses non-https authorities, and the tenant goes after the host, so only an https origin works. */
function authorityOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SettingsError(`AZURE_AUTHORITY_HOST: "${raw}" is not a URL (expected e.g. ${DEFAULT_AUTHORITY_HOST})`);
  }
  if (url.protocol !== 'https:')
    throw new SettingsError(
      `AZURE_AUTHORITY_HOST: "${raw}" must be https (Entra authorities are; msal-node refuses others)`,
    );
  if (url.pathname !== '/' && url.pathname !== '')
    throw new SettingsError(
      `AZURE_AUTHORITY_HOST: give the host only (${url.origin}); the tenant comes from AZURE_TENANT_ID`,
    );
  return url.origin;
}

/** The secret values the credentials hold, for the redactor (the certificate's key is read later, when it is used). */
export function credentialSecrets(credentials: Credentials): string[] {
  if (credentials.kind === 'token') return [credentials.token];
  if (credentials.kind === 'client' && credentials.proof.kind === 'secret') return [credentials.proof.secret];
  return [];
}
