/**
 * What the docs show, indexed for answering: each documented example under the resource it addresses, the default
 * example of each operation, and the initial state of each resource (its seed).
 *
 * A request that repeats a documented one (same method, resource and query) is answered from that example; any other
 * request to the operation from the operation's default example. State always wins over the docs: what a client wrote
 * is what it reads back.
 */
import type { Example, Page, ResponseExample } from '../docs/model.ts';
import type { GraphVersion, HttpMethod } from '../core/http.ts';
import { isGraphUrl } from '../docs/http-message.ts';
import { asSentToMock, exampleIdentity, pathMatcher, parsePathTemplate } from '../docs/path-template.ts';
import { setOwn, withoutAnnotations, type JsonObject } from './reply.ts';
import {
  driveIdOf,
  lookupPath,
  resourceKey,
  safeDecode,
  splitRequestPath,
  operationsOfPage,
  type Operation,
  type RouteTable,
} from './routes.ts';
import { findUser, MOCK_USERS, TENANT_FILE, TenantDirectory } from './tenant.ts';
import { createTenantSeed, extendsDocumented, tenantUser, type Templates } from './tenant-seed.ts';
import { isJsonObject } from '../core/json.ts';
import { isStandIn, standInFor } from '../core/embedded-tenant.ts';

export interface DocumentedAnswers {
  readonly directory: TenantDirectory;
  /** The examples a request repeats: same method, resource and query (several when only their bodies differ). */
  examplesFor(method: HttpMethod, key: string, query: URLSearchParams, version?: GraphVersion): readonly Example[];
  /**
   * Examples whose path keeps `{placeholders}` (`/me/drive/root:/{item-path}:/createUploadSession`) and which this
   * request repeats with them filled: same method, path shape and query.
   */
  templatedExamplesFor(method: HttpMethod, path: string, query: URLSearchParams): readonly Example[];
  /** The examples of the operation's page sent with this (non-empty) query, on whatever path. */
  pageExamplesFor(operation: Operation, query: URLSearchParams): readonly Example[];
  /**
   * The examples whose own stand-ins the path carries (see `standInOwners`), sent with this method and query: another
   * documented path of their page, which the run sends in their name. Those of `version` first: a page of each
   * version with one file name and example name (v1.0's and beta's contact-get.md, `get_contact`) owns one stand-in.
   */
  standInExamplesFor(
    method: HttpMethod,
    path: string,
    query: URLSearchParams,
    version?: GraphVersion,
  ): readonly Example[];
  /** The example that best illustrates an operation. */
  defaultExample(operation: Operation): Example | undefined;
  /** The documented state of a single resource, merged from every example that shows it. */
  seed(key: string): JsonObject | undefined;
  /**
   * The members a collection holds before anyone writes: those its documented listings show (merged by id), and
   * for `/users` the tenant's own users first.
   */
  members(key: string, version?: GraphVersion): readonly JsonObject[];
  /** Whether an example addresses the resource at `key`, or something under it. */
  documents(key: string): boolean;
  /** Whether a page of the doc set documents the type (`microsoft.graph.user`), in any letter case. */
  documentsType(name: string): boolean;
  /** The page an example is documented on. */
  pageOf(example: Example): Page | undefined;
  /**
   * The version an example is of: its URL's, else its page's (v1.0's driveitem-put-content writes
   * `PUT /me/drive/root:/…` without a host).
   */
  versionOf(example: Example): GraphVersion | undefined;
}

export function indexDocumentedAnswers(pages: readonly Page[], table: RouteTable): DocumentedAnswers {
  const directory = new TenantDirectory(documentedUsers(pages));
  const byRequest = new Map<string, Example[]>();
  const seeds = new Map<string, JsonObject>();
  const readSeeded = new Set<string>();
  const addressed = new Set<string>();
  const pageOfExample = new Map(pages.flatMap((page) => page.examples.map((example) => [example, page] as const)));
  const versionOf = (example: Example): GraphVersion | undefined =>
    example.request.version ?? pageOfExample.get(example)?.version;
  // GET answers are merged last so that a read shows what the docs say a read shows.
  const ordered = pages
    .flatMap(graphExamples)
    .sort((a, b) => Number(a.request.method === 'GET') - Number(b.request.method === 'GET'));
  for (const example of ordered) {
    const lookup = lookupPath(table, directory, sentPath(example));
    if (lookup.kind !== 'found') continue;
    // The route the handler answers the example on: its own page's, else its version's, else any of its method.
    // Another version's example route spells literal segments in lower case (beta's `…/branding/bannerlogo`), and
    // the resource would be filed under a key the request never reaches.
    const ownPage = pageOfExample.get(example);
    const sameMethod = lookup.matches.filter((m) => m.operation.method === example.request.method);
    const match =
      sameMethod.find((m) => m.operation.page === ownPage) ??
      sameMethod.find((m) => m.operation.page.version === versionOf(example)) ??
      sameMethod[0] ??
      lookup.matches[0];
    const key = resourceKey(match);
    for (let cut = key.indexOf('/', 1); cut > 0; cut = key.indexOf('/', cut + 1)) addressed.add(key.slice(0, cut));
    addressed.add(key);
    // An example strayed onto a path its own page does not document, where another page's line documents it
    // (riskdetection-get's first example reads `GET /riskDetections`, riskdetection-list's line, and shows one entity):
    // that page answers the path, and the stray is the page's defect (lint: path-not-documented). A page with no
    // `## HTTP request` lines (a resource or concept page's walkthrough) documents no operation to stray from.
    // Another page's line counts only in the example's version: beta's organizationalbrandingproperties-get reads
    // `…/branding/bannerLogo`, a path only v1.0's page documents, and nothing else answers it in beta.
    const documentsOperations = (pageOfExample.get(example)?.httpRequests.length ?? 0) > 0;
    const version = versionOf(example);
    const documentedBy = (own: boolean): boolean =>
      lookup.matches.some(
        (m) =>
          m.operation.source === 'http-request' &&
          m.operation.method === example.request.method &&
          (own
            ? m.operation.page.file === example.request.location.file
            : version === undefined || m.operation.page.version === undefined || m.operation.page.version === version),
      );
    if (documentsOperations && !documentedBy(true) && documentedBy(false)) continue;
    const id = `${example.request.method} ${key}`;
    byRequest.set(id, [...(byRequest.get(id) ?? []), example]);
    const entity = entityBody(example.response);
    if (entity === undefined) continue;
    // What a read shows is the resource before any write: a write's answer shows it after one (and often with its
    // type's placeholders, educationassignmentdefaults-update's `"dueTime": "String"`), so it seeds only what no read
    // shows. Reads come last, so the first read replaces what writes showed.
    const read = example.request.method === 'GET';
    const replaces = read && !readSeeded.has(key);
    seeds.set(key, replaces ? entity : { ...seeds.get(key), ...entity });
    if (read) readSeeded.add(key);
  }
  const types = new Set(
    pages.flatMap((page) => (page.resource === undefined ? [] : [page.resource.name.toLowerCase()])),
  );
  const templates = templatesOf(seeds, byRequest);
  const tenant = createTenantSeed(templates);
  const listings = new Map<string, JsonObject[]>();
  const memberList = (key: string, version?: GraphVersion): JsonObject[] => {
    const cacheKey = `${version ?? ''} ${key}`;
    const known = listings.get(cacheKey);
    if (known !== undefined) return known;
    const merged = new Map<string, JsonObject>();
    const anonymous: JsonObject[] = [];
    // A version's listings, where it has any: v1.0's riskyuser-list shows `"isDeleted": "Boolean"`, which beta's
    // listing of the same path does not.
    const documentedListings = byRequest.get(`GET ${key}`) ?? [];
    const ofVersion = documentedListings.filter((example) => versionOf(example) === version);
    const listed = (ofVersion.length > 0 ? ofVersion : documentedListings).flatMap((example) =>
      collectionItems(example.response),
    );
    // The tenant's own members, where the docs list none (a user's events, a group's members); entity sets, mail
    // folders and drives hold the tenant's own besides whatever the docs list.
    const own =
      key === '/users'
        ? MOCK_USERS.map((user) => tenantUser(user, templates('user')))
        : listed.length === 0 || extendsDocumented(key)
          ? tenant.members(key)
          : [];
    for (const item of [...own, ...listed]) {
      const id = item['id'];
      if (typeof id !== 'string') anonymous.push(item);
      else merged.set(id, { ...merged.get(id), ...item });
    }
    const members = [...merged.values(), ...anonymous];
    listings.set(cacheKey, members);
    return members;
  };
  const defaults = new Map<Operation, Example | undefined>();
  // Built when first asked for: only requests on paths no example addresses ask.
  let owners: ReadonlyMap<string, readonly Example[]> | undefined;
  const templated = pages.flatMap(graphExamples).flatMap((example) => {
    const template = /[{}]/.test(sentPath(example))
      ? parsePathTemplate(`${example.request.method} ${example.request.path}`, example.request.location)
      : undefined;
    return template === undefined ? [] : [{ example, template }];
  });
  return {
    directory,
    templatedExamplesFor(method, path, query) {
      const wanted = normaliseQuery(query);
      const matches = pathMatcher(path);
      return templated
        .filter(
          ({ example, template }) =>
            template.method === method &&
            matches(template) !== undefined &&
            normaliseQuery(new URLSearchParams(example.request.query)) === wanted,
        )
        .map(({ example }) => example);
    },
    examplesFor(method, key, query, version) {
      const candidates = byRequest.get(`${method} ${key}`) ?? [];
      const wanted = normaliseQuery(query);
      const same = candidates.filter((ex) => normaliseQuery(new URLSearchParams(ex.request.query)) === wanted);
      return ofVersionFirst(same, version, versionOf);
    },
    pageExamplesFor(operation, query) {
      const wanted = normaliseQuery(query);
      if (wanted === '') return [];
      return operation.page.examples.filter(
        (ex) =>
          ex.request.method === operation.method && normaliseQuery(new URLSearchParams(ex.request.query)) === wanted,
      );
    },
    standInExamplesFor(method, path, query, version) {
      owners ??= standInOwners(pages);
      const wanted = normaliseQuery(query);
      for (const part of splitRequestPath(path)) {
        const value = safeDecode(part);
        if (!isStandIn(value)) continue;
        const found = (owners.get(value.toLowerCase()) ?? []).filter(
          (ex) => ex.request.method === method && normaliseQuery(new URLSearchParams(ex.request.query)) === wanted,
        );
        if (found.length > 0) return ofVersionFirst(found, version, versionOf);
      }
      return [];
    },
    defaultExample(operation) {
      if (!defaults.has(operation)) defaults.set(operation, pickExample(operation, table));
      return defaults.get(operation);
    },
    seed: (key) => {
      const [, set, id = '', child, ...rest] = key.split('/');
      const user = set === 'users' ? findUser(decodeURIComponent(id)) : undefined;
      const own = tenant.entity(key);
      // The tenant's own groups, teams, events, … are as the tenant holds them, where its collection lists them.
      const parent = key.slice(0, key.lastIndexOf('/'));
      if (own !== undefined && memberList(parent).some((member) => member['id'] === own['id']))
        return { ...seeds.get(key), ...own };
      if (user === undefined) return seeds.get(key);
      // The tenant's own users are who they are, and own their drives, whatever the docs' examples show.
      if (child === undefined) return tenantUser(user, seeds.get(key) ?? templates('user'));
      if (child === 'drive' && rest.length === 0)
        return { ...seeds.get(key), id: driveIdOf(user.id), driveType: 'business' };
      if (child === 'drive' && rest.length === 2 && rest[0] === 'items' && rest[1] === TENANT_FILE.id)
        return { ...seeds.get(key), ...TENANT_FILE };
      return seeds.get(key);
    },
    members: memberList,
    documents: (key) => addressed.has(key),
    documentsType: (name) => types.has(name.replace(/^#/, '').toLowerCase()),
    pageOf: (example) => pageOfExample.get(example),
    versionOf,
  };
}

/**
 * Examples sent to Graph. A request to a URL an earlier answer handed out (an upload session's) is answered on that
 * URL (see handed-out.ts), never by a Graph route.
 */
function graphExamples(page: Page): Example[] {
  return page.examples.filter((example) => isGraphUrl(example.request.url));
}

/** Both versions share state, but each answers as its own docs show: the examples of `version` first. */
function ofVersionFirst(
  examples: readonly Example[],
  version: GraphVersion | undefined,
  versionOf: (example: Example) => GraphVersion | undefined,
): readonly Example[] {
  if (version === undefined) return examples;
  const of = (example: Example): boolean => versionOf(example) === version;
  return [...examples].sort((a, b) => Number(of(b)) - Number(of(a)));
}

/** Values addressed as `users/<value>` in documented requests. */
function documentedUsers(pages: readonly Page[]): string[] {
  const users: string[] = [];
  for (const example of pages.flatMap(graphExamples)) {
    const parts = splitRequestPath(asSentToMock(example.request.path));
    for (const [index, part] of parts.entries()) {
      const next = parts[index + 1];
      if (part.toLowerCase() === 'users' && next !== undefined && !/\(/.test(next)) users.push(next);
    }
  }
  return users;
}

/** The path a run sends for an example, its own stand-ins filled in (see `asSentToMock`). */
function sentPath(example: Example): string {
  return asSentToMock(example.request.path, exampleIdentity(example));
}

/**
 * Each example's own stand-ins, by value: the run fills another documented path of an example's page with members of
 * that example's own (`standInFor(name, its identity)`, see `placeholderSource`), so that the mock answers the path as
 * that example, not as the route's first example (driveitem-put-content's `upload-via-put`, which answers 200, sent to
 * `/drives/{drive-id}/items/{item-id}/content`, where the page's other example creates a file and answers 201).
 */
function standInOwners(pages: readonly Page[]): Map<string, Example[]> {
  const owners = new Map<string, Example[]>();
  for (const page of pages) {
    for (const example of graphExamples(page)) {
      const identity = exampleIdentity(example);
      const names = new Set(
        page.httpRequests
          .filter((template) => template.method === example.request.method)
          .flatMap((template) => template.segments.flatMap((s) => (s.kind === 'placeholder' ? s.alternatives : []))),
      );
      for (const name of names) {
        const value = standInFor(name, identity).toLowerCase();
        const list = owners.get(value);
        if (list === undefined) owners.set(value, [example]);
        else if (!list.includes(example)) list.push(example);
      }
    }
  }
  return owners;
}

/** The items of a documented collection answer. */
function collectionItems(response: ResponseExample | undefined): JsonObject[] {
  if (response === undefined || response.expectError || response.body.kind !== 'json') return [];
  const value = isJsonObject(response.body.value) ? response.body.value['value'] : undefined;
  return Array.isArray(value) ? value.filter(isJsonObject).map(withoutAnnotations) : [];
}

/** Where the docs show each kind of the tenant's entities: a single resource, else a member of a listing. */
const TEMPLATE_KEYS: Readonly<Record<Parameters<Templates>[0], { entity: RegExp; listing: RegExp }>> = {
  user: { entity: /^\/users\/[^/]+$/, listing: /^\/users$/ },
  group: { entity: /^\/groups\/[^/]+$/, listing: /^\/groups$/ },
  event: {
    entity: /^\/users\/[^/]+\/(?:calendar\/)?events\/[^/]+$/,
    listing: /^\/users\/[^/]+\/(?:calendar\/)?events$/,
  },
  contact: { entity: /^\/users\/[^/]+\/contacts\/[^/]+$/, listing: /^\/users\/[^/]+\/contacts$/ },
  team: { entity: /^\/teams\/[^/]+$/, listing: /^\/users\/[^/]+\/joinedteams$/ },
  channel: { entity: /^\/teams\/[^/]+\/channels\/[^/]+$/, listing: /^\/teams\/[^/]+\/channels$/ },
};

/**
 * Every property the docs show on each kind of entity, with the value of the first example that shows it (single
 * resources first, then listings' members), worked out once per kind: the shape the tenant's own ones take, so that
 * a page's example shows no property the tenant's entities lack.
 */
function templatesOf(seeds: ReadonlyMap<string, JsonObject>, byRequest: ReadonlyMap<string, Example[]>): Templates {
  const found = new Map<string, JsonObject>();
  return (kind) => {
    const known = found.get(kind);
    if (known !== undefined) return known;
    const { entity, listing } = TEMPLATE_KEYS[kind];
    const shown: JsonObject[] = [];
    for (const [key, value] of seeds) if (entity.test(key)) shown.push(value);
    for (const [id, examples] of byRequest)
      if (id.startsWith('GET ') && listing.test(id.slice(4)))
        shown.push(...examples.flatMap((example) => collectionItems(example.response)));
    const template: Record<string, unknown> = {};
    for (const example of shown)
      for (const name of Object.keys(example))
        if (!Object.hasOwn(template, name)) setOwn(template, name, example[name]);
    found.set(kind, template);
    return template;
  };
}

/** A success answer that shows one resource (not a collection, not an error). */
function entityBody(response: ResponseExample | undefined): JsonObject | undefined {
  if (response === undefined || response.expectError || response.status < 200 || response.status >= 300)
    return undefined;
  if (response.body.kind !== 'json' || !isJsonObject(response.body.value)) return undefined;
  if (response.isCollection || Array.isArray(response.body.value['value'])) return undefined;
  return withoutAnnotations(response.body.value);
}

/** Examples of the operation's method with a success answer; one whose request path fits the template wins. */
/**
 * The example an operation answers with where no example repeats the request: one sent to this path shape, else one
 * sent to another path its page lists for the same method (the `## HTTP request` lines are one operation's
 * alternatives: `/drives/{drive-id}/items/{item-id}/content` answers as `/me/drive/items/{item-id}/content` does),
 * and only then any example of the page (which may show another operation, as an illustrative GET of the item does).
 */
function pickExample(operation: Operation, table: RouteTable): Example | undefined {
  const usable = graphExamples(operation.page).filter(
    // Redirects are documented answers too (`/content` answers 302 with its download URL).
    (ex) =>
      ex.request.method === operation.method &&
      ex.response !== undefined &&
      !ex.response.expectError &&
      ex.response.status >= 200 &&
      ex.response.status < 400,
  );
  const fitting = (operations: readonly Operation[]): readonly Example[] =>
    usable.filter((ex) => lookupPath({ operations }, FITS_ANY_USER, ex.request.path).kind === 'found');
  const alternatives = operationsOfPage(table, operation.page).filter(
    (o) => o.method === operation.method && o.source === 'http-request',
  );
  const withJson = (list: readonly Example[]): Example | undefined =>
    list.find((ex) => ex.response?.body.kind === 'json') ?? list[0];
  return withJson(fitting([operation])) ?? withJson(fitting(alternatives)) ?? withJson(usable);
}

/** For "does this example's path fit this template": any value is a user. */
const FITS_ANY_USER = { findUser: (value: string) => value.toLowerCase() };

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Whether the example sends this query (names in any letter case, in any order). */
export function sameQuery(example: Example, query: URLSearchParams): boolean {
  return normaliseQuery(new URLSearchParams(example.request.query)) === normaliseQuery(query);
}

/** Names compared case-insensitively, values as decoded, order ignored. */
function normaliseQuery(query: URLSearchParams): string {
  return [...query.entries()]
    .map(([name, value]) => `${name.toLowerCase()}=${value}`)
    .sort()
    .join('&');
}
