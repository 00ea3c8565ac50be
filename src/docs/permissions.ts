/** The `## Permissions` section: which scopes each permission type needs, and which the doc calls least privileged. */
import { scopeNames } from '../core/scope-names.ts';
import type { PermissionRow } from './model.ts';
import type { Locate, TablePart } from './page-outline.ts';
import { cellAt, column } from './tables.ts';

/**
 * Scopes come from every column that names permissions besides `Permission type`: the 2021 pages have one
 * (`Permissions (from least to most privileged)`), current ones two (`Least privileged…`, `Higher privileged…`).
 * The least privileged are the first column's scopes in today's tables, and the first scope of a 2021 list that says
 * it runs from least to most privileged; a table that says neither names none.
 */
export function readPermissions(tables: readonly TablePart[], locate: Locate): PermissionRow[] {
  const rows: PermissionRow[] = [];
  for (const { table } of tables) {
    const kind = column(table, 'permission type');
    const scopes = table.header.flatMap((cell, index) =>
      index !== kind && /permission/i.test(cell.text) ? [index] : [],
    );
    if (kind < 0 || scopes.length === 0) continue;
    const leastColumn = table.header.findIndex((cell) => /least privileged/i.test(cell.text));
    const ordered = scopes.length === 1 && /from least to most/i.test(table.header[scopes[0] ?? -1]?.text ?? '');
    for (const row of table.rows) {
      const permissions = [...new Set(scopes.flatMap((index) => scopeNames(cellAt(row, index).text)))];
      const first = cellAt(row, leastColumn >= 0 ? leastColumn : (scopes[0] ?? -1)).text;
      const leastPrivileged = leastColumn >= 0 ? scopeNames(first) : ordered ? permissions.slice(0, 1) : undefined;
      rows.push({
        permissionType: cellAt(row, kind).text,
        permissions,
        ...(leastPrivileged ? { leastPrivileged } : {}),
        notSupported: permissions.length === 0 && /^\W*not supported/i.test(first),
        location: locate(row.line),
      });
    }
  }
  return rows;
}
