/**
 * One Ajv2020 instance for a doc set: every schema handed to it by `$id` when first used, compiled then and cached by Ajv.
 * Compiling is the expensive part (hundreds of microseconds a schema), so nothing is compiled until a check needs it.
 *
 * Links between doc schemas (`$ref` to another type's `$id`) are not handed to Ajv as `$ref`s: Ajv compiles a `$ref`
 * chain recursively, and Graph's types reference each other in long cycles (a ring of ~240 schemas overflows Node's
 * default stack). Each link becomes a vendor keyword that looks its target up when a value reaches it, compiling the
 * target then. Compiling a schema never compiles another, so its depth is one whatever the graph; validating recurses
 * as deep as the data is nested, not as the type graph is. The same keyword dispatches on a payload's `@odata.type`
 * to the documented derived type (a `directoryObject` collection holding users is checked against `user`).
 *
 * A doc schema's rows are not compiled with it either. Its `properties` (and `additionalProperties: false`) go to Ajv
 * as one keyword that checks each property a payload holds against a validator of that row's rule alone, compiled on
 * first use and shared by every row that states the same rule (descriptions and sources aside: thousands of rows say
 * "string or null"). Ajv writes several hundred bytes of code a row; compiling whole types and request bodies made
 * 74 MB of it for a lint of the whole 2021 reference, whose examples show a few rows of most types.
 *
 * What is then left of a type's object schema (it is an object, its base types, its required members, its rows), and
 * the rules that only name a type (its `@odata.type`, a nullable T, a nullable collection of T), are not compiled at
 * all: `composed-schema.ts` makes those calls directly, with the errors Ajv would give. Ajv compiles the other rules
 * (Edm types, formats, enums), Graph's error body, and the enum types.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { AnySchemaObject } from 'ajv/dist/types/index.js';
import type { Page } from '../docs/model.ts';
import type { Finding } from '../core/finding.ts';
import type { GraphVersion } from '../core/http.ts';
import {
  buildSchemas,
  requestBodySchemaId,
  resourceSchemaId,
  typeOfSchemaId,
  type DocSchema,
} from './build-schemas.ts';
import {
  ENUM_KEYWORD,
  GRAPH_ERROR_SCHEMA,
  ODATA_TYPE_KEYWORD,
  jsonKinds,
  SOURCE_KEYWORD,
  type JsonSchema,
} from './json-schema.ts';
import { isJsonObject, pointerToken } from '../core/json.ts';
import {
  composable,
  composeObjectSchema,
  composeRule,
  type Compiled,
  type ObjectKeywords,
  type RuleKeywords,
} from './composed-schema.ts';

/** One broken rule, located in the data (JSON pointer) and, where the schema knows it, in the doc (`file:line`). */
export interface SchemaError {
  /** JSON pointer into the validated data; `''` is the whole document. */
  readonly pointer: string;
  /** The JSON Schema keyword that failed: `type`, `maximum`, `required`, `additionalProperties`, … */
  readonly keyword: string;
  readonly message: string;
  /** `file:line` of the doc row the failing rule was built from. */
  readonly source?: string;
}

export type Validator = (data: unknown) => readonly SchemaError[];

export interface SchemaRegistry {
  readonly schemas: readonly DocSchema[];
  /** Problems met while building schemas (unknown type spellings, types without documentation). */
  readonly findings: readonly Finding[];
  /** Closed check of a request body against the page's request-body table; undefined when there is none. */
  requestBodyValidator(page: Page): Validator | undefined;
  /** Open check of a payload against a documented resource type; undefined when the type is not documented. */
  resourceValidator(typeName: string, version?: GraphVersion): Validator | undefined;
  /** Check against Graph's error body. */
  errorValidator(): Validator;
  /** Check against any registered schema by `$id`. */
  validatorById(id: string): Validator | undefined;
  /** The schema with this `$id`. */
  schemaById(id: string): DocSchema | undefined;
  /** The resource schemas of a type name, in any letter case, in every version that documents it (in build order). */
  resourceSchemas(typeName: string): readonly DocSchema[];
  /**
   * Whether a documented type's property, its own or inherited, holds a collection (true) or one value (false), in
   * `version`, else unversioned; undefined where the docs do not document it.
   */
  propertyHoldsMany(typeName: string, property: string, version?: GraphVersion): boolean | undefined;
  /** Compiles every schema now (a whole-doc-set check, or a benchmark); each failure is named with its `$id`. */
  compileAll(): {
    readonly compiled: number;
    readonly failures: readonly { readonly id: string; readonly error: string }[];
  };
}

/** Links to doc schemas as the registry hands them to Ajv: polymorphic (a property's type) or exact (a base type). */
const TYPE_LINK = 'x-type-link';
const BASE_LINK = 'x-base-link';
/** A doc schema's rows as the registry hands them to Ajv (see `Rows`). */
const ROWS = 'x-rows';

/**
 * The value of `x-rows`: the root's `properties`, whether it is closed (`additionalProperties: false`), and its
 * source. It reads as the schema the rows come from, and the errors it raises about the object name it as their
 * `parentSchema` (`undocumentedMessage` looks for the row spelled in another letter case there).
 */
interface Rows {
  readonly properties: Readonly<Record<string, JsonSchema>>;
  readonly closed: boolean;
  readonly [SOURCE_KEYWORD]?: unknown;
}

/**
 * `checkSchemas: false` skips checking each added schema against the 2020-12 meta-schema: for the harness's own doc
 * schemas (see `createRegistry`).
 */
export function createAjv(options: { readonly checkSchemas?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    validateSchema: options.checkSchemas ?? true,
    strict: true,
    // `required` names rows of `x-rows`, where Ajv does not look; build-schemas requires only rows it wrote.
    strictRequired: false,
    allErrors: true,
    verbose: true, // errors carry their parentSchema, where the doc source of the failing rule is
    allowUnionTypes: true, // nullable Graph properties are `type: [T, "null"]`
    allowMatchingProperties: true, // `@odata.type` is pinned in `properties` and also matches the OData pattern
    // Ajv's name optimiser takes about half of compile time and buys no measurable validation speed (perf-anchors §2.1).
    code: { optimize: false },
    // Property names are data: a body without `constructor` lacks it, whatever Object.prototype has.
    ownProperties: true,
  });
  addFormats.default(ajv);
  // ajv-formats' int64 takes any integer; Edm.Int64's range, as far as a JS number can tell it (a reader that keeps
  // a literal beyond it beyond it, as the mock's does, gets it refused).
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 63 });
  ajv.addKeyword(SOURCE_KEYWORD);
  ajv.addKeyword(ENUM_KEYWORD);
  return ajv;
}

export function buildSchemaRegistry(pages: readonly Page[]): SchemaRegistry {
  const built = buildSchemas(pages);
  return createRegistry(built.schemas, built.findings);
}

export function createRegistry(schemas: readonly DocSchema[], findings: readonly Finding[] = []): SchemaRegistry {
  // The doc schemas are the harness's own output, not the user's: the unit tests hold what build-schemas writes to the
  // 2020-12 meta-schema (schema-build.test.ts, over every fixture page). Checking each schema again as it is compiled
  // cost about 200 µs a schema (1.3 s of a whole-reference lint), and only ever covered the schemas a process happened
  // to compile.
  const ajv = createAjv({ checkSchemas: false });
  const ids = new Set(schemas.map((s) => s.id));
  // Looked up per example on a whole docs tree: indexed once, never scanned.
  const byId = new Map(schemas.map((s) => [s.id, s]));
  const byTypeName = new Map<string, DocSchema[]>();
  for (const schema of schemas) {
    if (schema.kind !== 'resource' || schema.typeName === undefined) continue;
    const key = schema.typeName.toLowerCase();
    const list = byTypeName.get(key);
    if (list) list.push(schema);
    else byTypeName.set(key, [schema]);
  }
  const resourceSchemas = (typeName: string): readonly DocSchema[] => byTypeName.get(typeName.toLowerCase()) ?? [];
  const compiled = new Map<string, Compiled>();
  // Each doc schema is composed or handed to Ajv when it is first asked for, not before: adding one costs Ajv a walk
  // of it, and a worker of a whole-reference run uses a few hundred of its ~6,700. Nothing refers to a doc schema by
  // `$ref` (links are keywords, below), so Ajv never needs one it was not handed.
  const added = new Set<string>();
  const compile = (id: string): Compiled | undefined => {
    const cached = compiled.get(id);
    if (cached) return cached;
    const schema = added.has(id) ? undefined : byId.get(id);
    added.add(id);
    const linked = schema && (toLinks(schema.schema, ids, true) as JsonSchema);
    let fresh: Compiled | undefined;
    if (linked && composable(linked, keywords)) fresh = composeObjectSchema(linked, keywords);
    else {
      if (linked) ajv.addSchema(linked);
      fresh = ajv.getSchema(id);
    }
    if (fresh) compiled.set(id, fresh);
    return fresh;
  };
  const dispatch = derivedTypes(schemas);
  // The vendor keywords, as Ajv calls them in the schemas it compiles and as composed schemas and rules call them.
  const linkKeyword = linkValidator(compile, (id, data) => dispatch.get(id)?.get(odataTypeOf(data)) ?? id);
  const odataTypeKeyword = odataTypeValidator(schemas, dispatch);
  const ruleKeywords: RuleKeywords = {
    link: { name: TYPE_LINK, validate: linkKeyword },
    odataType: { name: ODATA_TYPE_KEYWORD, validate: odataTypeKeyword },
  };
  // A row's rule, less what does not judge a value (its description and source): composed or compiled once for every
  // row that states it. `x-rows` keeps each row's rule with the row once asked.
  const rules = new Map<string, Compiled>();
  const ruleOf = (row: JsonSchema): Compiled => {
    const schema = Object.fromEntries(Object.entries(row).filter(([keyword]) => !NOTES.has(keyword)));
    const key = JSON.stringify(schema);
    let rule = rules.get(key);
    if (!rule) rules.set(key, (rule = composeRule(schema, ruleKeywords) ?? ajv.compile(schema)));
    return rule;
  };
  const rowsKeyword = rowsValidator(ruleOf);
  const baseKeyword = linkValidator(compile, (id) => id);
  const keywords: ObjectKeywords<Rows> = {
    rows: { name: ROWS, validate: rowsKeyword },
    base: { name: BASE_LINK, validate: baseKeyword },
  };
  ajv.addKeyword({
    keyword: ROWS,
    type: 'object',
    schemaType: 'object',
    errors: true,
    validate: rowsKeyword,
  });
  ajv.addKeyword({
    keyword: TYPE_LINK,
    schemaType: 'string',
    errors: true,
    validate: linkKeyword,
  });
  ajv.addKeyword({
    keyword: ODATA_TYPE_KEYWORD,
    schemaType: 'string',
    errors: true,
    validate: odataTypeKeyword,
  });
  ajv.addKeyword({
    keyword: BASE_LINK,
    schemaType: 'string',
    errors: true,
    validate: baseKeyword,
  });
  ajv.addSchema(GRAPH_ERROR_SCHEMA);
  const validators = new Map<string, Validator>();

  function validatorById(id: string): Validator | undefined {
    const cached = validators.get(id);
    if (cached) return cached;
    const fresh = compile(id);
    if (!fresh) return undefined;
    const validator = toValidator(fresh);
    validators.set(id, validator);
    return validator;
  }

  // A payload naming a documented derived type (`"@odata.type": "#microsoft.graph.user"` where a directoryObject is
  // documented) is checked as that type, at the root as through links.
  const dispatching = new Map<string, Validator>();
  const polymorphic = (id: string): Validator | undefined => {
    const derived = dispatch.get(id);
    if (!derived) return validatorById(id);
    const cached = dispatching.get(id);
    if (cached) return cached;
    const validator: Validator = (data) => (validatorById(derived.get(odataTypeOf(data)) ?? id) ?? (() => []))(data);
    dispatching.set(id, validator);
    return validator;
  };
  const resourceValidator = (typeName: string, version?: GraphVersion): Validator | undefined => {
    const exact = resourceSchemaId(typeName, version);
    if (ids.has(exact)) return polymorphic(exact);
    // No version asked: the type in whatever version documents it.
    const schema = version ? undefined : resourceSchemas(typeName.replace(/^#/, ''))[0];
    return schema ? polymorphic(schema.id) : undefined;
  };
  return {
    schemas,
    findings,
    validatorById,
    schemaById: (id) => byId.get(id),
    resourceSchemas,
    requestBodyValidator: (page) => validatorById(requestBodySchemaId(page)),
    resourceValidator,
    propertyHoldsMany: (typeName, property, version) => {
      let schema = byId.get(resourceSchemaId(typeName, version)) ?? byId.get(resourceSchemaId(typeName, undefined));
      // Up the documented base types, as far as a chain of them can go.
      for (let depth = 0; schema !== undefined && depth < 32; depth++) {
        const rows = schema.schema.properties;
        const row = isJsonObject(rows) && Object.hasOwn(rows, property) ? rows[property] : undefined;
        if (isJsonObject(row)) return jsonKinds(row, (id) => byId.get(id)?.schema).has('array');
        schema = schema.shape?.base === undefined ? undefined : byId.get(schema.shape.base);
      }
      return undefined;
    },
    errorValidator: () => validatorById(GRAPH_ERROR_SCHEMA.$id as string) as Validator,
    compileAll: () => {
      const failures: { id: string; error: string }[] = [];
      for (const id of [GRAPH_ERROR_SCHEMA.$id as string, ...ids]) {
        try {
          const fresh = compile(id);
          if (!fresh) failures.push({ id, error: 'not registered' });
          // Its rows too: each is compiled when a payload first holds it, otherwise.
          const rows = (fresh?.schema as JsonSchema | undefined)?.[ROWS] as Rows | undefined;
          for (const row of Object.values(rows?.properties ?? {})) ruleOf(row);
        } catch (error) {
          failures.push({ id, error: error instanceof Error ? error.message : String(error) });
        }
      }
      return { compiled: compiled.size, failures };
    },
  };
}

/**
 * `{ "$ref": id }` of a doc schema → a link keyword; a root `allOf` entry (the base type) links exactly; a root's
 * `properties` and `additionalProperties: false` → `x-rows`.
 */
function toLinks(value: unknown, ids: ReadonlySet<string>, root: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => toLinks(item, ids, false));
  if (typeof value !== 'object' || value === null) return value;
  const rows = root && isJsonObject(value) && isJsonObject(value.properties) ? value : undefined;
  const out: Record<string, unknown> = {};
  for (const [keyword, inner] of Object.entries(value)) {
    if (keyword === '$ref' && typeof inner === 'string' && ids.has(inner)) out[TYPE_LINK] = inner;
    else if (rows && keyword === 'properties') {
      const keywordValue: Rows = {
        properties: mapValues(inner, ids) as Rows['properties'],
        closed: rows.additionalProperties === false,
        ...(rows[SOURCE_KEYWORD] !== undefined ? { [SOURCE_KEYWORD]: rows[SOURCE_KEYWORD] } : {}),
      };
      out[ROWS] = keywordValue;
    } else if (rows && keyword === 'additionalProperties' && inner === false) continue;
    else if (root && keyword === 'allOf' && Array.isArray(inner)) {
      out.allOf = inner.map((entry: unknown) => {
        const ref = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).$ref : undefined;
        return typeof ref === 'string' && ids.has(ref) ? { [BASE_LINK]: ref } : toLinks(entry, ids, false);
      });
    } else
      out[keyword] =
        keyword === 'properties' || keyword === 'patternProperties' || keyword === '$defs'
          ? mapValues(inner, ids)
          : toLinks(inner, ids, false);
  }
  return out;
}

/** Property names are data, not keywords: a property called `$ref` stays a property. */
function mapValues(value: unknown, ids: ReadonlySet<string>): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toLinks(schema, ids, false)]));
}

/** For each resource schema with documented descendants: `#microsoft.graph.user` (lower case) → the user schema's `$id`. */
function derivedTypes(schemas: readonly DocSchema[]): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  for (const schema of schemas) {
    const descendants = schema.shape?.descendants ?? [];
    if (descendants.length > 0)
      result.set(schema.id, new Map(descendants.map((d) => [d.typeName.toLowerCase(), d.id])));
  }
  return result;
}

interface OdataTypeValidate {
  (schema: string, data: unknown, parentSchema?: AnySchemaObject): boolean;
  errors?: Partial<ErrorObject>[];
}

/**
 * `@odata.type` where the type whose schema is `id` is declared: that type, a documented descendant, or a type the doc
 * set does not document (it may derive from the declared one: undecidable, so accepted). A documented type that does
 * not derive from the declared one is refused. The leading `#` is optional (the service takes both in requests), and
 * letter case is not compared (the docs' is unreliable).
 */
function odataTypeValidator(
  schemas: readonly DocSchema[],
  dispatch: ReadonlyMap<string, ReadonlyMap<string, string>>,
): OdataTypeValidate {
  const documented = new Set(
    schemas.flatMap((s) =>
      s.kind === 'resource' && s.typeName ? [`${s.version ?? ''} ${s.typeName.toLowerCase()}`] : [],
    ),
  );
  // Asked for on every `@odata.type` of every payload: the id's parse is kept, not redone.
  const declaredOf = new Map<string, ReturnType<typeof typeOfSchemaId>>();
  const validate: OdataTypeValidate = (id, data, parentSchema) => {
    if (typeof data !== 'string') return true; // `type: string` reports it
    const named = data.replace(/^#/, '').toLowerCase();
    let declared = declaredOf.get(id);
    if (declared === undefined && !declaredOf.has(id)) declaredOf.set(id, (declared = typeOfSchemaId(id)));
    if (declared === undefined || named === declared.typeName.toLowerCase()) return true;
    if (dispatch.get(id)?.has(named) === true) return true;
    const version = declared.version === 'unversioned' ? '' : declared.version;
    if (!documented.has(`${version} ${named}`)) return true;
    validate.errors = [
      {
        keyword: ODATA_TYPE_KEYWORD,
        message: `must be ${declared.typeName} or a type documented as deriving from it`,
        params: { declared: declared.typeName },
        // Ajv gives a keyword's own errors no parentSchema; the doc source of the rule is there.
        ...(parentSchema ? { parentSchema } : {}),
      },
    ];
    return false;
  };
  return validate;
}

export function odataTypeOf(data: unknown): string {
  const value =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)['@odata.type']
      : undefined;
  return typeof value === 'string' ? value.replace(/^#/, '').toLowerCase() : '';
}

/**
 * The data an error was raised on. Ajv overwrites `data` (and `schema`) of errors a keyword passes up with the
 * keyword's own, so the value the nested rule failed on is kept here, by error object.
 */
const failedOn = new WeakMap<ErrorObject, unknown>();

interface LinkValidate {
  (schema: string, data: unknown, parentSchema?: AnySchemaObject, context?: { readonly instancePath: string }): boolean;
  errors?: Partial<ErrorObject>[];
}

export function linkValidator(
  compile: (id: string) => Compiled | undefined,
  target: (id: string, data: unknown) => string,
): LinkValidate {
  const validate: LinkValidate = (id, data, _parentSchema, context) => {
    const compiled = compile(target(id, data));
    if (!compiled) throw new Error(`schema ${id} is not registered`);
    if (compiled(data)) return true;
    // Set after the nested call returns: a nested link reuses this function and its `errors`.
    validate.errors = passedUp(compiled, context?.instancePath ?? '');
    return false;
  };
  return validate;
}

/**
 * The errors of a nested validator that failed (`compiled`) as its keyword passes them up: the ones that say what is
 * wrong, with `at` (where the nested data lies) before their pointers, the value each failed on kept, and the nested
 * schema's own root named as `root` (a row's rule, compiled apart from its row, names the row).
 */
function passedUp(compiled: Compiled, at: string, root?: JsonSchema): ErrorObject[] {
  return reported(compiled.errors ?? []).map((error) => {
    const moved = {
      ...error,
      instancePath: `${at}${error.instancePath}`,
      ...(root !== undefined && error.parentSchema === compiled.schema ? { parentSchema: root } : {}),
    };
    failedOn.set(moved, failedOn.has(error) ? failedOn.get(error) : error.data);
    return moved;
  });
}

/** What does not judge a value: a row's description, its read-only note, its source. */
const NOTES: ReadonlySet<string> = new Set(['description', 'readOnly', SOURCE_KEYWORD]);

/** A row of `x-rows` by name: its place among the rows, and its rule (the row less `NOTES`, compiled) once asked. */
interface RowEntry {
  readonly place: number;
  readonly row: JsonSchema;
  rule?: Compiled;
}

const NO_ERRORS: ErrorObject[] = [];

interface RowsValidate {
  (rows: Rows, data: unknown, parentSchema?: AnySchemaObject, context?: { readonly instancePath: string }): boolean;
  errors?: Partial<ErrorObject>[];
}

/**
 * `x-rows`, as `properties` and `additionalProperties: false` would judge the object, and in their order: first each
 * member that no row documents and no `patternProperties` pattern matches (when closed), then each documented
 * member it holds, by its row's rule (in the rows' order). Names are data: `__proto__` and `constructor` are rows
 * like any other.
 */
function rowsValidator(ruleOf: (row: JsonSchema) => Compiled): RowsValidate {
  const patternsOf = new WeakMap<object, readonly RegExp[]>();
  const patterns = (schema: AnySchemaObject | undefined): readonly RegExp[] => {
    if (schema === undefined) return [];
    let known = patternsOf.get(schema);
    if (!known) {
      const declared = isJsonObject(schema.patternProperties) ? Object.keys(schema.patternProperties) : [];
      patternsOf.set(schema, (known = declared.map((pattern) => new RegExp(pattern, 'u'))));
    }
    return known;
  };
  // Each row by name, with its place among the rows and its rule once asked: a payload's members are looked up, not
  // the rows scanned (a type may have a few hundred rows, a payload shows a few).
  const entriesOf = new WeakMap<Rows, ReadonlyMap<string, RowEntry>>();
  const entries = (rows: Rows): ReadonlyMap<string, RowEntry> => {
    let known = entriesOf.get(rows);
    if (!known) {
      known = new Map(Object.entries(rows.properties).map(([name, row], place) => [name, { place, row }]));
      entriesOf.set(rows, known);
    }
    return known;
  };
  const validate: RowsValidate = (rows, data, parentSchema, context) => {
    if (!isJsonObject(data)) return true; // `type: object` reports it
    const prefix = context?.instancePath ?? '';
    let undocumented: ErrorObject[] | undefined;
    let failed: { readonly place: number; readonly errors: readonly ErrorObject[] }[] | undefined;
    const byName = entries(rows);
    for (const name of Object.keys(data)) {
      const entry = byName.get(name);
      if (entry === undefined) {
        if (rows.closed && !patterns(parentSchema).some((p) => p.test(name)))
          (undocumented ??= []).push({
            instancePath: prefix,
            schemaPath: '#/additionalProperties',
            keyword: 'additionalProperties',
            params: { additionalProperty: name },
            message: 'must NOT have additional properties',
            parentSchema: rows,
            data,
          });
        continue;
      }
      const value = data[name];
      if (value === undefined) continue;
      const { place, row } = entry;
      const rule = (entry.rule ??= ruleOf(row));
      if (rule(value)) continue;
      // The shared rule's own errors name the row, whose source is the doc's line.
      (failed ??= []).push({ place, errors: passedUp(rule, `${prefix}/${pointerToken(name)}`, row) });
    }
    // Ajv's order: the undocumented members in the payload's order, then the rows' errors in the rows' order.
    const errors = failed
      ? [...(undocumented ?? []), ...failed.sort((a, b) => a.place - b.place).flatMap((f) => f.errors)]
      : (undocumented ?? NO_ERRORS);
    // Set after the nested calls return: a nested object's rows reuse this function and its `errors`.
    validate.errors = errors;
    return errors.length === 0;
  };
  return validate;
}

function toValidator(compiled: Compiled): Validator {
  return (data) => (compiled(data) ? [] : reported(compiled.errors ?? []).map(toSchemaError));
}

/**
 * The errors that say what is wrong. An `if` failure only says which `then` applied. A nullable property is
 * `anyOf: [T, { type: "null" }]`: when T fails, "must be null" and "must match a schema in anyOf" repeat at every
 * level of nesting, and T's own errors deeper down say it all. Applied before a link passes errors up, because Ajv
 * rewrites the `schemaPath` of errors a keyword passes up.
 */
function reported(errors: readonly ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((e) => e.keyword !== 'if' && !isNullBranch(e));
  if (!kept.some((e) => e.keyword === 'anyOf')) return kept;
  // The pointers some error lies below, collected once: a payload with many failing items has thousands of errors.
  const above = new Set<string>();
  for (const { instancePath } of kept)
    for (let slash = instancePath.indexOf('/'); slash !== -1; slash = instancePath.indexOf('/', slash + 1))
      above.add(instancePath.slice(0, slash));
  return kept.filter((e) => e.keyword !== 'anyOf' || !above.has(e.instancePath));
}

function isNullBranch(error: ErrorObject): boolean {
  return (
    error.keyword === 'type' &&
    (error.params as Record<string, unknown>).type === 'null' &&
    /\/anyOf\/\d+\/type$/.test(error.schemaPath)
  );
}

function toSchemaError(error: ErrorObject): SchemaError {
  const parent = error.parentSchema as JsonSchema | undefined;
  const source = parent?.[SOURCE_KEYWORD];
  return {
    pointer: pointerOf(error),
    keyword: error.keyword,
    message: messageOf(error),
    ...(typeof source === 'string' ? { source } : {}),
  };
}

/** For `additionalProperties` and `required`, the pointer names the offending property itself. */
function pointerOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const property =
    typeof params.additionalProperty === 'string'
      ? params.additionalProperty
      : typeof params.missingProperty === 'string'
        ? params.missingProperty
        : undefined;
  return property === undefined ? error.instancePath : `${error.instancePath}/${pointerToken(property)}`;
}

/** `address` where the table writes `Address`: the property is documented, in another letter case; say so. */
function undocumentedMessage(error: ErrorObject, named: unknown): string {
  const properties = (error.parentSchema as { properties?: unknown } | undefined)?.properties;
  const documented = typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
  const other =
    typeof named === 'string'
      ? documented.find((d) => d !== named && d.toLowerCase() === named.toLowerCase())
      : undefined;
  return other === undefined
    ? 'is not a documented property'
    : `is not a documented property: the table writes "${other}" (only the letter case differs)`;
}

/** What was found, then what the doc asks: `is "6", must be integer or null`. */
function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const data = failedOn.has(error) ? failedOn.get(error) : error.data;
  if (error.keyword === 'additionalProperties') return undocumentedMessage(error, params.additionalProperty);
  if (error.keyword === 'required') return 'is missing';
  const found = `is ${shown(data)}, `;
  const types = Array.isArray(params.type)
    ? params.type.map(String)
    : typeof params.type === 'string'
      ? params.type.split(',')
      : undefined;
  if (error.keyword === 'type' && types) return `${found}must be ${types.join(' or ')}`;
  if (error.keyword === 'const' && 'allowedValue' in params)
    return `${found}must be ${JSON.stringify(params.allowedValue)}`;
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues))
    return `${found}must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  const members = enumMembersOf(error.parentSchema);
  if (error.keyword === 'pattern' && members)
    return `${found}must be one of ${members.members.join(', ')}${members.flags ? ' (or a comma-separated combination)' : ''}, in any letter case`;
  return `${found}${error.message ?? error.keyword}`;
}

function shown(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function enumMembersOf(schema: unknown): { members: string[]; flags: boolean } | undefined {
  const value =
    typeof schema === 'object' && schema !== null ? (schema as Record<string, unknown>)[ENUM_KEYWORD] : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const { members, flags } = value as { members?: unknown; flags?: unknown };
  return Array.isArray(members) ? { members: members.map(String), flags: flags === true } : undefined;
}
