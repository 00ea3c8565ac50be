/**
 * Path templates of the `## HTTP request` block (`/users/{id | userPrincipalName}/photos`) and the requests that
 * match them. Shared by the parser (is an example's path documented?), the cases (fill placeholders) and the mock
 * tenant (route a request).
 */
import type { Example, PathSegment, PathTemplate } from './model.ts';
import { HTTP_METHODS, type HttpMethod } from '../core/http.ts';
import { type Location } from '../core/finding.ts';
import { standInFor, userParamAt } from '../core/embedded-tenant.ts';

export function isHttpMethod(word: string): word is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(word);
}

/**
 * `PATCH /me/photos HTTP/1.1` → `PATCH` and `/me/photos HTTP/1.1`: a word of letters, whitespace, then the rest
 * (trimmed); undefined when the line is not that. Read by hand, in one pass: doc lines may be built to make a
 * backtracking pattern take forever.
 */
export function splitRequestLine(line: string): { readonly method: string; readonly target: string } | undefined {
  const text = line.trim();
  let end = 0;
  while (end < text.length && isLetter(text.charCodeAt(end))) end++;
  if (end === 0 || !/\s/.test(text[end] ?? '')) return undefined;
  return { method: text.slice(0, end), target: text.slice(end).trim() };
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** `PATCH /users/{usersId}/photos` → a template; undefined when the line is not `METHOD /path`. */
export function parsePathTemplate(line: string, location: Location): PathTemplate | undefined {
  const split = splitRequestLine(line);
  const method = split?.method.toUpperCase();
  const target = split?.target;
  if (method === undefined || target === undefined || !isHttpMethod(method)) return undefined;
  const path = normalisePath(stripQuery(target));
  if (!path.startsWith('/')) return undefined;
  const segments = splitSegments(path).map(parseSegment);
  const placeholders = segments.flatMap((s) => (s.kind === 'placeholder' ? [s.name] : embeddedPlaceholders(s.value)));
  const question = target.indexOf('?');
  const query = question < 0 ? '' : target.slice(question + 1).trim();
  return { method, path, segments, placeholders, ...(query === '' ? {} : { query }), location };
}

function stripQuery(target: string): string {
  const question = target.indexOf('?');
  return question < 0 ? target : target.slice(0, question);
}

/** Collapses spaces inside braces (`{id | userPrincipalName}`) and a trailing slash. */
function normalisePath(path: string): string {
  const tidy = replaceBraced(
    path,
    false,
    (inner) =>
      `{${inner
        .split('|')
        .map((part) => part.trim())
        .join(' | ')}}`,
  );
  let end = tidy.length;
  while (end > 1 && tidy[end - 1] === '/') end--;
  return tidy.slice(0, end);
}

/**
 * Each `{…}` of a text replaced by what `replace` makes of its inside: from a `{` to the first `}`, or (`innermost`)
 * from the last `{` before it. By hand, in one pass: a pattern for this scans to the end of the text from every
 * unclosed `{`.
 */
function replaceBraced(text: string, innermost: boolean, replace: (inner: string, whole: string) => string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const first = text.indexOf('{', from);
    const close = first < 0 ? -1 : text.indexOf('}', first);
    if (close < 0) return out + text.slice(from);
    const open = innermost ? text.lastIndexOf('{', close) : first;
    out += text.slice(from, open) + replace(text.slice(open + 1, close), text.slice(open, close + 1));
    from = close + 1;
  }
}

/** Each `{name}` or `{name | alternative}` of a text replaced by what `replace` makes of the name (`{|x}` stays). */
export function replacePlaceholders(text: string, replace: (name: string, whole: string) => string): string {
  return replaceBraced(text, true, (inner, whole) => {
    const name = inner.split('|')[0] ?? '';
    return name === '' ? whole : replace(name, whole);
  });
}

/**
 * An example path as a run against the embedded mock sends it: the `{placeholders}` that address a user are filled
 * with the mock's user (see `userParamAt`). The mock files the example under that resource, and the run fills the
 * example's own path the same way, so that both name one resource. Given the example's identity (`example`), any
 * other whole segment gets the example's own stand-in: pages that each keep `{mobileAppId}` on one route (each Intune
 * app type's get page), or examples that share a request line (`GET /me/contacts/{id}`), then address members of
 * their own, each answered with its own example, where one shared value would get every page the first one's answer.
 * Other placeholders stay.
 */
export function asSentToMock(path: string, example?: string): string {
  const segments = path.split('/');
  return segments
    .map((segment, index) => {
      const collection = shapeOf(segments.slice(1, index));
      const whole = /^\{([^{}|]*)(?:\|[^{}]*)?\}$/.exec(segment);
      const name = whole?.[1]?.trim();
      if (example !== undefined && name && userParamAt(name, collection) === undefined)
        return encodeURIComponent(standInFor(name, example));
      return replacePlaceholders(segment, (inner, kept) => {
        const value = userParamAt(inner.trim(), collection);
        return value === undefined ? kept : encodeURIComponent(value);
      });
    })
    .join('/');
}

/**
 * The shape of the segments before a placeholder: `/users`, `/groups/{}/members` (placeholders as `{}`, literals in
 * lower case). Collections are named by it; `userParamAt` reads it.
 */
export function shapeOf(segments: readonly string[]): string {
  return `/${segments.map((s) => (/^\{[^{}]*\}$/.test(s) ? '{}' : s.toLowerCase())).join('/')}`;
}

/**
 * The identity `asSentToMock` tells an example's stand-ins apart by: its version, its page's file name and its name.
 * The version, because each version's page of one file name (v1.0's and beta's contact-get.md) names its examples
 * alike, and the mock keeps both versions' members in one state: one stand-in for both merged their entities.
 */
export function exampleIdentity(example: Pick<Example, 'name' | 'request'>): string {
  const { file } = example.request.location;
  return `${example.request.version ?? ''}/${file.split(/[\\/]/).at(-1) ?? file}#${example.name}`;
}

/** Splits on `/` outside parentheses and braces (function-call segments may hold slashes in string arguments). */
function splitSegments(path: string): string[] {
  const segments: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of path.slice(1)) {
    if (char === '(' || char === '{') depth++;
    else if (char === ')' || char === '}') depth = Math.max(0, depth - 1);
    if (char === '/' && depth === 0) {
      segments.push(current);
      current = '';
    } else current += char;
  }
  segments.push(current);
  return segments.filter((s) => s !== '');
}

function parseSegment(segment: string): PathSegment {
  const whole = /^\{([^{}]+)\}$/.exec(segment);
  if (!whole?.[1]) return { kind: 'literal', value: segment };
  const alternatives = whole[1]
    .split('|')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  return { kind: 'placeholder', name: alternatives[0] ?? whole[1], alternatives };
}

/** Placeholders inside a literal segment, e.g. `getSchedule(date='{date}')`. */
function embeddedPlaceholders(literal: string): string[] {
  const names: string[] = [];
  replacePlaceholders(literal, (name, whole) => {
    names.push(name.trim());
    return whole;
  });
  return names;
}

/**
 * `/me/…` as the path a page documents it under: the signed-in user's `/users/{id}/…` (`/users/me/…`). Undefined for
 * any other path.
 */
export function asSignedInUser(path: string): string | undefined {
  return /^\/me(?=\/|$)/i.test(path) ? `/users/me${path.slice(3)}` : undefined;
}

/** The concrete values a path takes for a template's placeholders; undefined when the path does not match. */
export function matchPath(template: PathTemplate, path: string): Record<string, string> | undefined {
  return pathMatcher(path)(template);
}

/**
 * `matchPath` of one path, for matching it against many templates: the path is split into its segments once, not once
 * a template (documented reads look a written path up among every GET of its version).
 */
export function pathMatcher(path: string): (template: PathTemplate) => Record<string, string> | undefined {
  const parts = splitSegments(normalisePath(stripQuery(path)));
  return (template) => matchParts(template, parts);
}

function matchParts(template: PathTemplate, parts: readonly string[]): Record<string, string> | undefined {
  if (parts.length !== template.segments.length) return undefined;
  const values: Record<string, string> = {};
  for (const [index, segment] of template.segments.entries()) {
    const part = parts[index] ?? '';
    if (segment.kind === 'placeholder') {
      values[segment.name] = decodeSegment(part);
      continue;
    }
    const captured = matchLiteral(segment.value, part);
    if (!captured) return undefined;
    Object.assign(values, captured);
  }
  return values;
}

/** Literal segments compare case-insensitively (Graph does); embedded placeholders match any text. */
function matchLiteral(literal: string, part: string): Record<string, string> | undefined {
  const names = embeddedPlaceholders(literal);
  if (names.length === 0) return literal.toLowerCase() === decodeSegment(part).toLowerCase() ? {} : undefined;
  const pattern = literal
    .split(/\{[^{}]+\}/)
    .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('(.+?)');
  const match = new RegExp(`^${pattern}$`, 'i').exec(decodeSegment(part));
  if (!match) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? '']));
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export type FilledPath =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly missing: readonly string[] };

/** The template with every placeholder replaced by its URL-encoded value, or the names that have none. */
export function fillPath(template: PathTemplate, value: (name: string) => string | undefined): FilledPath {
  const missing = template.placeholders.filter((name) => value(name) === undefined);
  if (missing.length > 0) return { ok: false, missing: [...new Set(missing)] };
  const parts = template.segments.map((segment) =>
    segment.kind === 'placeholder'
      ? encodeURIComponent(value(segment.name) ?? '')
      : replacePlaceholders(segment.value, (name) => encodeURIComponent(value(name.trim()) ?? '')),
  );
  return { ok: true, path: `/${parts.join('/')}` };
}

/** The option names of a query string (`$filter=…&$top=5` → `$filter`, `$top`), lower-cased: OData reads them so. */
export function queryOptionNames(query: string): string[] {
  return [...new URLSearchParams(query).keys()].map((name) => name.toLowerCase());
}
