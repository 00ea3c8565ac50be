/**
 * Keeps Playwright's own JSON and JUnit reports lean and free of machine paths. Listed after Playwright's `json` and
 * `junit` reporters (reporters end one after the other, in the order the config lists them), it rewrites what they
 * wrote: each attachment body of the JSON report (base64 there, about 4/3 of its size, once per test) moves to a
 * gzip-compressed file named by its content under `attachments/` beside the report (`<sha1>.json.gz`), written once
 * however many tests attach it (the documented request of an example is shared by its other paths and its probes),
 * and the entry names it by a `path` relative to the report. Absolute paths of the docs checkout and the project become
 * relative, as in our own reports (core/machine-paths.ts). Annotations are written once per test: Playwright repeats a test's
 * annotations on each of its results (with retries at 0, the same list), and gives each the harness's source line
 * that added it; the first copy stays, without that line.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Reporter } from '@playwright/test/reporter';
import { machinePathScrubber } from '../settings/report-settings.ts';
import { settings as readSettings } from '../settings/settings.ts';

export interface LeanReportsOptions {
  /** Playwright's JSON report, as its reporter's `outputFile`. */
  readonly json?: string;
  /**
   * Where Playwright's JSON report would be, in a run that does not write it (PLAYWRIGHT_JSON=0): one left there by an
   * earlier run is removed, with its attachments, so that no report of another run passes for this one's.
   */
  readonly stale?: string;
  /** Playwright's JUnit report, as its reporter's `outputFile`. */
  readonly junit?: string;
}

/** The folder, beside the JSON report, that holds the attachment bodies. */
export const ATTACHMENTS_DIR = 'attachments';

export default class LeanReportsReporter implements Reporter {
  readonly #options: LeanReportsOptions;

  constructor(options: LeanReportsOptions = {}) {
    this.#options = options;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(): void {
    const { stale } = this.#options;
    if (stale === undefined) return;
    rmSync(stale, { force: true });
    rmSync(join(dirname(stale), ATTACHMENTS_DIR), { recursive: true, force: true });
  }

  onEnd(): void {
    const scrub = machinePathScrubber(readSettings());
    const { json, junit } = this.#options;
    if (json !== undefined && existsSync(json)) {
      const store = attachmentStore(join(dirname(json), ATTACHMENTS_DIR));
      const lean = leanJsonReport(JSON.parse(readFileSync(json, 'utf8')) as unknown, store);
      writeFileSync(json, scrub(JSON.stringify(lean)));
    }
    if (junit !== undefined && existsSync(junit)) writeFileSync(junit, scrub(readFileSync(junit, 'utf8')));
  }
}

/** Stores a body once by its content; gives the path the report names it by. */
export type AttachmentStore = (body: Buffer, contentType: string) => string;

export function attachmentStore(dir: string): AttachmentStore {
  const written = new Set<string>();
  return (body, contentType) => {
    const name = `${createHash('sha1').update(body).digest('hex')}${extensionOf(contentType)}.gz`;
    if (!written.has(name)) {
      mkdirSync(dir, { recursive: true });
      if (!existsSync(join(dir, name))) writeFileSync(join(dir, name), gzipSync(body, { level: 9 }));
      written.add(name);
    }
    return `${ATTACHMENTS_DIR}/${name}`;
  };
}

function extensionOf(contentType: string): string {
  if (/json/i.test(contentType)) return '.json';
  if (/^text\//i.test(contentType)) return '.txt';
  return '.bin';
}

/**
 * Playwright's JSON report with every attachment body stored by reference and each test's annotations once (pure, but
 * for the store).
 */
export function leanJsonReport(report: unknown, store: AttachmentStore): unknown {
  if (Array.isArray(report)) return report.map((item) => leanJsonReport(item, store));
  if (typeof report !== 'object' || report === null) return report;
  const record = report as Record<string, unknown>;
  if (
    typeof record.name === 'string' &&
    typeof record.contentType === 'string' &&
    typeof record.body === 'string' &&
    record.path === undefined
  ) {
    const { body, ...rest } = record;
    return { ...rest, path: store(Buffer.from(body, 'base64'), record.contentType) };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record))
    out[key] =
      key === 'annotations' && Array.isArray(value) ? value.map(withoutSourceLine) : leanJsonReport(value, store);
  // A test (it has results): each result's annotations that repeat the test's are left out.
  if (Array.isArray(out.annotations) && Array.isArray(out.results)) {
    const same = JSON.stringify(out.annotations);
    out.results = out.results.map((result: unknown) => {
      if (typeof result !== 'object' || result === null) return result;
      const { annotations, ...rest } = result as Record<string, unknown>;
      return JSON.stringify(annotations) === same ? rest : result;
    });
  }
  return out;
}

/** An annotation without the harness's source line that added it (`location`): a reader of the docs has no use for it. */
function withoutSourceLine(annotation: unknown): unknown {
  if (typeof annotation !== 'object' || annotation === null) return annotation;
  return Object.fromEntries(Object.entries(annotation).filter(([key]) => key !== 'location'));
}
