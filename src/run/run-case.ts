/**
 * One conformance case as named Playwright steps. Each step checks one promise of the doc, so a failure in the report
 * reads as the promise that was broken.
 */
import { basename } from 'node:path';
import { test, type TestInfo } from '@playwright/test';
import type { CaseRequest, HandedOutUrl, ReadyCase } from '../cases/model.ts';
import { originOf, urlAt } from '../cases/handed-out.ts';
import { parseJsonOrUndefined } from '../core/json.ts';
import { formatContentRange, rangeBytes, rangeLength } from '../core/content-range.ts';
import type { Body, ResponseExample } from '../docs/model.ts';
import { formatLocation } from '../core/finding.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import { TargetUnavailable, type Exchange } from './exchange.ts';
import type { WriteGuard } from './fixtures.ts';
import { toHandedOut, type HandedOutRequest, type TargetClient, type TargetRequest } from './target-client.ts';
import { isWrite } from './write-guard.ts';
import { expect, type NamedSchema } from './matchers.ts';
import { redactHeaders, redactRedirect, type Redactor } from '../core/redact.ts';
import { describeStandIn, standInBytes } from './stand-in-bytes.ts';
import { documentedShape, echoedValues } from './response-checks.ts';
import type { Settings, Strictness } from '../settings/settings.ts';
import { LENIENT_REASON, resourceSchemaAt } from './strictness.ts';
import { runStateDir } from './run-state.ts';

export interface CaseContext {
  /** Origin of the target: TARGET_URL, or the embedded mock tenant. */
  readonly origin: string;
  readonly settings: Settings;
  readonly registry: SchemaRegistry;
  /** Sends to the target with the run's token, request budget and retries. */
  readonly client: TargetClient;
  /** Reads before and undoes after each write, where writes are guarded (ALLOW_WRITES=1). */
  readonly writeGuard: WriteGuard;
  readonly redact: Redactor;
  readonly testInfo: TestInfo;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

export async function runCase(c: ReadyCase, ctx: CaseContext): Promise<void> {
  reportStrictness(ctx.testInfo, ctx.settings.strictness);
  await attach(ctx, 'documented request', documentedRequestText(c), 'text/plain');
  if (c.request.handedOut !== undefined) {
    await runHandedOut(c, c.request.handedOut, ctx);
    return;
  }
  const withAuth = c.kind.type !== 'requires-auth';
  const sent = requestToSend(c.request, mockSession(ctx));

  if (isWrite(sent.method)) {
    const refused = await test.step(`read ${c.request.path} before changing it`, () =>
      ctx.writeGuard.beforeWrite(sent));
    test.skip(refused !== undefined, refused);
  }
  const result = await sendOrSkip(
    ctx,
    `send ${sent.method} ${c.request.path}${withAuth ? '' : ' without Authorization'}`,
    sent,
    withAuth,
  );
  if (isWrite(sent.method)) ctx.writeGuard.afterWrite(result);
  await attachExchange(ctx, result);

  if (c.kind.type === 'requires-auth') {
    await test.step('status is 401 without a token', () => {
      expect(result.response.status, 'a request without Authorization must be refused with 401').toBe(401);
    });
    await test.step("body is Graph's error", () => {
      expect(parseJson(result), 'the 401 must carry a JSON error body').toMatchSchema({
        name: 'Graph error',
        validate: ctx.registry.errorValidator(),
      });
    });
    return;
  }
  await checkAgainstDoc(c, c.kind.expected, result, ctx);
}

/**
 * Against the embedded mock each test gets its own state session: one test's DELETE cannot remove what another reads.
 * Named by run and test, so a mock reused from an earlier run (MOCK_PORT) holds nothing this run's tests wrote.
 */
function mockSession(ctx: CaseContext): string | undefined {
  return ctx.settings.targetUrl === undefined ? `${basename(runStateDir())} ${ctx.testInfo.testId}` : undefined;
}

/**
 * A request to a URL an earlier answer hands out: send the earlier request, take the URL from its answer where the
 * doc showed it, upload the bytes the documented request presumes were sent, then send the request there.
 *
 * The URL is pre-authenticated (Graph: "do not require an Authorization header"), so the client sends it no token,
 * and admits it first (where it may point: see target-client.ts). The URL is a credential: the client's admission
 * teaches the redactor its path and query.
 */
async function runHandedOut(c: ReadyCase, via: HandedOutUrl, ctx: CaseContext): Promise<void> {
  if (c.kind.type === 'requires-auth')
    throw new Error('a request to a handed-out URL is never an authentication check');
  const session = mockSession(ctx);
  const producer = requestToSend(via.producerRequest, session);
  if (isWrite(producer.method)) {
    const refused = await test.step(`read ${via.producerRequest.path} before changing it`, () =>
      ctx.writeGuard.beforeWrite(producer));
    test.skip(refused !== undefined, refused);
  }
  const first = await sendOrSkip(
    ctx,
    `send ${producer.method} ${via.producerRequest.path} ("${via.producer.name}"), whose answer hands out the URL`,
    producer,
    true,
  );
  if (isWrite(producer.method)) ctx.writeGuard.afterWrite(first);

  const shownAt = via.at.kind === 'header' ? `its ${via.at.name} header` : `its body at ${via.at.pointer}`;
  const handed = urlAt(via.at, first.response.headers, parseJsonOrUndefined(first.response.bodyText));
  // An answer's URL is the target's input: one that does not parse fails the step below, never `new URL` later.
  const admission = handed !== undefined && originOf(handed) !== undefined ? await ctx.client.admit(handed) : undefined;
  const url = admission !== undefined && 'url' in admission ? admission.url : undefined;
  await attachExchange(ctx, first, `"${via.producer.name}": `);
  await test.step(`the answer hands out the URL (${shownAt})`, () => {
    const where = formatLocation(via.producer.response?.location ?? via.producer.request.location);
    expect(
      first.response.status,
      `the doc (${where}) shows ${String(via.producerStatus)}, which hands out the URL; the target answered ${String(first.response.status)}\n${ctx.redact(first.response.bodyText.slice(0, 500))}`,
    ).toBe(via.producerStatus);
    expect(
      admission !== undefined,
      `the doc (${where}) shows an absolute URL in ${shownAt}; the answer has ${handed === undefined ? 'none' : 'no absolute URL there'}`,
    ).toBe(true);
    expect(
      url !== undefined,
      `the URL the target handed out is not requested: ${admission !== undefined && 'refused' in admission ? admission.refused : ''}`,
    ).toBe(true);
  });
  if (url === undefined) return;

  const before = via.bytesBefore;
  if (before !== undefined) {
    const upload: HandedOutRequest = {
      method: 'PUT',
      url,
      headers: {
        'Content-Range': formatContentRange(before),
        ...(session === undefined ? {} : { 'x-mock-session': session }),
      },
      body: rangeBytes(before),
      shownBody: describeStandIn({ kind: 'bytes', range: before }, rangeLength(before)),
    };
    const sent = await sendOrSkip(
      ctx,
      `upload ${formatContentRange(before)} first, which the documented request presumes were sent`,
      upload,
    );
    await attachExchange(ctx, sent, 'upload before: ');
    await test.step('the earlier bytes are accepted', () => {
      expect(
        sent.response.status >= 200 && sent.response.status < 300,
        `PUT ${formatContentRange(before)} to the handed-out URL was answered ${String(sent.response.status)}\n${ctx.redact(sent.response.bodyText.slice(0, 500))}`,
      ).toBe(true);
    });
  }
  const request = toHandedOut(requestToSend(c.request, session), url);
  const result = await sendOrSkip(
    ctx,
    `send ${request.method} to the handed-out URL (the doc shows ${c.request.path})`,
    request,
  );
  await attachExchange(ctx, result);
  await checkAgainstDoc(c, c.kind.expected, result, ctx);
}

async function checkAgainstDoc(
  c: ReadyCase,
  expected: ResponseExample,
  result: Exchange,
  ctx: CaseContext,
): Promise<void> {
  const where = formatLocation(expected.location);
  await attach(ctx, 'documented response', documentedResponseText(expected), 'text/plain');

  await test.step(`status is ${expected.status}`, () => {
    expect(
      result.response.status,
      `the doc (${where}) shows ${expected.status}; the target answered ${result.response.status} ${result.response.statusText}\n${ctx.redact(result.response.bodyText.slice(0, 500))}`,
    ).toBe(expected.status);
  });
  if (expected.body.kind !== 'json') return;
  const documented = expected.body.value;

  await test.step('Content-Type is JSON', () => {
    expect(result.response.headers['content-type'] ?? '(none)', `the doc (${where}) shows a JSON body`).toMatch(
      /^application\/json\b/i,
    );
  });
  const actual = await test.step('body is JSON', () => parseJson(result));

  const lenient = ctx.settings.strictness === 'lenient';
  const schema = responseSchema(c, expected, documented, ctx.registry, ctx.settings.strictness);
  await test.step(`body matches ${schema?.name ?? 'its documented type'}`, (step) => {
    step.skip(lenient && !expected.expectError, LENIENT_REASON);
    step.skip(schema === undefined, 'the doc set documents no properties for this type');
    if (!schema) return;
    if (expected.expectError) expect(actual).toMatchSchema(schema);
    else if (expected.isCollection) {
      const items: unknown =
        typeof actual === 'object' && actual !== null && 'value' in actual ? actual.value : undefined;
      expect(Array.isArray(items), 'the doc shows a collection: the body must have a "value" array').toBe(true);
      for (const item of items as unknown[]) expect(item).toMatchSchema(schema);
    } else expect(actual).toMatchSchema(schema);
  });

  await test.step(`documented properties are present with their types${expected.truncated ? ' (truncated: extra ones allowed)' : ''}`, () => {
    const problems = documentedShape(documented, actual, expected.truncated);
    expect(problems).toHaveNoProblems(`the response departs from the documented one (${where})`);
  });

  const body = c.request.body;
  if (WRITES.has(c.request.method) && body.kind === 'json') {
    await test.step('sent values come back', () => {
      const problems = echoedValues(body.value, documented, actual);
      expect(problems).toHaveNoProblems(`values sent by ${formatLocation(body.location)} did not come back`);
    });
  }
}

/** The schema a response is checked against: the annotation's type, else the body's, else the page's. */
function responseSchema(
  c: ReadyCase,
  expected: ResponseExample,
  documented: unknown,
  registry: SchemaRegistry,
  level: Strictness,
): NamedSchema | undefined {
  if (expected.expectError) return { name: 'Graph error', validate: registry.errorValidator() };
  const fromBody =
    typeof documented === 'object' &&
    documented !== null &&
    '@odata.type' in documented &&
    typeof documented['@odata.type'] === 'string'
      ? documented['@odata.type'].replace(/^#/, '')
      : undefined;
  const type = expected.odataType ?? fromBody ?? c.page.responseResource?.name;
  return type ? resourceSchemaAt(level, registry, type, c.version) : undefined;
}

/**
 * Throttling past the retry policy says nothing about the doc: the test is skipped as "target unavailable" (with an
 * annotation of that type for tools), apart from conformance failures. No answer at all still fails the test.
 */
async function sendOrSkip(
  ctx: CaseContext,
  title: string,
  request: TargetRequest | HandedOutRequest,
  authorize = false,
): Promise<Exchange> {
  const timeoutMs = Math.max(5_000, ctx.testInfo.timeout - 5_000);
  try {
    return await test.step(title, () =>
      'url' in request
        ? ctx.client.sendHandedOut(request, { timeoutMs })
        : ctx.client.send(request, { authorize, timeoutMs }),
    );
  } catch (error) {
    // The message names the URL, which for a handed-out URL is a credential.
    if (error instanceof TargetUnavailable && error.kind === 'no-answer')
      throw new TargetUnavailable(ctx.redact(error.message), error.kind);
    if (!(error instanceof TargetUnavailable) || error.kind !== 'throttled') throw error;
    ctx.testInfo.annotations.push({ type: 'target unavailable', description: error.message });
    test.skip(true, `target unavailable: ${error.message}`);
    throw error;
  }
}

function requestToSend(request: CaseRequest, mockSession?: string): TargetRequest {
  const headers: Record<string, string> = Object.fromEntries(request.headers);
  if (mockSession !== undefined) headers['x-mock-session'] = mockSession;
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

function parseJson(result: Exchange): unknown {
  try {
    return JSON.parse(result.response.bodyText) as unknown;
  } catch {
    throw new Error(`the body is not JSON: ${result.response.bodyText.slice(0, 200)}`);
  }
}

function documentedRequestText(c: ReadyCase): string {
  const { request } = c.example;
  const headers = request.headers.map((h) => `${h.name}: ${h.value}`);
  const body = request.body.kind === 'none' ? [] : ['', request.body.text];
  return [`# ${formatLocation(request.location)}`, `${request.method} ${request.url}`, ...headers, ...body].join('\n');
}

function documentedResponseText(response: ResponseExample): string {
  const headers = response.headers.map((h) => `${h.name}: ${h.value}`);
  const body = response.body.kind === 'none' ? [] : ['', response.body.text];
  return [
    `# ${formatLocation(response.location)}${response.truncated ? ' (truncated)' : ''}`,
    `HTTP/1.1 ${response.status}`,
    ...headers,
    ...body,
  ].join('\n');
}

/** The exchange as two attachments; `prefix` names the earlier exchanges of a test that sends several. */
export async function attachExchange(ctx: CaseContext, result: Exchange, prefix = ''): Promise<void> {
  const { request, response, retried } = result;
  const body =
    request.body === undefined
      ? undefined
      : typeof request.body === 'string'
        ? request.body
        : (request.shownBody ?? `<${String(request.body.length)} bytes>`);
  const sent = {
    method: request.method,
    url: request.url,
    headers: redactHeaders(request.headers, ctx.redact),
    ...(body !== undefined ? { body } : {}),
  };
  await attach(ctx, `${prefix}sent request`, JSON.stringify(sent, null, 2), 'application/json');
  const received = {
    status: response.status,
    statusText: response.statusText,
    headers: redactHeaders(redactRedirect(response.status, response.headers), ctx.redact),
    body: response.bodyText,
    ...(retried.length > 0 ? { retried } : {}),
  };
  await attach(ctx, `${prefix}actual response`, JSON.stringify(received, null, 2), 'application/json');
}

export async function attach(ctx: CaseContext, name: string, body: string, contentType: string): Promise<void> {
  await ctx.testInfo.attach(name, { body: ctx.redact(body), contentType });
}

/** Every test names the level it was checked at, so a report never leaves it to be guessed. */
export function reportStrictness(testInfo: TestInfo, level: Strictness): void {
  if (!testInfo.annotations.some((a) => a.type === 'strictness'))
    testInfo.annotations.push({ type: 'strictness', description: level });
}
