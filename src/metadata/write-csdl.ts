/**
 * `CsdlModel` → CSDL XML, the inverse of `read-csdl.ts`: what a service publishes at `/$metadata`. Pure: model in,
 * text out. fast-xml-builder (fast-xml-parser's own writer) writes the XML (escaping included); this module only says which element holds
 * what. One `<Schema>` per namespace, the entity container in the `microsoft.graph` one (Graph's `GraphService`);
 * `Core.Computed` and `Core.Permissions` (Read) are written inline, where `readCsdl` reads them back.
 */
import XMLBuilder from 'fast-xml-builder';
import type {
  CsdlContainerChild,
  CsdlEnumType,
  CsdlModel,
  CsdlOperation,
  CsdlProperty,
  CsdlStructuredType,
  TypeRef,
} from './csdl.ts';

const EDMX = 'http://docs.oasis-open.org/odata/ns/edmx';
const EDM = 'http://docs.oasis-open.org/odata/ns/edm';
/** Graph's container name and namespace. */
const CONTAINER = 'GraphService';
const GRAPH_NAMESPACE = 'microsoft.graph';

type Element = Record<string, unknown>;

export function writeCsdl(model: CsdlModel): string {
  const namespaces = new Map<string, Element>();
  const schemaOf = (qualified: string): Element => {
    const namespace = namespaceOf(qualified);
    let schema = namespaces.get(namespace);
    if (schema === undefined) {
      schema = { '@_Namespace': namespace, '@_xmlns': EDM };
      namespaces.set(namespace, schema);
    }
    return schema;
  };
  // The container's schema first, as Graph's document has it.
  schemaOf(`${GRAPH_NAMESPACE}.${CONTAINER}`);
  for (const type of model.types) {
    const element = type.kind === 'enum' ? enumType(type) : structuredType(type);
    push(
      schemaOf(type.name),
      type.kind === 'enum' ? 'EnumType' : type.kind === 'entity' ? 'EntityType' : 'ComplexType',
      element,
    );
  }
  for (const operation of model.operations)
    push(schemaOf(operation.name), operation.kind === 'action' ? 'Action' : 'Function', operationElement(operation));
  const graph = schemaOf(`${GRAPH_NAMESPACE}.${CONTAINER}`);
  graph['EntityContainer'] = { '@_Name': CONTAINER, ...containerChildren(model.container) };
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    'edmx:Edmx': {
      '@_Version': '4.0',
      '@_xmlns:edmx': EDMX,
      'edmx:DataServices': { Schema: [...namespaces.values()] },
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    indentBy: '  ',
    suppressEmptyNode: true,
    // `IsBound="true"` is an attribute with a value in CSDL, not an HTML-style boolean attribute.
    suppressBooleanAttributes: false,
  });
  return builder.build(document);
}

function namespaceOf(qualified: string): string {
  const dot = qualified.lastIndexOf('.');
  return dot < 0 ? GRAPH_NAMESPACE : qualified.slice(0, dot);
}

function shortName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

function push(parent: Element, name: string, child: Element): void {
  const list = (parent[name] as Element[] | undefined) ?? [];
  list.push(child);
  parent[name] = list;
}

/** The attributes every typed element has: a property, navigation property or parameter. */
function typed(element: { readonly name: string; readonly type: TypeRef; readonly nullable: boolean }): Element {
  return {
    '@_Name': element.name,
    '@_Type': typeName(element.type),
    ...(element.nullable ? {} : { '@_Nullable': 'false' }),
  };
}

function typeName(ref: TypeRef): string {
  return ref.collection ? `Collection(${ref.name})` : ref.name;
}

function structuredType(type: CsdlStructuredType): Element {
  return {
    '@_Name': shortName(type.name),
    ...(type.baseType === undefined ? {} : { '@_BaseType': type.baseType }),
    ...(type.abstract ? { '@_Abstract': 'true' } : {}),
    ...(type.openType ? { '@_OpenType': 'true' } : {}),
    ...(type.hasStream ? { '@_HasStream': 'true' } : {}),
    ...(type.kind === 'entity' && type.key.length > 0
      ? { Key: { PropertyRef: type.key.map((name) => ({ '@_Name': name })) } }
      : {}),
    ...(type.properties.length === 0 ? {} : { Property: type.properties.map(property) }),
    ...(type.navigationProperties.length === 0
      ? {}
      : {
          NavigationProperty: type.navigationProperties.map((nav) => ({
            ...typed(nav),
            ...(nav.containsTarget ? { '@_ContainsTarget': 'true' } : {}),
          })),
        }),
  };
}

function property(p: CsdlProperty): Element {
  const annotations: Element[] = [];
  if (p.computed) annotations.push({ '@_Term': 'Org.OData.Core.V1.Computed', '@_Bool': 'true' });
  if (p.readOnly)
    annotations.push({
      '@_Term': 'Org.OData.Core.V1.Permissions',
      '@_EnumMember': 'Org.OData.Core.V1.Permission/Read',
    });
  return { ...typed(p), ...(annotations.length === 0 ? {} : { Annotation: annotations }) };
}

function enumType(type: CsdlEnumType): Element {
  return {
    '@_Name': shortName(type.name),
    ...(type.flags ? { '@_IsFlags': 'true' } : {}),
    Member: type.members.map((member) => ({
      '@_Name': member.name,
      ...(member.value === undefined ? {} : { '@_Value': String(member.value) }),
    })),
  };
}

function operationElement(operation: CsdlOperation): Element {
  return {
    '@_Name': shortName(operation.name),
    ...(operation.bound ? { '@_IsBound': 'true' } : {}),
    ...(operation.parameters.length === 0
      ? {}
      : {
          Parameter: operation.parameters.map((p) => ({
            ...typed(p),
            ...(p.optional ? { Annotation: { '@_Term': 'Org.OData.Core.V1.OptionalParameter' } } : {}),
          })),
        }),
    ...(operation.returnType === undefined ? {} : { ReturnType: { '@_Type': typeName(operation.returnType) } }),
  };
}

/** Each kind of container child: its element, and the attribute that names its type or operation. */
const CONTAINER_ELEMENTS: Readonly<Record<CsdlContainerChild['kind'], readonly [string, string]>> = {
  entitySet: ['EntitySet', '@_EntityType'],
  singleton: ['Singleton', '@_Type'],
  actionImport: ['ActionImport', '@_Action'],
  functionImport: ['FunctionImport', '@_Function'],
};

function containerChildren(children: readonly CsdlContainerChild[]): Element {
  const byElement: Record<string, Element[]> = {};
  for (const child of children) {
    const [element, typeAttribute] = CONTAINER_ELEMENTS[child.kind];
    (byElement[element] ??= []).push({ '@_Name': child.name, [typeAttribute]: child.type.name });
  }
  return byElement;
}
