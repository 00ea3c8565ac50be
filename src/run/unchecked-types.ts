/**
 * Where an answer holds a value the page set cannot type: a property whose type no page of the doc set documents (the
 * schema builder's `unresolved-type` finding), found at any depth by following the answer through the documented
 * types. Such a value is checked for its JSON kind only, so the test names the finding instead of passing silently.
 * Pure: the registry's schemas and findings, a type and an answer in; the places out.
 */
import type { Finding } from '../core/finding.ts';
import type { GraphVersion } from '../core/http.ts';
import { isJsonObject, pointerToken, pointerTokens } from '../core/json.ts';
import { resourceSchemaId, type DocSchema } from '../schema/build-schemas.ts';
import type { SchemaRegistry } from '../schema/registry.ts';

export interface UncheckedValue {
  /** JSON pointer into the answer. */
  readonly pointer: string;
  /** The builder's finding: the table row and the type it names. */
  readonly finding: Finding;
}

const UNRESOLVED = /^property "([^"]+)" is of type \S+, whose properties are not documented/;
const MAX_DEPTH = 32;

/** `file` → property → finding, per registry: a row is on the page of the type that declares it. Asked per test. */
const unresolvedOf = new WeakMap<SchemaRegistry, ReadonlyMap<string, ReadonlyMap<string, Finding>>>();

function unresolvedRows(registry: SchemaRegistry): ReadonlyMap<string, ReadonlyMap<string, Finding>> {
  const known = unresolvedOf.get(registry);
  if (known) return known;
  const unresolved = new Map<string, Map<string, Finding>>();
  for (const f of registry.findings) {
    const name = f.rule === 'unresolved-type' ? UNRESOLVED.exec(f.message)?.[1] : undefined;
    if (name === undefined) continue;
    const rows = unresolved.get(f.location.file) ?? new Map<string, Finding>();
    rows.set(name, f);
    unresolved.set(f.location.file, rows);
  }
  unresolvedOf.set(registry, unresolved);
  return unresolved;
}

export function uncheckedValues(
  registry: SchemaRegistry,
  typeName: string,
  version: GraphVersion | undefined,
  answer: unknown,
): UncheckedValue[] {
  const byId: SchemaRegistry['schemaById'] = (id) => registry.schemaById(id);
  const unresolved = unresolvedRows(registry);
  const found: UncheckedValue[] = [];
  const root = byId(resourceSchemaId(typeName.replace(/^#/, ''), version));
  if (root === undefined) return found;

  const visit = (schema: DocSchema, value: unknown, pointer: string, depth: number): void => {
    if (depth > MAX_DEPTH || !isJsonObject(value)) return;
    const chain = withBases(schema, byId);
    for (const [name, member] of Object.entries(value)) {
      if (member === null || name.includes('@')) continue;
      const at = `${pointer}/${pointerToken(name)}`;
      const finding = chain.map((s) => unresolved.get(s.source.file)?.get(name)).find((f) => f !== undefined);
      if (finding !== undefined) {
        found.push({ pointer: at, finding });
        continue;
      }
      const target = chain.map((s) => refOf(propertySchema(s, name))).find((id) => id !== undefined);
      const next = target === undefined ? undefined : byId(target);
      if (next === undefined) continue;
      const items: unknown[] = Array.isArray(member) ? (member as unknown[]) : [member];
      items.forEach((item, index) => {
        visit(next, item, Array.isArray(member) ? `${at}/${String(index)}` : at, depth + 1);
      });
    }
  };
  visit(root, answer, '', 0);
  return found;
}

/**
 * The string format (`date-time`, `uuid`, …) the doc set's tables give the value at `pointer` of an answer of
 * `typeName`, following the answer through the documented types (a derived type where the value names its
 * `@odata.type`, base types, collections); undefined where no page types that place (an undocumented or open type, a
 * String). What a page states about a place, asked apart from any check of it: the mutation bench counts a malformed
 * value only where the doc set makes its test able to see it.
 */
export function statedFormat(
  registry: SchemaRegistry,
  typeName: string,
  version: GraphVersion | undefined,
  answer: unknown,
  pointer: string,
): string | undefined {
  const byId: SchemaRegistry['schemaById'] = (id) => registry.schemaById(id);
  const tokens = pointerTokens(pointer);
  let schema = byId(resourceSchemaId(typeName.replace(/^#/, ''), version));
  let value = answer;
  for (let i = 0; i < tokens.length && schema !== undefined && i <= MAX_DEPTH; i++) {
    const name = tokens[i] ?? '';
    const own = isJsonObject(value) && typeof value['@odata.type'] === 'string' ? value['@odata.type'] : undefined;
    const derived = own === undefined ? undefined : byId(resourceSchemaId(own.replace(/^#/, ''), version));
    const chain = withBases(derived ?? schema, byId);
    const property = chain.map((s) => propertySchema(s, name)).find((p) => p !== undefined);
    if (property === undefined) return undefined;
    value = isJsonObject(value) ? value[name] : undefined;
    // Through a collection to the item the pointer names.
    if (Array.isArray(value) && i + 1 < tokens.length && /^\d+$/.test(tokens[i + 1] ?? '')) {
      value = (value as unknown[])[Number(tokens[i + 1])];
      i++;
    }
    if (i === tokens.length - 1) return formatOf(property);
    const ref = refOf(property);
    schema = ref === undefined ? undefined : byId(ref);
  }
  return undefined;
}

/** The `format` a property schema gives its strings, through `items`, `anyOf` and `oneOf`. */
function formatOf(schema: unknown, depth = 0): string | undefined {
  if (!isJsonObject(schema) || depth > 4) return undefined;
  if (typeof schema.format === 'string') return schema.format;
  for (const key of ['items', 'anyOf', 'oneOf']) {
    const inner = schema[key];
    for (const s of Array.isArray(inner) ? (inner as unknown[]) : [inner]) {
      const format = formatOf(s, depth + 1);
      if (format !== undefined) return format;
    }
  }
  return undefined;
}

/** The type and its base types (`allOf`), nearest first. */
function withBases(schema: DocSchema, byId: SchemaRegistry['schemaById']): DocSchema[] {
  const chain = [schema];
  let current: DocSchema | undefined = schema;
  while (current !== undefined && chain.length <= MAX_DEPTH) {
    const allOf: unknown = (current.schema as { allOf?: unknown }).allOf;
    const base: string | undefined = Array.isArray(allOf) ? refOf(allOf[0]) : undefined;
    current = base === undefined ? undefined : byId(base);
    if (current !== undefined) chain.push(current);
  }
  return chain;
}

function propertySchema(schema: DocSchema, name: string): unknown {
  const properties = (schema.schema as { properties?: unknown }).properties;
  return isJsonObject(properties) && Object.hasOwn(properties, name) ? properties[name] : undefined;
}

/** The `$ref` a property schema names, through `items`, `anyOf` and `oneOf`. */
function refOf(schema: unknown, depth = 0): string | undefined {
  if (!isJsonObject(schema) || depth > 4) return undefined;
  if (typeof schema.$ref === 'string') return schema.$ref;
  for (const key of ['items', 'anyOf', 'oneOf', 'allOf']) {
    const inner = schema[key];
    for (const s of Array.isArray(inner) ? (inner as unknown[]) : [inner]) {
      const ref = refOf(s, depth + 1);
      if (ref !== undefined) return ref;
    }
  }
  return undefined;
}
