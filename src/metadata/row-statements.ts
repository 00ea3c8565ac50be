/**
 * What Graph's service metadata states about the properties the pages document, where a page may be silent: whether a
 * property may be null (`Nullable`), and whether a client may write it at all (`Org.OData.Core.V1.Computed`,
 * `Org.OData.Core.V1.Permissions` = `Read`, or the entity type's key). Keyed by the `file:line` of the doc row, which
 * every schema carries (`x-source`) and every probe knows: the stages after this one look a row up without knowing
 * which CSDL type it belongs to, and the answers are plain data that a cached DocSet holds.
 *
 * A resource page's rows are its resource type's properties; a request body's rows are the properties of the type the
 * body represents (its link, else the type its POST/PATCH/PUT path addresses), or the parameters of the action the
 * path calls. A row the metadata does not declare gets no statement: the page alone decides it.
 */
import { formatLocation } from '../core/finding.ts';
import type { Page, PropertyRow } from '../docs/model.ts';
import type { CsdlParameter, CsdlStructuredType } from './csdl.ts';
import type { MetadataIndex } from './metadata-index.ts';
import type { MetadataSet } from './metadata-set.ts';
import { resolvePath } from './resolve-path.ts';

/** Why the metadata says a client may not write a property. */
export type MetadataReadOnly = 'computed' | 'read-only' | 'key';

export interface MetadataStatement {
  /** `Nullable` as the CSDL declares it (absent means true). */
  readonly nullable: boolean;
  /** Set only where the metadata says a client may not write it. */
  readonly readOnly?: MetadataReadOnly;
  /** The CSDL element that says so, `file:line`. */
  readonly declared: string;
}

/** By the doc row's `file:line`. */
export type RowStatements = Readonly<Record<string, MetadataStatement>>;

const WRITES = new Set(['POST', 'PATCH', 'PUT']);

export function rowStatements(pages: readonly Page[], metadata: MetadataSet): RowStatements {
  const statements: Record<string, MetadataStatement> = {};
  const state = (row: PropertyRow, statement: MetadataStatement | undefined): void => {
    if (statement) statements[formatLocation(row.location)] = statement;
  };
  for (const page of pages) {
    const index = metadata.csdl(page.version);
    if (!index) continue;
    const resource = page.resource ? index.structuredType(page.resource.name) : undefined;
    if (page.resource && resource)
      for (const row of page.resource.properties) state(row, propertyStatement(index, resource, row.name));
    const body = page.requestBody;
    if (!body) continue;
    const target = bodyTarget(page, index);
    for (const row of body.properties)
      state(row, target?.kind === 'type' ? propertyStatement(index, target.type, row.name) : parameter(target, row));
  }
  return statements;
}

type BodyTarget =
  | { readonly kind: 'type'; readonly type: CsdlStructuredType }
  | { readonly kind: 'parameters'; readonly parameters: readonly CsdlParameter[]; readonly declared: string };

/** What a request body's rows are: the properties of a type, or the parameters of the action the page's path calls. */
function bodyTarget(page: Page, index: MetadataIndex): BodyTarget | undefined {
  const linked = page.requestBody?.resource ? index.structuredType(page.requestBody.resource.name) : undefined;
  if (linked) return { kind: 'type', type: linked };
  for (const template of page.httpRequests) {
    if (!WRITES.has(template.method)) continue;
    const resolution = resolvePath(index, template.segments);
    if (!resolution.ok) continue;
    const [operation] = resolution.operations;
    if (operation?.kind === 'action')
      return {
        kind: 'parameters',
        parameters: operation.bound ? operation.parameters.slice(1) : operation.parameters,
        declared: formatLocation(operation.location),
      };
    if (!operation && resolution.type) return { kind: 'type', type: resolution.type };
  }
  return undefined;
}

function propertyStatement(
  index: MetadataIndex,
  type: CsdlStructuredType,
  name: string,
): MetadataStatement | undefined {
  const member = index.member(type, name);
  // Only the name as the metadata spells it: a case-folded match is a finding of lint's, not a statement.
  if (member?.kind !== 'property' || member.property.name !== name) return undefined;
  const { property } = member;
  const readOnly: MetadataReadOnly | undefined = property.computed
    ? 'computed'
    : property.readOnly
      ? 'read-only'
      : type.kind === 'entity' && index.key(type).includes(name)
        ? 'key'
        : undefined;
  return {
    nullable: property.nullable,
    ...(readOnly === undefined ? {} : { readOnly }),
    declared: formatLocation(property.location),
  };
}

function parameter(target: BodyTarget | undefined, row: PropertyRow): MetadataStatement | undefined {
  if (target?.kind !== 'parameters') return undefined;
  // Graph binds parameters in any letter case (sendMail's `Message`).
  const declared = target.parameters.find((p) => p.name.toLowerCase() === row.name.toLowerCase());
  return declared === undefined ? undefined : { nullable: declared.nullable, declared: target.declared };
}
