/** A link from prose to the resource page of the type it names. */
import { inlineLinks, type Token } from './markdown.ts';
import type { Location } from '../core/finding.ts';
import type { TypeReference } from './model.ts';

/** The first link to a resource page (`../resources/x.md`) named like a type: `[profilePhoto](...)`. */
export function resourceLink(inline: Token, namespace: string, location: Location): TypeReference | undefined {
  const link = inlineLinks(inline).find(
    (l) => /(^|\/)resources\/[^/]+\.md(#.*)?$/i.test(l.href) && /^[A-Za-z][A-Za-z0-9]*$/.test(l.text),
  );
  return link ? { name: `${namespace}.${link.text}`, href: link.href, location } : undefined;
}
