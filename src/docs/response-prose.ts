/**
 * The `## Response` section's prose: the success status it names ("If successful, this method returns a `200 OK`
 * response code") and the resource it says is returned.
 */
import { codeSpans, inlineText } from './markdown.ts';
import type { Location } from '../core/finding.ts';
import type { TypeReference } from './model.ts';
import type { Locate, ParagraphPart } from './page-outline.ts';
import { resourceLink } from './resource-link.ts';

export interface ResponseProse {
  readonly successStatus?: { readonly status: number; readonly location: Location };
  readonly responseResource?: TypeReference;
}

/** `paragraphs` are those of the response section; the first status and the first resource link count. */
export function readResponseProse(
  paragraphs: readonly ParagraphPart[],
  namespace: string,
  locate: Locate,
): ResponseProse {
  let successStatus: ResponseProse['successStatus'];
  let responseResource: TypeReference | undefined;
  for (const { inline, line } of paragraphs) {
    successStatus ??= statusIn(codeSpans(inline), inlineText(inline), locate(line));
    responseResource ??= resourceLink(inline, namespace, locate(line));
  }
  return { ...(successStatus ? { successStatus } : {}), ...(responseResource ? { responseResource } : {}) };
}

/**
 * `200 OK` in a code span, else in the text ("returns a 204 No Content response code"). Only 2xx and 3xx count: the
 * same prose names error statuses too ("If no photo exists, the operation returns `404 Not Found`").
 */
function statusIn(
  spans: readonly string[],
  text: string,
  location: Location,
): { status: number; location: Location } | undefined {
  const fromCode = spans.map((code) => /^\s*([23]\d\d)\b/.exec(code)?.[1]).find(Boolean);
  const status = fromCode ?? /\b([23]\d\d) [A-Z][A-Za-z-]+/.exec(text)?.[1];
  return status ? { status: Number(status), location } : undefined;
}
