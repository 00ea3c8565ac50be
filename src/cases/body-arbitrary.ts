/**
 * JSON Schema (as the doc tables give it) → fast-check arbitrary of valid values. Covers what the type map writes:
 * primitive types with ranges, formats and patterns, enums, arrays and `$ref`s to documented types. A schema it cannot
 * honour gives a reason instead of an arbitrary, so a property is left out rather than filled with a guess.
 *
 * Values are what the page documents, nothing more: numbers within the documented range, only documented enum
 * members, and `null` only for a property the page (or, where it is silent, service metadata) says is nullable. The
 * schemas accept null wherever the page is silent, because an answer holding null guesses nothing; a request that
 * sends it would. Properties that are read-only, always or under a condition, are never generated.
 */
import fc from 'fast-check';
import type { JsonSchema } from '../schema/json-schema.ts';
import { setOwn } from '../core/json.ts';
import { ENUM_KEYWORD, SOURCE_KEYWORD } from '../schema/json-schema.ts';
import { GUID_PATTERN } from '../schema/type-map.ts';
import { nullabilityFromPage, readOnlyStatement, type NullabilitySource } from '../schema/statements.ts';

export type Generated =
  { readonly ok: true; readonly arbitrary: fc.Arbitrary<unknown> } | { readonly ok: false; readonly reason: string };

/** Finds a schema by `$id`, for `$ref`s. */
export type SchemaLookup = (id: string) => JsonSchema | undefined;

/** Nested documented types are followed this deep; beyond it a documented-nullable property is sent as null, else left out. */
const MAX_DEPTH = 3;
const MAX_ITEMS = 3;
const TEXT_CHARACTERS = Array.from('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.');

/**
 * Printable text: what a doc's String column means, without control characters a service may normalise. Made once:
 * an arbitrary is immutable, and fast-check makes a string arbitrary of a custom unit by trying its stock edge cases
 * on that unit, 1.9 GB of allocations when made for every String row the probes of the whole 2021 reference fill.
 */
const TEXT = fc.string({ unit: fc.constantFrom(...TEXT_CHARACTERS), maxLength: 20 });

export interface GenerateOptions {
  /** Who says whether a property may be null (the page, by default). */
  readonly nullability?: NullabilitySource;
  /** The property the schema is of, when it is one: its nullability is asked for by name. */
  readonly property?: string;
}

export function arbitraryFor(schema: JsonSchema, lookup: SchemaLookup, options: GenerateOptions = {}): Generated {
  const nullability = options.nullability ?? nullabilityFromPage;
  return generate(schema, lookup, nullability, 0, options.property);
}

/** Whether a property's value may be generated at all: not where the page says it is read-only, even conditionally. */
export function writable(schema: JsonSchema): boolean {
  return (
    schema.readOnly !== true &&
    readOnlyStatement(typeof schema.description === 'string' ? schema.description : '').kind === 'silent'
  );
}

function generate(
  raw: JsonSchema,
  lookup: SchemaLookup,
  nullability: NullabilitySource,
  depth: number,
  property?: string,
): Generated {
  const schema = property === undefined ? raw : nullOnlyIfDocumented(raw, property, nullability);
  if ('const' in schema) return ok(fc.constant(schema.const));
  if (Array.isArray(schema.enum))
    return schema.enum.length > 0 ? ok(fc.constantFrom(...(schema.enum as unknown[]))) : no('an enum without values');
  if (typeof schema.$ref === 'string') return referenced(schema.$ref, lookup, nullability, depth);
  if (Array.isArray(schema.anyOf)) return anyOf(schema.anyOf as JsonSchema[], lookup, nullability, depth);
  const types = typesOf(schema.type);
  if (types.length === 0) return no('its type is not documented (an open or untyped value)');
  const branches: fc.Arbitrary<unknown>[] = [];
  for (const type of types) {
    const made = ofType(type, schema, lookup, nullability, depth);
    if (!made.ok) return made;
    branches.push(made.arbitrary);
  }
  return ok(branches.length === 1 ? (branches[0] as fc.Arbitrary<unknown>) : fc.oneof(...branches));
}

/** An object with the given properties: the `required` ones always present, each other one present or absent. */
export function recordFor(
  properties: Readonly<Record<string, fc.Arbitrary<unknown>>>,
  required: readonly string[] = [],
): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(properties, { requiredKeys: required.filter((name) => Object.hasOwn(properties, name)) });
}

/**
 * The property's schema without its `null`, unless the page says the property is nullable. The type map makes every
 * property it can type nullable unless its row says "Not nullable"; for a value to send, that is a guess.
 */
function nullOnlyIfDocumented(schema: JsonSchema, name: string, nullability: NullabilitySource): JsonSchema {
  const description = typeof schema.description === 'string' ? schema.description : '';
  const source = typeof schema[SOURCE_KEYWORD] === 'string' ? schema[SOURCE_KEYWORD] : undefined;
  if (nullability({ name, description, ...(source === undefined ? {} : { source }) }) === 'nullable') return schema;
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== 'null');
    return { ...schema, type: types.length === 1 ? types[0] : types };
  }
  if (Array.isArray(schema.anyOf)) {
    const branches = (schema.anyOf as JsonSchema[]).filter((b) => !(b.type === 'null' && Object.keys(b).length === 1));
    if (branches.length === 1 && branches[0] !== undefined) {
      const rest = Object.fromEntries(Object.entries(schema).filter(([keyword]) => keyword !== 'anyOf'));
      return { ...rest, ...branches[0] };
    }
    return { ...schema, anyOf: branches };
  }
  return schema;
}

function ofType(
  type: string,
  schema: JsonSchema,
  lookup: SchemaLookup,
  nullability: NullabilitySource,
  depth: number,
): Generated {
  switch (type) {
    case 'null':
      return ok(fc.constant(null));
    case 'boolean':
      return ok(fc.boolean());
    case 'integer':
      return integer(schema);
    case 'number':
      return ok(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }));
    case 'string':
      return string(schema);
    case 'array': {
      const items =
        typeof schema.items === 'object' && schema.items !== null
          ? generate(schema.items as JsonSchema, lookup, nullability, depth + 1)
          : no('its items are not documented');
      return items.ok ? ok(fc.array(items.arbitrary, { maxLength: MAX_ITEMS })) : items;
    }
    case 'object':
      return object(schema, lookup, nullability, depth);
    default:
      return no(`the JSON type "${type}" is not one the docs use`);
  }
}

function integer(schema: JsonSchema): Generated {
  // Beyond 2^53 a JSON number is not exact in JavaScript, on either end; Int64 values stay inside it.
  const min =
    typeof schema.minimum === 'number' ? Math.max(schema.minimum, Number.MIN_SAFE_INTEGER) : Number.MIN_SAFE_INTEGER;
  const max =
    typeof schema.maximum === 'number' ? Math.min(schema.maximum, Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
  return ok(fc.integer({ min, max }));
}

function string(schema: JsonSchema): Generated {
  if (schema.format === 'date-time') {
    const noMs = { min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true };
    return ok(fc.date(noMs).map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')));
  }
  if (schema.format === 'date') {
    return ok(
      fc
        .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    );
  }
  if (typeof schema.format === 'string') return no(`the string format "${schema.format}" has no generator`);
  // An enum's documented members, not any string its pattern takes: "or empty" in a row's list stands for no value,
  // which the service reads as a default (group's visibility: "interpreted as Public"), so it would not come back.
  const members = enumMembers(schema);
  if (members.length > 0) return ok(fc.constantFrom(...members));
  // fast-check generates a GUID from its pattern at about 8 ms a value (the whole reference's probes spent 16 s
  // there); fc.uuid() gives values the pattern takes, 300 times faster.
  if (schema.pattern === GUID_PATTERN) return ok(fc.uuid());
  if (typeof schema.pattern === 'string') {
    try {
      return ok(fc.stringMatching(new RegExp(schema.pattern)));
    } catch {
      // fast-check generates from most regular expressions, not from lookaheads (the Duration pattern has them).
      return no(`its pattern ${schema.pattern} is beyond what fast-check generates from`);
    }
  }
  return ok(TEXT);
}

function object(schema: JsonSchema, lookup: SchemaLookup, nullability: NullabilitySource, depth: number): Generated {
  const properties = schema.properties;
  if (typeof properties !== 'object' || properties === null) return no('its properties are not documented');
  if (depth >= MAX_DEPTH) return no(`documented types nest deeper than ${MAX_DEPTH}`);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties as Record<string, JsonSchema>)) {
    if (name === '@odata.type' || !writable(property)) continue;
    const made = generate(property, lookup, nullability, depth + 1, name);
    if (made.ok) setOwn(record, name, made.arbitrary);
  }
  return ok(recordFor(record));
}

function referenced(ref: string, lookup: SchemaLookup, nullability: NullabilitySource, depth: number): Generated {
  const target = lookup(ref);
  if (!target) return no(`${ref} is not documented in the doc set`);
  return generate(target, lookup, nullability, depth);
}

function anyOf(
  branches: readonly JsonSchema[],
  lookup: SchemaLookup,
  nullability: NullabilitySource,
  depth: number,
): Generated {
  const made = branches.map((b) => generate(b, lookup, nullability, depth));
  const usable = made.flatMap((m) => (m.ok ? [m.arbitrary] : []));
  // A nullable reference too deep to follow can still be sent as null.
  if (usable.length === 0) return made.find((m) => !m.ok) ?? no('no alternative can be generated');
  return ok(usable.length === 1 ? (usable[0] as fc.Arbitrary<unknown>) : fc.oneof(...usable));
}

function typesOf(type: unknown): string[] {
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

function ok(arbitrary: fc.Arbitrary<unknown>): Generated {
  return { ok: true, arbitrary };
}

function no(reason: string): Generated {
  return { ok: false, reason };
}

/** The members a string schema's enum lists (`x-enum`, from an enum type or a described enum). */
function enumMembers(schema: JsonSchema): string[] {
  const listed: unknown = schema[ENUM_KEYWORD];
  if (typeof listed !== 'object' || listed === null || !('members' in listed) || !Array.isArray(listed.members))
    return [];
  return listed.members.filter((m): m is string => typeof m === 'string' && m !== '');
}
