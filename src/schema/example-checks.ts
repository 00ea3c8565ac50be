/**
 * Is a page consistent with itself? The checks of documented examples against the schemas built from the page's own
 * tables, with ApiDoctor's annotation semantics: a response is validated against its documented type (each item of a
 * collection's `value`); without `truncated`, the properties the resource documents must all be shown (less
 * `optionalProperties` and navigation properties); with `nullableProperties` given, only those may be null. Request
 * bodies are validated against the page's closed request-body schema; two examples that send the same request must
 * not document different answers.
 *
 * `graph-conformance lint` reports these findings offline, and a conformance run blames a departure on the doc (the
 * cause `doc`) exactly when one of them explains it: one function, so the two always agree. Pure: page model and
 * schema registry in, findings out.
 */
import type { Body, Example, Page, PropertyRow, ResponseExample } from '../docs/model.ts';
import { sentBodyText } from '../docs/http-message.ts';
import { readOnlyStatement } from './statements.ts';
import {
  formatLocation,
  pageFailed,
  type Finding,
  type FindingRule,
  type Location,
  type Severity,
} from '../core/finding.ts';
import type { ResourceShape } from './build-schemas.ts';
import type { SchemaError, SchemaRegistry } from './registry.ts';
import { lineOfPointer } from './pointer-line.ts';
import { undocumentedPropertiesValidator } from './closed.ts';
import { isJsonObject, pointerToken } from '../core/json.ts';

/** Response types that name no resource: media streams and primitive values are not validated (as ApiDoctor). */
const UNCHECKED_TYPES = /^(edm\.)?(stream|string|binary|boolean|int\d*|double|guid)$/i;

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/**
 * What a documented response is checked against, at run time and offline alike: Graph's error body for an error, else
 * the type its annotation names, else its body's `@odata.type`, else the resource the page's Response section names.
 */
export type DocumentedSchema =
  | { readonly kind: 'error' }
  | { readonly kind: 'resource'; readonly type: string; readonly from: 'annotation' | 'body' | 'page' }
  | { readonly kind: 'none' };

export function documentedSchemaOf(page: Page, response: ResponseExample): DocumentedSchema {
  const body = response.body.kind === 'json' ? response.body.value : undefined;
  if (response.expectError || isErrorBody(body)) return { kind: 'error' };
  if (response.odataType !== undefined) return { kind: 'resource', type: response.odataType, from: 'annotation' };
  const fromBody = isJsonObject(body) && typeof body['@odata.type'] === 'string' ? body['@odata.type'] : undefined;
  if (fromBody !== undefined) return { kind: 'resource', type: fromBody.replace(/^#/, ''), from: 'body' };
  const fromPage = page.responseResource?.name;
  return fromPage !== undefined ? { kind: 'resource', type: fromPage, from: 'page' } : { kind: 'none' };
}

/** Every finding about the page's examples: each example's request and response, and requests documented twice. */
export function checkExamples(page: Page, registry: SchemaRegistry): Finding[] {
  return [
    ...page.examples.flatMap((example) => {
      // What fails in the harness on one example is a finding there; every other example is still checked.
      try {
        return [...checkRequestExample(page, example, registry), ...checkResponseExample(page, example, registry)];
      } catch (error) {
        return [pageFailed(example.request.location, `checking the example "${example.name}"`, error)];
      }
    }),
    ...conflictingResponses(page),
  ];
}

/**
 * The findings that say one example contradicts its own page: the parser's about its request and response, and the
 * checks above. A run asks this of the example it replays, to tell a doc's contradiction from a target's departure.
 */
export function findingsOfExample(page: Page, example: Example, registry: SchemaRegistry): Finding[] {
  const own = [example.request.location, ...(example.response ? [example.response.location] : [])].map(formatLocation);
  return [
    ...page.findings.filter((f) => own.includes(formatLocation(f.location))),
    ...checkRequestExample(page, example, registry),
    ...checkResponseExample(page, example, registry),
    ...conflictingResponses(page).filter((f) => f.location === example.request.location),
  ];
}

export function checkResponseExample(page: Page, example: Example, registry: SchemaRegistry): Finding[] {
  const response = example.response;
  if (!response || response.body.kind !== 'json') return [];
  const body = response.body;
  const findings: Finding[] = [];
  const at = (location: Location, rule: FindingRule, severity: Severity, message: string, extra = {}): void => {
    findings.push({ rule, severity, message, location, ...extra });
  };

  const documented = documentedSchemaOf(page, response);
  if (documented.kind === 'error') {
    for (const error of registry.errorValidator()(body.value))
      at(
        pointerLocation(body, error.pointer),
        'response-schema',
        'error',
        `the error response of "${example.name}" is not Graph's error body: ${describe(error, '')}`,
        { pointer: error.pointer },
      );
    return findings;
  }
  if (documented.kind === 'none' || documented.from !== 'annotation') {
    at(
      response.annotation.location,
      'response-type-missing',
      'warning',
      documented.kind === 'none'
        ? `the JSON response of "${example.name}" names no "@odata.type" in its annotation, and neither its body nor the Response section names a type, so it is not checked against a schema`
        : `the JSON response of "${example.name}" names no "@odata.type" in its annotation; it is checked as ${documented.type}, which ${documented.from === 'body' ? 'its body' : 'the Response section'} names`,
    );
  }
  if (documented.kind === 'none') return findings;
  const type = documented.type;
  if (UNCHECKED_TYPES.test(type)) return findings;
  if (documented.from === 'annotation') findings.push(...typeMismatches(example, response, body, type, registry));
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
  const undocumented = undocumentedPropertiesValidator(registry, type, page.version);
  const nullable = response.annotation.meaning.nullableProperties ?? shape?.nullable;
  const optional = new Set([...response.annotation.meaning.optionalProperties, ...(shape?.optional ?? [])]);
  for (const [index, item] of items.values.entries()) {
    const prefix = `${items.pointer}${response.isCollection ? `/${index.toString()}` : ''}`;
    const errors = validator(item);
    for (const error of errors) {
      at(
        pointerLocation(body, `${prefix}${error.pointer}`),
        'response-schema',
        'error',
        `the response of "${example.name}" does not match ${type}: ${describe(error, prefix)}`,
        { pointer: `${prefix}${error.pointer}`, ...related(error) },
      );
    }
    // An item that names its own documented type (a malwareRiskEvent among identityRiskEvents, whose page does not
    // say it derives) is closed as that type: a type mismatch is `response-type-mismatch`'s to report, once.
    const own = namedType(item, type);
    const closed = (own && undocumentedPropertiesValidator(registry, own, page.version)) || undocumented;
    const closedAs = closed === undocumented ? type : (own ?? type);
    for (const error of closed?.(item) ?? []) {
      if (errors.some((e) => e.pointer === error.pointer)) continue;
      at(
        pointerLocation(body, `${prefix}${error.pointer}`),
        'response-undocumented-property',
        'warning',
        `the response of "${example.name}" shows ${prefix}${error.pointer}, which the tables of ${closedAs} do not document`,
        { pointer: `${prefix}${error.pointer}`, ...related(error) },
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
            { pointer: `${prefix}/${pointerToken(name)}` },
          );
      }
    }
    if (!response.truncated && shape) {
      const missing = documentedProperties(registry, shape).filter(
        (p) => !p.navigation && !optional.has(p.name) && !Object.hasOwn(item, p.name),
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

/**
 * Items of the body whose `@odata.type` names another type than the annotation, and not one derived from it: the page
 * says two things about what the answer is. (With the type documented, the schema pins `@odata.type` too; this also
 * holds where it is not.)
 */
function typeMismatches(
  example: Example,
  response: ResponseExample,
  body: Extract<Body, { kind: 'json' }>,
  type: string,
  registry: SchemaRegistry,
): Finding[] {
  const lower = type.toLowerCase();
  const derived = new Set(
    registry.resourceSchemas(type).flatMap((s) => s.shape?.descendants.map((d) => d.typeName.toLowerCase()) ?? []),
  );
  const items = itemsOf(response, body.value);
  if (items === undefined) return [];
  return items.values.flatMap((item, index): Finding[] => {
    const named = isJsonObject(item) ? item['@odata.type'] : undefined;
    if (typeof named !== 'string') return [];
    const name = named.replace(/^#/, '').toLowerCase();
    if (name === lower || derived.has(name)) return [];
    const pointer = `${items.pointer}${response.isCollection ? `/${index.toString()}` : ''}/@odata.type`;
    return [
      {
        rule: 'response-type-mismatch',
        severity: 'warning',
        message: `${pointer} of "${example.name}" is ${JSON.stringify(named)}, but its annotation says the response is a ${type}`,
        location: pointerLocation(body, pointer),
        related: response.annotation.location,
        pointer,
      },
    ];
  });
}

export function checkRequestExample(page: Page, example: Example, registry: SchemaRegistry): Finding[] {
  const { request } = example;
  if (request.body.kind !== 'json' || !WRITES.has(request.method)) return [];
  const body = request.body;
  const readOnly = readOnlyRowsSent(page, body.value).map((row): Finding => {
    const pointer = `/${pointerToken(row.name)}`;
    return {
      rule: 'request-sends-read-only',
      severity: 'warning',
      message: `the request body of "${example.name}" sends ${row.name}, which the request-body table calls read-only`,
      location: pointerLocation(body, pointer),
      related: row.location,
      pointer,
    };
  });
  const errors = registry.requestBodyValidator(page)?.(body.value);
  if (!errors) return readOnly;
  return [
    ...errors.map((error): Finding => ({
      rule: 'request-body-schema',
      severity: 'error',
      message: `the request body of "${example.name}" does not match the request-body table: ${describe(error, '')}`,
      location: pointerLocation(body, error.pointer),
      pointer: error.pointer,
      ...related(error),
    })),
    ...readOnly,
  ];
}

/**
 * The request-body rows that the page calls read-only without a condition and that `body` sends: the page then says
 * both that the property cannot be written and that this request writes it. Probes leave such a row out, and the mock
 * takes the write, as the example shows.
 */
export function readOnlyRowsSent(page: Page, body: unknown): PropertyRow[] {
  if (!isJsonObject(body)) return [];
  return (page.requestBody?.properties ?? []).filter(
    (row) => Object.hasOwn(body, row.name) && readOnlyStatement(row.description).kind === 'always',
  );
}

/**
 * Examples that send the same request (method, URL, headers, body) and document different statuses: the page gives
 * one request two answers, and the request does not carry what tells them apart (a tenant's state, usually). A reader
 * cannot tell which to expect, and neither can a service's test. Reported on each of them, naming the first one that
 * differs; where the examples' headings describe them differently, the finding quotes them (the page says what decides,
 * in prose only), else it says the page is silent.
 */
export function conflictingResponses(page: Page): Finding[] {
  const groups = new Map<string, Example[]>();
  for (const example of page.examples) {
    if (example.response === undefined) continue;
    const key = requestKey(example);
    groups.set(key, [...(groups.get(key) ?? []), example]);
  }
  const findings: Finding[] = [];
  for (const group of groups.values()) {
    for (const example of group) {
      const status = example.response?.status;
      const other = group.find((e) => e.response !== undefined && e.response.status !== status);
      if (other?.response === undefined || status === undefined) continue;
      const own = example.request.heading;
      const theirs = other.request.heading;
      const told = own !== theirs;
      const quoted = (heading: string | undefined): string =>
        told && heading !== undefined ? ` (under "${heading}")` : '';
      const decides = told
        ? 'only their headings tell them apart; the request does not carry what decides'
        : 'the page does not say what decides between them';
      findings.push({
        rule: 'conflicting-responses',
        severity: 'warning',
        message: `"${example.name}"${quoted(own)} sends the same request as "${other.name}"${quoted(theirs)} (${formatLocation(other.request.location)}) but documents ${String(status)}, where "${other.name}" documents ${String(other.response.status)}; ${decides}`,
        location: example.request.location,
        related: other.request.location,
      });
    }
  }
  return findings;
}

/** What a service sees of a documented request: method, URL, headers (any order, names in any case) and body. */
function requestKey(example: Example): string {
  const { request } = example;
  const headers = request.headers
    .map((h) => `${h.name.toLowerCase()}:${h.value.trim()}`)
    .sort()
    .join('\n');
  return [request.method, request.url, headers, sentBodyText(request.body)].join('\u0000');
}

/** The objects to validate: the body, or each item of a collection's array (a bare array is accepted too). */
function itemsOf(
  response: ResponseExample,
  value: unknown,
): { values: readonly unknown[]; pointer: string } | undefined {
  if (!response.isCollection) return { values: [value], pointer: '' };
  if (Array.isArray(value)) return { values: value, pointer: '' };
  const array = isJsonObject(value) ? value[response.collectionProperty] : undefined;
  return Array.isArray(array) ? { values: array, pointer: `/${pointerToken(response.collectionProperty)}` } : undefined;
}

function shapeOf(registry: SchemaRegistry, type: string, page: Page): ResourceShape | undefined {
  const candidates = registry.resourceSchemas(type);
  return (candidates.find((s) => s.version === page.version) ?? candidates[0])?.shape;
}

/**
 * The properties a response example shows that another instance of its type need not carry: for a type documented
 * as open, those beyond its tables and its bases' (an open extension's `dealValue`); for a type the doc set does not
 * document, every one it shows (nothing tells the type's own from the instance's). Undefined for a documented closed
 * type, whose tables say what every instance carries, and where no type is named.
 */
export function instanceOnlyProperties(
  registry: SchemaRegistry,
  page: Page,
  response: ResponseExample,
): readonly string[] | undefined {
  // Without a type named, the example is the whole description of the answer, on every path of the operation.
  if (response.body.kind !== 'json' || response.odataType === undefined) return undefined;
  const shape = shapeOf(registry, response.odataType, page);
  if (shape !== undefined && shape.open !== true) return undefined;
  const declared = new Set(shape === undefined ? [] : documentedProperties(registry, shape).map((p) => p.name));
  const items = itemsOf(response, response.body.value)?.values ?? [];
  const shown = items.flatMap((item) => (isJsonObject(item) ? Object.keys(item) : []));
  return [...new Set(shown)].filter((name) => !declared.has(name) && !name.includes('@odata.'));
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

function describe(error: SchemaError, prefix: string): string {
  return `${`${prefix}${error.pointer}` || '/'} ${error.message}${error.source ? `, documented at ${error.source}` : ''}`;
}

/** The table row the broken rule comes from, as the other place of the contradiction. */
function related(error: SchemaError): { related?: Location } {
  const source = error.source === undefined ? undefined : sourceLocation(error.source);
  return source === undefined ? {} : { related: source };
}

/**
 * A schema's `x-source` as a location. The keyword's value is a `file:line` reference by construction (see
 * `SOURCE_KEYWORD`), the one place a location is written as text in a schema.
 */
export function sourceLocation(source: string): Location | undefined {
  const match = /^(.*):(\d+)$/.exec(source);
  return match?.[1] === undefined || match[2] === undefined ? undefined : { file: match[1], line: Number(match[2]) };
}

export function pointerLocation(body: Extract<Body, { kind: 'json' }>, pointer: string): Location {
  return { file: body.location.file, line: body.location.line + lineOfPointer(body.text, pointer) - 1 };
}

function isErrorBody(value: unknown): boolean {
  return isJsonObject(value) && Object.keys(value).length === 1 && 'error' in value;
}

/** Whether one of the page's request examples writes the property `name` (at the top of its JSON body). */
export function examplesWrite(page: Page, name: string): boolean {
  return page.examples.some((example) => {
    const body = example.request.body;
    return body.kind === 'json' && isJsonObject(body.value) && Object.hasOwn(body.value, name);
  });
}

/** The type an item's `@odata.type` names, when it is another than the declared one. */
function namedType(item: unknown, declared: string): string | undefined {
  const named = isJsonObject(item) ? item['@odata.type'] : undefined;
  if (typeof named !== 'string') return undefined;
  const name = named.replace(/^#/, '');
  return name.toLowerCase() === declared.toLowerCase() ? undefined : name;
}
