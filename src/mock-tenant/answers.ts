/**
 * What each method does to the tenant's state, and the answer it gets:
 *
 * - GET reads: what was written, else what the docs show (the repeated example, the resource's seed, the member of a
 *   documented collection, the operation's example). Collections page with `$top`; `$select` picks properties.
 * - PATCH validates the body against the request-body table and merges; PUT replaces (media: stores the bytes).
 * - POST with a documented `201` creates a member with a server-generated id and answers its `Location`; any other
 *   POST is an action and answers its documented response.
 * - DELETE answers its documented status; later reads are 404.
 *
 * A complete documented answer (not `truncated`) is the operation's default property set, as Graph's default
 * `$select` is: the mock answers those properties of the state, no more.
 */
import { randomUUID } from 'node:crypto';
import type { Example, ResponseExample } from '../docs/model.ts';
import type { GraphVersion, HttpMethod } from '../core/http.ts';
import type { Page } from '../docs/model.ts';
import type { SchemaError, SchemaRegistry, Validator } from '../schema/registry.ts';
import { readOnlyStatement } from '../schema/statements.ts';
import { examplesWrite } from '../schema/example-checks.ts';
import { decodeJsonObject } from './body.ts';
import { isSuccess, type DocumentedAnswers } from './documented.ts';
import { badRequest, entityNotFound, forbidden, insufficientStorage, memberNotFound } from './errors.ts';
import { actionEffect } from './actions.ts';
import { isPlaceholderDefault } from './tenant.ts';
import { isTenantIdentity } from './tenant-seed.ts';
import { refuseAdvancedQuery } from './advanced-query.ts';
import {
  nextLink,
  pageOf,
  project,
  projection,
  readQueryOptions,
  selectMembers,
  type Expand,
  type ReadOptions,
} from './odata.ts';
import { reusableJson, setOwn, withoutAnnotations, type JsonObject, type Reply } from './reply.ts';
import { contextPath, type Operation, type RouteMatch } from './routes.ts';
import { DELETED, isMedia, mergeEntity, type Entity, type ResourceStore } from './store.ts';
import { deepFreeze, isJsonObject, jsonEqual, ownValue } from '../core/json.ts';

export interface ResolvedRequest {
  readonly method: HttpMethod;
  readonly version: GraphVersion;
  readonly match: RouteMatch;
  readonly key: string;
  readonly query: URLSearchParams;
  readonly origin: string;
  /** The request path as sent (with version), for `@odata.nextLink`. */
  readonly pathname: string;
  /** The path starts with `/me`: only a user's token has one. */
  readonly viaMe: boolean;
  /** The members the path names by id (see `memberKeys`): each must exist. */
  readonly memberKeys: readonly string[];
  /** The documented operation of this method; undefined for the implicit read of a writable path. */
  readonly operation: Operation | undefined;
  /** The example that answers: the one this request repeats, else the operation's default. */
  readonly example: Example | undefined;
  /** Whether `example` is one this request repeats exactly (same resource and query). */
  readonly exact: boolean;
  /** Whether it repeats an example addressed to this very resource (not one leaving its id a `{placeholder}`). */
  readonly addressed: boolean;
  /** Every example the request repeats; a write picks the one whose body it sends. */
  readonly candidates: readonly Example[];
  /**
   * The examples of the pages whose `## HTTP request` lines document this path for this method: a write that sends
   * one's body exactly is answered by it, on whichever of its page's paths it is sent.
   */
  readonly routeExamples: readonly Example[];
  /** The documented operations of this path and method: their pages' `## HTTP request` lines name it. */
  readonly documentedBy: readonly RouteMatch[];
  /** The example that shows the resource at this path (a read's, else a write's). */
  readonly readExample: Example | undefined;
  /** The path holds a collection: reads answer `value`. */
  readonly collection: boolean;
  /** The page whose permissions table governs the request. */
  readonly permissionsOf: Page;
  /** Worked out once per request line (see `route`): they do not depend on the body or the state. */
  readonly odataType: string | undefined;
  readonly entityContext: string;
  readonly collectionContext: string;
  /** The body is media (any bytes, stored as sent) rather than JSON. */
  readonly media: boolean;
  /** A type-cast segment ended the path (`…/members/microsoft.graph.user`): only members of that type are read. */
  readonly cast?: string;
  /**
   * The example the client named (`x-mock-example`): a body it sends is that example's, however like another
   * example's it is, unless it is exactly another's.
   */
  readonly named?: Example;
}

/**
 * A documented POST that answers `201 Created` creates a member of the collection it is sent to. The operation's own
 * example decides where there is one: prose may name the status of a later step (an upload session's last fragment
 * answers 201; creating the session answers 200).
 */
export function createsMembers(page: Page, example: Example | undefined): boolean {
  const shown = example?.response?.status;
  return shown !== undefined ? shown === 201 : page.successStatus?.status === 201;
}

export function isCollectionExample(example: Example | undefined): boolean {
  return isCollectionAnswer(example?.response);
}

export interface AnswerDeps {
  readonly documented: DocumentedAnswers;
  readonly validatorFor: (page: Page) => Validator | undefined;
  /** Whether a type's property holds a collection, as the docs' tables have it (see `SchemaRegistry`). */
  readonly holdsMany: SchemaRegistry['propertyHoldsMany'];
}

/** What a request says about the state it works on, besides its line and body. */
export interface StateAccess {
  /** The client sent `ConsistencyLevel: eventual` (the directory's advanced queries need it). */
  readonly eventual: boolean;
  /** The request works on the common state (no `x-mock-session`), which every such client shares. */
  readonly shared: boolean;
}

export interface Answerer {
  /** `mediaType` is set when the body is media (any bytes) rather than JSON. */
  answer(
    store: ResourceStore,
    request: ResolvedRequest,
    body: Uint8Array,
    mediaType: string | undefined,
    access: StateAccess,
  ): Reply;
}

/** What answering needs: the docs, the validators, and the state of the request's session. */
interface Deps extends AnswerDeps, StateAccess {
  readonly store: ResourceStore;
  readonly bodies: KeptBodies;
}

export function createAnswerer(common: AnswerDeps): Answerer {
  // Per answerer, as its validators are: two mocks may check the same page against different metadata.
  const bodies: KeptBodies = new Map();
  return {
    answer(store, request, body, mediaType, access) {
      const deps: Deps = {
        documented: common.documented,
        validatorFor: common.validatorFor,
        holdsMany: common.holdsMany,
        bodies,
        store,
        eventual: access.eventual,
        shared: access.shared,
      };
      const missing = request.memberKeys.find((key, index) => !exists(deps, key, request, index));
      if (missing !== undefined) return memberNotFound(missing);
      switch (request.method) {
        case 'GET':
          return read(deps, request);
        case 'DELETE':
          return remove(deps, request);
        case 'PATCH':
        case 'PUT':
        case 'POST':
          return write(deps, request, body, mediaType);
      }
    },
  };
}

function documentedResponse(request: ResolvedRequest): ResponseExample | undefined {
  const response = request.example?.response;
  // Redirects are documented answers too (a report function answers 302 with its download Location).
  return response !== undefined && !response.expectError && response.status >= 200 && response.status < 400
    ? response
    : undefined;
}

/**
 * The operation's example's status line first (what a test of the operation expects, on any of its paths), then the
 * page's prose (which may name a later step's status: an upload's last fragment answers 201), then the method's default.
 */
function successStatus(request: ResolvedRequest): number {
  const shown = documentedResponse(request)?.status;
  if (shown !== undefined) return shown;
  const prose = request.operation?.page.successStatus?.status;
  if (prose !== undefined && isSuccess(prose)) return prose;
  return request.method === 'DELETE' ? 204 : 200;
}

function isCollectionAnswer(response: ResponseExample | undefined): boolean {
  if (response?.body.kind !== 'json' || !isJsonObject(response.body.value)) return response?.isCollection === true;
  return response.isCollection || Array.isArray(response.body.value['value']);
}

function read(deps: Deps, request: ResolvedRequest): Reply {
  const stored = deps.store.read(request.key);
  if (stored === DELETED) return entityNotFound(request.key);
  if (isMedia(stored)) {
    // Where the doc redirects a content read (`/content` → 302), the download URL serves what was stored (handed-out.ts).
    const redirect = documentedResponse(request);
    if (redirect !== undefined && redirect.status >= 300) return documentedAsIs(redirect);
    return { kind: 'raw', status: 200, contentType: stored.contentType, body: stored.bytes };
  }
  // A collection only POSTed to is read implicitly: the POST's answer shows a member, not the listing.
  const listsImplicitly = request.collection && request.operation === undefined;
  const response = listsImplicitly ? undefined : documentedResponse(request);
  const options = readOptionsOf(request);
  if (!options.ok) return badRequest(options.message);
  if (stored === undefined && response !== undefined && response.body.kind !== 'json') return documentedAsIs(response);

  if (isDelta(request)) return delta(deps, request, options, response);
  const countSegment = request.key.endsWith('/$count');
  if (countSegment || (stored === undefined && (listsImplicitly || isCollectionAnswer(response)))) {
    const key = countSegment ? request.key.slice(0, -'/$count'.length) : request.key;
    const refused = refuseAdvancedQuery(key, options, deps.eventual, countSegment);
    if (refused !== undefined) return refused;
    const body = response?.body.kind === 'json' && isJsonObject(response.body.value) ? response.body.value : {};
    // A request that repeats a documented one is answered with the documented members; any other gets the
    // collection's state, with its query options applied.
    const repeats = request.exact && request.addressed && !countSegment && !deps.store.wasCreated(parentOf(key));
    const cast = request.cast;
    const members = (): unknown[] =>
      cast === undefined
        ? collectionMembers(deps, key, request.version)
        : collectionMembers(deps, key, request.version).filter((item) => ofCastType(item, cast, request.odataType));
    const items = repeats
      ? withState(deps, key, Array.isArray(body['value']) ? (body['value'] as unknown[]) : [])
      : selectMembers(members(), options);
    if (countSegment)
      return { kind: 'raw', status: 200, contentType: 'text/plain; charset=utf-8', body: String(items.length) };
    const names = projection(options.select, response, true, request.exact);
    const page = pageOf(items, options.skip, options.top);
    // Documented control information such as `@odata.deltaLink` stays; context and paging are the mock's own.
    const extra = Object.fromEntries(
      Object.entries(body).filter(
        ([name]) => name !== '@odata.context' && name !== '@odata.nextLink' && name !== '@odata.count',
      ),
    );
    return json(readStatus(request, response), {
      '@odata.context': context(request, false),
      ...(options.count ? { '@odata.count': items.length } : {}),
      ...Object.fromEntries(Object.entries(extra).filter(([name]) => name !== 'value')),
      value: page.items.map((item) =>
        isJsonObject(item) && typeof item['id'] === 'string'
          ? expand(
              deps,
              `${key}/${encodeURIComponent(item['id'])}`,
              project(item, names),
              options,
              typed(item, request),
              repeats ? item : undefined,
            )
          : isJsonObject(item)
            ? project(item, names)
            : item,
      ),
      ...(page.next === undefined
        ? {}
        : { '@odata.nextLink': nextLink(request.origin, request.pathname, request.query, page.next) }),
    });
  }
  const entity = stored ?? withRepeatedExample(request, response, initialState(deps, request));
  // A cast to a type the entity is not of addresses nothing (`/directoryObjects/{user}/microsoft.graph.group`).
  if (request.cast !== undefined && !ofCastType(entity, request.cast, request.odataType))
    return entityNotFound(`${request.key}/${request.cast}`);
  const names = projection(options.select, response, false, request.exact);
  if (options.expand.length === 0) return entityAnswer(request, readStatus(request, response), entity, names);
  // Expanded navigations come with the entity whatever `$select` names, as Graph sends them.
  return entityAnswer(
    request,
    readStatus(request, response),
    expand(
      deps,
      request.key,
      project(entity, names),
      options,
      typed(entity, request),
      repeatedEntity(request, response),
    ),
    undefined,
  );
}

/** The entity the example a read repeats shows, without its annotations; undefined for any other read. */
function repeatedEntity(request: ResolvedRequest, response: ResponseExample | undefined): JsonObject | undefined {
  return repeatsDocumented(request) ? shownEntity(response) : undefined;
}

/**
 * The entity a documented answer shows, without its annotations; undefined for a collection or no JSON object. Frozen
 * and kept by answer: a write that repeats an example asks for it on every request.
 */
function shownEntity(response: ResponseExample | undefined): JsonObject | undefined {
  if (response === undefined) return undefined;
  let shown = SHOWN.get(response);
  if (shown === undefined) {
    const { body } = response;
    const entity = body.kind === 'json' && isJsonObject(body.value) && !isCollectionAnswer(response);
    shown = entity ? Object.freeze(withoutAnnotations(body.value)) : null;
    SHOWN.set(response, shown);
  }
  return shown ?? undefined;
}

const SHOWN = new WeakMap<ResponseExample, JsonObject | null>();

/**
 * The documented state, with what the example a read repeats shows and the state lacks, object by object: the state
 * merges every example that shows the resource, and another's nested object (an event's `location` without
 * `uniqueId`) must not hide what this one shows (eventmessage-get, onlinemeeting-get over the whole reference). What
 * the state holds stays: the tenant's own users are who they are, whatever an example shows.
 */
function withRepeatedExample(request: ResolvedRequest, response: ResponseExample | undefined, state: Entity): Entity {
  const shown = repeatedEntity(request, response);
  return shown === undefined ? state : withMissing(state, shown);
}

/**
 * `base` with what `shown` has and it lacks, objects completed property by property, and so the objects of arrays of
 * the same length, item by item (event-get's second location, whose address another example shows without `type`).
 */
function withMissing(base: JsonObject, shown: JsonObject): JsonObject {
  const result: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(shown)) {
    const held = Object.hasOwn(base, name) ? base[name] : undefined;
    if (held === undefined) setOwn(result, name, value);
    else setOwn(result, name, completed(held, value));
  }
  return result;
}

/** A value held, completed with what `shown` has and it lacks (see `withMissing`). */
function completed(held: unknown, shown: unknown): unknown {
  if (isJsonObject(held) && isJsonObject(shown)) return withMissing(held, shown);
  if (Array.isArray(held) && Array.isArray(shown) && held.length === shown.length)
    return held.map((item: unknown, index) => completed(item, shown[index]));
  return held;
}

/**
 * The query options of a read. A request that repeats a documented one is answered as the page shows it, though its
 * `$filter` goes beyond what the mock evaluates (`isof(…)`, a type cast in a property path) or its `$skiptoken` is
 * one Graph handed out (the docs show Graph's own): those two are then left to the documented answer.
 */
function readOptionsOf(request: ResolvedRequest): ReturnType<typeof readQueryOptions> {
  const options = readQueryOptions(request.query);
  if (options.ok || !repeatsDocumented(request)) return options;
  const rest = new URLSearchParams(request.query);
  rest.delete('$filter');
  rest.delete('$skiptoken');
  return readQueryOptions(rest);
}

/**
 * A read answers 200, or the success status the page shows for the very request it repeats (chat-list-operations
 * documents its listing as `202`): the mock is built from that example.
 */
function readStatus(request: ResolvedRequest, response: ResponseExample | undefined): number {
  const shown = response?.status;
  return shown !== undefined && repeatsDocumented(request) && isSuccess(shown) && shown !== 204 ? shown : 200;
}

/** The request repeats a documented example addressed to this very resource, with its query. */
function repeatsDocumented(request: ResolvedRequest): boolean {
  return request.exact && request.addressed;
}

function isDelta(request: ResolvedRequest): boolean {
  const last = request.match.operation.segments.at(-1);
  return (last?.kind === 'function' && last.name === 'delta') || (last?.kind === 'literal' && last.value === 'delta');
}

/**
 * A delta query (`/users/delta()`): the first round lists the collection (as the docs show it when repeated, else
 * as it stands, with the query options applied) and hands out a `@odata.deltaLink`; a round with that link's
 * `$deltatoken` lists only what was written, created or deleted since (deleted members as `@removed`).
 */
function delta(
  deps: Deps,
  request: ResolvedRequest,
  options: ReadOptions,
  response: ResponseExample | undefined,
): Reply {
  const collection = parentOf(request.key);
  const token = request.query.get('$deltatoken');
  let items: unknown[];
  const since = token === null ? Number.NaN : Number(Buffer.from(token, 'base64url').toString('utf8'));
  const ours = Number.isSafeInteger(since) && since >= 0 && since <= deps.store.sequence;
  // A documented round with Graph's own `$deltatoken` is answered as the page shows it, as a first round is.
  if (token === null || (!ours && repeatsDocumented(request))) {
    const body = response?.body.kind === 'json' && isJsonObject(response.body.value) ? response.body.value : {};
    items = repeatsDocumented(request)
      ? withState(deps, collection, Array.isArray(body['value']) ? (body['value'] as unknown[]) : [])
      : selectMembers(collectionMembers(deps, collection, request.version), options);
  } else {
    if (!ours) return badRequest('Invalid $deltatoken: use the @odata.deltaLink the service returned.');
    items = deps.store
      .changedSince(collection, since)
      .map(({ key, value }) =>
        value === DELETED || isMedia(value)
          ? { id: decodeURIComponent(key.slice(collection.length + 1)), '@removed': { reason: 'deleted' } }
          : value,
      );
  }
  const params = new URLSearchParams(request.query);
  params.delete('$deltatoken');
  params.delete('$skiptoken');
  params.set('$deltatoken', Buffer.from(String(deps.store.sequence), 'utf8').toString('base64url'));
  const names = projection(options.select, response, true, request.exact);
  return json(200, {
    '@odata.context': context(request, false),
    value: items.map((item) => (isJsonObject(item) && !('@removed' in item) ? project(item, names) : item)),
    '@odata.deltaLink': `${request.origin}${request.pathname}?${params.toString().replace(/%24/g, '$')}`,
  });
}

function parentOf(key: string): string {
  return key.slice(0, Math.max(0, key.lastIndexOf('/')));
}

/**
 * The members of a collection as they stand: those the docs list at its path (the tenant's seed), then those
 * created since, each as last written, less those deleted.
 */
function collectionMembers(deps: Deps, key: string, version?: GraphVersion): unknown[] {
  const documented = deps.store.wasCreated(parentOf(key)) ? [] : deps.documented.members(key, version);
  return withState(deps, key, documented);
}

/** Documented members as last written, less the deleted ones, then the members created since. */
function withState(deps: Deps, key: string, documented: readonly unknown[]): unknown[] {
  const items: unknown[] = [];
  for (const item of documented) {
    if (!isJsonObject(item) || typeof item['id'] !== 'string') {
      items.push(item);
      continue;
    }
    const stored = deps.store.read(`${key}/${encodeURIComponent(item['id'])}`);
    if (stored === DELETED) continue;
    items.push(stored === undefined || isMedia(stored) ? item : stored);
  }
  return [
    ...items,
    ...deps.store.createdIn(key),
    ...deps.store.referencedIn(key, (target) => referenced(deps, target)),
  ];
}

/**
 * Whether the member at `key` exists: written or created in this session, documented (an example addresses it, or
 * a listing shows it), or referenced. A `PUT` may create the member its path ends on (`…/items/{id}/content`).
 */
function exists(deps: Deps, key: string, request: ResolvedRequest, index: number): boolean {
  if (request.method === 'PUT' && index === request.memberKeys.length - 1) return true;
  const stored = deps.store.read(key);
  if (stored !== undefined) return stored !== DELETED;
  if (deps.store.holds(key)) return true;
  if (deps.documented.documents(key) || deps.documented.seed(key) !== undefined) return true;
  if (asDirectoryObject(deps, key) !== undefined) return true;
  const collection = parentOf(key);
  const id = decodeURIComponent(key.slice(collection.length + 1));
  if (isPlaceholderDefault(id)) return true;
  const listed = (items: readonly unknown[]): boolean => items.some((item) => isJsonObject(item) && item['id'] === id);
  return (
    listed(deps.documented.members(collection)) ||
    listed(deps.store.referencedIn(collection, (target) => referenced(deps, target)))
  );
}

/** Types of the entity sets a `$ref` may point into: a directory collection lists each member with its type. */
const ENTITY_SET_TYPES: Readonly<Record<string, string>> = {
  users: 'microsoft.graph.user',
  groups: 'microsoft.graph.group',
  devices: 'microsoft.graph.device',
  serviceprincipals: 'microsoft.graph.servicePrincipal',
  applications: 'microsoft.graph.application',
  orgcontacts: 'microsoft.graph.orgContact',
};

/** The entity set of each directory type, by its lower-cased name: the `@odata.context` of a cast to it. */
const ENTITY_SET_OF_TYPE: ReadonlyMap<string, string> = new Map(
  Object.entries({
    users: 'microsoft.graph.user',
    groups: 'microsoft.graph.group',
    devices: 'microsoft.graph.device',
    servicePrincipals: 'microsoft.graph.servicePrincipal',
    applications: 'microsoft.graph.application',
    contacts: 'microsoft.graph.orgContact',
  }).map(([set, type]) => [type.toLowerCase(), set]),
);

/**
 * Whether a member is of the cast's type: its own `@odata.type`, else the type the collection holds. A cast to the
 * collection's own type keeps every member.
 */
function ofCastType(item: unknown, cast: string, collectionType: string | undefined): boolean {
  if (!isJsonObject(item)) return false;
  const declared = typeof item['@odata.type'] === 'string' ? item['@odata.type'].replace(/^#/, '') : collectionType;
  return declared?.toLowerCase() === cast.toLowerCase();
}

/** A referenced entity as it stands (written, else documented), with its type; undefined once deleted. */
function referenced(deps: Deps, key: string): Entity | undefined {
  const stored = deps.store.read(key);
  if (stored === DELETED || isMedia(stored)) return undefined;
  const entity =
    stored ??
    deps.documented.seed(key) ??
    deps.documented
      .members(parentOf(key))
      .find((m) => `${parentOf(key)}/${encodeURIComponent(String(m['id']))}` === key);
  if (entity === undefined) return undefined;
  const type = ENTITY_SET_TYPES[key.split('/')[1] ?? ''];
  return type === undefined ? entity : { '@odata.type': `#${type}`, ...entity };
}

/** `/directoryObjects/<id>`: the user, group, … with that id, with its type (undefined for any other key). */
function asDirectoryObject(deps: Deps, key: string): Entity | undefined {
  const id = /^\/directoryobjects\/([^/]+)$/.exec(key)?.[1];
  if (id === undefined) return undefined;
  const target = directoryObjectKey(deps, decodeURIComponent(id));
  return target === undefined ? undefined : referenced(deps, target);
}

/**
 * `$expand` of the navigations of the entity at `entityKey` (of `type`): a single-valued one (`manager`) as the entity
 * written or documented there, followed as deep as `$levels` says, or null where it reaches none; else the collection
 * (`members`, `owners`, …) as it stands, or, for a read that repeats its `example`, as the example shows it.
 */
function expand(
  deps: Deps,
  entityKey: string,
  item: JsonObject,
  options: ReadOptions,
  type: { readonly name: string | undefined; readonly version: GraphVersion },
  example: JsonObject | undefined,
): JsonObject {
  if (options.expand.length === 0) return item;
  const expanded: Record<string, unknown> = { ...item };
  for (const navigation of options.expand) {
    const navigationKey = `${entityKey}/${navigation.name.toLowerCase()}`;
    const stored = deps.store.read(navigationKey);
    // The entity as documented shows whether the navigation is single-valued or a collection: a create's answer
    // filed at a collection's path (a role scope POSTed to `…/accessPackageResourceRoleScopes`) is one member, not
    // the collection, and a listing at a single-valued navigation's path is not the object the entity shows.
    const shown = Object.hasOwn(item, navigation.name) ? item[navigation.name] : undefined;
    // A read that repeats its example lists what the example shows there, as written since (opentypeextension-get's
    // message with its one extension, where other examples show the message with others).
    const listed = example === undefined ? undefined : ownValue(example, navigation.name);
    if (Array.isArray(listed)) {
      const members = withState(deps, navigationKey, listed);
      setOwn(
        expanded,
        navigation.name,
        members.map((member) => (isJsonObject(member) ? project(member, navigation.select) : member)),
      );
      continue;
    }
    // What was written there wins; else the object the entity shows (user-list-manager's chain of managers under
    // `$levels=max`), else what the docs show at the navigation's own path.
    const written = stored === DELETED || isMedia(stored) ? undefined : stored;
    const single =
      written ?? (isJsonObject(shown) || stored === DELETED ? undefined : deps.documented.seed(navigationKey));
    if (single !== undefined && !Array.isArray(shown)) {
      setOwn(expanded, navigation.name, projectLevels(single, navigation));
      continue;
    }
    // A single-valued navigation that reaches nothing is null, as OData expands it (unifiedroleassignment-get's
    // roleDefinition, where the example shows another name), never a collection.
    if (
      shown === undefined &&
      type.name !== undefined &&
      deps.holdsMany(type.name, navigation.name, type.version) === false
    ) {
      setOwn(expanded, navigation.name, null);
      continue;
    }
    const members = isJsonObject(shown) ? [] : collectionMembers(deps, navigationKey);
    // Where the state holds nothing there, the entity as documented shows what the navigation holds: a listing's
    // item with its expanded `requestor` object (a single-valued navigation no example addresses), not `[]`.
    if (members.length === 0 && (isJsonObject(shown) || Array.isArray(shown))) {
      setOwn(expanded, navigation.name, isJsonObject(shown) ? projectLevels(shown, navigation) : shown);
      continue;
    }
    setOwn(
      expanded,
      navigation.name,
      members.map((member) => (isJsonObject(member) ? project(member, navigation.select) : member)),
    );
  }
  return expanded;
}

/** The type of an entity read: the one it declares, else the one the request is answered with. */
function typed(entity: JsonObject, request: ResolvedRequest): { name: string | undefined; version: GraphVersion } {
  const declared = entity['@odata.type'];
  const name = typeof declared === 'string' ? declared.replace(/^#/, '') : request.odataType;
  return { name, version: request.version };
}

/**
 * An expanded object with the expand's `$select`, and under `$levels` the same navigation within it, each level
 * selected alike, as deep as the levels go.
 */
function projectLevels(reached: JsonObject, navigation: Expand, level = 1): JsonObject {
  const next = ownValue(reached, navigation.name);
  if (level >= navigation.levels || !isJsonObject(next)) return project(reached, navigation.select);
  const kept = { ...project(reached, navigation.select) };
  setOwn(kept, navigation.name, projectLevels(next, navigation, level + 1));
  return kept;
}

/** What the docs say the resource holds before anyone wrote to it. */
function initialState(deps: Deps, request: ResolvedRequest): Entity {
  const documented = documentedState(deps, request);
  // A member is the one its path names: `/me` and `/users/<id>` answer that user's id, whatever the example showed.
  const id = addressedId(request.match);
  return id === undefined || documented['id'] === id ? documented : { ...documented, id };
}

function documentedState(deps: Deps, request: ResolvedRequest): Entity {
  const directoryObject = asDirectoryObject(deps, request.key);
  if (directoryObject !== undefined) return directoryObject;
  const seeded = deps.documented.seed(request.key);
  if (seeded !== undefined) return seeded;
  const member = memberOfDocumentedCollection(deps, request);
  if (member !== undefined) return member;
  return shownEntity(request.example?.response) ?? shownEntity(request.readExample?.response) ?? {};
}

/** The key of the member a path ends on (`/users/{id}`, `/me`), if it ends on one. */
export function addressedId(match: RouteMatch): string | undefined {
  const last = match.operation.segments.at(-1);
  return last?.kind === 'placeholder' || last?.kind === 'me' ? match.parts.at(-1) : undefined;
}

/** `GET /users/<id>` where a documented `GET /users` lists a user with that id. */
function memberOfDocumentedCollection(deps: Deps, request: ResolvedRequest): Entity | undefined {
  const cut = request.key.lastIndexOf('/');
  const parent = request.key.slice(0, cut);
  const id = decodeURIComponent(request.key.slice(cut + 1));
  const listing = deps.documented.examplesFor('GET', parent, new URLSearchParams())[0]?.response?.body;
  if (listing?.kind !== 'json' || !isJsonObject(listing.value) || !Array.isArray(listing.value['value']))
    return undefined;
  const found = (listing.value['value'] as unknown[]).find((item) => isJsonObject(item) && item['id'] === id);
  return isJsonObject(found) ? found : undefined;
}

function remove(deps: Deps, request: ResolvedRequest): Reply {
  if (request.key.endsWith('/$ref')) {
    // `DELETE …/members/{id}/$ref`, or `DELETE …/acceptedSenders/$ref?$id=<its URL>`: the reference goes, the
    // member stays.
    const byQuery = request.query.get('$id');
    const queried = byQuery === null ? undefined : referencedId(byQuery);
    const member =
      queried === undefined
        ? request.key.slice(0, -'/$ref'.length)
        : `${request.key.slice(0, -'/$ref'.length)}/${encodeURIComponent(queried)}`;
    const collection = parentOf(member);
    const id = decodeURIComponent(member.slice(collection.length + 1));
    if (deps.store.removeReference(collection, id)) return { kind: 'empty', status: 204 };
    // A member the tenant started with (or the stand-in for the member a page leaves as a placeholder, or the one a
    // documented example removes, which its page says is there): its reference is gone from this state (the member
    // itself stays).
    const seeded =
      isPlaceholderDefault(id) ||
      request.candidates.length > 0 ||
      deps.documented.members(collection).some((item) => item['id'] === id);
    if (!seeded || deps.store.read(member) === DELETED) return entityNotFound(member);
    deps.store.delete(member);
    return { kind: 'empty', status: 204 };
  }
  if (deps.store.read(request.key) === DELETED) return entityNotFound(request.key);
  // The tenant's own users are everyone's who shares the common state: deleting one (`DELETE /me`) would sign every
  // other client's user out of existence. Graph refuses a user deleting itself; the mock refuses any such delete
  // outside a session of the client's own, where the copy is its alone.
  if (deps.shared && isTenantIdentity(request.key))
    return forbidden(
      `Insufficient privileges to complete the operation: ${request.key} is one of the tenant's own identities, shared by every client without an x-mock-session header; delete it within a session of your own (x-mock-session: <name>).`,
    );
  deps.store.delete(request.key);
  deps.store.release(request.key);
  return { kind: 'empty', status: successStatus(request) };
}

function write(deps: Deps, request: ResolvedRequest, body: Uint8Array, mediaType: string | undefined): Reply {
  const current = deps.store.read(request.key);
  if (mediaType !== undefined) {
    if (current === DELETED && request.method !== 'PUT') return entityNotFound(request.key);
    // Whole media is replaced in one synchronous step, like every other write.
    if (request.method === 'PUT') {
      if (!deps.store.reserve(request.key, body.length)) return insufficientStorage(deps.store.limitBytes);
      deps.store.writeMedia(request.key, mediaType, body);
    }
    return documentedOrEmpty(request);
  }
  if (request.key.endsWith('/$ref') && request.method === 'POST') {
    if (addsReference(request)) return addReference(deps, request, body);
    // What the pages show, on the collection the path names.
    request = { ...request, key: request.key.slice(0, -'/$ref'.length) };
  }
  const parsed = readJsonBody(deps, request, body);
  if (!parsed.ok) return parsed.reply;
  const refused = documentedRefusal(request, parsed.sent);
  if (refused !== undefined) return refused;
  // Charged before anything is stored: a merge costs what it held plus the body, a replacement the body (a new
  // member is charged when it gets its id, in `post`).
  if (request.method !== 'POST') {
    const charged =
      request.method === 'PATCH'
        ? deps.store.grow(request.key, body.length)
        : deps.store.reserve(request.key, body.length);
    if (!charged) return insufficientStorage(deps.store.limitBytes);
  }
  return writeJson(deps, withExampleSending(deps.documented, request, parsed.sent), current, parsed);
}

/**
 * The error a page documents for the very body sent: group-validateproperties' second example sends a name already
 * taken and shows `422 Request_UnprocessableEntity`, with the `details` that say which value failed. Where an example sending the same body succeeds, it wins.
 */
function documentedRefusal(request: ResolvedRequest, sent: unknown): Reply | undefined {
  const same = request.candidates.filter((example) => sendsBody(example, sent));
  const refused = same.find((example) => (example.response?.status ?? 0) >= 400)?.response;
  if (refused === undefined || same.some((example) => (example.response?.status ?? 400) < 400)) return undefined;
  const error = refused.body.kind === 'json' && isJsonObject(refused.body.value) ? refused.body.value['error'] : {};
  const code = isJsonObject(error) && typeof error['code'] === 'string' ? error['code'] : 'BadRequest';
  const message = isJsonObject(error) && typeof error['message'] === 'string' ? error['message'] : '';
  const details = isJsonObject(error) && Array.isArray(error['details']) ? error['details'] : undefined;
  return { kind: 'error', status: refused.status, code, message, ...(details === undefined ? {} : { details }) };
}

/**
 * The page whose request-body table a body is checked against (see `parseJsonBody`): that of the example the body is
 * like, even where that page has no table (group-update-event documents `PATCH /groups/{id}/events/{id}` by its
 * example alone, and sends `originalStartTimeZone`, which event-update's table on the same route leaves out): another
 * page's table says nothing of what this page's example may send. A request that repeats no example is checked against
 * its operation's page.
 */
function bodyPage(documented: DocumentedAnswers, request: ResolvedRequest, sent: unknown): Page | undefined {
  const page = request.operation?.page;
  const example = exactSender(request, sent) ?? request.named ?? mostLike(request.candidates, sent);
  return (example === undefined ? undefined : documented.pageOf(example)) ?? page;
}

/** The example a sent body is most like (see `likeness`); the first of equals. */
function mostLike(examples: readonly Example[], sent: unknown): Example | undefined {
  let best: Example | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const candidate of examples) {
    const score = likeness(candidate, sent);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Among examples that differ only in their bodies, the one whose body was sent answers. */
function withExampleSending(documented: DocumentedAnswers, request: ResolvedRequest, sent: unknown): ResolvedRequest {
  const exact = exactSender(request, sent);
  if (request.candidates.length < 2 && exact === undefined) return request;
  const best = exact ?? request.named ?? mostLike(request.candidates, sent) ?? request.example;
  return best === undefined ? request : answeredBy(documented, request, best);
}

/**
 * The request as `example` answers it, whatever chose it (the body sent, the client's headers): the answer declares
 * the type that example shows (a subtype where it names one), not the type of the example routing began with.
 */
export function answeredBy(
  documented: Pick<DocumentedAnswers, 'documentsType' | 'pageOf'>,
  request: ResolvedRequest,
  example: Example,
): ResolvedRequest {
  if (example === request.example) return request;
  const chosen = { ...request, example };
  return { ...chosen, odataType: odataTypeOf(chosen, documented) };
}

/**
 * The example that sends exactly this body: one the request repeats, else one of a page documenting the path (the
 * run sends intune-devices-manageddevice-create's example, documented at `/users/{usersId}/managedDevices`, to the
 * page's `POST /deviceManagement/managedDevices`, where another page's example creates a windowsManagedDevice).
 */
function exactSender(request: ResolvedRequest, sent: unknown): Example | undefined {
  return (
    request.candidates.find((example) => sendsBody(example, sent)) ??
    request.routeExamples.find((example) => sendsBody(example, sent))
  );
}

/** Whether an example's request sends exactly this JSON body (annotations and all). */
function sendsBody(example: Example, sent: unknown): boolean {
  return example.request.body.kind === 'json' && jsonEqual(example.request.body.value, sent);
}

/**
 * How much a sent body is like an example's: the same body wins outright; then the same `@odata.type` (the subtype
 * being created); then the most property names in common, less those only one of them has.
 */
function likeness(example: Example, sent: unknown): number {
  if (sendsBody(example, sent)) return 1_000_000;
  const shown = example.request.body.kind === 'json' ? example.request.body.value : undefined;
  if (!isJsonObject(shown) || !isJsonObject(sent)) return 0;
  const typeOf = (body: JsonObject): string =>
    typeof body['@odata.type'] === 'string' ? body['@odata.type'].replace(/^#/, '').toLowerCase() : '';
  let score = typeOf(shown) !== '' && typeOf(shown) === typeOf(sent) ? 10_000 : 0;
  const shownNames = new Set(Object.keys(shown));
  for (const name of Object.keys(sent)) score += shownNames.has(name) ? 2 : -1;
  for (const name of shownNames) if (!Object.hasOwn(sent, name)) score -= 1;
  return score;
}

function writeJson(
  deps: Deps,
  request: ResolvedRequest,
  current: ReturnType<ResourceStore['read']>,
  parsed: { readonly value: Entity; readonly sent: unknown },
): Reply {
  if (request.method === 'POST') return post(deps, request, parsed.value);
  if (current === DELETED && request.method === 'PATCH') return entityNotFound(request.key);
  const state =
    current === undefined || current === DELETED || isMedia(current) ? initialState(deps, request) : current;
  // The whole update is computed and stored in this one synchronous step: concurrent writers cannot interleave.
  const written =
    request.method === 'PATCH' && current !== DELETED
      ? mergeEntity(state, parsed.value)
      : replacement(state, parsed.value, serverOwned(request));
  // A write that repeats the page's example leaves the resource as the page's answer shows it: what the service
  // fills in or merges (plannertask-update's other assignments, accesspackageassignmentpolicy-update's question ids).
  const shown = request.example !== undefined && sendsBody(request.example, parsed.sent) ? answerShown(request) : {};
  // The resource keeps the id it has (its path's); a singleton without one takes the answer's.
  const kept = Object.hasOwn(written, 'id')
    ? Object.fromEntries(Object.entries(shown).filter(([n]) => n !== 'id'))
    : shown;
  const stored = deps.store.write(request.key, mergeEntity(written, kept));
  const status = successStatus(request);
  if (status === 204) return { kind: 'empty', status };
  return entityAnswer(request, status, stored, projection(undefined, documentedResponse(request), false));
}

/** The entity the operation's example answers with, without its annotations; empty where it shows none. */
function answerShown(request: ResolvedRequest): Entity {
  return shownEntity(documentedResponse(request)) ?? {};
}

/**
 * PUT replaces the properties a client writes, not the identity or what the server keeps: ids are the server's to
 * assign, and so is each property the page's example shows the service answering though its request does not send it
 * (timeoff-put's `createdDateTime`, team-put-schedule's `provisionStatus`, and within an object sent, team-put-teams'
 * `memberSettings/allowDeleteChannels`). Each is kept as it stood, else as shown.
 */
function replacement(current: Entity, body: Entity, owned: Entity): Entity {
  const id = current['id'];
  return withOwned(id === undefined ? body : { id, ...body }, owned, current);
}

/** `body` with what the server keeps (`owned`) wherever it does not write it: as `current` holds it, else as shown. */
function withOwned(body: JsonObject, owned: JsonObject, current: JsonObject | undefined): JsonObject {
  const result: Record<string, unknown> = {};
  for (const [name, shown] of Object.entries(owned)) {
    const held = current !== undefined && Object.hasOwn(current, name) ? current[name] : undefined;
    const written = Object.hasOwn(body, name) ? body[name] : undefined;
    if (written === undefined) setOwn(result, name, held ?? shown);
    else if (isJsonObject(written) && isJsonObject(shown))
      setOwn(result, name, withOwned(written, shown, isJsonObject(held) ? held : undefined));
  }
  for (const [name, value] of Object.entries(body)) if (!Object.hasOwn(result, name)) setOwn(result, name, value);
  return result;
}

/** What the documented answer shows that its request does not send, object by object, with the values shown. */
function serverOwned(request: ResolvedRequest): Entity {
  const answer = documentedResponse(request)?.body;
  const sent = request.example?.request.body;
  if (answer?.kind !== 'json' || !isJsonObject(answer.value) || sent?.kind !== 'json' || !isJsonObject(sent.value))
    return {};
  // A collection's `value` is not a property of the member written.
  const owned = unsent(withoutAnnotations(answer.value), sent.value);
  delete owned['value'];
  return owned;
}

function unsent(shown: JsonObject, sent: JsonObject): Record<string, unknown> {
  const owned: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(shown)) {
    const written = Object.hasOwn(sent, name) ? sent[name] : undefined;
    if (written === undefined) setOwn(owned, name, value);
    else if (isJsonObject(value) && isJsonObject(written)) {
      const inner = unsent(value, written);
      if (Object.keys(inner).length > 0) setOwn(owned, name, inner);
    }
  }
  return owned;
}

function post(deps: Deps, request: ResolvedRequest, sent: Entity): Reply {
  const status = successStatus(request);
  const response = documentedResponse(request);
  if (status !== 201 || request.operation === undefined || !createsMembers(request.operation.page, request.example))
    return actionEffect(deps.store, request.key, sent) ?? documentedOrEmpty(request);
  const documented =
    response?.body.kind === 'json' && isJsonObject(response.body.value) ? withoutAnnotations(response.body.value) : {};
  // An id the client names is the member's (`POST /domains` with `"id": "contoso.com"`, an external connection's):
  // what a client wrote, it reads back. Any other member gets a new one, as does a name already taken.
  const named = typeof sent['id'] === 'string' && /^[^/?#]+$/.test(sent['id']) ? sent['id'] : undefined;
  const id =
    named !== undefined && deps.store.read(`${request.key}/${encodeURIComponent(named)}`) === undefined
      ? named
      : randomUUID();
  if (!deps.store.reserve(`${request.key}/${encodeURIComponent(id)}`, JSON.stringify(sent).length))
    return insufficientStorage(deps.store.limitBytes);
  // A request that repeats a documented one gets the documented member; any other body is stored as sent.
  const repeats =
    request.example?.request.body.kind === 'json' &&
    jsonEqual(withoutAnnotations(toObject(request.example.request.body.value)), sent);
  const created = deps.store.create(request.key, id, {
    ...serverGenerated(repeats ? documented : mergeEntity(documented, sent), sentTimestamps(sent)),
    id,
  });
  const location = `${request.origin}/${request.version}${request.key}/${encodeURIComponent(id)}`;
  return entityAnswer(
    request,
    201,
    created,
    projection(undefined, response, false),
    { location },
    `${contextPath(request.match)}/$entity`,
  );
}

const TIMESTAMPS = ['createdDateTime', 'lastModifiedDateTime'] as const;

/**
 * What the service sets on a new entity, never copied from the docs' example: its timestamps are now, but for those
 * in `kept`. (Its id is set by the caller.)
 */
function serverGenerated(entity: Entity, kept: ReadonlySet<string>): Entity {
  const now = new Date().toISOString();
  const stamped: Record<string, unknown> = { ...entity };
  for (const name of TIMESTAMPS) if (Object.hasOwn(stamped, name) && !kept.has(name)) stamped[name] = now;
  return stamped;
}

/**
 * The timestamps a create keeps as sent: what a client wrote is what it reads back, where the request-body table
 * lets it write them (the body was checked against it); Intune's create pages list `lastModifiedDateTime` there.
 */
function sentTimestamps(sent: Entity): ReadonlySet<string> {
  return new Set(TIMESTAMPS.filter((name) => Object.hasOwn(sent, name)));
}

/**
 * Whether `POST …/$ref` adds a reference, as OData has it: unless every example documented for the path sends an
 * entity without `@odata.id` (certificatebasedauthconfiguration-post-certificatebasedauthconfiguration creates the
 * configuration with `POST …/certificateBasedAuthConfiguration/$ref`, and its example answers `201` with it).
 */
function addsReference(request: ResolvedRequest): boolean {
  const shown = [...request.candidates, ...request.routeExamples].filter(
    (example) => example.request.method === 'POST' && example.request.body.kind === 'json',
  );
  return (
    shown.length === 0 ||
    shown.some((example) => {
      const { body } = example.request;
      return body.kind === 'json' && isJsonObject(body.value) && Object.hasOwn(body.value, '@odata.id');
    })
  );
}

/**
 * `POST …/members/$ref` with `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}`: the
 * collection references that directory object from now on (OData's reference semantics). The body is checked against
 * the page's request-body table, as every write's is.
 */
function addReference(deps: Deps, request: ResolvedRequest, body: Uint8Array): Reply {
  const parsed = readJsonBody(deps, request, body);
  if (!parsed.ok) return parsed.reply;
  // The annotation is the message's, kept as sent.
  const target = isJsonObject(parsed.sent) ? parsed.sent['@odata.id'] : undefined;
  if (typeof target !== 'string')
    return badRequest(
      'The request body must name the member to add: {"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}.',
    );
  const id = referencedId(target);
  const key =
    id === undefined
      ? undefined
      : (directoryObjectKey(deps, decodeURIComponent(id)) ?? standInKey(id) ?? documentedReferenceKey(request, target));
  if (key === undefined) return entityNotFound(id ?? target);
  const collection = request.key.slice(0, -'/$ref'.length);
  if (!deps.store.addReference(collection, key)) {
    const property = collection.split('/').at(-1) ?? 'members';
    return badRequest(
      `One or more added object references already exist for the following modified properties: '${property}'.`,
    );
  }
  // As the operation's example answers: `204`, or a page's `201` with the reference it shows (connector-post-memberof).
  return documentedOrEmpty(request);
}

/** The id an `@odata.id` ends with: `…/users/{id}`, `…/users('{id}')`. */
function referencedId(target: string): string | undefined {
  return /\/([^/()]+)\/?$/.exec(target.replace(/\('([^']+)'\)$/, '/$1'))?.[1];
}

/**
 * A reference the request's documented example adds (`accesspackage-post-incompatibleaccesspackage` names an access
 * package no page shows): the page says that entity exists, so the reference is taken, to the path it names. So does
 * another example of the operation's page, on another of its paths (directoryrole-post-members' first example, sent to
 * `roleTemplateId={roleTemplateId}`, whose own example adds another member).
 */
function documentedReferenceKey(request: ResolvedRequest, target: string): string | undefined {
  const examples = [...request.candidates, ...(request.operation?.page.examples ?? [])];
  const documented = examples.some((example) => {
    const body = example.request.body;
    return body.kind === 'json' && isJsonObject(body.value) && body.value['@odata.id'] === target;
  });
  if (!documented) return undefined;
  const path = /^[a-z]+:\/\/[^/]+\/(?:v1\.0|beta)(\/[^?#]*)/i.exec(target)?.[1] ?? `/${target}`;
  return path.toLowerCase();
}

/**
 * The stand-in for a directory object a page leaves as a placeholder (group-post-members' `directoryObjects/{id}`,
 * filled by the run as a path's placeholder is): the object `GET /directoryObjects/{id}` answers as the docs show it,
 * so a reference to it is taken, once, as one to any other directory object.
 */
function standInKey(id: string): string | undefined {
  return isPlaceholderDefault(decodeURIComponent(id)) ? `/directoryobjects/${id}` : undefined;
}

/** Where a directory object lives, by its id: among the users, the groups, or any other entity set. */
function directoryObjectKey(deps: Deps, id: string): string | undefined {
  for (const set of Object.keys(ENTITY_SET_TYPES)) {
    const key = `/${set}/${encodeURIComponent(id)}`;
    if (referenced(deps, key) !== undefined) return key;
  }
  return undefined;
}

/** An action's answer, or a write to media: the documented response, or no body when none is documented. */
function documentedOrEmpty(request: ResolvedRequest): Reply {
  const status = successStatus(request);
  const response = documentedResponse(request);
  if (response === undefined || response.body.kind === 'none' || status === 204) return { kind: 'empty', status };
  if (response.body.kind !== 'json' || !isJsonObject(response.body.value)) return documentedAsIs(response);
  const body = withoutAnnotations(response.body.value);
  const collection = isCollectionAnswer(response);
  // The type the example's body shows (directory-deleteditems-restore answers a group where its annotation says
  // directoryObject), as worked out for the request; else the annotation's.
  const type = (response === request.example?.response ? request.odataType : undefined) ?? response.odataType;
  return json(status, {
    '@odata.context': context(request, !collection),
    ...(collection || type === undefined ? {} : { '@odata.type': `#${type.replace(/^#/, '')}` }),
    ...body,
  });
}

/** A documented answer that is not JSON (a redirect, CSV, an image placeholder): status, headers and text as shown. */
function documentedAsIs(response: ResponseExample): Reply {
  const headers = Object.fromEntries(
    response.headers
      .filter((h) => !/^(content-length|content-type|transfer-encoding|connection|date)$/i.test(h.name))
      .map((h) => [h.name.toLowerCase(), h.value]),
  );
  const contentType = response.headers.find((h) => /^content-type$/i.test(h.name))?.value ?? 'text/plain';
  if (response.body.kind === 'none') return { kind: 'empty', status: response.status, headers };
  return { kind: 'raw', status: response.status, contentType, body: response.body.text, headers };
}

function entityAnswer(
  request: ResolvedRequest,
  status: number,
  entity: Entity,
  names: ReadonlySet<string> | undefined,
  headers?: Readonly<Record<string, string>>,
  fragment?: string,
): Reply {
  if (status === 204) return { kind: 'empty', status };
  // Stored state is frozen: while it stands, the same request gets the same answer (a read, a PATCH that changes
  // nothing). The second time it is asked for, the answer is made to be kept, with its bytes.
  if (headers === undefined && fragment === undefined && Object.isFrozen(entity)) {
    const kept = answersOfRequests.get(request);
    if (kept !== undefined && kept.entity === entity && kept.status === status && kept.names === names) {
      if (kept.reply !== undefined) return kept.reply;
      const reply = reusableJson(status, entityBody(request, entity, names));
      answersOfRequests.set(request, { entity, status, names, reply });
      return reply;
    }
    answersOfRequests.set(request, { entity, status, names, reply: undefined });
  }
  const body = entityBody(request, entity, names, fragment);
  return headers === undefined ? json(status, body) : { kind: 'json', status, body, headers };
}

function entityBody(
  request: ResolvedRequest,
  entity: Entity,
  names: ReadonlySet<string> | undefined,
  fragment?: string,
): Record<string, unknown> {
  const type = request.odataType;
  // Assembled in place rather than spread: every read and write answer goes through here.
  const body: Record<string, unknown> = {
    '@odata.context':
      fragment === undefined
        ? context(request, true)
        : `https://graph.microsoft.com/${request.version}/$metadata#${fragment}`,
  };
  if (request.cast !== undefined) body['@odata.type'] = `#${request.cast}`;
  else if (type !== undefined) body['@odata.type'] = `#${type}`;
  const shown = project(entity, names);
  for (const key of Object.keys(shown)) setOwn(body, key, shown[key]);
  return body;
}

/**
 * The entity each request was last answered with, and the answer kept for it once asked for twice (see
 * `entityAnswer`). Keyed by the request, which routing keeps per request line: a request answered with state that
 * changes every time updates its entry rather than adding one.
 */
const answersOfRequests = new WeakMap<
  ResolvedRequest,
  {
    readonly entity: Entity;
    readonly status: number;
    readonly names: ReadonlySet<string> | undefined;
    readonly reply: Reply | undefined;
  }
>();

/**
 * The type an entity answer declares: the example body's (it names the subtype where the annotation names the base:
 * an `iPv4CidrRange` shown where the annotation says `ipRange`), else its annotation's, else what the prose of the
 * example's page names. A body's type that is the declared one in another namespace, and that no page documents
 * (`microsoft.graph.incident` shown for `microsoft.graph.security.incident`), is the example's slip, not an answer to
 * repeat.
 */
export function odataTypeOf(
  request: Pick<ResolvedRequest, 'example' | 'operation' | 'match'>,
  documented: Pick<DocumentedAnswers, 'documentsType' | 'pageOf'>,
): string | undefined {
  const response = request.example?.response;
  const usable = response !== undefined && !response.expectError && response.status < 400 ? response : undefined;
  // The prose of the example's own page: where several pages document one route (each Intune configuration type's get
  // page, `GET /deviceManagement/deviceConfigurations/{deviceConfigurationId}`), the route's first page names its own.
  const page =
    (request.example === undefined ? undefined : documented.pageOf(request.example)) ??
    request.operation?.page ??
    request.match.operation.page;
  const shown =
    usable?.body.kind === 'json' && isJsonObject(usable.body.value) ? usable.body.value['@odata.type'] : undefined;
  const fromBody = typeof shown === 'string' ? shown.replace(/^#/, '') : undefined;
  const declared = usable?.odataType ?? page.responseResource?.name ?? page.requestBody?.resource?.name;
  const slip =
    fromBody !== undefined &&
    declared !== undefined &&
    fromBody.toLowerCase() !== declared.toLowerCase() &&
    shortTypeName(fromBody) === shortTypeName(declared) &&
    !documented.documentsType(fromBody);
  const type = fromBody !== undefined && !slip ? fromBody : declared;
  return type?.replace(/^#/, '');
}

function shortTypeName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1).toLowerCase();
}

/**
 * `@odata.context` of the addressed resource as an entity (`/$entity`) or as a collection. A cast names the entity
 * set of its type, as Graph writes it (`…/members/microsoft.graph.user` → `#users`), or else the cast path.
 */
export function contextUrl(version: GraphVersion, match: RouteMatch, entity: boolean, cast?: string): string {
  const set = cast === undefined ? undefined : ENTITY_SET_OF_TYPE.get(cast.toLowerCase());
  const path = cast === undefined ? contextPath(match) : (set ?? `${contextPath(match)}/${cast}`);
  return `https://graph.microsoft.com/${version}/$metadata#${path}${entity ? '/$entity' : ''}`;
}

function context(request: ResolvedRequest, entity: boolean): string {
  return entity ? request.entityContext : request.collectionContext;
}

function json(status: number, body: JsonObject): Reply {
  return { kind: 'json', status, body };
}

function toObject(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** `value` is what is stored (annotations removed); `sent` is the body as sent. */
type Parsed =
  { readonly ok: true; readonly value: Entity; readonly sent: unknown } | { readonly ok: false; readonly reply: Reply };

/**
 * The last body each page's writes were sent, and once it came twice, what reading it gave, frozen: clients that
 * repeat a write (retries, load tests, a poll that sets the same state) send the same bytes, and reading them again
 * would give the same. A body sent once costs a reference, not a copy or a freeze.
 */
type KeptBodies = Map<Page, { readonly bytes: Buffer; readonly parsed: Parsed | undefined }>;

/** Larger bodies are read every time: keeping them would cost memory for little. */
const KEPT_BODY_BYTES = 16 * 1024;

function readJsonBody(deps: Deps, request: ResolvedRequest, body: Uint8Array): Parsed {
  if (body.length === 0) {
    // An action POST may carry no body at all; an update without one is a client mistake.
    if (request.method === 'POST') return { ok: true, value: {}, sent: undefined };
    return { ok: false, reply: badRequest('Empty Payload. JSON content expected.') };
  }
  const page = request.operation?.page;
  // Where the examples the request repeats come from several pages (each Intune app type's create page documents
  // `POST /deviceAppManagement/mobileApps`), the page is chosen by the body: the cache below is per page.
  const onePage = request.candidates.every((example) => deps.documented.pageOf(example) === page);
  if (page === undefined || !onePage || body.length > KEPT_BODY_BYTES) return parseJsonBody(deps, request, body);
  const kept = deps.bodies.get(page);
  const again = kept !== undefined && kept.bytes.equals(body);
  if (again && kept.parsed !== undefined) return kept.parsed;
  const parsed = parseJsonBody(deps, request, body);
  // Kept frozen (and its bytes copied) only once sent twice: what is kept is handed to every later write.
  if (again && parsed.ok) deps.bodies.set(page, { bytes: Buffer.from(body), parsed: deepFreeze(parsed) });
  else if (!again) deps.bodies.set(page, { bytes: asBuffer(body), parsed: undefined });
  return parsed;
}

/** The same bytes as a Buffer (a view, not a copy). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * A non-empty body read as JSON, checked against the request-body table of its page: the operation's, or where the
 * examples the request repeats come from several pages, the page of the example the body is most like (the app type
 * it creates), as the answer is (see `withExampleSending`).
 */
function parseJsonBody(deps: Deps, request: ResolvedRequest, body: Uint8Array): Parsed {
  let decoded = decodeJsonObject(body);
  if (!decoded.ok) return decoded;
  const page = bodyPage(deps.documented, request, decoded.value);
  // Graph reads parameter and property names without regard to case (Kiota sends sendMail's `Message`).
  if (page?.requestBody !== undefined) decoded = { ok: true, value: withDocumentedNames(decoded.value, page) };
  // The schema sees the annotations too: it pins `@odata.type` to the documented resource.
  const validator = page === undefined ? undefined : deps.validatorFor(page);
  const errors = validator?.(decoded.value) ?? [];
  if (errors.length > 0) return { ok: false, reply: badRequest(describeSchemaErrors(errors)) };
  // Graph refuses a write of a property it documents as read-only; only an unconditional statement counts (the
  // probes read the same rows the same way).
  const readOnly = page === undefined ? undefined : documentedNames(page).readOnly;
  const refused = readOnly === undefined ? undefined : Object.keys(decoded.value).find((key) => readOnly.has(key));
  if (refused !== undefined)
    return { ok: false, reply: badRequest(`Property '${refused}' is read-only and cannot be set.`) };
  // Annotations describe the message, not the resource: they are not stored.
  return { ok: true, value: withoutAnnotations(decoded.value), sent: decoded.value };
}

/** The body with each top-level name spelled as the request-body table spells it, where only the case differs. */
function withDocumentedNames(body: JsonObject, page: Page): JsonObject {
  const names = documentedNames(page);
  let renames = false;
  for (const key of Object.keys(body))
    if (!names.spelled.has(key) && names.byLowerCase.has(key.toLowerCase())) renames = true;
  if (!renames) return body;
  const renamed: Record<string, unknown> = {};
  for (const key of Object.keys(body)) setOwn(renamed, names.byLowerCase.get(key.toLowerCase()) ?? key, body[key]);
  return renamed;
}

interface DocumentedNames {
  readonly spelled: ReadonlySet<string>;
  readonly byLowerCase: ReadonlyMap<string, string>;
  /** Rows the page calls read-only without a condition. */
  readonly readOnly: ReadonlySet<string>;
}

/** Worked out once per page: every write to it asks. */
const namesOfPages = new WeakMap<Page, DocumentedNames>();

function documentedNames(page: Page): DocumentedNames {
  let names = namesOfPages.get(page);
  if (names === undefined) {
    const rows = page.requestBody?.properties ?? [];
    names = {
      spelled: new Set(rows.map((row) => row.name)),
      byLowerCase: new Map(rows.map((row) => [row.name.toLowerCase(), row.name])),
      // Less what the page's own examples write: where the page says both, the mock takes the write it replays.
      readOnly: new Set(
        rows
          .filter((row) => readOnlyStatement(row.description).kind === 'always')
          .map((row) => row.name)
          .filter((name) => !examplesWrite(page, name)),
      ),
    };
    namesOfPages.set(page, names);
  }
  return names;
}

/** Each broken rule with where it is in the body and, when the schema knows, the doc row it comes from. */
function describeSchemaErrors(errors: readonly SchemaError[]): string {
  const details = errors.slice(0, 20).map((e) => {
    const where = e.pointer === '' ? '(body)' : e.pointer;
    const source = e.source === undefined ? '' : ` (documented at ${e.source})`;
    return `${where}: ${e.message} [${e.keyword}]${source}`;
  });
  return `Invalid request body: ${details.join('; ')}.`;
}
