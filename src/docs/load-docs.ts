/**
 * The I/O edge of the doc reader: files and folders → parsed pages. A page that cannot be read or parsed becomes a
 * located finding and the others are still read.
 *
 * What is read is confined: pages and the files they include must be, by their real path (symlinks resolved), inside
 * the docs folders given, the shared `includes/` folder of the docs layout around them, or the include roots declared; anything else (`../` out of the folder, `/etc/passwd`, a
 * symlink out) is a located `outside-docs` finding and is never opened. Sizes are checked before a file is read
 * (`limits.ts`), and the whole run reads at most `LIMITS.docsBytes`.
 *
 * Parsed pages are cached (see `page-cache.ts`): Playwright evaluates the suite in its runner and in every worker, so
 * a large docs tree would otherwise be parsed several times per run.
 */
import { fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Page } from './model.ts';
import { pageFailed, type Finding } from '../core/finding.ts';
import { closeQuietly } from '../core/files.ts';
import { parsePage } from './parse-page.ts';
import { linkResourcePages } from './resource-link.ts';
import { openPageCache, type PageCache } from './page-cache.ts';
import type { IncludeReader, IncludeRefusal } from './expand-source.ts';
import { formatBytes, LIMITS } from './limits.ts';

export interface DocSet {
  readonly pages: readonly Page[];
  /** Problems with the inputs themselves (missing, unreadable, outside, too large); page defects are on each page. */
  readonly findings: readonly Finding[];
}

export interface LoadOptions {
  /** Use the parsed-page cache (default true; the setting `GRAPH_CONFORMANCE_CACHE=0` turns it off). */
  readonly cache?: boolean;
  /** Called after each page, for progress displays. */
  readonly onPage?: (done: number, total: number) => void;
  /**
   * Folders besides the docs folders that pages may include files from (`INCLUDE_ROOTS`, `--include-root`): a docs
   * repository's shared `includes/` when only part of it is checked.
   */
  readonly includeRoots?: readonly string[];
}

/** Reads every `.md` file named or found below the folders named, in a stable order. */
export function loadDocs(paths: readonly string[], cwd: string = process.cwd(), options: LoadOptions = {}): DocSet {
  return loadFoundDocs(findDocFiles(paths, cwd, options.includeRoots ?? []), paths, cwd, options);
}

/**
 * `loadDocs` of the files `findDocFiles` found below `paths` already: a caller that needed them first (lint counts them
 * to size its pool) does not walk the tree twice.
 */
export function loadFoundDocs(
  found: FoundFiles,
  paths: readonly string[],
  cwd: string = process.cwd(),
  options: LoadOptions = {},
): DocSet {
  const useCache = options.cache ?? true;
  const cache: PageCache | undefined = useCache
    ? openPageCache(cwd, [...paths, ...(options.includeRoots ?? []).map((r) => `include:${r}`)])
    : undefined;
  const read = readDocFiles(found.files, found.roots, cwd, {
    ...(cache ? { cache } : {}),
    ...(options.onPage ? { onPage: options.onPage } : {}),
  });
  cache?.save();
  // Each page is read (and cached) on its own; what one says of another is settled once all are read.
  return { pages: linkResourcePages(read.pages), findings: [...found.findings, ...read.findings] };
}

/** Some of the files `findDocFiles` found, read and parsed (not yet linked to each other: `linkResourcePages`). */
export interface FilesRead {
  readonly pages: Page[];
  /** Files that could not be read, or whose parse failed. */
  readonly findings: Finding[];
  /** The bytes read, pages and includes, counted against `LIMITS.docsBytes` as one reader of every file would. */
  readonly bytes: number;
}

/**
 * Reads and parses `files` in order, each page on its own: a share of a docs tree can be read in a worker thread and
 * the shares joined in order. Each share counts its reads against the whole budget; where the shares' `bytes` add up
 * to no more than `LIMITS.docsBytes`, no read was over what one reader of every file would have had left, so the
 * joined result is that reader's.
 */
export function readDocFiles(
  files: readonly string[],
  roots: readonly string[],
  cwd: string,
  options: { readonly cache?: PageCache; readonly onPage?: (done: number, total: number) => void } = {},
): FilesRead {
  const findings: Finding[] = [];
  const budget = { left: LIMITS.docsBytes };
  // An include is found and read once: most pages of a reference include the same few files (3,565 of the 2021
  // reference's 3,901 includes are one disclaimer). Each include still counts against the budget, as a read would.
  const includes = new Map<string, FoundInclude>();
  const readIncluded: IncludeReader = (path) => {
    const absolute = resolve(cwd, path);
    let found = includes.get(absolute);
    if (found === undefined) {
      found = findInclude(absolute, roots);
      includes.set(absolute, found);
    }
    return readInclude(found, budget);
  };
  const pages: Page[] = [];
  const cache = options.cache;
  for (const [index, file] of files.entries()) {
    const shown = displayPath(file, cwd);
    const text = readPage(file, shown, budget, findings);
    if (text !== undefined) {
      try {
        const cached = cache?.get(shown, text, readIncluded);
        if (cached) pages.push(cached);
        else {
          const asked = new Map<string, ReturnType<IncludeReader>>();
          const recording: IncludeReader = (path) => {
            const read = readIncluded(path);
            asked.set(path, read);
            return read;
          };
          const page = parsePage(shown, text, { readInclude: recording });
          cache?.set(shown, text, page, asked);
          pages.push(page);
        }
      } catch (error) {
        // The parser reports defects as findings: an exception is a harness bug, kept to its page.
        findings.push(pageFailed({ file: shown, line: 1 }, 'reading this page', error));
      }
    }
    options.onPage?.(index + 1, files.length);
  }
  return { pages, findings, bytes: LIMITS.docsBytes - budget.left };
}

/** The real paths reading is confined to: each docs folder (a file's own folder), and each include root. */
function confinement(
  paths: readonly string[],
  includeRoots: readonly string[],
  cwd: string,
  findings: Finding[],
): readonly string[] {
  const roots: string[] = [];
  for (const path of paths) {
    const stats = statOrUndefined(resolve(cwd, path));
    // A folder named is trusted where it really is; a file named confines reading to the folder it is listed in.
    const real = realOrUndefined(stats?.isFile() === true ? dirname(resolve(cwd, path)) : resolve(cwd, path));
    if (real !== undefined) roots.push(real);
  }
  for (const root of [...roots]) roots.push(...sharedIncludes(root));
  for (const root of includeRoots) {
    const real = realOrUndefined(resolve(cwd, root));
    if (real === undefined)
      findings.push({
        rule: 'unreadable-file',
        severity: 'error',
        message: `the include root ${root} does not exist`,
        location: { file: root, line: 1 },
      });
    else roots.push(real);
  }
  return roots;
}

/** How many folders above a docs folder are searched for a shared `includes/` folder. */
const INCLUDES_SEARCH_DEPTH = 4;

/**
 * The shared `includes/` folders of the Graph docs layout around a docs folder: `api-reference/includes/` when the
 * folder checked is `api-reference/v1.0/api/`, so that checking part of a docs repository reads its includes without
 * a setting. Only folders named `includes`, within a few levels and not above the repository root, are trusted.
 */
function sharedIncludes(root: string): string[] {
  const found: string[] = [];
  let dir = root;
  for (let level = 0; level <= INCLUDES_SEARCH_DEPTH; level++) {
    const includes = join(dir, 'includes');
    if (statOrUndefined(includes)?.isDirectory() === true) {
      const real = realOrUndefined(includes);
      if (real !== undefined && !found.includes(real)) found.push(real);
    }
    const parent = dirname(dir);
    if (parent === dir || statOrUndefined(join(dir, '.git')) !== undefined) break;
    dir = parent;
  }
  return found;
}

function inside(real: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const rel = relative(root, real);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  });
}

/** The pages below some folders, as `findDocFiles` finds them. */
export interface FoundFiles {
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
  /** The real folders reading is confined to. */
  readonly roots: readonly string[];
}

/**
 * The `.md` files named, or found below the folders named (READMEs aside), sorted, and the real folders reading is
 * confined to; a path that cannot be read, or that leads out, is a finding.
 */
export function findDocFiles(
  paths: readonly string[],
  cwd: string = process.cwd(),
  includeRoots: readonly string[] = [],
): FoundFiles {
  const findings: Finding[] = [];
  const roots = confinement(paths, includeRoots, cwd, findings);
  const files = new Set<string>();
  for (const path of paths) {
    for (const file of markdownFiles(resolve(cwd, path), path, roots, cwd, findings)) files.add(file);
  }
  return { files: [...files].sort(), findings, roots };
}

function markdownFiles(
  path: string,
  shown: string,
  roots: readonly string[],
  cwd: string,
  findings: Finding[],
): string[] {
  const stats = statOrUndefined(path);
  if (stats === undefined) {
    findings.push(unreadable(shown, 'no such file or folder'));
    return [];
  }
  if (stats.isFile()) {
    // A file named on the command line is read where it really is, and only if that is inside its own folder.
    const real = realOrUndefined(path);
    if (real !== undefined && inside(real, roots)) return [path];
    findings.push(outsideDocs(shown, 'it is a symlink to a place outside its folder'));
    return [];
  }
  if (!stats.isDirectory()) return [];
  const files: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    const file = join(entry.parentPath, entry.name);
    if (entry.isSymbolicLink()) {
      // A symlink is followed only where it stays inside: a page or folder linked from outside is not read.
      const real = realOrUndefined(file);
      if (real === undefined || !inside(real, roots)) {
        findings.push(outsideDocs(displayPath(file, cwd), 'it is a symlink to a place outside the docs folder'));
      } else if (statOrUndefined(real)?.isFile() === true && isPage(entry.name)) files.push(file);
      continue; // a symlinked folder inside is read where it really is
    }
    if (entry.isFile() && isPage(entry.name)) files.push(file);
  }
  return files;
}

function isPage(name: string): boolean {
  return /\.md$/i.test(name) && !/^readme\.md$/i.test(name);
}

/** Room to read a page into: one byte more than a page may have, so that a page over the limit is told by filling it. */
let pageBuffer: Buffer | undefined;

/**
 * A page's text, or undefined and a finding when it cannot be read, is too large, or is over the run's budget. The page
 * is read into `pageBuffer` rather than stat-ed first: no more than the limit and a byte is ever read, and a stat of
 * every page cost as much again as reading them (0.4 s of the 2021 reference's 26,054).
 */
function readPage(file: string, shown: string, budget: { left: number }, findings: Finding[]): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buffer = (pageBuffer ??= Buffer.allocUnsafe(LIMITS.pageBytes + 1));
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read)
      read = readSync(fd, buffer, length, buffer.length - length, null);
    const tooLarge = sizeProblem(length > LIMITS.pageBytes ? fstatSync(fd).size : length, budget, 'the page');
    if (tooLarge === undefined) return buffer.toString('utf8', 0, length);
    findings.push({ rule: 'limit-exceeded', severity: 'error', message: tooLarge, location: { file: shown, line: 1 } });
    return undefined;
  } catch (error) {
    findings.push(unreadable(shown, reasonOf(error)));
    return undefined;
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

/** Where an include leads, found once: refused, missing, or a file inside the roots (read when first asked for). */
type FoundInclude =
  | { readonly kind: 'refused'; readonly refusal: IncludeRefusal }
  | { readonly kind: 'missing' }
  | { readonly kind: 'file'; readonly real: string; readonly size: number; text?: string };

function findInclude(absolute: string, roots: readonly string[]): FoundInclude {
  const real = realOrUndefined(absolute);
  if (real === undefined) return { kind: 'missing' };
  if (!inside(real, roots)) {
    const reason = `it resolves to ${real}, outside the docs folder and its include roots (declare a folder of shared includes with INCLUDE_ROOTS or --include-root)`;
    return { kind: 'refused', refusal: { rule: 'outside-docs', reason } };
  }
  const stats = statOrUndefined(real);
  return stats === undefined || !stats.isFile() ? { kind: 'missing' } : { kind: 'file', real, size: stats.size };
}

/** An included file's text, when it is a file inside the roots and its size is within the limits. */
function readInclude(found: FoundInclude, budget: { left: number }): string | IncludeRefusal | undefined {
  if (found.kind === 'refused') return found.refusal;
  if (found.kind === 'missing') return undefined;
  const tooLarge = sizeProblem(found.size, budget, 'it');
  if (tooLarge !== undefined) return { rule: 'limit-exceeded', reason: tooLarge };
  try {
    found.text ??= readFileSync(found.real, 'utf8');
    return found.text;
  } catch {
    return undefined;
  }
}

/** Why a file of `size` bytes is not read (over the page limit, or over what is left of the run's budget). */
function sizeProblem(size: number, budget: { left: number }, what: string): string | undefined {
  if (size > LIMITS.pageBytes)
    return `${what} is ${formatBytes(size)}, over the limit of ${formatBytes(LIMITS.pageBytes)}: it is not read`;
  if (size > budget.left)
    return `${what} is not read: the docs read so far reach the limit of ${formatBytes(LIMITS.docsBytes)} for one run`;
  budget.left -= size;
  return undefined;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The real path, by the system's own resolution (about twice as fast as Node's, which looks up each folder itself). */
function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

function displayPath(file: string, cwd: string): string {
  const shown = relative(cwd, file);
  return shown.startsWith('..') || shown === '' ? file : shown.split('\\').join('/');
}

function reasonOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  return code === 'ENOENT' ? 'no such file or folder' : error instanceof Error ? error.message : String(error);
}

function unreadable(file: string, reason: string): Finding {
  return { rule: 'unreadable-file', severity: 'error', message: `cannot read: ${reason}`, location: { file, line: 1 } };
}

function outsideDocs(file: string, reason: string): Finding {
  return { rule: 'outside-docs', severity: 'error', message: `not read: ${reason}`, location: { file, line: 1 } };
}
