/** A link from prose to the resource page of the type it names. */
import { posix } from 'node:path';
import { inlineLinks, type Token } from './markdown.ts';
import type { Location } from '../core/finding.ts';
import type { Page, TypeReference } from './model.ts';

/**
 * The first link to a resource page (`../resources/x.md`) named like a type: `[profilePhoto](...)`. The name is
 * qualified with the linking page's namespace, the best one page tells; `linkResourcePages` corrects it from the page
 * linked to, once the doc set is read.
 */
export function resourceLink(inline: Token, namespace: string, location: Location): TypeReference | undefined {
  const link = inlineLinks(inline).find(
    (l) => /(^|\/)resources\/[^/]+\.md(#.*)?$/i.test(l.href) && /^[A-Za-z][A-Za-z0-9]*$/.test(l.text),
  );
  return link ? { name: `${namespace}.${link.text}`, href: link.href, location } : undefined;
}

/**
 * Pages whose request body or response names a resource by a link, with that resource named as the page linked to
 * names it: `[alertComment](../resources/security-alertcomment.md)` on a `microsoft.graph` page is the
 * `microsoft.graph.security.alertComment` that page documents, not a `microsoft.graph.alertComment`; and the link
 * names the page, whatever its text says (`a list of [shared](../resources/insights-shared.md) items` is the
 * `sharedInsight` that page documents, not the `shared` facet of a driveItem). A link to a page the doc set does not
 * hold keeps the name the linking page gave it. Pages with nothing to correct are returned as they were.
 */
export function linkResourcePages(
  pages: readonly Page[],
  byFile: ReadonlyMap<string, string> = resourceNames(pages),
): Page[] {
  const linked = (page: Page, reference: TypeReference | undefined): TypeReference | undefined => {
    if (reference?.href === undefined || /^[a-z][a-z0-9+.-]*:/i.test(reference.href)) return reference;
    const target = posix.join(posix.dirname(fileKey(page.file)), fileKey(reference.href.split('#')[0] ?? ''));
    const name = byFile.get(posix.normalize(target));
    return name !== undefined && name !== reference.name ? { ...reference, name } : reference;
  };
  return pages.map((page) => {
    const body = linked(page, page.requestBody?.resource);
    const response = linked(page, page.responseResource);
    if (body === page.requestBody?.resource && response === page.responseResource) return page;
    return {
      ...page,
      ...(page.requestBody && body ? { requestBody: { ...page.requestBody, resource: body } } : {}),
      ...(response ? { responseResource: response } : {}),
    };
  });
}

/**
 * What `linkResourcePages` needs of the whole doc set: the type each resource page documents, by its file as links
 * name it. Plain data, so that pages read in several threads are linked where they are, with the names of all.
 */
export function resourceNames(pages: readonly Page[]): Map<string, string> {
  const byFile = new Map<string, string>();
  // A name read from the page's title only is a guess as good as the link's own.
  for (const page of pages)
    if (page.resource && page.resource.nameSource !== 'title') byFile.set(fileKey(page.file), page.resource.name);
  return byFile;
}

/** A path as links are matched: forward slashes, any letter case (links often differ from file names in case). */
function fileKey(path: string): string {
  return path.split('\\').join('/').toLowerCase();
}
