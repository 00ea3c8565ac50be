/**
 * The I/O edge of the doc reader: files and folders → parsed pages. A page that cannot be read or parsed becomes a
 * located finding and the others are still read. Included files are read relative to the including page.
 *
 * Parsed pages are cached (see `page-cache.ts`): Playwright evaluates the suite in its runner and in every worker, so
 * a large docs tree would otherwise be parsed several times per run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Page } from './model.ts';
import type { Finding } from '../core/finding.ts';
import { parsePage } from './parse-page.ts';
import { openPageCache, type PageCache } from './page-cache.ts';

export interface DocSet {
  readonly pages: readonly Page[];
  /** Problems with the inputs themselves (missing, unreadable); page defects are on each page. */
  readonly findings: readonly Finding[];
}

export interface LoadOptions {
  /** Use the parsed-page cache (default true; the setting `GRAPH_CONFORMANCE_CACHE=0` turns it off). */
  readonly cache?: boolean;
  /** Called after each page, for progress displays. */
  readonly onPage?: (done: number, total: number) => void;
}

/** Reads every `.md` file named or found below the folders named, in a stable order. */
export function loadDocs(paths: readonly string[], cwd: string = process.cwd(), options: LoadOptions = {}): DocSet {
  const findings: Finding[] = [];
  const files = new Set<string>();
  for (const path of paths) {
    for (const file of markdownFiles(resolve(cwd, path), path, findings)) files.add(file);
  }
  const useCache = options.cache ?? true;
  const cache: PageCache | undefined = useCache ? openPageCache(cwd, paths) : undefined;
  const readInclude = (path: string): string | undefined => {
    try {
      return readFileSync(resolve(cwd, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  const pages: Page[] = [];
  const sorted = [...files].sort();
  for (const [index, file] of sorted.entries()) {
    const shown = displayPath(file, cwd);
    try {
      const text = readFileSync(file, 'utf8');
      const cached = cache?.get(shown, text, readInclude);
      const page = cached ?? parsePage(shown, text, { readInclude });
      if (!cached) cache?.set(shown, text, page, readInclude);
      pages.push(page);
    } catch (error) {
      findings.push(unreadable(shown, error));
    }
    options.onPage?.(index + 1, sorted.length);
  }
  cache?.save();
  return { pages, findings };
}

function markdownFiles(path: string, shown: string, findings: Finding[]): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    findings.push(unreadable(shown, error));
    return [];
  }
  if (stats.isFile()) return [path];
  if (!stats.isDirectory()) return [];
  const files: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && isPageFileName(entry.name)) {
      files.push(join(entry.parentPath, entry.name));
    }
  }
  return files;
}

/** A doc page by its file name: markdown, but not a folder's README. */
export function isPageFileName(name: string): boolean {
  return /\.md$/i.test(name) && !/^readme\.md$/i.test(name);
}

function displayPath(file: string, cwd: string): string {
  const shown = relative(cwd, file);
  return shown.startsWith('..') || shown === '' ? file : shown.split('\\').join('/');
}

function unreadable(file: string, error: unknown): Finding {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const reason = code === 'ENOENT' ? 'no such file or folder' : error instanceof Error ? error.message : String(error);
  return { rule: 'unreadable-file', severity: 'error', message: `cannot read: ${reason}`, location: { file, line: 1 } };
}
