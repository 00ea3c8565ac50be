/** The `## Path parameters`, `## Optional query parameters` and `## Function parameters` tables. */
import type { ParameterRow } from './model.ts';
import type { Locate, TablePart } from './page-outline.ts';
import { cellAt, column } from './tables.ts';

/** `|Parameter|Type|Description|` (path, function) or `|Name|Value|Description|` (query) rows. */
export function readParameters(tables: readonly TablePart[], locate: Locate): ParameterRow[] {
  const rows: ParameterRow[] = [];
  for (const { table } of tables) {
    const name = column(table, 'parameter', 'name', 'parameter name', 'property');
    const type = column(table, 'type');
    const description = column(table, 'description', 'value');
    if (name < 0) continue;
    for (const row of table.rows) {
      const parameter = cellAt(row, name).text;
      if (parameter === '' || row.cells.slice(1).every((c) => c.text === '')) continue;
      const text = cellAt(row, description).text;
      rows.push({
        name: parameter,
        type: cellAt(row, type),
        required: isRequired(text),
        description: text,
        location: locate(row.line),
      });
    }
  }
  return rows;
}

/** `Required.`, `Bearer {token} (required)`; not `Not required`, nor a condition ("required when using $search"). */
export function isRequired(description: string): boolean {
  return /\brequired\b(?!\s+(when|if|for|only)\b)/i.test(description) && !/\bnot required\b/i.test(description);
}
