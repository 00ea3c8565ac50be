/**
 * Graph's table type spellings → JSON Schema 2020-12, with the Edm semantics the docs mean: an `Int32` is an integer in
 * [-2^31, 2^31-1], a `DateTimeOffset` an RFC 3339 date-time with an offset, a `Guid` a UUID. (ApiDoctor checks none of
 * these: every integer is an Int64 to it, and string formats are relaxed by default.)
 */
import type { Cell } from '../docs/model.ts';
import type { JsonSchema } from './json-schema.ts';

const INT32 = { type: 'integer', minimum: -2147483648, maximum: 2147483647 } as const;

/** An Edm.Guid. ajv-formats' `uuid` also takes a `urn:uuid:` prefix, which an Edm.Guid never has. */
export const GUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * Edm primitive types by lower-cased spelling (with or without `Edm.`). A Map: spellings come from pages, and a type
 * spelled `constructor` or `__proto__` is a name, not a member of Object.prototype.
 */
const PRIMITIVES: ReadonlyMap<string, JsonSchema> = new Map(
  Object.entries({
    string: { type: 'string' },
    boolean: { type: 'boolean' },
    bool: { type: 'boolean' },
    int32: INT32,
    int: INT32,
    integer: INT32,
    int16: { type: 'integer', minimum: -32768, maximum: 32767 },
    byte: { type: 'integer', minimum: 0, maximum: 255 },
    sbyte: { type: 'integer', minimum: -128, maximum: 127 },
    // Beyond 2^53 a JS number is not exact: the registry's int64 format checks the range as far as a number can.
    int64: { type: 'integer', format: 'int64' },
    long: { type: 'integer', format: 'int64' },
    // OData JSON writes the special values of floating-point types as strings.
    double: { anyOf: [{ type: 'number' }, { enum: ['NaN', 'INF', '-INF'] }] },
    single: { anyOf: [{ type: 'number' }, { enum: ['NaN', 'INF', '-INF'] }] },
    float: { anyOf: [{ type: 'number' }, { enum: ['NaN', 'INF', '-INF'] }] },
    decimal: { type: 'number' },
    datetimeoffset: { type: 'string', format: 'date-time' },
    date: { type: 'string', format: 'date' },
    // Edm.TimeOfDay has no offset, unlike ajv-formats' `time`.
    timeofday: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,12})?)?$' },
    // OData durations use days, hours, minutes and seconds only; ajv-formats' `duration` would also take years.
    duration: { type: 'string', pattern: '^-?P(?=\\d|T\\d)(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$' },
    guid: { type: 'string', pattern: GUID_PATTERN },
    // The OData ABNF says base64url; Graph payloads use standard base64. Both are accepted.
    binary: { type: 'string', contentEncoding: 'base64', pattern: '^[A-Za-z0-9+/_-]*={0,2}$' },
    stream: { type: 'string' },
    json: {},
    untyped: {},
    object: {},
    // Spellings found in the reference that mean an Edm type, not a Graph type.
    datetime: { type: 'string', format: 'date-time' },
    'json object': { type: 'object' },
    numeric: { type: 'number' },
    number: { type: 'number' },
    url: { type: 'string' },
    uri: { type: 'string' },
  } satisfies Record<string, JsonSchema>),
);

/** The Edm type each unambiguous primitive spelling names; `DateTime` (no such Edm type in OData 4) means the offset one. */
const EDM_NAMES: Readonly<Record<string, string>> = {
  string: 'Edm.String',
  boolean: 'Edm.Boolean',
  bool: 'Edm.Boolean',
  int32: 'Edm.Int32',
  int: 'Edm.Int32',
  integer: 'Edm.Int32',
  int16: 'Edm.Int16',
  byte: 'Edm.Byte',
  sbyte: 'Edm.SByte',
  int64: 'Edm.Int64',
  long: 'Edm.Int64',
  double: 'Edm.Double',
  single: 'Edm.Single',
  decimal: 'Edm.Decimal',
  datetimeoffset: 'Edm.DateTimeOffset',
  datetime: 'Edm.DateTimeOffset',
  date: 'Edm.Date',
  timeofday: 'Edm.TimeOfDay',
  duration: 'Edm.Duration',
  guid: 'Edm.Guid',
  binary: 'Edm.Binary',
  stream: 'Edm.Stream',
};

function unwrapCollection(spelling: string): { inner: string; collection: boolean } {
  const text = spelling.replace(/\s+/g, ' ').trim();
  const call = /^collection\s*\((.+)\)$/i.exec(text);
  if (call?.[1]) return { inner: call[1].trim(), collection: true };
  const of = /^collection (?:of )?(.+)$/i.exec(text);
  if (of?.[1]) return { inner: of[1].trim(), collection: true };
  const suffix = /^(.+?) collection$/i.exec(text);
  if (suffix?.[1]) return { inner: suffix[1].trim(), collection: true };
  return { inner: text, collection: false };
}

/** `string (url)` → `string`: a final parenthesised remark (from the last `(`), with the space before it. */
function withoutRemark(text: string): string {
  const open = text.lastIndexOf('(');
  return text.endsWith(')') && open >= 0 ? text.slice(0, open).trimEnd() : text;
}

function wrap(schema: JsonSchema, collection: boolean): JsonSchema {
  return collection ? { type: 'array', items: schema } : schema;
}

/**
 * Graph properties are nullable unless the doc says "Not nullable" or the property is the key: a nullable property
 * also accepts JSON `null`.
 */
export function nullable(schema: JsonSchema): JsonSchema {
  const type = schema.type;
  if (typeof type === 'string') return { ...schema, type: [type, 'null'] };
  if (Array.isArray(schema.anyOf)) return { ...schema, anyOf: [...(schema.anyOf as JsonSchema[]), { type: 'null' }] };
  if (schema.$ref !== undefined || Object.keys(schema).length > 0) return { anyOf: [schema, { type: 'null' }] };
  return schema;
}

/**
 * What a type cell says, before resolution: an Edm primitive, or a named type (a complex type, entity or enum) that
 * the doc set may or may not document. About 1,900 distinct spellings occur in the reference; they reduce to these.
 */
export type TypeSpelling =
  | {
      readonly kind: 'primitive';
      readonly schema: JsonSchema;
      readonly collection: boolean;
      /** The Edm type the spelling names (`Edm.Int32`), when it names exactly one (`Json`, `number`, `url` do not). */
      readonly edm?: string;
    }
  | {
      readonly kind: 'named';
      /** As written, maybe namespace-qualified: `identitySet`, `microsoft.graph.ediscovery.sourceType`. */
      readonly name: string;
      readonly collection: boolean;
      /** `page`: a link to a `.md` page; `anchor`: a link into an enum section (`#agegroup-values`, `enums.md#x`); `text`: no link. */
      readonly via: 'page' | 'anchor' | 'text';
    }
  | { readonly kind: 'unknown'; readonly spelling: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Reads a type cell as doc writers spell it: any case and spacing, an `Edm.` prefix, backticks and bold, `X collection`,
 * `Collection(X)`, `collection of X`, a doubled `collection collection`, links (`[T](t.md)`, `[T](#t-values)`,
 * reference-style `[T][]`), a size note (`string, maximum size 20` → maxLength) or a parenthesised remark
 * (`string (url)`).
 */
export function readTypeSpelling(cell: Cell): TypeSpelling {
  const spelling = cell.text.replace(/[\u00a0\s]+/g, ' ').trim();
  let text = spelling
    .replace(/[*`]/g, '')
    .replace(/\[([^[\]]*)\]\s*\[[^[\]]*\]/g, '$1')
    .replace(/\[([^[\]]*)\]/g, '$1')
    .trim();
  let maxLength: number | undefined;
  const size = /,\s*max(?:imum)?\.?\s*(?:size|length)\s*(?:is\s*|of\s*)?(\d+)\b/i.exec(text);
  if (size?.[1] && size.index > 0) {
    text = text.slice(0, size.index).trimEnd();
    maxLength = Number(size[1]);
  }
  let collection = false;
  for (let unwrapped = unwrapCollection(text); unwrapped.collection; unwrapped = unwrapCollection(text)) {
    collection = true;
    text = unwrapped.inner;
  }
  text = withoutRemark(text).replace(/\.$/, '').trim();

  const link = cell.links.find((l) => /\.md(#.*)?$/i.test(l.href) || l.href.startsWith('#'));
  const linked = link ? link.text.replace(/[*`]/g, '').trim() : undefined;
  const candidate = linked !== undefined && NAME.test(linked) ? linked : text;
  const primitive = PRIMITIVES.get(candidate.toLowerCase().replace(/^edm\./, ''));
  if (primitive) {
    const withSize = maxLength !== undefined && primitive.type === 'string' ? { ...primitive, maxLength } : primitive;
    const edm = EDM_NAMES[candidate.toLowerCase().replace(/^edm\./, '')];
    return { kind: 'primitive', schema: wrap(withSize, collection), collection, ...(edm ? { edm } : {}) };
  }
  if (!NAME.test(candidate) || /^edm\./i.test(candidate)) return { kind: 'unknown', spelling };
  const enumSection = link !== undefined && (link.href.startsWith('#') || /(^|\/)enums?\.md#/i.test(link.href));
  const via = !link || linked !== candidate ? 'text' : enumSection ? 'anchor' : 'page';
  return { kind: 'named', name: candidate, collection, via };
}
