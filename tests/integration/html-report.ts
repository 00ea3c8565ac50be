/**
 * Reads what Playwright's HTML report holds. The report embeds its test data as a base64 zip inside index.html, so
 * a plain text search of the file would never find a leaked secret there.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { readChunk } from '../../src/report/report-chunks.ts';

/** The text of every file in the zip embedded in a Playwright HTML report (empty when it embeds none). */
export function embeddedReportFiles(indexHtml: string): Map<string, string> {
  const html = readFileSync(indexHtml, 'utf8');
  const base64 = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(html)?.[1];
  return base64 ? unzip(Buffer.from(base64, 'base64')) : new Map<string, string>();
}

/** A minimal zip reader: the central directory gives every entry's sizes, even when local headers defer them. */
function unzip(zip: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('the embedded report is not a zip: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let entry = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(entry) !== 0x02014b50) throw new Error(`bad central directory entry at ${entry}`);
    const method = zip.readUInt16LE(entry + 10);
    const compressedSize = zip.readUInt32LE(entry + 20);
    const nameLength = zip.readUInt16LE(entry + 28);
    const extraLength = zip.readUInt16LE(entry + 30);
    const commentLength = zip.readUInt16LE(entry + 32);
    const localHeader = zip.readUInt32LE(entry + 42);
    const name = zip.toString('utf8', entry + 46, entry + 46 + nameLength);
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    entry += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

export interface Attachment {
  readonly test: string;
  readonly name: string;
  readonly text: string;
}

/**
 * The reviewer report's texts: `index.html` and each page chunk (`data/<n>.js`), inflated, its pages' markup and its
 * shared texts, by file name. A leaked secret in a compressed chunk would be invisible to a plain search.
 */
export function reviewerReportTexts(reportDir: string): Map<string, string> {
  const texts = new Map<string, string>();
  if (!existsSync(join(reportDir, 'index.html'))) return texts;
  texts.set('index.html', readFileSync(join(reportDir, 'index.html'), 'utf8'));
  const data = join(reportDir, 'data');
  for (const name of existsSync(data) ? readdirSync(data) : []) {
    const chunk = readChunk(readFileSync(join(data, name), 'utf8'));
    texts.set(`data/${name}`, [...Object.values(chunk.pages), ...chunk.texts].join('\n'));
  }
  return texts;
}

/**
 * The text of every artefact a run wrote under `dir` (reports, attachments, Playwright's HTML report, test-results), by
 * its path relative to `dir`: gzip-compressed files inflated, the HTML report's embedded zip and the reviewer report's
 * page chunks opened, so that a search sees what a reader would.
 */
export function artefactTexts(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  const walk = (folder: string, relative: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path, name);
      else if (entry.isFile()) {
        const bytes = readFileSync(path);
        texts.set(name, (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
        if (name.endsWith('playwright-report/index.html'))
          for (const [file, text] of embeddedReportFiles(path)) texts.set(`${name}#${file}`, text);
      }
    }
  };
  walk(dir, '');
  const reviewer = join(dir, 'reports', 'conformance');
  for (const [file, text] of reviewerReportTexts(reviewer)) texts.set(`reports/conformance/${file}#inflated`, text);
  return texts;
}

/**
 * Attachments of Playwright's JSON report, decoded: a body Playwright stored as base64, or one our reporter moved to
 * a file beside the report (`path`, relative to it).
 */
export function jsonReportAttachments(resultsJson: string): Attachment[] {
  const report = JSON.parse(readFileSync(resultsJson, 'utf8')) as unknown;
  const found: Attachment[] = [];
  const walk = (node: unknown, title: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, title);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const here = typeof record.title === 'string' ? record.title : title;
    if (typeof record.name === 'string' && typeof record.body === 'string' && 'contentType' in record) {
      found.push({ test: title, name: record.name, text: Buffer.from(record.body, 'base64').toString('utf8') });
    } else if (typeof record.name === 'string' && typeof record.path === 'string' && 'contentType' in record) {
      const file = join(dirname(resultsJson), record.path);
      if (existsSync(file)) {
        const bytes = readFileSync(file);
        found.push({
          test: title,
          name: record.name,
          text: (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'),
        });
      }
    }
    for (const value of Object.values(record)) walk(value, here);
  };
  walk(report, '');
  return found;
}
