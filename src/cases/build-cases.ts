/**
 * Pages → conformance cases, deterministically: Playwright evaluates the suite in every worker and matches tests by
 * title, so the same docs must always give the same cases in the same order.
 */
import { basename, relative } from 'node:path';
import type { Example, GraphVersion, Page, PathTemplate, ResponseExample } from '../docs/model.ts';
import { fillPath, matchPath, parsePathTemplate } from '../docs/path-template.ts';
import type { CaseKind, CaseRequest, ConformanceCase, ParamSource } from './model.ts';

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
  const covered = new Set<PathTemplate>();

  for (const example of page.examples) {
    const version = example.request.version ?? page.version ?? 'v1.0';
    const base = { page, example, version, documented: example.request.location, tags: [`@${example.request.method}`, `@${version}`] };
    const expected = example.response;
    const own = page.httpRequests.find((t) => t.method === example.request.method && matchPath(t, example.request.path));
    if (own) covered.add(own);

    const title = `${shown} › ${example.name}`;
    if (expected) cases.push(caseFor({ ...base, title }, { type: 'example', expected }, exampleTemplate(example), options.params));

    // The example stands for its operation: every other path documented for the method gets the same request.
    for (const template of page.httpRequests) {
      if (template.method !== example.request.method || covered.has(template) || !expected) continue;
      covered.add(template);
      const kind: CaseKind = { type: 'documented-path', template: template.path, expected };
      cases.push(caseFor({ ...base, title: `${title} › ${template.method} ${template.path}` }, kind, template, options.params));
    }
  }

  if (authRequired) {
    // One unauthenticated probe per documented path of a method that has an example to borrow a request from.
    for (const template of page.httpRequests) {
      const example = page.examples.find((e) => e.request.method === template.method);
      if (!example) continue;
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

type Base = Omit<ConformanceCase, 'runnable' | 'kind' | 'request' | 'reason'>;

function caseFor(base: Base, kind: CaseKind, template: PathTemplate, params: ParamSource): ConformanceCase {
  const filled = fillPath(template, params);
  if (!filled.ok) {
    const names = filled.missing.map((name) => `{${name}}`).join(', ');
    const settings = filled.missing.map((name) => `PARAM_${name}`).join(', ');
    return { ...base, runnable: false, kind, reason: `no value for ${names}: set ${settings} or add it to the tenant file` };
  }
  return { ...base, runnable: true, kind, request: requestFor(base.example, base.version, filled.path) };
}

function requestFor(example: Example, version: GraphVersion, path: string): CaseRequest {
  const { request } = example;
  return {
    method: request.method,
    path: `/${version}${path}`,
    query: request.query,
    headers: request.headers.filter((h) => !NOT_REPLAYED.has(h.name.toLowerCase())).map((h) => [h.name, h.value] as const),
    body: request.body,
  };
}

/** The example's own path as a template, so a `{placeholder}` left in an example URL is filled, never sent literally. */
function exampleTemplate(example: Example): PathTemplate {
  const { request } = example;
  return parsePathTemplate(`${request.method} ${request.path}`, request.location) ?? {
    method: request.method,
    path: request.path,
    segments: [],
    placeholders: [],
    location: request.location,
  };
}

function titlePath(file: string, roots: readonly string[]): string {
  for (const root of roots) {
    const inside = relative(root, file);
    if (inside === '') return basename(file);
    if (!inside.startsWith('..')) return inside.split('\\').join('/');
  }
  return file;
}

/** The documented response a case expects, when it expects one. */
export function expectedResponse(kind: CaseKind): ResponseExample | undefined {
  return kind.type === 'requires-auth' ? undefined : kind.expected;
}
