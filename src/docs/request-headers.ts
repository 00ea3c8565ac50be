/** The `## Request headers` table. */
import type { HeaderRow } from './model.ts';
import type { Locate, TablePart } from './page-outline.ts';
import { isRequired } from './parameters.ts';
import { cellAt, column } from './tables.ts';

export function readRequestHeaders(tables: readonly TablePart[], locate: Locate): HeaderRow[] {
  const rows: HeaderRow[] = [];
  for (const { table } of tables) {
    const name = column(table, 'name', 'header', 'request header');
    const description = column(table, 'description', 'value');
    if (name < 0) continue;
    for (const row of table.rows) {
      const text = cellAt(row, description).text;
      // Some rows name the header with its value, `Prefer: outlook.timezone`; the description explains the value.
      const cell = cellAt(row, name).text;
      const colon = cell.indexOf(':');
      const headerName = colon < 0 ? cell : cell.slice(0, colon).trimEnd();
      rows.push({ name: headerName, required: isRequired(text), description: text, location: locate(row.line) });
    }
  }
  return rows;
}
