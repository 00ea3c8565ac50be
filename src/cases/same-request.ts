/**
 * The types other pages document a listing's items as, for the very request an example sends. Graph's reference
 * documents one collection on a page per type (each Intune configuration type's list page sends
 * `GET /deviceManagement/deviceConfigurations` and shows items of its own type), and the service answers that request
 * with members of every type. An item of a type another page documents for the same request does not depart from
 * this page: the doc set says the collection holds it. The run checks it against its own type instead.
 */
import type { Example, Page } from '../docs/model.ts';
import type { Location } from '../core/finding.ts';
import { isJsonObject } from '../core/json.ts';
import { sentBodyText } from '../docs/http-message.ts';

/** An item type another page documents for the same request, and where. */
export interface TypeElsewhere {
  /** `microsoft.graph.androidCustomConfiguration`, as the other page's item shows it (no `#`). */
  readonly type: string;
  readonly at: Location;
}

/** For each example whose request another page's example also sends: the item types only those others show. */
export function typesElsewhere(pages: readonly Page[]): (example: Example) => readonly TypeElsewhere[] {
  const byRequest = new Map<string, { readonly page: Page; readonly types: readonly TypeElsewhere[] }[]>();
  for (const page of pages) {
    try {
      for (const example of page.examples) {
        const types = itemTypes(example);
        if (types.length === 0) continue;
        const key = requestKey(example);
        byRequest.set(key, [...(byRequest.get(key) ?? []), { page, types }]);
      }
    } catch {
      // A page the harness fails on is reported where its cases are built (`page-failed`); it shows no types here.
    }
  }
  return (example) => {
    const others = byRequest.get(requestKey(example));
    if (others === undefined || others.length < 2) return [];
    const own = new Set(itemTypes(example).map((t) => t.type.toLowerCase()));
    const found = new Map<string, TypeElsewhere>();
    for (const other of others) {
      if (other.page.examples.includes(example)) continue;
      for (const t of other.types)
        if (!own.has(t.type.toLowerCase()) && !found.has(t.type.toLowerCase())) found.set(t.type.toLowerCase(), t);
    }
    return [...found.values()];
  };
}

/** The `@odata.type`s the items of a documented listing show. */
function itemTypes(example: Example): TypeElsewhere[] {
  const response = example.response;
  if (response?.body.kind !== 'json' || !isJsonObject(response.body.value)) return [];
  const items = response.body.value[response.collectionProperty];
  const at = response.body.location;
  if (!Array.isArray(items)) return [];
  return items.flatMap((item: unknown) => {
    const type = isJsonObject(item) ? item['@odata.type'] : undefined;
    return typeof type === 'string' && type !== '' ? [{ type: type.replace(/^#/, ''), at }] : [];
  });
}

/** What a service sees of a read: method, URL (version and query with it) and body; headers do not pick the type. */
function requestKey(example: Example): string {
  const { request } = example;
  return [request.method, request.url.toLowerCase(), sentBodyText(request.body)].join('\u0000');
}
