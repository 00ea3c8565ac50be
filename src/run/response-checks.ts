/**
 * What a documented response promises beyond its schema, as pure checks that return every problem found.
 *
 * - ApiDoctor's rule for live runs: each property the example shows must be present, with the JSON type shown.
 * - `truncated: true` lets the service add properties; without it, the example is the whole answer.
 * - After a write, values sent that the doc shows coming back must come back.
 */
import { isDeepStrictEqual } from 'node:util';
import { pointerToken } from '../core/json.ts';

export interface Problem {
  /** JSON pointer into the actual body. */
  readonly pointer: string;
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

export function documentedShape(documented: unknown, actual: unknown, truncated: boolean, pointer = ''): Problem[] {
  const expected = jsonKind(documented);
  const found = jsonKind(actual);
  // `null` in an example only says the property exists; a documented null does not fix the type.
  if (expected === 'null') return [];
  if (expected !== found)
    return [{ pointer, message: `is ${describe(actual)}, but the doc shows ${describe(documented)}` }];
  if (expected === 'array') return arrayShape(documented as unknown[], actual as unknown[], truncated, pointer);
  if (expected !== 'object') return [];

  const doc = documented as Record<string, unknown>;
  const act = actual as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const [name, value] of Object.entries(doc)) {
    const at = `${pointer}/${pointerToken(name)}`;
    if (isControl(name)) continue;
    if (!(name in act)) problems.push({ pointer: at, message: 'is missing; the doc shows it' });
    else if (name === '@odata.type' && act[name] !== value)
      problems.push({
        pointer: at,
        message: `is ${JSON.stringify(act[name])}, but the doc shows ${JSON.stringify(value)}`,
      });
    else problems.push(...documentedShape(value, act[name], truncated, at));
  }
  if (!truncated) {
    for (const name of Object.keys(act)) {
      if (!(name in doc) && !name.includes('@odata.'))
        problems.push({
          pointer: `${pointer}/${pointerToken(name)}`,
          message: 'is not in the documented response, which is not marked truncated',
        });
    }
  }
  return problems;
}

/**
 * Every actual item must have the shape of the documented item of its type: examples show one or two representative
 * items, and a mixed collection (a user and a group among directoryObjects) shows one of each, told apart by their
 * `@odata.type`. An item of a type no documented item shows has no documented shape here (its schema still checks it).
 */
function arrayShape(
  documented: readonly unknown[],
  actual: readonly unknown[],
  truncated: boolean,
  pointer: string,
): Problem[] {
  const first = documented[0];
  if (first === undefined) return [];
  const byType = new Map<string, unknown>();
  for (const item of documented) {
    const type = declaredType(item);
    if (type !== undefined && !byType.has(type)) byType.set(type, item);
  }
  return actual.flatMap((item, index) => {
    const type = declaredType(item);
    const model = byType.size === 0 || type === undefined ? first : byType.get(type);
    return model === undefined ? [] : documentedShape(model, item, truncated, `${pointer}/${index}`);
  });
}

/** The `@odata.type` an item declares, compared as OData does: without the `#`, in any letter case. */
function declaredType(item: unknown): string | undefined {
  if (jsonKind(item) !== 'object') return undefined;
  const type = (item as Record<string, unknown>)['@odata.type'];
  return typeof type === 'string' ? type.replace(/^#/, '').toLowerCase() : undefined;
}

/**
 * Properties sent in the request body that the documented response shows with the same value: the doc promises
 * they come back, so the actual response must carry the sent value.
 */
export function echoedValues(sent: unknown, documented: unknown, actual: unknown): Problem[] {
  if (jsonKind(sent) !== 'object' || jsonKind(documented) !== 'object') return [];
  const body = sent as Record<string, unknown>;
  const doc = documented as Record<string, unknown>;
  const act = jsonKind(actual) === 'object' ? (actual as Record<string, unknown>) : {};
  const problems: Problem[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (name.includes('@odata.') || !(name in doc) || !sameJson(doc[name], value)) continue;
    if (!sameJson(act[name], value)) {
      problems.push({
        pointer: `/${pointerToken(name)}`,
        message: `is ${describe(act[name])}, but ${JSON.stringify(value)} was sent and the doc shows it coming back`,
      });
    }
  }
  return problems;
}

/** JSON equality: objects compare by their members, whatever their order. */
function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

function describe(value: unknown): string {
  if (value === undefined) return 'absent';
  const kind = jsonKind(value);
  if (kind === 'object' || kind === 'array') return `an ${kind}`;
  return `${kind === 'null' ? '' : `a ${kind} `}${JSON.stringify(value)}`.trim();
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `  ${p.pointer || '/'} ${p.message}`).join('\n');
}
