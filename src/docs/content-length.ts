/**
 * A request example's documented `Content-Length` must be its body's length with LF or with CRLF line ends (docs use
 * either). A text body usually stands for binary content (`<bytes 0-25 of the file>`): its length is then the
 * `Content-Range` it uploads.
 */
import { rangeLength, readContentRange } from '../core/content-range.ts';
import type { Finding } from '../core/finding.ts';
import { bodyByteLengths } from './http-message.ts';
import type { RequestExample } from './model.ts';

export function checkContentLength(request: RequestExample): Finding[] {
  const header = request.headers.find((h) => h.name.toLowerCase() === 'content-length');
  if (!header) return [];
  const stated = Number(header.value);
  if (request.body.kind === 'json') {
    const { lf, crlf } = bodyByteLengths(request.body.text);
    if (Number.isInteger(stated) && (stated === lf || stated === crlf)) return [];
    return [
      {
        rule: 'content-length-mismatch',
        severity: 'warning',
        message: `Content-Length is ${header.value}, but the body is ${String(lf)} bytes with LF line ends and ${String(crlf)} with CRLF`,
        location: header.location,
      },
    ];
  }
  const rangeHeader = request.headers.find((h) => h.name.toLowerCase() === 'content-range');
  if (!rangeHeader || request.body.kind !== 'text') return [];
  const range = readContentRange(rangeHeader.value);
  if (range === undefined) {
    return [
      {
        rule: 'content-length-mismatch',
        severity: 'warning',
        message: `Content-Range "${rangeHeader.value}" is not a byte range of a known total (bytes first-last/total, first ≤ last < total)`,
        location: rangeHeader.location,
      },
    ];
  }
  if (stated === rangeLength(range)) return [];
  return [
    {
      rule: 'content-length-mismatch',
      severity: 'warning',
      message: `Content-Length is ${header.value}, but Content-Range ${rangeHeader.value} covers ${String(rangeLength(range))} bytes`,
      location: header.location,
    },
  ];
}
