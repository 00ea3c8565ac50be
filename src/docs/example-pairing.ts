/**
 * ApiDoctor's pairing of requests and responses into examples: a response joins the requests it names (`name` may
 * list several: one response serving several requests), else the nearest earlier request still unpaired, in reading
 * order. Requests marked `ignored` take part, so that the responses documented for them are not reported as orphans
 * and the examples are reported as skipped; an `ignored` response pairs only with an `ignored` request.
 * Names are the examples' identities in reports and test titles, so duplicates are renamed and reported.
 */
import { basename } from 'node:path';
import type { Finding } from '../core/finding.ts';
import type { Example, RequestExample, ResponseExample } from './model.ts';

/** A request or response as read from its block, before pairing. */
export interface ReadExample<T> {
  readonly block: T;
  readonly origin: Example['origin'];
  /** Its place among the example blocks in the page's reading order. */
  readonly order: number;
}

export function pairExamples(
  file: string,
  requests: readonly ReadExample<RequestExample>[],
  responses: readonly ReadExample<ResponseExample>[],
): { examples: Example[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const stem = basename(file).replace(/\.md$/i, '');
  const used = new Set<string>();
  /** Names of the examples ApiDoctor reads: an `ignored` one makes no method, so its name clashes with nothing. */
  const methods = new Set<string>();
  const named = requests.map(({ block: request, origin, order }, index) => {
    const base = request.annotation.names[0] ?? `${stem}-${index + 1}`;
    let name = base;
    // Still unique in the model (names key the tests), whether or not the page is wrong.
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    const clashes = origin !== 'ignored' && methods.has(base);
    if (origin !== 'ignored') methods.add(base);
    if (clashes)
      findings.push({
        rule: 'duplicate-example-name',
        severity: 'error',
        message: `the example name "${base}" is used more than once on this page`,
        location: request.annotation.location,
      });
    used.add(name);
    return { name, request, origin, order };
  });
  const paired = new Map<number, ResponseExample>();
  for (const { block: response, origin, order } of responses) {
    const free = (i: number): boolean => !paired.has(i) && (origin !== 'ignored' || named[i]?.origin === 'ignored');
    const byName = response.annotation.names
      .map((name) => named.findIndex((e, i) => free(i) && e.request.annotation.names[0] === name))
      .filter((index) => index >= 0);
    // Annotated blocks pair with annotated blocks, un-annotated with un-annotated (an un-annotated notification
    // may stand between a request and its response). An annotated response goes to the nearest annotated request,
    // else to an ignored one (Graph annotates responses to ignored requests as responses), else to the un-annotated
    // Graph request right before it: a page that annotates only its response still shows the request it answers (a
    // notification posted to the app's own URL is not one).
    const nearest = (accept: (e: (typeof named)[number]) => boolean): number =>
      findLastIndex(named, (e, i) => free(i) && accept(e) && e.order < order);
    const lastBefore = findLastIndex(named, (e) => e.order < order);
    const unannotatedRightBefore = (e: (typeof named)[number]): boolean =>
      e.origin === 'unannotated' && e === named[lastBefore] && e.request.version !== undefined;
    const byOrder =
      origin === 'unannotated'
        ? // An un-annotated response right after an ignored request is that request's: ignored with it.
          ([
            nearest((e) => e.origin === 'unannotated'),
            nearest((e) => e.origin === 'ignored' && e === named[lastBefore]),
          ].find((i) => i >= 0) ?? -1)
        : origin === 'ignored'
          ? nearest((e) => e.origin === 'ignored')
          : ([
              nearest((e) => e.origin === 'annotated'),
              nearest((e) => e.origin === 'ignored'),
              nearest(unannotatedRightBefore),
            ].find((i) => i >= 0) ?? -1);
    const targets = byName.length > 0 ? byName : byOrder >= 0 ? [byOrder] : [];
    if (targets.length === 0 && origin === 'annotated') {
      // Say which of the two it is: no request above it at all, or every request above it already answered (a
      // second response to one request, which ApiDoctor refuses unless it is named or `ignored`).
      const answered = named.some((e) => e.order < order);
      findings.push({
        rule: 'unpaired-response',
        severity: 'error',
        message: answered
          ? 'a response example follows only requests already paired with a response, so it pairs with none: name the request it answers, or mark it ignored'
          : 'a response example has no request before it to pair with',
        location: response.annotation.location,
      });
    } else if (targets.length === 0 && origin === 'unannotated') {
      findings.push({
        rule: 'unpaired-response',
        severity: 'warning',
        message: 'an unannotated response example has no unpaired request before it, so it is not used',
        location: response.annotation.location,
      });
    }
    for (const target of targets) paired.set(target, response);
  }
  const examples = named.map(({ name, request, origin }, index): Example => {
    const response = paired.get(index);
    if (!response && origin !== 'ignored') {
      findings.push({
        rule: 'unpaired-request',
        severity: 'warning',
        message: `the request example "${name}" has no response example`,
        location: request.annotation.location,
      });
    }
    return response ? { name, request, origin, response } : { name, request, origin };
  });
  return { examples, findings };
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T, index: number) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i] as T, i)) return i;
  return -1;
}
