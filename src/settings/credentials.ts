/**
 * How the run authenticates to its target, from its settings. One of: a ready token (`GRAPH_TOKEN`), an Entra
 * app's client credentials (`AZURE_*`, the names Azure's own SDKs read), or nothing (the embedded mock needs none).
 */
import { SettingsError } from './settings-error.ts';

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

/** The settings credentials are made of, validated one by one (see declarations.ts). */
export interface CredentialSettings {
  readonly token?: string;
  readonly azureTenantId?: string;
  readonly azureClientId?: string;
  readonly azureClientSecret?: string;
  readonly azureClientCertificatePath?: string;
  readonly azureAuthorityHost: string;
  readonly graphScope?: string;
}

/**
 * Which of the three ways the settings give, checked as a whole: one way only, and all of its parts.
 * `targetOrigin` is the Graph host the scope is derived from (undefined: the embedded mock, which needs no token).
 */
export function credentialsOf(settings: CredentialSettings, targetOrigin: string | undefined): Credentials {
  const { token, azureTenantId: tenantId, azureClientId: clientId } = settings;
  const { azureClientSecret: secret, azureClientCertificatePath: certificate } = settings;
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
    authorityHost: settings.azureAuthorityHost,
    // Entra issues a token for a resource, named by its origin: the Graph host of the run gives the default.
    scope: settings.graphScope ?? `${targetOrigin ?? 'https://graph.microsoft.com'}/.default`,
  };
}
