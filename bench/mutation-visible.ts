/**
 * Whether the doc set makes a test able to see the fault the proxy injected into its answers: a test is counted as
 * affected only where it is. The proxy changes what it can (every DateTimeOffset-looking string, every write that
 * changed a value); a page promises less, and a test that asserts only what its page states must not see the rest:
 *
 * - a malformed date-time is visible where the doc set's tables type that place as a DateTimeOffset (not in a type
 *   no page documents, an open extension's own properties, or a String that happens to hold a date);
 * - a stale write answer is visible where the page's documented response shows a value sent coming back (as sent, or
 *   in another letter case) and the stale answer has another value there (not merely another letter case);
 * - a stale read after a write is visible where the doc set documents a GET of the written path and the stale read
 *   shows a value other than the one written where the faithful read shows it (a read that leaves a property out says
 *   nothing about it: a default property set, a write-only password), and the page's write answer does not show the
 *   service changing it;
 * - a wrong `@odata.type` is visible in the answer the test holds to the page's example (the documented method and
 *   status) where the example shows the type at that place: on the entity, or on every item of a collection, one type
 *   for all. Where the example shows none, the page names at most the declared type, and a type no page documents may
 *   derive from it (the schema accepts it: undecidable), so a test must not fail there.
 *
 * - a property dropped is visible in the answer held to the page's example where the example shows that property
 *   there (on the entity, or on every documented item; not one the annotation calls optional), and in a generated
 *   body's answer where the body sent it and the example shows it coming back: a property the example does not show,
 *   or an answer the page does not describe (a read after a write, which says nothing of what it leaves out), promises
 *   nothing about it;
 * - a property given another JSON type is visible in the answer held to the page's example (its tables and example
 *   type what they show) and in a generated body's answer (held to the tables), and in other answers (a read after a
 *   write) only where the value was one the test wrote.
 *
 * Every other fault changes what every page states (its status, JSON types, error format).
 */
import { isDeepStrictEqual } from 'node:util';
import { isJsonObject, parseJsonOrUndefined, pointerToken, pointerTokens } from '../src/core/json.ts';
import type { DocModel } from '../src/docset/docset.ts';
import type { Example, Page } from '../src/docs/model.ts';
import { documentedSchemaOf } from '../src/schema/example-checks.ts';
import type { DocumentedReads } from '../src/run/read-back.ts';
import { answerCarriesWrite } from '../src/cases/write-answer.ts';
import { statedFormat } from '../src/run/unchecked-types.ts';
import type { FaultKind, ProxiedAnswer } from './mutation-faults.ts';
import type { Change } from './mutation-proxy.ts';

/** The test as results.json names it. */
export interface TestRecord {
  readonly title: string;
  readonly page: string;
  readonly example: string | null;
}

export interface Visibility {
  readonly model: DocModel;
  readonly reads: DocumentedReads;
}

/** The faults a page may be silent on: each is counted only where the page states what it breaks. */
const STATED_FAULTS: ReadonlySet<FaultKind> = new Set([
  'date-time-malformed',
  'stale-write-answer',
  'stale-read-after-write',
  'odata-type-wrong',
  'property-dropped',
  'property-retyped',
]);

export function pageSees(
  fault: FaultKind,
  test: TestRecord,
  changes: readonly Change[],
  { model, reads }: Visibility,
): boolean {
  if (!STATED_FAULTS.has(fault)) return true;
  const page = model.pages.find((p) => p.file === test.page || p.file.endsWith(`/${test.page}`));
  const example = page?.examples.find((e) => e.name === test.example);
  if (page === undefined || example === undefined) return false;
  const probe = test.title.includes(' › probe: ');
  return changes.some((change) => {
    const faithful = jsonOf(change.faithful);
    const faulty = jsonOf(change.answer);
    switch (fault) {
      case 'date-time-malformed':
        return differences(faithful, faulty, '').some((pointer) =>
          statesDateTime(model, page, example, faulty, pointer),
        );
      case 'stale-write-answer': {
        const shown = example.response?.body.kind === 'json' ? example.response.body.value : undefined;
        const sent = parseJsonOrUndefined(change.request.body.toString('utf8'));
        return sentLeaves(sent, '').some(({ pointer, value }) =>
          probe
            ? at(shown, pointer) !== undefined && !isDeepStrictEqual(at(faithful, pointer), at(faulty, pointer))
            : showsBack(value, at(shown, pointer)) && !showsBack(value, at(faulty, pointer)),
        );
      }
      case 'stale-read-after-write':
        return !probe && readBackSees(page, example, change, reads);
      case 'odata-type-wrong':
        return (
          heldToExample(change, example) &&
          differences(faithful, faulty, '').some((pointer) => showsODataType(example, pointer))
        );
      case 'property-dropped': {
        if (!heldToExample(change, example)) return false;
        const sent = parseJsonOrUndefined(change.request.body.toString('utf8'));
        // A generated body's answer promises what the example shows coming back of what it sent (its `comesBack`).
        const echoes = answerCarriesWrite(example.request.method, example.response?.status ?? 0);
        return differences(faithful, faulty, '').some((pointer) =>
          probe
            ? echoes && at(sent, pointer) !== undefined && showsProperty(example, pointer)
            : showsProperty(example, pointer),
        );
      }
      case 'property-retyped': {
        if (heldToExample(change, example)) return true;
        const written = example.request.body.kind === 'json' ? example.request.body.value : undefined;
        return differences(faithful, faulty, '').some((pointer) => at(written, pointer) !== undefined);
      }
    }
  });
}

function statesDateTime(model: DocModel, page: Page, example: Example, body: unknown, pointer: string): boolean {
  const response = example.response;
  if (response === undefined) return false;
  const documented = documentedSchemaOf(page, response);
  if (documented.kind !== 'resource') return false;
  let item = body;
  let rest = pointer;
  const prefix = response.isCollection ? `/${pointerToken(response.collectionProperty)}/` : undefined;
  if (prefix !== undefined && pointer.startsWith(prefix)) {
    const [index = '', ...tail] = pointer.slice(prefix.length).split('/');
    item = at(body, `${prefix}${index}`);
    rest = tail.length === 0 ? '' : `/${tail.join('/')}`;
  }
  return statedFormat(model.registry, documented.type, page.version, item, rest) === 'date-time';
}

/** The exchange is the one the test holds to the page's example: the documented method, answered the documented status. */
function heldToExample(change: Change, example: Example): boolean {
  return change.request.method === example.request.method && change.faithful.status === example.response?.status;
}

/**
 * The documented objects that stand where `pointer` (a property of an answer) is: the entity, or every documented item
 * for an item of a collection (`/value/3/id`); with the property's name. Undefined where the example shows no such place.
 */
function documentedPlaces(example: Example, pointer: string): { objects: unknown[]; name: string } | undefined {
  const shown = example.response?.body.kind === 'json' ? example.response.body.value : undefined;
  const tokens = pointerTokens(pointer);
  const name = tokens.at(-1);
  if (name === undefined) return undefined;
  if (tokens.length === 1) return { objects: [shown], name };
  const [collection, index, ...rest] = tokens;
  if (rest.length !== 1 || collection === undefined || !/^\d+$/.test(index ?? '')) return undefined;
  const items = at(shown, `/${pointerToken(collection)}`);
  return Array.isArray(items) && items.length > 0 ? { objects: items, name } : undefined;
}

/**
 * The example shows the property `pointer` names: on the entity, or, for an item of a collection, on every documented
 * item (what only some show is optional); not one the annotation calls optional.
 */
export function showsProperty(example: Example, pointer: string): boolean {
  const places = documentedPlaces(example, pointer);
  if (places === undefined || example.response?.annotation.meaning.optionalProperties.includes(places.name))
    return false;
  return places.objects.every((o) => isJsonObject(o) && Object.hasOwn(o, places.name));
}

/**
 * The example shows an `@odata.type` where `pointer` (an answer's `@odata.type`) is: on the entity, or, for an item of
 * a collection, on every documented item, all naming one type (items of several types are each compared with their
 * own kind, and an item of a type the example does not show with none: see response-checks.ts `representatives`).
 */
export function showsODataType(example: Example, pointer: string): boolean {
  const places = documentedPlaces(example, pointer);
  if (places?.name !== '@odata.type') return false;
  const types = new Set(places.objects.map((o) => (isJsonObject(o) ? o['@odata.type'] : undefined)));
  return types.size === 1 && typeof [...types][0] === 'string';
}

/** The written path's documented GET shows a value written that the faithful read has and the stale one lacks. */
function readBackSees(page: Page, example: Example, change: Change, reads: DocumentedReads): boolean {
  const written = example.request;
  if (change.request.method !== 'GET' || page.version === undefined) return false;
  if (written.method !== 'PATCH' && written.method !== 'PUT') return false;
  const path = change.request.path.split('?')[0] ?? '';
  if (reads(page.version, path) === undefined) return false;
  const sent = written.body.kind === 'json' ? written.body.value : undefined;
  const shown = example.response?.body.kind === 'json' ? example.response.body.value : undefined;
  const faithful = jsonOf(change.faithful);
  const faulty = jsonOf(change.answer);
  return sentLeaves(sent, '').some(
    ({ pointer, value }) =>
      showsBack(value, at(faithful, pointer)) &&
      shows(at(faulty, pointer)) &&
      !showsBack(value, at(faulty, pointer)) &&
      (at(shown, pointer) === undefined || showsBack(value, at(shown, pointer))),
  );
}

/** A read that leaves a property out, or shows it null, says nothing about it (a default property set, a write-only one). */
function shows(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function jsonOf(answer: ProxiedAnswer): unknown {
  return parseJsonOrUndefined(answer.body.toString('utf8'));
}

/** Each value sent that is not an object, by pointer (objects are followed member by member, as PATCH merges them). */
function sentLeaves(sent: unknown, pointer: string): { pointer: string; value: unknown }[] {
  if (!isJsonObject(sent)) return pointer === '' ? [] : [{ pointer, value: sent }];
  return Object.entries(sent)
    .filter(([name]) => !name.includes('@odata.'))
    .flatMap(([name, value]) => sentLeaves(value, `${pointer}/${pointerToken(name)}`));
}

/** The value shown is the one sent, in any letter case. */
function showsBack(sent: unknown, shown: unknown): boolean {
  if (typeof sent === 'string' && typeof shown === 'string') return sent.toLowerCase() === shown.toLowerCase();
  if (Array.isArray(sent) && Array.isArray(shown))
    return sent.length === shown.length && sent.every((v: unknown, i) => showsBack(v, shown[i]));
  return isDeepStrictEqual(sent, shown);
}

function at(value: unknown, pointer: string): unknown {
  let current = value;
  for (const name of pointerTokens(pointer)) {
    if (Array.isArray(current)) current = (current as unknown[])[Number(name)];
    else if (isJsonObject(current) && Object.hasOwn(current, name)) current = current[name];
    else return undefined;
  }
  return current;
}

/** Pointers of the strings that differ between two bodies. */
function differences(a: unknown, b: unknown, pointer: string): string[] {
  if (Array.isArray(a) && Array.isArray(b))
    return a.flatMap((v: unknown, i) => differences(v, b[i], `${pointer}/${String(i)}`));
  if (isJsonObject(a) && isJsonObject(b))
    return Object.keys(a).flatMap((k) => differences(a[k], b[k], `${pointer}/${pointerToken(k)}`));
  return isDeepStrictEqual(a, b) ? [] : [pointer];
}
