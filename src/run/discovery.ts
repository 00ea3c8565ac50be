/**
 * Placeholder values found in a target as a person following the docs would find them: for the `{id}` of
 * `/groups/{id}`, list `/groups` and take the first member's `id`. Run once per run by the setup project, against a
 * target other than the embedded mock (which fills placeholders from its own state), for the placeholders no setting
 * or tenant file gives. Nested collections are listed once their parent is known: `/users/{}/messages` after `/users`.
 * Only GETs: nothing is written.
 */
import type { ConformanceCase } from '../cases/model.ts';
import type { DiscoveredValue } from '../cases/placeholders.ts';
import type { GraphVersion } from '../core/http.ts';
import { isJsonObject, parseJsonOrUndefined } from '../core/json.ts';
import type { Redactor } from '../core/redact.ts';
import type { TargetClient } from './target-client.ts';

/** A collection to list, in the version the cases that need it use. */
export interface Listing {
  /** The collection's shape, as `collectionOf` gives it: `/groups`, `/users/{}/messages`. */
  readonly collection: string;
  readonly version: GraphVersion;
}

export interface DiscoveryOutcome {
  readonly discovered: readonly DiscoveredValue[];
  /** Collections that gave no value, and why (shown on the setup test). */
  readonly notFound: readonly string[];
}

export interface DiscoveryContext {
  readonly client: Pick<TargetClient, 'send'>;
  readonly redact: Redactor;
  readonly timeoutMs: number;
  /** At most this many listings are sent (a doc set names a few hundred collections at most). */
  readonly maxRequests: number;
}

/** Parent shapes of a collection, one per `{}`: `/users/{}/messages/{}/attachments` → `/users`, `/users/{}/messages`. */
function parents(collection: string): string[] {
  const segments = collection.split('/');
  return segments.flatMap((segment, index) => (segment === '{}' ? [segments.slice(0, index).join('/')] : []));
}

/** The collections the skipped cases need a member of, parents first; each in the version most cases use. */
export function listingsFor(cases: readonly ConformanceCase[]): Listing[] {
  const versions = new Map<string, Map<GraphVersion, number>>();
  const want = (collection: string, version: GraphVersion): void => {
    const counts = versions.get(collection) ?? new Map<GraphVersion, number>();
    counts.set(version, (counts.get(version) ?? 0) + 1);
    versions.set(collection, counts);
  };
  for (const c of cases) {
    if (c.runnable || c.needs === undefined) continue;
    for (const { collection } of c.needs) {
      if (collection === undefined || collection === '/') continue;
      for (const parent of parents(collection)) want(parent, c.version);
      want(collection, c.version);
    }
  }
  return [...versions]
    .map(([collection, counts]) => ({
      collection,
      version: [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'v1.0',
    }))
    .sort((a, b) => depth(a.collection) - depth(b.collection) || a.collection.localeCompare(b.collection));
}

function depth(collection: string): number {
  return parents(collection).length;
}

/** Lists each collection (parents first) and takes the first member's `id`. */
export async function discoverValues(listings: readonly Listing[], ctx: DiscoveryContext): Promise<DiscoveryOutcome> {
  const found = new Map<string, DiscoveredValue>();
  const notFound: string[] = [];
  let sent = 0;
  for (const { collection, version } of listings) {
    const path = fillCollection(collection, found);
    if (path === undefined) {
      notFound.push(`${collection}: its parent collection gave no member`);
      continue;
    }
    if (sent >= ctx.maxRequests) {
      notFound.push(`${collection}: not listed (at most ${ctx.maxRequests.toString()} listings per run)`);
      continue;
    }
    sent++;
    const listed = `/${version}${path}`;
    const exchange = await ctx.client.send(
      { method: 'GET', path: listed, headers: { Accept: 'application/json' } },
      { authorize: true, timeoutMs: ctx.timeoutMs },
    );
    const { status, bodyText } = exchange.response;
    if (status < 200 || status >= 300) {
      notFound.push(`GET ${listed} answered ${status.toString()}: ${ctx.redact(bodyText.slice(0, 200))}`);
      continue;
    }
    const id = firstId(parseJsonOrUndefined(bodyText));
    if (id === undefined) {
      notFound.push(`GET ${listed} listed no member with an id`);
      continue;
    }
    found.set(collection, { collection, value: id, how: `GET ${listed}, /value/0/id` });
  }
  return { discovered: [...found.values()], notFound };
}

/** The collection's path with each `{}` replaced by the member found for its parent; undefined when one is missing. */
function fillCollection(collection: string, found: ReadonlyMap<string, DiscoveredValue>): string | undefined {
  const segments = collection.split('/');
  const filled: string[] = [];
  for (const [index, segment] of segments.entries()) {
    if (segment !== '{}') {
      filled.push(segment);
      continue;
    }
    const parent = found.get(segments.slice(0, index).join('/'));
    if (parent === undefined) return undefined;
    filled.push(encodeURIComponent(parent.value));
  }
  return filled.join('/');
}

/** `value[0].id` of a collection answer, when it is a usable path segment. */
function firstId(answer: unknown): string | undefined {
  if (!isJsonObject(answer) || !Array.isArray(answer.value)) return undefined;
  const first: unknown = answer.value[0];
  const id = isJsonObject(first) ? first.id : undefined;
  const text = typeof id === 'number' ? id.toString() : id;
  return typeof text === 'string' && text.trim() !== '' && !/^\.{1,2}$/.test(text.trim()) ? text : undefined;
}

/** The discovered values as the run's folder keeps them, read back; anything malformed is left out. */
export function readDiscovered(value: unknown): DiscoveredValue[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown): DiscoveredValue[] =>
    isJsonObject(item) &&
    typeof item.collection === 'string' &&
    typeof item.value === 'string' &&
    typeof item.how === 'string'
      ? [{ collection: item.collection, value: item.value, how: item.how }]
      : [],
  );
}
