/**
 * OData query options and control information, as pure functions: reading `$select`, `$filter`, `$orderby`,
 * `$search`, `$count`, `$expand`, `$top`, `$skip` and `$skiptoken`; applying them to a collection; paging with
 * `@odata.nextLink`; and the default property set an operation answers with.
 */
import type { ResponseExample } from '../docs/model.ts';
import { compare, compileFilter, type CompiledFilter } from './filter.ts';
import { setOwn, type JsonObject } from './reply.ts';
import { isJsonObject } from '../core/json.ts';

/** Graph's page size when the client sets no `$top`. */
export const DEFAULT_PAGE_SIZE = 100;
/** Graph refuses larger pages on most collections. */
export const MAX_PAGE_SIZE = 999;

export interface OrderBy {
  readonly path: readonly string[];
  readonly descending: boolean;
}

export interface Expand {
  /** The navigation property, as written. */
  readonly name: string;
  readonly select?: ReadonlySet<string>;
  /**
   * `$levels`: how deep the navigation is followed from what it reaches (`manager($levels=max)` gives the manager
   * chain); 1 without it.
   */
  readonly levels: number;
}

/** The depth `$levels=max` stands for: a bound, as a service sets one. */
export const MAX_EXPAND_LEVELS = 32;

export interface ReadOptions {
  /** Lower-cased property names; undefined without `$select`. */
  readonly select?: ReadonlySet<string>;
  readonly top?: number;
  /** Where the page starts: `$skip` plus the offset a `$skiptoken` carries. */
  readonly skip: number;
  readonly filter?: CompiledFilter;
  readonly orderBy: readonly OrderBy[];
  /** `$search` terms: `property:value` pairs (property undefined for a bare term), all of which must match. */
  readonly search?: readonly SearchTerm[];
  readonly count: boolean;
  readonly expand: readonly Expand[];
}

export interface SearchTerm {
  readonly property?: string;
  readonly value: string;
}

export type QueryOptions = ({ readonly ok: true } & ReadOptions) | { readonly ok: false; readonly message: string };

export function readQueryOptions(query: URLSearchParams): QueryOptions {
  const select = query.get('$select');
  const top = query.get('$top');
  const skipToken = query.get('$skiptoken');
  const skipText = query.get('$skip');
  const filterText = query.get('$filter');
  const countText = query.get('$count');
  let parsedTop: number | undefined;
  if (top !== null) {
    if (!/^\d{1,4}$/.test(top) || Number(top) < 1 || Number(top) > MAX_PAGE_SIZE) {
      return { ok: false, message: `Invalid value '${top}' for $top: give a whole number from 1 to ${MAX_PAGE_SIZE}.` };
    }
    parsedTop = Number(top);
  }
  let skip = 0;
  if (skipToken !== null) {
    // The token is the mock's own (see nextLink): an offset, base64url-encoded so that clients treat it as opaque.
    const offset = Buffer.from(skipToken, 'base64url').toString('utf8');
    if (!/^\d{1,9}$/.test(offset))
      return { ok: false, message: 'Invalid $skiptoken: use the @odata.nextLink the service returned.' };
    skip = Number(offset);
  }
  if (skipText !== null) {
    if (!/^\d{1,9}$/.test(skipText))
      return { ok: false, message: `Invalid value '${skipText}' for $skip: give a whole number.` };
    skip += Number(skipText);
  }
  let filter: CompiledFilter | undefined;
  if (filterText !== null) {
    const compiled = compileFilter(filterText);
    if (!compiled.ok) return { ok: false, message: compiled.message };
    filter = compiled.filter;
  }
  if (countText !== null && !/^(true|false)$/i.test(countText))
    return { ok: false, message: `Invalid value '${countText}' for $count: give true or false.` };
  const orderBy = readOrderBy(query.get('$orderby'));
  if (!Array.isArray(orderBy)) return orderBy;
  const search = query.get('$search');
  return {
    ok: true,
    skip,
    orderBy,
    count: countText?.toLowerCase() === 'true',
    expand: readExpand(query.get('$expand')),
    // `$select` keeps the key as well, as Graph does: a client can always address what it listed.
    ...(select === null ? {} : { select: new Set([...names(select), 'id']) }),
    ...(parsedTop === undefined ? {} : { top: parsedTop }),
    ...(filter === undefined ? {} : { filter }),
    ...(search === null ? {} : { search: readSearch(search) }),
  };
}

function names(list: string): ReadonlySet<string> {
  return new Set(
    list
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ''),
  );
}

function readOrderBy(text: string | null): OrderBy[] | { ok: false; message: string } {
  if (text === null) return [];
  const items: OrderBy[] = [];
  for (const part of text.split(',')) {
    const match = /^\s*([A-Za-z_][\w/]*)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (match?.[1] === undefined) return { ok: false, message: `Invalid $orderby clause '${part.trim()}'.` };
    items.push({ path: match[1].split('/'), descending: match[2]?.toLowerCase() === 'desc' });
  }
  return items;
}

/** `members($select=id,displayName;$top=5),owners`: names and their `$select`; other nested options are not applied. */
function readExpand(text: string | null): Expand[] {
  if (text === null) return [];
  const items: Expand[] = [];
  let depth = 0;
  let current = '';
  for (const char of `${text},`) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      const match = /^([^()\s]+)\s*(?:\((.*)\))?$/s.exec(current.trim());
      if (match?.[1] !== undefined && match[1] !== '*') {
        const select = /(?:^|;)\s*\$select=([^;]*)/i.exec(match[2] ?? '')?.[1];
        const levels = /(?:^|;)\s*\$levels=(max|\d+)/i.exec(match[2] ?? '')?.[1];
        items.push({
          name: match[1],
          ...(select === undefined ? {} : { select: names(select) }),
          levels:
            levels === undefined
              ? 1
              : levels.toLowerCase() === 'max'
                ? MAX_EXPAND_LEVELS
                : Math.min(Math.max(Number(levels), 1), MAX_EXPAND_LEVELS),
        });
      }
      current = '';
    } else current += char;
  }
  return items;
}

/** Graph's `$search`: `"displayName:room" AND "mail:contoso"`, or a bare `"pizza"` over every text property. */
function readSearch(text: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const match of text.matchAll(/"([^"]*)"|([^\s"]+)/g)) {
    const term = match[1] ?? match[2] ?? '';
    if (match[1] === undefined && /^(and|or|not)$/i.test(term)) continue;
    const colon = term.indexOf(':');
    terms.push(colon > 0 ? { property: term.slice(0, colon), value: term.slice(colon + 1) } : { value: term });
  }
  return terms;
}

/** `$filter`, `$search` and `$orderby` over a collection; `$count` counts what they keep, before paging. */
export function selectMembers(items: readonly unknown[], options: ReadOptions): unknown[] {
  let kept = options.filter === undefined ? [...items] : items.filter((item) => options.filter?.test(item));
  if (options.search !== undefined) {
    const terms = options.search;
    kept = kept.filter((item) => terms.every((term) => matchesSearch(item, term)));
  }
  if (options.orderBy.length > 0) {
    const orderBy = options.orderBy;
    kept = kept
      .map((item, index) => ({ item, index }))
      .sort((a, b) => {
        for (const { path, descending } of orderBy) {
          const order = compareMissingLast(valueAt(a.item, path), valueAt(b.item, path));
          if (order !== 0) return descending ? -order : order;
        }
        return a.index - b.index;
      })
      .map(({ item }) => item);
  }
  return kept;
}

function compareMissingLast(a: unknown, b: unknown): number {
  const aMissing = a === undefined || a === null;
  const bMissing = b === undefined || b === null;
  if (aMissing || bMissing) return Number(aMissing) - Number(bMissing);
  return compare(a, b) ?? 0;
}

function valueAt(item: unknown, path: readonly string[]): unknown {
  let value = item;
  for (const name of path) {
    if (!isJsonObject(value)) return undefined;
    const key = Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase());
    value = key === undefined ? undefined : value[key];
  }
  return value;
}

/** Graph tokenises and matches word prefixes; a term matches when a word of the property starts with it. */
function matchesSearch(item: unknown, term: SearchTerm): boolean {
  if (!isJsonObject(item)) return false;
  const wanted = term.value.toLowerCase();
  const values = term.property === undefined ? Object.values(item) : [valueAt(item, term.property.split('/'))];
  return values.some(
    (value) =>
      (typeof value === 'string' &&
        value
          .toLowerCase()
          .split(/[^\p{L}\p{N}]+/u)
          .some((word) => word.startsWith(wanted))) ||
      (typeof value === 'string' && value.toLowerCase().startsWith(wanted)),
  );
}

/**
 * The properties to answer with: those `$select` names, else the documented answer's when it is complete (not
 * truncated): that is the operation's default property set. Undefined means every property. A request that repeats
 * a documented one (`repeats`) also gets every property its documented answer shows, selected or not: the page says
 * that is what the request gets.
 */
export function projection(
  select: ReadonlySet<string> | undefined,
  documented: ResponseExample | undefined,
  member: boolean,
  repeats = false,
): ReadonlySet<string> | undefined {
  if (select !== undefined) {
    const shown = repeats && documented !== undefined ? documentedProjection(documented, member) : undefined;
    return shown === undefined ? select : new Set([...select, ...shown]);
  }
  if (documented === undefined || documented.truncated || documented.body.kind !== 'json') return undefined;
  // Docs do not change while the mock runs: each documented answer's property set is worked out once.
  const cache = member ? memberProjections : entityProjections;
  if (cache.has(documented)) return cache.get(documented);
  const names = documentedProjection(documented, member);
  cache.set(documented, names);
  return names;
}

const entityProjections = new WeakMap<ResponseExample, ReadonlySet<string> | undefined>();
const memberProjections = new WeakMap<ResponseExample, ReadonlySet<string> | undefined>();

function documentedProjection(documented: ResponseExample, member: boolean): ReadonlySet<string> | undefined {
  if (documented.body.kind !== 'json') return undefined;
  const body = documented.body.value;
  if (!isJsonObject(body)) return undefined;
  if (!member) return new Set(Object.keys(body).map((k) => k.toLowerCase()));
  const items = body['value'];
  if (!Array.isArray(items) || items.length === 0) return undefined;
  const names = new Set<string>();
  for (const item of items) if (isJsonObject(item)) for (const key of Object.keys(item)) names.add(key.toLowerCase());
  return names;
}

/** Keeps the named properties (case-insensitively) and every `@odata.*` annotation. */
export function project(entity: JsonObject, names: ReadonlySet<string> | undefined): JsonObject {
  if (names === undefined) return entity;
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(entity))
    if (key.includes('@odata.') || names.has(key.toLowerCase())) setOwn(kept, key, entity[key]);
  return kept;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** The offset of the next page; undefined on the last one. */
  readonly next?: number;
}

export function pageOf<T>(items: readonly T[], skip: number, top: number | undefined): Page<T> {
  const size = top ?? DEFAULT_PAGE_SIZE;
  const slice = items.slice(skip, skip + size);
  const next = skip + size;
  return next < items.length ? { items: slice, next } : { items: slice };
}

/** The request's own URL with `$skiptoken` for the next page; other options are kept. */
export function nextLink(origin: string, pathname: string, query: URLSearchParams, next: number): string {
  const params = new URLSearchParams(query);
  params.set('$skiptoken', Buffer.from(String(next), 'utf8').toString('base64url'));
  return `${origin}${pathname}?${params.toString().replace(/%24/g, '$')}`;
}
