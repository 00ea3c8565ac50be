/**
 * The documented types closed: a property the tables do not document fails, at any depth, while `@odata.*`
 * annotations (matched by `patternProperties`) still pass, and a type its page marks `openType` stays open. A second
 * Ajv holds copies of the doc set's schemas with `unevaluatedProperties: false` on each closed resource. Used by
 * `STRICTNESS=strict`, and by lint to find examples that show properties their type's tables leave out: one check, so
 * a strict run against the mock and lint agree.
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { GraphVersion } from '../core/http.ts';
import { isJsonObject, pointerToken } from '../core/json.ts';
import { resourceSchemaId, type DocSchema } from './build-schemas.ts';
import { ODATA_TYPE_KEYWORD, SOURCE_KEYWORD, type JsonSchema } from './json-schema.ts';
import {
  createAjv,
  linkValidator,
  odataTypeOf,
  type SchemaError,
  type SchemaRegistry,
  type Validator,
} from './registry.ts';
import { lazySchemaSet } from './lazy-schemas.ts';

/** A property's link to the closed copy of its type (or of the documented descendant its `@odata.type` names). */
const CLOSED_LINK = 'x-closed-link';

const closedRegistries = new WeakMap<SchemaRegistry, (id: string) => Validator | undefined>();

/** Only the undocumented properties of a payload of the type (the standard check reports everything else). */
export function undocumentedPropertiesValidator(
  registry: SchemaRegistry,
  typeName: string,
  version: GraphVersion | undefined,
): Validator | undefined {
  let byId = closedRegistries.get(registry);
  if (!byId) {
    byId = closedLookup(registry.schemas, registry.checked);
    closedRegistries.set(registry, byId);
  }
  const exact = byId(resourceSchemaId(typeName, version));
  if (exact) return exact;
  const any = registry.resourceSchemas(typeName)[0];
  return any ? byId(any.id) : undefined;
}

/**
 * Each resource twice: an inner copy (for derived types to extend by `allOf`, not closed) and a closed one
 * (`unevaluatedProperties: false`, extending its base's inner copy). Extending the closed base would be wrong: a base
 * type's `unevaluatedProperties` sees only what the base evaluates, so every property a derived type adds (a
 * fileAttachment's `contentBytes` over attachment's) would be "undocumented". A property's type links to that type's
 * closed copy, so nested types close too.
 */
function closedLookup(schemas: readonly DocSchema[], checked: boolean): (id: string) => Validator | undefined {
  // Copies of schemas the meta-schema passed need no check of their own: compiling the meta-schema was most of the
  // time a process that read its DocSet from the store spent building these.
  const ajv = createAjv({ checkSchemas: !checked });
  ajv.addKeyword(ODATA_TYPE_KEYWORD); // the standard check judges `@odata.type`; this copy only closes types
  const resources = new Set(schemas.filter((s) => s.kind === 'resource').map((s) => s.id));
  // A property of a type with documented descendants holds any of them, told apart by `@odata.type` (an
  // iosStoreAppAssignmentSettings where mobileAppAssignmentSettings is declared): each is closed as itself. Of two
  // descendants named alike, the first listed.
  const derived = new Map<string, Map<string, string>>();
  for (const s of schemas) {
    const byName = new Map<string, string>();
    for (const d of s.shape?.descendants ?? [])
      if (!byName.has(d.typeName.toLowerCase())) byName.set(d.typeName.toLowerCase(), d.id);
    if (byName.size > 0) derived.set(s.id, byName);
  }
  // A property's type is a link, looked up when a value reaches it (as the standard registry's links are): compiling a
  // closed copy compiles its own properties and its bases, never the types its properties reach.
  ajv.addKeyword({
    keyword: CLOSED_LINK,
    schemaType: 'string',
    errors: true,
    validate: linkValidator(
      (id) => {
        add(baseId(id)); // handed to Ajv when a value first reaches it, as every copy is (see `add`)
        return ajv.getSchema(id);
      },
      (ref, data) => closedId(derived.get(ref)?.get(odataTypeOf(data)) ?? ref),
    ),
  });
  const link = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(link);
    if (!isJsonObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [keyword, inner] of Object.entries(value))
      if (keyword === '$ref' && typeof inner === 'string' && resources.has(inner)) out[CLOSED_LINK] = inner;
      else out[keyword] = link(inner);
    return out;
  };
  const copiesOf = ({ kind, id, schema, shape }: DocSchema): JsonSchema[] => {
    if (kind !== 'resource') return [schema];
    const { allOf, ...rest } = schema;
    const bases = Array.isArray(allOf)
      ? (allOf as unknown[]).map((b) =>
          isJsonObject(b) && typeof b.$ref === 'string' && resources.has(b.$ref) ? { $ref: innerId(b.$ref) } : link(b),
        )
      : undefined;
    const own = { ...(link(rest) as JsonSchema), ...(bases ? { allOf: bases } : {}) };
    return [
      { ...own, $id: innerId(id) },
      { ...own, $id: closedId(id), ...(shape?.open === true ? {} : { unevaluatedProperties: false }) },
    ];
  };
  const add = lazySchemaSet(ajv, schemas, { copiesOf, docSchemaOf: baseId });
  const cache = new Map<string, Validator>();
  return (id) => {
    const cached = cache.get(id);
    if (cached) return cached;
    add(id);
    const compiled = ajv.getSchema(resources.has(id) ? closedId(id) : id);
    if (!compiled) return undefined;
    const validator = undocumentedProperties(compiled);
    cache.set(id, validator);
    return validator;
  };
}

/** The doc schema's own `$id` for a copy's (`….inner`, `….closed`). */
function baseId(copyId: string): string {
  return copyId.replace(/\.(?:inner|closed)$/, '');
}

function innerId(id: string): string {
  return `${id}.inner`;
}

function closedId(id: string): string {
  return `${id}.closed`;
}

function undocumentedProperties(compiled: ValidateFunction): Validator {
  return (data) =>
    compiled(data) ? [] : (compiled.errors ?? []).filter((e) => e.keyword === 'unevaluatedProperties').map(toError);
}

function toError(error: ErrorObject): SchemaError {
  const params = error.params as Record<string, unknown>;
  const name = typeof params.unevaluatedProperty === 'string' ? params.unevaluatedProperty : '';
  const source = (error.parentSchema as JsonSchema | undefined)?.[SOURCE_KEYWORD];
  return {
    pointer: `${error.instancePath}/${pointerToken(name)}`,
    keyword: 'unevaluatedProperties',
    message: 'is not a documented property',
    ...(typeof source === 'string' ? { source } : {}),
  };
}
