/** The `## Permissions` section: which scopes each permission type needs. */
import type { PermissionRow } from './model.ts';
import type { Locate, TablePart } from './page-outline.ts';
import { cellAt, column } from './tables.ts';

/**
 * Scopes come from every column that names permissions besides `Permission type`: the 2021 pages have one
 * (`Permissions (from least to most privileged)`), current ones two (`Least privileged…`, `Higher privileged…`).
 */
export function readPermissions(tables: readonly TablePart[], locate: Locate): PermissionRow[] {
  const rows: PermissionRow[] = [];
  for (const { table } of tables) {
    const kind = column(table, 'permission type');
    const scopes = table.header.flatMap((cell, index) =>
      index !== kind && /permission/i.test(cell.text) ? [index] : [],
    );
    if (kind < 0 || scopes.length === 0) continue;
    for (const row of table.rows) {
      const permissions = [...new Set(scopes.flatMap((index) => scopeNames(cellAt(row, index).text)))];
      rows.push({ permissionType: cellAt(row, kind).text, permissions, location: locate(row.line) });
    }
  }
  return rows;
}

/**
 * The scope names in a permissions cell. Graph scopes are dotted (`User.Read`, `Files.ReadWrite.All`); the rest of a
 * cell is prose ("For **user** resource:", "and", "Not supported.", "None.", a TODO), and a trailing `.` ends a sentence.
 */
function scopeNames(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((word) => word.replace(/\.$/, ''))
    .filter((word) => /^[A-Za-z][\w-]*(\.[\w-]+)+$/.test(word));
}
