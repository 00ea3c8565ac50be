/**
 * The reviewer report's own settings (declared in declarations.ts), with the defaults that come from the docs folder's
 * git repository: its commit and its top level.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
  /** `DOCS_REPO_ROOT`, else the docs folder's git top level, else the working folder. */
  readonly repoRoot: string;
}

export function readReportSettings(settings: Settings, cwd: string = process.cwd()): ReportSettings {
  const first = settings.docs[0] === undefined ? undefined : resolve(cwd, settings.docs[0]);
  const folder =
    first === undefined || !existsSync(first) ? undefined : statSync(first).isDirectory() ? first : dirname(first);
  const commit = settings.docsCommit ?? (folder && first ? docsCommit(folder, first) : undefined);
  const repoRoot = settings.docsRepoRoot ?? (folder ? git(folder, ['rev-parse', '--show-toplevel']) : undefined) ?? cwd;
  const { baseline, history, docsRepoUrl: repoUrl } = settings;
  return {
    ...(baseline !== undefined ? { baseline } : {}),
    ...(history !== undefined ? { history } : {}),
    ...(repoUrl !== undefined ? { repoUrl } : {}),
    ...(commit !== undefined ? { commit } : {}),
    repoRoot,
  };
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
