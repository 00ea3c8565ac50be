/**
 * Doc schemas and row rules validated without compiling them.
 *
 * Once the registry has moved a type's rows and links into keywords (`x-rows`, the type links), what is left for Ajv
 * to compile is mostly the same few shapes, thousands of times over with another type in them:
 * - a type's object schema: the value is an object, its base types hold (`allOf` of base links), the members it
 *   requires are there, its rows hold (`composeObjectSchema`);
 * - a row's rule that only names a type: its `@odata.type` (`{ type: string, x-odata-type: T }`), a nullable property
 *   of type T (`anyOf: [T, null]`), a nullable collection of T (`type: [array, null], items: T`) (`composeRule`).
 * Ajv took 250-350 µs to compile each into those few calls: for the whole 2021 reference's examples, about 6,000 types
 * and 3,500 rules, 3 s of a lint in one thread, paid again in every thread. Here the calls are made directly, raising
 * the errors Ajv's generated code raises, in its order and shape: a vendor keyword's errors get the keyword's
 * `schemaPath`, `schema` and `data`, as Ajv sets them, and an `anyOf` keeps its branches' errors when it fails (adding
 * its own) and drops them when it holds.
 * `tests/unit/schema-composed.test.ts` holds each shape to Ajv's own result.
 *
 * Any other schema is left to Ajv (`composable`, and `composeRule` gives undefined): enums, Edm types and formats are
 * JSON Schema proper, and Ajv compiles them.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { AnySchemaObject } from 'ajv/dist/types/index.js';
import { SOURCE_KEYWORD } from './json-schema.ts';
import { isJsonObject } from '../core/json.ts';

/** A validator as the registry uses one: Ajv's compiled function, or a composed one. */
export interface Compiled {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
  readonly schema: unknown;
}

/** A vendor keyword's function, as Ajv calls it (`validate` with `errors: true`). */
export interface KeywordValidate<S> {
  (schema: S, data: unknown, parentSchema?: AnySchemaObject, context?: { readonly instancePath: string }): boolean;
  errors?: Partial<ErrorObject>[] | null;
}

/** A vendor keyword: its name, and its function. */
export interface Keyword<S> {
  readonly name: string;
  readonly validate: KeywordValidate<S>;
}

/** The vendor keywords a composed schema calls: its rows (an `R`), and a link to its base type (a schema id). */
export interface ObjectKeywords<R> {
  readonly rows: Keyword<R>;
  readonly base: Keyword<string>;
}

/** The vendor keywords a composed rule calls: a link to a type (polymorphic), and the `@odata.type` check. */
export interface RuleKeywords {
  readonly link: Keyword<string>;
  readonly odataType: Keyword<string>;
}

/** The keywords' names, all `composable` needs. */
interface KeywordNames {
  readonly rows: { readonly name: string };
  readonly base: { readonly name: string };
}

/** Root keywords that judge nothing. */
const ANNOTATIONS: ReadonlySet<string> = new Set(['$schema', '$id', 'title', 'description', SOURCE_KEYWORD]);

/**
 * Whether `schema` (a doc schema as the registry hands it to Ajv) is an object schema of only these keywords: its
 * `patternProperties` always valid (the rows read the OData annotation patterns themselves), each `allOf` entry a base
 * link alone.
 */
export function composable(schema: Readonly<Record<string, unknown>>, keywords: KeywordNames): boolean {
  if (schema.type !== 'object' || !isJsonObject(schema.patternProperties)) return false;
  for (const [keyword, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword) || keyword === 'type') continue;
    if (keyword === 'patternProperties') {
      if (!Object.values(value as object).every((inner) => isJsonObject(inner) && Object.keys(inner).length === 0))
        return false;
    } else if (keyword === 'required') {
      if (!Array.isArray(value) || !value.every((name) => typeof name === 'string')) return false;
    } else if (keyword === 'allOf') {
      if (!Array.isArray(value) || !value.every((entry) => isBaseLink(entry, keywords.base.name))) return false;
    } else if (keyword !== keywords.rows.name || !isJsonObject(value)) return false;
  }
  return true;
}

/** The validator of a `composable` schema. */
export function composeObjectSchema<R>(
  schema: Readonly<Record<string, unknown>>,
  keywords: ObjectKeywords<R>,
): Compiled {
  const parentSchema = schema as AnySchemaObject;
  const bases = ((schema.allOf ?? []) as AnySchemaObject[]).map((entry, index) => ({
    entry,
    id: entry[keywords.base.name] as string,
    path: `#/allOf/${String(index)}/${keywords.base.name}`,
  }));
  const required = (schema.required ?? []) as readonly string[];
  const rows = schema[keywords.rows.name] as R | undefined;
  const rowsPath = `#/${keywords.rows.name}`;
  return validator(schema, (data, raised) => {
    for (const { entry, id, path } of bases) call(raised, keywords.base, id, at(data, entry), path);
    const site = at(data, parentSchema);
    if (!isJsonObject(data)) {
      raise(raised, site, '#/type', 'type', { type: 'object' }, 'must be object', 'object');
      return;
    }
    for (const missingProperty of required)
      if (!Object.hasOwn(data, missingProperty) || data[missingProperty] === undefined)
        raise(
          raised,
          site,
          '#/required',
          'required',
          { missingProperty },
          `must have required property '${missingProperty}'`,
          required,
        );
    if (rows !== undefined) call(raised, keywords.rows, rows, site, rowsPath);
  });
}

/** The validator of a row's rule of one of the shapes above, or undefined: Ajv compiles it. */
export function composeRule(rule: Readonly<Record<string, unknown>>, keywords: RuleKeywords): Compiled | undefined {
  const parentSchema = rule as AnySchemaObject;
  const { link, odataType } = keywords;
  // A type's `@odata.type`: a string, and the type or one derived from it.
  const declared = rule[odataType.name];
  if (holdsOnly(rule, ['type', odataType.name]) && rule.type === 'string' && typeof declared === 'string') {
    const path = `#/${odataType.name}`;
    return validator(rule, (data, raised) => {
      const site = at(data, parentSchema);
      if (typeof data !== 'string')
        raise(raised, site, '#/type', 'type', { type: 'string' }, 'must be string', 'string');
      call(raised, odataType, declared, site, path);
    });
  }
  // A nullable property of a documented type: `anyOf: [link, { type: "null" }]`.
  const branches = rule.anyOf;
  if (holdsOnly(rule, ['anyOf']) && Array.isArray(branches) && branches.length === 2) {
    const [linked, nullable] = branches as unknown[];
    const target = linkTarget(linked, link.name);
    if (target === undefined || !isJsonObject(nullable) || !holdsOnly(nullable, ['type']) || nullable.type !== 'null')
      return undefined;
    const path = `#/anyOf/0/${link.name}`;
    return validator(rule, (data, raised) => {
      call(raised, link, target, at(data, linked as AnySchemaObject), path);
      const linkHolds = raised.length === 0;
      if (data !== null)
        raise(raised, at(data, nullable), '#/anyOf/1/type', 'type', { type: 'null' }, 'must be null', 'null');
      // `anyOf` holds when a branch does, and then drops every branch's errors; else it adds its own.
      if (linkHolds || data === null) raised.length = 0;
      else raise(raised, at(data, parentSchema), '#/anyOf', 'anyOf', {}, 'must match a schema in anyOf', branches);
    });
  }
  // A nullable collection of a documented type: `type: ["array", "null"], items: link`.
  const types = rule.type;
  const items = rule.items;
  const itemTarget = linkTarget(items, link.name);
  if (
    holdsOnly(rule, ['type', 'items']) &&
    Array.isArray(types) &&
    types.length === 2 &&
    types[0] === 'array' &&
    types[1] === 'null' &&
    itemTarget !== undefined
  ) {
    const path = `#/items/${link.name}`;
    return validator(rule, (data, raised) => {
      if (!Array.isArray(data) && data !== null)
        raise(raised, at(data, parentSchema), '#/type', 'type', { type: types }, 'must be array,null', types);
      if (Array.isArray(data))
        for (const [index, item] of (data as unknown[]).entries())
          call(raised, link, itemTarget, at(item, items as AnySchemaObject, `/${String(index)}`), path);
    });
  }
  return undefined;
}

/** Where a keyword or rule runs: the data, its pointer, the schema object holding the keyword. */
interface Site {
  readonly data: unknown;
  readonly instancePath: string;
  readonly parentSchema: AnySchemaObject;
}

function at(data: unknown, parentSchema: AnySchemaObject, instancePath = ''): Site {
  return { data, instancePath, parentSchema };
}

/** A validator over `check` (which raises into the list it is given), with `errors` and `schema` as Ajv's have. */
function validator(schema: unknown, check: (data: unknown, raised: ErrorObject[]) => void): Compiled {
  const validate: Compiled = Object.assign(
    (data: unknown): boolean => {
      const raised: ErrorObject[] = [];
      check(data, raised);
      validate.errors = raised.length === 0 ? null : raised;
      return raised.length === 0;
    },
    { errors: null, schema },
  );
  return validate;
}

/** An error of the schema's own keyword, as Ajv's generated code writes it. */
function raise(
  raised: ErrorObject[],
  site: Site,
  schemaPath: string,
  keyword: string,
  params: Record<string, unknown>,
  message: string,
  schema: unknown,
): void {
  const { data, instancePath, parentSchema } = site;
  raised.push({ instancePath, schemaPath, keyword, params, message, schema, parentSchema, data });
}

/**
 * A vendor keyword called as Ajv calls one, and what Ajv does when it fails: it takes the keyword's errors, giving
 * each the keyword's place (and the data's pointer where the error has none), or raises its own when there are none.
 */
function call<S>(raised: ErrorObject[], keyword: Keyword<S>, value: S, site: Site, schemaPath: string): void {
  const { validate, name } = keyword;
  validate.errors = null;
  if (validate(value, site.data, site.parentSchema, { instancePath: site.instancePath })) return;
  const given = errorsOf(validate);
  if (!Array.isArray(given)) {
    raise(raised, site, schemaPath, name, {}, `must pass "${name}" keyword validation`, value);
    return;
  }
  for (const error of given) {
    error.instancePath ??= site.instancePath;
    error.schemaPath = schemaPath;
    error.schema = value;
    error.data = site.data;
    raised.push(error as ErrorObject);
  }
}

/** A keyword's errors once it returned (a function of its own: the reset before the call narrows nothing after). */
function errorsOf(validate: KeywordValidate<never>): Partial<ErrorObject>[] | null | undefined {
  return validate.errors;
}

/** Whether `value` has exactly these members. */
function holdsOnly(value: Readonly<Record<string, unknown>>, names: readonly string[]): boolean {
  const keys = Object.keys(value);
  return keys.length === names.length && names.every((name) => Object.hasOwn(value, name));
}

/** The type a link alone (`{ [name]: id }`) names. */
function linkTarget(value: unknown, name: string): string | undefined {
  return isJsonObject(value) && holdsOnly(value, [name]) && typeof value[name] === 'string' ? value[name] : undefined;
}

function isBaseLink(entry: unknown, name: string): boolean {
  return linkTarget(entry, name) !== undefined;
}
