/**
 * `graph-conformance mock`: its options, read into a checked value, and the running tenant's announcement.
 * `src/cli.ts` owns the process (exit codes, usage text); this module owns what the options mean.
 */
import { readFileSync } from 'node:fs';
import { readCommandOptions } from '../settings/command-options.ts';
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
