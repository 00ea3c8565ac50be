/**
 * OData query options and control information, as pure functions: `$select`, `$top` paging with `@odata.nextLink`,
 * and the default property set an operation answers with.
 */
import type { ResponseExample } from '../docs/model.ts';
import { setOwn, type JsonObject } from './reply.ts';
import { isJsonObject } from '../core/json.ts';

/** Graph's page size when the client sets no `$top`. */
export const DEFAULT_PAGE_SIZE = 100;
/** Graph refuses larger pages on most collections. */
export const MAX_PAGE_SIZE = 999;

export type QueryOptions =
  | {
      readonly ok: true;
      /** Lower-cased property names; undefined without `$select`. */
      readonly select?: ReadonlySet<string>;
      readonly top?: number;
      readonly skip: number;
    }
  | { readonly ok: false; readonly message: string };

export function readQueryOptions(query: URLSearchParams): QueryOptions {
  const select = query.get('$select');
  const top = query.get('$top');
  const skipToken = query.get('$skiptoken');
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
  const names =
    select === null
      ? undefined
      : new Set(
          select
            .split(',')
            .map((name) => name.trim().toLowerCase())
            .filter((name) => name !== ''),
        );
  return {
    ok: true,
    skip,
    ...(names === undefined ? {} : { select: names }),
    ...(parsedTop === undefined ? {} : { top: parsedTop }),
  };
}

/**
 * The properties to answer with: those `$select` names, else the documented answer's when it is complete (not
 * truncated): that is the operation's default property set. Undefined means every property.
 */
export function projection(
  select: ReadonlySet<string> | undefined,
  documented: ResponseExample | undefined,
  member: boolean,
): ReadonlySet<string> | undefined {
  if (select !== undefined) return select;
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
