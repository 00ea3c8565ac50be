/**
 * Doc tables → JSON Schemas. Pure: pages in, schemas and findings out.
 *
 * Three kinds of schema come out of a doc set:
 * - a **resource** schema per documented type (`microsoft.graph.user`), open to properties the example does not show,
 *   used to check responses. A resource page (Properties and Relationships tables, `baseType` → `allOf`) defines its
 *   type; a type without one is defined by the request-body tables of the pages whose body represents it;
 * - an **enum** schema per documented enum type (enum pages, `### x values` tables);
 * - a **request-body** schema per page, closed: a body may carry only the properties its table documents (and OData
 *   annotations), used to check requests.
 * Types link to each other by `$ref` to the target's `$id`; cycles are normal (user → manager → user).
 */
import type { EnumDefinition, Page, PropertyRow, RequestBody, ResourceDefinition } from '../docs/model.ts';
import { LIMITS } from '../docs/limits.ts';
import { formatLocation, pageFailed, type Finding, type Location } from '../core/finding.ts';
import { setOwn } from '../core/json.ts';
import type { GraphVersion } from '../core/http.ts';
import { crossCheckResource } from './cross-check.ts';
import { enumSchema } from './enum-schema.ts';
import {
  DRAFT_2020_12,
  ODATA_ANNOTATIONS,
  ODATA_TYPE_KEYWORD,
  SCHEMA_BASE,
  SOURCE_KEYWORD,
  type JsonSchema,
} from './json-schema.ts';
import { withDescribedEnum } from './described-enum.ts';
import { nullable, readTypeSpelling } from './type-map.ts';
import { isRequiredStatement, nullabilityStatement, readOnlyStatement } from './statements.ts';

/** What response checks need to know about a resource beyond its schema (ApiDoctor's resource annotation). */
export interface ResourceShape {
  /** `$id` of the base type's schema, when the base type is documented. */
  readonly base?: string;
  /** The type's own properties (not inherited), in table order. */
  readonly properties: readonly { readonly name: string; readonly source: string; readonly navigation: boolean }[];
  /** `optionalProperties` of the resource annotation. */
  readonly optional: readonly string[];
  /** `nullableProperties` of the resource annotation, when given. */
  readonly nullable?: readonly string[];
  /** Every documented type deriving from this one, directly or not: a payload's `@odata.type` may name any of them. */
  readonly descendants: readonly { readonly typeName: string; readonly id: string }[];
  /** The resource annotation says `openType`: undocumented properties are allowed, also at `STRICTNESS=strict`. */
  readonly open?: boolean;
}

export interface DocSchema {
  readonly kind: 'resource' | 'enum' | 'request-body';
  /** `$id` of the schema. */
  readonly id: string;
  /** Resource and enum schemas: the OData type name. Request-body schemas: the type the body represents, when documented. */
  readonly typeName?: string;
  readonly version?: GraphVersion;
  /** Resource schemas: the page (and line) that documents the type. Request-body schemas: the API page. */
  readonly source: Location;
  readonly schema: JsonSchema;
  /** Resource schemas only. */
  readonly shape?: ResourceShape;
}

export interface BuiltSchemas {
  readonly schemas: readonly DocSchema[];
  readonly findings: readonly Finding[];
}

export function resourceSchemaId(typeName: string, version: GraphVersion | undefined): string {
  return `${SCHEMA_BASE}${version ?? 'unversioned'}/${typeName}.schema.json`;
}

export function requestBodySchemaId(page: Page): string {
  return `${SCHEMA_BASE}${page.version ?? 'unversioned'}/requests/${page.file.replace(/[^A-Za-z0-9._-]+/g, '_')}.schema.json`;
}

/** `@odata.type` of a payload declared as the type whose schema is `id`: that type or one derived from it. */
function odataTypeSchema(id: string): JsonSchema {
  return { type: 'string', [ODATA_TYPE_KEYWORD]: id };
}

/** The type a resource schema `$id` names, and its version: the inverse of `resourceSchemaId`. */
export function typeOfSchemaId(id: string): { readonly typeName: string; readonly version: string } | undefined {
  const match = /^(?:[^/]*\/)*?([^/]+)\/([^/]+)\.schema\.json$/.exec(id.slice(SCHEMA_BASE.length));
  return match?.[1] !== undefined && match[2] !== undefined && id.startsWith(SCHEMA_BASE)
    ? { version: match[1], typeName: match[2] }
    : undefined;
}

/** The short name of a type: `microsoft.graph.profilePhoto` → `profilePhoto`. */
export function shortName(typeName: string): string {
  return typeName.slice(typeName.lastIndexOf('.') + 1);
}

/** A property row, and whether it is a navigation property (a Relationships row). */
interface Row {
  readonly row: PropertyRow;
  readonly navigation: boolean;
}

interface TypeDefinition {
  readonly typeName: string;
  readonly namespace: string;
  readonly version: GraphVersion | undefined;
  readonly source: Location;
  readonly rows: Row[];
  /** Set when a resource page defines the type. */
  readonly resource?: ResourceDefinition;
}

interface EnumType {
  readonly typeName: string;
  readonly version: GraphVersion | undefined;
  readonly definition: EnumDefinition;
}

function key(typeName: string, version: GraphVersion | undefined): string {
  return `${version ?? ''} ${typeName.toLowerCase()}`;
}

/** What a type name in a table resolves to within a version. */
type Resolved =
  { readonly kind: 'resource'; readonly type: TypeDefinition } | { readonly kind: 'enum'; readonly type: EnumType };

class TypeIndex {
  readonly resources: Map<string, TypeDefinition>;
  readonly enums: Map<string, EnumType>;

  constructor(pages: readonly Page[], findings: Finding[]) {
    this.resources = collectResources(pages, findings);
    this.enums = collectEnums(pages, findings);
  }

  /**
   * `identitySet` in a page of namespace `microsoft.graph.security` may be `microsoft.graph.security.identitySet` or
   * `microsoft.graph.identitySet`; letter case varies across pages (`[IdentitySet](identityset.md)`), so it is ignored.
   */
  resolve(name: string, namespace: string, version: GraphVersion | undefined): Resolved | undefined {
    // A base type the prose names bare is qualified with the page's namespace: `microsoft.graph.security.entity` may
    // be the core `microsoft.graph.entity`.
    const candidates = name.includes('.')
      ? [name, ...(name.startsWith(`${namespace}.`) ? [`microsoft.graph.${shortName(name)}`] : [])]
      : [`${namespace}.${name}`, `microsoft.graph.${name}`];
    for (const candidate of candidates) {
      const resource = this.resources.get(key(candidate, version));
      if (resource) return { kind: 'resource', type: resource };
      const enumType = this.enums.get(key(candidate, version));
      if (enumType) return { kind: 'enum', type: enumType };
    }
    return undefined;
  }

  base(type: TypeDefinition): TypeDefinition | undefined {
    const base = type.resource?.baseType;
    if (base === undefined) return undefined;
    const resolved = this.resolve(base, type.namespace, type.version);
    return resolved?.kind === 'resource' && resolved.type !== type ? resolved.type : undefined;
  }

  /** The type's rows and its documented bases' rows, nearest first. */
  rowsWithBases(type: TypeDefinition): PropertyRow[] {
    return [type, ...this.baseChain(type).bases].flatMap((t) => t.rows.map((r) => r.row));
  }

  /** The base types' own property names (lower case), or undefined when the chain reaches an undocumented type. */
  inherited(type: TypeDefinition): Set<string> | undefined {
    const { bases, complete } = this.baseChain(type);
    return complete ? new Set(bases.flatMap((b) => b.rows.map(({ row }) => row.name.toLowerCase()))) : undefined;
  }

  /** The documented base types, nearest first, and whether the chain ends without reaching an undocumented one. */
  private baseChain(type: TypeDefinition): { readonly bases: TypeDefinition[]; readonly complete: boolean } {
    const bases: TypeDefinition[] = [];
    const seen = new Set<TypeDefinition>([type]);
    for (let current = type, depth = 0; current.resource?.baseType !== undefined; depth++) {
      const base = depth < LIMITS.baseTypeDepth ? this.base(current) : undefined;
      if (!base) return { bases, complete: false };
      if (seen.has(base)) break; // a base-type cycle is a doc defect reported elsewhere; stop walking it
      seen.add(base);
      bases.push(base);
      current = base;
    }
    return { bases, complete: true };
  }
}

export function buildSchemas(pages: readonly Page[]): BuiltSchemas {
  const findings: Finding[] = [];
  const index = new TypeIndex(pages, findings);
  const schemas: DocSchema[] = [];
  const descendants = descendantsOf(index);

  // Each type and each page on its own: what fails in the harness on one is a finding there, and the rest is built.
  for (const type of index.resources.values()) {
    try {
      schemas.push(resourceSchema(type, index, descendants, findings));
    } catch (error) {
      findings.push(pageFailed(type.source, `building the schema of ${type.typeName}`, error));
    }
  }

  for (const type of index.enums.values()) {
    // A resource of the same name wins: a `$ref` by name cannot tell them apart.
    if (index.resources.has(key(type.typeName, type.version))) continue;
    const id = resourceSchemaId(type.typeName, type.version);
    try {
      schemas.push({
        kind: 'enum',
        id,
        typeName: type.typeName,
        ...(type.version ? { version: type.version } : {}),
        source: type.definition.location,
        schema: enumSchema(type.definition, id, shortName(type.typeName)),
      });
    } catch (error) {
      findings.push(pageFailed(type.definition.location, `building the schema of ${type.typeName}`, error));
    }
  }

  for (const page of pages) {
    const body = page.requestBody;
    if (!body || body.properties.length === 0) continue;
    try {
      schemas.push(requestBodySchema(page, body, index, findings));
    } catch (error) {
      findings.push(pageFailed(body.location, 'building the request-body schema of this page', error));
    }
  }
  return { schemas: schemas.sort((a, b) => a.id.localeCompare(b.id)), findings: unique(findings) };
}

function resourceSchema(
  type: TypeDefinition,
  index: TypeIndex,
  descendants: ReadonlyMap<TypeDefinition, readonly TypeDefinition[]>,
  findings: Finding[],
): DocSchema {
  const id = resourceSchemaId(type.typeName, type.version);
  const where = formatLocation(type.source);
  const properties = propertySchemas(
    type.rows.map((r) => r.row),
    type.namespace,
    type.version,
    index,
    findings,
    type.resource?.keyProperty,
  );
  const base = index.base(type);
  if (type.resource?.baseType !== undefined && !base) {
    findings.push({
      rule: 'unresolved-type',
      severity: 'warning',
      message: `the base type ${type.resource.baseType} of ${type.typeName} is not documented in the doc set; its properties are not checked`,
      location: type.source,
    });
  }
  if (type.resource) {
    const inherited = index.inherited(type);
    for (const finding of crossCheckResource(type.resource, inherited)) findings.push(finding);
  }
  const derived = descendants.get(type) ?? [];
  const odataType = odataTypeSchema(id);
  // The annotation's `keyProperty` documents the key even where the tables leave it out (extensionProperty's `id`,
  // whose directoryObject base the page does not name): Graph's keys are strings.
  const key = type.resource?.keyProperty;
  const keySchema =
    key !== undefined && !Object.hasOwn(properties.schemas, key)
      ? { [key]: { type: 'string', [SOURCE_KEYWORD]: formatLocation(type.resource?.location ?? type.source) } }
      : {};
  return {
    kind: 'resource',
    id,
    typeName: type.typeName,
    ...(type.version ? { version: type.version } : {}),
    source: type.source,
    schema: {
      $schema: DRAFT_2020_12,
      $id: id,
      title: shortName(type.typeName),
      description: `${type.typeName}, as documented by ${where}`,
      [SOURCE_KEYWORD]: where,
      type: 'object',
      ...(base ? { allOf: [{ $ref: resourceSchemaId(base.typeName, base.version) }] } : {}),
      properties: { '@odata.type': { ...odataType, [SOURCE_KEYWORD]: where }, ...keySchema, ...properties.schemas },
      patternProperties: ODATA_ANNOTATIONS,
    },
    shape: {
      ...(base ? { base: resourceSchemaId(base.typeName, base.version) } : {}),
      properties: type.rows.map(({ row, navigation }) => ({
        name: row.name,
        source: formatLocation(row.location),
        navigation,
      })),
      optional: type.resource?.optionalProperties ?? [],
      ...(type.resource?.nullableProperties ? { nullable: type.resource.nullableProperties } : {}),
      descendants: derived.map((d) => ({ typeName: d.typeName, id: resourceSchemaId(d.typeName, d.version) })),
      ...(type.resource?.openType === true ? { open: true } : {}),
    },
  };
}

function requestBodySchema(page: Page, body: RequestBody, index: TypeIndex, findings: Finding[]): DocSchema {
  // Findings for these rows were reported with the resource they define; only request-only tables report here.
  const defined = body.resource ? index.resources.get(key(body.resource.name, page.version)) : undefined;
  const sink = defined && !defined.resource && defined.source.file === page.file ? [] : findings;
  const properties = propertySchemas(body.properties, page.namespace, page.version, index, sink);
  // The page says the body is this resource, and its table often lists only some of it ("the properties that are
  // required when you create the group"): the resource's other properties, its own and inherited, are accepted with
  // their documented types and never required. Their rows' findings were reported with the resource.
  const tabled = new Set(body.properties.map((row) => row.name.toLowerCase()));
  const untabled = defined?.resource
    ? index.rowsWithBases(defined).filter((row) => !tabled.has(row.name.toLowerCase()))
    : [];
  const ofResource = defined ? propertySchemas(untabled, defined.namespace, page.version, index, []) : undefined;
  const odataType = body.resource
    ? {
        '@odata.type': {
          ...odataTypeSchema(resourceSchemaId(body.resource.name, page.version)),
          [SOURCE_KEYWORD]: formatLocation(body.resource.location),
        },
      }
    : {};
  return {
    kind: 'request-body',
    id: requestBodySchemaId(page),
    ...(body.resource ? { typeName: body.resource.name } : {}),
    ...(page.version ? { version: page.version } : {}),
    source: body.location,
    schema: {
      $schema: DRAFT_2020_12,
      $id: requestBodySchemaId(page),
      title: `request body of ${page.file}`,
      [SOURCE_KEYWORD]: formatLocation(body.location),
      type: 'object',
      properties: { ...odataType, ...ofResource?.schemas, ...properties.schemas },
      ...(properties.required.length > 0 ? { required: properties.required } : {}),
      patternProperties: ODATA_ANNOTATIONS,
      additionalProperties: false,
    },
  };
}

/**
 * Resource pages define their types. A type no resource page defines is defined by the request-body tables of the
 * pages whose body represents it (`[profilePhoto](../resources/profilephoto.md)`): the first page, in path order, to
 * document a property defines it. When several resource pages document one type (Intune's partial `user` page next
 * to `user.md`), the one with the most rows leads and the others add the properties it lacks.
 */
function collectResources(pages: readonly Page[], findings: Finding[]): Map<string, TypeDefinition> {
  const resources = new Map<string, TypeDefinition>();
  /** Row names of each type so far: merging is linear in the rows, however many pages document the type. */
  const names = new Map<TypeDefinition, Set<string>>();
  const add = (type: TypeDefinition, rows: readonly Row[]): void => {
    const seen = names.get(type) ?? new Set(type.rows.map((r) => r.row.name));
    names.set(type, seen);
    for (const row of rows)
      if (!seen.has(row.row.name)) {
        seen.add(row.row.name);
        type.rows.push(row);
      }
  };
  const resourcePages = pages.filter((p): p is Page & { resource: ResourceDefinition } => p.resource !== undefined);
  const richestFirst = [...resourcePages].sort((a, b) => rowCount(b.resource) - rowCount(a.resource));
  for (const page of richestFirst) {
    const resource = page.resource;
    try {
      const id = key(resource.name, page.version);
      const rows = [
        ...resource.properties.map((row) => ({ row, navigation: false })),
        ...resource.relationships.map((row) => ({ row, navigation: true })),
      ];
      const existing = resources.get(id);
      if (existing) add(existing, rows);
      else
        resources.set(id, {
          typeName: resource.name,
          namespace: namespaceOf(resource.name, page.namespace),
          version: page.version,
          source: resource.location,
          rows,
          resource,
        });
    } catch (error) {
      findings.push(pageFailed(resource.location, `reading the type ${resource.name}`, error));
    }
  }
  for (const page of pages) {
    const body = page.requestBody;
    if (!body?.resource || body.properties.length === 0) continue;
    try {
      const id = key(body.resource.name, page.version);
      const existing = resources.get(id);
      if (existing?.resource) continue; // a resource page's tables win over request-body tables
      const rows = body.properties.map((row) => ({ row, navigation: false }));
      if (existing) add(existing, rows);
      else
        resources.set(id, {
          typeName: body.resource.name,
          namespace: page.namespace,
          version: page.version,
          source: body.location,
          rows,
        });
    } catch (error) {
      findings.push(pageFailed(body.location, `reading the type ${body.resource.name}`, error));
    }
  }
  return resources;
}

function rowCount(resource: ResourceDefinition): number {
  return resource.properties.length + resource.relationships.length;
}

/** `microsoft.graph.ediscovery.case` → `microsoft.graph.ediscovery`: names in its tables resolve there first. */
function namespaceOf(typeName: string, fallback: string): string {
  const dot = typeName.lastIndexOf('.');
  return dot > 0 ? typeName.slice(0, dot) : fallback;
}

function collectEnums(pages: readonly Page[], findings: Finding[]): Map<string, EnumType> {
  const enums = new Map<string, EnumType>();
  for (const page of pages) {
    for (const definition of page.enums ?? []) {
      try {
        const id = key(definition.name, page.version);
        if (!enums.has(id)) enums.set(id, { typeName: definition.name, version: page.version, definition });
      } catch (error) {
        findings.push(pageFailed(definition.location, `reading the enum ${definition.name}`, error));
      }
    }
  }
  return enums;
}

/** Every resource type's documented descendants, through `baseType` chains (cycles stop the walk). */
function descendantsOf(index: TypeIndex): Map<TypeDefinition, TypeDefinition[]> {
  const result = new Map<TypeDefinition, TypeDefinition[]>();
  for (const type of index.resources.values()) {
    const seen = new Set<TypeDefinition>([type]);
    // Chains are followed as far as `LIMITS.baseTypeDepth`: a doc set may be built with one as long as it has types.
    for (
      let base = index.base(type), depth = 1;
      base && !seen.has(base) && depth <= LIMITS.baseTypeDepth;
      base = index.base(base), depth++
    ) {
      seen.add(base);
      const list = result.get(base) ?? [];
      list.push(type);
      result.set(base, list);
    }
  }
  for (const list of result.values()) list.sort((a, b) => a.typeName.localeCompare(b.typeName));
  return result;
}

/**
 * `[appHostedMediaConfig](…) or [serviceHostedMediaConfig](…)`: a property documented with one of several types.
 * Each linked type is an alternative; anything else is one type.
 */
function alternativeTypes(row: PropertyRow): PropertyRow[] {
  if (row.type.links.length < 2 || !/\sor\s/i.test(row.type.text)) return [row];
  return row.type.links.map((link) => ({ ...row, type: { text: link.text, links: [link] } }));
}

/** Descriptions that list values describe an enum, even when its type is only a link the doc set cannot follow. */
const LISTS_VALUES = /\b(possible|allowed|supported|valid) values\b/i;

function propertySchema(
  row: PropertyRow,
  namespace: string,
  version: GraphVersion | undefined,
  index: TypeIndex,
  findings: Finding[],
): { schema: JsonSchema; checked: boolean } {
  const alternatives = alternativeTypes(row);
  if (alternatives.length > 1) {
    const each = alternatives.map((alternative) => propertySchema(alternative, namespace, version, index, findings));
    return { schema: { anyOf: each.map((a) => a.schema) }, checked: each.every((a) => a.checked) };
  }
  const spelling = readTypeSpelling(row.type);
  if (spelling.kind === 'primitive') {
    // A string whose description lists its possible values is an enum of them.
    const items = spelling.schema.items;
    const schema =
      spelling.collection && typeof items === 'object' && items !== null
        ? { ...spelling.schema, items: withDescribedEnum(items as JsonSchema, row.description) }
        : withDescribedEnum(spelling.schema, row.description);
    return { schema, checked: true };
  }
  // A type that is not Graph's: the property is reported and left unchecked.
  const notGraphType = (spelled: string): { schema: JsonSchema; checked: boolean } => {
    findings.push({
      rule: 'unknown-type',
      severity: 'error',
      message: `property "${row.name}" has the type "${spelled}", which is not a Graph type`,
      location: row.location,
    });
    return { schema: {}, checked: false };
  };
  if (spelling.kind === 'unknown') return notGraphType(spelling.spelling);
  const wrap = (schema: JsonSchema): JsonSchema => (spelling.collection ? { type: 'array', items: schema } : schema);
  const resolved = index.resolve(spelling.name, namespace, version);
  if (resolved) return { schema: wrap({ $ref: resourceSchemaId(resolved.type.typeName, version) }), checked: true };
  const typeName = spelling.name.includes('.') ? spelling.name : `${namespace}.${spelling.name}`;
  // Graph names its types in lowerCamelCase: a bare `Bogus` or `Strng` is a typo, a bare `riskLevel` an undocumented type.
  if (spelling.via === 'text' && !/^[a-z][A-Za-z0-9]*$|\./.test(spelling.name)) return notGraphType(row.type.text);
  const enumLike = spelling.via === 'anchor' || LISTS_VALUES.test(row.description);
  findings.push({
    rule: 'unresolved-type',
    severity: 'warning',
    message: `property "${row.name}" is of type ${typeName}, whose ${enumLike ? 'members' : 'properties'} are not documented in the doc set; only its JSON kind is checked`,
    location: row.location,
  });
  return {
    schema: wrap(enumLike ? { type: 'string' } : spelling.via === 'text' ? {} : { type: 'object' }),
    checked: true,
  };
}

function propertySchemas(
  rows: readonly PropertyRow[],
  namespace: string,
  version: GraphVersion | undefined,
  index: TypeIndex,
  findings: Finding[],
  keyProperty?: string,
): { schemas: Record<string, JsonSchema>; required: string[] } {
  const schemas: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const row of rows) {
    const { schema, checked } = propertySchema(row, namespace, version, index, findings);
    // An answer may hold null where the page is silent: accepting it is the reading that guesses nothing. (Whether a
    // request may send null is another question: see body-arbitrary.ts.)
    const notNullable =
      nullabilityStatement(row.description) === 'not-nullable' || row.name === 'id' || row.name === keyProperty;
    // setOwn: a row named `__proto__` is a property, not the prototype of `schemas`.
    setOwn(schemas, row.name, {
      ...(notNullable || !checked ? schema : nullable(schema)),
      ...(row.description ? { description: row.description } : {}),
      // Only an unconditional "Read-only": "read-only for synced users" does not make every write of it wrong.
      ...(readOnlyStatement(row.description).kind === 'always' ? { readOnly: true } : {}),
      [SOURCE_KEYWORD]: formatLocation(row.location),
    });
    if (isRequiredStatement(row.description)) required.push(row.name);
  }
  return { schemas, required };
}

/** A row merged into a resource from a second page is read twice (as resource and as request body): report it once. */
function unique(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const id = `${f.location.file}:${f.location.line} ${f.rule} ${f.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
