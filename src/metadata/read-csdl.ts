/**
 * CSDL XML → `CsdlModel`. Pure: text in, model or a located error out. Reads every `<Schema>` of the document
 * (Graph's has `microsoft.graph` aliased `graph`, plus sub-namespaces such as `microsoft.graph.security`), resolves
 * aliases in every type reference, and applies the annotations that matter to a conformance check, whether written
 * inline or in an `<Annotations Target="…">` block: `Core.Computed`, `Core.Permissions` (Read), `Core.OptionalParameter`.
 */
import type { Location } from '../core/finding.ts';
import type { GraphVersion } from '../core/http.ts';
import type {
  CsdlContainerChild,
  CsdlEnumType,
  CsdlModel,
  CsdlNavigationProperty,
  CsdlOperation,
  CsdlParameter,
  CsdlProperty,
  CsdlStructuredType,
  CsdlType,
  TypeRef,
} from './csdl.ts';
import { attribute, children, readXml, texts, type XmlElement } from './xml.ts';

export type CsdlReading =
  | { readonly ok: true; readonly model: CsdlModel }
  | { readonly ok: false; readonly error: string; readonly location: Location };

const COMPUTED = 'Org.OData.Core.V1.Computed';
const PERMISSIONS = 'Org.OData.Core.V1.Permissions';
const OPTIONAL_PARAMETER = 'Org.OData.Core.V1.OptionalParameter';

/** What the annotations say about a property or parameter, by target. */
interface Annotated {
  computed?: boolean;
  readOnly?: boolean;
  optional?: boolean;
}

export function readCsdl(source: string, text: string, version?: GraphVersion): CsdlReading {
  const xml = readXml(source, text);
  if (!xml.ok) return xml;
  const edmx = children(xml.root, 'Edmx')[0];
  const schemas = children(children(edmx, 'DataServices')[0], 'Schema');
  if (!edmx || schemas.length === 0) {
    return {
      ok: false,
      error: 'not OData CSDL: expected <edmx:Edmx> with <edmx:DataServices> and at least one <Schema>',
      location: { file: source, line: 1 },
    };
  }
  const aliases = new Map<string, string>();
  const namespaces: string[] = [];
  for (const schema of schemas) {
    const namespace = attribute(schema, 'Namespace');
    if (namespace === undefined) continue;
    namespaces.push(namespace);
    const alias = attribute(schema, 'Alias');
    if (alias !== undefined) aliases.set(alias, namespace);
  }
  const qualify = (name: string): string => {
    const dot = name.lastIndexOf('.');
    if (dot < 0) return name;
    const prefix = name.slice(0, dot);
    const namespace = aliases.get(prefix);
    return namespace === undefined ? name : `${namespace}${name.slice(dot)}`;
  };
  const typeRef = (written: string): TypeRef => {
    const inner = /^Collection\((.+)\)$/.exec(written.trim());
    return { name: qualify((inner?.[1] ?? written).trim()), collection: inner !== null };
  };

  const annotated = readAnnotationTargets(schemas, qualify);
  const types: CsdlType[] = [];
  const operations: CsdlOperation[] = [];
  const container: CsdlContainerChild[] = [];
  for (const schema of schemas) {
    const namespace = attribute(schema, 'Namespace');
    if (namespace === undefined) continue;
    for (const element of children(schema, 'EntityType'))
      types.push(structured('entity', element, namespace, typeRef, qualify, annotated, xml.locate));
    for (const element of children(schema, 'ComplexType'))
      types.push(structured('complex', element, namespace, typeRef, qualify, annotated, xml.locate));
    for (const element of children(schema, 'EnumType')) types.push(enumType(element, namespace, xml.locate));
    for (const element of children(schema, 'Action'))
      operations.push(operation('action', element, namespace, typeRef, annotated, xml.locate));
    for (const element of children(schema, 'Function'))
      operations.push(operation('function', element, namespace, typeRef, annotated, xml.locate));
    for (const element of children(schema, 'EntityContainer'))
      container.push(...containerChildren(element, typeRef, qualify, xml.locate));
  }
  return {
    ok: true,
    model: { source, ...(version ? { version } : {}), namespaces, types, operations, container },
  };
}

function structured(
  kind: 'entity' | 'complex',
  element: XmlElement,
  namespace: string,
  typeRef: (written: string) => TypeRef,
  qualify: (name: string) => string,
  annotated: ReadonlyMap<string, Annotated>,
  locate: (element: XmlElement) => Location,
): CsdlStructuredType {
  const name = `${namespace}.${attribute(element, 'Name') ?? ''}`;
  const baseType = attribute(element, 'BaseType');
  const key = children(children(element, 'Key')[0], 'PropertyRef').flatMap((ref) => {
    const keyName = attribute(ref, 'Name');
    return keyName === undefined ? [] : [keyName];
  });
  const properties = children(element, 'Property').map((property): CsdlProperty => {
    const propertyName = attribute(property, 'Name') ?? '';
    const inline = inlineAnnotations(property);
    const targeted = annotated.get(`${name}/${propertyName}`) ?? {};
    return {
      name: propertyName,
      type: typeRef(attribute(property, 'Type') ?? 'Edm.Untyped'),
      nullable: attribute(property, 'Nullable') !== 'false',
      computed: inline.computed ?? targeted.computed ?? false,
      readOnly: inline.readOnly ?? targeted.readOnly ?? false,
      location: locate(property),
    };
  });
  const navigationProperties = children(element, 'NavigationProperty').map((navigation): CsdlNavigationProperty => ({
    name: attribute(navigation, 'Name') ?? '',
    type: typeRef(attribute(navigation, 'Type') ?? ''),
    nullable: attribute(navigation, 'Nullable') !== 'false',
    containsTarget: attribute(navigation, 'ContainsTarget') === 'true',
    location: locate(navigation),
  }));
  return {
    kind,
    name,
    ...(baseType !== undefined ? { baseType: qualify(baseType) } : {}),
    abstract: attribute(element, 'Abstract') === 'true',
    openType: attribute(element, 'OpenType') === 'true',
    hasStream: attribute(element, 'HasStream') === 'true',
    key,
    properties,
    navigationProperties,
    location: locate(element),
  };
}

function enumType(element: XmlElement, namespace: string, locate: (element: XmlElement) => Location): CsdlEnumType {
  return {
    kind: 'enum',
    name: `${namespace}.${attribute(element, 'Name') ?? ''}`,
    flags: attribute(element, 'IsFlags') === 'true',
    members: children(element, 'Member').map((member) => {
      const value = Number(attribute(member, 'Value'));
      return { name: attribute(member, 'Name') ?? '', ...(Number.isFinite(value) ? { value } : {}) };
    }),
    location: locate(element),
  };
}

function operation(
  kind: 'action' | 'function',
  element: XmlElement,
  namespace: string,
  typeRef: (written: string) => TypeRef,
  annotated: ReadonlyMap<string, Annotated>,
  locate: (element: XmlElement) => Location,
): CsdlOperation {
  const name = `${namespace}.${attribute(element, 'Name') ?? ''}`;
  const parameters = children(element, 'Parameter').map((parameter): CsdlParameter => {
    const parameterName = attribute(parameter, 'Name') ?? '';
    const inline = inlineAnnotations(parameter);
    return {
      name: parameterName,
      type: typeRef(attribute(parameter, 'Type') ?? 'Edm.Untyped'),
      nullable: attribute(parameter, 'Nullable') !== 'false',
      optional: inline.optional ?? annotated.get(`${name}/${parameterName}`)?.optional ?? false,
    };
  });
  const returns = children(element, 'ReturnType')[0];
  const returnType = returns ? attribute(returns, 'Type') : undefined;
  return {
    kind,
    name,
    bound: attribute(element, 'IsBound') === 'true',
    parameters,
    ...(returnType !== undefined ? { returnType: typeRef(returnType) } : {}),
    location: locate(element),
  };
}

function containerChildren(
  element: XmlElement,
  typeRef: (written: string) => TypeRef,
  qualify: (name: string) => string,
  locate: (element: XmlElement) => Location,
): CsdlContainerChild[] {
  const child = (kind: CsdlContainerChild['kind'], e: XmlElement, type: TypeRef): CsdlContainerChild => ({
    kind,
    name: attribute(e, 'Name') ?? '',
    type,
    location: locate(e),
  });
  return [
    ...children(element, 'EntitySet').map((e) =>
      child('entitySet', e, { name: qualify(attribute(e, 'EntityType') ?? ''), collection: true }),
    ),
    ...children(element, 'Singleton').map((e) => child('singleton', e, typeRef(attribute(e, 'Type') ?? ''))),
    ...children(element, 'ActionImport').map((e) =>
      child('actionImport', e, { name: qualify(attribute(e, 'Action') ?? ''), collection: false }),
    ),
    ...children(element, 'FunctionImport').map((e) =>
      child('functionImport', e, { name: qualify(attribute(e, 'Function') ?? ''), collection: false }),
    ),
  ];
}

function inlineAnnotations(element: XmlElement): Annotated {
  return annotationsOf(children(element, 'Annotation'));
}

function annotationsOf(annotations: readonly XmlElement[]): Annotated {
  const result: Annotated = {};
  for (const annotation of annotations) {
    const term = attribute(annotation, 'Term');
    if (term === COMPUTED) result.computed = attribute(annotation, 'Bool') !== 'false';
    else if (term === OPTIONAL_PARAMETER) result.optional = true;
    else if (term === PERMISSIONS) {
      const written = [attribute(annotation, 'EnumMember') ?? '', ...texts(annotation, 'EnumMember')].join(' ');
      result.readOnly = /Permission\/Read\b/.test(written) && !/ReadWrite|Permission\/Write/.test(written);
    }
  }
  return result;
}

/**
 * `<Annotations Target="microsoft.graph.user/aboutMe">` blocks, keyed by their target with the namespace resolved
 * (`graph.user/aboutMe` → `microsoft.graph.user/aboutMe`). Operation parameters are targeted with the operation's
 * signature (`ns.op(ns.type, Edm.String)/name`); the signature is dropped, so overloads share their annotations.
 */
function readAnnotationTargets(
  schemas: readonly XmlElement[],
  qualify: (name: string) => string,
): Map<string, Annotated> {
  const targets = new Map<string, Annotated>();
  for (const schema of schemas) {
    for (const block of children(schema, 'Annotations')) {
      const target = attribute(block, 'Target');
      if (target === undefined) continue;
      const [path = '', member] = target.replace(/\([^()]*\)/, '').split('/');
      const key = member === undefined ? qualify(path) : `${qualify(path)}/${member}`;
      const found = annotationsOf(children(block, 'Annotation'));
      if (Object.keys(found).length > 0) targets.set(key, { ...targets.get(key), ...found });
    }
  }
  return targets;
}
