/**
 * How a guarded write is undone, decided before it is sent: the entity is read first, and only a write whose every
 * changed property the read shows can be put back. What a POST creates is deleted. A DELETE cannot be undone (the
 * entity's id would change), so it runs only on entities the run created itself.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseJsonOrUndefined } from '../core/json.ts';
import { plural } from '../core/plural.ts';

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
  return keys.filter((key) => !isDeepStrictEqual(now[key], snapshot[key]));
}

/** Where a POST's answer says the created entity lives: `Location`, else the collection URL plus the body's id. */
export function createdEntityUrl(
  requestUrl: string,
  status: number,
  location: string | undefined,
  bodyText: string,
): string | undefined {
  if (status < 200 || status >= 300) return undefined;
  if (location !== undefined && location.trim() !== '') {
    try {
      return new URL(location.trim(), requestUrl).toString();
    } catch {
      // fall through to the id
    }
  }
  const body = parseJsonOrUndefined(bodyText);
  const id =
    typeof body === 'object' && body !== null && 'id' in body && typeof body.id === 'string' ? body.id : undefined;
  if (id === undefined) return undefined;
  const url = new URL(requestUrl);
  url.search = '';
  return `${url.toString().replace(/\/$/, '')}/${encodeURIComponent(id)}`;
}

export interface RestoreFailure {
  /** The test whose write it was. */
  readonly test: string;
  readonly url: string;
  readonly problem: string;
  /** What to do by hand, with the values to put back where they are known. */
  readonly fixByHand: string;
}

export function formatRestoreFailures(failures: readonly RestoreFailure[]): string {
  const lines = [`${plural(failures.length, 'change')} to the tenant could not be undone; fix by hand:`];
  for (const f of failures)
    lines.push('', `- ${f.url} (from "${f.test}")`, `  problem: ${f.problem}`, `  fix by hand: ${f.fixByHand}`);
  return lines.join('\n');
}
