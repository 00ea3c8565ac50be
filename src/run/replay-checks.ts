/**
 * What a generated valid body must get back, as a pure check: the documented success status, a JSON answer of the
 * documented type (and the `@odata.type` the example shows), and the sent values where the page promises they come
 * back.
 */
import { type ResponseExample } from '../docs/model.ts';
import { formatLocation } from '../core/finding.ts';
import { carriesContent } from '../core/http.ts';
import type { SchemaErrorRecord } from '../core/verdict.ts';
import { isJsonObject, parseJsonOrUndefined } from '../core/json.ts';
import { sourceLocation } from '../schema/example-checks.ts';
import type { ReceivedResponse } from './exchange.ts';
import type { NamedSchema } from './strictness.ts';
import { documentedODataType, sentValuesBack, type Problem } from './response-checks.ts';
import { answered } from './sentences.ts';

/** One way an answer to a generated body departs: a sentence, and the data it names. */
export interface ReplayProblem {
  readonly message: string;
  readonly pointer?: string;
  readonly schemaError?: SchemaErrorRecord;
}

export function replayProblems(
  sent: Readonly<Record<string, unknown>>,
  response: ReceivedResponse,
  documented: ResponseExample,
  schema: NamedSchema | undefined,
  comesBack: readonly string[],
  /** Where the page contradicts itself (see `docContradictionOf`): its example test reports that, with cause `doc`. */
  contradicted: (p: Problem) => unknown = () => undefined,
  /** The page's other success answers for the method (see the replay check's `alternatives`). */
  alternatives: readonly ResponseExample[] = [],
): ReplayProblem[] {
  const other = alternatives.find((a) => a.status === response.status && a.status !== documented.status);
  // Another documented answer: its body says nothing of what was written, so nothing is checked to come back.
  if (other !== undefined) return replayProblems(sent, response, other, schema, [], contradicted);
  const expected = documented;
  const where = formatLocation(expected.location);
  if (response.status !== expected.status)
    return [
      { message: `the page shows ${String(expected.status)} (${where}); the target answered ${answered(response)}` },
    ];
  // A body shown with a status that carries none (a 204, RFC 9110) is not checked, as the example test does not.
  if (expected.body.kind !== 'json' || !carriesContent(expected.status)) return [];
  const type = response.headers['content-type'];
  if (type === undefined || !/^application\/json\b/i.test(type))
    return [{ message: `the page shows a JSON body (${where}); the answer's Content-Type is ${type ?? '(none)'}` }];
  const actual = parseJsonOrUndefined(response.bodyText);
  if (actual === undefined)
    return [
      { message: `the page shows a JSON body (${where}); the answer is not JSON: ${response.bodyText.slice(0, 200)}` },
    ];
  const problems: ReplayProblem[] = itemsToValidate(actual, expected).flatMap(({ prefix, item }) =>
    (schema?.validate(item) ?? []).map((e) => {
      const pointer = `${prefix}${e.pointer}`;
      const source = e.source === undefined ? null : (sourceLocation(e.source) ?? null);
      return {
        pointer,
        schemaError: { pointer, keyword: e.keyword, message: e.message, source },
        message: `${pointer || '/'} ${e.message}, so the body does not match ${schema?.name ?? 'its type'}${source ? ` (the table row at ${formatLocation(source)})` : ''}`,
      };
    }),
  );
  // The type the example shows is the page's statement about every such answer, whatever body made it.
  const types = documentedODataType(
    expected.body.value,
    actual,
    expected.isCollection ? expected.collectionProperty : undefined,
    { truncated: true, optional: expected.annotation.meaning.optionalProperties },
  ).filter((p) => contradicted(p) === undefined);
  for (const p of [...types, ...sentValuesBack(sent, comesBack, isJsonObject(actual) ? actual : {})])
    problems.push({ pointer: p.pointer, message: `${p.pointer} ${p.message} (${where})` });
  return problems;
}

/** The body, or each item of a documented collection, as the example test checks it. */
function itemsToValidate(actual: unknown, expected: ResponseExample): { prefix: string; item: unknown }[] {
  if (!expected.isCollection) return [{ prefix: '', item: actual }];
  const property = expected.collectionProperty;
  const items = isJsonObject(actual) ? actual[property] : undefined;
  if (!Array.isArray(items)) return [{ prefix: '', item: actual }];
  return items.map((item: unknown, index) => ({ prefix: `/${property}/${String(index)}`, item }));
}
