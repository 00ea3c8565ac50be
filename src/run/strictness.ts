/**
 * The schema a response is checked against at each strictness level.
 *
 * `strict` closes every documented resource type (see schema/closed.ts): a property the tables do not document fails,
 * at any depth, while `@odata.*` annotations still pass. The standard check runs first and keeps its messages; the
 * closed check only adds what it alone finds: the undocumented properties.
 */
import type { GraphVersion } from '../core/http.ts';
import { undocumentedPropertiesValidator } from '../schema/closed.ts';
import type { SchemaRegistry, Validator } from '../schema/registry.ts';
import type { Strictness } from '../settings/settings.ts';

/** A compiled schema with the name a reader knows it by (`microsoft.graph.profilePhoto`). */
export interface NamedSchema {
  readonly name: string;
  readonly validate: Validator;
}

/** The schema for a documented type at a level; undefined at `lenient` (and for undocumented types). */
export function resourceSchemaAt(
  level: Strictness,
  registry: SchemaRegistry,
  typeName: string,
  version: GraphVersion | undefined,
): NamedSchema | undefined {
  if (level === 'lenient') return undefined;
  const standard = registry.resourceValidator(typeName, version);
  if (!standard) return undefined;
  if (level === 'standard') return { name: typeName, validate: standard };
  const closed = undocumentedPropertiesValidator(registry, typeName, version);
  return {
    name: `${typeName} (strict: only documented properties)`,
    validate: (data) => {
      const errors = standard(data);
      const extra = (closed?.(data) ?? []).map((e) => ({ ...e, message: `${e.message} (STRICTNESS=strict)` }));
      return [...errors, ...extra.filter((e) => !errors.some((s) => s.pointer === e.pointer))];
    },
  };
}

/** The reason a level gives for not checking against the tables' schema. */
export const LENIENT_REASON = 'STRICTNESS=lenient: only the shape of the documented example is checked';
