/**
 * Markdown tables as rows of cells, located by line. Which table is which is decided by the caller from the section
 * heading above it (ApiDoctor's rule); this module only reads them and finds columns by their header names.
 */
import type { Cell, Link } from './model.ts';
import { LIMITS } from './limits.ts';
import { inlineLinks, inlineText, type Token } from './markdown.ts';

/**
 * A cell whose text and links are read from its markdown when first asked for: the readers look into some columns of
 * some tables, and the cells of the others (the tables of sections no reader takes, the columns it skips) are never
 * read. Not model data: `cellAt` copies what a reader keeps into a plain `Cell`.
 */
class TableCell implements Cell {
  #text: string | undefined;
  #links: readonly Link[] | undefined;
  readonly #inline: Token;

  constructor(inline: Token) {
    this.#inline = inline;
  }

  get text(): string {
    return (this.#text ??= inlineText(this.#inline));
  }

  get links(): readonly Link[] {
    return (this.#links ??= inlineLinks(this.#inline));
  }
}

export interface TableRow {
  readonly cells: readonly Cell[];
  /** 1-based line of the row. */
  readonly line: number;
}

export interface Table {
  readonly header: readonly Cell[];
  readonly rows: readonly TableRow[];
  /** 1-based line of the header row. */
  readonly line: number;
  /** Rows past `LIMITS.tableRows` are not read: how many there were, and the line of the first. */
  readonly dropped?: { readonly rows: number; readonly line: number };
}

/** Reads the table opening at `tokens[start]` (a `table_open`); returns it and the index after `table_close`. */
export function readTable(tokens: readonly Token[], start: number): { table: Table; next: number } {
  const header: Cell[] = [];
  const rows: TableRow[] = [];
  let current: Cell[] | undefined;
  let currentLine = 0;
  let inHead = false;
  let dropped: { rows: number; line: number } | undefined;
  let index = start + 1;
  for (; index < tokens.length; index++) {
    const token = tokens[index];
    if (!token || token.type === 'table_close') break;
    if (token.type === 'thead_open') inHead = true;
    else if (token.type === 'thead_close') inHead = false;
    else if (token.type === 'tr_open') {
      currentLine = token.map ? token.map[0] + 1 : currentLine + 1;
      // Past the limit, rows are counted, not read: their cells are never reduced to text.
      if (!inHead && rows.length >= LIMITS.tableRows) {
        dropped = { rows: (dropped?.rows ?? 0) + 1, line: dropped?.line ?? currentLine };
        current = undefined;
      } else current = [];
    } else if (token.type === 'tr_close' && current) {
      if (inHead) for (const cell of current) header.push(cell);
      else rows.push({ cells: current, line: currentLine });
      current = undefined;
    } else if (token.type === 'inline' && current) current.push(new TableCell(token));
  }
  const map = tokens[start]?.map;
  const line = map ? map[0] + 1 : currentLine;
  return { table: { header, rows, line, ...(dropped ? { dropped } : {}) }, next: index + 1 };
}

/** Index of the first column whose header, lower-cased, starts with one of `names`; -1 when none does. */
export function column(table: Table, ...names: readonly string[]): number {
  return table.header.findIndex((cell) => {
    const text = cell.text.toLowerCase();
    return names.some((name) => text === name || text.startsWith(`${name} `) || text.startsWith(`${name}(`));
  });
}

/** The cell of `row` at `index` as plain data, or an empty cell (rows may be shorter than the header). */
export function cellAt(row: TableRow, index: number): Cell {
  const cell = index >= 0 ? row.cells[index] : undefined;
  return cell ? { text: cell.text, links: cell.links } : { text: '', links: [] };
}
