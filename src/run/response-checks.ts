/**
 * What a documented response promises beyond its schema, as pure checks that return every problem found, as data.
 *
 * - ApiDoctor's rule for live runs: each property the example shows must be present, with the JSON type shown.
 * - A collection's items are representatives: an item must show what every documented item of its `@odata.type`
 *   shows (what only some show is optional), with the kinds they agree on. Items of several types (a group among
 *   users) are each compared with their own kind.
 * - `truncated: true` lets the service add properties; without it, the example is the whole answer.
 * - After a write whose answer is the written resource, values sent that the doc shows coming back must come back:
 *   a sent object comes back with at least the members sent (PATCH merges complex values, OData 4.0 §11.4.3).
 * - A write read back with the documented GET of the same path shows the values written.
 */
import { isJsonObject, jsonEqual, pointerToken } from '../core/json.ts';
import type { CheckRuleId } from '../core/rules.ts';

export interface Problem {
  readonly rule: Extract<
    CheckRuleId,
    'documented-properties' | 'odata-type' | 'undocumented-property' | 'values-come-back'
  >;
  /** JSON pointer into the actual body. */
  readonly pointer: string;
  /** What the doc shows there (absent: the doc shows nothing there). */
  readonly documented?: unknown;
  /** What the answer has there (absent: nothing). */
  readonly actual?: unknown;
  /** The problem as a sentence after its pointer: `is missing; the doc shows it`. */
  readonly message: string;
}

type JsonKind = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export function jsonKind(value: unknown): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const kind = typeof value;
  return kind === 'string' || kind === 'number' || kind === 'boolean' ? kind : 'object';
}

/** OData control information: its values depend on the service (`@odata.context`), apart from `@odata.type`. */
function isControl(name: string): boolean {
  return name.includes('@odata.') && name !== '@odata.type';
}

/**
 * What the page leaves open in its example: `truncated` lets the service add properties; `optional` names properties
 * the response annotation calls optional (ApiDoctor's `optionalProperties`): never required, and never undocumented,
 * since the page names them (createUploadSession's `nextExpectedRanges`).
 */
export interface ShapeLeeway {
  readonly truncated: boolean;
  readonly optional?: readonly string[];
  /**
   * Item types other pages document for this very request (`microsoft.graph.androidCustomConfiguration`, lower case,
   * no `#`): an item of one is not compared with this page's items, which show another type.
   */
  readonly elsewhere?: readonly string[];
}

export function documentedShape(documented: unknown, actual: unknown, leeway: ShapeLeeway): Problem[] {
  return shapeOf([documented], actual, leewayOf(leeway), '');
}

interface Leeway {
  readonly truncated: boolean;
  readonly optional: ReadonlySet<string>;
  readonly elsewhere: ReadonlySet<string>;
}

function leewayOf(leeway: ShapeLeeway): Leeway {
  return {
    truncated: leeway.truncated,
    optional: new Set(leeway.optional),
    elsewhere: new Set(leeway.elsewhere),
  };
}

/**
 * `actual` against what the documented values `shown` (one, or the items of a documented collection) agree on.
 * `null` in an example only says the property exists; where the examples disagree on a kind, none is checked.
 */
function shapeOf(shown: readonly unknown[], actual: unknown, leeway: Leeway, pointer: string): Problem[] {
  const kinds = new Set(shown.map(jsonKind).filter((k) => k !== 'null'));
  const [expected] = kinds;
  if (expected === undefined || kinds.size > 1) return [];
  const found = jsonKind(actual);
  // A representative that shows null says the property may be null.
  if (found === 'null' && shown.some((v) => v === null)) return [];
  if (expected !== found) {
    const model = shown.find((v) => jsonKind(v) === expected);
    return [
      {
        rule: 'documented-properties',
        pointer,
        documented: model,
        actual,
        message: `is ${describe(actual)}, but the doc shows ${describe(model)}`,
      },
    ];
  }
  if (expected === 'array') {
    const items = shown.flatMap((v): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []));
    return (actual as unknown[]).flatMap((item, index) =>
      items.length === 0
        ? []
        : shapeOf(representatives(items, item, leeway.elsewhere), item, leeway, `${pointer}/${index}`),
    );
  }
  if (expected !== 'object') return [];
  return objectShape(shown.filter(isJsonObject), actual as Record<string, unknown>, leeway, pointer);
}

function objectShape(
  shown: readonly Record<string, unknown>[],
  actual: Record<string, unknown>,
  leeway: Leeway,
  pointer: string,
): Problem[] {
  const problems: Problem[] = [];
  const names = [...new Set(shown.flatMap((o) => Object.keys(o)))];
  for (const name of names) {
    if (isControl(name)) continue;
    const at = `${pointer}/${pointerToken(name)}`;
    const withIt = shown.filter((o) => Object.hasOwn(o, name));
    if (name === '@odata.type') {
      problems.push(...odataTypeShape(shown, actual, leeway, pointer));
      continue;
    }
    if (!Object.hasOwn(actual, name)) {
      // Only what every documented representative shows is promised, and nothing the page calls optional.
      if (withIt.length === shown.length && !leeway.optional.has(name))
        problems.push({
          rule: 'documented-properties',
          pointer: at,
          documented: withIt[0]?.[name],
          message: 'is missing; the doc shows it',
        });
      continue;
    }
    problems.push(
      ...shapeOf(
        withIt.map((o) => o[name]),
        actual[name],
        leeway,
        at,
      ),
    );
  }
  if (!leeway.truncated) {
    for (const name of Object.keys(actual)) {
      if (!names.includes(name) && !name.includes('@odata.') && !leeway.optional.has(name))
        problems.push({
          rule: 'undocumented-property',
          pointer: `${pointer}/${pointerToken(name)}`,
          actual: actual[name],
          message: 'is not in the documented response, which is not marked truncated',
        });
    }
  }
  return problems;
}

/**
 * `@odata.type` of an object against the documented representatives: present where every one shows it (and the page
 * does not call it optional), and the type they show where they agree on one.
 */
function odataTypeShape(
  shown: readonly Record<string, unknown>[],
  actual: Record<string, unknown>,
  leeway: Leeway,
  pointer: string,
): Problem[] {
  const name = '@odata.type';
  const at = `${pointer}/${pointerToken(name)}`;
  const values = shown.filter((o) => Object.hasOwn(o, name)).map((o) => o[name]);
  if (values.length === 0) return [];
  if (!Object.hasOwn(actual, name))
    return values.length === shown.length && !leeway.optional.has(name)
      ? [{ rule: 'odata-type', pointer: at, documented: values[0], message: 'is missing; the doc shows it' }]
      : [];
  // `#microsoft.graph.user` and `microsoft.graph.user` name one type: the service accepts and writes either.
  const types = new Set(values.map(typeName));
  if (types.size !== 1 || types.has(typeName(actual[name]))) return [];
  return [
    {
      rule: 'odata-type',
      pointer: at,
      documented: values[0],
      actual: actual[name],
      message: `is ${JSON.stringify(actual[name])}, but the doc shows ${JSON.stringify(values[0])}`,
    },
  ];
}

/** An `@odata.type` value as the type it names: without the leading `#` (the same type either way). */
function typeName(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/^#/, '') : value;
}

/**
 * The `@odata.type` the example shows, held to an answer the example does not otherwise describe (the answer to a
 * generated body, whose other properties are not the example's): on the entity, or on each item of a collection,
 * compared with the documented items as the example test compares them. An answer that names no type is the example
 * test's to judge (it holds the documented request's answer to everything the example shows); here a type named is
 * compared.
 */
export function documentedODataType(
  documented: unknown,
  actual: unknown,
  collectionProperty: string | undefined,
  leeway: ShapeLeeway,
): Problem[] {
  const lee = leewayOf({ ...leeway, truncated: true });
  const named = (o: unknown): o is Record<string, unknown> => isJsonObject(o) && Object.hasOwn(o, '@odata.type');
  if (collectionProperty === undefined)
    return isJsonObject(documented) && named(actual) ? odataTypeShape([documented], actual, lee, '') : [];
  const shown = isJsonObject(documented) ? documented[collectionProperty] : undefined;
  const items = isJsonObject(actual) ? actual[collectionProperty] : undefined;
  if (!Array.isArray(shown) || !Array.isArray(items)) return [];
  const pointer = `/${pointerToken(collectionProperty)}`;
  return items.flatMap((item: unknown, index) =>
    named(item)
      ? odataTypeShape(
          representatives(shown as unknown[], item, lee.elsewhere).filter(isJsonObject),
          item,
          lee,
          `${pointer}/${String(index)}`,
        )
      : [],
  );
}

/**
 * The documented items an actual item is compared with: those of its `@odata.type` when the doc shows that type;
 * else all of them, less the `@odata.type` they name when they name several (a derived type the doc does not show is
 * the schema's to check).
 */
function representatives(items: readonly unknown[], item: unknown, elsewhere: ReadonlySet<string>): unknown[] {
  const typeOf = (v: unknown): unknown => (isJsonObject(v) ? typeName(v['@odata.type']) : undefined);
  const own = typeOf(item);
  const sameType = own === undefined ? [] : items.filter((d) => typeOf(d) === own);
  if (sameType.length > 0) return sameType;
  // A type another page documents for this request: none of this page's items represents it.
  if (typeof own === 'string' && elsewhere.has(own.toLowerCase())) return [];
  const types = new Set(items.map(typeOf));
  if (types.size <= 1) return [...items];
  return items.map((d) =>
    isJsonObject(d) ? Object.fromEntries(Object.entries(d).filter(([k]) => k !== '@odata.type')) : d,
  );
}

/**
 * Values sent in the request body that the documented response shows coming back: the doc promises they come back, so
 * the actual response must carry each. Complex values are followed member by member (PATCH merges complex values, so
 * the doc promises exactly the members it shows again); a value the doc shows back in another letter case (`Scheduled`
 * sent, `scheduled` answered: an enum member as the service spells it) may come back in any case; a value the doc
 * shows changed is the service's to transform, and is not checked.
 */
export function echoedValues(sent: unknown, documented: unknown, actual: unknown): Problem[] {
  if (!isJsonObject(sent) || !isJsonObject(documented)) return [];
  return echoedMembers(sent, documented, actual, '');
}

function echoedMembers(
  sent: Readonly<Record<string, unknown>>,
  documented: Readonly<Record<string, unknown>>,
  actual: unknown,
  pointer: string,
): Problem[] {
  const act = isJsonObject(actual) ? actual : {};
  return Object.entries(sent).flatMap(([name, value]): Problem[] => {
    if (name.includes('@odata.') || !Object.hasOwn(documented, name)) return [];
    const at = `${pointer}/${pointerToken(name)}`;
    const shown = documented[name];
    const got = Object.hasOwn(act, name) ? act[name] : undefined;
    if (isJsonObject(value) && isJsonObject(shown)) {
      if (got !== undefined && !isJsonObject(got)) return [notBack(at, value, got)];
      return echoedMembers(value, shown, got, at);
    }
    const how = shownBack(value, shown);
    if (how === undefined || comesBack(value, got) || (how === 'caseless' && sameCaseless(value, got))) return [];
    return [notBack(at, value, got)];
  });
}

/** How the doc shows a sent value coming back: as sent, in another letter case, or not (undefined). */
function shownBack(sent: unknown, shown: unknown): 'as-sent' | 'caseless' | undefined {
  if (comesBack(sent, shown)) return 'as-sent';
  return sameCaseless(sent, shown) ? 'caseless' : undefined;
}

/** Equal but for the letter case of strings (an object: at least the members sent). */
function sameCaseless(sent: unknown, got: unknown): boolean {
  if (typeof sent === 'string' && typeof got === 'string')
    return sent.toLowerCase() === got.toLowerCase() || comesBack(sent, got);
  if (Array.isArray(sent) && Array.isArray(got))
    return sent.length === got.length && sent.every((v: unknown, i) => sameCaseless(v, got[i]));
  if (isJsonObject(sent) && isJsonObject(got))
    return Object.entries(sent).every(([name, value]) => Object.hasOwn(got, name) && sameCaseless(value, got[name]));
  return comesBack(sent, got);
}

/**
 * A write read back with the GET the doc set documents for the same path: each value written that the read shows must
 * be the value sent (in any letter case, a date-time as the same instant), except where the documented answer to the
 * write shows the service changing it. What the read does not show (a property returned only on `$select`) or shows as
 * `null` (a write-only property) says nothing; a value other than the one written is a stale read.
 */
export function readBackValues(sent: unknown, documented: unknown, read: unknown, readPath: string): Problem[] {
  if (!isJsonObject(sent) || !isJsonObject(read)) return [];
  return readMembers(sent, isJsonObject(documented) ? documented : undefined, read, '', readPath);
}

function readMembers(
  sent: Readonly<Record<string, unknown>>,
  documented: Readonly<Record<string, unknown>> | undefined,
  read: Readonly<Record<string, unknown>>,
  pointer: string,
  readPath: string,
): Problem[] {
  return Object.entries(sent).flatMap(([name, value]): Problem[] => {
    if (name.includes('@odata.') || !Object.hasOwn(read, name)) return [];
    const got = read[name];
    if (got === null) return [];
    const at = `${pointer}/${pointerToken(name)}`;
    const shown = documented !== undefined && Object.hasOwn(documented, name) ? documented[name] : undefined;
    if (isJsonObject(value) && isJsonObject(got)) {
      if (shown !== undefined && !isJsonObject(shown)) return [];
      return readMembers(value, isJsonObject(shown) ? shown : undefined, got, at, readPath);
    }
    if (shown !== undefined && shownBack(value, shown) === undefined) return [];
    if (sameCaseless(value, got)) return [];
    return [
      {
        rule: 'values-come-back',
        pointer: at,
        documented: value,
        actual: got,
        message: `is ${describe(got)} when read back with GET ${readPath}, but ${JSON.stringify(value)} was written`,
      },
    ];
  });
}

/** Each sent value must come back, whatever the doc's example shows (the replay's generated bodies). */
export function sentValuesBack(
  sent: Readonly<Record<string, unknown>>,
  shown: readonly string[],
  actual: unknown,
): Problem[] {
  const act = isJsonObject(actual) ? actual : {};
  return Object.entries(sent)
    .filter(([name, value]) => !name.includes('@odata.') && shown.includes(name) && !comesBack(value, act[name]))
    .map(([name, value]) => notBack(`/${pointerToken(name)}`, value, act[name]));
}

function notBack(pointer: string, sent: unknown, got: unknown): Problem {
  return {
    rule: 'values-come-back',
    pointer,
    documented: sent,
    ...(got === undefined ? {} : { actual: got }),
    message: `is ${describe(got)}, but ${JSON.stringify(sent)} was sent and the doc shows it coming back`,
  };
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A sent value came back: equal as JSON (a date-time may come back in another spelling of the same instant), an
 * object with at least the members sent, each come back.
 */
export function comesBack(sent: unknown, got: unknown): boolean {
  // As JSON: fast-check's `-0` goes out as `0`, and a generated object may have no prototype.
  if (jsonEqual(sent, got)) return true;
  if (typeof sent === 'string' && typeof got === 'string' && DATE_TIME.test(sent) && DATE_TIME.test(got))
    return Date.parse(sent) === Date.parse(got);
  if (isJsonObject(sent) && isJsonObject(got))
    return Object.entries(sent).every(([name, value]) => name in got && comesBack(value, got[name]));
  // Item by item: each item may come back as the members above do.
  if (Array.isArray(sent) && Array.isArray(got))
    return sent.length === got.length && sent.every((value: unknown, index) => comesBack(value, got[index]));
  return false;
}

export function describe(value: unknown): string {
  if (value === undefined) return 'absent';
  const kind = jsonKind(value);
  if (kind === 'object' || kind === 'array') return `an ${kind}`;
  return `${kind === 'null' ? '' : `a ${kind} `}${JSON.stringify(value)}`.trim();
}

/** One problem a line, indented, the root as `/`. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `  ${p.pointer || '/'} ${p.message}`).join('\n');
}
