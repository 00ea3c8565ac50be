/**
 * The tenant's mutable state: one entry per canonical resource path (`/users/<id>/photos`), shared by `/v1.0` and
 * `/beta`. A path nobody has written reads as undefined: the caller falls back to what the docs show.
 *
 * Every write swaps in a new frozen object in one synchronous step. Node runs one request callback at a time, so a
 * reader sees either the state before a write or after it, never a mixture of two concurrent writes.
 */
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

export class ResourceStore {
  readonly #entries = new Map<string, Stored>();
  /** Members created by POST, per collection path, in creation order. */
  readonly #created = new Map<string, string[]>();

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
    return stored;
  }

  writeMedia(key: string, contentType: string, bytes: Uint8Array): void {
    this.#entries.set(key, Object.freeze({ kind: 'media', contentType, bytes: Uint8Array.from(bytes) }));
  }

  /** Stores a new member of a collection at `<collection>/<id>`. */
  create(collection: string, id: string, entity: Entity): Entity {
    const key = `${collection}/${encodeURIComponent(id)}`;
    const stored = this.write(key, entity);
    this.#created.set(collection, [...(this.#created.get(collection) ?? []), key]);
    return stored;
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
  }

  /** Back to the documented seeds, e.g. between test files sharing one server. */
  reset(): void {
    this.#entries.clear();
    this.#created.clear();
  }
}

/**
 * OData's PATCH semantics: properties in the body replace the entity's, except that a complex value (an object) is
 * merged into the current one the same way; collections and primitives are replaced whole.
 */
export function mergeEntity(current: Entity, changes: Entity): Entity {
  const merged: Record<string, unknown> = { ...current };
  for (const name of Object.keys(changes)) {
    const value = changes[name];
    // Own members only: a member named `__proto__` (JSON.parse makes it an own one) is data, not the prototype.
    const before = Object.hasOwn(merged, name) ? merged[name] : undefined;
    setOwn(merged, name, isPlainObject(before) && isPlainObject(value) ? mergeEntity(before, value) : value);
  }
  return merged;
}

function isPlainObject(value: unknown): value is Entity {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  // Iterative: a stored body may be nested as deep as the body checks allow.
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'object' && next !== null && !Object.isFrozen(next)) {
      Object.freeze(next);
      // Only objects need a visit: most properties are primitives, already immutable.
      for (const child of Object.values(next) as unknown[])
        if (typeof child === 'object' && child !== null) pending.push(child);
    }
  }
  return value;
}
