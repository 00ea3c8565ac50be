/**
 * The reviewer report's own settings, from the environment (documented in .env.example and README.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface ReportSettings {
  /** `BASELINE`: a results file of an earlier run to compare with. */
  readonly baseline?: string;
  /** `HISTORY`: a folder of earlier results files, for the trend chart and the per-page strips. */
  readonly history?: string;
  /** `DOCS_REPO_URL`: web view of the docs repository. */
  readonly repoUrl?: string;
  /** `DOCS_COMMIT`, else the docs folder's git HEAD. */
  readonly commit?: string;
  /** `DOCS_REPO_ROOT`, else the docs folder's git top level, else the working folder. */
  readonly repoRoot: string;
}

function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

export function readReportSettings(
  docs: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): ReportSettings {
  const first = docs[0] === undefined ? undefined : resolve(cwd, docs[0]);
  const folder =
    first === undefined || !existsSync(first) ? undefined : statSync(first).isDirectory() ? first : dirname(first);
  const commit = value(env, 'DOCS_COMMIT') ?? (folder ? git(folder, ['rev-parse', 'HEAD']) : undefined);
  const repoRoot =
    value(env, 'DOCS_REPO_ROOT') ?? (folder ? git(folder, ['rev-parse', '--show-toplevel']) : undefined) ?? cwd;
  const baseline = value(env, 'BASELINE');
  const history = value(env, 'HISTORY');
  const repoUrl = value(env, 'DOCS_REPO_URL');
  return {
    ...(baseline !== undefined ? { baseline } : {}),
    ...(history !== undefined ? { history } : {}),
    ...(repoUrl !== undefined ? { repoUrl } : {}),
    ...(commit !== undefined ? { commit } : {}),
    repoRoot,
  };
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
