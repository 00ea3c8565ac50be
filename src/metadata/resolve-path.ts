/**
 * A documented request path, walked through the metadata: which entity set, singleton, navigation property, bound
 * operation or cast each segment is, and what it leaves addressed. OData's URL conventions with Graph's habits:
 * keys as segments (`/users/{id}`, `/authenticationMethodConfigurations/TemporaryAccessPass`) or in parentheses,
 * functions with or without their arguments (`/users/delta`, `getSchedule`, `f(period='{p}')`), `$value`, `$ref`,
 * `$count`, and OneDrive's path addressing (`/root:/{item-path}:/content`). Segments are matched in any letter case,
 * as Graph does.
 *
 * Where the walk reaches something the metadata cannot follow (a primitive value, a placeholder that stands for a
 * property name), the rest of the path is accepted unchecked: only a segment the metadata positively lacks fails.
 */
import type { PathSegment } from '../docs/model.ts';
import type { CsdlOperation, CsdlStructuredType, TypeRef } from './csdl.ts';
import type { MetadataIndex } from './metadata-index.ts';

/** What a path addresses once walked: an entity or complex value, a collection of them, or something unchecked. */
interface Addressed {
  readonly type?: CsdlStructuredType;
  readonly collection: boolean;
}

export type PathResolution =
  | {
      readonly ok: true;
      /** The path as the permission-scopes file writes it: names as the metadata spells them, keys and casts left out. */
      readonly scopesPath: string;
      /** The last segment addresses one member of a collection by its key. */
      readonly byKey: boolean;
      /** The operation the path calls, with its overloads, when its last resolved segment is one. */
      readonly operations: readonly CsdlOperation[];
      /** The entity or complex type the path addresses, when the metadata follows it to the end. */
      readonly type?: CsdlStructuredType;
      /** It addresses a collection of that type. */
      readonly collection: boolean;
    }
  | {
      readonly ok: false;
      /** 0-based index of the segment that does not resolve. */
      readonly index: number;
      readonly segment: string;
      readonly reason: string;
    };

const UNCHECKED: Addressed = { collection: false };

export function resolvePath(index: MetadataIndex, segments: readonly PathSegment[]): PathResolution {
  const scopes: string[] = [];
  let byKey = false;
  let operations: readonly CsdlOperation[] = [];
  let current: Addressed | undefined;
  /** Inside OneDrive path addressing (`root:/a/b:`): segments name items, not members. */
  let addressing = false;

  for (const [position, segment] of segments.entries()) {
    const written = segment.kind === 'literal' ? segment.value : `{${segment.name}}`;
    const fail = (reason: string): PathResolution => ({ ok: false, index: position, segment: written, reason });
    if (addressing) {
      if (written.endsWith(':')) addressing = false;
      continue;
    }
    if (current === undefined) {
      if (segment.kind !== 'literal') return fail('a path cannot start with a placeholder');
      const { name, args } = splitCall(segment.value);
      const root = index.root(name);
      if (!root) return fail(`the metadata has no entity set, singleton or operation import named "${name}"`);
      scopes.push(callSegment(root.name, args));
      if (root.kind === 'entitySet' || root.kind === 'singleton') {
        current = addressedBy(index, root.type);
        if (args !== undefined && current.collection) {
          current = { ...current, collection: false };
          byKey = true;
        }
      } else {
        operations = index.importedOperations(root);
        const returns = operations[0]?.returnType;
        current = returns ? addressedBy(index, returns) : UNCHECKED;
      }
      continue;
    }
    byKey = false;
    if (segment.kind === 'placeholder') {
      // A key after a collection; anything else (a property name, a path) is not the metadata's to check.
      if (current.type && current.collection) {
        current = { ...current, collection: false };
        byKey = true;
      } else current = UNCHECKED;
      continue;
    }
    const value = segment.value;
    if (value === '$ref' || value === '$count') continue;
    // `$value` reads the raw value: of a media entity or stream, and also of entities Graph serves raw without
    // declaring a stream (an attachment's MIME content): not the metadata's to refuse.
    if (value === '$value') {
      current = UNCHECKED;
      continue;
    }
    if (!current.type) continue; // past what the metadata describes: unchecked
    const type = current.type;
    const { name, args } = splitCall(value.endsWith(':') ? value.slice(0, -1) : value);
    if (value.endsWith(':')) addressing = true;

    const bound = index.boundOperations(name, type, current.collection);
    const member = current.collection ? undefined : index.member(type, name);
    if (member) {
      scopes.push(member.property.name);
      operations = [];
      current = addressedBy(index, member.property.type);
      if (args !== undefined && current.collection) {
        current = { ...current, collection: false };
        byKey = true;
      }
      if (addressing) current = { ...current, collection: false };
      continue;
    }
    const [first] = bound;
    if (first) {
      scopes.push(callSegment(shortOf(first.name), args));
      operations = bound;
      current = first.returnType ? addressedBy(index, first.returnType) : UNCHECKED;
      continue;
    }
    const cast = name.includes('.') ? index.structuredType(name) : undefined;
    if (cast && (index.derivesFrom(cast, type) || index.derivesFrom(type, cast))) {
      current = { ...current, type: cast };
      continue;
    }
    if (current.collection) {
      // Graph takes keys as segments: a literal after a collection that names nothing else is a key.
      current = { ...current, collection: false };
      byKey = true;
      continue;
    }
    return fail(`${type.name} has no property, navigation property or bound operation named "${name}"`);
  }
  return {
    ok: true,
    scopesPath: `/${scopes.join('/')}`,
    byKey,
    operations,
    ...(current?.type ? { type: current.type } : {}),
    collection: current?.collection ?? false,
  };
}

function addressedBy(index: MetadataIndex, ref: TypeRef): Addressed {
  const type = index.structuredType(ref.name);
  return type ? { type, collection: ref.collection } : { collection: ref.collection };
}

/** `getSchedule(date='{d}')` → `getSchedule` and its argument text; `users` → `users` and none. */
function splitCall(segment: string): { name: string; args?: string } {
  const open = segment.indexOf('(');
  if (open < 0 || !segment.endsWith(')')) return { name: segment };
  return { name: segment.slice(0, open), args: segment.slice(open + 1, -1) };
}

/** A function segment as the scopes file writes it: its name and parameter names, `reminderView(StartDateTime,EndDateTime)`. */
function callSegment(name: string, args: string | undefined): string {
  if (args === undefined) return name;
  const names = args
    .split(',')
    .map((a) => a.split('=')[0]?.trim() ?? '')
    .filter((a) => /^[A-Za-z_]\w*$/.test(a) && args.includes('='));
  return `${name}(${names.join(',')})`;
}

function shortOf(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}
