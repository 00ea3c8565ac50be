/**
 * Pages → conformance cases, deterministically: Playwright evaluates the suite in every worker and matches tests by
 * title, so the same docs must always give the same cases in the same order.
 */
import { basename, relative } from 'node:path';
import { type Example, type Page, type PathTemplate, type ResponseExample } from '../docs/model.ts';
import { formatLocation } from '../core/finding.ts';
import { isGraphUrl } from '../docs/http-message.ts';
import { matchPath, parsePathTemplate } from '../docs/path-template.ts';
import { bytesBefore, findUrlSource, originOf } from './handed-out.ts';
import type { CaseKind, CaseRequest, ConformanceCase, ParamSource } from './model.ts';
import { planBody } from './stand-in-body.ts';
import { paramVariable, type NeededValue } from './placeholders.ts';

/** Headers the client computes or the harness owns; a documented value would be wrong or a secret placeholder. */
const NOT_REPLAYED = new Set(['authorization', 'host', 'content-length']);

export interface CaseOptions {
  /** The docs roots the user named: titles show a page's path relative to its root. */
  readonly roots: readonly string[];
  readonly params: ParamSource;
}

export function buildCases(pages: readonly Page[], options: CaseOptions): ConformanceCase[] {
  return pages.flatMap((page) => casesOfPage(page, options));
}

function casesOfPage(page: Page, options: CaseOptions): ConformanceCase[] {
  const shown = titlePath(page.file, options.roots);
  const cases: ConformanceCase[] = [];
  const authRequired = page.requestHeaders.some((h) => h.name.toLowerCase() === 'authorization' && h.required);
  // A path documented twice (`GET /alerts?$top=1`, `GET /alerts?$filter=…`) is one operation: keyed by method and path.
  const covered = new Set<string>();
  const key = (t: PathTemplate): string => `${t.method} ${t.path}`;

  const examples = [...page.examples, ...page.ignoredExamples].sort(byDocumentOrder);
  for (const [index, example] of examples.entries()) {
    const version = example.request.version ?? page.version ?? 'v1.0';
    const base = {
      page,
      example,
      version,
      documented: example.request.location,
      tags: [`@${example.request.method}`, `@${version}`],
    };
    const expected = example.response;
    const title = `${shown} › ${example.name}`;
    // An example that cannot run is listed as skipped with the doc's reason, never dropped.
    const unrunnable = whyNotRunnable(example);
    if (unrunnable !== undefined || !expected) {
      const kind = expected ? { type: 'example' as const, expected } : { type: 'no-response' as const };
      cases.push({
        ...base,
        title,
        runnable: false,
        kind,
        reason:
          unrunnable ?? `the doc shows no response for this request (${formatLocation(example.request.location)})`,
      });
      const skippedOwn = ownTemplate(page.httpRequests, example);
      if (skippedOwn) covered.add(key(skippedOwn)); // listed by this skipped case
      continue;
    }
    if (!isGraphUrl(example.request.url)) {
      cases.push(handedOutCase({ ...base, title }, expected, examples.slice(0, index), examples, options.params));
      continue;
    }
    const own = ownTemplate(page.httpRequests, example);
    if (own) covered.add(key(own));
    cases.push(caseFor({ ...base, title }, { type: 'example', expected }, exampleTemplate(example), options.params));

    // The example stands for its operation: every other path documented for the method that answers the same kind of
    // resource gets the same request. (`GET …/messages/{id}` on an extension page answers a message, not an extension.)
    const shape = answerShape(own ?? exampleTemplate(example));
    for (const template of page.httpRequests) {
      if (template.method !== example.request.method || covered.has(key(template)) || answerShape(template) !== shape)
        continue;
      covered.add(key(template));
      const kind: CaseKind = { type: 'documented-path', template: template.path, expected };
      cases.push(
        caseFor({ ...base, title: `${title} › ${template.method} ${template.path}` }, kind, template, options.params),
      );
    }
  }

  // A documented path no example speaks for is listed, so that coverage shows it and why it was not exercised.
  for (const template of page.httpRequests) {
    if (covered.has(key(template))) continue;
    const example = page.examples.find((e) => e.request.method === template.method);
    if (!example) continue;
    covered.add(key(template));
    const version = example.request.version ?? page.version ?? 'v1.0';
    cases.push({
      page,
      example,
      version,
      documented: template.location,
      tags: [`@${template.method}`, `@${version}`],
      title: `${shown} › ${template.method} ${template.path}`,
      runnable: false,
      kind: { type: 'path-without-example', template: template.path },
      reason: `no example on the page shows what ${template.method} ${template.path} answers (${formatLocation(template.location)})`,
    });
  }

  if (authRequired) {
    // One unauthenticated probe per documented path of a method that has an example to borrow a request from.
    const probed = new Set<string>();
    for (const template of page.httpRequests) {
      const example = page.examples.find(
        (e) => e.request.method === template.method && isGraphUrl(e.request.url) && whyNotRunnable(e) === undefined,
      );
      if (!example || probed.has(key(template))) continue;
      probed.add(key(template));
      const version = example.request.version ?? page.version ?? 'v1.0';
      const base = {
        page,
        example,
        version,
        documented: template.location,
        tags: [`@${template.method}`, `@${version}`, '@auth'],
        title: `${shown} › ${example.name} › ${template.method} ${template.path} without Authorization`,
      };
      cases.push(caseFor(base, { type: 'requires-auth' }, template, options.params));
    }
  }
  return cases;
}

/** `{item-id}, {drive-id}: set PARAM_item_id, PARAM_drive_id or add it to the tenant file`. */
function askFor(needed: readonly NeededValue[]): string {
  const missing = [...new Set(needed.map((n) => n.name))];
  return `${missing.map((name) => `{${name}}`).join(', ')}: set ${missing.map(paramVariable).join(', ')} or add it to the tenant file`;
}

type Base = Omit<ConformanceCase, 'runnable' | 'kind' | 'request' | 'reason'>;

/** Why an example cannot be replayed whatever the target, from the doc alone; undefined when it can. */
function whyNotRunnable(example: Example): string | undefined {
  if (example.origin === 'ignored')
    return `the doc marks this example "blockType": "ignored" (${formatLocation(example.request.location)})`;
  const plan = planBody(example.request);
  return plan.kind === 'unsendable' ? plan.reason : undefined;
}

/**
 * A request to a URL an earlier answer hands out: the case sends the earlier request, then this one to the URL its
 * answer carries. Without such an answer on the page, the doc does not say where the URL comes from.
 */
function handedOutCase(
  base: Base,
  expected: ResponseExample,
  earlier: readonly Example[],
  all: readonly Example[],
  params: ParamSource,
): ConformanceCase {
  const { example } = base;
  const kind: CaseKind = { type: 'example', expected };
  const at = formatLocation(example.request.location);
  const source = findUrlSource(example, earlier);
  if (source === undefined) {
    const host = originOf(example.request.url) ?? example.request.url;
    return {
      ...base,
      runnable: false,
      kind,
      reason: `the example requests ${host} (${at}), and no earlier answer on the page hands out a URL there: the doc does not say where the URL comes from`,
    };
  }
  const { producer } = source;
  const from = `its URL comes from the answer to "${producer.name}" (${formatLocation(producer.request.location)})`;
  const blocked = whyNotRunnable(producer);
  if (blocked !== undefined) return { ...base, runnable: false, kind, reason: `${from}, which cannot run: ${blocked}` };
  const filled = params(exampleTemplate(producer));
  if (!filled.ok)
    return {
      ...base,
      runnable: false,
      kind,
      reason: `${from}, which needs a value for ${askFor(filled.missing)}`,
      needs: filled.missing,
    };
  const producerVersion = producer.request.version ?? base.page.version ?? 'v1.0';
  const before = bytesBefore(example, all);
  const request: CaseRequest = {
    ...requestFor(example, example.request.url.replace(/[?#].*$/s, '')),
    query: '',
    handedOut: {
      producer,
      producerRequest: requestFor(producer, `/${producerVersion}${filled.path}`),
      producerStatus: source.answer.status,
      at: source.at,
      ...(before === undefined ? {} : { bytesBefore: before }),
    },
  };
  return { ...base, runnable: true, kind, request, filled: filled.values };
}

/** Examples in the order the page shows them (ignored ones are kept apart in the model). */
function byDocumentOrder(a: Example, b: Example): number {
  return a.request.location.file === b.request.location.file ? a.request.location.line - b.request.location.line : 0;
}

function caseFor(base: Base, kind: CaseKind, template: PathTemplate, params: ParamSource): ConformanceCase {
  const filled = params(template);
  if (!filled.ok)
    return { ...base, runnable: false, kind, reason: `no value for ${askFor(filled.missing)}`, needs: filled.missing };
  const request = requestFor(base.example, `/${base.version}${filled.path}`);
  return { ...base, runnable: true, kind, request, filled: filled.values };
}

/** The example's request, sent to `path` (`/beta/me/photos`, or the handed-out URL the doc shows). */
function requestFor(example: Example, path: string): CaseRequest {
  const { request } = example;
  const plan = planBody(request);
  return {
    method: request.method,
    path,
    query: request.query,
    headers: request.headers
      .filter((h) => !NOT_REPLAYED.has(h.name.toLowerCase()))
      .map((h) => [h.name, h.value] as const),
    body: request.body,
    ...(plan.kind === 'stand-in' ? { standIn: plan.standIn } : {}),
  };
}

/** The example's own path as a template, so a `{placeholder}` left in an example URL is filled, never sent literally. */
function exampleTemplate(example: Example): PathTemplate {
  const { request } = example;
  return (
    parsePathTemplate(`${request.method} ${request.path}`, request.location) ?? {
      method: request.method,
      path: request.path,
      segments: [],
      placeholders: [],
      location: request.location,
    }
  );
}

function titlePath(file: string, roots: readonly string[]): string {
  for (const root of roots) {
    const inside = relative(root, file);
    if (inside === '') return basename(file);
    if (!inside.startsWith('..')) return inside.split('\\').join('/');
  }
  return file;
}

/** The template an example's request was written from; `/me/…` is the signed-in user's `/users/{id}/…`. */
function ownTemplate(templates: readonly PathTemplate[], example: Example): PathTemplate | undefined {
  const { method, path } = example.request;
  const asUser = /^\/me(\/|$)/i.test(path) ? `/users/me${path.slice(3)}` : undefined;
  return (
    templates.find((t) => t.method === method && matchPath(t, path)) ??
    (asUser === undefined ? undefined : templates.find((t) => t.method === method && matchPath(t, asUser)))
  );
}

/**
 * What a path answers, as far as its shape tells: the last named segment, and whether an item of it is addressed
 * (`/users/{id}/extensions/{extensionId}` → `extensions/{}`; `/me` → `users/{}`; `/members/$ref` → `$ref`).
 */
function answerShape(template: PathTemplate): string {
  const segments =
    template.segments[0]?.kind === 'literal' && template.segments[0].value.toLowerCase() === 'me'
      ? [{ kind: 'literal', value: 'users' } as const, { kind: 'placeholder' } as const, ...template.segments.slice(1)]
      : template.segments;
  const last = segments.findLastIndex((segment) => segment.kind === 'literal');
  const literal = segments[last];
  const name = literal?.kind === 'literal' ? literal.value.toLowerCase() : '';
  return last < segments.length - 1 ? `${name}/{}` : name;
}
