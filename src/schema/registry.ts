/**
 * One Ajv2020 instance for a doc set: every schema added once by `$id`, compiled on first use and cached by Ajv.
 * Compiling is the expensive part (milliseconds a schema), so nothing is compiled until a check needs it.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Finding, GraphVersion, Page } from '../docs/model.ts';
import { buildSchemas, requestBodySchemaId, resourceSchemaId, type DocSchema } from './build-schemas.ts';
import { GRAPH_ERROR_SCHEMA, SOURCE_KEYWORD, type JsonSchema } from './json-schema.ts';

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
}

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    verbose: true, // errors carry their parentSchema, where the doc source of the failing rule is
    allowUnionTypes: true, // nullable Graph properties are `type: [T, "null"]`
    allowMatchingProperties: true, // `@odata.type` is pinned in `properties` and also matches the OData pattern
  });
  addFormats.default(ajv);
  ajv.addKeyword(SOURCE_KEYWORD);
  return ajv;
}

export function buildSchemaRegistry(pages: readonly Page[]): SchemaRegistry {
  const built = buildSchemas(pages);
  return createRegistry(built.schemas, built.findings);
}

export function createRegistry(schemas: readonly DocSchema[], findings: readonly Finding[] = []): SchemaRegistry {
  const ajv = createAjv();
  ajv.addSchema(GRAPH_ERROR_SCHEMA);
  for (const { schema } of schemas) ajv.addSchema(schema);
  const validators = new Map<string, Validator>();

  function validatorById(id: string): Validator | undefined {
    const cached = validators.get(id);
    if (cached) return cached;
    const compiled = ajv.getSchema(id);
    if (!compiled) return undefined;
    const validator = toValidator(compiled);
    validators.set(id, validator);
    return validator;
  }

  return {
    schemas,
    findings,
    validatorById,
    requestBodyValidator: (page) => validatorById(requestBodySchemaId(page)),
    resourceValidator: (typeName, version) =>
      validatorById(resourceSchemaId(typeName, version)) ?? (version ? undefined : findAnyVersion(schemas, typeName, validatorById)),
    errorValidator: () => validatorById(GRAPH_ERROR_SCHEMA.$id as string) as Validator,
  };
}

function findAnyVersion(schemas: readonly DocSchema[], typeName: string, byId: (id: string) => Validator | undefined): Validator | undefined {
  const match = schemas.find((s) => s.kind === 'resource' && s.typeName?.toLowerCase() === typeName.toLowerCase());
  return match ? byId(match.id) : undefined;
}

function toValidator(compiled: ValidateFunction): Validator {
  return (data) => (compiled(data) ? [] : (compiled.errors ?? []).filter(isReported).map(toSchemaError));
}

/** An `if` failure only says which `then` applied; the `then` error that follows says what is wrong. */
function isReported(error: ErrorObject): boolean {
  return error.keyword !== 'if';
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
  const property = typeof params.additionalProperty === 'string' ? params.additionalProperty : typeof params.missingProperty === 'string' ? params.missingProperty : undefined;
  return property === undefined ? error.instancePath : `${error.instancePath}/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** What was found, then what the doc asks: `is "6", must be integer or null`. */
function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return 'is not a documented property';
  if (error.keyword === 'required') return 'is missing';
  const found = `is ${shown(error.data)}, `;
  const types = Array.isArray(params.type) ? params.type.map(String) : typeof params.type === 'string' ? params.type.split(',') : undefined;
  if (error.keyword === 'type' && types) return `${found}must be ${types.join(' or ')}`;
  if (error.keyword === 'const' && 'allowedValue' in params) return `${found}must be ${JSON.stringify(params.allowedValue)}`;
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) return `${found}must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${found}${error.message ?? error.keyword}`;
}

function shown(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
