/**
 * Graph's service metadata (OData CSDL), as data: the types, the container and the operations it declares, each with
 * the `file:line` of its element, so that a finding can point at the CSDL as well as at the doc. Names are fully
 * qualified and aliases resolved (`graph.entity` → `microsoft.graph.entity`); primitive types keep their `Edm.` name.
 *
 * Plain objects and arrays only: a model is cached on disk with `v8.serialize` and shared by every stage.
 */
import type { Location } from '../core/finding.ts';
import type { GraphVersion } from '../core/http.ts';

/** A property's, parameter's or return type: `Edm.Int32`, `microsoft.graph.identitySet`, `Collection(...)`. */
export interface TypeRef {
  /** Fully qualified; `Edm.*` for primitives. */
  readonly name: string;
  readonly collection: boolean;
}

export interface CsdlProperty {
  readonly name: string;
  readonly type: TypeRef;
  /** `Nullable` as the CSDL states it (absent means true). */
  readonly nullable: boolean;
  /** `Org.OData.Core.V1.Computed`: the service sets it; a client may not. */
  readonly computed: boolean;
  /** `Org.OData.Core.V1.Permissions` is `Read`: the property cannot be written. */
  readonly readOnly: boolean;
  readonly location: Location;
}

export interface CsdlNavigationProperty {
  readonly name: string;
  readonly type: TypeRef;
  readonly nullable: boolean;
  /** `ContainsTarget="true"`: the related entities are addressed through this property only. */
  readonly containsTarget: boolean;
  readonly location: Location;
}

export interface CsdlStructuredType {
  readonly kind: 'entity' | 'complex';
  readonly name: string;
  readonly baseType?: string;
  readonly abstract: boolean;
  readonly openType: boolean;
  readonly hasStream: boolean;
  /** The key's property names (entity types that declare a `<Key>`; derived types inherit their base's). */
  readonly key: readonly string[];
  readonly properties: readonly CsdlProperty[];
  readonly navigationProperties: readonly CsdlNavigationProperty[];
  readonly location: Location;
}

export interface CsdlEnumMember {
  readonly name: string;
  readonly value?: number;
}

export interface CsdlEnumType {
  readonly kind: 'enum';
  readonly name: string;
  /** `IsFlags="true"`: a value may combine several members, comma-separated. */
  readonly flags: boolean;
  readonly members: readonly CsdlEnumMember[];
  readonly location: Location;
}

export type CsdlType = CsdlStructuredType | CsdlEnumType;

export interface CsdlParameter {
  readonly name: string;
  readonly type: TypeRef;
  readonly nullable: boolean;
  /** `Org.OData.Core.V1.OptionalParameter`: a caller may leave it out. */
  readonly optional: boolean;
}

export interface CsdlOperation {
  readonly kind: 'action' | 'function';
  readonly name: string;
  /** `IsBound="true"`: the first parameter is the binding parameter (the resource the operation is called on). */
  readonly bound: boolean;
  /** Every parameter as declared, the binding parameter first when bound. */
  readonly parameters: readonly CsdlParameter[];
  readonly returnType?: TypeRef;
  readonly location: Location;
}

/** An entity set, singleton or operation import of the entity container: where every request path starts. */
export interface CsdlContainerChild {
  readonly kind: 'entitySet' | 'singleton' | 'actionImport' | 'functionImport';
  readonly name: string;
  /** Entity sets: the collection of their entity type; singletons: the type; imports: the imported operation's name. */
  readonly type: TypeRef;
  readonly location: Location;
}

export interface CsdlModel {
  /** Where the CSDL came from (a file as given, or a URL). */
  readonly source: string;
  /** The Graph version it describes, when known (from its name or the option that named it). */
  readonly version?: GraphVersion;
  readonly namespaces: readonly string[];
  readonly types: readonly CsdlType[];
  readonly operations: readonly CsdlOperation[];
  readonly container: readonly CsdlContainerChild[];
}
