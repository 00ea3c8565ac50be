/**
 * What an answer departs from, and whose the departure is. Pure: the documented response, the page's own findings
 * (those `graph-conformance lint` reports for the example) and the answer in, departures out.
 *
 * A departure is the page's (cause `doc`) exactly when a finding of the page explains it: the target refused a request
 * the page's own table refuses; it answered what another example documents for the same request; its body breaks a
 * rule the page's example breaks at the same place. Otherwise the page is consistent there, and the departure is the
 * target's.
 */
import { formatLocation, type Finding, type Location } from '../core/finding.ts';
import type { Departure, SchemaErrorRecord } from '../core/verdict.ts';
import type { Example, Page, ResponseExample } from '../docs/model.ts';
import { sourceLocation } from '../schema/example-checks.ts';
import { jsonEqual, parseJsonOrUndefined, valueAtPointer } from '../core/json.ts';
import type { SchemaError, Validator } from '../schema/registry.ts';
import type { ReceivedResponse } from './exchange.ts';
import { formatProblems, type Problem } from './response-checks.ts';
import { answered, docContradiction, schemaErrorLines } from './sentences.ts';

/** A departure before the ledger names the step it was found in. */
export type Found = Omit<Departure, 'step'>;

/** Doc rules by which a page makes its own request wrong: a target that refuses it follows the page. */
const REQUEST_CONTRADICTIONS = new Set<Finding['rule']>([
  'request-body-schema',
  'path-not-documented',
  'request-body-missing',
]);

export function statusDepartures(
  page: Page,
  expected: ResponseExample,
  response: ReceivedResponse,
  findings: readonly Finding[],
): Found[] {
  if (response.status === expected.status) return [];
  const shows = `the page shows ${String(expected.status)} (${formatLocation(expected.location)}); the target answered ${answered(response)}`;
  const base = {
    documentedAt: [expected.location],
    pointers: [],
    documented: expected.status,
    actual: response.status,
  };
  const refused = response.status >= 400 && response.status < 500;
  const wrongRequest = refused ? findings.find((f) => REQUEST_CONTRADICTIONS.has(f.rule)) : undefined;
  const explained = wrongRequest ?? conflictExplaining(page, findings, response.status);
  if (explained !== undefined)
    return [
      {
        ...base,
        cause: 'doc',
        rule: explained.rule,
        finding: explained,
        message: `${shows}. ${docContradiction(explained)}`,
      },
    ];
  return [{ ...base, cause: 'target', rule: 'status', message: shows }];
}

/** Departures in what an answer shows: the shape, the schema, the documented properties. */
const ANSWER_RULES = new Set<Departure['rule']>([
  'collection-shape',
  'body-schema',
  'documented-properties',
  'odata-type',
  'undocumented-property',
  'values-come-back',
]);

/**
 * An answer's departures, where the page's example is sent to a path its own page does not document
 * (`path-not-documented`): what the example shows belongs to another operation's page, and answers on that path are
 * that page's to document (riskdetection-get's first example reads `GET /riskDetections` and shows one entity; the
 * list page documents that path, and its answer is a collection). So is what a write there reads back
 * (externalconnectors-externalitem-update writes to `/connections/…`, its page's lines say `/external/connections/…`).
 * The page contradicts itself: the departure is the page's, as lint reports it.
 */
export function straysFromItsPage(found: readonly Found[], findings: readonly Finding[]): Found[] {
  const strayed = findings.find((f) => f.rule === 'path-not-documented');
  if (strayed === undefined) return [...found];
  return found.map((d) =>
    d.cause === 'target' && ANSWER_RULES.has(d.rule)
      ? {
          ...d,
          cause: 'doc',
          rule: strayed.rule,
          finding: strayed,
          documentedAt: [strayed.location, ...d.documentedAt],
          message: `${d.message}\n${docContradiction(strayed)}`,
        }
      : d,
  );
}

/**
 * The `response-schema` findings of the page's other examples whose value the answer repeats at the same place
 * (profile-get's second example reads the profile its first shows, with `"date": "Date"` in an anniversary;
 * attachment-get's item is a message, where outlookItem is declared): there the answer follows the page, and the page
 * contradicts its own type.
 */
export function echoedFindings(
  page: Page,
  example: Example,
  actual: unknown,
  findingsOf: (other: Example) => readonly Finding[],
): Finding[] {
  const echoed: Finding[] = [];
  for (const other of page.examples) {
    const shown = other.response?.body;
    if (other === example || shown?.kind !== 'json') continue;
    for (const finding of findingsOf(other)) {
      if (finding.rule !== 'response-schema' || finding.pointer === undefined) continue;
      const value = valueAtPointer(shown.value, finding.pointer);
      if (value !== undefined && jsonEqual(value, valueAtPointer(actual, finding.pointer))) echoed.push(finding);
    }
  }
  return echoed;
}

/** A `conflicting-responses` finding whose other example documents the status the target answered. */
function conflictExplaining(page: Page, findings: readonly Finding[], status: number): Finding | undefined {
  return findings.find((f) => {
    if (f.rule !== 'conflicting-responses' || f.related === undefined) return false;
    const other = exampleAt(page, f.related);
    return other?.response?.status === status;
  });
}

function exampleAt(page: Page, at: Location): Example | undefined {
  const key = formatLocation(at);
  return page.examples.find((e) => formatLocation(e.request.location) === key);
}

/**
 * An answer the doc shows as JSON (at `documentedAt`: an example's response, or the documented GET a write is read back
 * with) must be labelled JSON, whatever its body: a client picks its parser by the label.
 */
export function contentTypeDepartures(documentedAt: Location, response: ReceivedResponse): Found[] {
  const type = response.headers['content-type'];
  if (type !== undefined && /^application\/json\b/i.test(type)) return [];
  return [
    {
      cause: 'target',
      rule: 'content-type',
      documentedAt: [documentedAt],
      pointers: [],
      documented: 'application/json',
      actual: type ?? null,
      message: `the page shows a JSON body (${formatLocation(documentedAt)}); the target labelled its answer ${type === undefined ? 'with no Content-Type' : `Content-Type: ${type}`}`,
    },
  ];
}

export function notJsonDeparture(expected: ResponseExample, response: ReceivedResponse): Found {
  return {
    cause: 'target',
    rule: 'body-json',
    documentedAt: [expected.location],
    pointers: [],
    message: `the page shows a JSON body (${formatLocation(expected.location)}); the target's body is not JSON: ${response.bodyText.slice(0, 200) || '(empty)'}`,
  };
}

/**
 * Schema errors of the answer, by item (a collection's items are checked one by one, with item-relative pointers),
 * split into those the page's own example shows at the same place (its `response-schema` findings: the page's) and
 * the rest (the target's).
 */
export function schemaDepartures(
  schemaName: string,
  expected: ResponseExample,
  items: readonly { readonly prefix: string; readonly errors: readonly SchemaError[] }[],
  findings: readonly Finding[],
): Found[] {
  const docPointers = new Map<string, Finding>();
  for (const f of findings) {
    if ((f.rule !== 'response-schema' && f.rule !== 'response-undocumented-property') || f.pointer === undefined)
      continue;
    docPointers.set(itemRelative(f.pointer, expected), f);
  }
  const target: SchemaErrorRecord[] = [];
  const doc: { error: SchemaErrorRecord; finding: Finding }[] = [];
  for (const { prefix, errors } of items) {
    for (const e of errors) {
      const record = toRecord(e, prefix);
      const finding = docPointers.get(e.pointer);
      if (finding) doc.push({ error: record, finding });
      else target.push(record);
    }
  }
  const found: Found[] = [];
  const sources = (errors: readonly SchemaErrorRecord[]): Location[] => [
    expected.location,
    ...errors.flatMap((e) => (e.source ? [e.source] : [])),
  ];
  if (target.length > 0)
    found.push({
      cause: 'target',
      rule: 'body-schema',
      documentedAt: sources(target),
      pointers: target.map((e) => e.pointer),
      schemaErrors: target,
      message: `the body does not match ${schemaName} as the page's tables describe it:\n${schemaErrorLines(target)}`,
    });
  const [first] = doc;
  if (first !== undefined) {
    const errors = doc.map((d) => d.error);
    found.push({
      cause: 'doc',
      rule: first.finding.rule,
      finding: first.finding,
      documentedAt: sources(errors),
      pointers: errors.map((e) => e.pointer),
      schemaErrors: errors,
      message: `the body does not match ${schemaName} where the page's own example does not either:\n${schemaErrorLines(errors)}\n${docContradiction(first.finding)}`,
    });
  }
  return found;
}

/** `/value/3/closedDateTime` of a documented collection → `/closedDateTime`, as its items are checked. */
function itemRelative(pointer: string, expected: ResponseExample): string {
  if (!expected.isCollection) return pointer;
  const prefix = `/${expected.collectionProperty}/`;
  const rest = pointer.startsWith(prefix) ? pointer.slice(prefix.length) : pointer.replace(/^\//, '');
  return rest.replace(/^\d+/, '');
}

function toRecord(error: SchemaError, prefix: string): SchemaErrorRecord {
  return {
    pointer: `${prefix}${error.pointer}`,
    keyword: error.keyword,
    message: error.message,
    source: error.source === undefined ? null : (sourceLocation(error.source) ?? null),
  };
}

export function collectionDeparture(expected: ResponseExample): Found {
  return {
    cause: 'target',
    rule: 'collection-shape',
    documentedAt: [expected.location],
    pointers: [`/${expected.collectionProperty}`],
    message: `the page shows a collection (${formatLocation(expected.location)}); the body has no "${expected.collectionProperty}" array`,
  };
}

/**
 * Problems of the shape checks, one departure per rule they break: the target's, except where the page's example
 * contradicts itself at the problem's place (see `docContradictionOf`).
 */
export function shapeDepartures(
  problems: readonly Problem[],
  headline: string,
  expected: ResponseExample,
  findings: readonly Finding[],
): Found[] {
  const explained = docContradictionOf(findings, expected);
  const mine = problems.filter((p) => explained(p) === undefined);
  const doc = problems.filter((p) => explained(p) !== undefined);
  const found = problemDepartures(mine, headline, [expected.location]);
  const [first] = doc;
  const finding = first === undefined ? undefined : explained(first);
  if (first !== undefined && finding !== undefined)
    found.push({
      cause: 'doc',
      rule: finding.rule,
      finding,
      documentedAt: [finding.location, ...(finding.related ? [finding.related] : [])],
      pointers: doc.map((p) => p.pointer),
      message: `${headline}:\n${formatProblems(doc)}\n${docContradiction(finding)}`,
    });
  return found;
}

/**
 * The finding that explains a shape problem, where the page contradicts itself and no answer can be held to what the
 * example shows: an `@odata.type` shown where the page's own annotation names another type
 * (`response-type-mismatch`), or a value of another kind where the example's value breaks its own type
 * (`response-schema`).
 */
export function docContradictionOf(
  findings: readonly Finding[],
  expected: ResponseExample,
): (p: Pick<Problem, 'rule' | 'pointer' | 'actual'>) => Finding | undefined {
  const at = (rule: Finding['rule']): Map<string, Finding> =>
    new Map(
      findings
        .filter((f) => f.rule === rule && f.pointer !== undefined)
        .map((f) => [itemRelative(f.pointer ?? '', expected), f] as const),
    );
  const typeNamed = at('response-type-mismatch');
  // A value the example shows against its own type (calendargroup-list-calendars' `"color": {}`, a calendarColor):
  // an answer of the type's kind departs from the example there, and one of the example's kind from the type.
  const valueShown = at('response-schema');
  return (p) => {
    const pointer = itemRelative(p.pointer, expected);
    if (p.rule === 'odata-type') return typeNamed.get(pointer);
    return p.rule === 'documented-properties' && p.actual !== undefined ? valueShown.get(pointer) : undefined;
  };
}

/** Problems of the shape checks, one departure per rule they break (all the target's: the page agrees with itself). */
export function problemDepartures(
  problems: readonly Problem[],
  headline: string,
  documentedAt: readonly Location[],
): Found[] {
  const rules = [...new Set(problems.map((p) => p.rule))];
  return rules.map((rule) => {
    const mine = problems.filter((p) => p.rule === rule);
    const one = mine.length === 1 ? mine[0] : undefined;
    return {
      cause: 'target',
      rule,
      documentedAt,
      pointers: mine.map((p) => p.pointer),
      ...(one !== undefined && 'documented' in one ? { documented: one.documented } : {}),
      ...(one !== undefined && 'actual' in one ? { actual: one.actual } : {}),
      message: `${headline}:\n${formatProblems(mine)}`,
    };
  });
}

/**
 * Graph's error format, on an error answer the run provoked (a probe, a call without a token, a request the page is
 * silent on): one format for every API (concepts/errors.md). A JSON body labelled `application/json` that matches
 * Graph's error schema: `error.code` and `error.message` strings, and, where the answer carries the optional
 * `innerError`, its `date` an ISO 8601 date-time and its `request-id` and `client-request-id` strings.
 */
export function errorAnswerDepartures(
  response: ReceivedResponse,
  validate: Validator,
  documentedAt: readonly Location[],
): Found[] {
  const problems: { pointer: string; message: string }[] = [];
  const type = response.headers['content-type'];
  if (type === undefined || !/^application\/json\b/i.test(type))
    problems.push({
      pointer: '',
      message: `is labelled ${type === undefined ? 'with no Content-Type' : `Content-Type: ${type}`}, not application/json`,
    });
  const body = parseJsonOrUndefined(response.bodyText);
  if (body === undefined)
    problems.push({ pointer: '', message: `is not JSON: ${response.bodyText.slice(0, 200) || '(empty)'}` });
  else {
    problems.push(...validate(body).map((e) => ({ pointer: e.pointer, message: e.message })));
  }
  if (problems.length === 0) return [];
  return [
    {
      cause: 'target',
      rule: 'error-body',
      documentedAt,
      pointers: problems.map((p) => p.pointer),
      message: `the ${String(response.status)} does not carry Graph's error body: ${problems.map((p) => `${p.pointer || '/'} ${p.message}`).join('; ')}`,
    },
  ];
}
