/**
 * The words of a verdict, for a doc reviewer: what the page says, what came back, and where, built from the data of a
 * departure. Never a matcher's output: a reader should not need to know how the harness checks to act on a failure.
 */
import { formatLocation, type Finding, type Location } from '../core/finding.ts';
import { isJsonObject, parseJsonOrUndefined } from '../core/json.ts';
import { ruleOf } from '../core/rules.ts';
import type { Departure, SchemaErrorRecord } from '../core/verdict.ts';
import type { ReceivedResponse } from './exchange.ts';

const SNIPPET = 300;

/** `200 OK`: the status alone. */
export function statusLine(response: ReceivedResponse): string {
  return `${String(response.status)}${response.statusText ? ` ${response.statusText}` : ''}`;
}

/** `400 Bad Request`, with what the answer says: Graph's error code and message, else the start of its body. */
export function answered(response: ReceivedResponse): string {
  const status = statusLine(response);
  const body = response.bodyText.trim();
  if (body === '') return `${status} (no body)`;
  const json = parseJsonOrUndefined(body);
  const error = isJsonObject(json) && isJsonObject(json.error) ? json.error : undefined;
  if (error !== undefined) {
    const code = typeof error.code === 'string' ? error.code : '';
    const message = typeof error.message === 'string' ? error.message : '';
    return `${status} (${[code, message]
      .filter((s) => s !== '')
      .join(': ')
      .slice(0, SNIPPET)})`;
  }
  return `${status}: ${body.slice(0, SNIPPET)}${body.length > SNIPPET ? '…' : ''}`;
}

/** `fixtures/docs/update-photos.md:84`, or both places of a contradiction. */
export function where(locations: readonly Location[]): string {
  return locations.map(formatLocation).join(', ');
}

/** One line per schema error: `/height is "6", must be integer or null (the table row at update-photos.md:48)`. */
export function schemaErrorLines(errors: readonly SchemaErrorRecord[]): string {
  return errors
    .map(
      (e) => `  ${e.pointer || '/'} ${e.message}${e.source ? ` (the table row at ${formatLocation(e.source)})` : ''}`,
    )
    .join('\n');
}

/**
 * Why a departure is the page's: the finding lint reports for it, its rule, and how to fix the page. The reader is
 * told that a service following the page could not have done otherwise.
 */
export function docContradiction(finding: Finding): string {
  const rule = ruleOf(finding.rule);
  const places = [finding.location, ...(finding.related ? [finding.related] : [])];
  return `The page contradicts itself (${finding.rule}: ${rule.title}): ${finding.message} (${where(places)}). Fix the page: ${rule.fix}`;
}

/** The message a failing test ends with: its cause, then each departure, the deciding one first. */
export function verdictMessage(deciding: Departure, all: readonly Departure[]): string {
  const head: Record<Departure['cause'], string> = {
    target: 'The target departs from the page',
    doc: 'The page contradicts itself; the departure is the page’s, not the target’s',
    observation: 'STRICTNESS=strict: the target did not do what the strict reading of the page expects',
    harness: 'The harness failed (a bug of graph-doc-conformance, not of the page or the target)',
  };
  const others = all.filter((d) => d !== deciding);
  return [
    `${head[deciding.cause]} [${deciding.rule}].`,
    `${deciding.step}: ${deciding.message}`,
    ...others.map((d) => `${d.step} (${d.cause}, ${d.rule}): ${d.message}`),
  ].join('\n');
}
