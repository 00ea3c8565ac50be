/**
 * Placeholders in the Graph URLs of a request body, filled as a path's are. group-post-members adds
 * `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}`: sent as written it names no resource, so
 * the URL's path is filled from the run's ParamSource (a setting, the tenant file, what the run discovered, the
 * embedded mock's state) and the body is sent with the URL whole. The origin, version and query stay as documented.
 */
import type { Location } from '../core/finding.ts';
import { isJsonObject, setOwn } from '../core/json.ts';
import { isGraphUrl, splitUrl } from '../docs/http-message.ts';
import type { Body, Example } from '../docs/model.ts';
import { parsePathTemplate } from '../docs/path-template.ts';
import type { FilledValue, NeededValue, ParamSource } from './placeholders.ts';

export type FilledBody =
  | { readonly ok: true; readonly body: Body; readonly values: readonly FilledValue[] }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly at: Location;
      /** The values that would fill it, where one value per placeholder would do. */
      readonly needs?: readonly NeededValue[];
    };

/** Bounds the walk through a body (the doc's; it may be large or deep). */
const MAX_VALUES = 10_000;

/** The example's body with each placeholder of its Graph URLs filled; the body as documented where it has none. */
export function fillBodyPlaceholders(example: Example, params: ParamSource): FilledBody {
  const { body } = example.request;
  if (body.kind !== 'json') return { ok: true, body, values: [] };
  const urls = placeholderUrls(body.value);
  if (urls.size === 0) return { ok: true, body, values: [] };
  const filled = new Map<string, string>();
  const values: FilledValue[] = [];
  const needs: NeededValue[] = [];
  for (const [url, count] of urls) {
    const placeholder = /\{[^{}]+\}/.exec(url)?.[0] ?? url;
    // `members@odata.bind: [".../directoryObjects/{id}", ".../directoryObjects/{id}"]` means several members: one
    // value for `{id}` would send the same member twice, which is not the request the page shows.
    if (count > 1)
      return {
        ok: false,
        reason: `the request body names ${count.toString()} Graph resources only as ${placeholder}: one value cannot stand for each`,
        at: body.location,
      };
    const { path, query } = splitUrl(url);
    const template = parsePathTemplate(`GET ${path}`, body.location);
    const result = template === undefined ? undefined : params(template);
    if (result === undefined)
      return { ok: false, reason: `the request body names a Graph resource only as ${placeholder}`, at: body.location };
    if (!result.ok) {
      needs.push(...result.missing);
      continue;
    }
    const cut = url.length - path.length - (query === '' ? 0 : query.length + 1);
    filled.set(url, `${url.slice(0, cut)}${result.path}${query === '' ? '' : `?${query}`}`);
    values.push(...result.values);
  }
  if (needs.length > 0)
    return { ok: false, reason: 'the request body names a Graph resource by a placeholder', at: body.location, needs };
  const value = replaceStrings(body.value, filled);
  return { ok: true, body: { ...body, value, text: JSON.stringify(value, null, 2) }, values };
}

/** The Graph URLs in a JSON value that hold a `{placeholder}`, with how often each occurs. */
function placeholderUrls(value: unknown): Map<string, number> {
  const found = new Map<string, number>();
  const pending: unknown[] = [value];
  for (let seen = 0; pending.length > 0 && seen < MAX_VALUES; seen++) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (/^https?:\/\//i.test(next) && isGraphUrl(next) && /\{[^{}]+\}/.test(next))
        found.set(next, (found.get(next) ?? 0) + 1);
    } else if (Array.isArray(next)) pending.push(...(next as unknown[]));
    else if (isJsonObject(next)) pending.push(...Object.values(next));
  }
  return found;
}

/** `value` with each string that `replacements` maps replaced; own properties only, arrays kept in order. */
function replaceStrings(value: unknown, replacements: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return replacements.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item: unknown) => replaceStrings(item, replacements));
  if (!isJsonObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) setOwn(copy, key, replaceStrings(item, replacements));
  return copy;
}
