/**
 * The tenant's mutable state: one entry per canonical resource path (`/users/<id>/photos`), shared by `/v1.0` and
 * `/beta`. A path nobody has written reads as undefined: the caller falls back to what the docs show.
 *
 * Every write swaps in a new frozen object in one synchronous step. Node runs one request callback at a time, so a
 * reader sees either the state before a write or after it, never a mixture of two concurrent writes.
 */
import { deepFreeze } from '../core/json.ts';
import { setOwn, type JsonObject } from './reply.ts';

export type Entity = JsonObject;

/** Bytes written to a media resource (`PUT …/photo/$value`, `PUT …/content`). */
export interface Media {
  readonly kind: 'media';
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/** The outcome of reading a path that was deleted (as opposed to never written). */
export const DELETED = Symbol('deleted');

export type Stored = Entity | Media | typeof DELETED;

export function isMedia(value: Stored | undefined): value is Media {
  return typeof value === 'object' && 'kind' in value && value.kind === 'media' && 'bytes' in value;
}

/** The memory all sessions share: a store asks it before it grows, and it may free others' memory to make room. */
export interface StorageBudget {
  /** Whether `bytes` more fit, after forgetting whatever the budget may forget (never `store` itself). */
  reserve(bytes: number, store: ResourceStore): boolean;
  release(bytes: number): void;
}

/** A session holds at most this much written state (bodies and media) unless told otherwise. */
export const DEFAULT_SESSION_LIMIT_BYTES = 64 * 1024 * 1024;

const UNLIMITED: StorageBudget = { reserve: () => true, release: () => undefined };

export class ResourceStore {
  readonly #entries = new Map<string, Stored>();
  /** Members created by POST, per collection path, in creation order. */
  readonly #created = new Map<string, string[]>();
  readonly #createdKeys = new Set<string>();
  /** Every key written, and each of its ancestors: what exists because something was written under it. */
  readonly #present = new Set<string>();
  /** `$ref` members, per collection path: the keys of the entities referenced. */
  readonly #references = new Map<string, string[]>();
  /** What each key's state costs, by estimate (never below its true size; see `reserve`). */
  readonly #sizes = new Map<string, number>();
  #bytes = 0;
  /** A counter of writes, and the last write of each key: what a delta query reports since a point. */
  #sequence = 0;
  readonly #changes = new Map<string, number>();
  readonly #limit: number;
  readonly #budget: StorageBudget;

  constructor(limitBytes = DEFAULT_SESSION_LIMIT_BYTES, budget: StorageBudget = UNLIMITED) {
    this.#limit = limitBytes;
    this.#budget = budget;
  }

  get limitBytes(): number {
    return this.#limit;
  }

  /** Bytes this store holds, by estimate. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Makes room for the state at `key` to cost `size` bytes; false when the session (or the mock as a whole) cannot
   * hold it. Estimates err high (a merge is charged its old size plus the body); only when they reach the limit are
   * the entries measured, once, before the write is refused.
   */
  reserve(key: string, size: number): boolean {
    const delta = size - (this.#sizes.get(key) ?? 0);
    if (delta > 0 && this.#bytes + delta > this.#limit) {
      this.#measure();
      if (this.#bytes + size - (this.#sizes.get(key) ?? 0) > this.#limit) return false;
    }
    const exact = size - (this.#sizes.get(key) ?? 0);
    if (exact > 0 && !this.#budget.reserve(exact, this)) return false;
    if (exact < 0) this.#budget.release(-exact);
    this.#sizes.set(key, size);
    this.#bytes += exact;
    return true;
  }

  /** `reserve` for a merge into `key`: its cost so far plus the body merged in (an estimate that errs high). */
  grow(key: string, bytes: number): boolean {
    return this.reserve(key, (this.#sizes.get(key) ?? 0) + bytes);
  }

  /** Gives back what `key` cost (a deletion, a finished upload). */
  release(key: string): void {
    const size = this.#sizes.get(key);
    if (size === undefined) return;
    this.#sizes.delete(key);
    this.#bytes -= size;
    this.#budget.release(size);
  }

  #measure(): void {
    let total = 0;
    for (const [key, estimate] of this.#sizes) {
      const value = this.#entries.get(key);
      const size = value === undefined || value === DELETED ? estimate : sizeOf(value);
      this.#sizes.set(key, size);
      total += size;
    }
    if (total < this.#bytes) this.#budget.release(this.#bytes - total);
    this.#bytes = total;
  }

  read(key: string): Stored | undefined {
    return this.#entries.get(key);
  }

  /**
   * Replaces the entity, freezing it in place: callers hand over values only they hold (freshly parsed bodies,
   * merges of frozen state), so no copy is needed and no later change can reach the stored state.
   */
  write(key: string, entity: Entity): Entity {
    const stored = deepFreeze(entity);
    this.#entries.set(key, stored);
    this.#markPresent(key);
    this.#changes.set(key, ++this.#sequence);
    return stored;
  }

  writeMedia(key: string, contentType: string, bytes: Uint8Array): void {
    this.#entries.set(key, Object.freeze({ kind: 'media', contentType, bytes: Uint8Array.from(bytes) }));
    this.#markPresent(key);
    this.#changes.set(key, ++this.#sequence);
  }

  /** Where the change counter stands: a delta link remembers it. */
  get sequence(): number {
    return this.#sequence;
  }

  /** The members of `collection` written, created or deleted after `sequence`, with their state now. */
  changedSince(collection: string, sequence: number): { readonly key: string; readonly value: Stored }[] {
    const changed: { key: string; value: Stored }[] = [];
    const prefix = `${collection}/`;
    for (const [key, at] of this.#changes) {
      if (at <= sequence || !key.startsWith(prefix) || key.indexOf('/', prefix.length) >= 0) continue;
      const value = this.#entries.get(key);
      if (value !== undefined) changed.push({ key, value });
    }
    return changed;
  }

  /** Whether anything was written at `key` or under it (`…/items/<id>/content` makes the item exist). */
  holds(key: string): boolean {
    return this.#present.has(key);
  }

  #markPresent(key: string): void {
    if (this.#present.has(key)) return;
    this.#present.add(key);
    for (let cut = key.lastIndexOf('/'); cut > 0; cut = key.lastIndexOf('/', cut - 1))
      this.#present.add(key.slice(0, cut));
  }

  /** Stores a new member of a collection at `<collection>/<id>`. */
  create(collection: string, id: string, entity: Entity): Entity {
    const key = `${collection}/${encodeURIComponent(id)}`;
    const stored = this.write(key, entity);
    this.#created.set(collection, [...(this.#created.get(collection) ?? []), key]);
    this.#createdKeys.add(key);
    return stored;
  }

  /** Whether the resource at `key` was created by a POST (its collections then hold only what was written). */
  wasCreated(key: string): boolean {
    return this.#createdKeys.has(key);
  }

  /**
   * Adds a reference (`POST …/members/$ref`) to the entity at `target`: the collection lists it, as it stands,
   * while it exists. False when it is there already.
   */
  addReference(collection: string, target: string): boolean {
    const targets = this.#references.get(collection) ?? [];
    if (targets.includes(target)) return false;
    this.#references.set(collection, [...targets, target]);
    return true;
  }

  /** Removes the reference to a member by its id (`DELETE …/members/{id}/$ref`); false when there was none. */
  removeReference(collection: string, id: string): boolean {
    const targets = this.#references.get(collection) ?? [];
    const kept = targets.filter((target) => !target.endsWith(`/${encodeURIComponent(id)}`));
    if (kept.length === targets.length) return false;
    this.#references.set(collection, kept);
    return true;
  }

  /** The entities a collection references, as they stand now (deleted ones left out). */
  referencedIn(
    collection: string,
    resolve: (key: string) => Entity | undefined = (key) => this.#entity(key),
  ): Entity[] {
    return (this.#references.get(collection) ?? []).flatMap((target) => {
      const entity = resolve(target);
      return entity === undefined ? [] : [entity];
    });
  }

  #entity(key: string): Entity | undefined {
    const value = this.#entries.get(key);
    return value === undefined || value === DELETED || isMedia(value) ? undefined : value;
  }

  /** Members created in a collection and not deleted since. */
  createdIn(collection: string): Entity[] {
    const members: Entity[] = [];
    for (const key of this.#created.get(collection) ?? []) {
      const value = this.#entries.get(key);
      if (value !== undefined && value !== DELETED && !isMedia(value)) members.push(value);
    }
    return members;
  }

  delete(key: string): void {
    this.#entries.set(key, DELETED);
    this.#changes.set(key, ++this.#sequence);
  }

  /** Back to the documented seeds, e.g. between test files sharing one server. */
  reset(): void {
    this.#entries.clear();
    this.#created.clear();
    this.#createdKeys.clear();
    this.#present.clear();
    this.#changes.clear();
    this.#references.clear();
    this.#sizes.clear();
    this.#budget.release(this.#bytes);
    this.#bytes = 0;
  }
}

function sizeOf(value: Entity | Media): number {
  return isMedia(value) ? value.bytes.byteLength : JSON.stringify(value).length;
}

/**
 * OData's PATCH semantics: properties in the body replace the entity's, except that a complex value (an object) is
 * merged into the current one the same way; collections and primitives are replaced whole. A merge into stored
 * (frozen) state that changes nothing answers that state itself: it stands, and so does what was worked out from it
 * (its answer). Anything else is copied, as the caller may go on to freeze the result.
 */
export function mergeEntity(current: Entity, changes: Entity): Entity {
  let merged: Record<string, unknown> | undefined;
  for (const name of Object.keys(changes)) {
    const value = changes[name];
    // Own members only: a member named `__proto__` (JSON.parse makes it an own one) is data, not the prototype.
    const had = Object.hasOwn(current, name);
    const before = had ? current[name] : undefined;
    const next = isPlainObject(before) && isPlainObject(value) ? mergeEntity(before, value) : value;
    if (had && next === before) continue;
    merged ??= { ...current };
    setOwn(merged, name, next);
  }
  return merged ?? (Object.isFrozen(current) ? current : { ...current });
}

function isPlainObject(value: unknown): value is Entity {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
