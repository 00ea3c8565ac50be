/**
 * The tenant file (`fixtures/tenant.json`, or TENANT_FILE): placeholder values, and setup requests that capture values
 * from the tenant at the start of a run, each with an optional cleanup run at its end:
 *
 *   { "params": { "groupsId": "…" },
 *     "setup": [ { "request": "GET /v1.0/me", "capture": { "usersId": "$.id" } },
 *                { "request": "POST /v1.0/groups", "body": { … }, "capture": { "groupId": "$.id" },
 *                  "cleanup": "DELETE /v1.0/groups/{groupId}" } ] }
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseCapturePath, type CapturePath } from './capture-path.ts';
import { formatLocation, type Location } from '../core/finding.ts';

export interface SetupRequest {
  readonly method: string;
  /** Version and path, may hold `{placeholders}` filled from PARAM_*, params and earlier captures. */
  readonly path: string;
  readonly body?: unknown;
  readonly capture: readonly { readonly name: string; readonly path: CapturePath }[];
  readonly cleanup?: { readonly method: string; readonly path: string };
  /** `file:line` of the entry, for errors. */
  readonly where: string;
}

export interface TenantFile {
  readonly params: Readonly<Record<string, string>>;
  readonly setup: readonly SetupRequest[];
}

/** What is wrong with a tenant file: `file:line: problem` for a terminal, and the same as data. */
export interface TenantFileError {
  readonly error: string;
  readonly location: Location;
  readonly problem: string;
}

function failAt(location: Location, problem: string): TenantFileError {
  return { error: `${formatLocation(location)}: ${problem}`, location, problem };
}

const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE)\s+(\/\S*)$/;

export function readTenantFile(file: string): TenantFile | TenantFileError {
  if (!existsSync(file)) return { params: {}, setup: [] };
  const text = readFileSync(file, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return failAt({ file, line: 1 }, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseTenantFile(file, text, data);
}

export function parseTenantFile(file: string, text: string, data: unknown): TenantFile | TenantFileError {
  const shape = 'expected an object { "params": { "<placeholder>": "<value>" } }';
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return failAt({ file, line: 1 }, shape);
  const record = data as Record<string, unknown>;
  const params: unknown = record.params ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return failAt({ file, line: 1 }, shape);
  if (!('params' in record) && !('setup' in record)) return failAt({ file, line: 1 }, shape);
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string') return failAt(lineOf(file, text, `"${name}"`), `params.${name} must be a string`);
    values[name] = value;
  }
  const rawSetup = record.setup ?? [];
  if (!Array.isArray(rawSetup))
    return failAt(
      lineOf(file, text, '"setup"'),
      'setup must be a list of { "request": "GET /v1.0/…", "capture": { … } }',
    );
  const setup: SetupRequest[] = [];
  const captured = new Set<string>();
  for (const [index, entry] of (rawSetup as unknown[]).entries()) {
    const parsed = setupEntry(entry, index, (needle) => lineOf(file, text, needle, index));
    if ('error' in parsed) return parsed;
    for (const { name } of parsed.request.capture) {
      if (name in values || captured.has(name))
        return failAt(parsed.at, `setup[${index}] captures "${name}", which already has a value in this file`);
      captured.add(name);
    }
    setup.push(parsed.request);
  }
  return { params: values, setup };
}

function setupEntry(
  entry: unknown,
  index: number,
  where: (needle: string) => Location,
): { request: SetupRequest; at: Location } | TenantFileError {
  const at = where(
    typeof entry === 'object' && entry !== null && 'request' in entry && typeof entry.request === 'string'
      ? entry.request
      : '"setup"',
  );
  const fail = (what: string): TenantFileError => failAt(at, `setup[${index}] ${what}`);
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return fail('must be an object { "request": "GET /v1.0/…", "capture": { … } }');
  const record = entry as Record<string, unknown>;
  const request = typeof record.request === 'string' ? REQUEST_LINE.exec(record.request.trim()) : null;
  if (!request) return fail('"request" must be a method and a path, e.g. "GET /v1.0/me"');
  const capture: { name: string; path: CapturePath }[] = [];
  const rawCapture: unknown = record.capture ?? {};
  if (typeof rawCapture !== 'object' || rawCapture === null || Array.isArray(rawCapture))
    return fail('"capture" must map placeholder names to paths such as "$.id"');
  for (const [name, path] of Object.entries(rawCapture)) {
    const parsed = typeof path === 'string' ? parseCapturePath(path) : undefined;
    if (!parsed)
      return fail(`capture "${name}": ${JSON.stringify(path)} is not a path such as "$.id" or "$.value[0].id"`);
    capture.push({ name, path: parsed });
  }
  let cleanup: SetupRequest['cleanup'];
  if (record.cleanup !== undefined) {
    const line = typeof record.cleanup === 'string' ? REQUEST_LINE.exec(record.cleanup.trim()) : null;
    if (!line) return fail('"cleanup" must be a method and a path, e.g. "DELETE /v1.0/groups/{groupId}"');
    cleanup = { method: line[1] ?? 'DELETE', path: line[2] ?? '/' };
  }
  return {
    at,
    request: {
      method: request[1] ?? 'GET',
      path: request[2] ?? '/',
      ...('body' in record ? { body: record.body } : {}),
      capture,
      ...(cleanup ? { cleanup } : {}),
      where: formatLocation(at),
    },
  };
}

/** The line of the `occurrence`-th (0-based, counting from the "setup" key) appearance of `needle`, else line 1. */
function lineOf(file: string, text: string, needle: string, occurrence = 0): Location {
  const start = Math.max(0, text.indexOf('"setup"'));
  let at = needle === '"setup"' ? start : text.indexOf(needle, needle.startsWith('"') ? 0 : start);
  for (let i = 0; i < occurrence && at >= 0 && !needle.startsWith('"'); i++) {
    const next = text.indexOf(needle, at + needle.length);
    if (next < 0) break;
    at = next;
  }
  if (at < 0) return { file, line: 1 };
  return { file, line: text.slice(0, at).split('\n').length };
}

/** Fills `{name}` in a setup path; the names without a value, when some are missing. */
export function fillSetupPath(
  path: string,
  value: (name: string) => string | undefined,
): { readonly path: string } | { readonly missing: readonly string[] } {
  const missing: string[] = [];
  const filled = path.replace(/\{([^{}]+)\}/g, (_all, name: string) => {
    const v = value(name);
    if (v === undefined) missing.push(name);
    return v === undefined ? '' : encodeURIComponent(v);
  });
  return missing.length > 0 ? { missing } : { path: filled };
}
