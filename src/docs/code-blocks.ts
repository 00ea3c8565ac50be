/**
 * Which reader a code block belongs to. A block's meaning comes from its section, its annotation and its first line:
 * the `## HTTP request` section holds path templates, request and response annotations mark examples, and other
 * annotations (`resource`, `example`, `samples`, `ignored`, …) mark blocks kept for what they show.
 */
import type { FencePart } from './page-outline.ts';

/** Fence languages an HTTP example is written in (`msgraph-interactive` marks GETs the docs site can run). */
export const HTTP_LANGUAGES: readonly string[] = ['http', 'msgraph-interactive', ''];

const REQUEST_LINE = /^\s*(GET|POST|PUT|PATCH|DELETE)\s+\S/i;
const STATUS_LINE = /^\s*HTTP\/[\d.]+\s+\d{3}\b/i;

/** What an HTTP block's first line says it is; undefined for an empty block. */
export function roleOf(content: string): 'request' | 'response' | 'other' | undefined {
  const first = content.split('\n').find((line) => line.trim() !== '');
  if (first === undefined) return undefined;
  if (REQUEST_LINE.test(first)) return 'request';
  if (STATUS_LINE.test(first)) return 'response';
  return 'other';
}

/** 0-based index of the first non-blank line of a block's content. */
export function firstContentLine(content: string): number {
  return Math.max(
    0,
    content.split('\n').findIndex((line) => line.trim() !== ''),
  );
}

/**
 * `## HTTP request` holds URL templates: its un-annotated, `ignored` or `samples` HTTP blocks, never a full request
 * example (an annotated request or response there is one).
 */
export function isPathBlock(fence: FencePart): boolean {
  const blockType = fence.annotation?.blockType;
  return (
    fence.section === 'http-request' &&
    HTTP_LANGUAGES.includes(fence.language) &&
    blockType !== 'request' &&
    blockType !== 'response'
  );
}

/**
 * A request or response example: annotated as one, an `ignored` one among the examples (reported as skipped, not
 * lost), or an un-annotated block whose role the examples reader reads from its first line.
 */
export function isExampleBlock(fence: FencePart): boolean {
  if (isPathBlock(fence)) return false;
  const blockType = fence.annotation?.blockType;
  if (blockType === undefined || blockType === 'request' || blockType === 'response') return true;
  const role = roleOf(fence.content);
  return blockType === 'ignored' && fence.section === 'examples' && (role === 'request' || role === 'response');
}

/** Any other annotated block (an annotated path block too): kept on the page with its JSON. */
export function isAnnotatedBlock(fence: FencePart): boolean {
  return fence.annotation !== undefined && !isExampleBlock(fence);
}
