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
import type { IncludeReader } from './expand-source.ts';
import type { Page } from './model.ts';
import { cacheDir, digest, sourceFingerprint, writeAtomically } from '../core/cache.ts';

interface Entry {
  readonly hash: string;
  /** Each file the parser asked to include → what it got: a hash of its text, `''` when missing, or the refusal. */
  readonly includes: readonly (readonly [path: string, read: string])[];
  readonly page: Page;
}

interface Stored {
  readonly parser: string;
  /** Page (as shown) → its entry. A Map: page paths are data, never keys of a plain object. */
  readonly entries: ReadonlyMap<string, Entry>;
}

/** What the parser got for each include it asked for, in the order it asked. */
export type IncludesRead = ReadonlyMap<string, ReturnType<IncludeReader>>;

export interface PageCache {
  get(file: string, text: string, read: IncludeReader): Page | undefined;
  set(file: string, text: string, page: Page, includes: IncludesRead): void;
  /** Writes the entries used in this run, when anything changed. */
  save(): void;
}

export function openPageCache(cwd: string, roots: readonly string[]): PageCache {
  const parser = sourceFingerprint(import.meta.url);
  // One file per docs folders, named by them alone: the parser is checked inside, so that a harness of another
  // version replaces the file rather than adding one beside it (the whole 2021 reference is 100 MB of pages).
  const file = join(
    cacheDir(cwd),
    `pages-${digest(JSON.stringify(roots.map((r) => resolve(cwd, r)))).slice(0, 20)}.bin`,
  );
  const stored = readStored(file, parser);
  const used = new Map<string, Entry>();
  let changed = stored === undefined;

  return {
    get(shown, text, read) {
      const entry = stored?.entries.get(shown);
      if (!entry || entry.hash !== digest(text)) return undefined;
      for (const [path, hash] of entry.includes) if (fingerprint(read(path)) !== hash) return undefined;
      used.set(shown, entry);
      return entry.page;
    },
    set(shown, text, page, includes) {
      const read = [...includes].map(([path, result]) => [path, fingerprint(result)] as const);
      used.set(shown, { hash: digest(text), includes: read, page });
      changed = true;
    },
    save() {
      if (!changed && stored && stored.entries.size === used.size) return;
      try {
        writeAtomically(file, serialize({ parser, entries: used } satisfies Stored));
      } catch {
        // A read-only or full disk only costs the next run its speed.
      }
    },
  };
}

/** What an include read gave, as the cache compares it: the text's hash, `''` when missing, or the refusal's rule. */
function fingerprint(read: ReturnType<IncludeReader>): string {
  if (read === undefined) return '';
  return typeof read === 'string' ? digest(read) : `refused:${read.rule}`;
}

function readStored(file: string, parser: string): Stored | undefined {
  try {
    if (!existsSync(file)) return undefined;
    const stored = deserialize(readFileSync(file)) as Stored;
    return stored.parser === parser && stored.entries instanceof Map ? stored : undefined;
  } catch {
    return undefined;
  }
}
