/**
 * The mock tenant's core: a request head in, a decision out; then, for requests that get that far, the body in and
 * the answer out. Nothing here touches a socket, so every rule can be read (and tested) as a function.
 *
 * Checks run in the order a client can act on them: health, injected throttling, authentication, routing, the
 * addressed user, media type and size, and only then the body itself.
 */
import { HTTP_METHODS, type GraphVersion, type HttpMethod, type Page } from '../docs/model.ts';
import { isHttpMethod } from '../docs/path-template.ts';
import type { SchemaError, SchemaRegistry, Validator } from '../schema/registry.ts';
import { announcesBody, checkJsonContentType, decodeJsonObject } from './body.ts';
import {
  badRequest,
  entityNotFound,
  methodNotAllowed,
  payloadTooLarge,
  segmentNotFound,
  tooManyRequests,
  unauthenticated,
} from './errors.ts';
import { isJsonObject, withoutAnnotations, type JsonObject, type Reply } from './reply.ts';
import {
  buildRouteTable,
  contextPath,
  lookupPath,
  resourceKey,
  splitVersion,
  type Operation,
  type ResourceInfo,
  type RouteMatch,
  type RouteTable,
} from './routes.ts';
import { DELETED, mergeEntity, ResourceStore, type Entity } from './store.ts';

export const DEFAULT_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** The request header that makes the mock answer 429 with `Retry-After: <value>`. */
export const THROTTLE_HEADER = 'x-mock-throttle';

export interface RequestHead {
  readonly method: string;
  /** The request target as received: `/beta/me/photos?$select=id` (absolute-form is accepted too). */
  readonly url: string;
  /** Lower-case names, as node's `IncomingMessage.headers` has them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

export type Admission =
  | { readonly kind: 'reply'; readonly reply: Reply }
  /** Read the body (at most `bodyLimitBytes`), then call `complete` with it; the answer is its result. */
  | { readonly kind: 'read-body'; readonly complete: (body: Uint8Array) => Reply };

export interface TenantCoreOptions {
  readonly pages: readonly Page[];
  readonly schemas: SchemaRegistry;
  readonly bodyLimitBytes?: number;
}

export interface TenantCore {
  /** Documented (method, path template) pairs served, each under both `/v1.0` and `/beta`. */
  readonly operations: number;
  readonly bodyLimitBytes: number;
  admit(head: RequestHead): Admission;
  /** Forgets every write: the tenant answers its documented seeds again. */
  reset(): void;
}

export function createTenantCore(options: TenantCoreOptions): TenantCore {
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  if (!Number.isSafeInteger(bodyLimitBytes) || bodyLimitBytes < 0) {
    throw new RangeError(`bodyLimitBytes must be a non-negative integer, got ${String(bodyLimitBytes)}`);
  }
  const table = buildRouteTable(options.pages);
  const store = new ResourceStore();
  const validators = new Map<Page, Validator | undefined>();
  const validatorFor = (page: Page): Validator | undefined => {
    // Compiling a schema is the expensive part of validation; do it once per page, not once per request.
    if (!validators.has(page)) validators.set(page, options.schemas.requestBodyValidator(page));
    return validators.get(page);
  };
  const context: CoreContext = { table, store, validatorFor, bodyLimitBytes };
  return {
    operations: table.operations.length,
    bodyLimitBytes,
    admit: (head) => admit(context, head),
    reset: () => {
      store.reset();
    },
  };
}

interface CoreContext {
  readonly table: RouteTable;
  readonly store: ResourceStore;
  readonly validatorFor: (page: Page) => Validator | undefined;
  readonly bodyLimitBytes: number;
}

function admit(context: CoreContext, head: RequestHead): Admission {
  const pathname = pathOf(head.url);
  if (pathname.toLowerCase() === '/health') {
    if (head.method !== 'GET') return reply(methodNotAllowed(head.method, ['GET']));
    return reply({ kind: 'json', status: 200, body: { status: 'ok', operations: context.table.operations.length } });
  }

  const throttle = header(head, THROTTLE_HEADER);
  if (throttle !== undefined) {
    if (!/^\d{1,6}$/.test(throttle.trim())) {
      return reply(badRequest(`${THROTTLE_HEADER} must be a whole number of seconds, got '${throttle}'.`));
    }
    return reply(tooManyRequests(Number(throttle.trim())));
  }

  const authFailure = checkBearer(header(head, 'authorization'));
  if (authFailure !== undefined) return reply(authFailure);

  const target = splitVersion(pathname);
  if (target === undefined) {
    const first = pathname.split('/').find((part) => part !== '') ?? '/';
    return reply(segmentNotFound(first));
  }
  const lookup = lookupPath(context.table, target.path);
  if (lookup.kind === 'no-route') return reply(segmentNotFound(lookup.segment));
  if (lookup.kind === 'unknown-entity') return reply(entityNotFound(lookup.value));

  // A documented path can always be read back: that is how a client checks what its write did.
  const allowed = HTTP_METHODS.filter((m) => m === 'GET' || lookup.matches.some((match) => match.operation.method === m));
  const method = head.method;
  if (!isHttpMethod(method) || !allowed.includes(method)) return reply(methodNotAllowed(method, allowed));
  const match = lookup.matches.find((candidate) => candidate.operation.method === method) ?? lookup.matches[0];

  const hasBody = announcesBody(header(head, 'content-length'), header(head, 'transfer-encoding'));
  const writes = method === 'PATCH' || method === 'PUT' || method === 'POST';
  if (writes && hasBody) {
    const mediaFailure = checkJsonContentType(header(head, 'content-type'));
    if (mediaFailure !== undefined) return reply(mediaFailure);
  }
  const declaredLength = Number(header(head, 'content-length') ?? '0');
  if (declaredLength > context.bodyLimitBytes) return reply(payloadTooLarge(context.bodyLimitBytes));

  const request: ResolvedRequest = {
    method,
    version: target.version,
    match,
    key: resourceKey(match),
    resource: match.operation.resource,
    // Only a documented operation answers its documented status; an implicit GET is a plain read.
    operation: match.operation.method === method ? match.operation : undefined,
  };
  return { kind: 'read-body', complete: (body) => complete(context, request, body) };
}

function reply(value: Reply): Admission {
  return { kind: 'reply', reply: value };
}

function pathOf(url: string): string {
  if (url.startsWith('/')) return url.replace(/[?#].*$/s, '');
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function header(head: RequestHead, name: string): string | undefined {
  const value = head.headers[name];
  return typeof value === 'string' ? value : value?.join(', ');
}

/** Any non-empty bearer token is accepted: the mock checks that a client authenticates, not who it is. */
function checkBearer(authorization: string | undefined): Reply | undefined {
  if (authorization === undefined || authorization.trim() === '') return unauthenticated('Access token is empty.');
  const match = /^(\S+)(?:\s+(.*))?$/.exec(authorization.trim());
  if (match?.[1]?.toLowerCase() !== 'bearer') {
    return unauthenticated('The Authorization header must use the Bearer scheme: "Authorization: Bearer <token>".');
  }
  if ((match[2] ?? '').trim() === '') return unauthenticated('Access token is empty.');
  return undefined;
}

interface ResolvedRequest {
  readonly method: HttpMethod;
  readonly version: GraphVersion;
  readonly match: RouteMatch;
  readonly key: string;
  readonly resource: ResourceInfo;
  readonly operation: Operation | undefined;
}

function complete(context: CoreContext, request: ResolvedRequest, body: Uint8Array): Reply {
  const { store } = context;
  const current = store.read(request.key, request.resource.seed);
  const status = request.operation?.successStatus ?? 200;
  switch (request.method) {
    case 'GET':
      if (current === DELETED) return entityNotFound(request.key);
      return answer(request, status, current, shapeOf(request.resource));
    case 'DELETE':
      if (current === DELETED) return entityNotFound(request.key);
      store.delete(request.key);
      return { kind: 'empty', status };
    case 'PATCH':
    case 'PUT':
    case 'POST': {
      const parsed = readWriteBody(context, request, body);
      if (!parsed.ok) return parsed.reply;
      if (request.method === 'POST') return answerPost(store, request, status, current, parsed.value);
      if (current === DELETED && request.method === 'PATCH') return entityNotFound(request.key);
      // The whole update is computed and stored in this one synchronous step: concurrent writers cannot interleave.
      const next =
        request.method === 'PATCH' && current !== DELETED ? mergeEntity(current, parsed.value) : replacement(current, parsed.value);
      return answer(request, status, store.write(request.key, next), shapeOf(request.resource));
    }
  }
}

/** PUT replaces the properties but not the identity: ids are the server's to assign. */
function replacement(current: Entity | typeof DELETED, body: Entity): Entity {
  const id = current === DELETED ? undefined : current['id'];
  return id === undefined ? body : { id, ...body };
}

type Parsed = { readonly ok: true; readonly value: Entity } | { readonly ok: false; readonly reply: Reply };

function readWriteBody(context: CoreContext, request: ResolvedRequest, body: Uint8Array): Parsed {
  if (body.length === 0) {
    // An action POST may carry no body at all; an update without one is a client mistake.
    if (request.method === 'POST') return { ok: true, value: {} };
    return { ok: false, reply: badRequest('Empty Payload. JSON content expected.') };
  }
  const decoded = decodeJsonObject(body);
  if (!decoded.ok) return decoded;
  // The schema sees the annotations too: it pins `@odata.type` to the documented resource.
  const page = request.operation?.page;
  const validator = page === undefined ? undefined : context.validatorFor(page);
  const errors = validator?.(decoded.value) ?? [];
  if (errors.length > 0) return { ok: false, reply: badRequest(describeSchemaErrors(errors)) };
  // Annotations describe the message, not the resource: they are not stored.
  return { ok: true, value: withoutAnnotations(decoded.value) };
}

/** Each broken rule with where it is in the body and, when the schema knows, the doc row it comes from. */
function describeSchemaErrors(errors: readonly SchemaError[]): string {
  const details = errors.map((e) => {
    const where = e.pointer === '' ? '(body)' : e.pointer;
    const source = e.source === undefined ? '' : ` (documented at ${e.source})`;
    return `${where}: ${e.message} [${e.keyword}]${source}`;
  });
  return `Invalid request body: ${details.join('; ')}.`;
}

/**
 * A POST creates or acts: it answers the documented answer, echoing what the client sent. When the path holds a
 * collection, the created member is appended, so a later GET of the collection shows it. The documented id is kept
 * (repeated POSTs create members with the same id): answers stay equal to the docs, which is what a check compares.
 */
function answerPost(store: ResourceStore, request: ResolvedRequest, status: number, current: Entity | typeof DELETED, sent: Entity): Reply {
  const response = request.operation?.example?.response;
  const documented = response?.body.kind === 'json' ? response.body.value : undefined;
  const created = mergeEntity(isJsonObject(documented) ? withoutAnnotations(documented) : {}, sent);
  if (request.resource.isCollection && current !== DELETED) {
    const members: unknown = current['value'];
    // The whole append happens in this synchronous step, like every other write.
    if (Array.isArray(members)) store.write(request.key, { ...current, value: [...(members as unknown[]), created] });
  }
  // An accepted action documented without a body answers without one.
  if (documented === undefined && (status === 202 || status === 204)) return { kind: 'empty', status };
  return answer(request, status, created, response?.isCollection === true ? 'collection' : 'member');
}

type Shape = 'collection' | 'member';

function shapeOf(resource: ResourceInfo): Shape {
  return resource.isCollection ? 'collection' : 'member';
}

/**
 * The entity with the annotations Graph puts first: `@odata.context`, then `@odata.type` for a single entity. A
 * member answered on a collection's path (a created one) gets the collection's context with `/$entity`.
 */
function answer(request: ResolvedRequest, status: number, entity: Entity, shape: Shape): Reply {
  if (status === 204) return { kind: 'empty', status };
  const isCollection = shape === 'collection';
  const fragment = `${contextPath(request.match)}${isCollection ? '' : '/$entity'}`;
  const type = request.operation?.odataType ?? request.resource.odataType;
  const body: JsonObject = {
    '@odata.context': `https://graph.microsoft.com/${request.version}/$metadata#${fragment}`,
    ...(type === undefined || isCollection ? {} : { '@odata.type': `#${type}` }),
    ...entity,
  };
  return { kind: 'json', status, body };
}
