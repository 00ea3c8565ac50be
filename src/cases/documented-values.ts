/**
 * The values the docs themselves give for `{placeholders}`: the ids their examples address (`GET /groups/02bd9fd6-…`)
 * and the ids their collection answers list (`GET /groups` → `value[0].id`). The embedded mock tenant is built from
 * the same examples (it serves what they address and what their listings show), so these are the values a run
 * against it fills placeholders with: entities the mock holds, not guesses it would answer `404` to.
 *
 * A template is filled from one documented path, position by position (Graph reuses names:
 * `/users/{id}/messages/{id}`), so that the values belong together: the message is one of that user's.
 */
import type { Example, Page, PathSegment, PathTemplate } from '../docs/model.ts';
import type { Location } from '../core/finding.ts';
import { isGraphUrl } from '../docs/http-message.ts';
import { asSentToMock, exampleIdentity, parsePathTemplate, shapeOf } from '../docs/path-template.ts';
import { isJsonObject } from '../core/json.ts';

/** A value at a position of a template: a whole placeholder segment, or a placeholder inside a literal segment. */
export interface DocumentedValue {
  readonly value: string;
  /** The example whose request path (or whose listing) shows it. */
  readonly location: Location;
}

/** What one documented path gives a template. */
export interface DocumentedFill {
  /** Segment index → value; and, for placeholders inside literal segments, `index:name` → value. */
  readonly values: ReadonlyMap<string, DocumentedValue>;
  /** The documented path is the whole template filled (not only a start of it). */
  readonly whole: boolean;
}

const NOTHING: DocumentedFill = { values: new Map(), whole: false };

/** The key of a placeholder's position: `3` for a placeholder segment, `3:item-path` for one inside segment 3. */
export function positionKey(index: number, embeddedName?: string): string {
  return embeddedName === undefined ? String(index) : `${index.toString()}:${embeddedName}`;
}

interface Candidate {
  readonly location: Location;
  readonly method: string;
  /** Segments of the documented path: each decoded, or undefined where the example kept a `{placeholder}`. */
  readonly segments: readonly (string | undefined)[];
}

interface Node {
  readonly children: Map<string, Node>;
  /** The first documented path through this node: where a prefix's values are shown. */
  readonly first: Candidate;
  /** Documented paths ending here. */
  readonly ends: Candidate[];
  /** The segment as `first` spells it (the keys are lower-cased), where it can be a placeholder's value. */
  readonly shown: string | undefined;
  /** The route `shown` names (`delta`); true where it can only be a route (`$count`, `microsoft.graph.delta()`). */
  readonly route: string | true | undefined;
}

/** Bounds the search per template: placeholders fan out over every documented value at their position. */
const MAX_VISITS = 20_000;

export class DocumentedValues {
  readonly #root: Map<string, Node> = new Map();
  readonly #cache = new Map<PathTemplate, DocumentedFill>();
  /** Per collection shape, the literal segments documented routes have there (`/users` → `delta()`, `$count`). */
  readonly #routes = new Map<string, Set<string>>();

  constructor(pages: readonly Page[]) {
    for (const page of pages) {
      for (const template of page.httpRequests) {
        for (const [index, segment] of template.segments.entries()) {
          if (segment.kind !== 'literal') continue;
          const shape = collectionOf(template, index);
          const literals = this.#routes.get(shape) ?? new Set<string>();
          literals.add(routeName(segment.value));
          this.#routes.set(shape, literals);
        }
      }
      for (const example of page.examples) this.#addExample(example);
    }
  }

  /** Values for as many of the template's placeholders as one documented path gives, from its start. */
  fill(template: PathTemplate): DocumentedFill {
    const cached = this.#cache.get(template);
    if (cached) return cached;
    const fill = this.#search(template);
    this.#cache.set(template, fill);
    return fill;
  }

  #addExample(example: Example): void {
    const { request } = example;
    if (!isGraphUrl(request.url)) return;
    // A placeholder the example keeps and the mock fills with its default (`/policies/{id}`: its user's id) addresses
    // that resource: the mock answers this example there, so that is the value this path shows.
    const parsed = parsePathTemplate(
      `${request.method} ${asSentToMock(request.path, exampleIdentity(example))}`,
      request.location,
    );
    if (!parsed) return;
    const segments = parsed.segments.map((s) => (s.kind === 'literal' ? decode(s.value) : undefined));
    this.#insert({ location: request.location, method: request.method, segments });
    // A listing shows its members: each item's id addresses one (`GET /groups` lists `/groups/<id>`).
    if (request.method !== 'GET') return;
    const response = example.response;
    if (response?.body.kind !== 'json') return;
    const value = response.body.value;
    const items = isJsonObject(value) ? value[response.collectionProperty] : undefined;
    // The tenant's users are its own (its directory): a listing of users in the docs adds none.
    if (!Array.isArray(items) || /^\/users\/?$/i.test(request.path)) return;
    for (const item of items) {
      const id = isJsonObject(item) ? item['id'] : undefined;
      if (typeof id !== 'string' || id === '' || /[{}]/.test(id)) continue;
      this.#insert({ location: response.body.location, method: 'GET', segments: [...segments, id] });
    }
  }

  #insert(candidate: Candidate): void {
    let level = this.#root;
    let node: Node | undefined;
    for (const segment of candidate.segments) {
      if (segment === undefined) return; // nothing past an unfilled placeholder is a documented value
      const key = segment.toLowerCase();
      let next = level.get(key);
      if (!next) {
        const shown = segment === '' || /[{}]/.test(segment) ? undefined : segment;
        next = {
          children: new Map(),
          first: candidate,
          ends: [],
          shown,
          route: shown === undefined ? undefined : routeOf(shown),
        };
        level.set(key, next);
      }
      node = next;
      level = next.children;
    }
    node?.ends.push(candidate);
  }

  /** What the template's segment at `index` asks of the documented paths there. */
  #positionOf(template: PathTemplate, segment: PathSegment, index: number): Position {
    if (segment.kind === 'placeholder')
      return { kind: 'placeholder', key: positionKey(index), routes: this.#routes.get(collectionOf(template, index)) };
    const names = embeddedNames(segment.value);
    if (names.length === 0) return { kind: 'literal', key: segment.value.toLowerCase() };
    return {
      kind: 'embedded',
      pattern: literalPattern(segment.value),
      keys: names.map((name) => positionKey(index, name)),
    };
  }

  #search(template: PathTemplate): DocumentedFill {
    let best: { values: (readonly [string, string])[]; node: Node; depth: number; rank: number[] } | undefined;
    let visits = 0;
    const segments = template.segments;
    // What each position asks of the documented paths, worked out once: the search comes back to a position as often
    // as the placeholders before it fan out (thousands of times for `/groups/{id}/…`).
    const positions = segments.map((segment, index) => this.#positionOf(template, segment, index));
    // The values given so far, a stack (each position's keys are its own): a map set and deleted at every step of a
    // wide search reallocates its table as it grows and shrinks.
    const values: (readonly [string, string])[] = [];
    const visit = (level: Map<string, Node>, index: number, node?: Node): void => {
      if (visits++ > MAX_VISITS) return;
      // A path giving fewer values than the best never ranks higher (the count comes first), nor does one that gives
      // as many and ends before the template: most of a wide search is passed over without making its rank.
      const count = values.length;
      const bestCount = best?.rank[0] ?? -1;
      if (node !== undefined && (count > bestCount || (count === bestCount && index === segments.length))) {
        const rank = rankOf(template, count, index, node);
        if (best === undefined || compareRanks(rank, best.rank) > 0)
          best = { values: [...values], node, depth: index, rank };
      }
      const position = positions[index];
      if (position === undefined) return;
      if (position.kind === 'placeholder') {
        for (const child of level.values()) {
          const { shown, route } = child;
          if (shown === undefined || route === true || (route !== undefined && position.routes?.has(route))) continue;
          values.push([position.key, shown]);
          visit(child.children, index + 1, child);
          values.pop();
        }
        return;
      }
      if (position.kind === 'literal') {
        const child = level.get(position.key);
        if (child) visit(child.children, index + 1, child);
        return;
      }
      for (const child of level.values()) {
        const { shown } = child;
        const match = shown === undefined ? null : position.pattern.exec(shown);
        if (!match) continue;
        const added = position.keys.map((key, i) => [key, match[i + 1] ?? ''] as const);
        if (added.some(([, v]) => v === '' || /[{}]/.test(v))) continue;
        values.push(...added);
        visit(child.children, index + 1, child);
        values.length -= added.length;
      }
    };
    visit(this.#root, 0);
    const found: { values: readonly (readonly [string, string])[]; node: Node; depth: number } | undefined = best;
    if (found === undefined) return NOTHING;
    const location = (found.node.ends[0] ?? found.node.first).location;
    return {
      values: new Map(found.values.map(([k, value]) => [k, { value, location }])),
      whole: found.depth === segments.length && found.node.ends.length > 0,
    };
  }
}

/**
 * Which documented path fills a template best: the one giving the most values; then the template's own, where the
 * template is an example's request (two examples of a page on one line each have their stand-ins, and the mock
 * answers each as its own: b2cidentityuserflow-list-userattributeassignments' `$expand` example, sent with the first
 * example's stand-in, got the first example's items); then one from the template's own page that ends where the
 * template ends, with its method (the mock answers such a request with that very example); then any that ends there.
 */
function rankOf(template: PathTemplate, filled: number, depth: number, node: Node): number[] {
  const complete = depth === template.segments.length;
  const ends = complete ? node.ends : [];
  const samePage = (c: Candidate): boolean => c.location.file === template.location.file;
  const own = (c: Candidate): boolean => samePage(c) && c.location.line === template.location.line;
  return [
    filled,
    ends.some(own) ? 1 : 0,
    ends.some((c) => samePage(c) && c.method === template.method) ? 1 : 0,
    ends.some(samePage) ? 1 : 0,
    ends.some((c) => c.method === template.method) ? 1 : 0,
    ends.length > 0 ? 1 : 0,
  ];
}

/** What a template's segment asks of the documented paths at its position. */
type Position =
  /** Any member shown there, keyed `key` among the values, that is not one of the `routes` documented there. */
  | { readonly kind: 'placeholder'; readonly key: string; readonly routes: ReadonlySet<string> | undefined }
  /** This segment (lower-cased), as written. */
  | { readonly kind: 'literal'; readonly key: string }
  /** A segment matching `pattern`, whose groups are the values of the placeholders inside it (`keys`). */
  | { readonly kind: 'embedded'; readonly pattern: RegExp; readonly keys: readonly string[] };

/**
 * A value shown at a placeholder's position may be a route there (`GET /users/delta`), not a member: the route it
 * would be, to look for among those documented there; true where it can only be a route.
 */
function routeOf(value: string): string | true {
  return /^\$|[()]|^microsoft\.graph\./i.test(value) ? true : routeName(value);
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const value = a[i] ?? 0;
    const other = b[i] ?? 0;
    if (value !== other) return value - other;
  }
  return 0;
}

/** `delta()`, `Delta`, `microsoft.graph.delta()` name one route. */
function routeName(segment: string): string {
  const name = segment.toLowerCase().replace(/^microsoft\.graph\./, '');
  const open = name.indexOf('(');
  return open >= 0 && name.endsWith(')') ? name.slice(0, open) : name;
}

/**
 * The collection a placeholder segment names a member of, as a shape: the segments before it, literals in lower
 * case and placeholders as `{}`. `/users/{id}/messages/{id}` → `/users` and `/users/{}/messages`.
 */
export function collectionOf(template: PathTemplate, index: number): string {
  return shapeOf(template.segments.slice(0, index).map((s) => (s.kind === 'placeholder' ? '{}' : s.value)));
}

function embeddedNames(literal: string): string[] {
  return [...literal.matchAll(/\{([^{}|]+)(?:\|[^{}]*)?\}/g)].map((m) => (m[1] ?? '').trim());
}

function literalPattern(literal: string): RegExp {
  const source = literal
    .split(/\{[^{}]+\}/)
    .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('(.+?)');
  return new RegExp(`^${source}$`, 'is');
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
