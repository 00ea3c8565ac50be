/**
 * The mock tenant's core: a request head in, a decision out; then, for requests that get that far, the body in and
 * the answer out. Nothing here touches a socket, so every rule can be read (and tested) as a function.
 *
 * Checks run in the order a client can act on them: health, identity endpoints, injected throttling,
 * authentication, routing, the method, the token's validity and permissions, media type and size, and only then the
 * body itself.
 */
import { type Example, type Page } from '../docs/model.ts';
import { asSignedInUser } from '../docs/path-template.ts';
import { HTTP_METHODS, type GraphVersion, type HttpMethod } from '../core/http.ts';
import { writeCsdl } from '../metadata/write-csdl.ts';
import type { SchemaRegistry, Validator } from '../schema/registry.ts';
import {
  decidePermission,
  documentedPermissions,
  TokenAuthority,
  type Grant,
  type PermissionMode,
  type Verified,
} from './auth.ts';
import { announcesBody, checkJsonContentType } from './body.ts';
import { isJsonObject } from '../core/json.ts';
import {
  answeredBy,
  contextUrl,
  createAnswerer,
  createsMembers,
  isCollectionExample,
  odataTypeOf,
  type Answerer,
  type ResolvedRequest,
  type StateAccess,
} from './answers.ts';
import { indexDocumentedAnswers, sameQuery, type DocumentedAnswers } from './documented.ts';
import {
  badRequest,
  entityNotFound,
  invalidIdentifier,
  forbidden,
  methodNotAllowed,
  payloadTooLarge,
  segmentNotFound,
  throttledByRate,
  tooManyRequests,
  unauthenticated,
} from './errors.ts';
import { batchVersion, runBatch } from './batch.ts';
import { HANDED_OUT_PREFIX, HandedOutUrls, mayHandOut } from './handed-out.ts';
import {
  identityRoute,
  instanceDiscovery,
  keys,
  openIdConfiguration,
  registeredClients,
  token,
  type Directory as IdentityDirectory,
  type IdentityOptions,
} from './identity.ts';
import type { Reply } from './reply.ts';
import { MOCK_SERVICE, type MockHealth, type MockIdentity } from '../core/mock-health.ts';
import { EXAMPLE_HEADER, SESSION_HEADER, namesExample } from '../core/embedded-tenant.ts';
import {
  allowedMethods,
  buildRouteTable,
  countOperations,
  lookupPath,
  memberKeys,
  resourceKey,
  splitTypeCast,
  splitVersion,
  undecodableSegment,
  withQueryOptions,
  type PathLookup,
  type RouteMatch,
  type RouteTable,
} from './routes.ts';
import { serviceModel } from './service-metadata.ts';
import { nullRefusal } from './null-refusal.ts';
import { DEFAULT_SESSION_LIMIT_BYTES, ResourceStore, type StorageBudget } from './store.ts';
import { SIGNED_IN_USER } from './tenant.ts';

export const DEFAULT_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** The request header that makes the mock answer 429 with `Retry-After: <value>`. */
export const THROTTLE_HEADER = 'x-mock-throttle';

/** `POST` here forgets the writes of the session the request names (`x-mock-session`), or the common state's. */
export const RESET_PATH = '/_mock/reset';

/** Sessions kept at once; the least recently used is forgotten first. */
const MAX_SESSIONS = 2048;

/** All sessions together hold at most this much written state unless told otherwise. */
export const DEFAULT_TOTAL_LIMIT_BYTES = 512 * 1024 * 1024;

export interface RequestHead {
  readonly method: string;
  /** The request target as received: `/beta/me/photos?$select=id` (absolute-form is accepted too). */
  readonly url: string;
  /** Lower-case names, as node's `IncomingMessage.headers` has them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** How the client reached the mock (`http://127.0.0.1:7357`): for links, `Location` and the token issuer. */
  readonly origin?: string;
}

export type Admission =
  | { readonly kind: 'reply'; readonly reply: Reply }
  /** Read the body (at most `bodyLimitBytes`), then call `complete` with it; the answer is its result. */
  | { readonly kind: 'read-body'; readonly complete: (body: Uint8Array) => Reply | Promise<Reply> };

export interface TenantCoreOptions {
  readonly pages: readonly Page[];
  readonly schemas: SchemaRegistry;
  readonly bodyLimitBytes?: number;
  /** The fraction of Graph requests answered 429, from 0 (default) to 1. */
  readonly throttleRate?: number;
  /** `Retry-After` of a rate-injected 429; default 1. */
  readonly retryAfterSeconds?: number;
  /** For tests of the throttle rate; default Math.random. */
  readonly random?: () => number;
  readonly identity?: IdentityOptions;
  /** Written state one session (`x-mock-session`, or the common state) may hold; default 64 MiB. Past it: 507. */
  readonly sessionLimitBytes?: number;
  /** Written state all sessions together may hold; default 512 MiB (least recently used sessions are forgotten). */
  readonly totalLimitBytes?: number;
  /** Bearer values accepted as the signed-in user with every permission; default `MOCK_TEST_TOKEN` alone. */
  readonly testTokens?: readonly string[];
  /**
   * `check` (default): a token the mock issued must hold a permission the page's permissions table lists, else 403;
   * `ignore`: any valid token may call any operation. The test token holds every permission either way.
   */
  readonly permissions?: PermissionMode;
  /**
   * CSDL served as is at `/{version}/$metadata` (the `METADATA` files given); a version without one is served the
   * metadata built from the pages.
   */
  readonly serviceMetadata?: Readonly<Partial<Record<GraphVersion, string>>>;
  /** Things the operator should know once, e.g. pages whose permissions are unknown. */
  readonly notice?: (line: string) => void;
  /**
   * What `GET /health` says this mock is (harness, docs, options), so that a run can tell it from a stale one. The
   * docs' hash is asked for on the first health request that needs it: hashing a large doc set takes a while.
   */
  readonly serving?: {
    readonly harness: string;
    readonly docs: () => string;
    readonly options: MockIdentity['options'];
  };
}

export interface TenantCore {
  /** Documented (method, path template) pairs served, each under both `/v1.0` and `/beta`. */
  readonly operations: number;
  readonly bodyLimitBytes: number;
  admit(head: RequestHead): Admission | Promise<Admission>;
  /** Forgets every write: the tenant answers its documented seeds again. */
  reset(): void;
}

export function createTenantCore(options: TenantCoreOptions): TenantCore {
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  if (!Number.isSafeInteger(bodyLimitBytes) || bodyLimitBytes < 0) {
    throw new RangeError(`bodyLimitBytes must be a non-negative integer, got ${String(bodyLimitBytes)}`);
  }
  const throttleRate = options.throttleRate ?? 0;
  if (!(throttleRate >= 0 && throttleRate <= 1))
    throw new RangeError(`throttleRate must be from 0 to 1, got ${String(throttleRate)}`);
  const table = buildRouteTable(options.pages);
  const validators = new Map<Page, Validator | undefined>();
  const noticed = new Set<Page>();
  const documented = indexDocumentedAnswers(options.pages, table);
  const sessions = new Sessions(
    options.sessionLimitBytes ?? DEFAULT_SESSION_LIMIT_BYTES,
    options.totalLimitBytes ?? DEFAULT_TOTAL_LIMIT_BYTES,
  );
  const refusingNull = nullRefusal(options.pages, options.serviceMetadata);
  const validatorFor = (page: Page): Validator | undefined => {
    // Compiling a schema is the expensive part of validation; do it once per page, not once per request.
    if (!validators.has(page)) validators.set(page, refusingNull(page, options.schemas.requestBodyValidator(page)));
    return validators.get(page);
  };
  const metadata = new Map<GraphVersion, string>();
  const context: CoreContext = {
    serviceMetadata: (version) => {
      // Built when first asked for: a client that never reads `$metadata` does not pay for it.
      let text = metadata.get(version) ?? options.serviceMetadata?.[version];
      if (text === undefined) text = writeCsdl(serviceModel(options.pages, table, version));
      metadata.set(version, text);
      return text;
    },
    table,
    documented,
    sessions,
    routes: new RouteCache(ROUTE_CACHE_SIZE),
    answerer: createAnswerer({
      documented,
      validatorFor,
      holdsMany: (typeName, property, version) => options.schemas.propertyHoldsMany(typeName, property, version),
    }),
    handedOut: new HandedOutUrls(),
    authority: new TokenAuthority(Date.now, options.testTokens),
    identity: {
      clients: registeredClients(options.identity, {
        roles: documentedPermissions(options.pages, 'application'),
        scopes: documentedPermissions(options.pages, 'delegated'),
      }),
      user: SIGNED_IN_USER,
    },
    bodyLimitBytes,
    throttleRate,
    checkPermissions: (options.permissions ?? 'check') === 'check',
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    random: options.random ?? Math.random,
    checkContentType: lastAccepted(checkJsonContentType),
    health: healthAnswer(countOperations(table), options.serving),
    noticeUnknownPermissions: (page) => {
      if (noticed.has(page)) return;
      noticed.add(page);
      options.notice?.(
        `${page.file}: permissions unknown (none listed, or TODO): any token is accepted for its operations`,
      );
    },
  };
  return {
    operations: countOperations(table),
    bodyLimitBytes,
    admit: (head) => admit(context, head),
    reset: () => {
      sessions.reset();
    },
  };
}

interface CoreContext {
  /** The CSDL of a version: the one given, else built from the pages (once). */
  readonly serviceMetadata: (version: GraphVersion) => string;
  readonly table: RouteTable;
  readonly documented: DocumentedAnswers;
  readonly sessions: Sessions;
  readonly routes: RouteCache;
  readonly answerer: Answerer;
  readonly handedOut: HandedOutUrls;
  readonly authority: TokenAuthority;
  readonly identity: IdentityDirectory;
  readonly bodyLimitBytes: number;
  readonly throttleRate: number;
  /** `permissions: 'check'`: the page's permissions table decides what a token may call. */
  readonly checkPermissions: boolean;
  readonly retryAfterSeconds: number;
  readonly random: () => number;
  readonly noticeUnknownPermissions: (page: Page) => void;
  /** The body of `GET /health`. */
  readonly health: () => Record<string, unknown>;
  /** `checkJsonContentType`, remembering the last value it accepted: clients send the same one every time. */
  readonly checkContentType: (contentType: string | undefined) => Reply | undefined;
}

/** `{ status, operations }`, and with `serving` known, what this mock is (see `src/core/mock-health.ts`). */
function healthAnswer(operations: number, serving: TenantCoreOptions['serving']): () => Record<string, unknown> {
  if (serving === undefined) return () => ({ status: 'ok', operations });
  let answer: MockHealth | undefined;
  return () => {
    answer ??= {
      status: 'ok',
      service: MOCK_SERVICE,
      operations,
      harness: serving.harness,
      docs: serving.docs(),
      options: serving.options,
    };
    return { ...answer };
  };
}

function lastAccepted(
  check: (contentType: string | undefined) => Reply | undefined,
): (contentType: string | undefined) => Reply | undefined {
  let accepted: string | undefined;
  return (contentType) => {
    if (contentType !== undefined && contentType === accepted) return undefined;
    const failure = check(contentType);
    if (failure === undefined) accepted = contentType;
    return failure;
  };
}

function admit(context: CoreContext, head: RequestHead): Admission | Promise<Admission> {
  const origin = head.origin ?? 'http://127.0.0.1';
  const cached = context.routes.get(origin, head.method, head.url);
  // A remembered request line is a Graph route (health and identity answers are never remembered).
  if (cached !== undefined) return admitGraph(context, head, cached);
  const { pathname, query } = splitUrl(head.url);
  if (pathname.toLowerCase() === '/health') {
    if (head.method !== 'GET') return reply(methodNotAllowed(head.method, ['GET']));
    return reply({ kind: 'json', status: 200, body: context.health() });
  }

  if (pathname.toLowerCase() === RESET_PATH) {
    if (head.method !== 'POST') return reply(methodNotAllowed(head.method, ['POST']));
    context.sessions.resetOne(header(head, SESSION_HEADER));
    return reply({ kind: 'empty', status: 204 });
  }

  // Like Graph, the service metadata is public: no token is asked for.
  const metadataOf = /^\/(v1\.0|beta)\/\$metadata$/i.exec(pathname)?.[1]?.toLowerCase();
  if (metadataOf === 'v1.0' || metadataOf === 'beta') {
    if (head.method !== 'GET') return reply(methodNotAllowed(head.method, ['GET']));
    return reply({
      kind: 'raw',
      status: 200,
      contentType: 'application/xml; charset=utf-8',
      body: context.serviceMetadata(metadataOf),
    });
  }

  const batch = batchVersion(pathname);
  if (batch !== undefined) return admitBatch(context, head, batch);

  // Handed-out URLs are pre-authenticated, like Graph's: the URL is the credential, and no token is asked for.
  if (pathname.startsWith(HANDED_OUT_PREFIX)) return admitHandedOut(context, head, pathname);

  const identity = identityRoute(head.method, pathname);
  if (identity !== undefined) return admitIdentity(context, head, identity, origin);

  const routed = route(context, head.method, pathname, query, origin);
  // Routing depends only on the docs and the request line: remembered, so repeated requests skip it.
  context.routes.set(origin, head.method, head.url, routed);
  return admitGraph(context, head, routed);
}

/** Throttling and authentication come before the routing result is used: a 401 does not reveal what exists. */
function admitGraph(context: CoreContext, head: RequestHead, routed: Routed): Admission | Promise<Admission> {
  const throttled = throttling(context, head);
  if (throttled !== undefined) return reply(throttled);

  const bearer = readBearer(header(head, 'authorization'));
  if (!bearer.ok) return reply(bearer.reply);
  if (routed.kind === 'reply') return reply(routed.reply);
  const { request } = routed;

  const verified = context.authority.verify(bearer.token);
  // Most tokens were verified before: then no promise (and no extra tick) is needed.
  if (verified instanceof Promise) return verified.then((result) => afterVerify(context, head, request, result));
  return afterVerify(context, head, request, verified);
}

function afterVerify(context: CoreContext, head: RequestHead, request: ResolvedRequest, result: Verified): Admission {
  return result.ok ? authorised(context, head, request, result.grant) : reply(unauthenticated(result.message));
}

/**
 * An injected 429: by `x-mock-throttle: <seconds>` on a first attempt (a retry, which both Graph SDKs mark with
 * `Retry-Attempt`, goes through, so that a client's retry handling can be tested), or by the throttle rate.
 */
function throttling(context: CoreContext, head: RequestHead): Reply | undefined {
  const throttle = header(head, THROTTLE_HEADER);
  if (throttle !== undefined && header(head, 'retry-attempt') === undefined) {
    if (!/^\d{1,6}$/.test(throttle.trim()))
      return badRequest(`${THROTTLE_HEADER} must be a whole number of seconds, got '${throttle}'.`);
    return tooManyRequests(Number(throttle.trim()));
  }
  if (context.throttleRate > 0 && context.random() < context.throttleRate)
    return throttledByRate(context.retryAfterSeconds);
  return undefined;
}

/** Requests whose routing is remembered; past this, the memory starts over. */
const ROUTE_CACHE_SIZE = 4096;

type Routed =
  { readonly kind: 'reply'; readonly reply: Reply } | { readonly kind: 'route'; readonly request: ResolvedRequest };

/**
 * Routing results by origin, method and request target; past `limit` entries, the memory starts over. Nested maps
 * rather than one joined key: the origin and method are the same strings every time (their hashes are kept), and only
 * the short target is hashed, with no joined string made per request.
 */
class RouteCache {
  readonly #byOrigin = new Map<string, Map<string, Map<string, Routed>>>();
  readonly #limit: number;
  #size = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(origin: string, method: string, url: string): Routed | undefined {
    return this.#byOrigin.get(origin)?.get(method)?.get(url);
  }

  set(origin: string, method: string, url: string, routed: Routed): void {
    if (this.#size >= this.#limit) {
      this.#byOrigin.clear();
      this.#size = 0;
    }
    let byMethod = this.#byOrigin.get(origin);
    if (byMethod === undefined) this.#byOrigin.set(origin, (byMethod = new Map<string, Map<string, Routed>>()));
    let byUrl = byMethod.get(method);
    if (byUrl === undefined) byMethod.set(method, (byUrl = new Map<string, Routed>()));
    if (!byUrl.has(url)) this.#size++;
    byUrl.set(url, routed);
  }
}

/** Which operation, resource and documented example a request line reaches, or the 404/405 it gets. */
function route(
  context: CoreContext,
  rawMethod: string,
  pathname: string,
  query: URLSearchParams,
  origin: string,
): Routed {
  const target = splitVersion(pathname);
  if (target === undefined) {
    const first = pathname.split('/').find((part) => part !== '') ?? '/';
    return { kind: 'reply', reply: segmentNotFound(first) };
  }
  const malformed = undecodableSegment(target.path);
  if (malformed !== undefined) return { kind: 'reply', reply: invalidIdentifier(malformed) };
  const { documented } = context;
  let path = target.path;
  let lookup = lookupRoute(context, path, query);
  // A type cast the docs do not document as a path of its own: the path without it, its members of that type.
  const typeCast = lookup.kind === 'found' ? undefined : splitTypeCast(path);
  if (typeCast !== undefined) {
    path = typeCast.path;
    lookup = lookupRoute(context, path, query);
  }
  const cast = typeCast?.cast;
  // `/$count` counts any collection, documented or not (OData's system segment): routed as a read of the collection.
  const counted = lookup.kind !== 'found' && /\/\$count$/i.test(path) && rawMethod === 'GET';
  if (counted) lookup = lookupRoute(context, path.slice(0, -'/$count'.length), query);
  if (lookup.kind === 'no-route') return { kind: 'reply', reply: segmentNotFound(lookup.segment) };
  if (lookup.kind === 'unknown-entity') return { kind: 'reply', reply: entityNotFound(lookup.value) };
  if (counted && !describeShape(documented, lookup.matches).collection)
    return { kind: 'reply', reply: segmentNotFound('$count') };

  const documentedMethods = allowedMethods(lookup.matches);
  const shape = describeShape(documented, lookup.matches);
  // A path that holds state can always be read back: that is how a client checks what its write did.
  const readable = shape.collection || documentedMethods.some((m) => m === 'PATCH' || m === 'PUT');
  // A cast reads what is there: writes go to the path without it.
  const allowed = HTTP_METHODS.filter(
    (m) => (cast === undefined && documentedMethods.includes(m)) || (m === 'GET' && (readable || cast !== undefined)),
  );
  if (!isMethod(rawMethod) || !allowed.includes(rawMethod))
    return { kind: 'reply', reply: methodNotAllowed(rawMethod, allowed) };
  const method = rawMethod;
  // A path documented for both versions is answered by the page of the request's version.
  const byVersion = [...lookup.matches].sort(
    (a, b) => Number(b.operation.page.version === target.version) - Number(a.operation.page.version === target.version),
  );
  const match =
    byVersion.find((candidate) => candidate.operation.method === method) ?? byVersion[0] ?? lookup.matches[0];
  const sameMethod = byVersion.filter((m) => m.operation.method === method);

  const key = counted ? `${resourceKey(match)}/$count` : resourceKey(match);
  let chosen = match;
  // A cast answers from the state: no documented example shows the members of one type.
  let candidates = cast === undefined ? documented.examplesFor(method, key, query, target.version) : [];
  // A path the request's version documents is answered by that version's examples only: v1.0's riskyuser-list shows
  // `"isDeleted": "Boolean"` at `GET /identityProtection/riskyUsers`, which beta documents with examples of its own.
  if (sameMethod.some((m) => m.operation.source === 'http-request' && m.operation.page.version === target.version))
    candidates = candidates.filter((example) => (documented.versionOf(example) ?? target.version) === target.version);
  // Examples keyed to this very resource, as opposed to examples that leave its id a `{placeholder}`.
  let addressed = candidates.length > 0;
  if (candidates.length === 0 && cast === undefined)
    candidates = documented.templatedExamplesFor(method, target.path, query);
  if (candidates.length === 0 && cast === undefined) {
    // Another documented path of a page, sent with an example's own stand-ins: answered by that example.
    const owned = documented.standInExamplesFor(method, target.path, query, target.version);
    const page = owned[0] === undefined ? undefined : documented.pageOf(owned[0]);
    const other = page === undefined ? undefined : sameMethod.find((m) => m.operation.page === page);
    if (other !== undefined) {
      chosen = other;
      candidates = owned.filter((example) => documented.pageOf(example) === page);
      // The stand-ins are the example's own resource: a read is answered with what the example shows there (its
      // listing's members), not the empty state of a path no example addresses.
      addressed = candidates.length > 0;
    }
  }
  if (candidates.length === 0 && cast === undefined) {
    // Another documented path of a page, sent with the query of that page's example: answered by that example, a
    // read with what the example shows (user-list-events' example on `GET /me/calendar/events`), as on its own path.
    for (const other of sameMethod) {
      const byQuery = documented.pageExamplesFor(other.operation, query);
      if (byQuery.length > 0) {
        chosen = other;
        candidates = byQuery;
        addressed = true;
        break;
      }
    }
  }
  const operation = chosen.operation.method === method ? chosen.operation : undefined;
  const documentedBy = sameMethod.filter((m) => m.operation.source === 'http-request');
  // An implicit read answers like the write documented on the path: its example shows the resource.
  const example = candidates[0] ?? documented.defaultExample(operation ?? chosen.operation);
  const request: ResolvedRequest = {
    method,
    version: target.version,
    query,
    origin,
    pathname,
    viaMe: asSignedInUser(target.path) !== undefined,
    memberKeys: memberKeys(chosen),
    ...shape,
    match: chosen,
    key,
    operation,
    example,
    exact: candidates.length > 0,
    addressed,
    candidates,
    documentedBy,
    // Only a write sends a body to pick by.
    routeExamples:
      method === 'GET' || method === 'DELETE'
        ? []
        : documentedBy.flatMap((m) => m.operation.page.examples.filter((example) => example.request.method === method)),
    permissionsOf: match.operation.page,
    media: (method === 'PATCH' || method === 'PUT' || method === 'POST') && acceptsMedia(match, example),
    odataType: odataTypeOf({ example, operation, match: chosen }, documented),
    entityContext: contextUrl(target.version, chosen, true, cast),
    collectionContext: contextUrl(target.version, chosen, false, cast),
    ...(cast === undefined ? {} : { cast }),
  };
  return { kind: 'route', request };
}

/**
 * What every operation on the path says about the resource there: the example that shows it (a read's, else a
 * write's), and whether it is a collection (a read answers `value`, or a POST creates members in it).
 */
function describeShape(
  documented: DocumentedAnswers,
  matches: readonly RouteMatch[],
): { readExample: Example | undefined; collection: boolean } {
  const order: readonly HttpMethod[] = ['GET', 'PATCH', 'PUT', 'POST'];
  const examples = order
    .flatMap((method) => matches.filter((m) => m.operation.method === method))
    .map((m) => ({ method: m.operation.method, example: documented.defaultExample(m.operation) }));
  const shows = examples.find(({ example }) => example?.response?.body.kind === 'json');
  const read = examples.find(({ method }) => method === 'GET');
  const readsCollection = read !== undefined && isCollectionExample(read.example);
  const creates = matches.some(
    (m) => m.operation.method === 'POST' && createsMembers(m.operation.page, documented.defaultExample(m.operation)),
  );
  return { readExample: shows?.example, collection: readsCollection || (read === undefined && creates) };
}

function authorised(context: CoreContext, head: RequestHead, request: ResolvedRequest, grant: Grant): Admission {
  // `/me` is whoever signed in: an app signed in as itself has no `me`, and Graph says so.
  if (grant.kind === 'application' && request.viaMe)
    return reply(badRequest('/me request is only valid with delegated authentication flow.'));
  // An implicit read of a writable path is governed by the page of the write it reads back.
  if (context.checkPermissions) {
    const decision = decidePermission(request.permissionsOf, grant);
    if (decision.kind === 'denied') return reply(forbidden(decision.message));
    if (decision.kind === 'unknown') context.noticeUnknownPermissions(request.permissionsOf);
  }

  const contentLength = header(head, 'content-length');
  const hasBody = announcesBody(contentLength, header(head, 'transfer-encoding'));
  const contentType = header(head, 'content-type');
  if (
    hasBody &&
    !request.media &&
    (request.method === 'PATCH' || request.method === 'PUT' || request.method === 'POST')
  ) {
    const mediaFailure = context.checkContentType(contentType);
    if (mediaFailure !== undefined) return reply(mediaFailure);
  }
  const declaredLength = Number(contentLength ?? '0');
  if (declaredLength > context.bodyLimitBytes) return reply(payloadTooLarge(context.bodyLimitBytes));

  const session = header(head, SESSION_HEADER);
  const store = context.sessions.get(session);
  const mediaType = request.media ? (contentType ?? 'application/octet-stream') : undefined;
  const access: StateAccess = {
    eventual: header(head, 'consistencylevel')?.trim().toLowerCase() === 'eventual',
    shared: session === undefined || session === '',
  };
  return {
    kind: 'read-body',
    complete: answering(context, store, withExampleHeaders(context.documented, request, head), mediaType, access),
  };
}

/** Headers every client sends or the harness owns: they tell no documented example from another. */
const NOT_DISTINCTIVE = new Set(['authorization', 'content-type', 'content-length', 'host', 'accept']);

/**
 * Among examples of one request, the one the client names (EXAMPLE_HEADER) answers. Else, where they differ in the
 * headers they send (`Accept-Language: fr`, `Accept-Language: de`), the one whose headers were all sent answers; of
 * several, the one that sends the most of them.
 */
function withExampleHeaders(
  documented: DocumentedAnswers,
  request: ResolvedRequest,
  head: RequestHead,
): ResolvedRequest {
  const reference = header(head, EXAMPLE_HEADER);
  const named =
    reference === undefined
      ? undefined
      : request.candidates.find((candidate) => namesExample(reference, candidate.request.location));
  if (named === undefined && reference !== undefined) {
    const variant = namedOnItsPage(request, reference);
    if (variant !== undefined) return answeredBy(documented, variant, variant.named);
  }
  if (request.candidates.length < 2) return request;
  // First among the candidates too: a write picks, among those sending its body, the first.
  if (named !== undefined)
    return answeredBy(
      documented,
      { ...request, named, candidates: [named, ...request.candidates.filter((c) => c !== named)] },
      named,
    );
  let best = request.example;
  let bestScore = best === undefined ? -1 : headerScore(best, head);
  for (const candidate of request.candidates) {
    const score = headerScore(candidate, head);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best === request.example || best === undefined ? request : answeredBy(documented, request, best);
}

/**
 * The request as the example the client names answers it, where that example's page documents this path among its
 * `## HTTP request` lines though the example shows another (calendargroup-list-calendars documents `GET
 * /me/calendars`, which user-list-calendars' examples show): the client replays that page's example on another of
 * its paths, and gets what the example shows, as it would on the example's own path. Only with the example's query.
 */
function namedOnItsPage(
  request: ResolvedRequest,
  reference: string,
): (ResolvedRequest & { named: Example }) | undefined {
  for (const match of request.documentedBy) {
    const named = match.operation.page.examples.find(
      (example) =>
        example.request.method === request.method &&
        namesExample(reference, example.request.location) &&
        sameQuery(example, request.query),
    );
    if (named !== undefined)
      return {
        ...request,
        match,
        operation: match.operation,
        named,
        candidates: [named],
        exact: true,
        addressed: true,
      };
  }
  return undefined;
}

/** How many distinctive headers the example sends, all of them sent as documented; -1 when one differs. */
function headerScore(example: Example, head: RequestHead): number {
  const documented = example.request.headers.filter((h) => !NOT_DISTINCTIVE.has(h.name.toLowerCase()));
  const all = documented.every((h) => header(head, h.name.toLowerCase())?.trim() === h.value.trim());
  return all ? documented.length : -1;
}

/**
 * A returned function, not a named one made per request: that keeps tsx's name-keeping helper off the hot path.
 * An answer that hands out a URL on another host hands out one of the mock's own (handed-out.ts).
 */
function answering(
  context: CoreContext,
  store: ResourceStore,
  request: ResolvedRequest,
  mediaType: string | undefined,
  access: StateAccess,
): (body: Uint8Array) => Reply {
  return (body) => {
    const answer = context.answerer.answer(store, request, body, mediaType, access);
    return mayHandOut(answer)
      ? context.handedOut.issue(answer, {
          origin: request.origin,
          version: request.version,
          key: request.key,
          store,
          body,
          pathname: request.pathname,
        })
      : answer;
  };
}

/** `$batch`: throttled and authenticated as one request; each request in it is then answered as if sent alone. */
function admitBatch(context: CoreContext, head: RequestHead, version: string): Admission | Promise<Admission> {
  if (head.method !== 'POST') return reply(methodNotAllowed(head.method, ['POST']));
  const throttled = throttling(context, head);
  if (throttled !== undefined) return reply(throttled);
  const bearer = readBearer(header(head, 'authorization'));
  if (!bearer.ok) return reply(bearer.reply);
  const declaredLength = Number(header(head, 'content-length') ?? '0');
  if (declaredLength > context.bodyLimitBytes) return reply(payloadTooLarge(context.bodyLimitBytes));
  const proceed = (verified: Verified): Admission =>
    verified.ok
      ? {
          kind: 'read-body',
          complete: (body) => runBatch(head, version, body, (inner, bytes) => dispatch(context, inner, bytes)),
        }
      : reply(unauthenticated(verified.message));
  const verified = context.authority.verify(bearer.token);
  return verified instanceof Promise ? verified.then(proceed) : proceed(verified);
}

/** One request through the whole core, as if it came on its own connection. */
async function dispatch(context: CoreContext, head: RequestHead, body: Uint8Array): Promise<Reply> {
  const admission = await admit(context, head);
  return admission.kind === 'reply' ? admission.reply : admission.complete(body);
}

function admitHandedOut(context: CoreContext, head: RequestHead, pathname: string): Admission {
  const declaredLength = Number(header(head, 'content-length') ?? '0');
  if (declaredLength > context.bodyLimitBytes) return reply(payloadTooLarge(context.bodyLimitBytes));
  const headers = { range: header(head, 'range'), contentRange: header(head, 'content-range') };
  return { kind: 'read-body', complete: (body) => context.handedOut.answer(head.method, pathname, headers, body) };
}

/** Media resources and operations documented with a non-JSON body take any content type. */
function acceptsMedia(match: RouteMatch, example: Example | undefined): boolean {
  const body = example?.request.body;
  // A stream the page documents as a JSON object is written as JSON (userflowlanguagepage-put's
  // `…/overridesPages/{id}/$value`); OneNote's `…/content` takes an array of commands, as media.
  if (body?.kind === 'json' && isJsonObject(body.value)) return false;
  const last = match.parts.at(-1)?.toLowerCase();
  if (last === '$value' || last === 'content') return true;
  return body?.kind === 'text';
}

function admitIdentity(
  context: CoreContext,
  head: RequestHead,
  route: NonNullable<ReturnType<typeof identityRoute>>,
  origin: string,
): Admission | Promise<Admission> {
  switch (route.kind) {
    case 'openid-configuration':
      return reply(openIdConfiguration(origin, route.tenant));
    case 'instance-discovery':
      return reply(instanceDiscovery(new URL(origin).host, origin));
    case 'keys':
      return keys(context.authority).then(reply);
    case 'token': {
      if (head.method !== 'POST') return reply(methodNotAllowed(head.method, ['POST']));
      const declaredLength = Number(header(head, 'content-length') ?? '0');
      if (declaredLength > context.bodyLimitBytes) return reply(payloadTooLarge(context.bodyLimitBytes));
      return {
        kind: 'read-body',
        complete: (body) => token(context.authority, context.identity, origin, header(head, 'content-type'), body),
      };
    }
  }
}

/** `lookupPath`, less the operations documented with query options the request does not send. */
function lookupRoute(context: CoreContext, path: string, query: URLSearchParams): PathLookup {
  const lookup = lookupPath(context.table, context.documented.directory, path);
  if (lookup.kind !== 'found') return lookup;
  // A line documented with a query string (`GET /users/{id}?$expand=extensions(…)`) is not the bare path.
  const [first, ...rest] = withQueryOptions(lookup.matches, query);
  return first === undefined
    ? { kind: 'no-route', segment: lastSegment(path) }
    : { kind: 'found', matches: [first, ...rest] };
}

function lastSegment(path: string): string {
  return (
    path
      .split('/')
      .filter((part) => part !== '')
      .at(-1) ?? '/'
  );
}

function reply(value: Reply): Admission {
  return { kind: 'reply', reply: value };
}

function isMethod(method: string): method is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(method);
}

function splitUrl(url: string): { pathname: string; query: URLSearchParams } {
  let target = url;
  if (!url.startsWith('/')) {
    try {
      const parsed = new URL(url);
      target = `${parsed.pathname}${parsed.search}`;
    } catch {
      target = url;
    }
  }
  const cut = target.search(/[?#]/);
  const pathname = cut < 0 ? target : target.slice(0, cut);
  const query = cut < 0 ? '' : target.slice(cut + 1);
  const hash = query.indexOf('#');
  const search = hash < 0 ? query : query.slice(0, hash);
  return { pathname, query: new URLSearchParams(search) };
}

function header(head: RequestHead, name: string): string | undefined {
  const value = head.headers[name];
  return typeof value === 'string' ? value : value?.join(', ');
}

type Bearer = { readonly ok: true; readonly token: string } | { readonly ok: false; readonly reply: Reply };

function readBearer(authorization: string | undefined): Bearer {
  // What clients send, answered without running a pattern over a kilobyte-long token.
  if (authorization?.startsWith('Bearer ') === true) {
    const value = authorization.slice(7).trim();
    if (value !== '') return { ok: true, token: value };
  }
  if (authorization === undefined || authorization.trim() === '')
    return { ok: false, reply: unauthenticated('Access token is empty.') };
  const trimmed = authorization.trim();
  const space = trimmed.search(/\s/);
  const scheme = space < 0 ? trimmed : trimmed.slice(0, space);
  if (scheme.toLowerCase() !== 'bearer') {
    return {
      ok: false,
      reply: unauthenticated('The Authorization header must use the Bearer scheme: "Authorization: Bearer <token>".'),
    };
  }
  const value = space < 0 ? '' : trimmed.slice(space).trim();
  if (value === '') return { ok: false, reply: unauthenticated('Access token is empty.') };
  return { ok: true, token: value };
}

/**
 * The common state, and one state per named session: each at most `sessionLimit` bytes, all together at most
 * `totalLimit`; past that, the least recently used sessions are forgotten first (never the one writing).
 */
class Sessions implements StorageBudget {
  readonly #common: ResourceStore;
  readonly #named = new Map<string, ResourceStore>();
  readonly #sessionLimit: number;
  readonly #totalLimit: number;
  #used = 0;

  constructor(sessionLimit: number, totalLimit: number) {
    this.#sessionLimit = sessionLimit;
    this.#totalLimit = totalLimit;
    this.#common = new ResourceStore(sessionLimit, this);
  }

  get(name: string | undefined): ResourceStore {
    if (name === undefined || name === '') return this.#common;
    const existing = this.#named.get(name);
    if (existing !== undefined) {
      // Re-inserting keeps the map in least-recently-used order.
      this.#named.delete(name);
      this.#named.set(name, existing);
      return existing;
    }
    const created = new ResourceStore(this.#sessionLimit, this);
    this.#named.set(name, created);
    if (this.#named.size > MAX_SESSIONS) {
      const oldest = this.#named.keys().next().value;
      if (oldest !== undefined) this.#forget(oldest);
    }
    return created;
  }

  reserve(bytes: number, store: ResourceStore): boolean {
    for (const name of this.#named.keys()) {
      if (this.#used + bytes <= this.#totalLimit) break;
      if (this.#named.get(name) !== store) this.#forget(name);
    }
    if (this.#used + bytes > this.#totalLimit) return false;
    this.#used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }

  /** Forgets one named session, or the common state (without a name). */
  resetOne(name: string | undefined): void {
    if (name === undefined || name === '') this.#common.reset();
    else this.#forget(name);
  }

  #forget(name: string): void {
    this.#named.get(name)?.reset();
    this.#named.delete(name);
  }

  reset(): void {
    this.#common.reset();
    for (const name of [...this.#named.keys()]) this.#forget(name);
  }
}
