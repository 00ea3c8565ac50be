/**
 * The I/O edge of the metadata stage: `--metadata` / `METADATA` values → read CSDL and permission-scopes documents.
 *
 * A value is a file or an http(s) URL, optionally prefixed by the Graph version it describes (`beta=…`); without a
 * prefix the version is read from its name (`v1.0_metadata.xml`, `…/beta/$metadata`). Which kind of document it is
 * (CSDL or scopes) is read from its root element. Beside a CSDL file, the scopes file of the same version
 * (`apiPermissionsAndScopes-v1.0.xml`, msgraph-metadata's layout) is picked up when no scopes file is named.
 *
 * Reading a large CSDL costs about a second; its model is cached on disk by the document's content (and this stage's
 * source), so a second lint of the same metadata pays only the read. A document that cannot be used is a located
 * problem (`file:line: what`), and the others are still used.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { cacheDir, digest, sourceFingerprint, writeAtomically } from '../core/cache.ts';
import type { GraphVersion } from '../core/http.ts';
import type { CsdlModel } from './csdl.ts';
import { readCsdl } from './read-csdl.ts';
import { readScopes, type ScopesModel } from './scopes.ts';
import { MetadataSet } from './metadata-set.ts';

export interface MetadataSourceOption {
  /** As given. */
  readonly raw: string;
  /** A file path or an http(s) URL. */
  readonly location: string;
  readonly version?: GraphVersion;
}

/** `METADATA=none`: no document at all; a run then does not read the target's `/$metadata` either. */
export const NO_METADATA = 'none';

/** The documents a `--metadata` / `METADATA` value names: none for `none`. */
export function namedMetadata(raws: readonly string[]): readonly string[] {
  return raws.filter((raw) => raw.trim().toLowerCase() !== NO_METADATA);
}

/** `beta=https://graph.microsoft.com/beta/$metadata` or `fixtures/v1.0_metadata.xml`. */
export function parseMetadataOption(raw: string): MetadataSourceOption {
  const prefixed = /^(v1\.0|beta)=(.+)$/i.exec(raw.trim());
  const location = (prefixed?.[2] ?? raw).trim();
  const version = prefixed?.[1] ? (prefixed[1].toLowerCase() as GraphVersion) : versionInName(location);
  return { raw, location, ...(version ? { version } : {}) };
}

/** `beta` or `v1.0` when a file name or URL path names exactly one of them. */
function versionInName(location: string): GraphVersion | undefined {
  const beta = /(^|[^a-z])beta([^a-z]|$)/i.test(location);
  const v1 = /(^|[^\d])v1\.0([^\d]|$)/i.test(location);
  if (beta === v1) return undefined;
  return beta ? 'beta' : 'v1.0';
}

export function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** A document's text, from a file or an earlier download, with where it came from. */
export interface MetadataText {
  readonly option: MetadataSourceOption;
  readonly text: string;
}

export interface LoadedMetadata {
  readonly metadata: MetadataSet;
  /** `source:line: what is wrong`, one per document that could not be used. */
  readonly problems: readonly string[];
  /** Each document used, with its kind: for the command's summary line. */
  readonly used: readonly { readonly source: string; readonly kind: 'csdl' | 'scopes' }[];
}

/**
 * Downloads a metadata document. No token is sent: Graph serves `$metadata` to anyone, and a token must never reach
 * another origin than the target's. Bounded in time and size.
 */
export async function fetchMetadataText(url: string, timeoutMs = 60_000): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/xml' } });
  if (!response.ok) throw new Error(`${url} answered ${response.status.toString()} ${response.statusText}`);
  const text = await response.text();
  if (text.length > 100_000_000) throw new Error(`${url} is larger than 100 MB`);
  return text;
}

/**
 * Reads the options' documents: files from disk, URLs through `fetch` (async), each CSDL with the scopes file beside
 * it. Problems are collected, never thrown.
 */
export interface MetadataLoadOptions {
  /** Use the on-disk cache of read documents (default true; the setting `GRAPH_CONFORMANCE_CACHE=0` turns it off). */
  readonly cache?: boolean;
}

export async function loadMetadata(
  raws: readonly string[],
  cwd: string = process.cwd(),
  options: MetadataLoadOptions = {},
): Promise<LoadedMetadata> {
  const texts: MetadataText[] = [];
  const problems: string[] = [];
  for (const option of withSiblingScopes(namedMetadata(raws).map(parseMetadataOption), cwd)) {
    try {
      texts.push({
        option,
        text: isUrl(option.location)
          ? await fetchMetadataText(option.location)
          : readFileSync(resolve(cwd, option.location), 'utf8'),
      });
    } catch (error) {
      problems.push(`${option.location}:1: cannot read: ${reasonOf(error)}`);
    }
  }
  const read = readMetadataTexts(texts, cwd, options);
  return { ...read, problems: [...problems, ...read.problems] };
}

/**
 * Documents' texts → one metadata set. Each is read once: its reading is cached under its name, and served while its
 * text is the same.
 */
export function readMetadataTexts(
  texts: readonly MetadataText[],
  cwd: string = process.cwd(),
  options: MetadataLoadOptions = {},
): LoadedMetadata {
  const useCache = options.cache ?? true;
  const csdl: CsdlModel[] = [];
  const scopes: ScopesModel[] = [];
  const problems: string[] = [];
  const used: { source: string; kind: 'csdl' | 'scopes' }[] = [];
  for (const { option, text } of texts) {
    const source = option.location;
    if (/<(?:\w+:)?Edmx[\s>]/.test(text.slice(0, 4096))) {
      const reading = cached(useCache, cwd, readingKey('csdl', source, option.version), text, () =>
        readCsdl(source, text, option.version),
      );
      if (reading.ok) {
        csdl.push(reading.model);
        used.push({ source, kind: 'csdl' });
      } else problems.push(located(reading));
      continue;
    }
    const reading = cached(useCache, cwd, readingKey('scopes', source, option.version), text, () =>
      readScopes(source, text, option.version),
    );
    if (reading.ok) {
      scopes.push(reading.model);
      used.push({ source, kind: 'scopes' });
    } else problems.push(located(reading));
  }
  return { metadata: new MetadataSet(csdl, scopes), problems, used };
}

/** A CSDL file named without a scopes file of its version: the scopes file beside it, when there is one. */
function withSiblingScopes(options: readonly MetadataSourceOption[], cwd: string): MetadataSourceOption[] {
  const named = new Set(options.filter((o) => /permission/i.test(o.location)).map((o) => o.version ?? 'any'));
  const added: MetadataSourceOption[] = [];
  for (const option of options) {
    if (isUrl(option.location) || /permission/i.test(option.location) || !option.version) continue;
    if (named.has(option.version) || named.has('any')) continue;
    const dir = dirname(resolve(cwd, option.location));
    const wanted = `apiPermissionsAndScopes-${option.version}.xml`.toLowerCase();
    let sibling: string | undefined;
    try {
      sibling = readdirSync(dir).find((name) => name.toLowerCase() === wanted);
    } catch {
      sibling = undefined;
    }
    if (sibling === undefined) continue;
    const location = join(dirname(option.location), sibling);
    added.push({ raw: location, location, version: option.version });
    named.add(option.version);
  }
  return [...options, ...added];
}

type Reading<K> =
  | { readonly ok: true; readonly model: K }
  | { readonly ok: false; readonly error: string; readonly location: { file: string; line: number } };

/** Models hold their source's name (in every location) and version: with the kind, they name the cache entry. */
function readingKey(kind: 'csdl' | 'scopes', source: string, version: GraphVersion | undefined): string {
  return `${kind}\u0000${source}\u0000${version ?? ''}`;
}

function readingFile(cwd: string, key: string): string {
  return join(cacheDir(cwd), `metadata-${digest(key).slice(0, 24)}.bin`);
}

/** Removes the cached readings of the document named `source` (read as this version): it is gone for good. */
export function forgetReadings(source: string, version: GraphVersion | undefined, cwd: string = process.cwd()): void {
  for (const kind of ['csdl', 'scopes'] as const) {
    try {
      rmSync(readingFile(cwd, readingKey(kind, source, version)), { force: true });
    } catch {
      // a read-only cache keeps what it has
    }
  }
}

/**
 * The reading of `text` from the source named `key`, stored under that name: a changed document, or a harness of
 * another version, replaces the entry rather than adding one beside it. The entry starts with what it was read from
 * (the reader's fingerprint and the text's hash), so that one of another text is told without deserialising its model
 * (Graph's metadata is megabytes of it).
 */
function cached<K>(use: boolean, cwd: string, key: string, text: string, read: () => Reading<K>): Reading<K> {
  if (!use) return read();
  const from = Buffer.from(`${sourceFingerprint(import.meta.url)}${digest(text)}`, 'latin1');
  const file = readingFile(cwd, key);
  try {
    if (existsSync(file)) {
      const stored = readFileSync(file);
      if (stored.subarray(0, from.length).equals(from))
        return { ok: true, model: deserialize(stored.subarray(from.length)) as K };
    }
  } catch {
    // an unreadable entry is read again below
  }
  const reading = read();
  if (!reading.ok) return reading;
  try {
    writeAtomically(file, Buffer.concat([from, serialize(reading.model)]));
  } catch {
    // a read-only or full disk only costs the next run its speed
  }
  return reading;
}

function located(reading: { readonly error: string; readonly location: { file: string; line: number } }): string {
  return `${reading.location.file}:${reading.location.line.toString()}: ${reading.error}`;
}

function reasonOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'a folder, not a file';
  return error instanceof Error ? error.message : String(error);
}
