/**
 * What a generated valid body must get back, as a pure check: the documented success status, a JSON answer of the
 * documented type, and the sent values where the documented answer shows those properties.
 */
import { isDeepStrictEqual } from 'node:util';
import { type ResponseExample } from '../docs/model.ts';
import { formatLocation } from '../core/finding.ts';
import type { ReceivedResponse } from './exchange.ts';
import { formatSchemaErrors, type NamedSchema } from './matchers.ts';
import { isJsonObject } from '../core/json.ts';

export function replayProblems(
  sent: Readonly<Record<string, unknown>>,
  response: ReceivedResponse,
  expected: ResponseExample,
  schema: NamedSchema | undefined,
): string[] {
  const where = formatLocation(expected.location);
  if (response.status !== expected.status) {
    return [
      `status is ${response.status}, the doc (${where}) shows ${expected.status}: ${response.bodyText.slice(0, 300)}`,
    ];
  }
  if (expected.body.kind !== 'json') return [];
  if (!/^application\/json\b/i.test(response.headers['content-type'] ?? ''))
    return [`Content-Type is ${response.headers['content-type'] ?? '(none)'}, the doc (${where}) shows a JSON body`];
  let actual: unknown;
  try {
    actual = JSON.parse(response.bodyText);
  } catch {
    return [`the body is not JSON: ${response.bodyText.slice(0, 200)}`];
  }
  const problems: string[] = [];
  const errors = schema?.validate(actual) ?? [];
  if (errors.length > 0)
    problems.push(`the body does not match ${schema?.name ?? 'its type'}:\n${formatSchemaErrors(errors)}`);
  const documented = expected.body.value;
  const shown = isJsonObject(documented) ? documented : {};
  const got = isJsonObject(actual) ? actual : {};
  for (const [name, value] of Object.entries(sent)) {
    if (name.includes('@odata.') || !(name in shown)) continue;
    if (!sameValue(value, got[name]))
      problems.push(
        `/${name} is ${got[name] === undefined ? 'absent' : JSON.stringify(got[name])}, but ${JSON.stringify(value)} was sent and the doc (${where}) shows it coming back`,
      );
  }
  return problems;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** JSON equality, where a date-time may come back in another spelling of the same instant. */
export function sameValue(sent: unknown, got: unknown): boolean {
  if (isDeepStrictEqual(sent, got)) return true;
  if (typeof sent === 'string' && typeof got === 'string' && DATE_TIME.test(sent) && DATE_TIME.test(got))
    return Date.parse(sent) === Date.parse(got);
  return false;
}
