/**
 * What a failure message says, as data: the JSON pointers it names, the schema errors it lists, and a signature that
 * stays the same when the same promise breaks the same way again, whatever the target, the docs root or the day.
 */

/** One line of `toMatchSchema`'s message: `  /height: is "6", must be integer or null (type), documented at f.md:48`. */
export interface SchemaErrorLine {
  readonly pointer: string;
  readonly message: string;
  readonly keyword: string;
  /** `file:line` of the doc row the rule comes from. */
  readonly source: string | null;
}

// eslint-disable-next-line no-control-regex -- terminal colour codes are control characters by definition
const ANSI = /\u001b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

const SCHEMA_LINE = /^\s+(\/\S*|\/): (.+) \(([A-Za-z$]+)\)(?:, documented at (\S+:\d+))?$/;

export function schemaErrorLines(message: string): SchemaErrorLine[] {
  return stripAnsi(message)
    .split('\n')
    .flatMap((line) => {
      const match = SCHEMA_LINE.exec(line);
      if (!match?.[1] || match[2] === undefined || match[3] === undefined) return [];
      return [{ pointer: match[1], message: match[2], keyword: match[3], source: match[4] ?? null }];
    });
}

/**
 * JSON pointers a failure names: on the indented problem lines the checks write (`  /width is missing; …`,
 * `  /height: is "6", …`). Sorted and unique, so the signature does not depend on the order checks ran in.
 */
export function failurePointers(message: string): string[] {
  const pointers = new Set<string>();
  for (const line of stripAnsi(message).split('\n')) {
    const match = /^\s{2,}(\/[^\s:;,]*)/.exec(line);
    if (match?.[1] !== undefined) pointers.add(match[1]);
  }
  return [...pointers].sort();
}

/** The first line without what changes from run to run: origins, doc paths, ids, times, numbers in ids. */
export function normaliseHeadline(message: string): string {
  const first = stripAnsi(message).trim().split('\n')[0] ?? '';
  return first
    .replace(/^Error: /, '')
    .replace(/\bhttps?:\/\/[^\s/]+/g, '<target>')
    .replace(/[^\s()'"]+/g, (word) => word.replace(/^.+\.md:\d+/, '<doc>'))
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\b\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?/g, '<time>')
    .replace(/\s+/g, ' ')
    .slice(0, 200);
}

/** `step: /a, /b` when the failure names pointers, else `step: headline`. */
export function failureSignature(step: string | null, message: string): string {
  const pointers = failurePointers(message);
  const detail = pointers.length > 0 ? pointers.join(', ') : normaliseHeadline(message);
  return `${step ?? 'test'}: ${detail}`;
}
