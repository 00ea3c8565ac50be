/**
 * One conformance case as named Playwright steps. Each step checks one promise of the doc, so a failure in the report
 * reads as the promise that was broken, and each departure is recorded with its cause (see `ledger.ts`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CaseRequest, HandedOutUrl, ReadyCase } from '../cases/model.ts';
import { originOf, urlAt } from '../cases/handed-out.ts';
import { answerCarriesWrite } from '../cases/write-answer.ts';
import { isJsonObject, parseJsonOrUndefined } from '../core/json.ts';
import { formatContentRange, rangeBytes, rangeLength } from '../core/content-range.ts';
import { EXAMPLE_HEADER, SESSION_HEADER, exampleReference } from '../core/embedded-tenant.ts';
import { formatLocation, type Finding } from '../core/finding.ts';
import type { Body, Example, Page, ResponseExample } from '../docs/model.ts';
import { documentedSchemaOf, instanceOnlyProperties, findingsOfExample } from '../schema/example-checks.ts';
import { odataTypeOf, type SchemaRegistry } from '../schema/registry.ts';
import type { Exchange } from './exchange.ts';
import type { WriteGuard } from './fixtures.ts';
import { toHandedOut, type HandedOutRequest, type TargetClient, type TargetRequest } from './target-client.ts';
import { isWrite } from './write-guard.ts';
import type { NamedSchema } from './strictness.ts';
import { describeStandIn, standInBytes } from './stand-in-bytes.ts';
import { documentedShape, echoedValues, readBackValues, type Problem, type ShapeLeeway } from './response-checks.ts';
import type { DocumentedReads } from './read-back.ts';
import { uncheckedValues } from './unchecked-types.ts';
import { targetOrigin, type Settings } from '../settings/settings.ts';
import { carriesContent } from '../core/http.ts';
import { mockSessionOf } from './run-state.ts';
import type { Suite } from './suite.ts';
import { LENIENT_REASON, resourceSchemaAt } from './strictness.ts';
import type { TestLedger } from './ledger.ts';
import {
  collectionDeparture,
  contentTypeDepartures,
  errorAnswerDepartures,
  notJsonDeparture,
  problemDepartures,
  schemaDepartures,
  straysFromItsPage,
  echoedFindings,
  shapeDepartures,
  statusDepartures,
  type Found,
} from './departures.ts';
import { answered } from './sentences.ts';
import type { RowStatements } from '../metadata/row-statements.ts';

export interface CaseContext {
  /** Origin of the target: TARGET_URL, or the embedded mock tenant. */
  readonly origin: string;
  readonly settings: Settings;
  readonly registry: SchemaRegistry;
  /** Sends to the target with the run's token, request budget and retries. */
  readonly client: TargetClient;
  /** Reads before and undoes after each write, where writes are guarded (ALLOW_WRITES=1). */
  readonly writeGuard: WriteGuard;
  /** What the test found, and everything it writes into the report. */
  readonly ledger: TestLedger;
  /** Against the embedded mock, the test's own state session (`x-mock-session`). */
  readonly mockSession?: string;
  /** What the run's service metadata states about the documented rows (the DocSet's), where a page is silent. */
  readonly metadata?: RowStatements;
  /** The GETs the doc set documents, to read a write back; absent: writes are not read back. */
  readonly documentedReads?: DocumentedReads;
}

/** What a collected test replays with: the suite's target, settings, schemas and metadata, and the test's fixtures. */
export function caseContext(
  suite: Suite,
  fixtures: Pick<CaseContext, 'client' | 'writeGuard' | 'ledger'>,
  testId: string,
): CaseContext {
  const { settings, view } = suite;
  return {
    origin: targetOrigin(settings),
    settings,
    registry: view.registry,
    ...(view.metadataStatements === undefined ? {} : { metadata: view.metadataStatements }),
    documentedReads: view.documentedReads,
    client: fixtures.client,
    writeGuard: fixtures.writeGuard,
    ledger: fixtures.ledger,
    // Against the embedded mock, each test has its own state session.
    ...(settings.targetUrl === undefined ? { mockSession: mockSessionOf(testId) } : {}),
  };
}

export async function runCase(c: ReadyCase, ctx: CaseContext): Promise<void> {
  const { ledger } = ctx;
  const expected = c.kind.type === 'requires-auth' ? undefined : c.kind.expected;
  ledger.documentedExchange(c.example, expected);
  if (c.request.handedOut !== undefined) {
    await runHandedOut(c, c.request.handedOut, ctx);
    ledger.conclude();
    return;
  }
  const withAuth = c.kind.type !== 'requires-auth';
  const sent = requestToSend(c.request, mockHeaders(ctx, c.example));
  await guardWrite(ctx, sent, c.request.path);
  const title = `send ${sent.method} ${c.request.path}${withAuth ? '' : ' without Authorization'}`;
  const result = await ledger.send(title, () => send(ctx, sent, withAuth));
  if (isWrite(sent.method)) ctx.writeGuard.afterWrite(result);
  ledger.exchange(result);

  if (c.kind.type === 'requires-auth') await checkRefusedWithoutToken(c, result, ctx);
  else await checkAgainstDoc(c, c.kind.expected, result, ctx);
  ledger.conclude();
}

/** A write is read first where writes are guarded; one that could not be undone is not sent. */
async function guardWrite(ctx: CaseContext, sent: TargetRequest, path: string): Promise<void> {
  if (!isWrite(sent.method)) return;
  const refused = await ctx.ledger.step(`read ${path} before changing it`, () => ctx.writeGuard.beforeWrite(sent));
  if (refused !== undefined) ctx.ledger.skip('write-not-restorable', refused);
}

/** To the target (signed, unless `authorize` is false), or to a URL it handed out (never signed). */
function send(ctx: CaseContext, request: TargetRequest | HandedOutRequest, authorize = false): Promise<Exchange> {
  const timeoutMs = Math.max(5_000, ctx.ledger.timeoutMs - 5_000);
  return 'url' in request
    ? ctx.client.sendHandedOut(request, { timeoutMs })
    : ctx.client.send(request, { authorize, timeoutMs });
}

async function checkRefusedWithoutToken(c: ReadyCase, result: Exchange, ctx: CaseContext): Promise<void> {
  const header = c.page.requestHeaders.find((h) => h.name.toLowerCase() === 'authorization');
  const documentedAt = header ? [header.location] : [c.documented];
  const says = `the page marks Authorization required${header ? ` (${formatLocation(header.location)})` : ''}`;
  const status = result.response.status;
  const passed = await ctx.ledger.check(
    'status is 401 without a token',
    () =>
      status === 401
        ? []
        : [
            {
              cause: 'target',
              rule: 'auth-required',
              documentedAt,
              pointers: [],
              documented: 401,
              actual: status,
              message: `${says}; without it the target answered ${answered(result.response)}, where Graph refuses with 401`,
            },
          ],
    { gate: true },
  );
  if (passed)
    await ctx.ledger.check("body is Graph's error", () =>
      errorAnswerDepartures(result.response, ctx.registry.errorValidator(), documentedAt),
    );
}

/**
 * A request to a URL an earlier answer hands out: send the earlier request, take the URL from its answer where the
 * doc showed it, upload the bytes the documented request presumes were sent, then send the request there.
 *
 * The URL is pre-authenticated (Graph: "do not require an Authorization header"), so the client sends it no token,
 * and admits it first (where it may point: see target-client.ts). The URL is a credential: the client's admission
 * teaches the redactor its path and query. (Uploads through it run against loopback targets only: the write gate
 * skips them elsewhere, before anything is sent.)
 */
async function runHandedOut(c: ReadyCase, via: HandedOutUrl, ctx: CaseContext): Promise<void> {
  const { ledger } = ctx;
  if (c.kind.type === 'requires-auth')
    throw new Error('a request to a handed-out URL is never an authentication check');
  const producer = requestToSend(via.producerRequest, mockHeaders(ctx, via.producer));
  await guardWrite(ctx, producer, via.producerRequest.path);
  const first = await ledger.send(
    `send ${producer.method} ${via.producerRequest.path} ("${via.producer.name}"), whose answer hands out the URL`,
    () => send(ctx, producer, true),
  );
  if (isWrite(producer.method)) ctx.writeGuard.afterWrite(first);

  const shownAt = via.at.kind === 'header' ? `its ${via.at.name} header` : `its body at ${via.at.pointer}`;
  const handed = urlAt(via.at, first.response.headers, parseJsonOrUndefined(first.response.bodyText));
  // An answer's URL is the target's input: one that does not parse fails the step below, never `new URL` later.
  const admission = handed !== undefined && originOf(handed) !== undefined ? await ctx.client.admit(handed) : undefined;
  const url = admission !== undefined && 'url' in admission ? admission.url : undefined;
  ledger.exchange(first, via.producer.name);
  const producerResponse = via.producer.response;
  const handedOut = await ledger.check(
    `the answer hands out the URL (${shownAt})`,
    () => {
      if (producerResponse !== undefined && first.response.status !== via.producerStatus)
        return statusDepartures(c.page, producerResponse, first.response, pageFindings(c.page, via.producer, ctx));
      if (url !== undefined) return [];
      const at = producerResponse?.location ?? via.producer.request.location;
      const refused = admission !== undefined && 'refused' in admission ? admission.refused : undefined;
      return [
        {
          cause: 'target',
          rule: 'handed-out-url',
          documentedAt: [at],
          pointers: [],
          message:
            refused === undefined
              ? `the page (${formatLocation(at)}) shows an absolute URL in ${shownAt}; the answer has ${handed === undefined ? 'none' : 'no absolute URL there'}`
              : `the page (${formatLocation(at)}) shows a URL in ${shownAt}; the one the target handed out is not requested: ${refused}`,
        },
      ];
    },
    { gate: true },
  );
  if (!handedOut || url === undefined) return;
  await checkProducerBody(c, via, first, ctx);

  const before = via.bytesBefore;
  if (before !== undefined) {
    const upload: HandedOutRequest = {
      method: 'PUT',
      url,
      headers: {
        'Content-Range': formatContentRange(before),
        ...mockHeaders(ctx),
      },
      body: rangeBytes(before),
      shownBody: describeStandIn({ kind: 'bytes', range: before }, rangeLength(before)),
    };
    const sent = await ledger.send(
      `upload ${formatContentRange(before)} first, which the documented request presumes were sent`,
      () => send(ctx, upload),
    );
    ledger.exchange(sent, 'upload before');
    await ledger.check(
      'the earlier bytes are accepted',
      () =>
        sent.response.status >= 200 && sent.response.status < 300
          ? []
          : [
              {
                cause: 'target',
                rule: 'upload-accepted',
                documentedAt: [c.documented],
                pointers: [],
                actual: sent.response.status,
                message: `PUT ${formatContentRange(before)} to the handed-out URL, which the page presumes was accepted, was answered ${answered(sent.response)}`,
              },
            ],
      { gate: true },
    );
  }
  const request = toHandedOut(requestToSend(c.request, mockHeaders(ctx)), url);
  const result = await ledger.send(
    `send ${request.method} to the handed-out URL (the doc shows ${c.request.path})`,
    () => send(ctx, request),
  );
  ledger.exchange(result);
  await checkAgainstDoc(c, c.kind.expected, result, ctx);
}

/**
 * The answer that handed out the URL is an answer the page documents too (its own example's response): its body must
 * match the documented type at every depth (a malformed `expirationDateTime` of an upload session is the target's),
 * whatever the later request shows.
 */
async function checkProducerBody(c: ReadyCase, via: HandedOutUrl, first: Exchange, ctx: CaseContext): Promise<void> {
  const expected = via.producer.response;
  if (expected?.body.kind !== 'json') return;
  await ctx.ledger.check(`the answer to "${via.producer.name}" is labelled JSON`, () =>
    contentTypeDepartures(expected.location, first.response),
  );
  if (ctx.settings.strictness === 'lenient') return;
  const documented = documentedSchemaOf(c.page, expected);
  if (documented.kind !== 'resource') return;
  const schema = resourceSchemaAt(ctx.settings.strictness, ctx.registry, documented.type, c.version);
  const actual = parseJsonOrUndefined(first.response.bodyText);
  if (schema === undefined || actual === undefined) return;
  await ctx.ledger.check(`the answer to "${via.producer.name}" matches ${schema.name}`, () =>
    schemaCheck(schema, false, expected, actual, pageFindings(c.page, via.producer, ctx)),
  );
}

const findingsCache = new WeakMap<Example, readonly Finding[]>();

/** The findings `graph-conformance lint` reports for the example: where the page contradicts itself. */
export function pageFindings(page: Page, example: Example, ctx: CaseContext): readonly Finding[] {
  let found = findingsCache.get(example);
  if (found === undefined) {
    found = findingsOfExample(page, example, ctx.registry);
    findingsCache.set(example, found);
  }
  return found;
}

async function checkAgainstDoc(
  c: ReadyCase,
  expected: ResponseExample,
  result: Exchange,
  ctx: CaseContext,
): Promise<void> {
  const { ledger } = ctx;
  const findings = pageFindings(c.page, c.example, ctx);
  const where = formatLocation(expected.location);
  const response = result.response;
  if (
    !(await ledger.check(`status is ${expected.status}`, () => statusDepartures(c.page, expected, response, findings), {
      gate: true,
    }))
  )
    return;
  if (expected.body.kind === 'json' && !carriesContent(expected.status))
    await ledger.skipStep(
      'the body the page shows',
      `the page shows a body with ${String(expected.status)} (${where}), a status that carries none (RFC 9110): the body shown is not checked`,
    );
  if (expected.body.kind !== 'json' || !carriesContent(expected.status)) {
    await readBack(c, undefined, ctx);
    return;
  }
  const documented = expected.body.value;

  await ledger.check('Content-Type is JSON', () => contentTypeDepartures(expected.location, response), { gate: true });
  const actual = parseJsonOrUndefined(response.bodyText);
  await ledger.check('body is JSON', () => (actual === undefined ? [notJsonDeparture(expected, response)] : []), {
    gate: true,
  });

  const schema = responseSchema(c, expected, ctx);
  const schemaStep = `body matches ${schema?.name ?? 'its documented type'}`;
  if (ctx.settings.strictness === 'lenient' && !expectsError(c, expected))
    await ledger.skipStep(schemaStep, LENIENT_REASON);
  else if (schema === undefined) await ledger.skipStep(schemaStep, 'the doc set documents no properties for this type');
  else
    await ledger.check(schemaStep, () =>
      straysFromItsPage(
        schemaCheck(
          schema,
          expectsError(c, expected),
          expected,
          actual,
          [...findings, ...echoedFindings(c.page, c.example, actual, (other) => pageFindings(c.page, other, ctx))],
          elsewhereSchemas(c, ctx),
        ),
        findings,
      ),
    );
  if (schema !== undefined) nameUncheckedValues(c, expected, actual, ctx);

  await ledger.check(
    `documented properties are present with their types${expected.truncated ? ' (truncated: extra ones allowed)' : ''}`,
    () =>
      straysFromItsPage(
        shapeDepartures(
          documentedShape(documented, actual, shapeLeeway(c, expected, ctx)),
          `the answer departs from the page's example (${where})`,
          expected,
          findings,
        ),
        findings,
      ),
  );

  const body = c.request.body;
  if (body.kind === 'json' && isWrite(c.request.method) && answerCarriesWrite(c.request.method, expected.status)) {
    await ledger.check('sent values come back', () =>
      problemDepartures(
        echoedValues(body.value, documented, actual),
        `values sent (${formatLocation(body.location)}) did not come back as the page shows (${where})`,
        [body.location, expected.location],
      ),
    );
  }
  await readBack(c, documented, ctx);
}

/** Against a remote target a read may lag a write (directory replication): a stale read is tried again, twice. */
const READ_BACK_WAITS_MS = [0, 1_000, 3_000];

/**
 * After a `PATCH` or `PUT` the target accepted, the GET the doc set documents for the same path must show the values
 * written (see `readBackValues`). A read that is not answered 200 says nothing about the write: the step is skipped.
 */
async function readBack(c: ReadyCase, documented: unknown, ctx: CaseContext): Promise<void> {
  const body = c.request.body;
  if (body.kind !== 'json' || (c.request.method !== 'PATCH' && c.request.method !== 'PUT')) return;
  const read = ctx.documentedReads?.(c.version, c.request.path);
  if (read === undefined) return;
  const { ledger } = ctx;
  const readAt = formatLocation(read.template.location);
  const request: TargetRequest = {
    method: 'GET',
    path: read.path,
    headers: {
      Accept: 'application/json',
      ...mockHeaders(ctx),
    },
  };
  const waits = ctx.mockSession === undefined ? READ_BACK_WAITS_MS : [0];
  let problems: Problem[] = [];
  let answer: Exchange | undefined;
  for (const waitMs of waits) {
    if (waitMs > 0) await sleep(waitMs);
    answer = await ledger.send(`read ${c.request.path} back (the GET documented at ${readAt})`, () =>
      send(ctx, request, true),
    );
    ledger.exchange(answer, 'read back');
    if (answer.response.status !== 200) break;
    problems = readBackValues(body.value, documented, parseJsonOrUndefined(answer.response.bodyText), read.path);
    if (problems.length === 0) break;
  }
  const step = 'the write reads back';
  if (answer !== undefined && answer.response.status !== 200) {
    await ledger.skipStep(
      step,
      `the read was answered ${answered(answer.response)}, which says nothing about the write`,
    );
    return;
  }
  // A JSON read is the documented GET's answer: labelled JSON as its page shows it (a client parses by the label).
  // A read that is not JSON (a file's bytes) says nothing about the write, and is not held to it.
  const labelled =
    answer === undefined || parseJsonOrUndefined(answer.response.bodyText) === undefined
      ? []
      : contentTypeDepartures(read.template.location, answer.response);
  // A write strayed onto a path its page does not document: what reads back there is not the page's to say.
  await ledger.check(step, () =>
    straysFromItsPage(
      [
        ...labelled,
        ...problemDepartures(
          problems,
          `values written (${formatLocation(body.location)}) do not read back with the GET documented at ${readAt}`,
          [body.location, read.template.location],
        ),
      ],
      pageFindings(c.page, c.example, ctx),
    ),
  );
}

/** At most this many values the doc set cannot type are named on one test. */
const UNCHECKED_NAMED = 20;

/**
 * Values of the answer whose type no page of the doc set documents are checked for their JSON kind only: the test
 * names each with the schema builder's `unresolved-type` finding (the table row), so it does not pass silently.
 */
function nameUncheckedValues(c: ReadyCase, expected: ResponseExample, actual: unknown, ctx: CaseContext): void {
  const documented = documentedSchemaOf(c.page, expected);
  if (documented.kind !== 'resource') return;
  const property = expected.isCollection ? expected.collectionProperty : undefined;
  const items: unknown = property !== undefined && isJsonObject(actual) ? actual[property] : undefined;
  const bodies = Array.isArray(items)
    ? items.map((item: unknown, index) => ({ prefix: `/${property ?? ''}/${String(index)}`, item }))
    : [{ prefix: '', item: actual }];
  const unchecked = bodies.flatMap(({ prefix, item }) =>
    uncheckedValues(ctx.registry, documented.type, c.version, item).map((u) => ({ ...u, pointer: prefix + u.pointer })),
  );
  for (const u of unchecked.slice(0, UNCHECKED_NAMED))
    ctx.ledger.emit.annotate(
      'not checked',
      `${u.pointer}: ${u.finding.message} (${formatLocation(u.finding.location)}, ${u.finding.rule})`,
    );
}

function expectsError(c: ReadyCase, expected: ResponseExample): boolean {
  return documentedSchemaOf(c.page, expected).kind === 'error';
}

/**
 * The body against its schema: as a whole, or item by item for a documented collection. An item of a type another
 * page documents for this very request (`elsewhere`, by lower-case type name) is checked against that type's schema.
 */
function schemaCheck(
  schema: NamedSchema,
  isError: boolean,
  expected: ResponseExample,
  actual: unknown,
  findings: readonly Finding[],
  elsewhere: ReadonlyMap<string, NamedSchema | undefined> = new Map(),
): Found[] {
  if (!expected.isCollection || isError)
    return schemaDepartures(schema.name, expected, [{ prefix: '', errors: schema.validate(actual) }], findings);
  const property = expected.collectionProperty;
  const items: unknown =
    typeof actual === 'object' && actual !== null && property in actual
      ? (actual as Record<string, unknown>)[property]
      : undefined;
  if (!Array.isArray(items)) return [collectionDeparture(expected)];
  return schemaDepartures(
    schema.name,
    expected,
    items.map((item: unknown, index) => {
      const type = odataTypeOf(item);
      const own = elsewhere.has(type) ? elsewhere.get(type) : schema;
      return { prefix: `/${property}/${String(index)}`, errors: own?.validate(item) ?? [] };
    }),
    findings,
  );
}

/** The schemas of the item types other pages document for this very request (see cases/same-request.ts). */
function elsewhereSchemas(c: ReadyCase, ctx: CaseContext): Map<string, NamedSchema | undefined> {
  const types = c.kind.type === 'example' ? (c.kind.elsewhere ?? []) : [];
  return new Map(
    types.map((t) => [
      t.type.toLowerCase(),
      resourceSchemaAt(ctx.settings.strictness, ctx.registry, t.type, c.version),
    ]),
  );
}

/**
 * What the example leaves open. On another path the page documents, the answer is another instance: where the doc set
 * does not say which properties every instance carries (an open type's dynamic ones; all of an undocumented type's),
 * those the example shows are its own instance's, not a promise, and the other instance may carry others.
 */
function shapeLeeway(c: ReadyCase, expected: ResponseExample, ctx: CaseContext): ShapeLeeway {
  const optional = expected.annotation.meaning.optionalProperties;
  const instance =
    c.kind.type === 'documented-path' ? instanceOnlyProperties(ctx.registry, c.page, expected) : undefined;
  const elsewhere = c.kind.type === 'example' ? (c.kind.elsewhere ?? []).map((t) => t.type.toLowerCase()) : [];
  return instance === undefined
    ? { truncated: expected.truncated, optional, elsewhere }
    : { truncated: true, optional: [...optional, ...instance], elsewhere };
}

/** The schema a response is checked against: the one lint checks the documented response against, at the level. */
function responseSchema(c: ReadyCase, expected: ResponseExample, ctx: CaseContext): NamedSchema | undefined {
  const documented = documentedSchemaOf(c.page, expected);
  if (documented.kind === 'error') return { name: 'Graph error', validate: ctx.registry.errorValidator() };
  if (documented.kind === 'none') return undefined;
  return resourceSchemaAt(ctx.settings.strictness, ctx.registry, documented.type, c.version);
}

/**
 * What the embedded mock is told besides the documented request: the test's state session, and the example the
 * request replays (EXAMPLE_HEADER), where one does. A real target is told neither.
 */
export function mockHeaders(ctx: CaseContext, replays?: Example): Record<string, string> {
  if (ctx.mockSession === undefined) return {};
  return {
    [SESSION_HEADER]: ctx.mockSession,
    ...(replays === undefined ? {} : { [EXAMPLE_HEADER]: exampleReference(replays.request.location) }),
  };
}

function requestToSend(request: CaseRequest, extra: Readonly<Record<string, string>>): TargetRequest {
  const headers: Record<string, string> = { ...Object.fromEntries(request.headers), ...extra };
  if (request.body.kind === 'json' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['Content-Type'] = 'application/json';
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'accept')) headers.Accept = 'application/json';
  const path = `${request.path}${request.query ? `?${request.query}` : ''}`;
  if (request.standIn !== undefined) {
    const bytes = standInBytes(request.standIn);
    return {
      method: request.method,
      path,
      headers,
      body: bytes,
      shownBody: describeStandIn(request.standIn, bytes.length),
    };
  }
  const body = bodyText(request.body);
  return { method: request.method, path, headers, ...(body !== undefined ? { body } : {}) };
}

/** JSON bodies are sent as strict JSON, also where the doc's text needed repairs to read. */
function bodyText(body: Body): string | undefined {
  if (body.kind === 'json') return JSON.stringify(body.value, null, 2);
  if (body.kind === 'text') return body.text;
  return undefined;
}
