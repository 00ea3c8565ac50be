/**
 * The offline checks of documented examples against the schemas built from the tables, with ApiDoctor's annotation
 * semantics: a response is validated against its `@odata.type` (each item of a collection's `value`); without
 * `truncated`, the properties the resource documents must all be shown (less `optionalProperties` and navigation
 * properties); with `nullableProperties` given, only those may be null. Request bodies are validated against the
 * page's closed request-body schema. Pure: page model and schema registry in, findings out.
 */
import type { Body, Example, Page, ResponseExample } from '../docs/model.ts';
import type { Location } from '../core/finding.ts';
import type { ResourceShape } from '../schema/build-schemas.ts';
import type { SchemaError, SchemaRegistry, Validator } from '../schema/registry.ts';
import { lineOfPointer } from './json-pointer.ts';
import type { LintFinding } from './model.ts';
import { isJsonObject } from '../core/json.ts';

/** Response types that name no resource: media streams and primitive values are not validated (as ApiDoctor). */
const UNCHECKED_TYPES = /^(edm\.)?(stream|string|binary|boolean|int\d*|double|guid)$/i;

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

export function checkResponse(page: Page, example: Example, registry: SchemaRegistry): LintFinding[] {
  const response = example.response;
  if (!response || response.body.kind !== 'json') return [];
  const body = response.body;
  const findings: LintFinding[] = [];
  const at = (location: Location, rule: string, severity: LintFinding['severity'], message: string): void => {
    findings.push({ file: location.file, line: location.line, col: 1, rule, severity, message });
  };

  if (response.expectError || isErrorBody(body.value)) {
    for (const error of registry.errorValidator()(body.value))
      at(
        pointerLocation(body, error.pointer),
        'response-schema',
        'error',
        `the error response of "${example.name}" is not Graph's error body: ${describe(error, '')}`,
      );
    return findings;
  }
  const type = response.odataType;
  if (type === undefined) {
    at(
      response.annotation.location,
      'response-type-missing',
      'warning',
      `the JSON response of "${example.name}" names no "@odata.type" in its annotation, so it is not checked against a schema`,
    );
    return findings;
  }
  if (UNCHECKED_TYPES.test(type)) return findings;
  const validator = registry.resourceValidator(type, page.version);
  if (!validator) {
    at(
      response.annotation.location,
      'unknown-resource-type',
      'warning',
      `the response of "${example.name}" is a ${type}, which no resource page in the docs documents`,
    );
    return findings;
  }

  const items = itemsOf(response, body.value);
  if (items === undefined) {
    at(
      body.location,
      'response-collection',
      'error',
      `the response of "${example.name}" is annotated as a collection, but its body has no "${response.collectionProperty}" array`,
    );
    return findings;
  }
  if (response.isCollection && response.isEmpty && items.values.length > 0) {
    at(
      body.location,
      'response-collection',
      'warning',
      `the response of "${example.name}" is annotated "isEmpty", but its "${response.collectionProperty}" array is not empty`,
    );
  }
  const shape = shapeOf(registry, type, page);
  const nullable = response.annotation.meaning.nullableProperties ?? shape?.nullable;
  const optional = new Set([...response.annotation.meaning.optionalProperties, ...(shape?.optional ?? [])]);
  for (const [index, item] of items.values.entries()) {
    const prefix = `${items.pointer}${response.isCollection ? `/${index.toString()}` : ''}`;
    for (const error of validate(validator, item)) {
      at(
        pointerLocation(body, `${prefix}${error.pointer}`),
        'response-schema',
        'error',
        `the response of "${example.name}" does not match ${type}: ${describe(error, prefix)}`,
      );
    }
    if (!isJsonObject(item)) continue;
    if (nullable !== undefined) {
      for (const [name, value] of Object.entries(item)) {
        if (value === null && !nullable.includes(name))
          at(
            pointerLocation(body, `${prefix}/${name}`),
            'response-null',
            'warning',
            `${prefix}/${name} of "${example.name}" is null, but it is not among the nullableProperties`,
          );
      }
    }
    if (!response.truncated && shape) {
      const missing = documentedProperties(registry, shape).filter(
        (p) => !p.navigation && !optional.has(p.name) && !(p.name in item),
      );
      if (missing.length > 0) {
        at(
          response.annotation.location,
          'response-missing-properties',
          'warning',
          `the response of "${example.name}" is not marked "truncated" but does not show ${missing.map((p) => p.name).join(', ')} of ${type}`,
        );
      }
    }
  }
  return findings;
}

export function checkRequestBody(page: Page, example: Example, registry: SchemaRegistry): LintFinding[] {
  const { request } = example;
  if (request.body.kind !== 'json' || !WRITES.has(request.method)) return [];
  const validator = registry.requestBodyValidator(page);
  if (!validator) return [];
  const body = request.body;
  return validate(validator, body.value).map((error) => {
    const location = pointerLocation(body, error.pointer);
    return {
      file: location.file,
      line: location.line,
      col: 1,
      rule: 'request-body-schema',
      severity: 'error',
      message: `the request body of "${example.name}" does not match the request-body table: ${describe(error, '')}`,
    };
  });
}

/** The objects to validate: the body, or each item of a collection's array (a bare array is accepted too). */
function itemsOf(
  response: ResponseExample,
  value: unknown,
): { values: readonly unknown[]; pointer: string } | undefined {
  if (!response.isCollection) return { values: [value], pointer: '' };
  if (Array.isArray(value)) return { values: value, pointer: '' };
  const array = isJsonObject(value) ? value[response.collectionProperty] : undefined;
  return Array.isArray(array) ? { values: array, pointer: `/${response.collectionProperty}` } : undefined;
}

function shapeOf(registry: SchemaRegistry, type: string, page: Page): ResourceShape | undefined {
  const candidates = registry.resourceSchemas(type);
  return (candidates.find((s) => s.version === page.version) ?? candidates[0])?.shape;
}

/** A resource's own properties and those it inherits, following `base` (bounded: a cycle of bases is a doc defect). */
function documentedProperties(registry: SchemaRegistry, shape: ResourceShape): ResourceShape['properties'][number][] {
  const properties: ResourceShape['properties'][number][] = [];
  const seen = new Set<string>();
  let current: ResourceShape | undefined = shape;
  while (current && properties.length < 10_000) {
    properties.push(...current.properties);
    const base: string | undefined = current.base;
    if (base === undefined || seen.has(base)) break;
    seen.add(base);
    current = registry.schemaById(base)?.shape;
  }
  return properties;
}

function validate(validator: Validator, value: unknown): readonly SchemaError[] {
  return validator(value);
}

function describe(error: SchemaError, prefix: string): string {
  return `${`${prefix}${error.pointer}` || '/'} ${error.message}${error.source ? `, documented at ${error.source}` : ''}`;
}

function pointerLocation(body: Extract<Body, { kind: 'json' }>, pointer: string): Location {
  return { file: body.location.file, line: body.location.line + lineOfPointer(body.text, pointer) - 1 };
}

function isErrorBody(value: unknown): boolean {
  return isJsonObject(value) && Object.keys(value).length === 1 && 'error' in value;
}
