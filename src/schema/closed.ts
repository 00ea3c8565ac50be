/**
 * The documented types closed: a property the tables do not document fails, at any depth, while `@odata.*`
 * annotations (matched by `patternProperties`) still pass, and a type its page marks `openType` stays open. A second
 * Ajv holds copies of the doc set's schemas with `unevaluatedProperties: false` on each closed resource. Used by
 * `STRICTNESS=strict`, and by lint to find examples that show properties their type's tables leave out: one check, so
 * a strict run against the mock and lint agree.
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { GraphVersion } from '../core/http.ts';
import { pointerToken } from '../core/json.ts';
import { resourceSchemaId, type DocSchema } from './build-schemas.ts';
import { ODATA_TYPE_KEYWORD, SOURCE_KEYWORD, type JsonSchema } from './json-schema.ts';
import { createAjv, type SchemaError, type SchemaRegistry, type Validator } from './registry.ts';

const closedRegistries = new WeakMap<SchemaRegistry, (id: string) => Validator | undefined>();

/** Only the undocumented properties of a payload of the type (the standard check reports everything else). */
export function undocumentedPropertiesValidator(
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
  for (const { kind, schema, shape } of schemas)
    ajv.addSchema(kind === 'resource' && shape?.open !== true ? { ...schema, unevaluatedProperties: false } : schema);
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
