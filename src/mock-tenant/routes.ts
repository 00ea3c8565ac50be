/**
 * The route table: which operations the doc pages document, and which of them a request path reaches.
 *
 * Routes are stored in canonical form: `/me/…` templates become `/users/{@me}/…`, so `/me/photos`,
 * `/users/<my id>/photos` and `/users/<my UPN>/photos` all reach the same operation and the same stored state.
 */
import { fillPath, matchPath } from '../docs/path-template.ts';
import type { Example, GraphVersion, HttpMethod, Page, PathSegment, PathTemplate } from '../docs/model.ts';
import { findUser, SIGNED_IN_USER } from './tenant.ts';
import { isJsonObject, withoutAnnotations, type JsonObject } from './reply.ts';

/** The placeholder a `/me` template gets; the `@` keeps it from colliding with any documented name. */
const SIGNED_IN_PLACEHOLDER = '@me';

export interface Operation {
  readonly method: HttpMethod;
  /** As documented (`/me/photos`), for messages and logs. */
  readonly documented: PathTemplate;
  /** Canonical: `users/{@me}/photos` for the template above. */
  readonly template: PathTemplate;
  readonly page: Page;
  /** The documented success status: the page's prose, else its example's status line, else a method default. */
  readonly successStatus: number;
  /** The documented example that best illustrates this operation, when the page has one with a JSON answer. */
  readonly example?: Example;
  /** The OData type the operation answers with (`microsoft.graph.profilePhoto`), when the page names one. */
  readonly odataType?: string;
  /** Shared by every operation on the same path shape. */
  readonly resource: ResourceInfo;
}

/** What the operations at one path shape share: the resource they act on. */
export interface ResourceInfo {
  /** The initial state: a documented answer without its `@odata.*` keys; `{}` when nothing is documented. */
  readonly seed: JsonObject;
  readonly odataType?: string;
  /** `{ "value": [...] }` state: no `@odata.type` and no `/$entity` in the context. */
  readonly isCollection: boolean;
}

export interface RouteTable {
  readonly operations: readonly Operation[];
}

type Described = Omit<Operation, 'resource'>;

/** Documented operations, one per method and template; a duplicate documented by a later page is dropped. */
export function buildRouteTable(pages: readonly Page[]): RouteTable {
  const described: Described[] = [];
  const seen = new Set<string>();
  for (const page of pages) {
    for (const documented of page.httpRequests) {
      const template = canonicalTemplate(documented);
      const id = `${documented.method} ${exactShapeKey(template)}`;
      if (seen.has(id)) continue;
      seen.add(id);
      described.push(describeOperation(page, documented, template));
    }
  }
  const resources = new Map<string, ResourceInfo>();
  for (const key of new Set(described.map((op) => shapeKey(op.template)))) {
    resources.set(key, describeResource(described.filter((op) => shapeKey(op.template) === key)));
  }
  // Every shape key was just given a resource; the fallback only satisfies the type of Map.get.
  const operations = described.map((op) => ({ ...op, resource: resources.get(shapeKey(op.template)) ?? describeResource([op]) }));
  return { operations };
}

function canonicalTemplate(documented: PathTemplate): PathTemplate {
  const [first, ...rest] = documented.segments;
  if (first?.kind !== 'literal' || first.value.toLowerCase() !== 'me') return documented;
  const segments: PathSegment[] = [
    { kind: 'literal', value: 'users' },
    { kind: 'placeholder', name: SIGNED_IN_PLACEHOLDER, alternatives: [SIGNED_IN_PLACEHOLDER] },
    ...rest,
  ];
  return { ...documented, segments, placeholders: [SIGNED_IN_PLACEHOLDER, ...documented.placeholders] };
}

/** Placeholder names erased and literals lower-cased: templates with the same key address the same resources. */
export function shapeKey(template: PathTemplate): string {
  return template.segments.map((s) => (s.kind === 'placeholder' ? '{}' : s.value.toLowerCase())).join('/');
}

/** Like `shapeKey`, but `/me` routes stay distinct from `/users/{id}` routes (they serve fewer users). */
function exactShapeKey(template: PathTemplate): string {
  return template.segments
    .map((s) => (s.kind === 'placeholder' ? (s.name === SIGNED_IN_PLACEHOLDER ? '{@me}' : '{}') : s.value.toLowerCase()))
    .join('/');
}

function describeOperation(page: Page, documented: PathTemplate, template: PathTemplate): Described {
  const example = pickExample(page, documented);
  const successStatus = documentedSuccess(page, documented.method, example) ?? (documented.method === 'DELETE' ? 204 : 200);
  const odataType =
    example?.response?.odataType ??
    page.responseResource?.name ??
    page.requestBody?.resource?.name ??
    typeOfBody(example?.response?.body);
  const base = { method: documented.method, documented, template, page, successStatus };
  return {
    ...base,
    ...(example === undefined ? {} : { example }),
    ...(odataType === undefined ? {} : { odataType: odataType.replace(/^#/, '') }),
  };
}

/** Examples of this method with a JSON success answer; the one whose request path fits the template wins. */
function pickExample(page: Page, documented: PathTemplate): Example | undefined {
  const usable = page.examples.filter(
    (ex) =>
      ex.request.method === documented.method &&
      ex.response !== undefined &&
      !ex.response.expectError &&
      isSuccess(ex.response.status) &&
      jsonObjectBody(ex.response.body) !== undefined,
  );
  return usable.find((ex) => matchPath(documented, ex.request.path) !== undefined) ?? usable[0];
}

/** The prose first; else the status line of an example of this method (one without a body counts: `204`). */
function documentedSuccess(page: Page, method: HttpMethod, example: Example | undefined): number | undefined {
  // A non-2xx "success" status is a doc defect the parser reports; the mock keeps serving a sane answer.
  const prose = page.successStatus?.status;
  if (prose !== undefined && isSuccess(prose)) return prose;
  const candidates = [example, ...page.examples.filter((ex) => ex.request.method === method)];
  const shown = candidates.find((ex) => ex?.response !== undefined && !ex.response.expectError && isSuccess(ex.response.status));
  return shown?.response?.status;
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function jsonObjectBody(body: Example['request']['body'] | undefined): JsonObject | undefined {
  if (body?.kind !== 'json') return undefined;
  return isJsonObject(body.value) ? body.value : undefined;
}

function typeOfBody(body: Example['request']['body'] | undefined): string | undefined {
  const type = jsonObjectBody(body)?.['@odata.type'];
  return typeof type === 'string' ? type : undefined;
}

/**
 * The state comes from what a read would show: a GET's answer first, else what an update answers with. A path that
 * is only POSTed to is a collection that members are created in (`POST /users/{id}/messages`): it starts empty.
 */
function describeResource(operations: readonly Described[]): ResourceInfo {
  const preference: readonly HttpMethod[] = ['GET', 'PATCH', 'PUT'];
  const ordered = preference.flatMap((method) => operations.filter((op) => op.method === method));
  const onlyCreates = ordered.length === 0 && operations.some((op) => op.method === 'POST');
  const seeded = ordered.find((op) => op.example !== undefined);
  const response = seeded?.example?.response;
  const seedBody = jsonObjectBody(response?.body);
  const seed = seedBody === undefined ? (onlyCreates ? { value: [] } : {}) : withoutAnnotations(seedBody);
  const odataType = (seeded ?? ordered[0] ?? operations[0])?.odataType;
  const isCollection = response?.isCollection ?? Array.isArray(seed['value']);
  return { seed, isCollection, ...(odataType === undefined ? {} : { odataType }) };
}

/** A request path (version prefix removed) reaching an operation's template, with its resolved values. */
export interface RouteMatch {
  readonly operation: Operation;
  /** Placeholder values, users resolved to their ids. */
  readonly values: Readonly<Record<string, string>>;
}

export type PathLookup =
  /** Every operation the path reaches (possibly none with the request's method). */
  | { readonly kind: 'found'; readonly matches: readonly [RouteMatch, ...RouteMatch[]] }
  /** The path fits a documented shape but names a user the tenant does not have. */
  | { readonly kind: 'unknown-entity'; readonly value: string }
  /** No documented shape fits; `segment` is the first one that fits none. */
  | { readonly kind: 'no-route'; readonly segment: string };

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

export function lookupPath(table: RouteTable, path: string): PathLookup {
  // `/me` is an alias of the signed-in user; expanding it first lets one canonical template serve both spellings.
  const canonical = path.replace(/^\/me(?=\/|$)/i, `/users/${SIGNED_IN_USER.id}`);
  const matches: RouteMatch[] = [];
  let unknown: string | undefined;
  for (const operation of table.operations) {
    const raw = matchPath(operation.template, canonical);
    if (raw === undefined) continue;
    const resolved = resolveUsers(operation.template, raw);
    if (resolved.kind === 'unknown') {
      unknown ??= resolved.value;
      continue;
    }
    const signedIn = resolved.values[SIGNED_IN_PLACEHOLDER];
    if (signedIn !== undefined && signedIn !== SIGNED_IN_USER.id) continue;
    matches.push({ operation, values: resolved.values });
  }
  const [first, ...rest] = matches;
  if (first !== undefined) return { kind: 'found', matches: [first, ...rest] };
  if (unknown !== undefined) return { kind: 'unknown-entity', value: unknown };
  return { kind: 'no-route', segment: firstUnmatchedSegment(table, canonical) };
}

type Resolution =
  | { readonly kind: 'ok'; readonly values: Readonly<Record<string, string>> }
  | { readonly kind: 'unknown'; readonly value: string };

/** A placeholder right after a `users` segment names a user: by id or by userPrincipalName. */
function resolveUsers(template: PathTemplate, values: Readonly<Record<string, string>>): Resolution {
  const resolved: Record<string, string> = { ...values };
  for (const [index, segment] of template.segments.entries()) {
    const previous = template.segments[index - 1];
    if (segment.kind !== 'placeholder' || previous?.kind !== 'literal' || previous.value.toLowerCase() !== 'users') continue;
    const given = values[segment.name] ?? '';
    const user = findUser(given);
    if (user === undefined) return { kind: 'unknown', value: given };
    resolved[segment.name] = user.id;
  }
  return { kind: 'ok', values: resolved };
}

/** For the 404 message: how far the best template got before the path left it. */
function firstUnmatchedSegment(table: RouteTable, path: string): string {
  const parts = path.split('/').filter((part) => part !== '').map(safeDecode);
  let best = 0;
  for (const { template } of table.operations) {
    let depth = 0;
    for (const [index, part] of parts.entries()) {
      const segment = template.segments[index];
      if (segment === undefined) break;
      if (segment.kind === 'literal' && !segment.value.includes('{') && segment.value.toLowerCase() !== part.toLowerCase()) break;
      depth = index + 1;
    }
    best = Math.max(best, depth);
  }
  return parts[Math.min(best, parts.length - 1)] ?? '/';
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The version-independent key of the addressed resource: `/users/<id>/photos`. */
export function resourceKey(match: RouteMatch): string {
  const { template } = match.operation;
  const lowered: PathTemplate = {
    ...template,
    segments: template.segments.map((s) => (s.kind === 'literal' ? { kind: 'literal', value: s.value.toLowerCase() } : s)),
  };
  const filled = fillPath(lowered, (name) => match.values[name]);
  // matchPath produced a value for every placeholder, so fillPath cannot miss one; the fallback keeps this total.
  return filled.ok ? filled.path : `/${shapeKey(template)}`;
}

/** `users('<id>')/photos`: the `@odata.context` fragment Graph writes for the addressed resource. */
export function contextPath(match: RouteMatch): string {
  const parts: string[] = [];
  for (const segment of match.operation.template.segments) {
    if (segment.kind === 'literal') {
      parts.push(segment.value);
      continue;
    }
    const key = `('${(match.values[segment.name] ?? '').replace(/'/g, "''")}')`;
    const last = parts.pop();
    parts.push(`${last ?? ''}${key}`);
  }
  return parts.join('/');
}
