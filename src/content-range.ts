/**
 * `Content-Range: bytes 0-25/128` (RFC 9110 §14.4) in the form uploads use: one byte range of a file whose total size
 * is known. Read by the docs (a stated Content-Length must match the range), the cases (what bytes to send) and the
 * mock tenant (what an upload session has received).
 */
export interface ByteRange {
  /** Offset of the first byte. */
  readonly first: number;
  /** Offset of the last byte, inclusive. */
  readonly last: number;
  /** Size of the whole file. */
  readonly total: number;
}

const CONTENT_RANGE = /^\s*bytes\s+(\d{1,15})-(\d{1,15})\/(\d{1,15})\s*$/i;

/** The range, or undefined when the value is not a satisfiable `bytes first-last/total`. */
export function readContentRange(value: string): ByteRange | undefined {
  const match = CONTENT_RANGE.exec(value);
  if (!match) return undefined;
  const [first, last, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return first <= last && last < total ? { first, last, total } : undefined;
}

export function rangeLength(range: ByteRange): number {
  return range.last - range.first + 1;
}

export function formatContentRange(range: ByteRange): string {
  return `bytes ${String(range.first)}-${String(range.last)}/${String(range.total)}`;
}
