/**
 * Documented versus actual JSON, aligned by JSON pointer: one row per leaf, in the documented order with the actual
 * body's extra members after. A side-by-side diff by pointer reads the way the checks report (`/width is missing`),
 * where a line diff of two pretty-printed bodies would pair up unrelated lines.
 */
import { pointerToken } from '../core/json.ts';

export type RowKind = 'same' | 'changed' | 'missing' | 'extra';

export interface DiffRow {
  readonly pointer: string;
  /** The documented value as JSON text, or null where the doc does not show the pointer. */
  readonly documented: string | null;
  readonly actual: string | null;
  readonly kind: RowKind;
  /** A pointer the failure names (or one below it). */
  readonly flagged: boolean;
}

export interface JsonDiff {
  readonly rows: readonly DiffRow[];
  /** Rows left out to keep within the size limit. */
  readonly omitted: number;
}

const VALUE_LIMIT = 300;

export function diffJson(
  documented: unknown,
  actual: unknown,
  flagged: readonly string[],
  limitChars: number,
): JsonDiff {
  const rows: DiffRow[] = [];
  let size = 0;
  let omitted = 0;
  const isFlagged = (pointer: string): boolean => flagged.some((f) => pointer === f || pointer.startsWith(`${f}/`));
  const push = (pointer: string, doc: unknown, act: unknown, hasDoc: boolean, hasAct: boolean): void => {
    const documentedText = hasDoc ? leafText(doc) : null;
    const actualText = hasAct ? leafText(act) : null;
    const kind: RowKind = !hasDoc ? 'extra' : !hasAct ? 'missing' : documentedText === actualText ? 'same' : 'changed';
    const rowSize = pointer.length + (documentedText?.length ?? 0) + (actualText?.length ?? 0) + 40;
    if (size + rowSize > limitChars) {
      omitted++;
      return;
    }
    size += rowSize;
    rows.push({
      pointer: pointer === '' ? '/' : pointer,
      documented: documentedText,
      actual: actualText,
      kind,
      flagged: isFlagged(pointer),
    });
  };
  const walk = (pointer: string, doc: unknown, act: unknown, hasDoc: boolean, hasAct: boolean): void => {
    const docBranch = hasDoc ? branch(doc) : undefined;
    const actBranch = hasAct ? branch(act) : undefined;
    const bothBranches =
      docBranch !== undefined && actBranch !== undefined && Array.isArray(doc) === Array.isArray(act);
    const members = (docBranch?.size ?? 0) + (actBranch?.size ?? 0);
    // A member only one side has is shown leaf by leaf, so that each missing or extra pointer gets its own row.
    const oneSided = (docBranch !== undefined && !hasAct) || (actBranch !== undefined && !hasDoc);
    if (!(bothBranches || oneSided) || members === 0) {
      push(pointer, doc, act, hasDoc, hasAct);
      return;
    }
    const keys = [...(docBranch?.keys() ?? []), ...[...(actBranch?.keys() ?? [])].filter((k) => !docBranch?.has(k))];
    for (const key of keys) {
      walk(
        `${pointer}/${pointerToken(key)}`,
        docBranch?.get(key),
        actBranch?.get(key),
        docBranch?.has(key) ?? false,
        actBranch?.has(key) ?? false,
      );
    }
  };
  walk('', documented, actual, true, true);
  return { rows, omitted };
}

/** An object or array as its members by key; anything else is a leaf. */
function branch(value: unknown): Map<string, unknown> | undefined {
  if (Array.isArray(value)) return new Map(value.map((v, i) => [String(i), v as unknown]));
  if (typeof value === 'object' && value !== null) return new Map(Object.entries(value));
  return undefined;
}

function leafText(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > VALUE_LIMIT ? `${text.slice(0, VALUE_LIMIT)}… (${text.length} characters)` : text;
}
