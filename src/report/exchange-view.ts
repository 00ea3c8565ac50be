/**
 * The attachments of one test (documented request and response, sent request, actual response) → what the reviewer
 * report shows: the status and Content-Type side by side, the body diff, and a curl reproducer.
 */
import { isJsonObject, parseJsonOrUndefined } from '../core/json.ts';
import { readJson } from '../docs/lenient-json.ts';
import { REDACTED } from '../core/redact.ts';
import type { CollectedAttachment } from './collected.ts';
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
  readonly body?: string;
}

interface ActualResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function attachment(attachments: readonly CollectedAttachment[], name: string): string | undefined {
  return attachments.find((a) => a.name === name)?.text;
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  const value = parseJsonOrUndefined(text);
  return isJsonObject(value) ? value : undefined;
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function sentRequestOf(attachments: readonly CollectedAttachment[]): SentRequest | undefined {
  const raw = parseObject(attachment(attachments, 'sent request'));
  if (raw === undefined || typeof raw.method !== 'string' || typeof raw.url !== 'string') return undefined;
  return {
    method: raw.method,
    url: raw.url,
    headers: stringRecord(raw.headers),
    ...(typeof raw.body === 'string' ? { body: raw.body } : {}),
  };
}

function actualResponseOf(attachments: readonly CollectedAttachment[]): ActualResponse | undefined {
  const raw = parseObject(attachment(attachments, 'actual response'));
  if (raw === undefined || typeof raw.status !== 'number') return undefined;
  return { status: raw.status, headers: stringRecord(raw.headers), body: typeof raw.body === 'string' ? raw.body : '' };
}

/** The documented response attachment: `# file:line`, `HTTP/1.1 200`, headers, a blank line, the body as written. */
function documentedResponseOf(text: string): {
  status: number | null;
  contentType: string | null;
  body: string | null;
} {
  const lines = text.split('\n');
  const blank = lines.indexOf('');
  const head = blank < 0 ? lines : lines.slice(0, blank);
  const status = head.map((l) => /^HTTP\/[\d.]+ (\d{3})/.exec(l)?.[1]).find((s) => s !== undefined);
  const contentType = head
    .map((l) => (/^content-type:/i.test(l) ? l.slice('content-type:'.length).trimStart() || undefined : undefined))
    .find((s) => s !== undefined);
  return {
    status: status === undefined ? null : Number(status),
    contentType: contentType ?? null,
    body: blank < 0 ? null : lines.slice(blank + 1).join('\n'),
  };
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

export function exchangeView(
  attachments: readonly CollectedAttachment[],
  flagged: readonly string[],
  limit: number,
): ExchangeView {
  const documentedRequest = attachment(attachments, 'documented request');
  const documentedResponse = attachment(attachments, 'documented response');
  const sent = sentRequestOf(attachments);
  const received = actualResponseOf(attachments);
  const doc = documentedResponse === undefined ? undefined : documentedResponseOf(documentedResponse);
  const docJson = jsonValue(doc?.body ?? null);
  const actJson = jsonValue(received?.body ?? null);
  return {
    documentedRequest: documentedRequest === undefined ? null : shorten(documentedRequest, limit),
    curl: sent === undefined ? null : shorten(curlCommand(sent), limit),
    documented: doc === undefined ? null : side(doc.status, doc.contentType, doc.body, limit),
    actual:
      received === undefined
        ? null
        : side(received.status, received.headers['content-type'] ?? null, received.body, limit),
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
  if (sent.body !== undefined) lines.push(`--data-raw ${shellQuote(sent.body)}`);
  return lines.join(' \\\n  ');
}
