/**
 * No report names a folder of the machine that ran: every absolute path under the docs repository's checkout becomes
 * the path the repository gives it (`api-reference/v1.0/api/user-get.md:42`), and every one under the project folder
 * becomes relative to it (`tests/conformance/docs/01.spec.ts`). Applied to each artefact as it is written, like the
 * redactor: messages name files as the run named them (`file:line`), and a run given absolute `DOCS` names them
 * absolutely.
 */
import { isAbsolute, resolve, sep } from 'node:path';

export type PathScrubber = (text: string) => string;

/**
 * Replaces each root (an absolute folder) with nothing where a path goes on under it, and with `.` where it is named
 * alone; the longest first, so that a checkout inside the project wins.
 */
export function pathScrubber(roots: readonly string[]): PathScrubber {
  const folders = [...new Set(roots.filter((r) => r !== '').map((r) => resolve(r)))]
    .filter((r) => isAbsolute(r) && r !== sep)
    .sort((a, b) => b.length - a.length);
  if (folders.length === 0) return (text) => text;
  // A root ends where a path segment cannot go on: at a separator (then dropped with it), or a character no folder
  // name of ours holds.
  const pattern = new RegExp(`(?:${folders.map(escapeRegExp).join('|')})(?:${escapeRegExp(sep)}|(?![\\w.@+-]))`, 'g');
  // Most texts name no root: a plain search tells so faster than the pattern's scan of every position.
  return (text) =>
    folders.some((folder) => text.includes(folder))
      ? text.replace(pattern, (match) => (match.endsWith(sep) ? '' : '.'))
      : text;
}

/** The scrubber of each (repository root, working folder): a report names thousands of files with the same two. */
const scrubbers = new Map<string, PathScrubber>();

/** `file` (relative to `cwd`, or absolute) as the repository rooted at `repoRoot` names it, with `/`. */
export function repoPath(file: string, repoRoot: string, cwd: string): string {
  const key = `${repoRoot}\0${cwd}`;
  let scrub = scrubbers.get(key);
  if (!scrub) scrubbers.set(key, (scrub = pathScrubber([repoRoot, cwd])));
  return scrub(resolve(cwd, file)).split(sep).join('/');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
