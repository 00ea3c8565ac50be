/**
 * Where the values of `{placeholders}` come from, as data: a case is runnable only when each placeholder of its path
 * has a value, and every value says where it came from (shown on the test). Data rather than a lookup function, so
 * that a doc set built with it can be cached and compared.
 *
 * In order, the first with a value wins:
 * 1. by name: `PARAM_<name>`, what the tenant file's setup requests captured, the tenant file's `params`;
 * 2. by position, against a target: what the run discovered by listing the collection the placeholder belongs to
 *    (`GET /groups` for the `{id}` of `/groups/{id}`), or by creating a member of it (`ALLOW_WRITES=1`);
 * 3. by position, against the embedded mock: the entities its own state holds, which are those the docs' examples
 *    address and list (see documented-values.ts); its own users where a user is named; and for a member the docs
 *    leave as a placeholder everywhere, the stand-in the mock answers as that member (see `standInFor`).
 * Positions matter because Graph reuses names: the two `{id}`s of `/users/{id}/messages/{id}` are a user and a message.
 */
import type { Page, PathTemplate } from '../docs/model.ts';
import { formatLocation, type Location } from '../core/finding.ts';
import { standInArgument, standInFor, userParamAt } from '../core/embedded-tenant.ts';
import { ownValue } from '../core/json.ts';
import {
  collectionOf,
  DocumentedValues,
  positionKey,
  type DocumentedFill,
  type DocumentedValue,
} from './documented-values.ts';

export { collectionOf };

export type Placeholders =
  /** `lint`: the tenant is unknown, so every placeholder counts as filled and only the doc's own reasons skip a case. */
  | { readonly kind: 'all-filled' }
  | {
      readonly kind: 'values';
      /** In order: the first layer with a value for a name wins. */
      readonly layers: readonly PlaceholderLayer[];
      /** Values the run found in the target, by the collection they are members of. */
      readonly discovered?: readonly DiscoveredValue[];
      /** What is left is filled from the embedded mock tenant's own state (the run targets the embedded mock). */
      readonly embeddedTenant: boolean;
    };

export interface PlaceholderLayer {
  readonly values: Readonly<Record<string, string>>;
  /** Also found under the name its `PARAM_` variable has (`{item-id}` under `item_id`): for the `PARAM_` settings. */
  readonly byVariableName?: boolean;
  readonly origin: LayerOrigin;
}

/** Where a layer of named values comes from. */
export type LayerOrigin =
  | { readonly kind: 'setting' }
  | { readonly kind: 'tenant-file'; readonly file: string }
  | { readonly kind: 'setup'; readonly file: string };

/** A value the run found in the target for the members of a collection. */
export interface DiscoveredValue {
  /** The collection's shape: `/groups`, `/users/{}/messages` (see `collectionOf`). */
  readonly collection: string;
  readonly value: string;
  /** How it was found: `GET /v1.0/groups, /value/0/id`. */
  readonly how: string;
}

/** Where one value of a filled path came from. */
export type ValueOrigin =
  | LayerOrigin
  | { readonly kind: 'discovered'; readonly how: string }
  /** The embedded mock's state: the entity this example addresses or lists. */
  | { readonly kind: 'documented'; readonly location: Location }
  /** One of the embedded mock's own users. */
  | { readonly kind: 'tenant-user' }
  /** The embedded mock's stand-in for a member the docs only ever show as this placeholder. */
  | { readonly kind: 'stand-in' };

export interface FilledValue {
  readonly name: string;
  readonly value: string;
  readonly origin: ValueOrigin;
}

/** A placeholder without a value, and (for a whole path segment) the collection its value is a member of. */
export interface NeededValue {
  readonly name: string;
  readonly collection?: string;
}

export type FilledTemplate =
  | { readonly ok: true; readonly path: string; readonly values: readonly FilledValue[] }
  | { readonly ok: false; readonly missing: readonly NeededValue[] };

/**
 * Fills a template's placeholders, each from where the placeholders say (see above). With `example` (its identity,
 * `exampleIdentity`), the template is another documented path an example is sent to: against the embedded mock, its
 * members are that example's own stand-ins rather than what other pages show there, so that the mock answers them
 * as the example does (`GET /groups/{id}/events/{id}` for event-get's `/me/events/{id}` example), not as another
 * page's entity.
 */
export type ParamSource = (template: PathTemplate, example?: string) => FilledTemplate;

export function placeholderSource(placeholders: Placeholders, pages: readonly Page[]): ParamSource {
  if (placeholders.kind === 'all-filled') return namedValues(() => 'placeholder');
  const documented = placeholders.embeddedTenant ? new DocumentedValues(pages) : undefined;
  const discovered = new Map((placeholders.discovered ?? []).map((d) => [d.collection, d] as const));
  return (template, example) => {
    const fromDocs = documented?.fill(template);
    return fillWith(template, (name, index, embedded) => {
      const named = byName(placeholders.layers, name);
      if (named) return named;
      if (embedded === undefined) {
        const found = discovered.get(collectionOf(template, index));
        if (found) return { value: found.value, origin: { kind: 'discovered', how: found.how } };
      }
      if (!placeholders.embeddedTenant) return undefined;
      const user = userParamAt(name, collectionOf(template, index));
      // Another documented path an example is sent to takes that example's own stand-ins for its members; a value
      // inside a segment (`roleTemplateId={roleTemplateId}`, an alternate key) has no stand-in of its own, and is
      // the one the docs show there, which the mock holds.
      const documentedHere = example === undefined || embedded !== undefined;
      const shown =
        fromDocs === undefined || !documentedHere
          ? undefined
          : documentedValue(fromDocs, index, embedded, user !== undefined);
      if (shown) return { value: shown.value, origin: { kind: 'documented', location: shown.location } };
      // Another documented path an example is sent to names the example's own user, not the tenant's: where several
      // pages list one user's folders (`GET /users/{id}/mailFolders`), the mock answers the example's own as it shows.
      if (user !== undefined && example === undefined) return { value: user, origin: { kind: 'tenant-user' } };
      const value =
        embedded === undefined ? standInFor(name, example) : standInArgument(name, embedded.unquotedArgument);
      return { value, origin: { kind: 'stand-in' } };
    });
  };
}

/** Fills each placeholder by its name alone, as a setting does (`lint`'s `placeholder`, a benchmark's values). */
export function namedValues(lookup: (name: string) => string | undefined): ParamSource {
  return (template) =>
    fillWith(template, (name) => {
      const value = lookup(name);
      return value === undefined ? undefined : { value, origin: { kind: 'setting' } };
    });
}

/**
 * The documented value at a position. Where a user is named, the tenant's own user is the better value unless the
 * documented path also gives what follows it (the user's message) or is the whole path (an example's very request).
 */
function documentedValue(
  fill: DocumentedFill,
  index: number,
  embedded: Embedded | undefined,
  namesUser: boolean,
): DocumentedValue | undefined {
  const shown = fill.values.get(positionKey(index, embedded?.name));
  if (shown === undefined || !namesUser || fill.whole) return shown;
  const later = [...fill.values.keys()].some((key) => Number.parseInt(key, 10) > index);
  return later ? shown : undefined;
}

/** A placeholder inside a literal segment: its name, and whether it is an unquoted function argument (`rows={n}`). */
interface Embedded {
  readonly name: string;
  readonly unquotedArgument: boolean;
}

type Resolve = (
  name: string,
  index: number,
  embedded: Embedded | undefined,
) => { readonly value: string; readonly origin: ValueOrigin } | undefined;

/** The template with each placeholder replaced by its URL-encoded value, or what has none. */
function fillWith(template: PathTemplate, resolve: Resolve): FilledTemplate {
  const values: FilledValue[] = [];
  const missing: NeededValue[] = [];
  const parts = template.segments.map((segment, index) => {
    if (segment.kind === 'placeholder') {
      const found = resolve(segment.name, index, undefined);
      if (!found) missing.push({ name: segment.name, collection: collectionOf(template, index) });
      else values.push({ name: segment.name, ...found });
      return encodeURIComponent(found?.value ?? '');
    }
    return segment.value.replace(/\{([^{}|]+)(?:\|[^{}]*)?\}/g, (whole: string, raw: string, offset: number) => {
      const name = raw.trim();
      const after = segment.value.slice(offset + whole.length);
      const unquotedArgument = /=\s*$/.test(segment.value.slice(0, offset)) && /^\s*[,)]/.test(after);
      const found = resolve(name, index, { name, unquotedArgument });
      if (!found) missing.push({ name });
      else values.push({ name, ...found });
      return encodeURIComponent(found?.value ?? '');
    });
  });
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, path: `/${parts.join('/')}`, values };
}

function byName(
  layers: readonly PlaceholderLayer[],
  name: string,
): { readonly value: string; readonly origin: ValueOrigin } | undefined {
  for (const { values, byVariableName, origin } of layers) {
    // Own values only: a placeholder named `constructor` is not Object's.
    const value =
      ownValue(values, name) ?? (byVariableName === true ? ownValue(values, variableName(name)) : undefined);
    if (value !== undefined) return { value, origin };
  }
  return undefined;
}

/**
 * The environment variable that fills `{name}`. Shells drop variables whose names are not identifiers (`dash`, which
 * runs npm's scripts and npx, passes no `PARAM_item-id`), so other characters become `_`: `{item-id}` → `PARAM_item_id`.
 */
export function paramVariable(name: string): string {
  return `PARAM_${variableName(name)}`;
}

function variableName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** `{group-id} = 02bd… (PARAM_group_id)`: a filled value and where it came from, for the report. */
export function describeValue(filled: FilledValue): string {
  return `{${filled.name}} = ${filled.value} (${describeOrigin(filled)})`;
}

function describeOrigin({ name, origin }: FilledValue): string {
  switch (origin.kind) {
    case 'setting':
      return paramVariable(name);
    case 'tenant-file':
      return `the tenant file ${origin.file}`;
    case 'setup':
      return `captured by the setup requests of ${origin.file}`;
    case 'discovered':
      return `discovered: ${origin.how}`;
    case 'documented':
      return `the embedded mock's state, as the docs show it at ${formatLocation(origin.location)}`;
    case 'tenant-user':
      return "one of the embedded mock's own users";
    case 'stand-in':
      return "the embedded mock's stand-in for the member the docs show only as this placeholder";
  }
}
