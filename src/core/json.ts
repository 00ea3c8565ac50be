/** JSON values as every stage of the pipeline handles them: bodies, schemas, reports. */

/** A JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
