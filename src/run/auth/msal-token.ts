/**
 * Client-credential tokens from Entra through msal-node. The authority's metadata is given, not discovered: Entra's
 * v2 endpoints have the same layout in every cloud, so the run talks to the authority only to get a token (one
 * request), and a test's local authority sees nothing else either. msal's requests leave through the run's one HTTP
 * client (exchange.ts), which lets through the token endpoint and nothing else.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ConfidentialClientApplication,
  LogLevel,
  type Configuration,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import type { ClientCredentials } from '../../settings/credentials.ts';
import { parseJsonOrUndefined } from '../../core/json.ts';
import { exchange } from '../exchange.ts';

export interface AccessToken {
  readonly token: string;
  /** Milliseconds since the epoch. */
  readonly expiresOn: number;
}

/** The token could not be had; the message says why, with no secret in it. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
}

const apps = new Map<string, ConfidentialClientApplication>();

export async function acquireClientToken(
  credentials: ClientCredentials,
  options: { readonly skipCache: boolean },
): Promise<AccessToken> {
  const key = `${credentials.authorityHost}|${credentials.tenantId}|${credentials.clientId}`;
  let app = apps.get(key);
  if (!app) {
    app = new ConfidentialClientApplication(msalConfiguration(credentials));
    apps.set(key, app);
  }
  let result;
  try {
    result = await app.acquireTokenByClientCredential({ scopes: [credentials.scope], skipCache: options.skipCache });
  } catch (error) {
    throw new TokenError(
      `no token from ${credentials.authorityHost}/${credentials.tenantId} for ${credentials.scope}: ${describe(error)}`,
    );
  }
  if (!result?.accessToken)
    throw new TokenError(`no token from ${credentials.authorityHost}/${credentials.tenantId}: the answer held none`);
  return { token: result.accessToken, expiresOn: result.expiresOn?.getTime() ?? Date.now() + 60 * 60_000 };
}

export function msalConfiguration(credentials: ClientCredentials): Configuration {
  const authority = `${credentials.authorityHost}/${credentials.tenantId}`;
  const host = new URL(credentials.authorityHost).host;
  const tokenEndpoint = `${authority}/oauth2/v2.0/token`;
  return {
    auth: {
      clientId: credentials.clientId,
      authority,
      ...(credentials.proof.kind === 'secret'
        ? { clientSecret: credentials.proof.secret }
        : { clientCertificate: certificateProof(credentials.proof.path) }),
      knownAuthorities: [host],
      authorityMetadata: JSON.stringify({
        token_endpoint: tokenEndpoint,
        authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
        issuer: `${authority}/v2.0`,
        jwks_uri: `${authority}/discovery/v2.0/keys`,
      }),
      cloudDiscoveryMetadata: JSON.stringify({
        tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      }),
    },
    system: {
      // msal's own log would go to the console; errors reach the run through the rejected promise instead.
      loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
      networkClient: tokenEndpointOnly(tokenEndpoint),
    },
  };
}

/** The authority's answer to a token request, unretried (msal retries what it deems worth it). */
const TOKEN_REQUEST = { policy: { maxRetries: 0, maxWaitSeconds: 0 }, timeoutMs: 30_000 } as const;

/** msal's network: POSTs to the token endpoint (its query aside), and nothing else, through the run's HTTP client. */
export function tokenEndpointOnly(tokenEndpoint: string): INetworkModule {
  const refuse = (method: string, url: string): Promise<never> =>
    Promise.reject(new TokenError(`msal asked to ${method} ${url}: only POST ${tokenEndpoint} is sent`));
  return {
    sendGetRequestAsync: (url) => refuse('GET', url),
    async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      if (url.split('?')[0] !== tokenEndpoint) return refuse('POST', url);
      const { response } = await exchange(
        {
          method: 'POST',
          url,
          headers: options?.headers ?? {},
          ...(options?.body !== undefined ? { body: options.body } : {}),
        },
        TOKEN_REQUEST,
      );
      return {
        status: response.status,
        headers: { ...response.headers },
        body: parseJsonOrUndefined(response.bodyText) as T,
      };
    },
  };
}

/**
 * A PEM file with the private key and the certificate, as Azure's SDKs take it (AZURE_CLIENT_CERTIFICATE_PATH). Entra
 * identifies the certificate by its SHA-256 thumbprint; the chain goes along as x5c for subject-name/issuer auth.
 */
function certificateProof(path: string): { thumbprintSha256: string; privateKey: string; x5c: string } {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch {
    throw new TokenError(`AZURE_CLIENT_CERTIFICATE_PATH: cannot read ${path}`);
  }
  const certificates = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const keyPem =
    /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.exec(
      pem,
    )?.[0];
  const first = certificates[0];
  if (first === undefined || keyPem === undefined)
    throw new TokenError(`AZURE_CLIENT_CERTIFICATE_PATH: ${path} must hold a PEM certificate and its private key`);
  // msal signs with a PKCS#8 key; a PKCS#1 ("RSA PRIVATE KEY") file is converted rather than refused.
  const privateKey = createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    thumbprintSha256: new X509Certificate(first).fingerprint256.replaceAll(':', '').toLowerCase(),
    privateKey,
    x5c: certificates.join('\n'),
  };
}

/** msal's errors carry the authority's error code and description; never the request, so never the secret. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = 'errorCode' in error && typeof error.errorCode === 'string' ? error.errorCode : undefined;
  const first = error.message.split('\n')[0] ?? error.message;
  return code !== undefined && !first.startsWith(code) ? `${code}: ${first}` : first;
}
