/**
 * Built DocSets on disk. A run builds its DocSet once, in Playwright's runner, and its workers and reporter load it;
 * a later run, lint or mock over the same docs with the same harness builds nothing at all.
 *
 * An entry is keyed by the harness version (the package version and a hash of src/), what it was built from (its kind,
 * the roots, the placeholders) and the content of the docs: every page under the roots, hashed before anything is
 * built (pages whose stats are as they were when last hashed are not read again: see `KeyRecord`), and every file the
 * pages include, recorded in the entry and checked when it is read (an include may live outside the roots). A stale
 * entry therefore cannot be served. Entries of one kind and roots share a slot, which keeps the two used last (a run
 * against the mock and one against a tenant, in turn, both find theirs): the cache does not grow with every edit of
 * the docs, every harness version, or every set of placeholders (a tenant's setup may create new ids each night).
 *
 * What an entry holds is written by its maker (`writeEntry`): a DocModel's or DocCases' data whole (`writeEntryData`),
 * a run's DocSet as the parts its processes read (`run-view.ts`, `suite.ts`), never both. Stored with `v8.serialize`,
 * which keeps shared objects shared (a case and its page). An entry is written whole or not at all (a folder renamed
 * into place), and any failure to read or write one falls back to building: the store is an optimisation only. A
 * consumer may keep more beside an entry later: companions (lint's findings of unchanged docs).
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { harnessVersion } from '../core/harness-version.ts';
import { cacheDir, lastUsedFirst, markUsedLast } from '../core/cache.ts';
import { closeQuietly } from '../core/files.ts';
import { findDocFiles, type FoundFiles } from '../docs/load-docs.ts';
import type { Page } from '../docs/model.ts';

/** A stored entry: a folder holding the data, its manifest and its companions. */
export interface StoredEntry {
  readonly dir: string;
}

export interface Store {
  /** Where entries live: the shared cache folder, or a run's own folder when the cache is off. */
  readonly dir: string;
  /** Where relative roots and include paths are read from. */
  readonly cwd: string;
}

export type EntryKind = 'doc-model' | 'doc-cases' | 'doc-set';

/** What an entry is built from, besides the docs' content: kept as data, so that it can be hashed. */
export interface EntryInput {
  readonly kind: EntryKind;
  readonly roots: readonly string[];
  /** Folders besides the roots that pages may include files from (`INCLUDE_ROOTS`). */
  readonly includeRoots?: readonly string[];
  /** Anything else the build depends on (the placeholders), as JSON-serialisable data. */
  readonly with?: unknown;
}

interface Manifest {
  readonly key: string;
  /** Every file the pages include (or tried to), with a hash of its text then (`''`: it was missing). */
  readonly includes: readonly (readonly [path: string, hash: string])[];
}

/** The shared cache's store for a project folder. */
export function sharedStore(cwd: string): Store {
  return { dir: join(cacheDir(cwd), 'docsets'), cwd };
}

/** Where the entry for an input lives: its key hashes every page under the roots, so it is computed once and passed on. */
export interface EntryPlace {
  readonly store: Store;
  readonly dir: string;
  readonly key: string;
  /**
   * The doc files the key covers, as `findDocFiles` found them: a build for this place reads these (the tree is walked
   * once, and the key and the build agree on its files), and how many they are tells how large the build is.
   */
  readonly found: FoundFiles;
}

export function placeOf(store: Store, input: EntryInput): EntryPlace {
  const slot = `${input.kind}-${slotOf(store, input)}`;
  const docs = docsKeyOf(store, slot, input);
  const key = hash([docs.key, input.with ?? null]).slice(0, 32);
  return { store, dir: join(store.dir, slot, key), key, found: docs.found };
}

/** How many entries a slot keeps: the one written, and the one used last before it. */
const KEPT_PER_SLOT = 2;

/** The entry at this place, when the store holds one built from the docs as they are now. */
export function findEntry(place: EntryPlace): StoredEntry | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(place.dir, 'manifest.json'), 'utf8')) as Manifest;
    if (manifest.key !== place.key) return undefined;
    for (const [path, hash] of manifest.includes)
      if (fileHash(resolve(place.store.cwd, path)) !== hash) return undefined;
    markUsedLast(place.dir, entriesBeside(place.dir)); // the slot keeps the entries used last
    return { dir: place.dir };
  } catch {
    return undefined;
  }
}

/**
 * Writes an entry built from `pages` (replacing older ones of the same slot): `fill` writes what it holds into its
 * folder, before the folder is put in place. Undefined when it could not be written (or `fill` could not).
 */
export function writeEntry(
  place: EntryPlace,
  pages: readonly Page[],
  fill: (entry: StoredEntry) => boolean,
): StoredEntry | undefined {
  const { dir, store } = place;
  const temporary = `${dir}.${String(process.pid)}.tmp`;
  try {
    rmSync(temporary, { recursive: true, force: true });
    mkdirSync(temporary, { recursive: true });
    const includes = [...new Set(pages.flatMap(includedPaths))]
      .sort()
      .map((path) => [path, fileHash(resolve(store.cwd, path))] as const);
    if (!fill({ dir: temporary })) throw new Error('the entry could not be filled');
    writeFileSync(join(temporary, 'manifest.json'), JSON.stringify({ key: place.key, includes } satisfies Manifest));
    rmSync(dir, { recursive: true, force: true });
    renameSync(temporary, dir);
    // The slot keeps the entries used last; older ones are for docs, a harness or placeholders that are gone.
    const others = entriesBeside(dir);
    markUsedLast(dir, others);
    for (const path of lastUsedFirst(others).slice(KEPT_PER_SLOT - 1)) rmSync(path, { recursive: true, force: true });
    return { dir };
  } catch {
    removeQuietly(temporary);
    return undefined; // a read-only or full disk only costs the next process its speed
  }
}

/** The companion holding an entry's data whole. */
const DATA = 'data';

/** An entry's data whole (a DocModel, DocCases), as `writeEntry`'s `fill`: false when it could not be written. */
export function writeEntryData(entry: StoredEntry, data: unknown): boolean {
  return writeCompanion(entry, DATA, data);
}

/** The data an entry holds whole (`writeEntryData`), as it was written (the caller knows its kind). */
export function readEntry(entry: StoredEntry): unknown {
  return deserialize(readFileSync(join(entry.dir, `${DATA}.bin`)));
}

/** What a consumer derived from the entry and stored beside it; undefined when it has not been stored. */
export function readCompanion(entry: StoredEntry, name: string): unknown {
  try {
    return deserialize(readFileSync(join(entry.dir, `${name}.bin`)));
  } catch {
    return undefined;
  }
}

/** False when it could not be written (a read-only or full disk: the next process derives it again). */
export function writeCompanion(entry: StoredEntry, name: string, value: unknown): boolean {
  const file = join(entry.dir, `${name}.bin`);
  const temporary = `${file}.${String(process.pid)}.tmp`;
  try {
    writeFileSync(temporary, serialize(value));
    renameSync(temporary, file);
    return true;
  } catch {
    removeQuietly(temporary);
    return false;
  }
}

/** Where one value of a chunked companion lies in its file. */
export interface ChunkRange {
  readonly offset: number;
  readonly length: number;
}

/**
 * A companion of many values, each serialised on its own, so that a reader takes one without the others (a worker
 * reads the pages its tests come from, not the whole reference). Written as the values are serialised, a few
 * megabytes at a time: the whole reference's are hundreds of megabytes, which a file made whole in memory first held
 * twice. Undefined when it could not be written.
 */
export function writeChunkedCompanion(
  entry: StoredEntry,
  name: string,
  values: readonly unknown[],
): readonly ChunkRange[] | undefined {
  const file = join(entry.dir, `${name}.bin`);
  const temporary = `${file}.${String(process.pid)}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'w');
    const ranges = writeSerialised(fd, values);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, file);
    return ranges;
  } catch {
    if (fd !== undefined) closeQuietly(fd);
    removeQuietly(temporary);
    return undefined;
  }
}

/** Each value serialised and written to `fd` after the one before, gathered `WRITE_BYTES` at a time; where each lies. */
function writeSerialised(fd: number, values: readonly unknown[]): ChunkRange[] {
  const ranges: ChunkRange[] = [];
  let offset = 0;
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = (): void => {
    const bytes = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    pending.length = 0;
    pendingBytes = 0;
  };
  for (const value of values) {
    const buffer = serialize(value);
    ranges.push({ offset, length: buffer.length });
    offset += buffer.length;
    pending.push(buffer);
    pendingBytes += buffer.length;
    if (pendingBytes >= WRITE_BYTES) flush();
  }
  if (pendingBytes > 0) flush();
  return ranges;
}

/** How much of a chunked companion is gathered before it is written: few writes, and little held. */
const WRITE_BYTES = 4 * 1024 * 1024;

/** One value of a chunked companion; undefined when the file is gone or does not hold it. */
export function readCompanionChunk(entry: StoredEntry, name: string, range: ChunkRange): unknown {
  let fd: number | undefined;
  try {
    fd = openSync(join(entry.dir, `${name}.bin`), 'r');
    const buffer = Buffer.alloc(range.length);
    if (readSync(fd, buffer, 0, range.length, range.offset) !== range.length) return undefined;
    return deserialize(buffer);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // nothing was there to leave behind
  }
}

/** The other entries of an entry's slot. */
function entriesBeside(dir: string): string[] {
  const slot = join(dir, '..');
  return readdirSync(slot)
    .filter((name) => join(slot, name) !== dir && !name.endsWith('.tmp') && name !== KEY_RECORD)
    .map((name) => join(slot, name));
}

function slotOf(store: Store, input: EntryInput): string {
  const roots = input.roots.map((root) => resolve(store.cwd, root));
  const includeRoots = (input.includeRoots ?? []).map((root) => resolve(store.cwd, root));
  return hash([input.kind, roots, includeRoots]).slice(0, 16);
}

/** The harness, the slot and every page's path and text (an entry's key adds what else it was built from). */
function docsKeyOf(store: Store, slot: string, input: EntryInput): { key: string; found: FoundFiles } {
  // The files the docs reader reads, found as it finds them (confined, symlinks resolved): a new or removed page, or
  // a root that appears, is a new key.
  const found = findDocFiles(input.roots, store.cwd, input.includeRoots ?? []);
  const { files } = found;
  const stats = files.map(statLine);
  const recordFile = join(store.dir, slot, KEY_RECORD);
  const recorded = readKeyRecord(recordFile);
  if (
    recorded?.harness === harnessVersion() &&
    sameItems(recorded.files, files) &&
    sameItems(recorded.stats, stats) &&
    !stats.includes(UNSTATABLE)
  )
    return { key: recorded.key, found };
  const hashedAt = Date.now();
  const digest = createHash('sha256').update(harnessVersion()).update('\0').update(slot).update('\0');
  for (const file of files) digest.update(file).update('\0').update(readOrEmpty(file)).update('\0');
  const key = digest.digest('hex').slice(0, 32);
  if (stats.every((line) => line !== UNSTATABLE && settled(line, hashedAt)))
    writeKeyRecord(recordFile, { harness: harnessVersion(), files, stats, key });
  return { key, found };
}

/**
 * What a key was hashed from, kept in its slot: each page's path and stat. Docs whose pages all stat as recorded have
 * the recorded key without being read again, as git's index tells unchanged files (every process of a run over the
 * whole reference read its 59 MB to hash them). The stat includes the change time, which no one can set back: a
 * page rewritten with its old size and modification time still stats new. A page changed within the clock's tick of
 * being hashed could stat the same, so no record is kept while a page is that young.
 */
interface KeyRecord {
  readonly harness: string;
  readonly files: readonly string[];
  readonly stats: readonly string[];
  readonly key: string;
}

const KEY_RECORD = 'key-record.bin';
const UNSTATABLE = '-';
/** How long after its last change a page's stat is trusted to tell a later change (many ticks of any clock). */
const SETTLED_MS = 2000;

function statLine(file: string): string {
  try {
    const s = statSync(file);
    return `${String(s.size)} ${String(s.mtimeMs)} ${String(s.ctimeMs)} ${String(s.ino)} ${String(s.dev)}`;
  } catch {
    return UNSTATABLE;
  }
}

function settled(line: string, hashedAt: number): boolean {
  const [, mtime, ctime] = line.split(' ').map(Number);
  return mtime !== undefined && ctime !== undefined && Math.max(mtime, ctime) < hashedAt - SETTLED_MS;
}

function sameItems(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function readKeyRecord(file: string): KeyRecord | undefined {
  try {
    const record = deserialize(readFileSync(file)) as Partial<KeyRecord> | null;
    return typeof record?.key === 'string' && Array.isArray(record.files) && Array.isArray(record.stats)
      ? (record as KeyRecord)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (renamed into place); a store that cannot be written only costs the next key a read. */
function writeKeyRecord(file: string, record: KeyRecord): void {
  const temporary = `${file}.${String(process.pid)}.tmp`;
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(temporary, serialize(record));
    renameSync(temporary, file);
  } catch {
    removeQuietly(temporary);
  }
}

function readOrEmpty(file: string): Buffer | string {
  try {
    return readFileSync(file);
  } catch {
    return '';
  }
}

/** The files a page depends on besides itself: what it includes, and includes that were missing (they may appear). */
function includedPaths(page: Page): string[] {
  const missing = page.findings
    .filter((f) => f.rule === 'missing-include')
    .map((f) => /\(looked for (.+)\)$/.exec(f.message)?.[1]);
  return [...new Set([...page.includes, ...missing.filter((p): p is string => p !== undefined)])];
}

function fileHash(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return '';
  }
}

function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
