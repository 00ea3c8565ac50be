/**
 * The read that shows a write: the `GET` the doc set documents for the path a `PATCH` or `PUT` was sent to (the same
 * version, a plain read without a documented query). Pure: pages in, a lookup out.
 */
import type { GraphVersion } from '../core/http.ts';
import type { Page, PathTemplate } from '../docs/model.ts';
import { pathMatcher } from '../docs/path-template.ts';

export interface DocumentedRead {
  /** The path to read, with its version: the write's own path. */
  readonly path: string;
  /** The `## HTTP request` line that documents the read. */
  readonly template: PathTemplate;
}

export type DocumentedReads = (version: GraphVersion, path: string) => DocumentedRead | undefined;

/** The plain GETs the pages document, by version: data, so that a run can store it for its workers. */
export type ReadTemplates = readonly (readonly [version: string, templates: readonly PathTemplate[]])[];

export function readTemplates(pages: readonly Page[]): ReadTemplates {
  const byVersion = new Map<string, PathTemplate[]>();
  for (const page of pages) {
    if (page.version === undefined) continue;
    let reads = byVersion.get(page.version);
    if (reads === undefined) byVersion.set(page.version, (reads = []));
    for (const t of page.httpRequests) if (t.method === 'GET' && t.query === undefined) reads.push(t);
  }
  return [...byVersion];
}

/** A lookup of the documented reads of `pages`, by version, for a written path (`/v1.0/me/mailboxSettings`). */
export function documentedReads(pages: readonly Page[]): DocumentedReads {
  return readsFrom(readTemplates(pages));
}

/** The same lookup over templates already gathered. */
export function readsFrom(templates: ReadTemplates): DocumentedReads {
  const byVersion = new Map(templates);
  return (version, path) => {
    const prefix = `/${version}`;
    if (!path.toLowerCase().startsWith(`${prefix.toLowerCase()}/`)) return undefined;
    const rest = path.slice(prefix.length);
    // The most literal template wins: `/me/mailboxSettings` before `/me/{property}`.
    const matches = pathMatcher(rest);
    const matching = (byVersion.get(version) ?? []).filter((t) => matches(t) !== undefined);
    const [template] = matching.sort((a, b) => a.placeholders.length - b.placeholders.length);
    return template === undefined ? undefined : { path, template };
  };
}
