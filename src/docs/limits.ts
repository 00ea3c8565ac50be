/**
 * What the harness reads of a docs folder, at most. Doc repositories take pull requests from anyone, and a CI job runs
 * the harness on them: each limit is checked before the work it bounds is done, and anything beyond it is a located
 * `limit-exceeded` finding on its page, never a stack overflow or an exhausted heap. The README states them.
 *
 * Each is far above what Graph's reference needs (measured on the 2021 reference, 11,289 pages): its largest page is
 * 118 KB, its longest table 826 rows (293 in a request body), its deepest JSON example 39 levels, its largest 34 KB, and no page includes
 * more than 2 files, none of them nested.
 */
export const LIMITS = {
  /** A page, and the page with its includes expanded (bytes). */
  pageBytes: 1024 * 1024,
  /** A page's YAML front matter (bytes); yaml itself allows 100 alias expansions, and refuses deep nesting. */
  frontMatterBytes: 64 * 1024,
  /** Rows of one table. */
  tableRows: 1_000,
  /** One JSON example or annotation (bytes). */
  jsonBytes: 256 * 1024,
  /** Nesting of arrays and objects in one JSON example or annotation. */
  jsonDepth: 100,
  /** Includes inside includes. */
  includeDepth: 8,
  /** `[!INCLUDE]`s expanded into one page, nested ones counted. */
  includesPerPage: 64,
  /** Base types followed up from one type (`entity` ← `directoryObject` ← `user` is 2). */
  baseTypeDepth: 32,
  /** Findings listed for one page (the rest are counted in one more finding). */
  findingsPerPage: 1_000,
  /** Every page and include read in one run (bytes): what bounds the memory a run needs. */
  docsBytes: 256 * 1024 * 1024,
} as const;

/** `2 MiB`, `64 KiB`, `900 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trim(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KiB`;
  return `${bytes.toString()} bytes`;
}

function trim(value: number): string {
  return Number.isInteger(value) ? value.toString() : value.toFixed(1);
}

/**
 * Whether a parsed JSON value nests arrays and objects deeper than `limit`. Iterative, with an explicit stack: the
 * value may come from a page (`JSON.parse` itself does not recurse), and every recursive walk after this one relies
 * on the answer being no.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    const depth = item.depth + 1;
    if (depth > limit) return true;
    for (const child of Object.values(item.value))
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth });
  }
  return false;
}
