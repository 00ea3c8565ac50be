/**
 * The reviewer report's own settings (declared in declarations.ts), with the defaults that come from the docs folder's
 * git repository: its commit and its top level.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { pathScrubber, type PathScrubber } from '../core/machine-paths.ts';
import type { Settings } from './settings.ts';

export interface ReportSettings {
  /** `BASELINE`: a results file of an earlier run to compare with. */
  readonly baseline?: string;
  /** `HISTORY`: a folder of earlier results files, for the trend chart and the per-page strips. */
  readonly history?: string;
  /** `DOCS_REPO_URL`: web view of the docs repository. */
  readonly repoUrl?: string;
  /**
   * `DOCS_COMMIT`, else the last commit that changed the docs (not the HEAD of whatever repository holds them: the
   * harness's own, for fixtures/docs). None when the docs are not committed as read (untracked or changed since).
   */
  readonly commit?: string;
  /**
   * `DOCS_REPO_ROOT`, else the docs folder's git top level, else the folder a docs repository would be checked out as:
   * the one holding `api-reference` (Graph's layout), else the docs folder's parent.
   */
  readonly repoRoot: string;
}

export function readReportSettings(settings: Settings, cwd: string = process.cwd()): ReportSettings {
  const { first, folder } = docsFolder(settings, cwd);
  const commit = settings.docsCommit ?? (folder && first ? docsCommit(folder, first) : undefined);
  const { baseline, history, docsRepoUrl: repoUrl } = settings;
  return {
    ...(baseline !== undefined ? { baseline } : {}),
    ...(history !== undefined ? { history } : {}),
    ...(repoUrl !== undefined ? { repoUrl } : {}),
    ...(commit !== undefined ? { commit } : {}),
    repoRoot: docsRepoRoot(settings, cwd),
  };
}

/** `DOCS_REPO_ROOT`, else the top level of the git repository holding the docs, else their checkout's likely root. */
export function docsRepoRoot(settings: Settings, cwd: string = process.cwd()): string {
  const { folder } = docsFolder(settings, cwd);
  return (
    settings.docsRepoRoot ??
    (folder ? (git(folder, ['rev-parse', '--show-toplevel']) ?? checkoutOf(folder)) : undefined) ??
    cwd
  );
}

/**
 * The scrubber of every report and message a run writes (machine-paths.ts): paths in the docs checkout become the
 * repository's, paths in the project and in the folder that holds the run's reports become relative to them.
 */
export function machinePathScrubber(settings: Settings, cwd: string = process.cwd()): PathScrubber {
  return pathScrubber([docsRepoRoot(settings, cwd), cwd, dirname(resolve(cwd, settings.reportsDir))]);
}

/** The first docs path given, absolute, and the folder it is or is in (when it exists). */
function docsFolder(settings: Settings, cwd: string): { first?: string; folder?: string } {
  const first = settings.docs[0] === undefined ? undefined : resolve(cwd, settings.docs[0]);
  if (first === undefined || !existsSync(first)) return first === undefined ? {} : { first };
  return { first, folder: statSync(first).isDirectory() ? first : dirname(first) };
}

/** Where a docs folder outside git would sit in its repository: above `api-reference` when it is in one. */
function checkoutOf(folder: string): string {
  if (existsSync(join(folder, 'api-reference'))) return folder;
  const parts = folder.split(sep);
  const at = parts.lastIndexOf('api-reference');
  return at > 0 ? parts.slice(0, at).join(sep) || sep : dirname(folder);
}

/** The commit the docs at `path` are as of: the last one that changed them, when nothing changed them since. */
function docsCommit(folder: string, path: string): string | undefined {
  const changed = git(folder, ['status', '--porcelain', '--', path]);
  if (changed !== undefined) return undefined; // edited or untracked: no commit holds what the run read
  return git(folder, ['log', '-1', '--format=%H', '--', path]);
}

/** A git answer, or undefined where there is no git or no repository: the commit is optional information. */
function git(cwd: string, args: readonly string[]): string | undefined {
  try {
    const out = execFileSync('git', ['-C', cwd, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
}
