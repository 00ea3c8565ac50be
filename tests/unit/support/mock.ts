/** Talking to a mock tenant, and writing the small doc pages the mock tests serve. */
import assert from 'node:assert/strict';
import { MOCK_TEST_TOKEN } from '../../../src/core/embedded-tenant.ts';
import type { Example, Page } from '../../../src/docs/model.ts';
import { parsePage } from '../../../src/docs/parse-page.ts';
import type { TenantCore } from '../../../src/mock-tenant/handler.ts';
import type { Reply } from '../../../src/mock-tenant/reply.ts';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed body; undefined when it is empty. */
  readonly json: unknown;
  /** The parsed body as an object; `{}` when it is empty or not an object. */
  readonly body: Record<string, unknown>;
}

/**
 * A function for requests to a mock on loopback (tests never talk to anything else), each bounded by `timeoutMs`.
 * Each test file states its own bound.
 */
export function mockCaller(timeoutMs: number): (base: string, path: string, init?: RequestInit) => Promise<Answer> {
  return async (base, path, init = {}) => {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/, 'tests only talk to the local mock');
    const response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    const json = text === '' ? undefined : (JSON.parse(text) as unknown);
    const body =
      typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
    return { status: response.status, headers: response.headers, json, body };
  };
}

/** A documented example as markdown: an annotated request and its annotated response (`annotation` adds fields). */
export function example(name: string, request: string, response: string, annotation = ''): string {
  return [
    '### Request',
    `<!-- { "blockType": "request", "name": "${name}" } -->`,
    '``` http',
    request,
    '```',
    '',
    '### Response',
    `<!-- { "blockType": "response"${annotation} } -->`,
    '``` http',
    response,
    '```',
    '',
  ].join('\n');
}

/**
 * An API page documenting `requestLines` (`POST /deviceAppManagement/mobileApps`), followed by `sections` (a request
 * body table, `example(…)`s), parsed as `file`.
 */
export function apiPage(file: string, requestLines: readonly string[], sections: readonly string[]): Page {
  const text = [
    '# t',
    '## HTTP request',
    '<!-- { "blockType": "ignored" } -->',
    '``` http',
    ...requestLines,
    '```',
    ...sections,
  ].join('\n');
  return parsePage(file, text);
}

/**
 * A resource page of `type` (`microsoft.graph.widget`) with its property rows and, where given, relationship rows
 * (`|owner|[user](user.md)|Who owns it.|`), parsed as `file`.
 */
export function resourcePage(
  file: string,
  type: string,
  properties: readonly string[],
  relationships: readonly string[] = [],
): Page {
  const table = ['|Property|Type|Description|', '|:--|:--|:--|'];
  const text = [
    `# ${type.split('.').at(-1) ?? type} resource type`,
    '## Properties',
    ...table,
    ...properties,
    ...(relationships.length === 0 ? [] : ['## Relationships', ...table, ...relationships]),
    '## JSON representation',
    `<!-- { "blockType": "resource", "@odata.type": "${type}" } -->`,
    '```json',
    '{}',
    '```',
  ].join('\n');
  return parsePage(file, text);
}

/** The page's example of that name (a test's own page: it is there). */
export function exampleOf(page: Page, name: string): Example {
  const found = page.examples.find((e) => e.name === name);
  assert.ok(found, `${page.file} has no example "${name}"`);
  return found;
}

/**
 * One request to an in-process mock (`createTenantCore`) with the mock's test token, and its answer; a `body` is sent
 * as `type` (JSON unless said).
 */
export function sendToCore(
  core: TenantCore,
  method: string,
  url: string,
  init: { readonly body?: string | Buffer; readonly type?: string; readonly headers?: Record<string, string> } = {},
): Reply {
  const headers: Record<string, string> = { authorization: `Bearer ${MOCK_TEST_TOKEN}`, ...init.headers };
  if (init.body !== undefined)
    Object.assign(headers, {
      'content-type': init.type ?? 'application/json',
      'content-length': String(Buffer.byteLength(init.body)),
    });
  const admission = core.admit({ method, url, headers, origin: 'http://127.0.0.1:9' });
  assert.ok(!(admission instanceof Promise));
  if (admission.kind === 'reply') return admission.reply;
  const answer = admission.complete(Buffer.from(init.body ?? ''));
  assert.ok(!(answer instanceof Promise));
  return answer;
}
