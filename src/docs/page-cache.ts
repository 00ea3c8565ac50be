/**
 * A content-hashed cache of parsed pages. Playwright loads the suite in its runner and again in every worker; on a
 * docs tree of thousands of pages, parsing dominates test collection. An entry is reused only when the page's text,
 * the text of every file it includes, and the parser's own source are unchanged, so a stale model cannot be served.
 *
 * Pages are stored with `v8.serialize`, which keeps shared objects shared (one response serving several requests).
 * The cache is an optimisation only: any failure to read or write it falls back to parsing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { Page } from './model.ts';

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
  const parser = parserFingerprint();
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
        mkdirSync(dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid.toString()}.tmp`;
        writeFileSync(temporary, serialize({ parser, entries: used } satisfies Stored));
        renameSync(temporary, file); // atomic: concurrent workers never read a half-written cache
      } catch {
        // A read-only or full disk only costs the next run its speed.
      }
    },
  };
}

/** The files a page depends on besides itself: what it includes, and includes that were missing (they may appear). */
export function includedPaths(page: Page): string[] {
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

/** `node_modules/.cache` (where tools keep caches) when the project has one, else the system's temp folder. */
function cacheDir(cwd: string): string {
  const modules = join(cwd, 'node_modules');
  if (existsSync(modules)) return join(modules, '.cache', 'graph-conformance');
  let user = 'user';
  try {
    user = userInfo().username;
  } catch {
    // no user name (some containers): one shared folder
  }
  return join(tmpdir(), `graph-conformance-cache-${user}`);
}

let fingerprint: string | undefined;

/** A hash of the parser's source: a changed parser invalidates every entry. */
function parserFingerprint(): string {
  if (fingerprint) return fingerprint;
  const dir = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (/\.[cm]?[jt]s$/.test(name)) hash.update(name).update(readFileSync(join(dir, name)));
  }
  fingerprint = hash.digest('hex');
  return fingerprint;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
