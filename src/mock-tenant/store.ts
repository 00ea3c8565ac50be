/**
 * The tenant's mutable state: one entity per canonical resource path (`/users/<id>/photos`), shared by `/v1.0` and
 * `/beta`. A path nobody has written yet reads as its documented seed, so a fresh tenant answers what the docs show.
 *
 * Every write swaps in a new frozen object in one synchronous step. Node runs one request callback at a time, so a
 * reader sees either the state before a write or after it, never a mixture of two concurrent writes.
 */
import type { JsonObject } from './reply.ts';

export type Entity = JsonObject;

/** The outcome of reading a path that was deleted (as opposed to never written). */
export const DELETED = Symbol('deleted');

export class ResourceStore {
  readonly #entities = new Map<string, Entity | typeof DELETED>();

  /** The current entity: what was last written, else `seed`; `DELETED` after a delete. */
  read(key: string, seed: Entity): Entity | typeof DELETED {
    return this.#entities.get(key) ?? seed;
  }

  /** Replaces the entity; the stored copy is detached from `entity` and frozen. */
  write(key: string, entity: Entity): Entity {
    const stored = deepFreeze(structuredClone(entity));
    this.#entities.set(key, stored);
    return stored;
  }

  delete(key: string): void {
    this.#entities.set(key, DELETED);
  }

  /** Back to the documented seeds, e.g. between test files sharing one server. */
  reset(): void {
    this.#entities.clear();
  }
}

/** Graph's PATCH semantics: top-level properties in the body replace the entity's, complex values included. */
export function mergeEntity(current: Entity, changes: Entity): Entity {
  return { ...current, ...changes };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
