/**
 * The one way out of a Playwright worker passes the run's redactor. A worker reports everything it has to say about a
 * test to the runner as IPC messages: test and step titles, errors (also those Playwright's `expect` records for its
 * own steps before any code of ours sees them), annotations, attachments, stdout and stderr. The reporters (HTML,
 * JUnit, JSON, list, ours) write only what those messages carry. Redacting each message as it leaves the worker is
 * therefore redaction by construction: no test code, matcher or fixture can emit around it. A file attached by its
 * path (Playwright's `error-context.md`, which its browser fixtures write from their own copy of a test's errors) is
 * redacted in place before its attachment message leaves.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Redactor } from '../core/redact.ts';
import { isJsonObject } from '../core/json.ts';
import { environment } from '../settings/settings.ts';

/** Members that identify or locate (ids, source locations), never carry what a test says. */
const IDENTIFIERS = new Set(['testId', 'stepId', 'parentStepId', 'id', 'location', 'workerIndex', 'parallelIndex']);

/** A copy of an IPC message with every text it carries redacted. */
export function redactMessage(message: unknown, redact: Redactor): unknown {
  if (typeof message === 'string') return redact(message);
  if (Array.isArray(message)) return message.map((item) => redactMessage(item, redact));
  if (!isJsonObject(message)) return message;
  // An attachment: `body` is base64, and `path` a file the worker wrote (error-context.md).
  const attachment = typeof message.name === 'string' && typeof message.contentType === 'string';
  if (attachment && typeof message.path === 'string') redactFile(message.path, redact);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) {
    if (IDENTIFIERS.has(key) || (attachment && key === 'path')) out[key] = value;
    // An annotation's location is the harness's source line that added it, a path of the machine that ran: no reader
    // of a report needs it.
    else if (key === 'annotations' && Array.isArray(value))
      out[key] = value.map((a) => redactMessage(isJsonObject(a) ? withoutLocation(a) : a, redact));
    // stdout and stderr chunks written as bytes travel as `{ buffer: <base64> }`.
    else if (typeof value === 'string' && ((attachment && key === 'body') || key === 'buffer'))
      out[key] = redactBytes(Buffer.from(value, 'base64'), redact).toString('base64');
    else out[key] = redactMessage(value, redact);
  }
  return out;
}

function withoutLocation(annotation: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(annotation).filter(([key]) => key !== 'location'));
}

/** Text is redacted as UTF-8; other bytes as Latin-1, which maps each byte to one character and back unchanged. */
function redactBytes(bytes: Buffer, redact: Redactor): Buffer {
  const encoding = isUtf8(bytes) ? 'utf8' : 'latin1';
  const text = bytes.toString(encoding);
  const redacted = redact(text);
  return redacted === text ? bytes : Buffer.from(redacted, encoding);
}

function redactFile(path: string, redact: Redactor): void {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return; // nothing there: nothing to leak
  }
  const redacted = redactBytes(bytes, redact);
  if (redacted !== bytes) writeFileSync(path, redacted);
}

const GUARDED = Symbol('graph-conformance output guard');

interface Channel {
  send?: ((message: unknown, ...rest: never[]) => boolean) & { [GUARDED]?: true };
}

/**
 * Routes every message this Playwright worker sends to the runner through `redact`. Outside a worker (the runner,
 * which only collects tests; a unit test) it does nothing. Installing it twice is harmless.
 */
export function guardWorkerOutput(
  redact: Redactor,
  channel: Channel = process,
  env: Readonly<Record<string, string | undefined>> = environment().variables,
): void {
  const send = channel.send;
  if (env.TEST_WORKER_INDEX === undefined || send === undefined || send[GUARDED]) return;
  const guarded = Object.assign(
    (message: unknown, ...rest: never[]): boolean => send.call(channel, redactMessage(message, redact), ...rest),
    { [GUARDED]: true as const },
  );
  channel.send = guarded;
}
