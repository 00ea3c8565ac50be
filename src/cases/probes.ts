/**
 * Example cases → probes, from the page's tables. Pure and deterministic (Playwright matches tests by title in every
 * worker). Every refused probe is checked against the closed request-body schema before it is kept: when the doc's own
 * schema would accept the "wrong" body, the doc cannot decide the probe and it is skipped, so no probe is a guess.
 *
 * A request without `Authorization` is not built here: the `requires-auth` case already sends it.
 */
import fc from 'fast-check';
import type { ConformanceCase, CaseRequest } from './model.ts';
import { type Page, type PropertyRow, type RequestExample, type ResponseExample } from '../docs/model.ts';
import { formatLocation, type Location } from '../core/finding.ts';
import { requestBodySchemaId } from '../schema/build-schemas.ts';
import type { JsonSchema } from '../schema/json-schema.ts';
import type { SchemaRegistry, Validator } from '../schema/registry.ts';
import { arbitraryFor, type SchemaLookup } from './body-arbitrary.ts';
import type { GeneratedProperty, ProbeCase, ProbeCheck, ProbeRequest } from './probe-model.ts';
import { isJsonObject } from '../core/json.ts';
import { withUniqueTitles } from './unique-titles.ts';

export const PROBE_TAG = '@probe';

/** A property no Graph table documents: its name says what it is in a service's log. */
export const UNKNOWN_PROPERTY = 'undocumentedProbeProperty';

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/** Headers the other probes already cover: `Authorization` (the requires-auth case) and `Content-Type` (415). */
const COVERED_HEADERS = new Set(['authorization', 'content-type']);

/** What one probe is, before the example's request is known: a check to build, or why the doc cannot decide it. */
interface Draft {
  readonly name: string;
  readonly documented: Location;
  readonly decide: (request: CaseRequest) => ProbeCheck | { readonly skip: string };
}

export function buildProbes(cases: readonly ConformanceCase[], registry: SchemaRegistry): ProbeCase[] {
  const lookup = schemaLookup(registry);
  const probes = cases.flatMap((c) => {
    if (c.kind.type !== 'example') return [];
    const expected = c.kind.expected;
    return onePerName(draftsFor(c.page, c.example.request, expected, registry, lookup)).map((draft): ProbeCase => {
      const base = {
        title: `${c.title} › probe: ${draft.name}`,
        page: c.page,
        example: c.example,
        tags: [...c.tags, PROBE_TAG],
        version: c.version,
        documented: draft.documented,
      };
      if (!c.runnable) return { ...base, runnable: false, reason: c.reason };
      const decided = draft.decide(c.request);
      return 'skip' in decided
        ? { ...base, runnable: false, reason: decided.skip }
        : { ...base, runnable: true, check: decided };
    });
  });
  return withUniqueTitles(probes);
}

/**
 * A property documented in two request-body tables (one per subtype, or per permission type) gives the same probe
 * twice: same name, same request. It is one test, from the first row.
 */
function onePerName(drafts: readonly Draft[]): Draft[] {
  const seen = new Set<string>();
  return drafts.filter((draft) => {
    if (seen.has(draft.name)) return false;
    seen.add(draft.name);
    return true;
  });
}

function draftsFor(
  page: Page,
  example: RequestExample,
  expected: ResponseExample,
  registry: SchemaRegistry,
  lookup: SchemaLookup,
): Draft[] {
  const drafts: Draft[] = page.requestHeaders
    .filter((h) => h.required && !COVERED_HEADERS.has(h.name.toLowerCase()))
    .map((h) => ({
      name: `without ${h.name} (required)`,
      documented: h.location,
      decide: () => ({
        skip: `the doc marks ${h.name} required (${formatLocation(h.location)}) but does not say what a request without it gets`,
      }),
    }));
  const { body, method } = example;
  if (body.kind !== 'json' || !WRITES.has(method)) return drafts;
  if (!isJsonObject(body.value)) return drafts;
  const sent = body.value;
  const at = body.location;

  drafts.push({
    name: 'malformed JSON body',
    documented: at,
    decide: (r) => refused(r, 400, unterminated(JSON.stringify(sent, null, 2)), `a JSON body (${formatLocation(at)})`),
  });
  drafts.push({
    name: 'body sent as text/plain',
    documented: at,
    decide: (r) =>
      refused(
        { ...r, headers: withHeader(r.headers, 'Content-Type', 'text/plain') },
        415,
        JSON.stringify(sent, null, 2),
        `a JSON body (${formatLocation(at)})`,
      ),
  });

  const table = page.requestBody;
  const validate = registry.requestBodyValidator(page);
  const schema = lookup(requestBodySchemaId(page));
  if (!table || table.properties.length === 0 || !validate || !schema) {
    drafts.push({
      name: 'request body from its table',
      documented: at,
      decide: () => ({ skip: 'the page has no request-body table: the doc cannot decide which bodies are wrong' }),
    });
    return drafts;
  }
  const exampleErrors = validate(sent);
  const tableDrafts = tableProbes(table.properties, schema, sent, validate, expected, lookup, page);
  if (exampleErrors.length === 0) return [...drafts, ...tableDrafts];
  const why = `the documented request body (${formatLocation(at)}) does not match its own request-body table (${exampleErrors.map((e) => `${e.pointer || '/'} ${e.message}`).join('; ')}): a probe built on it would not isolate one fault`;
  return [...drafts, ...tableDrafts.map((d) => ({ ...d, decide: () => ({ skip: why }) }))];
}

function tableProbes(
  rows: readonly PropertyRow[],
  schema: JsonSchema,
  sent: Record<string, unknown>,
  validate: Validator,
  expected: ResponseExample,
  lookup: SchemaLookup,
  page: Page,
): Draft[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const drafts: Draft[] = [];
  for (const row of rows) {
    const property = properties[row.name];
    if (!property) continue;
    const type = row.type.text.trim();
    const rule = `${row.name} is ${type} (${formatLocation(row.location)})`;
    const wrong = wrongTypeValue(row.name, sent, validate);
    drafts.push({
      name: `${row.name} is ${type}, sent ${wrong === undefined ? 'a value of another JSON type' : JSON.stringify(wrong)}`,
      documented: row.location,
      decide: (r) =>
        wrong === undefined
          ? {
              skip: `the doc gives ${row.name} no type a value could contradict ("${type}" at ${formatLocation(row.location)})`,
            }
          : refused(r, 400, JSON.stringify({ ...sent, [row.name]: wrong }, null, 2), rule),
    });
    for (const literal of pastRange(property)) {
      drafts.push({
        name: `${row.name} is ${type}, sent ${literal}`,
        documented: row.location,
        decide: (r) => refused(r, 400, withRawValue(sent, row.name, literal), rule),
      });
    }
    if (property.readOnly === true) {
      const value = readOnlyValue(row.name, property, expected, lookup);
      drafts.push({
        name: `${row.name} is read-only, sent ${value === undefined ? 'a value' : JSON.stringify(value)}`,
        documented: row.location,
        decide: (r) =>
          value === undefined
            ? { skip: `no valid value of ${row.name} can be made to write (${formatLocation(row.location)})` }
            : refused(
                r,
                400,
                JSON.stringify({ ...sent, [row.name]: value }, null, 2),
                `${row.name} is read-only (${formatLocation(row.location)})`,
              ),
      });
    }
  }

  const withUnknown = { ...sent, [UNKNOWN_PROPERTY]: 'probe' };
  const closed = validate(withUnknown).some((e) => e.pointer === `/${UNKNOWN_PROPERTY}`);
  const tableAt = page.requestBody?.location ?? rows[0]?.location ?? { file: page.file, line: 1 };
  drafts.push({
    name: `unknown property "${UNKNOWN_PROPERTY}"`,
    documented: tableAt,
    decide: (r) =>
      closed
        ? refused(
            r,
            400,
            JSON.stringify(withUnknown, null, 2),
            `the request body takes the properties of its table (${formatLocation(tableAt)})`,
          )
        : { skip: 'the request body is open to properties its table does not list' },
  });
  drafts.push(replayDraft(rows, properties, sent, expected, lookup, page, tableAt));
  return drafts;
}

function replayDraft(
  rows: readonly PropertyRow[],
  properties: Record<string, JsonSchema>,
  sent: Record<string, unknown>,
  expected: ResponseExample,
  lookup: SchemaLookup,
  page: Page,
  at: Location,
): Draft {
  const generated: GeneratedProperty[] = [];
  const leftOut: { name: string; reason: string }[] = [];
  for (const row of rows) {
    const schema = properties[row.name];
    if (!schema) continue;
    if (schema.readOnly === true) leftOut.push({ name: row.name, reason: 'read-only' });
    else if (row.name === 'id')
      leftOut.push({ name: row.name, reason: 'the key: the doc does not say a write may set it' });
    else {
      const made = arbitraryFor(schema, lookup);
      if (made.ok) generated.push({ name: row.name, schema, location: row.location });
      else leftOut.push({ name: row.name, reason: made.reason });
    }
  }
  const fixed = '@odata.type' in sent ? { '@odata.type': sent['@odata.type'] } : {};
  const documentedType =
    expected.body.kind === 'json' &&
    isJsonObject(expected.body.value) &&
    typeof expected.body.value['@odata.type'] === 'string'
      ? expected.body.value['@odata.type'].replace(/^#/, '')
      : undefined;
  const responseType = expected.odataType ?? documentedType ?? page.responseResource?.name;
  return {
    name: 'generated valid bodies are accepted and come back',
    documented: at,
    decide: (r) =>
      generated.length === 0
        ? {
            skip: `no property of the table can be generated (${leftOut.map((l) => `${l.name}: ${l.reason}`).join('; ')})`,
          }
        : {
            type: 'replay',
            request: requestOf(r),
            properties: generated,
            fixed,
            leftOut,
            expected,
            ...(responseType ? { responseType } : {}),
          },
  };
}

/** The first value of another JSON type that the request-body schema refuses at that property. */
function wrongTypeValue(name: string, sent: Record<string, unknown>, validate: Validator): unknown {
  const candidates: unknown[] = [true, 'not-a-valid-value', 1.5, [], {}];
  return candidates.find((value) =>
    validate({ ...sent, [name]: value }).some((e) => e.pointer === `/${name}` && e.keyword === 'type'),
  );
}

/** Literals just past an integer's documented range; Int64 literals are written raw, past what a JS number holds. */
export function pastRange(schema: JsonSchema): string[] {
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : [];
  if (!types.includes('integer')) return [];
  if (schema.format === 'int64') return ['-9223372036854775809', '9223372036854775808'];
  const out: string[] = [];
  if (typeof schema.minimum === 'number') out.push(String(BigInt(schema.minimum) - 1n));
  if (typeof schema.maximum === 'number') out.push(String(BigInt(schema.maximum) + 1n));
  return out;
}

/** The example's body with one property's value written as a raw JSON literal. */
function withRawValue(sent: Record<string, unknown>, name: string, literal: string): string {
  const marker = `\u0000raw-${name}\u0000`;
  return JSON.stringify({ ...sent, [name]: marker }, null, 2).replace(JSON.stringify(marker), literal);
}

/** The documented answer's value when it shows one, else a valid value generated from the row. */
function readOnlyValue(name: string, schema: JsonSchema, expected: ResponseExample, lookup: SchemaLookup): unknown {
  const shown =
    expected.body.kind === 'json' && isJsonObject(expected.body.value) ? expected.body.value[name] : undefined;
  if (shown !== undefined && shown !== null) return shown;
  const made = arbitraryFor(schema, lookup);
  return made.ok ? fc.sample(made.arbitrary, { seed: 1, numRuns: 1 })[0] : undefined;
}

/** The body cut before its closing brace. */
function unterminated(text: string): string {
  const end = text.lastIndexOf('}');
  return end > 0 ? text.slice(0, end) : `${text}{`;
}

function refused(r: CaseRequest, status: 400 | 415, bodyText: string, rule: string): ProbeCheck {
  return { type: 'refused', status, request: { ...requestOf(r), bodyText }, rule };
}

/** The example's request, with `Content-Type: application/json` as the runner sends JSON bodies. */
function requestOf(r: CaseRequest): ProbeRequest {
  const headers = r.headers.some(([name]) => name.toLowerCase() === 'content-type')
    ? r.headers
    : [...r.headers, ['Content-Type', 'application/json'] as const];
  return { method: r.method, path: r.path, query: r.query, headers };
}

function withHeader(
  headers: readonly (readonly [string, string])[],
  name: string,
  value: string,
): (readonly [string, string])[] {
  return [...headers.filter(([h]) => h.toLowerCase() !== name.toLowerCase()), [name, value] as const];
}

function schemaLookup(registry: SchemaRegistry): SchemaLookup {
  const byId = new Map(registry.schemas.map((s) => [s.id, s.schema]));
  return (id) => byId.get(id);
}
