/**
 * JSON batching (`POST /v1.0/$batch`), as Graph's "Combine multiple requests in one HTTP call" describes it: up to
 * 20 requests, each with an `id`, `method`, a `url` relative to the version, optional `headers` and `body`, and
 * `dependsOn` (the one id it must run after; when that one fails, it is not run and answers `424`), in one of the
 * documented shapes: parallel, serial, or all on the same request. Each request is
 * answered as if sent alone, with the batch's `Authorization` and `x-mock-session`; the answers come back in
 * `responses`, each with its `id`, `status`, `headers` and `body` (JSON as JSON, anything else base64-encoded).
 */
import { SESSION_HEADER } from '../core/embedded-tenant.ts';
import { badRequest } from './errors.ts';
import { newRequestId, renderReply, type JsonObject, type Reply } from './reply.ts';
import { isJsonObject } from '../core/json.ts';
import { decodeJsonObject } from './body.ts';

/** A request as the tenant's core takes it (see `RequestHead` in handler.ts). */
export interface BatchHead {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly origin?: string;
}

/** Graph's limit on the requests of one batch. */
export const MAX_BATCH_REQUESTS = 20;

/** `/v1.0/$batch` → `v1.0`; undefined for any other path. */
export function batchVersion(pathname: string): string | undefined {
  return /^\/(v1\.0|beta)\/\$batch\/?$/i.exec(pathname)?.[1]?.toLowerCase();
}

interface BatchRequest {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly dependsOn: readonly string[];
}

/** The outer request's headers each inner request carries (its own headers may add to them, not replace the token). */
const INHERITED = ['authorization', SESSION_HEADER];

/**
 * Runs a batch: `send` answers one request as the tenant would (the batch's own throttling and authentication are
 * the caller's). An inner `$batch` is refused, as Graph refuses it.
 */
export async function runBatch(
  outer: BatchHead,
  version: string,
  body: Uint8Array,
  send: (head: BatchHead, body: Uint8Array) => Promise<Reply>,
): Promise<Reply> {
  const parsed = readBatch(body);
  if (!parsed.ok) return parsed.reply;
  const inherited: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = outer.headers[name];
    if (typeof value === 'string') inherited[name] = value;
  }
  const statuses = new Map<string, number>();
  const responses: JsonObject[] = [];
  for (const request of parsed.order) {
    const failed = request.dependsOn.find((id) => (statuses.get(id) ?? 0) >= 400);
    if (failed !== undefined) {
      statuses.set(request.id, 424);
      responses.push(
        toResponse(request.id, {
          kind: 'error',
          status: 424,
          code: 'FailedDependency',
          message: `The request depends on request '${failed}', which failed.`,
        }),
      );
      continue;
    }
    const relative = request.url.replace(/^https:\/\/graph\.microsoft\.com\/(v1\.0|beta)\//i, '').replace(/^\/+/, '');
    if (batchVersion(`/${version}/${relative.split('?')[0] ?? ''}`) !== undefined) {
      statuses.set(request.id, 400);
      responses.push(toResponse(request.id, badRequest('A batch cannot hold another $batch request.')));
      continue;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
    const bytes = bodyBytes(request.body, headers['content-type']);
    if (bytes.length > 0) headers['content-length'] = String(bytes.length);
    const reply = await send(
      {
        method: request.method,
        url: `/${version}/${relative}`,
        headers: { ...headers, ...inherited },
        ...(outer.origin === undefined ? {} : { origin: outer.origin }),
      },
      bytes,
    );
    statuses.set(request.id, reply.status);
    responses.push(toResponse(request.id, reply));
  }
  return { kind: 'json', status: 200, body: { responses } };
}

type Parsed = { ok: true; order: BatchRequest[] } | { ok: false; reply: Reply };

function readBatch(body: Uint8Array): Parsed {
  const decoded = decodeJsonObject(body);
  if (!decoded.ok) return decoded;
  const list = decoded.value['requests'];
  if (!Array.isArray(list)) return refuse("The batch body must hold a 'requests' array.");
  if (list.length > MAX_BATCH_REQUESTS)
    return refuse(`Number of requests in batch exceeds limit of ${MAX_BATCH_REQUESTS}: it holds ${list.length}.`);
  const requests = new Map<string, BatchRequest>();
  for (const item of list as unknown[]) {
    if (!isJsonObject(item)) return refuse('Each request of a batch must be an object.');
    const { id, method, url } = item;
    if (typeof id !== 'string' || id === '') return refuse("Each request of a batch needs a string 'id'.");
    if (requests.has(id)) return refuse(`The batch holds two requests with the id '${id}'.`);
    if (typeof method !== 'string' || typeof url !== 'string')
      return refuse(`Request '${id}' needs a 'method' and a relative 'url'.`);
    const headers = isJsonObject(item['headers']) ? item['headers'] : {};
    const dependsOn = Array.isArray(item['dependsOn']) ? (item['dependsOn'] as unknown[]) : [];
    requests.set(id, {
      id,
      method: method.toUpperCase(),
      url,
      headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)])),
      body: item['body'],
      dependsOn: dependsOn.map(String),
    });
  }
  if (!followsAPattern([...requests.values()]))
    return refuse(
      'Invalid dependency chain: a request may depend on one other, and the batch must be parallel (no dependsOn), serial (each on the one before it) or all on the same request.',
    );
  for (const request of requests.values()) {
    const unknown = request.dependsOn.find((id) => !requests.has(id));
    if (unknown !== undefined)
      return refuse(`Request '${request.id}' depends on '${unknown}', which the batch does not hold.`);
  }
  // Dependencies first, in the order given otherwise; a cycle cannot be run.
  const order: BatchRequest[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (request: BatchRequest): boolean => {
    const seen = state.get(request.id);
    if (seen === 'done') return true;
    if (seen === 'visiting') return false;
    state.set(request.id, 'visiting');
    for (const id of request.dependsOn) {
      const dependency = requests.get(id);
      if (dependency !== undefined && !visit(dependency)) return false;
    }
    state.set(request.id, 'done');
    order.push(request);
    return true;
  };
  for (const request of requests.values())
    if (!visit(request)) return refuse('The dependsOn of the batch form a cycle.');
  return { ok: true, order };
}

/** Graph's three shapes of `dependsOn`: parallel, serial, or all on one request. */
function followsAPattern(requests: readonly BatchRequest[]): boolean {
  if (requests.some((r) => r.dependsOn.length > 1)) return false;
  const dependents = requests.filter((r) => r.dependsOn.length > 0);
  if (dependents.length === 0) return true;
  const serial = requests.every((r, index) => index === 0 || r.dependsOn[0] === requests[index - 1]?.id);
  const same = new Set(dependents.map((r) => r.dependsOn[0])).size === 1;
  return serial || same;
}

function refuse(message: string): Parsed {
  return { ok: false, reply: badRequest(message) };
}

/** A JSON body is sent as JSON; a string body of another type is base64, as Graph's batches carry bytes. */
function bodyBytes(body: unknown, contentType: string | undefined): Uint8Array {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === 'string' && !/json/i.test(contentType ?? '')) return Buffer.from(body, 'base64');
  return Buffer.from(JSON.stringify(body), 'utf8');
}

function toResponse(id: string, reply: Reply): JsonObject {
  const rendered = renderReply(reply, { requestId: newRequestId() });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(rendered.headers))
    if (name !== 'content-length') headers[name === 'content-type' ? 'Content-Type' : name] = value;
  const contentType = rendered.headers['content-type'] ?? '';
  const text = typeof rendered.body === 'string' ? rendered.body : undefined;
  let body: unknown;
  if (text !== undefined && text !== '' && /json/i.test(contentType)) body = JSON.parse(text) as unknown;
  else if (rendered.body.length > 0) body = Buffer.from(rendered.body).toString('base64');
  return { id, status: rendered.status, headers, ...(body === undefined ? {} : { body }) };
}
