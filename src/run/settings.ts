/**
 * Every setting of a run, read once from the environment (and `.env`, through dotenv in playwright.config.ts).
 * `.env.example` documents each of them; keep the two in step.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface Settings {
  /** Origin of the target (`https://graph.microsoft.com`); undefined means the embedded mock tenant. */
  readonly targetUrl?: string;
  /** Bearer token sent to the target. The embedded mock accepts any token, so it gets a fixed one. */
  readonly token?: string;
  /** Doc files or folders to check (`DOCS`, comma-separated). */
  readonly docs: readonly string[];
  readonly mockPort: number;
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
}

export class SettingsError extends Error {}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const targetUrl = env.TARGET_URL?.trim() ? originOf(env.TARGET_URL.trim()) : undefined;
  const token = env.GRAPH_TOKEN?.trim() ? env.GRAPH_TOKEN.trim() : undefined;
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('PARAM_') && value !== undefined && value !== '') params[name.slice('PARAM_'.length)] = value;
  }
  return {
    ...(targetUrl ? { targetUrl } : {}),
    ...(token ? { token } : {}),
    docs: (env.DOCS ?? 'fixtures/docs').split(',').map((d) => d.trim()).filter((d) => d !== ''),
    mockPort: integer(env, 'MOCK_PORT', 7357, 0, 65535),
    params,
    tenantFile: env.TENANT_FILE?.trim() || 'fixtures/tenant.json',
    maxRetries: integer(env, 'RETRY_MAX', 3, 0, 10),
    maxRetryAfterSeconds: integer(env, 'RETRY_AFTER_MAX_SECONDS', 30, 0, 600),
    reportsDir: env.REPORTS_DIR?.trim() || 'reports',
    htmlReportDir: env.HTML_REPORT_DIR?.trim() || 'playwright-report',
    testResultsDir: env.TEST_RESULTS_DIR?.trim() || 'test-results',
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
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new SettingsError(`TARGET_URL: "${url}" is not an http(s) URL`);
  if (parsed.pathname !== '/' && parsed.pathname !== '') {
    throw new SettingsError(`TARGET_URL: give the origin only (${parsed.origin}); the version comes from each documented example`);
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
export function targetOrigin(settings: Settings): string {
  return settings.targetUrl ?? `http://127.0.0.1:${settings.mockPort}`;
}

/** The fixed token the suite sends to the embedded mock tenant, which accepts any bearer token. */
export const MOCK_TOKEN = 'mock-tenant-token';
