/**
 * The reviewer report's page details, loaded when a page is opened: pages are grouped by folder into chunks, each one
 * file `data/<n>.js` holding its pages' markup, compressed (deflate) and base64-encoded in one call of the report's
 * script. A `<script src>` is what a page opened from disk (file://) may load under its Content-Security-Policy
 * (`script-src 'self'`); fetch and XHR of file:// are refused by browsers. Texts that many tests show alike (a
 * documented request, shared by the example's other paths and probes) are stored once per chunk and referenced.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Html } from './html.ts';

/** The texts of one chunk, each stored once; markup names them by index (`data-text`). */
export class TextStore {
  readonly #index = new Map<string, number>();
  readonly texts: string[] = [];

  ref(text: string): number {
    let at = this.#index.get(text);
    if (at === undefined) {
      at = this.texts.length;
      this.texts.push(text);
      this.#index.set(text, at);
    }
    return at;
  }
}

export interface ChunkPage {
  /** The element id of the page on the first screen (`p-12`). */
  readonly id: string;
  /** Folder of the page: pages of one folder share chunks. */
  readonly folder: string;
  readonly render: (texts: TextStore) => Html;
}

export interface Chunk {
  /** `data/3.js`, relative to the report. */
  readonly file: string;
  readonly text: string;
  /** Page ids it holds. */
  readonly pages: readonly string[];
  /** Its size before compression, for the bench. */
  readonly rawBytes: number;
}

/** Markup of a chunk's pages before a new chunk is started (compressed, chunks are about a fifth of it). */
const CHUNK_RAW_BYTES = 600_000;

/** The JavaScript function each chunk calls: see report-assets.ts. */
export const CHUNK_CALLBACK = '__gdcChunk';

/** `out` finishes each chunk's text (redaction, machine paths) before it is compressed. */
export function buildChunks(pages: readonly ChunkPage[], out: (text: string) => string = (text) => text): Chunk[] {
  const chunks: Chunk[] = [];
  let texts = new TextStore();
  let markup: Record<string, string> = {};
  let raw = 0;
  let folder: string | null = null;
  const flush = (): void => {
    const ids = Object.keys(markup);
    if (ids.length === 0) return;
    const json = out(JSON.stringify({ pages: markup, texts: texts.texts }));
    const n = chunks.length;
    const data = deflateRawSync(Buffer.from(json), { level: 9 }).toString('base64');
    chunks.push({
      file: `data/${String(n)}.js`,
      text: `${CHUNK_CALLBACK}(${String(n)},"${data}");\n`,
      pages: ids,
      rawBytes: Buffer.byteLength(json),
    });
    texts = new TextStore();
    markup = {};
    raw = 0;
  };
  for (const page of pages) {
    if (raw > CHUNK_RAW_BYTES || (folder !== null && page.folder !== folder)) flush();
    folder = page.folder;
    const out = page.render(texts).value;
    markup[page.id] = out;
    raw += out.length;
  }
  flush();
  return chunks;
}

export interface ChunkData {
  /** Each page's markup by its id. */
  readonly pages: Readonly<Record<string, string>>;
  readonly texts: readonly string[];
}

/** A chunk file read back (for tests and tools: the report's script does the same in the browser). */
export function readChunk(text: string): ChunkData {
  const data = new RegExp(`^${CHUNK_CALLBACK}\\(\\d+,"([A-Za-z0-9+/=]*)"\\);\\s*$`).exec(text)?.[1];
  if (data === undefined) throw new Error('not a chunk of the reviewer report');
  return JSON.parse(inflateRawSync(Buffer.from(data, 'base64')).toString('utf8')) as ChunkData;
}
