/**
 * Example cases → probes, from the page's tables. Pure and deterministic (Playwright matches tests by title in every
 * worker). Every refused probe is checked against the closed request-body schema before it is kept: when the doc's own
 * schema would accept the "wrong" body, the doc cannot decide the probe and it is skipped, so no probe is a guess.
 * Where the page is silent (may this property be null?) or conditional ("read-only for synced users"), an `observe`
 * probe sends the request and records what the target does, without a verdict.
 *
 * Where the page is silent and Graph's service metadata is given, the metadata answers (`RowStatements`): a property
 * is sent null only where its `Nullable` allows it, and one the metadata makes computed, read-only or the key is never
 * generated. Without metadata nothing is guessed: a silent page gets no null.
 *
 * A request without `Authorization` is not built here: the `requires-auth` case already sends it.
 */
import fc from 'fast-check';
import type { ConformanceCase, CaseRequest } from './model.ts';
import { type Page, type PropertyRow, type RequestExample, type ResponseExample } from '../docs/model.ts';
import { formatFinding, formatLocation, pageFailed, type Finding, type Location } from '../core/finding.ts';
import { requestBodySchemaId, resourceSchemaId } from '../schema/build-schemas.ts';
import { asSignedInUser, pathMatcher } from '../docs/path-template.ts';
import { checkResponseExample, examplesWrite, pointerLocation } from '../schema/example-checks.ts';
import { ENUM_KEYWORD, jsonKinds, schemaTypes, type JsonSchema } from '../schema/json-schema.ts';
import type { SchemaError, SchemaRegistry, Validator } from '../schema/registry.ts';
import {
  nullabilityFromPage,
  nullabilityFromPageThen,
  readOnlyStatement,
  type NullabilitySource,
} from '../schema/statements.ts';
import type { MetadataStatement, RowStatements } from '../metadata/row-statements.ts';
import { arbitraryFor, writable, type SchemaLookup } from './body-arbitrary.ts';
import type { GeneratedProperty, ObservedRequest, ProbeCase, ProbeCheck, ProbeRequest } from './probe-model.ts';
import type { ProbeBody, WithMember } from './probe-body.ts';
import type { Skip } from './model.ts';
import { answerCarriesWrite } from './write-answer.ts';
import { isJsonObject, ownValue, pointerToken, pointerTokens } from '../core/json.ts';
import { withUniqueTitles } from './unique-titles.ts';

export const PROBE_TAG = '@probe';

/** The property-based probe: generated valid bodies, each sent and checked to come back. */
const REPLAY_PROBE = 'generated valid bodies are accepted and come back';

/** A property no Graph table documents: its name says what it is in a service's log. */
export const UNKNOWN_PROPERTY = 'undocumentedProbeProperty';

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/** Headers the other probes already cover: `Authorization` (the requires-auth case) and `Content-Type` (415). */
const COVERED_HEADERS = new Set(['authorization', 'content-type']);

/** What one probe is, before the example's request is known: a check to build, or why the doc cannot decide it. */
interface Draft {
  readonly name: string;
  readonly documented: Location;
  readonly decide: (request: CaseRequest) => ProbeCheck | Skip;
}

export interface ProbeOptions {
  /** What Graph's service metadata states about the documented rows: it answers where a page is silent. */
  readonly metadata?: RowStatements;
  /**
   * Where an example whose probes the harness failed to build is reported (`page-failed`, at the example), while the
   * other examples' probes are built. Without it the failure is thrown, naming the example.
   */
  readonly failures?: Finding[];
}

export function buildProbes(
  cases: readonly ConformanceCase[],
  registry: SchemaRegistry,
  options: ProbeOptions = {},
): ProbeCase[] {
  const lookup = schemaLookup(registry);
  const stated: Stated = { nullability: probeNullability(options.metadata), metadata: options.metadata ?? {} };
  const probes = cases.flatMap((c) => {
    try {
      return probesOf(c, registry, lookup, stated);
    } catch (error) {
      const failure = pageFailed(c.documented, `building the probes of ${c.title}`, error);
      if (!options.failures) throw new Error(formatFinding(failure), { cause: error });
      options.failures.push(failure);
      return [];
    }
  });
  return withUniqueTitles(probes);
}

/** Who says whether a property may be null: the page, and where it is silent the metadata's `Nullable`, when given. */
export function probeNullability(metadata: RowStatements | undefined): NullabilitySource {
  return metadata === undefined ? nullabilityFromPage : nullabilityFromPageThen((row) => metadata[row]?.nullable);
}

/** What is known of each row besides its page: its nullability, and what the metadata states. */
interface Stated {
  readonly nullability: NullabilitySource;
  readonly metadata: RowStatements;
}

/** Why the metadata says a row's property is never written by a client, or undefined. */
function readOnlyByMetadata(statement: MetadataStatement | undefined): string | undefined {
  switch (statement?.readOnly) {
    case undefined:
      return undefined;
    case 'computed':
      return `computed by the service (Core.Computed, ${statement.declared})`;
    case 'read-only':
      return `read-only in the metadata (Core.Permissions Read, ${statement.declared})`;
    case 'key':
      return `the key in the metadata (${statement.declared}): the doc does not say a write may set it`;
  }
}

function probesOf(c: ConformanceCase, registry: SchemaRegistry, lookup: SchemaLookup, stated: Stated): ProbeCase[] {
  if (c.kind.type !== 'example') return [];
  const expected = c.kind.expected;
  // Probes change the body the case sends: the documented one, with the placeholders of its URLs filled.
  const request = c.runnable ? { ...c.example.request, body: c.request.body } : c.example.request;
  const drafts = onePerName(draftsFor(c.page, request, expected, registry, lookup, stated));
  const strayed = strayedFromItsPage(c.page, c.example.request);
  return drafts.map((draft): ProbeCase => {
    const base = {
      title: `${c.title} › probe: ${draft.name}`,
      page: c.page,
      example: c.example,
      tags: [...c.tags, PROBE_TAG],
      version: c.version,
      documented: draft.documented,
      variant: `probe: ${draft.name}`,
      ...(c.operation === undefined ? {} : { operation: c.operation }),
    };
    if (!c.runnable) return { ...base, runnable: false, rule: c.rule, reason: c.reason };
    // Asked only of the replay probe, once per example, and only for a runnable one.
    const decided =
      strayed ??
      (draft.name === REPLAY_PROBE
        ? (responseContradiction(c, registry) ?? draft.decide(c.request))
        : draft.decide(c.request));
    return 'rule' in decided && 'reason' in decided
      ? { ...base, runnable: false, rule: decided.rule, reason: decided.reason }
      : { ...base, runnable: true, check: decided };
  });
}

/**
 * An example whose method and path its page does not document (the doc rule `path-not-documented`, which lint
 * reports): the page's headers and tables describe its own operation, not the one the example sends
 * (workforceintegration-update's second example creates with `POST`, under the update's `PATCH` table). A probe built
 * from them would test another operation against rules its page never states for it.
 */
function strayedFromItsPage(page: Page, request: RequestExample): Skip | undefined {
  const at = formatLocation(request.location);
  const finding = page.findings.find((f) => f.rule === 'path-not-documented' && formatLocation(f.location) === at);
  // `/me` is the signed-in user: user-update's example updates `/me` under `PATCH /users/{id | userPrincipalName}`,
  // the same operation, which the page's tables do describe.
  const matches = pathMatcher(asSignedInUser(request.path) ?? request.path);
  const sameOperation = page.httpRequests.some((t) => t.method === request.method && matches(t) !== undefined);
  return finding === undefined || sameOperation
    ? undefined
    : {
        rule: 'path-not-documented',
        reason: `${finding.message} (${at}): the page's headers and tables describe the operation it documents, so they cannot decide what this request gets`,
      };
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

/**
 * The replay probe checks what comes back against the example's response type: where the page's own response example
 * contradicts that type (the doc rule `response-schema`, which lint reports), an answer that follows the example breaks
 * it too, and the probe could not tell the target's fault from the page's.
 */
function responseContradiction(c: ConformanceCase, registry: SchemaRegistry): Skip | undefined {
  const finding = checkResponseExample(c.page, c.example, registry).find(
    (f) => f.rule === 'response-schema' && f.severity === 'error',
  );
  return finding === undefined
    ? undefined
    : {
        rule: 'response-schema',
        reason: `the documented response (${formatLocation(finding.location)}) does not match its own type (${finding.message}): an answer that follows it would fail this probe too`,
      };
}

function draftsFor(
  page: Page,
  example: RequestExample,
  expected: ResponseExample,
  registry: SchemaRegistry,
  lookup: SchemaLookup,
  stated: Stated,
): Draft[] {
  const drafts: Draft[] = page.requestHeaders
    .filter((h) => h.required && !COVERED_HEADERS.has(h.name.toLowerCase()))
    .map((h) => ({
      name: `without ${h.name} (required)`,
      documented: h.location,
      decide: () =>
        undecidable(
          `the doc marks ${h.name} required (${formatLocation(h.location)}) but does not say what a request without it gets`,
        ),
    }));
  const { body, method } = example;
  if (body.kind !== 'json' || !WRITES.has(method)) return drafts;
  if (!isJsonObject(body.value)) return drafts;
  const sent = body.value;
  const at = body.location;

  drafts.push({
    name: 'malformed JSON body',
    documented: at,
    decide: (r) => refused(r, 400, { kind: 'cut', body: sent }, `a JSON body (${formatLocation(at)})`),
  });
  drafts.push({
    name: 'body sent as text/plain',
    documented: at,
    decide: (r) =>
      refused(
        { ...r, headers: withHeader(r.headers, 'Content-Type', 'text/plain') },
        415,
        { kind: 'as-sent', body: sent },
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
      decide: () => undecidable('the page has no request-body table: the doc cannot decide which bodies are wrong'),
    });
    return drafts;
  }
  // The type as the page's version documents it, else as an unversioned doc set does.
  const typeOf = (typeName: string) =>
    registry.schemaById(resourceSchemaId(typeName, page.version)) ??
    registry.schemaById(resourceSchemaId(typeName, undefined));
  const answerTypes: AnswerTypes = {
    relationships: (typeName) =>
      new Set((typeOf(typeName)?.shape?.properties ?? []).filter((p) => p.navigation).map((p) => p.name)),
    row: (typeName, property) => {
      const rows = typeOf(typeName)?.schema.properties;
      return isJsonObject(rows) ? (ownValue(rows, property) as JsonSchema | undefined) : undefined;
    },
  };
  const exampleErrors = validate(sent);
  const probesOn = (base: Record<string, unknown>, matched?: Matched): Draft[] =>
    tableProbes(table.properties, schema, base, validate, expected, lookup, page, stated, answerTypes, matched);
  if (exampleErrors.length === 0) return [...drafts, ...probesOn(sent)];
  const contradiction = `the documented request body (${formatLocation(at)}) does not match its own request-body table (${exampleErrors.map((e) => `${e.pointer || '/'} ${e.message}`).join('; ')})`;
  // The table is the contract: the example's body, made to match it, still isolates one fault per probe.
  const matched = matchTable(sent, exampleErrors, schema, validate, lookup, stated.nullability);
  if (matched !== undefined)
    return [
      ...drafts,
      ...probesOn(matched.body, {
        why: `${contradiction}; this body is the example's made to match the table: ${matched.changes.join('; ')}`,
        contradicted: contradictedRows(exampleErrors, at),
      }),
    ];
  const why: Skip = {
    rule: 'request-body-schema',
    reason: `${contradiction}: a probe built on it would not isolate one fault, and it cannot be made to match the table`,
  };
  return [...drafts, ...probesOn(sent).map((d) => ({ ...d, decide: () => why }))];
}

/**
 * The example's body changed only where its table refuses it: a property the table does not require is left out, a
 * required one gets a valid value generated from its row (seeded, so every worker builds the same body). Undefined when
 * an error is not a property's (the body as a whole), no valid value can be made, or the table documents the object a
 * property of the body holds.
 */
export function matchTable(
  sent: Record<string, unknown>,
  errors: readonly SchemaError[],
  schema: JsonSchema,
  validate: Validator,
  lookup: SchemaLookup,
  nullability: NullabilitySource,
): { readonly body: Record<string, unknown>; readonly changes: readonly string[] } | undefined {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const leftOut = new Set<string>();
  const given: Record<string, unknown> = {};
  const changes: string[] = [];
  for (const name of new Set(errors.map((e) => e.pointer.split('/')[1]))) {
    if (name === undefined || name === '') return undefined;
    const property = name.replaceAll('~1', '/').replaceAll('~0', '~');
    const value = sent[property];
    // `{ "passwordCredential": { … } }` under a table of passwordCredential's own rows: the table describes what the
    // property holds, not the body; leaving it out would test a body the page never meant.
    if (isJsonObject(value) && validate(value).length === 0) return undefined;
    if (!required.has(property)) {
      leftOut.add(property);
      changes.push(`${property} left out`);
      continue;
    }
    const row = ownValue(properties, property);
    const made = row === undefined ? undefined : arbitraryFor(row, lookup, { property, nullability });
    if (!made?.ok) return undefined;
    const [valid] = fc.sample(made.arbitrary, { seed: 1, numRuns: 1 });
    given[property] = valid;
    changes.push(`${property} set to ${JSON.stringify(valid)}`);
  }
  const body = { ...Object.fromEntries(Object.entries(sent).filter(([key]) => !leftOut.has(key))), ...given };
  return changes.length > 0 && validate(body).length === 0 ? { body, changes } : undefined;
}

function undecidable(reason: string): Skip {
  return { rule: 'probe-undecidable', reason };
}

function tableProbes(
  rows: readonly PropertyRow[],
  schema: JsonSchema,
  sent: Record<string, unknown>,
  validate: Validator,
  expected: ResponseExample,
  lookup: SchemaLookup,
  page: Page,
  stated: Stated,
  answerTypes: AnswerTypes,
  matched?: Matched,
): Draft[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const refused = (r: CaseRequest, status: 400 | 415, body: ProbeBody, rule: string): ProbeCheck =>
    refusedOn(r, status, body, rule, matched?.why);
  const onMatched = matched === undefined ? '' : " (on the example's body made to match its table)";
  const drafts: Draft[] = [];
  const silentOnNull: ObservedRequest[] = [];
  for (const row of rows) {
    const property = ownValue(properties, row.name);
    if (!property) continue;
    const type = row.type.text.trim();
    const rule = `${row.name} is ${type} (${formatLocation(row.location)})`;
    const wrong = wrongTypeValue(row.name, sent, validate);
    drafts.push({
      name: `${row.name} is ${type}, sent ${wrong === undefined ? 'a value of another JSON type' : JSON.stringify(wrong)}`,
      documented: row.location,
      decide: (r) =>
        wrong === undefined
          ? undecidable(
              `the doc gives ${row.name} no type a value could contradict ("${type}" at ${formatLocation(row.location)})`,
            )
          : refused(r, 400, { kind: 'member', body: sent, name: row.name, value: wrong }, rule),
    });
    for (const literal of pastRange(property)) {
      drafts.push({
        name: `${row.name} is ${type}, sent ${literal}`,
        documented: row.location,
        decide: (r) => refused(r, 400, { kind: 'literal', body: sent, name: row.name, literal }, rule),
      });
    }
    const readOnly = readOnlyStatement(row.description);
    if (readOnly.kind !== 'silent') {
      const value = readOnlyValue(row.name, property, expected, lookup);
      const body: WithMember | undefined =
        value === undefined ? undefined : { kind: 'member', body: sent, name: row.name, value };
      const shown = value === undefined ? 'a value' : JSON.stringify(value);
      const cannot = undecidable(
        `no valid value of ${row.name} can be made to write (${formatLocation(row.location)})`,
      );
      // One of the page's own examples writes it: the page says both, and a refusal would prove nothing either way.
      const sentByExample: Skip = {
        rule: 'request-sends-read-only',
        reason: `an example of the page sends ${row.name}, which its request-body table calls read-only (${formatLocation(row.location)})`,
      };
      if (readOnly.kind === 'always')
        drafts.push({
          name: `${row.name} is read-only, sent ${shown}`,
          documented: row.location,
          decide: (r) =>
            examplesWrite(page, row.name)
              ? sentByExample
              : body === undefined
                ? cannot
                : refused(r, 400, body, `${row.name} is read-only (${formatLocation(row.location)})`),
        });
      else
        drafts.push({
          name: `${row.name} is read-only under a condition, sent ${shown}`,
          documented: row.location,
          decide: (r) =>
            body === undefined
              ? cannot
              : observe(r, 'read-only-conditional', [
                  {
                    subject: row.name,
                    says: `the page says ${row.name} is read-only only under a condition ("${readOnly.sentence}")${onMatched}`,
                    documented: row.location,
                    body,
                  },
                ]),
        });
    }
    // Null where neither the page nor the metadata says whether the property takes it: what the target does is worth
    // knowing. A property the metadata makes read-only is not written at all.
    const source = formatLocation(row.location);
    const silent =
      writable(property) &&
      allowsNull(property) &&
      readOnlyByMetadata(stated.metadata[source]) === undefined &&
      stated.nullability({ name: row.name, description: row.description, source }) === 'silent';
    if (silent)
      silentOnNull.push({
        subject: row.name,
        says: `the page is silent on null for ${row.name}${onMatched}`,
        documented: row.location,
        body: { kind: 'member', body: sent, name: row.name, value: null },
        strict: 'accepted',
      });
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
            { kind: 'member', body: sent, name: UNKNOWN_PROPERTY, value: 'probe' },
            `the request body takes the properties of its table (${formatLocation(tableAt)})`,
          )
        : undecidable('the request body is open to properties its table does not list'),
  });
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  if (silentOnNull.length > 0)
    drafts.push({
      name: 'null where the page is silent on it',
      documented: tableAt,
      decide: (r) => observe(r, 'null-undocumented', silentOnNull),
    });
  // An example that documents a refusal (validateProperties' 422) says nothing of what a valid body gets.
  if (expected.status < 400)
    drafts.push(
      replayDraft(
        rows,
        properties,
        required,
        sent,
        expected,
        { lookup, validate },
        page,
        tableAt,
        stated,
        answerTypes,
        matched,
      ),
    );
  return drafts;
}

/** The example's body, made to match its table (see `matchTable`), as the table probes are built on it. */
interface Matched {
  /** What the example sends against its table, and how the body was changed: said by each refusal probe. */
  readonly why: string;
  /** Rows the example's own value contradicts, each with why a valid body leaves it out. */
  readonly contradicted: ReadonlyMap<string, string>;
}

/**
 * The rows whose value in the page's example the table refuses (featurerolloutpolicies-post sends `"isEnabled": true`
 * where its table says String, and the resource says Boolean): the page contradicts itself there (lint:
 * request-body-schema), so which value the service takes is not the doc's to say, and a valid body leaves it out.
 */
function contradictedRows(errors: readonly SchemaError[], at: Location): ReadonlyMap<string, string> {
  const rows = new Map<string, string>();
  for (const error of errors) {
    const [name] = pointerTokens(error.pointer);
    // A missing required row, or a property the table lacks, is no value of a row to contradict.
    if (name === undefined || error.keyword === 'additionalProperties' || error.keyword === 'required') continue;
    if (rows.has(name)) continue;
    rows.set(name, `the page's example (${formatLocation(at)}) sends a value its table refuses (${error.message})`);
  }
  return rows;
}

/**
 * The page's response example shows a value of the row that its request-body table refuses (contact-update's table
 * has `categories` as a String; the contact it answers shows an array, as the contact page documents it).
 */
function shownAgainstTable(
  name: string,
  shown: Readonly<Record<string, unknown>>,
  validate: Validator,
  expected: ResponseExample,
): string | undefined {
  if (expected.body.kind !== 'json' || !Object.hasOwn(shown, name)) return undefined;
  const [error] = validate({ [name]: shown[name] }).filter((e) => pointerTokens(e.pointer)[0] === name);
  if (error === undefined) return undefined;
  const at = pointerLocation(expected.body, `/${pointerToken(name)}`);
  return `the page's response example (${formatLocation(at)}) shows a value its table refuses (${error.message})`;
}

/** OData's reference to an entity (`@odata.id`), or a navigation bound by one (`members@odata.bind`). */
function namesReference(name: string): boolean {
  return name === '@odata.id' || name.endsWith('@odata.bind');
}

/** The type of the answer a write gets, as its resource page documents it. */
interface AnswerTypes {
  /** Its navigation properties: bound by a write, not stored. */
  relationships(typeName: string): ReadonlySet<string>;
  /** Its row of the property, as a schema. */
  row(typeName: string, property: string): JsonSchema | undefined;
}

/**
 * Whether the answer type's row `answered` narrows the request table's plain string `sent` to some strings: the
 * resource names an enum (calendar-update's `color` is a String in the request table, a calendarColor on the
 * calendar), a format or a pattern. A valid body holds a value both tables allow; any string would be a guess that
 * the calendar page rules out.
 */
function narrows(answered: JsonSchema, sent: JsonSchema, lookup: SchemaLookup): boolean {
  return isPlainString(sent) && !isPlainString(answered) && onlyStrings(answered, lookup);
}

function isPlainString(schema: JsonSchema): boolean {
  const types = schemaTypes(schema);
  return (
    types.includes('string') &&
    types.every((t) => t === 'string' || t === 'null') &&
    schema.format === undefined &&
    schema.pattern === undefined &&
    schema.enum === undefined &&
    schema[ENUM_KEYWORD] === undefined
  );
}

/** Whether two schemas allow the same JSON kinds (null aside), following `$ref`s and `anyOf` branches. */
function sameKinds(a: JsonSchema, b: JsonSchema, lookup: SchemaLookup): boolean {
  const one = jsonKinds(a, lookup);
  const other = jsonKinds(b, lookup);
  return one.size === other.size && [...one].every((kind) => other.has(kind));
}

/** The schema allows strings (or null) and nothing else, following `$ref`s and `anyOf` branches. */
function onlyStrings(schema: JsonSchema, lookup: SchemaLookup): boolean {
  const kinds = jsonKinds(schema, lookup);
  return kinds.size === 1 && kinds.has('string');
}

/** The type map lets a typed property be null unless its row says "Not nullable". */
function allowsNull(schema: JsonSchema): boolean {
  if (Array.isArray(schema.type)) return schema.type.includes('null');
  return Array.isArray(schema.anyOf) && (schema.anyOf as JsonSchema[]).some((b) => b.type === 'null');
}

function observe(
  r: CaseRequest,
  rule: 'null-undocumented' | 'read-only-conditional',
  items: ObservedRequest[],
): ProbeCheck {
  return { type: 'observe', rule, request: requestOf(r), items };
}

function replayDraft(
  rows: readonly PropertyRow[],
  properties: Record<string, JsonSchema>,
  required: ReadonlySet<string>,
  sent: Record<string, unknown>,
  expected: ResponseExample,
  { lookup, validate }: { readonly lookup: SchemaLookup; readonly validate: Validator },
  page: Page,
  at: Location,
  stated: Stated,
  answerTypes: AnswerTypes,
  matched: Matched | undefined,
): Draft {
  const documentedType =
    expected.body.kind === 'json' &&
    isJsonObject(expected.body.value) &&
    typeof expected.body.value['@odata.type'] === 'string'
      ? expected.body.value['@odata.type'].replace(/^#/, '')
      : undefined;
  const responseType = expected.odataType ?? documentedType ?? page.responseResource?.name;
  const relationships = responseType === undefined ? new Set<string>() : answerTypes.relationships(responseType);
  const shown = expected.body.kind === 'json' && isJsonObject(expected.body.value) ? expected.body.value : {};
  const generated: GeneratedProperty[] = [];
  const leftOut: { name: string; reason: string }[] = [];
  for (const row of rows) {
    const schema = ownValue(properties, row.name);
    if (!schema) continue;
    const readOnly = readOnlyStatement(row.description);
    const byMetadata = readOnlyByMetadata(stated.metadata[formatLocation(row.location)]);
    const answered = responseType === undefined ? undefined : answerTypes.row(responseType, row.name);
    const contradicted = matched?.contradicted.get(row.name) ?? shownAgainstTable(row.name, shown, validate, expected);
    // The example and the answer's type agree against the table: a value the table allows would not come back as one.
    if (contradicted !== undefined && answered !== undefined && !sameKinds(answered, schema, lookup))
      leftOut.push({ name: row.name, reason: `${contradicted}, and the answer's type has it as another kind` });
    else if (readOnly.kind === 'always') leftOut.push({ name: row.name, reason: 'read-only' });
    else if (readOnly.kind === 'conditional')
      leftOut.push({ name: row.name, reason: `read-only under a condition ("${readOnly.sentence}")` });
    else if (row.name === 'id')
      leftOut.push({ name: row.name, reason: 'the key: the doc does not say a write may set it' });
    else if (namesReference(row.name))
      // ediscovery-sourcecollection-post-custodiansources' `@odata.id`: a generated string names no object.
      leftOut.push({ name: row.name, reason: 'a reference to an object that exists: a generated value names none' });
    else if (byMetadata !== undefined) leftOut.push({ name: row.name, reason: byMetadata });
    else if (relationships.has(row.name))
      // group-post-groups' members: "string collection" here, a directoryObject relationship of the group. A write
      // binds it (`members@odata.bind`); the answer shows it only under $expand: there is nothing to check it against.
      leftOut.push({ name: row.name, reason: `a relationship of ${responseType ?? 'the answer'}, bound, not stored` });
    else {
      const value = answered !== undefined && narrows(answered, schema, lookup) ? answered : schema;
      const made = arbitraryFor(value, lookup, { property: row.name, nullability: stated.nullability });
      if (made.ok)
        generated.push({ name: row.name, schema: value, location: row.location, required: required.has(row.name) });
      else leftOut.push({ name: row.name, reason: made.reason });
    }
  }
  const reasons = (names: ReadonlySet<string> | undefined): string =>
    leftOut
      .filter((l) => names === undefined || names.has(l.name))
      .map((l) => `${l.name}: ${l.reason}`)
      .join('; ');
  // A valid body carries every row the table marks required: one that cannot be made leaves no valid body to send.
  const missing = rows.filter((row) => required.has(row.name) && !generated.some((g) => g.name === row.name));
  const skip =
    missing.length > 0
      ? `the table marks ${missing.map((row) => `${row.name} (${formatLocation(row.location)})`).join(', ')} required, and no valid value can be generated (${reasons(new Set(missing.map((row) => row.name)))})`
      : generated.length === 0
        ? `no property of the table can be generated (${reasons(undefined)})`
        : undefined;
  const fixed = Object.hasOwn(sent, '@odata.type') ? { '@odata.type': sent['@odata.type'] } : {};
  return {
    name: REPLAY_PROBE,
    documented: at,
    decide: (r) =>
      skip !== undefined
        ? undecidable(skip)
        : {
            type: 'replay',
            request: requestOf(r),
            properties: generated,
            fixed,
            leftOut,
            expected,
            alternatives: otherSuccesses(page, r.method, expected),
            ...(responseType ? { responseType } : {}),
            comesBack: answerCarriesWrite(r.method, expected.status)
              ? generated.map((g) => g.name).filter((name) => name in shown)
              : [],
          },
  };
}

/** The success answers of the page's other examples of the method, one per status other than the expected one. */
function otherSuccesses(page: Page, method: string, expected: ResponseExample): ResponseExample[] {
  const byStatus = new Map<number, ResponseExample>();
  for (const example of page.examples) {
    const response = example.response;
    if (example.request.method !== method || response === undefined || response.expectError) continue;
    if (response.status < 200 || response.status >= 300 || response.status === expected.status) continue;
    if (!byStatus.has(response.status)) byStatus.set(response.status, response);
  }
  return [...byStatus.values()];
}

/** The first value of another JSON type that the request-body schema refuses at that property. */
function wrongTypeValue(name: string, sent: Record<string, unknown>, validate: Validator): unknown {
  // Asked of the property alone (with the body's `@odata.type`, which may choose the type whose row it is): its row's
  // type check does not look at the other members, and the validator reports every error (`allErrors`), so the
  // members left out change nothing here. A whole body checked five times for each of its rows was the costliest
  // part of building the probes.
  const alone: Record<string, unknown> = '@odata.type' in sent ? { '@odata.type': sent['@odata.type'] } : {};
  const candidates: unknown[] = [true, 'not-a-valid-value', 1.5, [], {}];
  return candidates.find((value) =>
    validate({ ...alone, [name]: value }).some((e) => e.pointer === `/${name}` && e.keyword === 'type'),
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

/** The documented answer's value when it shows one, else a valid value generated from the row. */
function readOnlyValue(name: string, schema: JsonSchema, expected: ResponseExample, lookup: SchemaLookup): unknown {
  const shown =
    expected.body.kind === 'json' && isJsonObject(expected.body.value) ? expected.body.value[name] : undefined;
  if (shown !== undefined && shown !== null) return shown;
  const made = arbitraryFor(schema, lookup, { property: name });
  return made.ok ? fc.sample(made.arbitrary, { seed: 1, numRuns: 1 })[0] : undefined;
}

function refused(r: CaseRequest, status: 400 | 415, body: ProbeBody, rule: string): ProbeCheck {
  return refusedOn(r, status, body, rule, undefined);
}

function refusedOn(
  r: CaseRequest,
  status: 400 | 415,
  body: ProbeBody,
  rule: string,
  matched: string | undefined,
): ProbeCheck {
  return {
    type: 'refused',
    status,
    request: { ...requestOf(r), body },
    rule,
    ...(matched === undefined ? {} : { matched }),
  };
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
