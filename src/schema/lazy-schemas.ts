/**
 * Doc schemas handed to an Ajv instance when first asked for, never before: adding one costs Ajv a walk of it (and a
 * meta-schema check), and a process uses a few hundred of a whole reference's ~6,700 (a run asks for the types its
 * examples show). What Ajv gets for a doc schema is up to the caller (`copiesOf`: the schema with its links, or the
 * closed check's two copies). A copy's `$ref` to another doc schema's copy is compiled by Ajv with it, so that schema
 * is handed over in the same call.
 */
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { isJsonObject } from '../core/json.ts';
import type { DocSchema } from './build-schemas.ts';
import type { JsonSchema } from './json-schema.ts';

export interface LazySchemaSetOptions {
  /** What Ajv is given for a doc schema. */
  readonly copiesOf: (schema: DocSchema) => readonly JsonSchema[];
  /** The doc schema a copy's `$ref` names (a copy may be referred to by an `$id` of its own). */
  readonly docSchemaOf?: (ref: string) => string;
}

/** `hand(id)` gives Ajv the doc schema `id` (and what its copies refer to), once; unknown ids are left alone. */
export function lazySchemaSet(
  ajv: Ajv2020,
  schemas: readonly DocSchema[],
  { copiesOf, docSchemaOf = (ref) => ref }: LazySchemaSetOptions,
): (id: string) => void {
  const byId = new Map(schemas.map((s) => [s.id, s]));
  const handed = new Set<string>();
  return (first) => {
    const pending = [first];
    for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
      if (handed.has(id)) continue;
      handed.add(id);
      const schema = byId.get(id);
      if (schema === undefined) continue;
      for (const copy of copiesOf(schema)) {
        ajv.addSchema(copy);
        for (const ref of refsOf(copy)) pending.push(docSchemaOf(ref));
      }
    }
  };
}

function refsOf(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsOf(item, found);
  else if (isJsonObject(value))
    for (const [keyword, inner] of Object.entries(value))
      if (keyword === '$ref' && typeof inner === 'string') found.push(inner);
      else refsOf(inner, found);
  return found;
}
