/**
 * DocModels, DocCases and DocSets as their consumers get them: from the store (`docset-store.ts`) when it holds one
 * built from the same docs by the same harness, else built here and stored for the next process. With the cache off
 * (`GRAPH_CONFORMANCE_CACHE=0`) nothing is read from or written to the shared cache; a run still hands its DocSet from
 * the runner to its workers through a store in its own folder. A DocModel or DocCases is stored whole; a DocSet as
 * its run keeps it (`docSetEntry`), which is never the whole DocSet again: every process of a run reads a part.
 */
import {
  buildDocCases,
  buildDocModel,
  buildDocSet,
  docCasesOf,
  docModelOf,
  withRegistry,
  type BuildOptions,
  type DocCases,
  type DocCasesData,
  type DocModel,
  type DocModelData,
  type DocSet,
  type DocSetInput,
} from './docset.ts';
import {
  findEntry,
  placeOf,
  readEntry,
  sharedStore,
  writeEntry,
  writeEntryData,
  type EntryInput,
  type EntryPlace,
  type Store,
  type StoredEntry,
} from './docset-store.ts';
import type { DocSet as DocsRead } from '../docs/load-docs.ts';

export interface LoadOptions extends BuildOptions {
  /** Where entries are looked for and kept: default the shared cache, unless `cache` is false; `null`: nowhere. */
  readonly store?: Store | null;
}

/** Pages → schemas, for the mock and `schemas`. */
export function loadDocModel(roots: readonly string[], options: LoadOptions = {}): DocModel {
  return withRegistry(
    stored<DocModelData>(entryInput('doc-model', { roots }, options), options, (place) =>
      withoutRegistry(buildDocModel(roots, foundAt(place, options))),
    ).data,
  );
}

/** Pages → schemas → cases, for `lint` and the reviewer report. */
export function loadDocCases(input: DocSetInput, options: LoadOptions = {}): DocCases {
  return loadStoredDocCases(input, options).docCases;
}

/** `loadDocCases`, with the entry it is stored as (when it is): what a consumer derives from it can be kept beside it. */
export function loadStoredDocCases(
  input: DocSetInput,
  options: LoadOptions = {},
  place = docCasesPlace(input, options),
): { docCases: DocCases; entry?: StoredEntry } {
  const { data, entry } = storedAt<DocCasesData>(place, (at) =>
    withoutRegistry(buildDocCases(input, foundAt(at, options))),
  );
  return { docCases: withRegistry(data), ...(entry ? { entry } : {}) };
}

/**
 * `loadStoredDocCases`, with the docs read by `read` when they must be built (lint reads a large tree in a pool of
 * threads); `read` is not called when the store holds the DocCases. When they are built, `onModel` is handed the
 * DocModel as soon as its schemas are, before the cases are built: lint's threads check examples meanwhile.
 */
export async function loadStoredDocCasesReadBy(
  input: DocSetInput,
  options: LoadOptions,
  read: () => Promise<DocsRead>,
  place = docCasesPlace(input, options),
  onModel?: (model: DocModel) => void,
): Promise<{ docCases: DocCases; entry?: StoredEntry }> {
  const found = place ? readStored(place) : undefined;
  if (found) return { docCases: withRegistry(found.data as DocCasesData), entry: found.entry };
  const model = docModelOf(input.roots, await read());
  onModel?.(model);
  const docCases = docCasesOf(input, model);
  const entry = place ? writeEntry(place, docCases.pages, keepWhole(withoutRegistry(docCases))) : undefined;
  return { docCases, ...(entry ? { entry } : {}) };
}

/**
 * Where the DocCases for this input are (or would be) stored; undefined with no store. Its key hashes every page, so
 * it is computed once: `findEntry` tells, without reading them, whether they are stored for the docs as they are now.
 */
export function docCasesPlace(input: DocSetInput, options: LoadOptions = {}): EntryPlace | undefined {
  const store = storeOf(options);
  return store === null ? undefined : placeOf(store, entryInput('doc-cases', input, options));
}

/**
 * Where the DocSet for this input is stored, found without reading it, or built and stored (then also given, built):
 * `keep` writes into the entry what the processes that find it read (false: it could not). With no store, or a store
 * that cannot be written, it is only built. `apart`, when nothing is stored yet, may have another process build and
 * store it (true when it says it did): this one then finds it stored, and never holds the whole DocSet.
 */
export function docSetEntry(
  input: DocSetInput,
  options: LoadOptions,
  keep: (entry: StoredEntry, docSet: DocSet) => boolean,
  apart?: (place: EntryPlace) => boolean,
): DocSetFound {
  const store = storeOf(options);
  const place = store === null ? undefined : placeOf(store, entryInput('doc-set', input, options));
  const found = place ? (findEntry(place) ?? (apart?.(place) === true ? findEntry(place) : undefined)) : undefined;
  if (found) return { stored: found };
  const built = buildDocSet(input, foundAt(place, options));
  const stored = place ? storeDocSet(place, built, keep) : undefined;
  return stored ? { stored, built } : { built };
}

/**
 * Builds the DocSet for this input and stores it at `place` (found by another process: `docSetEntry`'s `apart`), with
 * what `keep` writes into the entry; undefined when it could not be stored.
 */
export function buildDocSetAt(
  place: EntryPlace,
  input: DocSetInput,
  options: BuildOptions,
  keep: (entry: StoredEntry, docSet: DocSet) => boolean,
): StoredEntry | undefined {
  return storeDocSet(place, buildDocSet(input, foundAt(place, options)), keep);
}

/** The build's options with the doc files the place's key was computed from: the build does not walk the tree again. */
function foundAt<T extends BuildOptions>(place: EntryPlace | undefined, options: T): T {
  return place === undefined ? options : { ...options, found: place.found };
}

function storeDocSet(
  place: EntryPlace,
  built: DocSet,
  keep: (entry: StoredEntry, docSet: DocSet) => boolean,
): StoredEntry | undefined {
  return writeEntry(place, built.pages, (entry) => keep(entry, built));
}

/** A DocSet stored (and in hand too, when it was just built), or only built. */
export type DocSetFound =
  { readonly stored: StoredEntry; readonly built?: DocSet } | { readonly stored?: undefined; readonly built: DocSet };

function entryInput(
  kind: EntryInput['kind'],
  input: Pick<DocSetInput, 'roots'> & Partial<DocSetInput>,
  options: LoadOptions,
): EntryInput {
  return {
    kind,
    roots: input.roots,
    ...(options.includeRoots === undefined ? {} : { includeRoots: options.includeRoots }),
    ...(input.metadata !== undefined && input.metadata.length > 0
      ? { with: { placeholders: input.placeholders ?? null, metadata: input.metadata } }
      : input.placeholders === undefined
        ? {}
        : { with: input.placeholders }),
  };
}

function stored<T extends DocModelData>(
  input: EntryInput,
  options: LoadOptions,
  build: (place: EntryPlace | undefined) => T,
): { data: T; entry?: StoredEntry } {
  const store = storeOf(options);
  return storedAt(store === null ? undefined : placeOf(store, input), build);
}

/** `stored`, at a place already computed (its key hashes every page); undefined: no store. `build` is given it. */
function storedAt<T extends DocModelData>(
  place: EntryPlace | undefined,
  build: (place: EntryPlace | undefined) => T,
): { data: T; entry?: StoredEntry } {
  if (place === undefined) return { data: build(undefined) };
  const found = readStored(place);
  if (found) return { data: found.data as T, entry: found.entry };
  const data = build(place);
  const entry = writeEntry(place, data.pages, keepWhole(data));
  return { data, ...(entry ? { entry } : {}) };
}

/** An entry's `fill` that keeps its data whole. */
function keepWhole(data: DocModelData): (entry: StoredEntry) => boolean {
  return (entry) => writeEntryData(entry, data);
}

/** The data stored at this place, when there is an entry built from the docs as they are now and it can be read. */
function readStored(place: EntryPlace): { data: unknown; entry: StoredEntry } | undefined {
  const found = findEntry(place);
  if (!found) return undefined;
  try {
    return { data: readEntry(found), entry: found };
  } catch {
    return undefined; // unreadable (a disk error, a Node version that serialises differently): built again
  }
}

function storeOf(options: LoadOptions): Store | null {
  if (options.store !== undefined) return options.store;
  return options.cache === false ? null : sharedStore(options.cwd ?? process.cwd());
}

/** The data of a DocModel or DocSet: what is stored, without the (live) registry. */
function withoutRegistry<T extends DocModel>(built: T): Omit<T, 'registry'> {
  return Object.fromEntries(Object.entries(built).filter(([key]) => key !== 'registry')) as Omit<T, 'registry'>;
}
