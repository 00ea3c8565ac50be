/**
 * A content-hashed cache of parsed pages. Playwright loads the suite in its runner and again in every worker; on a
 * docs tree of thousands of pages, parsing dominates test collection. An entry is reused only when the page's text,
 * the text of every file it includes, and the parser's own source are unchanged, so a stale model cannot be served.
 *
 * Pages are stored with `v8.serialize`, which keeps shared objects shared (one response serving several requests).
 * The cache is an optimisation only: any failure to read or write it falls back to parsing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Page } from './model.ts';
import { cacheDir, digest, sourceFingerprint, writeAtomically } from '../core/cache.ts';

interface Entry {
  readonly hash: string;
  /** Included file → hash of its text (`''` when it was missing). */
  readonly includes: Readonly<Record<string, string>>;
  readonly page: Page;
}

interface Stored {
  readonly parser: string;
  readonly entries: Readonly<Record<string, Entry>>;
}

export interface PageCache {
  get(file: string, text: string, read: (path: string) => string | undefined): Page | undefined;
  set(file: string, text: string, page: Page, read: (path: string) => string | undefined): void;
  /** Writes the entries used in this run, when anything changed. */
  save(): void;
}

export function openPageCache(cwd: string, roots: readonly string[]): PageCache {
  const parser = sourceFingerprint(import.meta.url);
  const file = join(
    cacheDir(cwd),
    `pages-${digest(JSON.stringify([parser, roots.map((r) => resolve(cwd, r))])).slice(0, 20)}.bin`,
  );
  const stored = readStored(file, parser);
  const used: Record<string, Entry> = {};
  let changed = stored === undefined;

  return {
    get(shown, text, read) {
      const entry = stored?.entries[shown];
      if (!entry || entry.hash !== digest(text)) return undefined;
      for (const [path, hash] of Object.entries(entry.includes)) {
        const current = read(path);
        if ((current === undefined ? '' : digest(current)) !== hash) return undefined;
      }
      used[shown] = entry;
      return entry.page;
    },
    set(shown, text, page, read) {
      const includes: Record<string, string> = {};
      for (const path of includedPaths(page)) {
        const included = read(path);
        includes[path] = included === undefined ? '' : digest(included);
      }
      used[shown] = { hash: digest(text), includes, page };
      changed = true;
    },
    save() {
      if (!changed && stored && Object.keys(stored.entries).length === Object.keys(used).length) return;
      try {
        writeAtomically(file, serialize({ parser, entries: used } satisfies Stored));
      } catch {
        // A read-only or full disk only costs the next run its speed.
      }
    },
  };
}

/** The files a page depends on besides itself: what it includes, and includes that were missing (they may appear). */
function includedPaths(page: Page): string[] {
  const missing = page.findings
    .filter((f) => f.rule === 'missing-include')
    .map((f) => /\(looked for (.+)\)$/.exec(f.message)?.[1]);
  return [...new Set([...page.includes, ...missing.filter((p): p is string => p !== undefined)])];
}

function readStored(file: string, parser: string): Stored | undefined {
  try {
    if (!existsSync(file)) return undefined;
    const stored = deserialize(readFileSync(file)) as Stored;
    return stored.parser === parser ? stored : undefined;
  } catch {
    return undefined;
  }
}
