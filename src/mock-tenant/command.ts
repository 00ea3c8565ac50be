/**
 * `graph-conformance mock`: its options, read into a checked value, and the running tenant's announcement.
 * `src/cli.ts` owns the process (exit codes, usage text); this module owns what the options mean.
 */
import { readFileSync } from 'node:fs';
import { readCommandOptions } from '../settings/command-options.ts';
import type { GraphVersion } from '../core/http.ts';
import { fetchMetadataText, isUrl, namedMetadata, parseMetadataOption } from '../metadata/load-metadata.ts';
import type { PermissionMode } from './auth.ts';
import { DEFAULT_BODY_LIMIT_BYTES } from './handler.ts';
import { selfSignedCertificate, trustHint } from './tls.ts';

export interface MockCommandOptions {
  readonly docs: readonly string[];
  readonly port: number;
  readonly host: string;
  readonly log: boolean;
  /** Unset: the tenant's own default (`DEFAULT_BODY_LIMIT_BYTES`). */
  readonly bodyLimitBytes?: number;
  /** Unset: the tenant's own default (`DEFAULT_SESSION_LIMIT_BYTES`). */
  readonly sessionLimitBytes?: number;
  readonly throttleRate: number;
  readonly retryAfterSeconds: number;
  readonly tls?: { readonly key: Buffer; readonly cert: Buffer };
  /** Serve HTTPS with a self-signed certificate made at start. */
  readonly https: boolean;
  readonly permissions: PermissionMode;
  /** `--metadata`: CSDL files or URLs to serve at `/{version}/$metadata` (permission-scopes files are skipped). */
  readonly metadata: readonly string[];
}

/**
 * The options that change the mock's answers, where they depart from the defaults (`{ "throttle-rate": 0.5 }`), for
 * its `/health`: a run reuses a mock left running only when it answers as the run's own would.
 */
export function answerChangingOptions(options: MockCommandOptions): Record<string, string | number | boolean> {
  const { bodyLimitBytes } = options;
  return {
    ...(bodyLimitBytes !== undefined && bodyLimitBytes !== DEFAULT_BODY_LIMIT_BYTES
      ? { 'body-limit': bodyLimitBytes }
      : {}),
    ...(options.throttleRate !== 0 ? { 'throttle-rate': options.throttleRate } : {}),
    ...(options.retryAfterSeconds !== 1 ? { 'retry-after': options.retryAfterSeconds } : {}),
    ...(options.sessionLimitBytes !== undefined ? { 'session-limit': options.sessionLimitBytes } : {}),
    ...(options.tls !== undefined || options.https ? { tls: true } : {}),
    ...(options.permissions !== 'check' ? { permissions: options.permissions } : {}),
    ...(options.metadata.length > 0 ? { metadata: options.metadata.join(',') } : {}),
  };
}

export type ParsedMockArgs =
  { readonly ok: true; readonly options: MockCommandOptions } | { readonly ok: false; readonly message: string };

export function parseMockArgs(args: readonly string[]): ParsedMockArgs {
  const read = readCommandOptions('mock', args);
  if (!read.ok) return read;
  const { values, positionals } = read;
  if (positionals.length > 0)
    return { ok: false, message: `mock takes no arguments (found "${positionals.join(' ')}"); use --docs` };
  const tls = readTls(values['tls-key'], values['tls-cert']);
  if (tls !== undefined && 'message' in tls) return { ok: false, message: tls.message };
  if (tls !== undefined && values.https)
    return { ok: false, message: '--https makes its own certificate: give it, or --tls-key/--tls-cert, not both' };
  return {
    ok: true,
    options: {
      docs: values.docs,
      // MOCK_PORT unset: any free port (the command prints the URL it got), as a run's own mock does.
      port: values.port ?? 0,
      host: values.host,
      log: values.log,
      ...(values['body-limit'] === undefined ? {} : { bodyLimitBytes: values['body-limit'] }),
      ...(values['session-limit'] === undefined ? {} : { sessionLimitBytes: values['session-limit'] }),
      throttleRate: values['throttle-rate'],
      retryAfterSeconds: values['retry-after'],
      https: values.https,
      permissions: values.permissions,
      metadata: values.metadata,
      ...(tls === undefined ? {} : { tls }),
    },
  };
}

function readTls(
  keyFile: string | undefined,
  certFile: string | undefined,
): { key: Buffer; cert: Buffer } | { message: string } | undefined {
  if (keyFile === undefined && certFile === undefined) return undefined;
  if (keyFile === undefined || certFile === undefined) return { message: '--tls-key and --tls-cert go together' };
  try {
    return { key: readFileSync(keyFile), cert: readFileSync(certFile) };
  } catch (error) {
    return { message: `cannot read the TLS files: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The key and certificate to serve HTTPS with, if any, and what to print about them (`--https`: how to trust it). */
export async function serverTls(options: MockCommandOptions): Promise<{
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  readonly hint?: string;
}> {
  if (options.tls !== undefined) return { tls: options.tls };
  if (!options.https) return {};
  const generated = await selfSignedCertificate(options.host);
  return { tls: { key: generated.key, cert: generated.cert }, hint: trustHint(generated.certFile) };
}

/**
 * The CSDL documents `--metadata` names, by the Graph version each describes (`v1.0=` / `beta=`, or its name): what
 * the mock serves at `/{version}/$metadata`. Permission-scopes documents are skipped; a document that cannot be read,
 * or whose version is not known, is a message naming it and the fix.
 */
export async function readServiceMetadata(
  raws: readonly string[],
): Promise<
  | { readonly ok: true; readonly texts: Partial<Record<GraphVersion, string>> }
  | { readonly ok: false; readonly message: string }
> {
  const texts: Partial<Record<GraphVersion, string>> = {};
  for (const option of namedMetadata(raws).map(parseMetadataOption)) {
    let text: string;
    try {
      text = isUrl(option.location) ? await fetchMetadataText(option.location) : readFileSync(option.location, 'utf8');
    } catch (error) {
      return {
        ok: false,
        message: `--metadata ${option.raw}: cannot read it (${error instanceof Error ? error.message : String(error)})`,
      };
    }
    if (!/<(?:\w+:)?Edmx[\s>]/.test(text.slice(0, 4096))) continue;
    if (option.version === undefined)
      return {
        ok: false,
        message: `--metadata ${option.raw}: its name does not say which Graph version it describes; write v1.0=${option.location} or beta=${option.location}`,
      };
    texts[option.version] = text;
  }
  return { ok: true, texts };
}
