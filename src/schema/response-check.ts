/**
 * ApiDoctor's response-annotation semantics on top of a resource validator. Pure: the payload, the type's validator
 * and the resource shapes in, located errors out.
 *
 * - `isCollection`: the body is `{ "<collectionProperty>": [...] }` (default `value`) or a bare array; each item is
 *   checked against the type.
 * - `truncated` (default true): the example may leave properties out. Without it, every property the type and its
 *   base types document must be there, except navigation properties (returned only on `$expand`), the resource's
 *   `optionalProperties` and the `optional` given here.
 * - `nullable`: these properties may be `null` even where the table says "Not nullable" (the response annotation's
 *   `nullableProperties`).
 */
import type { ResourceShape } from './build-schemas.ts';
import type { SchemaError, Validator } from './registry.ts';
import { isJsonObject, pointerToken } from '../core/json.ts';

export interface ResponseOptions {
  readonly isCollection?: boolean;
  readonly collectionProperty?: string;
  readonly truncated?: boolean;
  readonly optional?: readonly string[];
  readonly nullable?: readonly string[];
}

export type ShapeLookup = (id: string) => ResourceShape | undefined;

export function checkResponse(
  data: unknown,
  validate: Validator,
  id: string,
  shapes: ShapeLookup,
  options: ResponseOptions,
): SchemaError[] {
  if (!options.isCollection) return checkItem(data, '', validate, id, shapes, options);
  const property = options.collectionProperty ?? 'value';
  const items = Array.isArray(data) ? data : isJsonObject(data) ? data[property] : undefined;
  const prefix = Array.isArray(data) ? '' : `/${pointerToken(property)}`;
  if (!Array.isArray(items)) {
    return [
      {
        pointer: prefix || '',
        keyword: 'isCollection',
        message: `is ${items === undefined ? 'missing' : 'not an array'}; the response is documented as a collection (isCollection)`,
      },
    ];
  }
  return items.flatMap((item, index) => checkItem(item, `${prefix}/${index}`, validate, id, shapes, options));
}

function checkItem(
  item: unknown,
  prefix: string,
  validate: Validator,
  id: string,
  shapes: ShapeLookup,
  options: ResponseOptions,
): SchemaError[] {
  const nullable = new Set(options.nullable ?? []);
  const errors = validate(item)
    .filter((error) => !isNullAllowed(item, error.pointer, nullable))
    .map((error) => ({ ...error, pointer: `${prefix}${error.pointer}` }));
  if (options.truncated !== false || !isJsonObject(item)) return errors;
  const optional = new Set(options.optional ?? []);
  for (const property of documentedProperties(id, shapes, optional)) {
    if (Object.hasOwn(item, property.name)) continue;
    errors.push({
      pointer: `${prefix}/${pointerToken(property.name)}`,
      keyword: 'required',
      message: 'is missing; the example is not marked truncated',
      source: property.source,
    });
  }
  return errors;
}

/** A top-level property listed as nullable whose value is null: its type error is lifted. */
function isNullAllowed(item: unknown, pointer: string, nullable: ReadonlySet<string>): boolean {
  const name = /^\/([^/]+)$/.exec(pointer)?.[1];
  if (name === undefined || !isJsonObject(item)) return false;
  const property = name.replace(/~1/g, '/').replace(/~0/g, '~');
  return nullable.has(property) && item[property] === null;
}

/** The non-navigation properties of a type and its base types, minus every `optionalProperties` on the way. */
function documentedProperties(
  id: string,
  shapes: ShapeLookup,
  optional: ReadonlySet<string>,
): { name: string; source: string }[] {
  const found: { name: string; source: string }[] = [];
  const skip = new Set(optional);
  const seen = new Set<string>();
  for (let current: string | undefined = id; current !== undefined && !seen.has(current);) {
    seen.add(current);
    const shape = shapes(current);
    if (!shape) break;
    for (const name of shape.optional) skip.add(name);
    for (const property of shape.properties) if (!property.navigation) found.push(property);
    current = shape.base;
  }
  return found.filter((p) => !skip.has(p.name));
}
