/** JSON values as every stage of the pipeline handles them: bodies, schemas, reports. */

/** A JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `record[name]`, when `record` has it as its own property. Names from pages and bodies are data: a property named
 * `constructor` or `toString` is not Object.prototype's member, and one the record lacks is undefined.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/**
 * `target[key] = value` as a spread or `Object.fromEntries` does it, on the hot path without their cost: a member
 * named `__proto__` stays a member and does not become the prototype.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Whether two JSON values are equal as JSON: the same members, in any order, and the same items, whatever the objects'
 * prototypes (a parsed object has Object's, a generated one may have none), and `0` equal to `-0` (JSON has one zero).
 * node:util's isDeepStrictEqual tells both apart, and costs the mock a microsecond and a half a request.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  const left = a as Readonly<Record<string, unknown>>;
  const right = b as Readonly<Record<string, unknown>>;
  const names = Object.keys(left);
  if (names.length !== Object.keys(right).length) return false;
  for (const name of names) if (!Object.hasOwn(right, name) || !jsonEqual(left[name], right[name])) return false;
  return true;
}

/**
 * Freezes a JSON value and everything in it, in place. Iterative: a body may nest as deep as the body checks allow.
 * Objects already frozen are taken as frozen all the way down (every freeze here is deep), so freezing a new object
 * around frozen state costs one visit.
 */
export function deepFreeze<T>(value: T): T {
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

/** The JSON value of a text, or undefined when it is not JSON (an answer that may carry anything). */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A member name as a JSON pointer token (RFC 6901): `~` → `~0`, `/` → `~1`. */
export function pointerToken(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A JSON pointer's member names and indexes, unescaped (RFC 6901): `/a~1b/0` → `a/b`, `0`. */
export function pointerTokens(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value a JSON pointer (RFC 6901) names in `document`, or undefined where it names nothing. */
export function valueAtPointer(document: unknown, pointer: string): unknown {
  let current = document;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(current)) current = /^(0|[1-9]\d*)$/.test(token) ? current[Number(token)] : undefined;
    else if (isJsonObject(current)) current = ownValue(current, token);
    else return undefined;
  }
  return current;
}
