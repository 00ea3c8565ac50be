/**
 * The route table: which operations the doc pages document, and which of them a request path reaches.
 *
 * Templates are matched segment by segment, with placeholder values kept by position: Graph templates reuse names
 * (`/users/{id}/messages/{id}/send`), so a name cannot identify a value. `/me/…` is served as `/users/<signed-in id>/…`,
 * so `/me/photos` and `/users/<my id or UPN>/photos` reach the same state.
 */
import type { Page, PathSegment, PathTemplate } from '../docs/model.ts';
import type { GraphVersion, HttpMethod } from '../core/http.ts';
import { parsePathTemplate, queryOptionNames } from '../docs/path-template.ts';
import { findUser, SIGNED_IN_USER } from './tenant.ts';

export interface Operation {
  readonly method: HttpMethod;
  /** As documented (`/me/photos`), for messages and logs. */
  readonly documented: PathTemplate;
  /** What the path segments match, in order; `/me` already expanded to `users/{signed-in}`. */
  readonly segments: readonly RouteSegment[];
  readonly page: Page;
  /** An `## HTTP request` line, or an example whose path no line documents. */
  readonly source: 'http-request' | 'example';
  /** `PATCH users/{@me}/photos`: the same for every page documenting this method on this path shape. */
  readonly shape: string;
  /**
   * Query options the `## HTTP request` line names (`$expand` of `GET /users/{id}?$expand=extensions(…)`): the
   * operation is reached only by requests that send them, never by the bare path. An option one of the page's own
   * examples on this line leaves out is not among them: that example documents the line without it
   * (accesspackagecatalog-list-accesspackageresourceroles names `$filter` and `$expand`; its second example sends
   * `$filter` and `$select`).
   */
  readonly queryOptions: readonly string[];
}

export type RouteSegment =
  | { readonly kind: 'literal'; readonly value: string }
  /** `delta()`, `getSchedule(...)`, `getEmailActivityUserDetail(period='{period_value}')`: matched by name. */
  | { readonly kind: 'function'; readonly name: string; readonly shown: string }
  /** The signed-in user, from a documented `/me`: only the signed-in user's id or UPN matches. */
  /** A literal with placeholders inside (`{parent-id}:`): matched as a pattern. */
  | { readonly kind: 'pattern'; readonly pattern: RegExp; readonly shown: string }
  | { readonly kind: 'me' }
  | { readonly kind: 'placeholder'; readonly name: string; readonly namesUser: boolean };

export interface RouteTable {
  readonly operations: readonly Operation[];
}

/** Each table's operations by page, in the table's order: its builder's grouping, else made when first asked. */
const byPage = new WeakMap<RouteTable, ReadonlyMap<Page, readonly Operation[]>>();

/**
 * Documented operations: each `## HTTP request` line of each page, once per page (a shape documented by several
 * pages is served by each, so that a request can be answered from the page whose example it repeats). An example
 * whose path no line of its page documents is served too, from the example alone (the parser reports the gap).
 */
export function buildRouteTable(pages: readonly Page[]): RouteTable {
  const operations: Operation[] = [];
  // Each page's operations, as they are added: an example is looked up among its own page's (a whole reference has
  // tens of thousands of operations and of examples).
  const ofPage = new Map<Page, Operation[]>();
  const seen = new Set<string>();
  const documentedShapes = new Set<string>();
  const add = (page: Page, documented: PathTemplate, source: Operation['source']): void => {
    const segments = routeSegments(documented);
    const shape = `${documented.method} ${segments.map(segmentShape).join('/')}`;
    const id = `${page.file} ${shape}`;
    // An example's path is a route of its own only where no line of its version documents the shape: v1.0's
    // site-search shows `GET /sites?search={query}` as its request, and only beta's pages have `GET /sites` lines.
    const ofVersion = `${page.version ?? ''} ${shape}`;
    if (seen.has(id) || (source === 'example' && documentedShapes.has(ofVersion))) return;
    seen.add(id);
    if (source === 'http-request') documentedShapes.add(ofVersion);
    const named = queryOptionNames(documented.query ?? '');
    const sentByExamples = page.examples
      .filter((e) => e.request.method === documented.method && reaches(segments, e.request.path))
      .map((e) => new Set(queryOptionNames(e.request.query)));
    const queryOptions = named.filter((name) => sentByExamples.every((sent) => sent.has(name)));
    const operation: Operation = { method: documented.method, documented, segments, page, source, shape, queryOptions };
    operations.push(operation);
    fileUnderPage(ofPage, operation);
  };
  for (const page of pages) for (const documented of page.httpRequests) add(page, documented, 'http-request');
  for (const page of pages) {
    for (const example of page.examples) {
      const { method, path, location } = example.request;
      const onPage = { operations: (ofPage.get(page) ?? []).filter((op) => op.method === method) };
      if (lookupPath(onPage, FITS_ANYONE, path).kind === 'found') continue;
      const template = parsePathTemplate(`${method} ${path}`, location);
      if (template !== undefined) add(page, template, 'example');
    }
  }
  const table = { operations };
  byPage.set(table, ofPage); // `operationsOfPage` asks the grouping made here
  return table;
}

/** The operations of a page, in the table's order (grouped once per table: a page's are asked for at every request). */
export function operationsOfPage(table: RouteTable, page: Page): readonly Operation[] {
  let index = byPage.get(table);
  if (!index) {
    const pages = new Map<Page, Operation[]>();
    for (const operation of table.operations) fileUnderPage(pages, operation);
    byPage.set(table, (index = pages));
  }
  return index.get(page) ?? [];
}

/** Adds an operation to its page's list, in the order given: the one grouping the builder and a lookup share. */
function fileUnderPage(pages: Map<Page, Operation[]>, operation: Operation): void {
  const listed = pages.get(operation.page);
  if (listed) listed.push(operation);
  else pages.set(operation.page, [operation]);
}

/** Distinct (method, path shape) pairs documented by `## HTTP request` lines: what the tenant serves. */
export function countOperations(table: RouteTable): number {
  return new Set(table.operations.filter((op) => op.source === 'http-request').map((op) => op.shape)).size;
}

function routeSegments(template: PathTemplate): RouteSegment[] {
  const segments: RouteSegment[] = [];
  for (const [index, segment] of template.segments.entries()) {
    if (index === 0 && segment.kind === 'literal' && segment.value.toLowerCase() === 'me') {
      segments.push({ kind: 'literal', value: 'users' }, { kind: 'me' });
      continue;
    }
    // Only the directory's own `/users/{id}` names one of its users: `/education/users/{id}` is an education user,
    // a member of its own collection, as the run fills it (see `namesUser` in cases/placeholders.ts).
    const previous = segments.at(-1);
    const directoryUsers = segments.length === 1 && previous?.kind === 'literal' && previous.value === 'users';
    segments.push(toRouteSegment(segment, directoryUsers));
  }
  return segments;
}

function toRouteSegment(segment: PathSegment, afterUsers: boolean): RouteSegment {
  if (segment.kind === 'placeholder') return { kind: 'placeholder', name: segment.name, namesUser: afterUsers };
  const call = /^([^()]+)\(.*\)$/s.exec(segment.value);
  if (call?.[1] !== undefined) return { kind: 'function', name: functionName(call[1]), shown: call[1] };
  if (/\{[^{}]+\}/.test(segment.value)) {
    const source = segment.value
      .split(/\{[^{}]+\}/)
      .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+?');
    return { kind: 'pattern', pattern: new RegExp(`^${source}$`, 'is'), shown: segment.value };
  }
  return { kind: 'literal', value: segment.value.toLowerCase() };
}

/** `microsoft.graph.delta` and `delta` name the same function. */
function functionName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^microsoft\.graph\./, '');
}

function segmentShape(segment: RouteSegment): string {
  switch (segment.kind) {
    case 'literal':
      return segment.value;
    case 'function':
      return `${segment.name}()`;
    case 'pattern':
      return segment.shown.toLowerCase();
    case 'me':
      return '{@me}';
    case 'placeholder':
      return '{}';
  }
}

export interface ParsedTarget {
  readonly version: GraphVersion;
  /** Still percent-encoded, starting with `/`: `/me/photos`. */
  readonly path: string;
}

/** `/beta/me/photos` → version + path; undefined when the first segment is no Graph version. */
export function splitVersion(pathname: string): ParsedTarget | undefined {
  const match = /^\/(v1\.0|beta)(\/.*)?$/i.exec(pathname);
  const version = match?.[1]?.toLowerCase();
  if (version !== 'v1.0' && version !== 'beta') return undefined;
  return { version, path: match?.[2] ?? '/' };
}

/** Who the tenant knows: `findUser` resolves an id or UPN to the user's canonical id. */
export interface Directory {
  findUser(idOrUserPrincipalName: string): string | undefined;
}

/** A request path reaching an operation, with the canonical value of each path segment. */
export interface RouteMatch {
  readonly operation: Operation;
  /** One per segment: literals lower-cased, users resolved to their ids, function calls as sent. */
  readonly parts: readonly string[];
}

export type PathLookup =
  /** Every operation the path reaches, most specific first (possibly none with the request's method). */
  | { readonly kind: 'found'; readonly matches: readonly [RouteMatch, ...RouteMatch[]] }
  /** The path fits a documented shape but names a user the tenant does not have. */
  | { readonly kind: 'unknown-entity'; readonly value: string }
  | { readonly kind: 'no-route'; readonly segment: string };

/** Whether a documented path (an example's) is one the segments match, whoever its users are. */
function reaches(segments: readonly RouteSegment[], path: string): boolean {
  const parts = requestParts(path);
  return parts.length === segments.length && matchSegments(segments, parts, FITS_ANYONE).kind === 'ok';
}

/** A request path's segments, `/me/…` as `/users/<signed-in id>/…`. */
function requestParts(path: string): string[] {
  const given = splitRequestPath(path);
  return given[0]?.toLowerCase() === 'me' ? ['users', SIGNED_IN_USER.id, ...given.slice(1)] : given;
}

const FITS_ANYONE: Directory = { findUser: (value: string) => value.toLowerCase() };

/** Splits a request path on `/` outside parentheses (function arguments may hold slashes) and decodes each part. */
export function splitRequestPath(path: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of path) {
    if (char === '(') depth++;
    else if (char === ')') depth = Math.max(0, depth - 1);
    if (char === '/' && depth === 0) {
      if (current !== '') parts.push(safeDecode(current));
      current = '';
    } else current += char;
  }
  if (current !== '') parts.push(safeDecode(current));
  return parts;
}

export function lookupPath(table: RouteTable, directory: Directory, path: string): PathLookup {
  const parts = requestParts(path);
  const scored: { match: RouteMatch; score: number }[] = [];
  let unknown: string | undefined;
  for (const operation of candidates(table, parts)) {
    if (operation.segments.length !== parts.length) continue;
    const result = matchSegments(operation.segments, parts, directory);
    if (result.kind === 'miss') continue;
    if (result.kind === 'unknown-user') {
      unknown ??= result.value;
      continue;
    }
    scored.push({ match: { operation, parts: result.parts }, score: result.score });
  }
  scored.sort((a, b) => b.score - a.score);
  const [first, ...rest] = scored.map((s) => s.match);
  if (first !== undefined) return { kind: 'found', matches: [first, ...rest] };
  if (unknown !== undefined) return { kind: 'unknown-entity', value: unknown };
  return { kind: 'no-route', segment: firstUnmatchedSegment(table, parts) };
}

/** A table this large is looked up through its index (see `candidates`); a smaller one is scanned. */
const SCANNED_UP_TO = 64;

/**
 * A table's operations by their number of segments, then by what their first segment matches: a literal by its
 * value, a function by its name; any other kind (a placeholder, a pattern) under `open`, tried for every path.
 */
interface RouteIndex {
  readonly byLength: ReadonlyMap<number, { readonly byFirst: ReadonlyMap<string, number[]>; readonly open: number[] }>;
}

const indexes = new WeakMap<RouteTable, RouteIndex>();

/**
 * The operations a path of these parts may reach, in the table's order (which breaks ties between equal scores): a
 * whole reference documents tens of thousands, and every request and every documented example is looked up.
 */
function candidates(table: RouteTable, parts: readonly string[]): readonly Operation[] {
  const { operations } = table;
  if (operations.length <= SCANNED_UP_TO) return operations;
  let index = indexes.get(table);
  if (!index) indexes.set(table, (index = indexRoutes(operations)));
  const ofLength = index.byLength.get(parts.length);
  if (!ofLength) return [];
  // The keys the first part can match by (as matchSegments compares): as a literal, in either of its spellings, and
  // as a function call.
  const first = parts[0] ?? '';
  const call = /^([^()]+?)(\(.*\))?$/s.exec(first)?.[1];
  const keys = new Set([
    `literal ${first.toLowerCase()}`,
    `literal ${functionName(first.replace(/\(\)$/, ''))}`,
    ...(call === undefined ? [] : [`function ${functionName(call)}`]),
  ]);
  const found = [...ofLength.open];
  for (const key of keys) found.push(...(ofLength.byFirst.get(key) ?? []));
  return [...new Set(found)].sort((a, b) => a - b).map((at) => operations[at] as Operation);
}

function indexRoutes(operations: readonly Operation[]): RouteIndex {
  const byLength = new Map<number, { byFirst: Map<string, number[]>; open: number[] }>();
  for (const [at, { segments }] of operations.entries()) {
    let ofLength = byLength.get(segments.length);
    if (!ofLength) byLength.set(segments.length, (ofLength = { byFirst: new Map(), open: [] }));
    const first = segments[0];
    const key =
      first?.kind === 'literal' ? `literal ${first.value}` : first?.kind === 'function' ? `function ${first.name}` : '';
    if (key === '') ofLength.open.push(at);
    else {
      const listed = ofLength.byFirst.get(key);
      if (listed) listed.push(at);
      else ofLength.byFirst.set(key, [at]);
    }
  }
  return { byLength };
}

type SegmentsMatch =
  | { readonly kind: 'ok'; readonly parts: readonly string[]; readonly score: number }
  | { readonly kind: 'unknown-user'; readonly value: string }
  | { readonly kind: 'miss' };

/** Literals and functions score above placeholders, so `/users/delta()` beats `/users/{id}`. */
function matchSegments(
  segments: readonly RouteSegment[],
  parts: readonly string[],
  directory: Directory,
): SegmentsMatch {
  const canonical: string[] = [];
  let score = 0;
  let unknownUser: string | undefined;
  for (const [index, segment] of segments.entries()) {
    const part = parts[index] ?? '';
    switch (segment.kind) {
      case 'literal':
        // A documented `GET /users/delta` is the function `delta()`: called with or without its parentheses.
        if (part.toLowerCase() !== segment.value && functionName(part.replace(/\(\)$/, '')) !== segment.value)
          return { kind: 'miss' };
        canonical.push(segment.value);
        score += 2;
        break;
      case 'function': {
        const call = /^([^()]+?)(\(.*\))?$/s.exec(part);
        if (call?.[1] === undefined || functionName(call[1]) !== segment.name) return { kind: 'miss' };
        canonical.push(`${segment.shown}${call[2] ?? '()'}`);
        score += 2;
        break;
      }
      case 'pattern':
        if (!segment.pattern.test(part)) return { kind: 'miss' };
        canonical.push(part);
        score += 1;
        break;
      case 'me':
        if (directory.findUser(part) !== SIGNED_IN_USER.id) return { kind: 'miss' };
        canonical.push(SIGNED_IN_USER.id);
        score += 1;
        break;
      case 'placeholder': {
        if (!segment.namesUser) {
          canonical.push(part);
          score += 1;
          break;
        }
        const user = directory.findUser(part);
        if (user === undefined) unknownUser ??= part;
        canonical.push(user ?? part);
        score += 1;
        break;
      }
    }
  }
  // The shape fits; only then is an unknown user the reason for a miss.
  if (unknownUser !== undefined) return { kind: 'unknown-user', value: unknownUser };
  return { kind: 'ok', parts: canonical, score };
}

/** For the 404 message: how far the best template got before the path left it. */
function firstUnmatchedSegment(table: RouteTable, parts: readonly string[]): string {
  let best = 0;
  for (const { segments } of table.operations) {
    let depth = 0;
    for (const [index, part] of parts.entries()) {
      const segment = segments[index];
      if (segment === undefined) break;
      if (segment.kind === 'literal' && segment.value !== part.toLowerCase()) break;
      if (segment.kind === 'function' && !part.toLowerCase().startsWith(segment.name)) break;
      depth = index + 1;
    }
    best = Math.max(best, depth);
  }
  return parts[Math.min(best, parts.length - 1)] ?? '/';
}

/**
 * A type-cast segment (`/groups/{id}/members/microsoft.graph.user`, `…/microsoft.graph.user/$count`,
 * `/directoryObjects/{id}/microsoft.graph.group`): the path without it, and the type it names. Only a cast at the
 * end (or just before `/$count`) is one: OData allows a cast there, and Graph's URLs use no other.
 */
export function splitTypeCast(path: string): { readonly path: string; readonly cast: string } | undefined {
  const cast = /^(.*)\/(microsoft\.graph\.[A-Za-z][A-Za-z0-9]*)(\/\$count)?\/?$/i.exec(path);
  if (cast?.[1] === undefined || cast[2] === undefined || cast[1] === '') return undefined;
  return { path: `${cast[1]}${cast[3] ?? ''}`, cast: cast[2].replace(/^microsoft\.graph\./i, 'microsoft.graph.') };
}

/** The first path segment whose percent-encoding is not UTF-8 (`%ff%fe`), if any. */
export function undecodableSegment(path: string): string | undefined {
  if (!path.includes('%')) return undefined;
  for (const part of path.split('/')) {
    try {
      decodeURIComponent(part);
    } catch {
      return part;
    }
  }
  return undefined;
}

/** A path segment decoded; as sent where it does not decode. */
export function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The version-independent key of the addressed resource: `/users/<id>/photos`. */
export function resourceKey(match: RouteMatch): string {
  // A user's drive by its id (`/drives/<id>`) is that user's drive (`/users/<user>/drive`): one state, two paths.
  const owner = match.parts[0] === 'drives' ? driveOwner(match.parts[1] ?? '') : undefined;
  const given = owner === undefined ? match.parts : ['users', owner, 'drive', ...match.parts.slice(2)];
  const parts = given.map((part, index) =>
    // A well-known folder name (`SentItems`, `inbox`) is the folder's id, in any case.
    index > 0 && given[index - 1] === 'mailfolders' && WELL_KNOWN_FOLDERS.has(part.toLowerCase())
      ? part.toLowerCase()
      : part.replace(/%/g, '%25').replace(/\//g, '%2F'),
  );
  return `/${parts.join('/')}`;
}

/** The id of a tenant user's OneDrive: opaque to clients, the user's id inside. */
export function driveIdOf(userId: string): string {
  return `b!${Buffer.from(userId, 'utf8').toString('base64url')}`;
}

function driveOwner(driveId: string): string | undefined {
  if (!driveId.startsWith('b!')) return undefined;
  const userId = Buffer.from(driveId.slice(2), 'base64url').toString('utf8');
  return findUser(userId)?.id;
}

/** Outlook's well-known mail folder names, usable in place of the folder's id. */
export const WELL_KNOWN_FOLDERS: ReadonlyMap<string, string> = new Map([
  ['inbox', 'Inbox'],
  ['sentitems', 'Sent Items'],
  ['drafts', 'Drafts'],
  ['deleteditems', 'Deleted Items'],
  ['junkemail', 'Junk Email'],
  ['archive', 'Archive'],
  ['outbox', 'Outbox'],
]);

/**
 * The keys of the members a path names by id, outermost first (`/groups/<g>`, `/groups/<g>/members/<m>` for
 * `/groups/{id}/members/{id}/$ref`), each of which must exist for the path to. Users are the directory's to check.
 */
export function memberKeys(match: RouteMatch): string[] {
  const keys: string[] = [];
  for (const [index, segment] of match.operation.segments.entries()) {
    if (segment.kind !== 'placeholder' || segment.namesUser) continue;
    keys.push(resourceKey({ ...match, parts: match.parts.slice(0, index + 1) }));
  }
  return keys;
}

/** `users('<id>')/photos`: the `@odata.context` fragment Graph writes for the addressed resource. */
export function contextPath(match: RouteMatch): string {
  const parts: string[] = [];
  for (const [index, segment] of match.operation.segments.entries()) {
    const value = match.parts[index] ?? '';
    if (segment.kind === 'literal') {
      parts.push(segment.value === '$value' ? '$value' : value);
      continue;
    }
    if (segment.kind === 'function' || segment.kind === 'pattern') {
      parts.push(segment.kind === 'function' ? segment.shown : value);
      continue;
    }
    const last = parts.pop();
    parts.push(`${last ?? ''}('${value.replace(/'/g, "''")}')`);
  }
  return parts.join('/');
}

/** The matches whose documented query options the request sends (a bare path never reaches `?$expand=…` lines). */
export function withQueryOptions<T extends RouteMatch>(matches: readonly T[], query: URLSearchParams): T[] {
  if (matches.every((m) => m.operation.queryOptions.length === 0)) return [...matches];
  const sent = new Set([...query.keys()].map((name) => name.toLowerCase()));
  return matches.filter((m) => m.operation.queryOptions.every((name) => sent.has(name)));
}

/** Every method the path reaches, for `Allow`. */
export function allowedMethods(matches: readonly RouteMatch[]): HttpMethod[] {
  return [...new Set(matches.map((m) => m.operation.method))];
}
