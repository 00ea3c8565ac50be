/**
 * A resource page's tables against its JSON representation block: both must name the same properties, with the same
 * collection-ness (ApiDoctor's `AddMissingDetails` and its 2024 table-vs-block rule). Open types are exempt (since
 * ApiDoctor #263), and so are properties the base types document. Pure: definitions in, findings out.
 */
import type { ResourceDefinition } from '../docs/model.ts';
import { formatLocation, type Finding } from '../core/finding.ts';
import { readTypeSpelling } from './type-map.ts';

/**
 * `inherited`: lower-cased property names of the base types; undefined when a base type is not documented in the doc
 * set, in which case a block property missing from the tables may be inherited and is not reported.
 */
export function crossCheckResource(
  resource: ResourceDefinition,
  inherited: ReadonlySet<string> | undefined,
): Finding[] {
  const json = resource.json;
  if (!json || resource.openType) return [];
  const findings: Finding[] = [];
  const rows = [...resource.properties, ...resource.relationships];
  const byName = new Map(rows.map((row) => [row.name.toLowerCase(), row]));
  const shown = new Map(json.map((property) => [property.name.toLowerCase(), property]));

  for (const property of json) {
    const row = byName.get(property.name.toLowerCase());
    if (!row) {
      if (inherited === undefined || inherited.has(property.name.toLowerCase())) continue;
      findings.push({
        rule: 'table-json-mismatch',
        severity: 'warning',
        message: `the JSON representation shows "${property.name}", which neither the Properties nor the Relationships table of ${resource.name} documents`,
        location: property.location,
      });
      continue;
    }
    const spelling = readTypeSpelling(row.type);
    if (spelling.kind === 'unknown' || spelling.collection === property.collection) continue;
    findings.push({
      rule: 'table-json-mismatch',
      severity: 'error',
      message: `"${row.name}" is ${spelling.collection ? 'a collection' : 'not a collection'} in the table, but the JSON representation (${formatLocation(property.location)}) shows ${property.collection ? 'an array' : 'a single value'}`,
      location: row.location,
    });
  }
  // Navigation properties are often left out of the block; only the Properties table must be shown in full.
  for (const row of resource.properties) {
    // Instance annotations (`@microsoft.graph.x`) are not properties of the block.
    if (shown.has(row.name.toLowerCase()) || row.name.includes('@')) continue;
    findings.push({
      rule: 'table-json-mismatch',
      severity: 'warning',
      message: `"${row.name}" is in the Properties table but not in the JSON representation of ${resource.name}`,
      location: row.location,
    });
  }
  return findings;
}
