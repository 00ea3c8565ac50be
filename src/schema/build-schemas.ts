/**
 * Doc tables → JSON Schemas. Pure: pages in, schemas and findings out.
 *
 * Two kinds of schema come out of a page:
 * - a **resource** schema per documented type (`microsoft.graph.profilePhoto`), open to properties the example does
 *   not show, used to check responses;
 * - a **request-body** schema per page, closed: a body may carry only the properties its table documents (and OData
 *   annotations), used to check requests.
 */
import type { Finding, GraphVersion, Location, Page, PropertyRow } from '../docs/model.ts';
import { formatLocation } from '../docs/model.ts';
import { DRAFT_2020_12, ODATA_ANNOTATIONS, SCHEMA_BASE, SOURCE_KEYWORD, type JsonSchema } from './json-schema.ts';
import { mapType, nullable } from './type-map.ts';

export interface DocSchema {
  readonly kind: 'resource' | 'request-body';
  /** `$id` of the schema. */
  readonly id: string;
  /** Resource schemas: the OData type name. Request-body schemas: the type the body represents, when documented. */
  readonly typeName?: string;
  readonly version?: GraphVersion;
  /** Resource schemas: the page that documents the type. Request-body schemas: the API page. */
  readonly source: Location;
  readonly schema: JsonSchema;
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

/** The short name of a type: `microsoft.graph.profilePhoto` → `profilePhoto`. */
export function shortName(typeName: string): string {
  return typeName.slice(typeName.lastIndexOf('.') + 1);
}

export function buildSchemas(pages: readonly Page[]): BuiltSchemas {
  const findings: Finding[] = [];
  const resources = collectResources(pages);
  // Links name types in any letter case (`[IdentitySet](identityset.md)`); a $ref must use the documented spelling.
  const known = (typeName: string, version: GraphVersion | undefined): string | undefined => resources.get(key(typeName, version))?.typeName;
  const schemas: DocSchema[] = [];

  for (const resource of resources.values()) {
    const properties = propertySchemas(resource.rows, resource.namespace, resource.version, known, findings);
    schemas.push({
      kind: 'resource',
      id: resourceSchemaId(resource.typeName, resource.version),
      typeName: resource.typeName,
      ...(resource.version ? { version: resource.version } : {}),
      source: resource.source,
      schema: {
        $schema: DRAFT_2020_12,
        $id: resourceSchemaId(resource.typeName, resource.version),
        title: shortName(resource.typeName),
        description: `${resource.typeName}, as documented by ${formatLocation(resource.source)}`,
        [SOURCE_KEYWORD]: formatLocation(resource.source),
        type: 'object',
        properties: { '@odata.type': { const: `#${resource.typeName}`, [SOURCE_KEYWORD]: formatLocation(resource.source) }, ...properties.schemas },
        patternProperties: ODATA_ANNOTATIONS,
      },
    });
  }

  for (const page of pages) {
    const body = page.requestBody;
    if (!body || body.properties.length === 0) continue;
    // Findings for these rows were reported with the resource they define; only request-only tables report here.
    const sink = body.resource && resources.get(key(body.resource.name, page.version))?.source.file === page.file ? [] : findings;
    const properties = propertySchemas(body.properties, page.namespace, page.version, known, sink);
    const odataType = body.resource ? { '@odata.type': { const: `#${body.resource.name}`, [SOURCE_KEYWORD]: formatLocation(body.resource.location) } } : {};
    schemas.push({
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
        properties: { ...odataType, ...properties.schemas },
        ...(properties.required.length > 0 ? { required: properties.required } : {}),
        patternProperties: ODATA_ANNOTATIONS,
        additionalProperties: false,
      },
    });
  }
  return { schemas: schemas.sort((a, b) => a.id.localeCompare(b.id)), findings: unique(findings) };
}

interface ResourceDefinition {
  readonly typeName: string;
  readonly namespace: string;
  readonly version: GraphVersion | undefined;
  readonly source: Location;
  readonly rows: PropertyRow[];
}

function key(typeName: string, version: GraphVersion | undefined): string {
  return `${version ?? ''} ${typeName.toLowerCase()}`;
}

/**
 * A page whose request body represents a resource (`[profilePhoto](../resources/profilephoto.md)`) documents that
 * resource's properties. The first page (in path order) to document a property defines it.
 */
function collectResources(pages: readonly Page[]): Map<string, ResourceDefinition> {
  const resources = new Map<string, ResourceDefinition>();
  for (const page of pages) {
    const body = page.requestBody;
    if (!body?.resource || body.properties.length === 0) continue;
    const id = key(body.resource.name, page.version);
    const existing = resources.get(id);
    if (!existing) {
      resources.set(id, { typeName: body.resource.name, namespace: page.namespace, version: page.version, source: body.location, rows: [...body.properties] });
      continue;
    }
    for (const row of body.properties) if (!existing.rows.some((r) => r.name === row.name)) existing.rows.push(row);
  }
  return resources;
}

function propertySchemas(
  rows: readonly PropertyRow[],
  namespace: string,
  version: GraphVersion | undefined,
  known: (typeName: string, version: GraphVersion | undefined) => string | undefined,
  findings: Finding[],
): { schemas: Record<string, JsonSchema>; required: string[] } {
  const schemas: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const row of rows) {
    const mapping = mapType(row.type, namespace);
    let schema: JsonSchema;
    if (!mapping.ok) {
      findings.push({ rule: 'unknown-type', severity: 'error', message: `property "${row.name}" has the type "${mapping.spelling}", which is not a Graph type`, location: row.location });
      schema = {};
    } else if (mapping.reference !== undefined && known(mapping.reference, version) === undefined) {
      findings.push({ rule: 'unresolved-type', severity: 'warning', message: `property "${row.name}" is of type ${mapping.reference}, whose properties are not documented in the doc set; only its JSON kind is checked`, location: row.location });
      schema = mapping.collection ? { type: 'array', items: { type: 'object' } } : { type: 'object' };
    } else if (mapping.reference !== undefined) {
      const target = { $ref: resourceSchemaId(known(mapping.reference, version) ?? mapping.reference, version) };
      schema = mapping.collection ? { type: 'array', items: target } : target;
    } else schema = mapping.schema;

    const notNullable = /\bnot nullable\b/i.test(row.description) || row.name === 'id';
    const annotated: JsonSchema = {
      ...(notNullable || !mapping.ok ? schema : nullable(schema)),
      ...(row.description ? { description: row.description } : {}),
      ...(/\bread-?only\b/i.test(row.description) ? { readOnly: true } : {}),
      [SOURCE_KEYWORD]: formatLocation(row.location),
    };
    schemas[row.name] = annotated;
    if (/^\s*required\b/i.test(row.description)) required.push(row.name);
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
