/**
 * The schema a response is checked against at each strictness level.
 *
 * `strict` closes every documented resource type: a second Ajv holds copies of the doc set's schemas with
 * `unevaluatedProperties: false` on each resource, so a property the tables do not document fails, at any depth, while
 * `@odata.*` annotations (matched by `patternProperties`) still pass. The standard check runs first and keeps its
 * messages; the closed copy only adds what it alone finds: the undocumented properties.
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { GraphVersion } from '../core/http.ts';
import { resourceSchemaId, type DocSchema } from '../schema/build-schemas.ts';
import { ODATA_TYPE_KEYWORD, SOURCE_KEYWORD, type JsonSchema } from '../schema/json-schema.ts';
import { createAjv, type SchemaError, type SchemaRegistry, type Validator } from '../schema/registry.ts';
import type { NamedSchema } from './matchers.ts';
import type { Strictness } from '../settings/settings.ts';
import { pointerToken } from '../core/json.ts';

/** The schema for a documented type at a level; undefined at `lenient` (and for undocumented types). */
export function resourceSchemaAt(
  level: Strictness,
  registry: SchemaRegistry,
  typeName: string,
  version: GraphVersion | undefined,
): NamedSchema | undefined {
  if (level === 'lenient') return undefined;
  const standard = registry.resourceValidator(typeName, version);
  if (!standard) return undefined;
  if (level === 'standard') return { name: typeName, validate: standard };
  const closed = closedValidator(registry, typeName, version);
  return {
    name: `${typeName} (strict: only documented properties)`,
    validate: (data) => {
      const errors = standard(data);
      const extra = closed?.(data) ?? [];
      return [...errors, ...extra.filter((e) => !errors.some((s) => s.pointer === e.pointer))];
    },
  };
}

/** The reason a level gives for not checking against the tables' schema. */
export const LENIENT_REASON = 'STRICTNESS=lenient: only the shape of the documented example is checked';

const closedRegistries = new WeakMap<SchemaRegistry, (id: string) => Validator | undefined>();

function closedValidator(
  registry: SchemaRegistry,
  typeName: string,
  version: GraphVersion | undefined,
): Validator | undefined {
  let byId = closedRegistries.get(registry);
  if (!byId) {
    byId = closedLookup(registry.schemas);
    closedRegistries.set(registry, byId);
  }
  const exact = byId(resourceSchemaId(typeName, version));
  if (exact) return exact;
  const any = registry.schemas.find(
    (s) => s.kind === 'resource' && s.typeName?.toLowerCase() === typeName.toLowerCase(),
  );
  return any ? byId(any.id) : undefined;
}

function closedLookup(schemas: readonly DocSchema[]): (id: string) => Validator | undefined {
  const ajv = createAjv();
  ajv.addKeyword(ODATA_TYPE_KEYWORD); // the standard check judges `@odata.type`; this copy only closes types
  for (const { kind, schema } of schemas)
    ajv.addSchema(kind === 'resource' ? { ...schema, unevaluatedProperties: false } : schema);
  const cache = new Map<string, Validator>();
  return (id) => {
    const cached = cache.get(id);
    if (cached) return cached;
    const compiled = ajv.getSchema(id);
    if (!compiled) return undefined;
    const validator = undocumentedProperties(compiled);
    cache.set(id, validator);
    return validator;
  };
}

/** Only the `unevaluatedProperties` failures: the standard check reports everything else, in its own words. */
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
    message: 'is not a documented property (STRICTNESS=strict)',
    ...(typeof source === 'string' ? { source } : {}),
  };
}
