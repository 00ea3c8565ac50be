/**
 * Docs show binary request bodies as placeholders (`Binary data for the image`, `<bytes 0-25 of the file>`). Where the
 * doc says enough to make real content of that kind, a case sends such content instead of the placeholder's text;
 * where it does not, the case is skipped and says so.
 */
import type { ByteRange } from '../core/content-range.ts';
import { type RequestExample } from '../docs/model.ts';
import { formatLocation } from '../core/finding.ts';
import type { SkipRuleId } from '../core/rules.ts';
import { contentRangeOf } from './handed-out.ts';

/** Content made to stand for a placeholder: a small real image, or the bytes of a documented Content-Range. */
export type StandIn =
  | { readonly kind: 'image'; readonly mediaType: 'image/jpeg' | 'image/png' }
  | { readonly kind: 'bytes'; readonly range: ByteRange };

export type BodyPlan =
  /** Send the documented body as written (JSON, text, or none). */
  | { readonly kind: 'as-documented' }
  | { readonly kind: 'stand-in'; readonly standIn: StandIn }
  | { readonly kind: 'unsendable'; readonly rule: SkipRuleId; readonly reason: string };

/** Content types whose bodies are text the harness can send as written. */
const TEXT_BODY = /^(text\/|application\/(json|xml|x-www-form-urlencoded)|[^;]*\+json)/i;

export function planBody(request: RequestExample): BodyPlan {
  const { body } = request;
  if (body.kind !== 'text') return { kind: 'as-documented' };
  const type = (request.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '').trim();
  if (/json/i.test(type) || (type === '' && /^\s*[[{]/.test(body.text)))
    return {
      kind: 'unsendable',
      rule: 'invalid-json-body',
      reason: `the request body is not valid JSON (${formatLocation(body.location)})`,
    };
  if (TEXT_BODY.test(type)) return { kind: 'as-documented' };
  // An upload fragment's content is whatever the file holds: only its length matters, and the range states it.
  const range = contentRangeOf(request.headers);
  if (range !== undefined) return { kind: 'stand-in', standIn: { kind: 'bytes', range } };
  const unreadable = request.headers.find((h) => h.name.toLowerCase() === 'content-range');
  if (unreadable !== undefined) {
    return {
      kind: 'unsendable',
      rule: 'unsendable-body',
      reason: `the upload's Content-Range "${unreadable.value}" (${formatLocation(unreadable.location)}) is not a byte range of a known total, so its length is unknown`,
    };
  }
  const media = type.split(';')[0]?.trim().toLowerCase() ?? '';
  if (media === 'image/jpeg' || media === 'image/jpg' || media === 'image/pjpeg')
    return { kind: 'stand-in', standIn: { kind: 'image', mediaType: 'image/jpeg' } };
  if (media === 'image/png') return { kind: 'stand-in', standIn: { kind: 'image', mediaType: 'image/png' } };
  const shown = body.text.split('\n')[0]?.slice(0, 40) ?? '';
  return {
    kind: 'unsendable',
    rule: 'unsendable-body',
    reason: `the doc shows the ${type || 'untyped'} body as "${shown}" (${formatLocation(body.location)}): the harness makes real content only for JPEG and PNG images and for uploads with a Content-Range`,
  };
}
