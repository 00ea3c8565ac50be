/**
 * Pages → conformance cases, deterministically: Playwright evaluates the suite in every worker and matches tests by
 * title, so the same docs must always give the same cases in the same order.
 */
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { type Example, type Page, type PathTemplate, type ResponseExample } from '../docs/model.ts';
import { formatFinding, formatLocation, pageFailed, type Finding } from '../core/finding.ts';
import { isGraphUrl } from '../docs/http-message.ts';
import {
  asSignedInUser,
  exampleIdentity,
  pathMatcher,
  parsePathTemplate,
  queryOptionNames,
} from '../docs/path-template.ts';
import { bytesBefore, findUrlSource, originOf } from './handed-out.ts';
import type { CaseKind, CaseRequest, ConformanceCase, ParamSource, Skip, SkippedCase } from './model.ts';
import type { SkipRuleId } from '../core/rules.ts';
import { planBody } from './stand-in-body.ts';
import { fillBodyPlaceholders } from './body-placeholders.ts';
import { whyNotUsable } from '../docs/not-read.ts';
import { withUniqueTitles } from './unique-titles.ts';
import { paramVariable, type NeededValue } from './placeholders.ts';
import { typesElsewhere, type TypeElsewhere } from './same-request.ts';

/** Headers the client computes or the harness owns; a documented value would be wrong or a secret placeholder. */
const NOT_REPLAYED = new Set(['authorization', 'host', 'content-length']);

export interface CaseOptions {
  /** The docs roots the user named: titles show a page's path relative to its root. */
  readonly roots: readonly string[];
  readonly params: ParamSource;
  /**
   * Where the pages that get no cases are reported, while the other pages' cases are built: a page not read whole
   * (the finding that says why), or one the harness failed on (`page-failed`). Without it such a page is left out, and
   * a harness failure is thrown, naming the page.
   */
  readonly failures?: Finding[];
}

/** A page not read whole gets no tests (see `whyNotUsable`): its one failing test names the cause. */
function notReadWhole(page: Page): Finding | undefined {
  const cause = whyNotUsable(page);
  if (cause === undefined) return undefined;
  // Located on the page itself (its test is titled by it); a cause in an included file says where it is.
  const onPage = cause.location.file === page.file;
  return {
    rule: cause.rule,
    severity: 'error',
    message: `${onPage ? cause.message : `${formatLocation(cause.location)}: ${cause.message}`}; the page is not read whole, so its tests are not built`,
    location: onPage ? cause.location : { file: page.file, line: 1 },
  };
}

export function buildCases(pages: readonly Page[], options: CaseOptions): ConformanceCase[] {
  const shown = titlePaths(pages, options.roots);
  const elsewhere = typesElsewhere(pages);
  const cases: ConformanceCase[] = [];
  for (const page of pages) {
    const notRead = notReadWhole(page);
    if (notRead) {
      options.failures?.push(notRead);
      continue;
    }
    try {
      for (const c of casesOfPage(page, shown.get(page) ?? page.file, options, elsewhere)) cases.push(c);
    } catch (error) {
      const failure = pageFailed({ file: page.file, line: 1 }, 'building the tests of this page', error);
      if (!options.failures) throw new Error(formatFinding(failure), { cause: error });
      options.failures.push(failure);
    }
  }
  return withUniqueTitles(cases);
}

function casesOfPage(
  page: Page,
  shown: string,
  options: CaseOptions,
  typesOf: (example: Example) => readonly TypeElsewhere[],
): ConformanceCase[] {
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
    const ownOperation = ownTemplate(page.httpRequests, example);
    const operation = ownOperation ? { operation: key(ownOperation) } : {};
    if (unrunnable !== undefined || !expected) {
      const kind = expected ? { type: 'example' as const, expected } : { type: 'no-response' as const };
      cases.push({
        ...base,
        ...operation,
        title,
        runnable: false,
        kind,
        ...(unrunnable ?? {
          rule: 'no-response',
          reason: `the doc shows no response for this request (${formatLocation(example.request.location)})`,
        }),
      });
      if (ownOperation) covered.add(key(ownOperation)); // listed by this skipped case
      continue;
    }
    if (!isGraphUrl(example.request.url)) {
      cases.push(
        handedOutCase({ ...base, ...operation, title }, expected, examples.slice(0, index), examples, options.params),
      );
      continue;
    }
    const own = ownOperation;
    if (own) covered.add(key(own));
    cases.push(
      caseFor(
        { ...base, ...operation, title },
        exampleKind(expected, typesOf(example)),
        exampleTemplate(example),
        options.params,
      ),
    );

    // The example stands for its operation: every other path documented for the method that answers the same kind of
    // resource gets the same request. (`GET …/messages/{id}` on an extension page answers a message, not an extension.)
    const shape = answerShape(own ?? exampleTemplate(example));
    for (const template of page.httpRequests) {
      if (template.method !== example.request.method || covered.has(key(template)) || answerShape(template) !== shape)
        continue;
      // A line that takes query options the example does not send is another request: governanceroledefinition-get's
      // `GET …/roleDefinitions/{id}?$filter=resourceId+eq+'{resourceId}'` is not its example's, sent there bare.
      if (!sendsOptionsOf(example, template)) continue;
      covered.add(key(template));
      const kind: CaseKind = { type: 'documented-path', template: template.path, expected };
      const variant = key(template);
      const at = { title: `${title} › ${variant}`, variant, operation: variant };
      const identity = exampleIdentity(example);
      cases.push(caseFor({ ...base, ...at }, kind, template, options.params, identity));
    }
  }

  // A documented path no example speaks for is listed, so that coverage shows it and why it was not exercised.
  for (const template of page.httpRequests) {
    if (covered.has(key(template))) continue;
    const example = page.examples.find((e) => e.request.method === template.method);
    if (!example) continue;
    covered.add(key(template));
    const version = example.request.version ?? page.version ?? 'v1.0';
    const blocked = whyNotRunnable(example);
    cases.push({
      page,
      example,
      version,
      documented: template.location,
      tags: [`@${template.method}`, `@${version}`],
      title: `${shown} › ${template.method} ${template.path}`,
      operation: key(template),
      runnable: false,
      kind: { type: 'path-without-example', template: template.path },
      rule: blocked?.rule ?? 'path-without-example',
      reason:
        blocked === undefined
          ? `no example on the page shows what ${template.method} ${template.path} answers (${formatLocation(template.location)})`
          : `the page's ${template.method} example "${example.name}", which would stand for ${template.method} ${template.path} (${formatLocation(template.location)}), cannot run: ${blocked.reason}`,
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
        title: `${shown} › ${example.name} › ${key(template)} without Authorization`,
        variant: `${key(template)} without Authorization`,
        operation: key(template),
      };
      cases.push(caseFor(base, { type: 'requires-auth' }, template, options.params));
    }
  }
  return cases;
}

function exampleKind(expected: ResponseExample, elsewhere: readonly TypeElsewhere[]): CaseKind {
  return elsewhere.length === 0 ? { type: 'example', expected } : { type: 'example', expected, elsewhere };
}

/** `{item-id}, {drive-id}: set PARAM_item_id, PARAM_drive_id or add it to the tenant file`. */
function askFor(needed: readonly NeededValue[]): string {
  const missing = [...new Set(needed.map((n) => n.name))];
  return `${missing.map((name) => `{${name}}`).join(', ')}: set ${missing.map(paramVariable).join(', ')} or add it to the tenant file`;
}

type Base = Omit<ConformanceCase, 'runnable' | 'kind' | 'request' | 'reason' | 'rule'>;

/** Why an example cannot be replayed whatever the target, from the doc alone; undefined when it can. */
function whyNotRunnable(example: Example): Skip | undefined {
  if (example.origin === 'ignored')
    return {
      rule: 'example-ignored',
      reason: `the doc marks this example "blockType": "ignored" (${formatLocation(example.request.location)})`,
    };
  const { request } = example;
  // fetch (and most HTTP clients) refuse a GET with content, and RFC 9110 gives such content no meaning: the request
  // cannot be sent as documented, which is the doc's problem to fix, not the target being unavailable.
  if (request.method === 'GET' && request.body.kind !== 'none')
    return {
      rule: 'get-with-body',
      reason: `the doc shows a GET request with a body (${formatLocation(request.body.location)}), which HTTP clients cannot send (RFC 9110: content in a GET request has no defined meaning)`,
    };
  const plan = planBody(request);
  return plan.kind === 'unsendable' ? { rule: plan.rule, reason: plan.reason } : undefined;
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
    return skipped(
      base,
      kind,
      'handed-out-source-unknown',
      `the example requests ${host} (${at}), and no earlier answer on the page hands out a URL there: the doc does not say where the URL comes from`,
    );
  }
  const { producer } = source;
  const from = `its URL comes from the answer to "${producer.name}" (${formatLocation(producer.request.location)})`;
  const blocked = whyNotRunnable(producer);
  if (blocked !== undefined) return skipped(base, kind, blocked.rule, `${from}, which cannot run: ${blocked.reason}`);
  const filled = params(exampleTemplate(producer));
  if (!filled.ok)
    return skipped(base, kind, 'placeholder-unfilled', `${from}, which needs a value for ${askFor(filled.missing)}`, {
      needs: filled.missing,
    });
  const producerVersion = producer.request.version ?? base.page.version ?? 'v1.0';
  const before = bytesBefore(example, all);
  const request: CaseRequest = {
    ...requestFor(example, withoutQuery(example.request.url)),
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

function caseFor(
  base: Base,
  kind: CaseKind,
  template: PathTemplate,
  params: ParamSource,
  example?: string,
): ConformanceCase {
  const filled = params(template, example);
  if (!filled.ok)
    return skipped(base, kind, 'placeholder-unfilled', `no value for ${askFor(filled.missing)}`, {
      needs: filled.missing,
    });
  const body = fillBodyPlaceholders(base.example, params);
  if (!body.ok)
    return body.needs === undefined
      ? skipped(base, kind, 'placeholder-unfilled', `${body.reason} (${formatLocation(body.at)})`)
      : skipped(
          base,
          kind,
          'placeholder-unfilled',
          `${body.reason} (${formatLocation(body.at)}): no value for ${askFor(body.needs)}`,
          {
            needs: body.needs,
          },
        );
  const request = { ...requestFor(base.example, `/${base.version}${filled.path}`), body: body.body };
  return { ...base, runnable: true, kind, request, filled: [...filled.values, ...body.values] };
}

/** Whether the example's request sends every query option the documented line names. */
function sendsOptionsOf(example: Example, template: PathTemplate): boolean {
  if (template.query === undefined) return true;
  const sent = new Set(queryOptionNames(example.request.query));
  return queryOptionNames(template.query).every((name) => sent.has(name));
}

/** A case that is listed, not run, and the rule and reason that say why. */
function skipped(
  base: Base,
  kind: SkippedCase['kind'],
  rule: SkipRuleId,
  reason: string,
  more: Pick<SkippedCase, 'needs'> = {},
): ConformanceCase {
  return { ...base, runnable: false, kind, rule, reason, ...more };
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

/**
 * How each page is named in titles: its path inside the docs root the user named (`api/user-get.md`). Where two roots
 * hold the same path (`DOCS=ref/v1.0,ref/beta`), those pages are named from the roots' common folder instead
 * (`v1.0/api/user-get.md`, `beta/api/user-get.md`), so the page part of a title says which page it is.
 */
function titlePaths(pages: readonly Page[], roots: readonly string[]): Map<Page, string> {
  const shown = new Map(pages.map((page) => [page, titlePath(page.file, roots)] as const));
  const count = new Map<string, number>();
  for (const name of shown.values()) count.set(name, (count.get(name) ?? 0) + 1);
  if ([...count.values()].every((n) => n === 1)) return shown;
  const common = commonFolder(roots.map((root) => resolve(root)));
  for (const [page, name] of shown) if ((count.get(name) ?? 0) > 1) shown.set(page, titlePath(page.file, [common]));
  return shown;
}

/** A page as titles and reports show it: its path inside the docs root the user named. */
export function titlePath(file: string, roots: readonly string[]): string {
  for (const root of roots) {
    const inside = relative(root, file);
    if (inside === '') return basename(file);
    if (!inside.startsWith('..')) return inside.split('\\').join('/');
  }
  return file;
}

/** The deepest folder holding every one of `paths` (each a folder, or a file whose folder counts). */
function commonFolder(paths: readonly string[]): string {
  const split = paths.map((p) => p.split(sep));
  const first = split[0] ?? [];
  let length = 0;
  while (length < first.length && split.every((parts) => parts[length] === first[length])) length++;
  const folder = first.slice(0, length).join(sep);
  return paths.length === 1 ? dirname(folder) : folder === '' ? sep : folder;
}

/** The template an example's request was written from; `/me/…` is the signed-in user's `/users/{id}/…`. */
function ownTemplate(templates: readonly PathTemplate[], example: Example): PathTemplate | undefined {
  const { method, path } = example.request;
  const asUser = asSignedInUser(path);
  const matches = pathMatcher(path);
  const matchesAsUser = asUser === undefined ? undefined : pathMatcher(asUser);
  return (
    templates.find((t) => t.method === method && matches(t)) ??
    (matchesAsUser === undefined ? undefined : templates.find((t) => t.method === method && matchesAsUser(t)))
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

/** A URL up to its query or fragment. */
function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}
