/**
 * A doc type's object schema, validated without compiling it.
 *
 * Once the registry has moved a type's rows and links into keywords (`x-rows`, the base-type link), what is left of
 * its schema for Ajv is fixed and small: the value is an object, its base types hold (`allOf` of base links), the
 * members it requires are there, and its rows hold. Ajv took about 350 µs to compile each such schema into those few
 * calls: 2.1 s of a whole-reference lint, whose examples reach some 6,000 types, in every thread that checks them.
 * Here the same calls are made directly, and the errors are the ones Ajv gives, in its order and shape: the base types'
 * first, then the object's (or `type` when it is not one); errors a keyword passes up get the keyword's `schemaPath`,
 * `schema` and `data`, as Ajv sets them. `tests/unit/schema-composed.test.ts` holds the two to the same errors.
 *
 * The rules of the rows (Edm types, formats, enums, nullability) are JSON Schema proper, and Ajv still compiles them.
 * A schema with anything else at its root is not composed (`composable`): Ajv compiles it.
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
  errors?: Partial<ErrorObject>[];
}

/** The vendor keywords a composed schema calls: its rows (an `R`), and a link to its base type (a schema id). */
export interface ObjectKeywords<R> {
  readonly rows: { readonly name: string; readonly validate: KeywordValidate<R> };
  readonly base: { readonly name: string; readonly validate: KeywordValidate<string> };
}

/** The keywords' names, all `composable` needs. */
interface KeywordNames {
  readonly rows: { readonly name: string };
  readonly base: { readonly name: string };
}

/** Root keywords that judge nothing. */
const ANNOTATIONS: ReadonlySet<string> = new Set(['$schema', '$id', 'title', 'description', SOURCE_KEYWORD]);

/** Where a keyword runs at the root: the data's own pointer is empty. */
const ROOT = { instancePath: '' } as const;

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
  const bases = ((schema.allOf ?? []) as Readonly<Record<string, string>>[]).map((entry, index) => ({
    entry,
    id: entry[keywords.base.name] as string,
    path: `#/allOf/${String(index)}/${keywords.base.name}`,
  }));
  const required = (schema.required ?? []) as readonly string[];
  const rows = schema[keywords.rows.name] as R | undefined;
  const rowsPath = `#/${keywords.rows.name}`;
  const validate: Compiled = Object.assign(
    (data: unknown): boolean => {
      const errors: ErrorObject[] = [];
      const raise = (error: ErrorObject): void => {
        errors.push(error);
      };
      /** What Ajv does with a vendor keyword that failed: takes its errors, or raises one of its own if it gave none. */
      const passUp = (given: unknown, keyword: string, path: string, value: unknown): void => {
        if (!Array.isArray(given)) {
          const message = `must pass "${keyword}" keyword validation`;
          raise({
            instancePath: '',
            schemaPath: path,
            keyword,
            params: {},
            message,
            schema: value,
            parentSchema,
            data,
          });
          return;
        }
        for (const error of given as Partial<ErrorObject>[]) {
          error.instancePath ??= '';
          error.schemaPath = path;
          error.schema = value;
          error.data = data;
          raise(error as ErrorObject);
        }
      };
      const base = keywords.base.validate;
      for (const { entry, id, path } of bases) {
        if (!base(id, data, entry, ROOT)) passUp(base.errors, keywords.base.name, path, id);
      }
      if (isJsonObject(data)) {
        for (const missingProperty of required)
          if (!Object.hasOwn(data, missingProperty) || data[missingProperty] === undefined)
            raise({
              instancePath: '',
              schemaPath: '#/required',
              keyword: 'required',
              params: { missingProperty },
              message: `must have required property '${missingProperty}'`,
              schema: required,
              parentSchema,
              data,
            });
        const check = keywords.rows.validate;
        if (rows !== undefined && !check(rows, data, parentSchema, ROOT))
          passUp(check.errors, keywords.rows.name, rowsPath, rows);
      } else {
        const message = 'must be object';
        raise({
          instancePath: '',
          schemaPath: '#/type',
          keyword: 'type',
          params: { type: 'object' },
          message,
          schema: 'object',
          parentSchema,
          data,
        });
      }
      validate.errors = errors.length === 0 ? null : errors;
      return errors.length === 0;
    },
    { errors: null, schema },
  );
  return validate;
}

function isBaseLink(entry: unknown, name: string): boolean {
  return isJsonObject(entry) && Object.keys(entry).length === 1 && typeof entry[name] === 'string';
}
