/**
 * Every setting of a run, read once from the environment (and `.env`, through dotenv in playwright.config.ts).
 * `.env.example` documents each of them; keep the two in step.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readCredentials, type Credentials } from './credentials.ts';
import { SettingsError } from './settings-error.ts';

export { SettingsError };

export interface Settings {
  /** Origin of the target (`https://graph.microsoft.com`); undefined means the embedded mock tenant. */
  readonly targetUrl?: string;
  /** Bearer token sent to the target. The embedded mock accepts any token, so it gets a fixed one. */
  readonly token?: string;
  /** Doc files or folders to check (`DOCS`, comma-separated). */
  readonly docs: readonly string[];
  /**
   * Port of the embedded mock tenant (`MOCK_PORT`); unset or 0: a free one. The run starts its mock in Playwright's
   * globalSetup and names the port it got in MOCK_PORT, so the workers always read a port here.
   */
  readonly mockPort?: number;
  /** Placeholder values from `PARAM_<name>`. */
  readonly params: Readonly<Record<string, string>>;
  /** Path of the tenant file holding placeholder values (`{ "params": { "usersId": "…" } }`). */
  readonly tenantFile: string;
  /** How often a throttled (429) or unavailable (503, 504) answer is retried. */
  readonly maxRetries: number;
  /** Longest wait honoured from a `Retry-After`, in seconds; longer waits give up (the target is unavailable). */
  readonly maxRetryAfterSeconds: number;
  readonly reportsDir: string;
  readonly htmlReportDir: string;
  readonly testResultsDir: string;
  /** How far responses are checked beyond the documented example (`STRICTNESS`); every report names it. */
  readonly strictness: Strictness;
  /** Seed of the property-based probes (`PROBE_SEED`); undefined: a fresh one per run, reported with the probe. */
  readonly probeSeed?: number;
  /** Generated bodies each property-based probe sends (`PROBE_RUNS`). */
  readonly probeRuns: number;
  /** Writes may go to a target that is not loopback (`ALLOW_WRITES=1`); what they change is restored. */
  readonly allowWrites: boolean;
  /** How the run gets its bearer token: GRAPH_TOKEN, an Entra app's client credentials (AZURE_*), or none. */
  readonly credentials: Credentials;
  /** The request budget of the whole run against TARGET_URL (`REQUESTS_PER_SECOND`), shared by its workers. */
  readonly requestsPerSecond: number;
  /** Requests in flight at once against TARGET_URL (`MAX_CONCURRENCY`): caps the number of workers. */
  readonly maxConcurrency: number;
}

/**
 * - `lenient`: the answer has the shape of the documented example (properties shown, their JSON types).
 * - `standard`: also the JSON Schema built from the doc tables (types, ranges, formats); undocumented properties allowed.
 * - `strict`: also no property the tables do not document, apart from OData annotations.
 */
export const STRICTNESS_LEVELS = ['lenient', 'standard', 'strict'] as const;
export type Strictness = (typeof STRICTNESS_LEVELS)[number];

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const targetUrl = env.TARGET_URL?.trim() ? originOf(env.TARGET_URL.trim()) : undefined;
  const token = env.GRAPH_TOKEN?.trim() ? env.GRAPH_TOKEN.trim() : undefined;
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('PARAM_') && value !== undefined && value !== '') params[name.slice('PARAM_'.length)] = value;
  }
  const probeSeed = env.PROBE_SEED?.trim() ? integer(env, 'PROBE_SEED', 0, -2147483648, 2147483647) : undefined;
  const mockPort = integer(env, 'MOCK_PORT', 0, 0, 65535);
  return {
    ...(targetUrl ? { targetUrl } : {}),
    ...(token ? { token } : {}),
    docs: (env.DOCS ?? 'fixtures/docs')
      .split(',')
      .map((d) => d.trim())
      .filter((d) => d !== ''),
    ...(mockPort !== 0 ? { mockPort } : {}),
    params,
    tenantFile: env.TENANT_FILE?.trim() || 'fixtures/tenant.json',
    maxRetries: integer(env, 'RETRY_MAX', 5, 0, 10),
    maxRetryAfterSeconds: integer(env, 'RETRY_AFTER_MAX_SECONDS', 30, 0, 600),
    reportsDir: env.REPORTS_DIR?.trim() || 'reports',
    htmlReportDir: env.HTML_REPORT_DIR?.trim() || 'playwright-report',
    testResultsDir: env.TEST_RESULTS_DIR?.trim() || 'test-results',
    strictness: strictnessOf(env.STRICTNESS),
    ...(probeSeed !== undefined ? { probeSeed } : {}),
    probeRuns: integer(env, 'PROBE_RUNS', 10, 1, 1000),
    allowWrites: flag(env, 'ALLOW_WRITES'),
    credentials: readCredentials(env, targetUrl),
    requestsPerSecond: integer(env, 'REQUESTS_PER_SECOND', 10, 1, 10_000),
    maxConcurrency: integer(env, 'MAX_CONCURRENCY', 4, 1, 64),
  };
}

/** `baseURL` must be an origin: Playwright resolves `/beta/me` against it and would drop any path it had. */
function originOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SettingsError(`TARGET_URL: "${url}" is not a URL (expected e.g. https://graph.microsoft.com)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new SettingsError(`TARGET_URL: "${url}" is not an http(s) URL`);
  if (parsed.pathname !== '/' && parsed.pathname !== '') {
    throw new SettingsError(
      `TARGET_URL: give the origin only (${parsed.origin}); the version comes from each documented example`,
    );
  }
  return parsed.origin;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SettingsError(`${name}: "${raw}" is not a whole number from ${min} to ${max}`);
  }
  return value;
}

function strictnessOf(raw: string | undefined): Strictness {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '') return 'standard';
  const level = STRICTNESS_LEVELS.find((l) => l === value);
  if (!level) throw new SettingsError(`STRICTNESS: "${raw ?? ''}" is not one of ${STRICTNESS_LEVELS.join(', ')}`);
  return level;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase() ?? '';
  if (raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new SettingsError(`${name}: "${env[name] ?? ''}" must be 1 or 0`);
}

/** Placeholder values of the tenant file, or an error naming the file and what is wrong with it. */
export function readTenantParams(file: string): { params: Record<string, string> } | { error: string } {
  if (!existsSync(file)) return { params: {} };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { error: `${file}:1: not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const params = typeof data === 'object' && data !== null && 'params' in data ? data.params : undefined;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    return { error: `${file}:1: expected an object { "params": { "<placeholder>": "<value>" } }` };
  }
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string') return { error: `${file}:1: params.${name} must be a string` };
    values[name] = value;
  }
  return { params: values };
}

/** Where requests go: TARGET_URL, or the embedded mock tenant on loopback. */
export function targetOrigin(settings: Pick<Settings, 'targetUrl' | 'mockPort'>): string {
  if (settings.targetUrl !== undefined) return settings.targetUrl;
  // The run's globalSetup starts the mock and names its port before any test, so only a harness bug gets here.
  if (settings.mockPort === undefined) throw new Error('the embedded mock has not started: MOCK_PORT names no port');
  return `http://127.0.0.1:${String(settings.mockPort)}`;
}

/** The fixed token the suite sends to the embedded mock tenant, which accepts any bearer token. */
export const MOCK_TOKEN = 'mock-tenant-token';
