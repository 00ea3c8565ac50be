/**
 * The raw HTTP of example blocks: `PATCH https://graph.microsoft.com/beta/me/photos`, header lines, a blank line and
 * a body. Docs often leave out the blank line before a JSON body, so headers end at the first line that is not one.
 */
import { type Body, type Header, type RequestExample, type ResponseExample } from './model.ts';
import { GRAPH_VERSIONS, type GraphVersion } from '../core/http.ts';
import { type Finding, type Location } from '../core/finding.ts';
import { isHttpMethod, splitRequestLine } from './path-template.ts';
import { describeRepairs, lineAtOffset, readJson } from './lenient-json.ts';

/**
 * A problem in a block, at a line of the file. A body read as intended despite a defect is a warning; a block or body
 * that cannot be read is an error.
 */
export interface BlockProblem extends Finding {
  readonly rule: 'invalid-http-block' | 'invalid-json-body' | 'limit-exceeded';
}

/** A request block's content; the page reader adds the annotation and location. */
export type ParsedRequest = Omit<RequestExample, 'annotation' | 'location'>;

export type ParsedResponse = Pick<ResponseExample, 'status' | 'headers' | 'body'>;

export type Parsed<T> =
  | { readonly ok: true; readonly value: T; readonly problems: readonly BlockProblem[] }
  | { readonly ok: false; readonly problem: BlockProblem };

/** Where the 0-based line `index` of a block's content is in the docs (an included file's line, for included text). */
export type BlockLocator = (index: number) => Location;

interface Lines {
  readonly lines: readonly string[];
  readonly locate: BlockLocator;
}

/** `content` is the fence's text; `locate` maps its lines to their file and line. */
export function parseRequestBlock(content: string, locate: BlockLocator): Parsed<ParsedRequest> {
  const block = { lines: content.replace(/\r\n?/g, '\n').split('\n'), locate };
  const start = block.lines.findIndex((line) => line.trim() !== '');
  const requestLine = block.lines[start]?.trim() ?? '';
  // The URL runs to the optional `HTTP/1.1`: docs write spaces in it (`/users/{id | userPrincipalName}`,
  // `$filter=startswith(displayName, 'a')`, `resizedRange(deltaRows={n}, deltaColumns={n})`).
  const split = splitRequestLine(requestLine);
  const method = split?.method.toUpperCase();
  const url = split === undefined ? undefined : withoutHttpVersion(split.target);
  if (start < 0 || method === undefined || url === undefined || !isHttpMethod(method)) {
    return fail(block, Math.max(start, 0), `expected a request line "METHOD URL", found "${requestLine}"`);
  }
  const { version, path, query } = splitUrl(url);
  const { headers, bodyStart } = readHeaders(block, start + 1);
  const body = readBody(block, bodyStart);
  return {
    ok: true,
    value: { method, url, ...(version ? { version } : {}), path, query, headers, body: body.body },
    problems: body.problems,
  };
}

/** `/me/photos HTTP/1.1` → `/me/photos`; a target that is only `HTTP/1.1` stays (it is the URL, however odd). */
function withoutHttpVersion(target: string): string {
  const version = /\sHTTP\/\d(?:\.\d)?$/.exec(target);
  return version ? target.slice(0, version.index).trimEnd() : target;
}

export function parseResponseBlock(content: string, locate: BlockLocator): Parsed<ParsedResponse> {
  const block = { lines: content.replace(/\r\n?/g, '\n').split('\n'), locate };
  const start = block.lines.findIndex((line) => line.trim() !== '');
  const statusLine = block.lines[start]?.trim() ?? '';
  const status = /^HTTP\/[\d.]+\s+(\d{3})\b/i.exec(statusLine)?.[1];
  if (start < 0 || status === undefined)
    return fail(block, Math.max(start, 0), `expected a status line "HTTP/1.1 200 OK", found "${statusLine}"`);
  const { headers, bodyStart } = readHeaders(block, start + 1);
  const body = readBody(block, bodyStart);
  return { ok: true, value: { status: Number(status), headers, body: body.body }, problems: body.problems };
}

/** `https://graph.microsoft.com/beta/me/photos?$select=id` → version, path and query. */
export function splitUrl(url: string): { version?: GraphVersion; path: string; query: string } {
  const withoutOrigin = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const question = withoutOrigin.indexOf('?');
  const rawPath = question < 0 ? withoutOrigin : withoutOrigin.slice(0, question);
  const query = question < 0 ? '' : withoutOrigin.slice(question + 1);
  const absolute = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  const first = absolute.split('/')[1] ?? '';
  const version = GRAPH_VERSIONS.find((v) => v === first.toLowerCase());
  const path = version ? absolute.slice(first.length + 1) || '/' : absolute;
  return version ? { version, path, query } : { path, query };
}

/**
 * Whether a request goes to Graph: a relative URL, or one on a Graph host of any cloud. Examples also show requests to
 * other hosts (an upload session's `https://sn3302.up.1drv.com/up/...`), whose paths are not Graph paths.
 */
export function isGraphUrl(url: string): boolean {
  const host = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url)?.[1];
  return (
    host === undefined || /(^|\.)(graph\.microsoft\.(com|us|de)|microsoftgraph\.chinacloudapi\.cn)(:\d+)?$/i.test(host)
  );
}

const HEADER_LINE = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*:\s?(.*)$/;

function readHeaders(block: Lines, from: number): { headers: Header[]; bodyStart: number } {
  const headers: Header[] = [];
  let index = from;
  for (; index < block.lines.length; index++) {
    const line = block.lines[index] ?? '';
    if (line.trim() === '') return { headers, bodyStart: index + 1 };
    const match = HEADER_LINE.exec(line.trim());
    if (!match?.[1]) break;
    headers.push({ name: match[1], value: (match[2] ?? '').trim(), location: at(block, index) });
  }
  return { headers, bodyStart: index };
}

function readBody(block: Lines, from: number): { body: Body; problems: BlockProblem[] } {
  let first = from;
  while (first < block.lines.length && (block.lines[first] ?? '').trim() === '') first++;
  const text = block.lines.slice(first).join('\n').trimEnd();
  if (text === '') return { body: { kind: 'none' }, problems: [] };
  const location = at(block, first);
  if (!/^[{[]/.test(text)) return { body: { kind: 'text', text, location }, problems: [] };

  const reading = readJson(text);
  if (reading.ok) {
    const firstRepair = reading.repairs[0];
    const problems: BlockProblem[] = firstRepair
      ? [
          {
            rule: 'invalid-json-body',
            severity: 'warning',
            message: `the body is not strict JSON (${describeRepairs(reading.repairs)}); read as intended`,
            location: at(block, first + lineAtOffset(text, firstRepair.offset) - 1),
          },
        ]
      : [];
    return { body: { kind: 'json', value: reading.value, text, location }, problems };
  }
  const where = reading.offset === undefined ? location : at(block, first + lineAtOffset(text, reading.offset) - 1);
  return {
    body: { kind: 'text', text, location },
    problems: [
      reading.overLimit
        ? {
            rule: 'limit-exceeded',
            severity: 'error',
            message: `the body ${reading.error}: it is not read as JSON`,
            location: where,
          }
        : {
            rule: 'invalid-json-body',
            severity: 'error',
            message: `the body is not valid JSON: ${reading.error}`,
            location: where,
          },
    ],
  };
}

function at(block: Lines, index: number): Location {
  return block.locate(index);
}

function fail(block: Lines, index: number, message: string): { ok: false; problem: BlockProblem } {
  return { ok: false, problem: { rule: 'invalid-http-block', severity: 'error', message, location: at(block, index) } };
}

/** Byte lengths a documented `Content-Length` may legitimately state: the body with LF or with CRLF line ends. */
export function bodyByteLengths(text: string): { lf: number; crlf: number } {
  const lf = text.replace(/\r\n/g, '\n');
  return { lf: Buffer.byteLength(lf, 'utf8'), crlf: Buffer.byteLength(lf.replace(/\n/g, '\r\n'), 'utf8') };
}

/**
 * A body as a service receives it, for telling two documented requests apart: JSON re-serialised (two layouts of one
 * value are one body), text as written, no body as ''.
 */
export function sentBodyText(body: Body): string {
  return body.kind === 'json' ? JSON.stringify(body.value) : body.kind === 'text' ? body.text : '';
}
