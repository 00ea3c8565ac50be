/**
 * The service metadata the mock publishes at `/{version}/$metadata`, built from the pages it serves: each documented
 * resource type (its Properties and Relationships tables) and enum, and the entity sets and singletons its paths
 * start with. The model is `src/metadata/`'s, written as CSDL by its writer: one vocabulary for what is read from
 * Graph and what the mock says about itself.
 *
 * Only what the docs say is written: a type cell the doc set cannot name is `Edm.Untyped`, a type no page documents
 * is referenced as named. Operations (functions and actions) are left out: the pages say how to call them, not which
 * type binds them.
 */
import type { GraphVersion } from '../core/http.ts';
import type { Page, PropertyRow, ResourceDefinition } from '../docs/model.ts';
import type {
  CsdlContainerChild,
  CsdlModel,
  CsdlProperty,
  CsdlStructuredType,
  CsdlType,
  TypeRef,
} from '../metadata/csdl.ts';
import { readTypeSpelling } from '../schema/type-map.ts';
import type { RouteTable } from './routes.ts';

const GRAPH = 'microsoft.graph';
const ENTITY = `${GRAPH}.entity`;

export function serviceModel(pages: readonly Page[], table: RouteTable, version: GraphVersion): CsdlModel {
  const ofVersion = (page: Page): boolean => page.version === undefined || page.version === version;
  const resources = new Map<string, ResourceDefinition>();
  const types: CsdlType[] = [];
  for (const page of pages.filter(ofVersion)) {
    const resource = page.resource;
    if (resource !== undefined && !resources.has(resource.name)) resources.set(resource.name, resource);
    for (const definition of page.enums ?? []) {
      if (types.some((t) => t.name === definition.name)) continue;
      types.push({
        kind: 'enum',
        name: definition.name,
        flags: definition.flags,
        members: definition.members.map((m) => ({
          name: m.name,
          ...(m.value === undefined ? {} : { value: m.value }),
        })),
        location: definition.location,
      });
    }
  }
  const isEntity = (name: string, depth = 0): boolean => {
    if (name === ENTITY) return true;
    const resource = resources.get(name);
    if (resource === undefined || depth > 32) return false;
    if (resource.keyProperty !== undefined || resource.properties.some((row) => row.name === 'id')) return true;
    return resource.baseType !== undefined && isEntity(resource.baseType, depth + 1);
  };
  for (const resource of resources.values()) types.push(structuredType(resource, isEntity(resource.name)));
  // Graph's entity types derive from `microsoft.graph.entity`: declared here when no page documents it.
  if (!resources.has(ENTITY) && [...resources.values()].some((r) => r.baseType === ENTITY)) types.push(entityBase());
  return {
    source: `mock tenant ($metadata of ${version})`,
    version,
    namespaces: [...new Set([GRAPH, ...types.map((t) => t.name.slice(0, t.name.lastIndexOf('.')))])],
    types,
    operations: [],
    container: containerOf(pages.filter(ofVersion), table),
  };
}

function structuredType(resource: ResourceDefinition, entity: boolean): CsdlStructuredType {
  const key = entity && resource.baseType === undefined ? [resource.keyProperty ?? 'id'] : [];
  return {
    kind: entity ? 'entity' : 'complex',
    name: resource.name,
    ...(resource.baseType === undefined ? {} : { baseType: resource.baseType }),
    abstract: resource.abstract,
    openType: resource.openType,
    hasStream: false,
    key,
    properties: resource.properties.map((row) => property(row, key.includes(row.name))),
    navigationProperties: resource.relationships.map((row) => ({
      name: row.name,
      type: typeOf(row),
      nullable: true,
      containsTarget: false,
      location: row.location,
    })),
    location: resource.location,
  };
}

function property(row: PropertyRow, isKey: boolean): CsdlProperty {
  return {
    name: row.name,
    type: typeOf(row),
    nullable: !isKey && !/\bnot nullable\b/i.test(row.description),
    computed: false,
    readOnly: /\bread-?only\b/i.test(row.description),
    location: row.location,
  };
}

/** The type a row's cell names: an Edm primitive, a (qualified) named type, or `Edm.Untyped` when it says neither. */
function typeOf(row: PropertyRow): TypeRef {
  const spelling = readTypeSpelling(row.type);
  switch (spelling.kind) {
    case 'primitive':
      return { name: spelling.edm ?? 'Edm.Untyped', collection: spelling.collection };
    case 'named':
      return {
        name: spelling.name.includes('.') ? spelling.name : `${GRAPH}.${spelling.name}`,
        collection: spelling.collection,
      };
    case 'unknown':
      return { name: 'Edm.Untyped', collection: false };
  }
}

function entityBase(): CsdlStructuredType {
  const location = { file: 'mock tenant', line: 1 };
  return {
    kind: 'entity',
    name: ENTITY,
    abstract: true,
    openType: false,
    hasStream: false,
    key: ['id'],
    properties: [
      {
        name: 'id',
        type: { name: 'Edm.String', collection: false },
        nullable: false,
        computed: false,
        readOnly: true,
        location,
      },
    ],
    navigationProperties: [],
    location,
  };
}

/**
 * Entity sets and singletons: the first segment of each documented path, typed by what the page says its operation
 * answers or takes (`GET /users` answers users). `/me` is the signed-in user.
 */
function containerOf(pages: readonly Page[], table: RouteTable): CsdlContainerChild[] {
  const children = new Map<string, CsdlContainerChild>();
  const served = new Set(pages);
  for (const operation of table.operations) {
    if (!served.has(operation.page)) continue;
    const [first, second, ...rest] = operation.documented.segments;
    if (first?.kind !== 'literal' || rest.length > 0 || /[(){}:$]/.test(first.value)) continue;
    const name = first.value;
    if (children.has(name.toLowerCase())) continue;
    const type = operation.page.responseResource?.name ?? operation.page.requestBody?.resource?.name;
    if (name.toLowerCase() === 'me') {
      if (second === undefined)
        children.set('me', {
          kind: 'singleton',
          name: 'me',
          type: { name: `${GRAPH}.user`, collection: false },
          location: operation.documented.location,
        });
      continue;
    }
    const addressesMember = second === undefined || second.kind === 'placeholder';
    if (type === undefined || !addressesMember) continue;
    children.set(name.toLowerCase(), {
      kind: 'entitySet',
      name,
      type: { name: type, collection: true },
      location: operation.documented.location,
    });
  }
  return [...children.values()];
}
