/** Talking to a mock tenant, and writing the small doc pages the mock tests serve. */
import assert from 'node:assert/strict';

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
