/**
 * `Content-Range: bytes 0-25/128` (RFC 9110 §14.4) in the form uploads use: one byte range of a file whose total size
 * is known. Read by the docs (a stated Content-Length must match the range), the cases (what bytes to send) and the
 * mock tenant (what an upload session has received), and the bytes of a file nobody wrote.
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

/**
 * Bytes `first`–`last` of the file the harness uploads for placeholders and the mock serves where nothing was written:
 * byte i is i mod 251 (a prime, so fragments of any size do not repeat in step, and the pieces join into the file).
 */
export function rangeBytes(range: ByteRange): Uint8Array {
  const bytes = new Uint8Array(rangeLength(range));
  for (let i = 0; i < bytes.length; i++) bytes[i] = (range.first + i) % 251;
  return bytes;
}
