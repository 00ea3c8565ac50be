/**
 * The faults the mutation check injects into a target's answers, one kind per run. Each is a pure function of one
 * exchange (the request as sent, the answer as the target gave it) that returns the answer a faulty service would give,
 * or undefined where the fault does not apply to that exchange: only exchanges a fault changed count as affected.
 *
 * Faults that need the target's state (a write answered or read back stale) say which reads they need first: the proxy
 * sends them and hands their answers in (see mutation-proxy.ts).
 */
import { isJsonObject, parseJsonOrUndefined } from '../src/core/json.ts';

export interface ProxiedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface ProxiedAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** What the proxy knows beside the exchange: the entity before a write, and the entity as first read after one. */
export interface FaultContext {
  /** A GET of the write's path, answered just before the write was forwarded (stale-write-answer). */
  readonly before?: ProxiedAnswer;
  /** The entity as it was before the last write this session sent to the path (stale-read-after-write). */
  readonly beforeLastWrite?: ProxiedAnswer;
  /** The body of that write. */
  readonly lastWrite?: Buffer;
}

export type FaultKind = (typeof FAULT_KINDS)[number];

export const FAULT_KINDS = [
  'status-swapped',
  'property-dropped',
  'property-retyped',
  'odata-type-wrong',
  'text-plain-2xx',
  'authorization-not-enforced',
  'invalid-body-accepted',
  'stale-write-answer',
  'stale-read-after-write',
  'date-time-malformed',
  'error-text-plain',
  'error-code-missing',
  'error-inner-date-malformed',
] as const;

/** One row of the table: what the fault does to an answer, in words. */
export const FAULT_TITLES: Readonly<Record<FaultKind, string>> = {
  'status-swapped': 'status code swapped (200 ↔ 201/202/204)',
  'property-dropped': 'a property of a 2xx answer dropped',
  'property-retyped': 'a property given another JSON type',
  'odata-type-wrong': 'a wrong `@odata.type`',
  'text-plain-2xx': '`text/plain` instead of JSON on a 2xx answer',
  'authorization-not-enforced': 'authorization not enforced',
  'invalid-body-accepted': 'invalid bodies accepted',
  'stale-write-answer': 'PATCH/PUT answered with the entity as it was before the write',
  'stale-read-after-write': 'a read after a write answered with the entity as it was before',
  'date-time-malformed': 'the deepest date-time turned into `12/03/2026 10:00:00` (2xx)',
  'error-text-plain': '`text/plain` instead of JSON on an error answer',
  'error-code-missing': '`error.code` dropped from an error answer',
  'error-inner-date-malformed': '`innerError.date` turned into `12/03/2026 10:00:00`',
};

/**
 * Faults that change what an error answer looks like. The others change successful answers (or let a request through),
 * which a test of what the page is silent on (an observation) does not check: the page promises nothing there.
 */
export const ERROR_FAULTS: ReadonlySet<FaultKind> = new Set([
  'error-text-plain',
  'error-code-missing',
  'error-inner-date-malformed',
]);

/** The reads a fault needs before the request is forwarded. */
export function needsBefore(kind: FaultKind, request: ProxiedRequest): boolean {
  return (
    (kind === 'stale-write-answer' || kind === 'stale-read-after-write') &&
    (request.method === 'PATCH' || request.method === 'PUT')
  );
}

const MALFORMED_DATE_TIME = '12/03/2026 10:00:00';
/**
 * A DateTimeOffset as Graph writes it: with its offset. (Without one it is a String that holds a date, such as
 * dateTimeTimeZone's `dateTime`, whose format no page promises.)
 */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

const is2xx = (a: ProxiedAnswer): boolean => a.status >= 200 && a.status < 300;
const isError = (a: ProxiedAnswer): boolean => a.status >= 400;
const contentType = (a: ProxiedAnswer): string => a.headers['content-type'] ?? '';
const isJson = (a: ProxiedAnswer): boolean => /^application\/json\b/i.test(contentType(a));

function jsonOf(a: ProxiedAnswer): unknown {
  return isJson(a) ? parseJsonOrUndefined(a.body.toString('utf8')) : undefined;
}

function withJson(a: ProxiedAnswer, value: unknown): ProxiedAnswer {
  return { ...a, body: Buffer.from(JSON.stringify(value)) };
}

function withHeader(a: ProxiedAnswer, name: string, value: string): ProxiedAnswer {
  return { ...a, headers: { ...a.headers, [name]: value } };
}

/** The answer the faulty service gives, or undefined where the fault leaves this exchange alone. */
export function inject(
  kind: FaultKind,
  request: ProxiedRequest,
  answer: ProxiedAnswer,
  context: FaultContext = {},
): ProxiedAnswer | undefined {
  switch (kind) {
    case 'status-swapped':
      return swapStatus(answer);
    case 'property-dropped':
      return is2xx(answer) ? editEntity(answer, dropFirstProperty) : undefined;
    case 'property-retyped':
      return is2xx(answer) ? editEntity(answer, retypeFirstScalar) : undefined;
    case 'odata-type-wrong':
      return is2xx(answer) ? editEntity(answer, wrongODataType) : undefined;
    case 'text-plain-2xx':
      return is2xx(answer) && isJson(answer) ? withHeader(answer, 'content-type', 'text/plain') : undefined;
    case 'authorization-not-enforced':
      // Applied to the request by the proxy (see mutation-proxy.ts); the answer is the one the signed request gets.
      return undefined;
    case 'invalid-body-accepted':
      return acceptInvalid(request, answer);
    case 'stale-write-answer':
      return staleWriteAnswer(request, answer, context.before);
    case 'stale-read-after-write':
      return request.method === 'GET' ? staleRead(answer, context.beforeLastWrite, context.lastWrite) : undefined;
    case 'date-time-malformed':
      return is2xx(answer) ? replaceDeepest(answer, (s) => DATE_TIME.test(s), MALFORMED_DATE_TIME) : undefined;
    case 'error-text-plain':
      return isError(answer) && isJson(answer) ? withHeader(answer, 'content-type', 'text/plain') : undefined;
    case 'error-code-missing':
      return isError(answer) ? editError(answer, (e) => omit(e, 'code')) : undefined;
    case 'error-inner-date-malformed':
      return isError(answer) ? editError(answer, malformInnerDate) : undefined;
  }
}

const SWAPS: Readonly<Record<number, number>> = { 200: 201, 201: 200, 202: 200, 204: 200 };

function swapStatus(answer: ProxiedAnswer): ProxiedAnswer | undefined {
  const to = SWAPS[answer.status];
  return to === undefined ? undefined : { ...answer, status: to };
}

/** The entity of an answer: the body, or each item of a collection (`value`), edited by `edit`. */
function editEntity(
  answer: ProxiedAnswer,
  edit: (o: Record<string, unknown>) => Record<string, unknown> | undefined,
): ProxiedAnswer | undefined {
  const body = jsonOf(answer);
  if (!isJsonObject(body)) return undefined;
  if (Array.isArray(body.value)) {
    const edited = body.value.map((item: unknown) => (isJsonObject(item) ? edit(item) : undefined));
    if (edited.every((e) => e === undefined)) return undefined;
    const value = body.value.map((item: unknown, i) => edited[i] ?? item);
    return withJson(answer, { ...body, value });
  }
  const edited = edit(body);
  return edited === undefined ? undefined : withJson(answer, edited);
}

const isData = (name: string): boolean => !name.includes('@');

function omit(o: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  if (!Object.hasOwn(o, name)) return undefined;
  return Object.fromEntries(Object.entries(o).filter(([k]) => k !== name));
}

function dropFirstProperty(o: Record<string, unknown>): Record<string, unknown> | undefined {
  const name = Object.keys(o).find(isData);
  return name === undefined ? undefined : omit(o, name);
}

function retypeFirstScalar(o: Record<string, unknown>): Record<string, unknown> | undefined {
  const entry = Object.entries(o).find(([k, v]) => isData(k) && v !== null && typeof v !== 'object');
  if (entry === undefined) return undefined;
  const [name, value] = entry;
  const other = typeof value === 'string' ? 12345 : typeof value === 'number' ? String(value) : 'true';
  return { ...o, [name]: other };
}

function wrongODataType(o: Record<string, unknown>): Record<string, unknown> | undefined {
  if (typeof o['@odata.type'] !== 'string') return undefined;
  return { ...o, '@odata.type': '#microsoft.graph.mutationProbeType' };
}

const INVALID_STATUSES = new Set([400, 415, 422]);

/** A request the target refused as invalid, accepted instead: its body comes back as the written entity. */
function acceptInvalid(request: ProxiedRequest, answer: ProxiedAnswer): ProxiedAnswer | undefined {
  if (!INVALID_STATUSES.has(answer.status) || request.body.length === 0) return undefined;
  const sent = parseJsonOrUndefined(request.body.toString('utf8'));
  const status = request.method === 'POST' ? 201 : 200;
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(isJsonObject(sent) ? sent : {})),
  };
}

function staleWriteAnswer(
  request: ProxiedRequest,
  answer: ProxiedAnswer,
  before: ProxiedAnswer | undefined,
): ProxiedAnswer | undefined {
  if (request.method !== 'PATCH' && request.method !== 'PUT') return undefined;
  if (before === undefined || before.status !== 200 || !is2xx(answer) || jsonOf(answer) === undefined) return undefined;
  if (!writtenDiffers(request.body, jsonOf(before), jsonOf(answer))) return undefined;
  return { ...answer, body: before.body };
}

/**
 * Whether the entity before a write differs from the one after it in a value the write sent: only then is a stale
 * answer a different answer (a write of the value already there leaves nothing to see).
 */
function writtenDiffers(written: Buffer | undefined, before: unknown, after: unknown): boolean {
  const sent = written === undefined ? undefined : parseJsonOrUndefined(written.toString('utf8'));
  if (!isJsonObject(sent) || !isJsonObject(before) || !isJsonObject(after)) return false;
  const differs = (s: Record<string, unknown>, b: Record<string, unknown>, a: Record<string, unknown>): boolean =>
    Object.entries(s).some(([name, value]) => {
      if (name.includes('@')) return false;
      const was = b[name];
      const now = a[name];
      if (isJsonObject(value) && isJsonObject(was) && isJsonObject(now)) return differs(value, was, now);
      return JSON.stringify(was) !== JSON.stringify(now);
    });
  return differs(sent, before, after);
}

function staleRead(
  answer: ProxiedAnswer,
  before: ProxiedAnswer | undefined,
  written: Buffer | undefined,
): ProxiedAnswer | undefined {
  if (before === undefined || answer.status !== 200 || before.status !== 200) return undefined;
  if (!writtenDiffers(written, jsonOf(before), jsonOf(answer))) return undefined;
  return { ...answer, body: before.body };
}

/**
 * The string value deepest in the body that `matches`, replaced by `to`.
 * One value per answer, the deepest: nested complex types are where formats go unchecked.
 */
function replaceDeepest(answer: ProxiedAnswer, matches: (s: string) => boolean, to: string): ProxiedAnswer | undefined {
  const body = jsonOf(answer);
  if (body === undefined) return undefined;
  let best: { path: (string | number)[] } | undefined;
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (path.length > 64) return;
    if (typeof value === 'string') {
      if (matches(value) && (best === undefined || path.length > best.path.length)) best = { path };
    } else if (Array.isArray(value))
      value.forEach((v: unknown, i) => {
        visit(v, [...path, i]);
      });
    else if (isJsonObject(value))
      for (const [k, v] of Object.entries(value)) if (!k.includes('@odata.')) visit(v, [...path, k]);
  };
  visit(body, []);
  if (best === undefined || best.path.length === 0) return undefined;
  return withJson(answer, setAt(body, best.path, to));
}

function setAt(value: unknown, path: readonly (string | number)[], to: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return to;
  if (Array.isArray(value)) return value.map((v: unknown, i) => (i === head ? setAt(v, rest, to) : v));
  if (isJsonObject(value)) return { ...value, [head]: setAt(value[String(head)], rest, to) };
  return value;
}

function editError(
  answer: ProxiedAnswer,
  edit: (e: Record<string, unknown>) => Record<string, unknown> | undefined,
): ProxiedAnswer | undefined {
  const body = jsonOf(answer);
  if (!isJsonObject(body) || !isJsonObject(body.error)) return undefined;
  const edited = edit(body.error);
  return edited === undefined ? undefined : withJson(answer, { ...body, error: edited });
}

function malformInnerDate(e: Record<string, unknown>): Record<string, unknown> | undefined {
  const name = Object.hasOwn(e, 'innerError') ? 'innerError' : 'innererror';
  const inner = e[name];
  if (!isJsonObject(inner) || typeof inner.date !== 'string') return undefined;
  return { ...e, [name]: { ...inner, date: MALFORMED_DATE_TIME } };
}

/** One exchange as a clean run saw it, to tell beforehand which tests a fault may touch. */
export interface Recorded {
  readonly request: ProxiedRequest;
  readonly answer: ProxiedAnswer;
}

/**
 * Whether a fault may change an answer of a test, from the exchanges of a clean run: the tests a fault run needs to
 * send (the proxy decides which it did change). Faults that need the target's state are judged by their trigger: a
 * write answered with JSON, a read after a write, a request without a token.
 */
export function mayAffect(kind: FaultKind, exchanges: readonly Recorded[]): boolean {
  const isWriteOf = (r: ProxiedRequest): boolean => r.method === 'PATCH' || r.method === 'PUT';
  switch (kind) {
    case 'authorization-not-enforced':
      return exchanges.some((e) => e.request.headers.authorization === undefined);
    case 'stale-write-answer':
      return exchanges.some((e) => isWriteOf(e.request) && is2xx(e.answer) && jsonOf(e.answer) !== undefined);
    case 'stale-read-after-write': {
      const firstWrite = exchanges.findIndex((e) => isWriteOf(e.request) && is2xx(e.answer));
      return firstWrite >= 0 && exchanges.slice(firstWrite + 1).some((e) => e.request.method === 'GET');
    }
    default:
      return exchanges.some((e) => inject(kind, e.request, e.answer) !== undefined);
  }
}
