/**
 * The `## Request body` section: the properties table a write accepts, and the resource the prose says the body
 * represents (`Supply a JSON representation of the [profilePhoto](../resources/profilephoto.md) object`).
 */
import type { PropertyRow, RequestBody, TypeReference } from './model.ts';
import type { Locate, Part } from './page-outline.ts';
import { resourceLink } from './resource-link.ts';
import { cellAt, column, type Table } from './tables.ts';

/** `parts` are those of the request-body section; undefined when it documents neither properties nor a resource. */
export function readRequestBody(parts: readonly Part[], namespace: string, locate: Locate): RequestBody | undefined {
  const heading = parts.find((part) => part.kind === 'heading' && !part.tabMarker);
  if (!heading || heading.kind !== 'heading') return undefined;
  const properties: PropertyRow[] = [];
  let resource: TypeReference | undefined;
  for (const part of parts) {
    if (part.kind === 'table') properties.push(...propertyRows(part.table, locate));
    else if (part.kind === 'paragraph') resource ??= resourceLink(part.inline, namespace, locate(part.line));
  }
  if (properties.length === 0 && !resource) return undefined;
  return { ...(resource ? { resource } : {}), properties, location: locate(heading.line) };
}

function propertyRows(table: Table, locate: Locate): PropertyRow[] {
  const name = column(table, 'property', 'name', 'parameter', 'property name');
  const type = column(table, 'type');
  const description = column(table, 'description');
  if (name < 0 || type < 0) return [];
  const rows: PropertyRow[] = [];
  for (const row of table.rows) {
    const propertyName = cellAt(row, name).text;
    // A bold first cell with empty others is a section divider, not a property.
    if (propertyName === '' || row.cells.slice(1).every((c) => c.text === '')) continue;
    rows.push({
      name: propertyName,
      type: cellAt(row, type),
      description: cellAt(row, description).text,
      location: locate(row.line),
    });
  }
  return rows;
}
