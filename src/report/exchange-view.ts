/**
 * The exchanges of one test's verdict record (documented request and response, sent request, actual response) → what
 * the reviewer report shows: the status and Content-Type side by side, the body diff, and a curl reproducer.
 */
import { formatLocation } from '../core/finding.ts';
import { readJson } from '../docs/lenient-json.ts';
import { REDACTED } from '../core/redact.ts';
import type { ExchangeRecord, VerdictRecord } from '../core/verdict.ts';
import { diffJson, type JsonDiff } from './json-diff.ts';

export interface MessageSide {
  readonly status: number | null;
  readonly contentType: string | null;
  /** The body as text, shortened to the report's limit. */
  readonly body: string | null;
  readonly truncatedFrom: number | null;
}

export interface ExchangeView {
  readonly documentedRequest: Shortened | null;
  readonly curl: Shortened | null;
  readonly documented: MessageSide | null;
  readonly actual: MessageSide | null;
  /** Present when both bodies are JSON. */
  readonly diff: JsonDiff | null;
}

export interface Shortened {
  readonly text: string;
  /** The full length when the text was cut, else null. */
  readonly truncatedFrom: number | null;
}

export function shorten(text: string, limit: number): Shortened {
  return text.length <= limit
    ? { text, truncatedFrom: null }
    : { text: text.slice(0, limit), truncatedFrom: text.length };
}

interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

function jsonValue(text: string | null): { ok: true; value: unknown } | { ok: false } {
  if (text === null || text.trim() === '') return { ok: false };
  const read = readJson(text);
  return read.ok ? { ok: true, value: read.value } : { ok: false };
}

function side(status: number | null, contentType: string | null, body: string | null, limit: number): MessageSide {
  const short = body === null ? null : shorten(body, limit);
  return { status, contentType, body: short?.text ?? null, truncatedFrom: short?.truncatedFrom ?? null };
}

function header(headers: Iterable<readonly [string, string]>, name: string): string | null {
  for (const [key, value] of headers) if (key.toLowerCase() === name) return value;
  return null;
}

/** The test's own exchange: the last one it recorded without a label (earlier ones produce a URL, upload bytes). */
export function ownExchange(record: VerdictRecord): ExchangeRecord | undefined {
  return record.exchanges.findLast((e) => e.label === null) ?? record.exchanges.at(-1);
}

export function exchangeView(record: VerdictRecord | null, flagged: readonly string[], limit: number): ExchangeView {
  const documented = record?.documented ?? null;
  const own = record === null ? undefined : ownExchange(record);
  const doc = documented?.response ?? null;
  const docJson = jsonValue(doc?.body ?? null);
  const actJson = jsonValue(own?.response.body ?? null);
  const request = documented?.request;
  return {
    documentedRequest:
      request === undefined
        ? null
        : shorten(
            [
              `# ${formatLocation(request.location)}`,
              `${request.method} ${request.url}`,
              ...request.headers.map(([name, value]) => `${name}: ${value}`),
              ...(request.body === null ? [] : ['', request.body]),
            ].join('\n'),
            limit,
          ),
    curl: own === undefined ? null : shorten(curlCommand(own.request), limit),
    documented: doc === null ? null : side(doc.status, header(doc.headers, 'content-type'), doc.body, limit),
    actual:
      own === undefined
        ? null
        : side(
            own.response.status,
            header(Object.entries(own.response.headers), 'content-type'),
            own.response.body,
            limit,
          ),
    diff: docJson.ok && actJson.ok ? diffJson(docJson.value, actJson.value, flagged, limit * 2) : null,
  };
}

/** POSIX single quotes: nothing inside is expanded, a `'` is closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command that sends what the test sent. The token never appears: a credential header (already redacted in the
 * attachment) reads the token from `$GRAPH_TOKEN` when pasted into a shell.
 */
export function curlCommand(sent: SentRequest): string {
  const lines = [`curl -sS -i -X ${sent.method} ${shellQuote(sent.url)}`];
  for (const [name, value] of Object.entries(sent.headers)) {
    if (value.includes(REDACTED)) {
      const scheme = /^(\S+)\s/.exec(value)?.[1];
      const prefix = `${name}: ${scheme !== undefined && scheme !== REDACTED ? `${scheme} ` : ''}`;
      lines.push(`-H ${shellQuote(prefix)}"$GRAPH_TOKEN"`);
    } else lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (sent.body !== null) lines.push(`--data-raw ${shellQuote(sent.body)}`);
  return lines.join(' \\\n  ');
}
