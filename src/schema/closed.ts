/**
 * The documented types closed: a property the tables do not document is found, at any depth, while `@odata.*`
 * annotations (matched by `patternProperties`) still pass, and a type its page marks `openType` stays open. Used by
 * `STRICTNESS=strict`, and by lint to find examples that show properties their type's tables leave out: one check, so
 * a strict run against the mock and lint agree.
 *
 * The payload is walked along the doc schemas themselves, as JSON Schema's `unevaluatedProperties: false` on each
 * closed resource would judge it: a type's properties are its own and its bases' (`allOf`), a property's value is
 * closed as the type its schema links to (or as the documented descendant its `@odata.type` names), through arrays
 * and nullable or alternative types (`anyOf`). Walking, not compiling: handing Ajv a closed copy of every schema cost a
 * whole-reference lint about a fifth of its time, and the standard (open) check already reports everything else.
 */
import type { GraphVersion } from '../core/http.ts';
import { isJsonObject, pointerToken } from '../core/json.ts';
import { resourceSchemaId, type DocSchema } from './build-schemas.ts';
import { SOURCE_KEYWORD, type JsonSchema } from './json-schema.ts';
import { odataTypeOf, type SchemaError, type SchemaRegistry, type Validator } from './registry.ts';

const walkers = new WeakMap<SchemaRegistry, ClosedTypes>();

/** Only the undocumented properties of a payload of the type (the standard check reports everything else). */
export function undocumentedPropertiesValidator(
  registry: SchemaRegistry,
  typeName: string,
  version: GraphVersion | undefined,
): Validator | undefined {
  let types = walkers.get(registry);
  if (!types) {
    types = closedTypes(registry.schemas);
    walkers.set(registry, types);
  }
  const exact = resourceSchemaId(typeName, version);
  const id = types.has(exact) ? exact : registry.resourceSchemas(typeName).find((s) => types.has(s.id))?.id;
  return id === undefined ? undefined : types.validator(id);
}

/** What the walk needs of a resource: its properties with their bases', its annotation patterns, its source. */
interface ClosedType {
  /** Each documented property's schemas, the deepest base's first (a derived type may declare a property again). */
  readonly properties: ReadonlyMap<string, readonly JsonSchema[]>;
  readonly patterns: readonly RegExp[];
  readonly open: boolean;
  readonly source: string | undefined;
}

interface ClosedTypes {
  has(id: string): boolean;
  validator(id: string): Validator;
}

function closedTypes(schemas: readonly DocSchema[]): ClosedTypes {
  const byId = new Map(schemas.map((s) => [s.id, s]));
  const resources = new Map(schemas.filter((s) => s.kind === 'resource').map((s) => [s.id, s]));
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
  const types = new Map<string, ClosedType>();
  const typeOf = (id: string): ClosedType | undefined => {
    const known = types.get(id);
    if (known) return known;
    const resource = resources.get(id);
    if (!resource) return undefined;
    const type = closedType(resource, resources);
    types.set(id, type);
    return type;
  };

  /** The undocumented properties of `data` where `schema` applies, at `path`. */
  const walk = (schema: unknown, data: unknown, path: string, found: SchemaError[]): void => {
    if (!isJsonObject(schema)) return;
    const ref = schema.$ref;
    if (typeof ref === 'string' && resources.has(ref))
      closeObject(derived.get(ref)?.get(odataTypeOf(data)) ?? ref, data, path, found);
    if (Array.isArray(schema.allOf)) for (const part of schema.allOf) walk(part, data, path, found);
    if (Array.isArray(schema.anyOf)) alternatives(schema.anyOf, data, path, found);
    if (isJsonObject(schema.items) && Array.isArray(data))
      for (const [index, item] of data.entries()) walk(schema.items, item, `${path}/${index.toString()}`, found);
  };

  /**
   * A value documented as one of several types (a nullable type is one of two, `null` the other) has the properties
   * of the one it fits: where it fits none without undocumented properties, it has those of each it could be.
   */
  const alternatives = (branches: readonly unknown[], data: unknown, path: string, found: SchemaError[]): void => {
    const each: SchemaError[][] = [];
    for (const branch of branches) {
      if (!admits(branch, data, byId)) continue;
      const own: SchemaError[] = [];
      walk(branch, data, path, own);
      if (own.length === 0) return;
      each.push(own);
    }
    for (const own of each) found.push(...own);
  };

  const closeObject = (id: string, data: unknown, path: string, found: SchemaError[]): void => {
    const type = typeOf(id);
    if (!type || !isJsonObject(data)) return;
    for (const [name, declared] of type.properties)
      if (Object.hasOwn(data, name))
        for (const schema of declared) walk(schema, data[name], `${path}/${pointerToken(name)}`, found);
    if (type.open) return;
    for (const name of Object.keys(data))
      if (!type.properties.has(name) && !type.patterns.some((pattern) => pattern.test(name)))
        found.push({
          pointer: `${path}/${pointerToken(name)}`,
          keyword: 'unevaluatedProperties',
          message: 'is not a documented property',
          ...(type.source !== undefined ? { source: type.source } : {}),
        });
  };

  const validators = new Map<string, Validator>();
  return {
    has: (id) => resources.has(id),
    validator: (id) => {
      const known = validators.get(id);
      if (known) return known;
      const validator: Validator = (data) => {
        const found: SchemaError[] = [];
        closeObject(id, data, '', found);
        return found;
      };
      validators.set(id, validator);
      return validator;
    },
  };
}

/** A resource's properties and patterns with those of its bases (`allOf`), bounded by the chain's cycles. */
function closedType(resource: DocSchema, resources: ReadonlyMap<string, DocSchema>): ClosedType {
  const chain: JsonSchema[] = [];
  const seen = new Set<string>();
  for (let at: DocSchema | undefined = resource; at && !seen.has(at.id); at = baseOf(at.schema, resources)) {
    seen.add(at.id);
    chain.unshift(at.schema);
  }
  const properties = new Map<string, JsonSchema[]>();
  const patterns: RegExp[] = [];
  for (const schema of chain) {
    if (isJsonObject(schema.properties))
      for (const [name, property] of Object.entries(schema.properties))
        if (isJsonObject(property)) properties.set(name, [...(properties.get(name) ?? []), property]);
    if (isJsonObject(schema.patternProperties))
      for (const pattern of Object.keys(schema.patternProperties)) patterns.push(new RegExp(pattern, 'u'));
  }
  const source = resource.schema[SOURCE_KEYWORD];
  return {
    properties,
    patterns,
    open: resource.shape?.open === true,
    source: typeof source === 'string' ? source : undefined,
  };
}

function baseOf(schema: JsonSchema, resources: ReadonlyMap<string, DocSchema>): DocSchema | undefined {
  const bases = Array.isArray(schema.allOf) ? (schema.allOf as unknown[]) : [];
  for (const base of bases)
    if (isJsonObject(base) && typeof base.$ref === 'string' && resources.has(base.$ref))
      return resources.get(base.$ref);
  return undefined;
}

/** Whether `data` could be what `schema` describes, by its JSON kind (and enum members): a branch it may take. */
function admits(schema: unknown, data: unknown, byId: ReadonlyMap<string, DocSchema>): boolean {
  if (!isJsonObject(schema)) return true;
  const linked = typeof schema.$ref === 'string' ? byId.get(schema.$ref) : undefined;
  if (linked && !admits(linked.schema, data, byId)) return false;
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : undefined;
  if (types && !types.some((type) => isOfType(type, data))) return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(data)) return false;
  if (Array.isArray(schema.anyOf)) return schema.anyOf.some((branch) => admits(branch, data, byId));
  return true;
}

function isOfType(type: unknown, data: unknown): boolean {
  switch (type) {
    case 'null':
      return data === null;
    case 'object':
      return isJsonObject(data);
    case 'array':
      return Array.isArray(data);
    case 'integer':
      return Number.isInteger(data);
    case 'number':
      return typeof data === 'number';
    case 'string':
      return typeof data === 'string';
    case 'boolean':
      return typeof data === 'boolean';
    default:
      return true;
  }
}
