/**
 * How a guarded write is undone, decided before it is sent: the entity is read first, and only a write whose every
 * changed property the read shows can be put back. What a POST creates is deleted. A DELETE cannot be undone (the
 * entity's id would change), so it runs only on entities the run created itself.
 */
import { jsonEqual, parseJsonOrUndefined } from '../core/json.ts';

export type WritePlan =
  | { readonly kind: 'revert'; readonly method: 'PATCH' | 'PUT'; readonly keys: readonly string[] }
  | { readonly kind: 'delete-created' }
  | { readonly kind: 'created-by-run' }
  | { readonly kind: 'refuse'; readonly reason: string };

/** Properties a write sends that say something about the entity (OData control information does not). */
export function changedKeys(body: unknown): string[] | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  return Object.keys(body).filter((key) => !key.startsWith('@odata.') && !key.includes('@odata.'));
}

export function planWrite(
  method: string,
  url: string,
  body: string | undefined,
  createdByRun: readonly string[],
): WritePlan {
  const upper = method.toUpperCase();
  if (upper === 'POST') return { kind: 'delete-created' };
  if (createdByRun.some((value) => value.length > 0 && url.includes(encodeURIComponent(value))))
    return { kind: 'created-by-run' };
  if (upper === 'DELETE') {
    return {
      kind: 'refuse',
      reason:
        'a DELETE cannot be undone (a re-created entity gets a new id): it runs only on an entity the run created, e.g. by a tenant-file setup request with a cleanup',
    };
  }
  const keys = changedKeys(body === undefined ? undefined : parseJsonOrUndefined(body));
  if (keys === undefined)
    return {
      kind: 'refuse',
      reason: `its body is not a JSON object, so what it changes cannot be read first and put back`,
    };
  return { kind: 'revert', method: upper === 'PUT' ? 'PUT' : 'PATCH', keys };
}

/** The body that puts the snapshot's values back, or the keys the snapshot does not show (then the write must not go). */
export function revertBody(
  snapshot: unknown,
  keys: readonly string[],
  method: 'PATCH' | 'PUT',
): { readonly body: Record<string, unknown> } | { readonly unknown: readonly string[] } {
  if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) return { unknown: [...keys] };
  const entity = snapshot as Record<string, unknown>;
  const unknown = keys.filter((key) => !(key in entity));
  if (unknown.length > 0) return { unknown };
  // PUT replaces the whole entity: put the whole snapshot back, less what the service computes.
  const source =
    method === 'PUT'
      ? Object.keys(entity).filter((key) => !key.startsWith('@odata.') && !key.includes('@odata.'))
      : keys;
  return { body: Object.fromEntries(source.map((key) => [key, entity[key]])) };
}

/** Keys whose value after the restore differs from the snapshot's. */
export function restoreMismatches(
  snapshot: Readonly<Record<string, unknown>>,
  after: unknown,
  keys: readonly string[],
): string[] {
  if (typeof after !== 'object' || after === null || Array.isArray(after)) return [...keys];
  const now = after as Record<string, unknown>;
  return keys.filter((key) => !jsonEqual(now[key], snapshot[key]));
}

/** What a POST made, as far as its answer says, for the undo to delete. */
export type Created =
  /** Nothing: the POST failed, or was an action that creates no entity. */
  | { readonly kind: 'none' }
  /** The created entity's path on the target, inside the collection that was posted to. */
  | { readonly kind: 'at'; readonly path: string }
  /** Something was created, but the answer does not say where inside the collection: it is left for a person. */
  | { readonly kind: 'unlocated'; readonly problem: string };

/**
 * Where a POST's answer says the created entity lives: its `Location` (resolved against the posted URL), else the
 * collection plus the body's `id`. Only a place on the target's origin and directly inside the collection that was
 * posted to is ever deleted: a target that names anything else (another host, a parent, a sibling collection) would
 * otherwise make the run delete what it never created.
 *
 * `origin` is the target's; `collection` the posted path (its query is dropped).
 */
export function createdEntity(
  origin: string,
  collection: string,
  answer: { readonly status: number; readonly location: string | undefined; readonly bodyText: string },
): Created {
  const { status, location, bodyText } = answer;
  if (status < 200 || status >= 300) return { kind: 'none' };
  let base = collection.split('?')[0] ?? '';
  while (base.endsWith('/')) base = base.slice(0, -1);
  const problems: string[] = [];
  if (location !== undefined && location.trim() !== '') {
    const named = location.trim();
    const path = pathOnOrigin(named, origin, base);
    if (path !== undefined && isDirectlyInside(path, base)) return { kind: 'at', path };
    problems.push(
      path === undefined
        ? `its Location (${named.slice(0, 200)}) is not on the target's origin (${origin})`
        : `its Location (${path.slice(0, 200)}) is not directly inside ${base}`,
    );
  }
  const body = parseJsonOrUndefined(bodyText);
  const id =
    typeof body === 'object' && body !== null && 'id' in body && typeof body.id === 'string' ? body.id : undefined;
  if (id !== undefined) {
    const path = `${base}/${encodeURIComponent(id)}`;
    if (isDirectlyInside(path, base)) return { kind: 'at', path };
    problems.push(`its id (${JSON.stringify(id.slice(0, 100))}) names nothing inside ${base}`);
  } else if (problems.length > 0 || status === 201) problems.push('its body has no id');
  if (problems.length === 0) return { kind: 'none' };
  return { kind: 'unlocated', problem: `the POST answered ${String(status)}, but ${problems.join(', and ')}` };
}

/** The path (no query) a URL names on `origin`, read against the posted collection; undefined on another origin. */
function pathOnOrigin(url: string, origin: string, collection: string): string | undefined {
  try {
    const parsed = new URL(url, `${origin}${collection}`);
    return parsed.origin === origin ? parsed.pathname : undefined;
  } catch {
    return undefined;
  }
}

/** `/v1.0/groups/g1` is directly inside `/v1.0/groups`: one segment more, which is no `.`, `..` or encoded slash. */
function isDirectlyInside(path: string, collection: string): boolean {
  // Graph's paths are case-insensitive; `new URL` has already resolved any dot segments of a Location.
  if (!path.toLowerCase().startsWith(`${collection.toLowerCase()}/`)) return false;
  const segment = path.slice(collection.length + 1);
  return segment !== '' && !segment.includes('/') && !/%2f|%5c/i.test(segment) && segment !== '.' && segment !== '..';
}

/** What a person does to put one entity back. */
export type Fix =
  | { readonly kind: 'write'; readonly method: 'PATCH' | 'PUT'; readonly values: Readonly<Record<string, unknown>> }
  /** Send this bodiless request (`DELETE` of a created entity, a tenant file's cleanup). */
  | { readonly kind: 'send'; readonly method: string }
  /** Something was created in the collection at `path`, but where is unknown: its answer began with `answer`. */
  | { readonly kind: 'find-and-delete'; readonly answer: string };

/** Why an undo did not take: the target did not do what it answered, or gave no usable answer; or a bug of ours. */
export type RestoreCause = 'target' | 'harness';

export interface RestoreFailure {
  /** The test whose write it was. */
  readonly test: string;
  /** The entity's path on the target (for `find-and-delete`, the collection that was posted to). */
  readonly path: string;
  readonly problem: string;
  readonly cause: RestoreCause;
  /** What puts back the value it had before this write. */
  readonly fix: Fix;
  /** When the write was sent (ms since the epoch), then its rank among the writes sent in that millisecond. */
  readonly writtenAt: readonly [number, number];
}

/** One entity to put back by hand: every failed undo of its path merged into one request. */
export interface EntityFix {
  readonly path: string;
  readonly fix: Fix;
  readonly problems: readonly string[];
  readonly tests: readonly string[];
  readonly cause: RestoreCause;
}

/**
 * The failed undos as one fix per entity, in an order that puts back the originals. Each fix carries the values from
 * before its path's first write (the later snapshots saw what an earlier failed undo left). Two paths can name one
 * entity (`/me` and `/users/{id}`), and then the fix of the path written first must come last: its values are the
 * original ones, and a later path's snapshot may hold an intermediate value. So the fixes go newest first write first.
 */
export function fixesByEntity(failures: readonly RestoreFailure[]): EntityFix[] {
  const chronological = [...failures].sort((a, b) => compareTimes(a.writtenAt, b.writtenAt));
  const groups = new Map<string, { first: readonly [number, number]; fix: EntityFix }>();
  for (const failure of chronological) {
    const key = `${failure.fix.kind === 'write' ? 'write' : failure.fix.kind}:${failure.path.toLowerCase()}`;
    const known = groups.get(key);
    if (known === undefined) {
      groups.set(key, {
        first: failure.writtenAt,
        fix: {
          path: failure.path,
          fix: failure.fix,
          problems: [failure.problem],
          tests: [failure.test],
          cause: failure.cause,
        },
      });
      continue;
    }
    const { fix } = known;
    known.fix = {
      ...fix,
      // The earliest value of each property is the original; a later write adds only properties not seen before.
      fix:
        fix.fix.kind === 'write' && failure.fix.kind === 'write'
          ? { ...fix.fix, values: { ...failure.fix.values, ...fix.fix.values } }
          : fix.fix,
      problems: [...new Set([...fix.problems, failure.problem])],
      tests: [...new Set([...fix.tests, failure.test])],
      cause: fix.cause === 'harness' || failure.cause === 'harness' ? 'harness' : 'target',
    };
  }
  return [...groups.values()].sort((a, b) => compareTimes(b.first, a.first)).map((g) => g.fix);
}

function compareTimes(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** The request (or the search) that puts one entity back, as a person types it. */
export function describeFix(path: string, fix: Fix): string {
  if (fix.kind === 'write') return `${fix.method} ${path} with ${JSON.stringify(fix.values)}`;
  if (fix.kind === 'send') return `${fix.method} ${path}`;
  return `find what the POST to ${path} created (its answer began: ${fix.answer}) and delete it`;
}

export function formatRestoreFailures(failures: readonly RestoreFailure[]): string {
  const fixes = fixesByEntity(failures);
  const lines = [
    `${String(fixes.length)} ${fixes.length === 1 ? 'entity' : 'entities'} of the tenant could not be put back; fix by hand, in this order (where two paths name one entity, this order puts back the original):`,
  ];
  for (const [index, f] of fixes.entries()) {
    lines.push(
      '',
      `${String(index + 1)}. fix by hand: ${describeFix(f.path, f.fix)}`,
      ...f.problems.map((p) => `   problem (${f.cause}): ${p}`),
      `   from: ${f.tests.map((t) => `"${t}"`).join(', ')}`,
    );
  }
  return lines.join('\n');
}
