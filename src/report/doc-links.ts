/**
 * Where a `file:line` of a doc points: the docs repository's web view when `DOCS_REPO_URL` and the commit are known,
 * else the file on disk, relative to the report (the report is opened from disk, so a relative link works).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

export interface DocLinkOptions {
  /** `https://github.com/MicrosoftDocs/microsoft-graph-docs`, or a template with `{commit}`, `{path}`, `{line}`. */
  readonly repoUrl?: string;
  readonly commit?: string;
  /** Folder of the docs repository checkout that repository paths are relative to (default: the working folder). */
  readonly repoRoot: string;
  /** Folder the report is written to. */
  readonly reportDir: string;
  readonly cwd: string;
}

export type DocLinker = (location: string) => string | null;

export function docLinker(options: DocLinkOptions): DocLinker {
  return (location) => {
    const match = /^(.+?)(?::(\d+))?$/.exec(location);
    const file = match?.[1];
    if (file === undefined) return null;
    const line = match?.[2] ?? '1';
    const absolute = resolve(options.cwd, file);
    if (options.repoUrl !== undefined && options.commit !== undefined) {
      const inRepo = relative(resolve(options.cwd, options.repoRoot), absolute).split(sep).join('/');
      if (inRepo.startsWith('..') || isAbsolute(inRepo)) return null;
      const path = inRepo.split('/').map(encodeURIComponent).join('/');
      let base = options.repoUrl;
      while (base.endsWith('/')) base = base.slice(0, -1);
      if (/\{path\}/.test(base))
        return base
          .replace('{commit}', encodeURIComponent(options.commit))
          .replace('{path}', path)
          .replace('{line}', line);
      return `${base}/blob/${encodeURIComponent(options.commit)}/${path}#L${line}`;
    }
    const fromReport = relative(resolve(options.cwd, options.reportDir), absolute).split(sep).join('/');
    // Each segment encoded, and always starting with `.` or `/`: a file named `javascript:x.md` stays a path.
    const encoded = fromReport
      .split('/')
      .map((s) => (s === '..' ? s : encodeURIComponent(s)))
      .join('/');
    return encoded.startsWith('.') ? encoded : `./${encoded}`;
  };
}

/** Only web and relative links are ever emitted. */
export function isSafeHref(href: string): boolean {
  return /^(https?:\/\/|\.{1,2}\/|\/)/.test(href);
}
