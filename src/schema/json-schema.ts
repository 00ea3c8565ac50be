/** A JSON Schema (draft 2020-12) as plain data: what the builder writes, Ajv compiles and json2ts reads. */
export interface JsonSchema {
  readonly [keyword: string]: unknown;
}

/** Every schema this tool writes has an `$id` under this base; `.invalid` guarantees nothing is ever fetched. */
export const SCHEMA_BASE = 'https://graph-doc-conformance.invalid/schemas/';

export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

/** Vendor keyword naming the doc line a schema (or property) was built from: `file:line`. */
export const SOURCE_KEYWORD = 'x-source';

/** Vendor keyword on enum schemas: `{ members, flags }`, the documented members the pattern was built from. */
export const ENUM_KEYWORD = 'x-enum';

/**
 * Vendor keyword on `@odata.type`: the `$id` of the declared type's schema. A payload may name that type or any type
 * derived from it (a user where a directoryObject is declared), with or without OData's leading `#` (the service
 * accepts both in requests); a type the doc set does not document may be a derived one, so only a documented type that
 * does not derive from the declared one is refused.
 */
export const ODATA_TYPE_KEYWORD = 'x-odata-type';

/**
 * OData control information (`@odata.context`, `@odata.nextLink`, …) and property annotations (`photo@odata.mediaEtag`)
 * may appear on any payload.
 */
export const ODATA_ANNOTATIONS: JsonSchema = { '^@odata\\.': {}, '^[^@]+@odata\\.': {} };

/**
 * Graph's optional `innerError`: its `date` an ISO 8601 date-time (Graph writes it without an offset, so not RFC 3339's
 * `date-time`), its request ids strings.
 */
const INNER_ERROR: JsonSchema = {
  type: 'object',
  properties: {
    date: { type: 'string', format: 'iso-date-time' },
    'request-id': { type: 'string' },
    'client-request-id': { type: 'string' },
  },
};

/** Graph's error body (concepts/errors.md). Real traffic writes `innerError`; the docs' resource block `innererror`. */
export const GRAPH_ERROR_SCHEMA: JsonSchema = {
  $schema: DRAFT_2020_12,
  $id: `${SCHEMA_BASE}odata.error.schema.json`,
  title: 'Graph error',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        target: { type: 'string' },
        details: { type: 'array' },
        innerError: INNER_ERROR,
        innererror: INNER_ERROR,
      },
    },
  },
};

/** A schema's `type`, as a list (`"string"` → `["string"]`; absent → `[undefined]`). */
export function schemaTypes(schema: JsonSchema): readonly unknown[] {
  return Array.isArray(schema.type) ? (schema.type as unknown[]) : [schema.type];
}

/** The JSON kinds a schema allows (null aside), following `$ref`s through `lookup` and `anyOf` branches. */
export function jsonKinds(schema: JsonSchema, lookup: (id: string) => JsonSchema | undefined, depth = 0): Set<unknown> {
  if (depth > 8) return new Set();
  if (typeof schema.$ref === 'string') {
    const target = lookup(schema.$ref);
    return target === undefined ? new Set() : jsonKinds(target, lookup, depth + 1);
  }
  if (Array.isArray(schema.anyOf))
    return new Set((schema.anyOf as JsonSchema[]).flatMap((branch) => [...jsonKinds(branch, lookup, depth + 1)]));
  // An Int32 and a Double are both JSON numbers.
  return new Set(
    schemaTypes(schema)
      .filter((t) => t !== undefined && t !== 'null')
      .map((t) => (t === 'integer' ? 'number' : t)),
  );
}
