/**
 * A CSDL model indexed by name, built once per model: every check asks it by name, never by scanning. Graph's URLs
 * and its docs spell names in any letter case (`/me/calendargroups`, `[IdentitySet](…)`), so every lookup falls back
 * to a case-insensitive match after the exact one.
 */
import type {
  CsdlContainerChild,
  CsdlEnumType,
  CsdlModel,
  CsdlNavigationProperty,
  CsdlOperation,
  CsdlProperty,
  CsdlStructuredType,
  CsdlType,
} from './csdl.ts';

/** A property or navigation property of a type, found on the type itself or on one of its base types. */
export type Member =
  | { readonly kind: 'property'; readonly property: CsdlProperty; readonly declaredOn: CsdlStructuredType }
  | { readonly kind: 'navigation'; readonly property: CsdlNavigationProperty; readonly declaredOn: CsdlStructuredType };

/** Base-type chains longer than this are cycles (a broken document), not inheritance. */
const MAX_DEPTH = 64;

export class MetadataIndex {
  private readonly types = new NameMap<CsdlType>();
  private readonly roots = new NameMap<CsdlContainerChild>();
  /** Operations by their short name (`getSchedule`), every overload. */
  private readonly operationsByName = new Map<string, CsdlOperation[]>();
  private readonly members = new Map<CsdlStructuredType, Map<string, Member>>();

  constructor(readonly model: CsdlModel) {
    for (const type of model.types) this.types.set(type.name, type);
    for (const child of model.container) this.roots.set(child.name, child);
    for (const operation of model.operations) {
      const short = shortName(operation.name).toLowerCase();
      const list = this.operationsByName.get(short) ?? [];
      list.push(operation);
      this.operationsByName.set(short, list);
    }
  }

  type(name: string): CsdlType | undefined {
    return this.types.get(name);
  }

  structuredType(name: string): CsdlStructuredType | undefined {
    const type = this.types.get(name);
    return type && type.kind !== 'enum' ? type : undefined;
  }

  enumType(name: string): CsdlEnumType | undefined {
    const type = this.types.get(name);
    return type?.kind === 'enum' ? type : undefined;
  }

  /** An entity set, singleton or operation import: the first segment of a request path. */
  root(name: string): CsdlContainerChild | undefined {
    return this.roots.get(name);
  }

  /** The type and its base types, nearest first. */
  lineage(type: CsdlStructuredType): CsdlStructuredType[] {
    const chain: CsdlStructuredType[] = [type];
    for (let current = type; current.baseType !== undefined && chain.length < MAX_DEPTH;) {
      const base = this.structuredType(current.baseType);
      if (!base || chain.includes(base)) break;
      chain.push(base);
      current = base;
    }
    return chain;
  }

  /** Whether `type` is `ancestor` or derives from it. */
  derivesFrom(type: CsdlStructuredType, ancestor: CsdlStructuredType): boolean {
    return this.lineage(type).includes(ancestor);
  }

  /** The key of an entity type, declared on it or inherited. */
  key(type: CsdlStructuredType): readonly string[] {
    return this.lineage(type).find((t) => t.key.length > 0)?.key ?? [];
  }

  /** Every property and navigation property of a type, its own and inherited, by name (the nearest declaration wins). */
  allMembers(type: CsdlStructuredType): ReadonlyMap<string, Member> {
    let members = this.members.get(type);
    if (members) return members;
    members = new Map();
    for (const declaredOn of this.lineage(type)) {
      for (const property of declaredOn.properties)
        if (!members.has(property.name)) members.set(property.name, { kind: 'property', property, declaredOn });
      for (const property of declaredOn.navigationProperties)
        if (!members.has(property.name)) members.set(property.name, { kind: 'navigation', property, declaredOn });
    }
    this.members.set(type, members);
    return members;
  }

  /** A member by name: exact, else in any letter case. */
  member(type: CsdlStructuredType, name: string): Member | undefined {
    const members = this.allMembers(type);
    const exact = members.get(name);
    if (exact) return exact;
    const lower = name.toLowerCase();
    for (const [memberName, member] of members) if (memberName.toLowerCase() === lower) return member;
    return undefined;
  }

  /**
   * The operations named `name` (short or qualified, any case) that can be called on a value of `type`: bound to it
   * or to one of its base types, as a collection or not.
   */
  boundOperations(name: string, type: CsdlStructuredType, collection: boolean): CsdlOperation[] {
    const candidates = this.operationsByName.get(shortName(name).toLowerCase()) ?? [];
    const lineage = this.lineage(type).map((t) => t.name.toLowerCase());
    return candidates.filter((operation) => {
      const binding = operation.parameters[0];
      return (
        operation.bound &&
        binding !== undefined &&
        binding.type.collection === collection &&
        lineage.includes(binding.type.name.toLowerCase())
      );
    });
  }

  /** The operations an import names (unbound: called at the root). */
  importedOperations(child: CsdlContainerChild): CsdlOperation[] {
    return (this.operationsByName.get(shortName(child.type.name).toLowerCase()) ?? []).filter((o) => !o.bound);
  }
}

/** `microsoft.graph.security.alert` → `alert`. */
export function shortName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** A map by name that answers an exact match first, else a match in any letter case. */
class NameMap<T> {
  private readonly exact = new Map<string, T>();
  private readonly folded = new Map<string, T>();

  set(name: string, value: T): void {
    if (!this.exact.has(name)) this.exact.set(name, value);
    const lower = name.toLowerCase();
    if (!this.folded.has(lower)) this.folded.set(lower, value);
  }

  get(name: string): T | undefined {
    return this.exact.get(name) ?? this.folded.get(name.toLowerCase());
  }
}
