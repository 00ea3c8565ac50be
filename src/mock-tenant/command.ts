/**
 * `graph-conformance mock`: its options, read into a checked value, and the running tenant's announcement.
 * `src/cli.ts` owns the process (exit codes, usage text); this module owns what the options mean.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_BODY_LIMIT_BYTES } from './handler.ts';

export const MOCK_USAGE = `  mock [--docs PATHS] [--port N] [--host HOST] [--log] [--body-limit BYTES] [--throttle-rate F]
       [--retry-after S] [--tls-key FILE --tls-cert FILE]
      Start the mock tenant serving every documented operation under /v1.0 and /beta (default docs:
      fixtures/docs, port 7357, host 127.0.0.1). PATHS is comma-separated. --log prints one line per
      request. --body-limit caps request bodies (default 4194304; k/m suffixes allowed). --throttle-rate
      answers that fraction of Graph requests 429 with Retry-After (--retry-after, default 1).
      --tls-key/--tls-cert serve HTTPS (token clients such as msal-node need an https authority).
      Token endpoint: POST /{tenant}/oauth2/v2.0/token (client credentials).`;

export interface MockCommandOptions {
  readonly docs: readonly string[];
  readonly port: number;
  readonly host: string;
  readonly log: boolean;
  readonly bodyLimitBytes: number;
  readonly throttleRate: number;
  readonly retryAfterSeconds: number;
  readonly tls?: { readonly key: Buffer; readonly cert: Buffer };
}

/**
 * The options that change the mock's answers, where they depart from the defaults (`{ "throttle-rate": 0.5 }`), for
 * its `/health`: a run reuses a mock left running only when it answers as the run's own would.
 */
export function answerChangingOptions(options: MockCommandOptions): Record<string, string | number | boolean> {
  return {
    ...(options.bodyLimitBytes !== DEFAULT_BODY_LIMIT_BYTES ? { 'body-limit': options.bodyLimitBytes } : {}),
    ...(options.throttleRate !== 0 ? { 'throttle-rate': options.throttleRate } : {}),
    ...(options.retryAfterSeconds !== 1 ? { 'retry-after': options.retryAfterSeconds } : {}),
    ...(options.tls !== undefined ? { tls: true } : {}),
  };
}

export type ParsedMockArgs =
  { readonly ok: true; readonly options: MockCommandOptions } | { readonly ok: false; readonly message: string };

export function parseMockArgs(args: readonly string[]): ParsedMockArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        docs: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        log: { type: 'boolean' },
        'body-limit': { type: 'string' },
        'throttle-rate': { type: 'string' },
        'retry-after': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-cert': { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0)
    return { ok: false, message: `mock takes no arguments (found "${positionals.join(' ')}"); use --docs` };
  const port = values.port === undefined ? 7357 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return {
      ok: false,
      message: `--port: "${values.port ?? ''}" is not a port number from 0 to 65535 (0: any free port)`,
    };
  const bodyLimitBytes =
    values['body-limit'] === undefined ? DEFAULT_BODY_LIMIT_BYTES : byteCount(values['body-limit']);
  if (bodyLimitBytes === undefined)
    return {
      ok: false,
      message: `--body-limit: "${values['body-limit'] ?? ''}" is not a byte count (e.g. 1048576, 512k, 4m)`,
    };
  const throttleRate = values['throttle-rate'] === undefined ? 0 : Number(values['throttle-rate']);
  if (!(throttleRate >= 0 && throttleRate <= 1))
    return { ok: false, message: `--throttle-rate: "${values['throttle-rate'] ?? ''}" is not a fraction from 0 to 1` };
  const retryAfterSeconds = values['retry-after'] === undefined ? 1 : Number(values['retry-after']);
  if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0 || retryAfterSeconds > 86_400) {
    return { ok: false, message: `--retry-after: "${values['retry-after'] ?? ''}" is not a whole number of seconds` };
  }
  const tls = readTls(values['tls-key'], values['tls-cert']);
  if (tls !== undefined && 'message' in tls) return { ok: false, message: tls.message };
  const docs = (values.docs ?? 'fixtures/docs')
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  return {
    ok: true,
    options: {
      docs,
      port,
      host: values.host ?? '127.0.0.1',
      log: values.log === true,
      bodyLimitBytes,
      throttleRate,
      retryAfterSeconds,
      ...(tls === undefined ? {} : { tls }),
    },
  };
}

function byteCount(text: string): number | undefined {
  const match = /^(\d{1,12})([km]?)$/i.exec(text.trim());
  if (match?.[1] === undefined) return undefined;
  const unit = (match[2] ?? '').toLowerCase();
  const value = Number(match[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : 1);
  return Number.isSafeInteger(value) ? value : undefined;
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
