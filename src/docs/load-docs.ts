/**
 * The I/O edge of the doc reader: files and folders → parsed pages. A page that cannot be read or parsed becomes a
 * located finding and the others are still read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Finding, Page } from './model.ts';
import { parsePage } from './parse-page.ts';

export interface DocSet {
  readonly pages: readonly Page[];
  /** Problems with the inputs themselves (missing, unreadable); page defects are on each page. */
  readonly findings: readonly Finding[];
}

/** Reads every `.md` file named or found below the folders named, in a stable order. */
export function loadDocs(paths: readonly string[], cwd: string = process.cwd()): DocSet {
  const findings: Finding[] = [];
  const files = new Set<string>();
  for (const path of paths) {
    for (const file of markdownFiles(path, findings)) files.add(file);
  }
  const pages: Page[] = [];
  for (const file of [...files].sort()) {
    const shown = displayPath(file, cwd);
    try {
      pages.push(parsePage(shown, readFileSync(file, 'utf8')));
    } catch (error) {
      findings.push(unreadable(shown, error));
    }
  }
  return { pages, findings };
}

function markdownFiles(path: string, findings: Finding[]): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    findings.push(unreadable(path, error));
    return [];
  }
  if (stats.isFile()) return [path];
  if (!stats.isDirectory()) return [];
  const files: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.md$/i.test(entry.name) && !/^readme\.md$/i.test(entry.name)) {
      files.push(join(entry.parentPath, entry.name));
    }
  }
  return files;
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
