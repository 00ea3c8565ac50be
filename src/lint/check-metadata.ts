/**
 * The docs against Graph's own metadata (CSDL), in both directions. Each finding is located at the doc's `file:line`
 * and names the CSDL element it was compared with (`v1.0_metadata.xml:2472`):
 * - a resource page's type the metadata does not declare; a documented property it lacks; a property it declares
 *   that the page does not document (the type's own ones: inherited ones are their base page's to document);
 * - a property's type: Edm type, collection or not, enum documented as a string, named type; a navigation property
 *   documented as a structural one, or the reverse;
 * - enum members documented and declared;
 * - a documented request path no entity set, singleton, navigation property or bound operation reaches;
 * - an action's or function's parameters as documented and declared;
 * - a request-body property documented as required that the metadata makes nullable.
 * Pure: pages, the schema registry and the metadata in, findings out.
 */
import { formatLocation, type FindingRule, type Location } from '../core/finding.ts';
import type { EnumDefinition, Page, PropertyRow } from '../docs/model.ts';
import type { CsdlOperation, CsdlStructuredType, TypeRef } from '../metadata/csdl.ts';
import { shortName, type MetadataIndex, type Member } from '../metadata/metadata-index.ts';
import type { MetadataSet } from '../metadata/metadata-set.ts';
import { resolvePath } from '../metadata/resolve-path.ts';
import { requestBodySchemaId } from '../schema/build-schemas.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import { readTypeSpelling } from '../schema/type-map.ts';
import type { LintFinding } from './model.ts';

/** The sentinel every evolvable Graph enum ends with: a doc need not list it. */
const UNKNOWN_FUTURE_VALUE = 'unknownFutureValue';

/** Property names that are not properties: instance annotations (`@microsoft.graph.downloadUrl`), prose. */
const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkMetadata(pages: readonly Page[], metadata: MetadataSet, registry: SchemaRegistry): LintFinding[] {
  const findings: LintFinding[] = [];
  const report = (location: Location, rule: FindingRule, severity: LintFinding['severity'], message: string): void => {
    findings.push({ file: location.file, line: location.line, col: 1, rule, severity, message });
  };
  const documentedTypes = documentedMembers(pages);
  const required = requiredByPage(registry);
  for (const page of pages) {
    const index = metadata.csdl(page.version);
    if (!index) continue;
    if (page.resource) checkResource(page, index, documentedTypes, report);
    for (const definition of page.enums ?? []) checkEnum(definition, index, report);
    checkOperations(page, index, required, report);
  }
  return findings;
}

type Report = (location: Location, rule: FindingRule, severity: LintFinding['severity'], message: string) => void;

/** What the doc set documents of one type: several pages may (Intune's partial `user` page beside `user.md`). */
interface DocumentedType {
  /** Property and relationship names over all its pages. */
  readonly names: Set<string>;
  /** The page with the most rows: undocumented properties are reported there, once. */
  primary: Page;
}

function documentedMembers(pages: readonly Page[]): Map<string, DocumentedType> {
  const types = new Map<string, DocumentedType>();
  const rowsOf = (page: Page): number =>
    (page.resource?.properties.length ?? 0) + (page.resource?.relationships.length ?? 0);
  for (const page of pages) {
    const resource = page.resource;
    if (!resource) continue;
    const key = `${page.version ?? ''} ${resource.name.toLowerCase()}`;
    const entry = types.get(key) ?? { names: new Set<string>(), primary: page };
    for (const row of [...resource.properties, ...resource.relationships]) entry.names.add(row.name);
    if (rowsOf(page) > rowsOf(entry.primary)) entry.primary = page;
    types.set(key, entry);
  }
  return types;
}

/** `v1.0_metadata.xml:2472`, as the user named the file. */
function at(location: Location): string {
  return formatLocation(location);
}

function checkResource(
  page: Page,
  index: MetadataIndex,
  documentedTypes: ReadonlyMap<string, DocumentedType>,
  report: Report,
): void {
  const resource = page.resource;
  if (!resource) return;
  const type = index.structuredType(resource.name);
  if (!type) {
    // A name read from the page title is a guess at the type; only a name the page states is held against it.
    if (resource.nameSource !== 'title' && !index.enumType(resource.name))
      report(
        resource.location,
        'metadata-type-unknown',
        'warning',
        `the page documents ${resource.name}, which the metadata (${index.model.source}) does not declare`,
      );
    return;
  }
  const documentedType = documentedTypes.get(`${page.version ?? ''} ${resource.name.toLowerCase()}`);
  const documented = new Set(documentedType?.names);
  const rows = [
    ...resource.properties.map((row) => ({ row, navigation: false })),
    ...resource.relationships.map((row) => ({ row, navigation: true })),
  ];
  for (const { row, navigation } of rows) {
    if (!PROPERTY_NAME.test(row.name)) continue;
    const member = index.member(type, row.name);
    // Graph's properties are camelCase: a capitalised row the metadata has in no case describes something nested
    // (the JSON inside a string property, a parameter's fields), not a property of the type.
    if (!member && /^[A-Z]/.test(row.name)) continue;
    if (!member) {
      report(
        row.location,
        'metadata-property-unknown',
        'error',
        `"${row.name}" is documented on ${type.name}, which has no such property in the metadata (${at(type.location)})`,
      );
      continue;
    }
    if (member.property.name !== row.name) {
      documented.add(member.property.name);
      report(
        row.location,
        'metadata-property-unknown',
        'error',
        `"${row.name}" is documented on ${type.name}, but the metadata spells it "${member.property.name}" (${at(member.property.location)}); property names are case-sensitive`,
      );
      continue;
    }
    checkMemberType(row, navigation, member, page, index, report);
  }
  if (resource.openType || documentedType?.primary !== page) return;
  const own = [
    ...type.properties.map((property) => ({ property, navigation: false })),
    ...type.navigationProperties.map((property) => ({ property, navigation: true })),
  ];
  for (const { property, navigation } of own) {
    if (documented.has(property.name)) continue;
    report(
      resource.location,
      'metadata-property-undocumented',
      'warning',
      `the metadata declares ${navigation ? 'the navigation property' : 'the property'} "${property.name}" (${describeRef(property.type)}) on ${type.name} (${at(property.location)}), but the page does not document it`,
    );
  }
}

function checkMemberType(
  row: PropertyRow,
  navigation: boolean,
  member: Member,
  page: Page,
  index: MetadataIndex,
  report: Report,
): void {
  const csdl = member.property;
  if (navigation !== (member.kind === 'navigation')) {
    report(
      row.location,
      'metadata-navigation-mismatch',
      'warning',
      navigation
        ? `"${row.name}" is documented as a relationship, but the metadata declares it a structural property of type ${describeRef(csdl.type)} (${at(csdl.location)}): it comes inline, not through $expand`
        : `"${row.name}" is documented as a property, but the metadata declares it a navigation property to ${describeRef(csdl.type)} (${at(csdl.location)}): it is read through $expand or its own path, not inline`,
    );
    return;
  }
  const mismatch = typeMismatch(row, csdl.type, page.namespace, index);
  if (mismatch) report(row.location, mismatch.rule, mismatch.severity, `${mismatch.message} (${at(csdl.location)})`);
}

/** What differs between a documented type cell and a CSDL type, or undefined when they agree (or cannot be compared). */
function typeMismatch(
  row: PropertyRow,
  ref: TypeRef,
  namespace: string,
  index: MetadataIndex,
): { rule: FindingRule; severity: LintFinding['severity']; message: string } | undefined {
  const spelling = readTypeSpelling(row.type);
  if (spelling.kind === 'unknown') return undefined; // the schema build reports the spelling itself
  const documented = row.type.text.trim();
  const declared = describeRef(ref);
  const mismatch = (message: string) => ({
    rule: 'metadata-type-mismatch' as const,
    severity: 'error' as const,
    message,
  });
  if (spelling.collection !== ref.collection) {
    return mismatch(
      `"${row.name}" is documented as ${spelling.collection ? 'a collection' : 'a single value'} ("${documented}"), but the metadata declares ${declared}`,
    );
  }
  const target = ref.name.startsWith('Edm.') ? undefined : index.type(ref.name);
  if (spelling.kind === 'primitive') {
    if (spelling.edm === undefined) return undefined; // Json, number, url: no one Edm type to compare
    if (target?.kind === 'enum' && spelling.edm === 'Edm.String') {
      return {
        rule: 'metadata-enum-as-string',
        severity: 'warning',
        message: `"${row.name}" is documented as ${documented}, but the metadata declares the enum ${declared}: only its members are valid values`,
      };
    }
    if (target) return mismatch(`"${row.name}" is documented as ${documented}, but the metadata declares ${declared}`);
    if (spelling.edm !== ref.name && !equivalentEdm(spelling.edm, ref.name))
      return mismatch(`"${row.name}" is documented as ${documented}, but the metadata declares ${declared}`);
    return undefined;
  }
  // A named type: the one the metadata declares, or one of its base or derived types.
  if (!target && ref.name === 'Edm.String' && !index.type(spelling.name)) {
    return {
      rule: 'metadata-enum-as-string',
      severity: 'warning',
      message: `"${row.name}" is documented as ${documented}, a type the metadata does not declare; the metadata declares ${declared}, so the service does not restrict its values`,
    };
  }
  if (!target) return mismatch(`"${row.name}" is documented as ${documented}, but the metadata declares ${declared}`);
  const candidates = spelling.name.includes('.')
    ? [spelling.name]
    : [`${namespace}.${spelling.name}`, `microsoft.graph.${spelling.name}`];
  const named = candidates.map((c) => index.type(c)).find((t) => t !== undefined);
  if (named === undefined) {
    // The doc names a type the metadata does not have: compare short names only.
    if (shortName(spelling.name).toLowerCase() === shortName(ref.name).toLowerCase()) return undefined;
    return mismatch(`"${row.name}" is documented as ${documented}, but the metadata declares ${declared}`);
  }
  if (named === target) return undefined;
  if (
    named.kind !== 'enum' &&
    target.kind !== 'enum' &&
    (index.derivesFrom(named, target) || index.derivesFrom(target, named))
  )
    return undefined;
  return mismatch(
    `"${row.name}" is documented as ${documented} (${named.name}), but the metadata declares ${declared}`,
  );
}

/** Spellings that differ but name types a JSON payload cannot tell apart in practice. */
function equivalentEdm(documented: string, declared: string): boolean {
  return documented === 'Edm.Stream' && declared === 'Edm.Binary';
}

function checkEnum(definition: EnumDefinition, index: MetadataIndex, report: Report): void {
  const declared = index.enumType(definition.name);
  if (!declared) return;
  const names = new Set(declared.members.map((m) => m.name));
  const documented = new Set(definition.members.map((m) => m.name));
  const unknown: EnumDefinition['members'][number][] = [];
  for (const member of definition.members) {
    if (names.has(member.name)) continue;
    const other = declared.members.find((m) => m.name.toLowerCase() === member.name.toLowerCase());
    if (!other) {
      unknown.push(member);
      continue;
    }
    report(
      member.location,
      'metadata-enum-member-unknown',
      'error',
      `"${member.name}" is documented as a member of ${declared.name}, but the metadata spells it "${other.name}" (${at(declared.location)}); enum values are case-sensitive`,
    );
  }
  // A table far ahead of (or behind) the metadata differs in many members: one finding says so, not one per row.
  const [first] = unknown;
  if (first && unknown.length > 3)
    report(
      first.location,
      'metadata-enum-member-unknown',
      'error',
      `${unknown.length.toString()} members documented for ${declared.name} are not declared by the metadata (${at(declared.location)}): ${names10(unknown.map((m) => m.name))}`,
    );
  else
    for (const member of unknown)
      report(
        member.location,
        'metadata-enum-member-unknown',
        'error',
        `"${member.name}" is documented as a member of ${declared.name}, which the metadata does not declare (${at(declared.location)})`,
      );
  const folded = new Set([...documented].map((m) => m.toLowerCase()));
  const missing = declared.members
    .map((m) => m.name)
    .filter((m) => m !== UNKNOWN_FUTURE_VALUE && !folded.has(m.toLowerCase()));
  if (missing.length > 0)
    report(
      definition.location,
      'metadata-enum-member-undocumented',
      'warning',
      `the metadata declares ${names10(missing)} in ${declared.name} (${at(declared.location)}), but the doc does not list ${missing.length === 1 ? 'it' : 'them'}`,
    );
}

/** The request-body properties each page's table marks required, by schema `$id` (one pass over the registry). */
function requiredByPage(registry: SchemaRegistry): ReadonlyMap<string, readonly string[]> {
  const required = new Map<string, readonly string[]>();
  for (const schema of registry.schemas) {
    const names = schema.schema.required;
    if (schema.kind === 'request-body' && Array.isArray(names))
      required.set(
        schema.id,
        names.filter((n): n is string => typeof n === 'string'),
      );
  }
  return required;
}

function checkOperations(
  page: Page,
  index: MetadataIndex,
  required: ReadonlyMap<string, readonly string[]>,
  report: Report,
): void {
  const checked = new Set<CsdlOperation>();
  for (const template of page.httpRequests) {
    const resolution = resolvePath(index, template.segments);
    if (!resolution.ok) {
      report(
        template.location,
        'metadata-path-unreachable',
        'error',
        `${template.method} ${template.path}: at "${resolution.segment}", ${resolution.reason} (${index.model.source})`,
      );
      continue;
    }
    const [operation] = resolution.operations;
    if (operation && !resolution.operations.some((o) => checked.has(o))) {
      resolution.operations.forEach((o) => checked.add(o));
      checkParameters(page, template.location, template.segments, resolution.operations, report);
    } else if (!operation && (template.method === 'POST' || template.method === 'PATCH') && resolution.type) {
      checkRequiredNullable(page, resolution.type, index, required, report);
    }
  }
}

/**
 * An action's parameters are its request-body table; a function's are its parameters table and the arguments its
 * path shows. Overloads (`getEmailActivityUserDetail(date)` and `(period)`) are documented on one page, so what any
 * overload declares counts. Names compare in any letter case: Graph binds parameters so, and its CSDL capitalises
 * some (`sendMail`'s `Message`) that every doc and SDK writes in camelCase.
 */
function checkParameters(
  page: Page,
  where: Location,
  segments: Page['httpRequests'][number]['segments'],
  overloads: readonly CsdlOperation[],
  report: Report,
): void {
  const [operation] = overloads;
  if (!operation) return;
  const isAction = operation.kind === 'action';
  const rows = isAction ? (page.requestBody?.properties ?? []) : page.functionParameters;
  const last = segments[segments.length - 1];
  const inPath =
    last?.kind === 'literal'
      ? [...last.value.matchAll(/[(,]\s*([A-Za-z_]\w*)\s*=/g)].map((m) => m[1] ?? '').filter((n) => n !== '')
      : [];
  const documented = new Set([...rows.map((r) => r.name), ...inPath].map((n) => n.toLowerCase()));
  const declared = new Map<string, CsdlOperation['parameters'][number]>();
  for (const overload of overloads)
    for (const parameter of parametersOf(overload))
      if (!declared.has(parameter.name.toLowerCase())) declared.set(parameter.name.toLowerCase(), parameter);
  const declaredAt = overloads.map((o) => at(o.location)).join(', ');
  for (const row of rows) {
    if (!PROPERTY_NAME.test(row.name) || declared.has(row.name.toLowerCase())) continue;
    report(
      row.location,
      'metadata-parameter-unknown',
      'error',
      `"${row.name}" is documented as a parameter of ${operation.name}, which has no such parameter in the metadata (${declaredAt})`,
    );
  }
  const missing = [...declared.entries()].filter(([name]) => !documented.has(name)).map(([, p]) => p);
  if (missing.length === 0) return;
  const table = isAction ? page.requestBody?.location : page.functionParameters[0]?.location;
  report(
    table ?? where,
    'metadata-parameter-undocumented',
    'warning',
    `the metadata declares ${missing.map((p) => `"${p.name}" (${describeRef(p.type)}${p.nullable ? '' : ', not nullable'})`).join(', ')} for ${operation.name} (${declaredAt}), but the page does not document ${missing.length === 1 ? 'it' : 'them'}`,
  );
}

/** The parameters a caller passes: all but the binding parameter. */
function parametersOf(operation: CsdlOperation): CsdlOperation['parameters'] {
  return operation.bound ? operation.parameters.slice(1) : operation.parameters;
}

/**
 * A request-body property the doc says is required, that the metadata lets be null: either the doc overstates it or
 * the service accepts a body without it. Checked against the type the body represents (its link, else the type the
 * path addresses).
 */
function checkRequiredNullable(
  page: Page,
  addressed: CsdlStructuredType,
  index: MetadataIndex,
  requiredByPage: ReadonlyMap<string, readonly string[]>,
  report: Report,
): void {
  const body = page.requestBody;
  if (!body) return;
  const required = new Set(requiredByPage.get(requestBodySchemaId(page)));
  if (required.size === 0) return;
  const type = (body.resource ? index.structuredType(body.resource.name) : undefined) ?? addressed;
  for (const row of body.properties) {
    if (!required.has(row.name)) continue;
    const member = index.member(type, row.name);
    if (member?.kind !== 'property' || !member.property.nullable || member.property.name !== row.name) continue;
    report(
      row.location,
      'metadata-required-nullable',
      'warning',
      `"${row.name}" is documented as required, but the metadata declares it nullable on ${member.declaredOn.name} (${at(member.property.location)})`,
    );
  }
}

/** `"a", "b", "c"`, or the first ten and how many more. */
function names10(names: readonly string[]): string {
  const shown = names
    .slice(0, 10)
    .map((n) => `"${n}"`)
    .join(', ');
  return names.length > 10 ? `${shown} and ${(names.length - 10).toString()} more` : shown;
}

function describeRef(ref: TypeRef): string {
  return ref.collection ? `Collection(${ref.name})` : ref.name;
}
