/**
 * The mock refuses null where Graph's service metadata does: a request-body property the CSDL declares
 * `Nullable="false"` is a 400 with Graph's error body when sent as null, as the probes expect (they never send null
 * there). Only the CSDL given to the mock (`METADATA`) adds anything: the metadata the mock builds from the pages
 * declares `Nullable="false"` exactly where the page says "Not nullable", which the page's own schema already refuses.
 *
 * The CSDL is read when the first write asks (a mock that is only read from does not pay for it), then once per page.
 */
import type { GraphVersion } from '../core/http.ts';
import type { Page } from '../docs/model.ts';
import { readMetadataTexts } from '../metadata/load-metadata.ts';
import type { MetadataSet } from '../metadata/metadata-set.ts';
import { rowStatements } from '../metadata/row-statements.ts';
import { formatLocation } from '../core/finding.ts';
import { isJsonObject } from '../core/json.ts';
import { nullabilityStatement } from '../schema/statements.ts';
import type { SchemaError, Validator } from '../schema/registry.ts';

/** A page's validator with the metadata's null refusals added; the page's own checks first. */
export type NullRefusal = (page: Page, validator: Validator | undefined) => Validator | undefined;

/** The top-level properties the page's request examples send as null. */
function nullsShown(page: Page): Set<string> {
  const names = new Set<string>();
  for (const { request } of page.examples)
    if (request.body.kind === 'json' && isJsonObject(request.body.value))
      for (const [name, value] of Object.entries(request.body.value)) if (value === null) names.add(name);
  return names;
}

export function nullRefusal(
  pages: readonly Page[],
  texts: Readonly<Partial<Record<GraphVersion, string>>> | undefined,
): NullRefusal {
  const given = Object.entries(texts ?? {}) as [GraphVersion, string][];
  if (given.length === 0) return (_page, validator) => validator;
  let metadata: MetadataSet | undefined;
  const read = (): MetadataSet =>
    (metadata ??= readMetadataTexts(
      given.map(([version, text]) => ({
        option: { raw: `${version}/$metadata`, location: `METADATA (${version})`, version },
        text,
      })),
    ).metadata);
  return (page, validator) => {
    const rows = page.requestBody?.properties ?? [];
    if (rows.length === 0) return validator;
    const statements = rowStatements([page], read());
    const refused = new Map<string, { declared: string; source: string }>();
    const shown = nullsShown(page);
    for (const row of rows) {
      const source = formatLocation(row.location);
      const stated = statements[source];
      // The page's own word first: "Nullable." stands, as the probes read it, and so does an example that sends null
      // (the page and the metadata disagree: lint's to say, not the mock's to fail the example on).
      if (stated?.nullable === false && nullabilityStatement(row.description) !== 'nullable' && !shown.has(row.name))
        refused.set(row.name, { declared: stated.declared, source });
    }
    if (refused.size === 0) return validator;
    return (data) => {
      const errors: SchemaError[] = [...(validator?.(data) ?? [])];
      if (typeof data !== 'object' || data === null || Array.isArray(data)) return errors;
      for (const [name, { declared, source }] of refused)
        if (Object.hasOwn(data, name) && (data as Record<string, unknown>)[name] === null)
          errors.push({
            pointer: `/${name}`,
            keyword: 'nullable',
            message: `must not be null: the service metadata declares ${name} Nullable="false" (${declared})`,
            source,
          });
      return errors;
    };
  };
}
