/**
 * The DocSet: what a set of doc pages gives, built in this one place for every consumer (the Playwright suite, the
 * CLI's lint, schemas and mock commands, and the reviewer report): pages → schemas → cases → probes. The mock and
 * `schemas` replay nothing, so they take its first half, the DocModel (pages → schemas); `lint` and the report's lint
 * findings send nothing, so they stop before the probes (DocCases). All from the same place.
 *
 * It is data: pages, schemas, cases and probes hold no functions and no open resources, so the whole can be serialised
 * (v8) and cached by the docs' content hash, or built once in one process and handed to others. The schema registry
 * (Ajv, compiled on use) is the one live part: `withRegistry` makes it again from the data's schemas.
 */
import { loadDocs, loadFoundDocs, type DocSet as DocsRead, type FoundFiles } from '../docs/load-docs.ts';
import type { Page } from '../docs/model.ts';
import type { Finding } from '../core/finding.ts';
import { buildSchemas, type DocSchema } from '../schema/build-schemas.ts';
import { createRegistry, type SchemaRegistry } from '../schema/registry.ts';
import { buildCases } from '../cases/build-cases.ts';
import type { ConformanceCase } from '../cases/model.ts';
import { buildProbes } from '../cases/probes.ts';
import type { ProbeCase } from '../cases/probe-model.ts';
import { placeholderSource, type Placeholders } from '../cases/placeholders.ts';
import type { GraphVersion } from '../core/http.ts';
import { readMetadataTexts, type MetadataText } from '../metadata/load-metadata.ts';
import { rowStatements, type RowStatements } from '../metadata/row-statements.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** What a DocSet is built from: with the docs' content, all it depends on (a cache key needs nothing else). */
export interface DocSetInput {
  /** Doc files or folders, as the user named them: titles show a page's path relative to its root. */
  readonly roots: readonly string[];
  readonly placeholders: Placeholders;
  /**
   * Graph's service metadata for the probes, where a page is silent: CSDL files (`METADATA`, or what the target serves
   * at `/$metadata`, saved by the run). Each with the digest of its text, so that a cache key changes with it.
   */
  readonly metadata?: readonly MetadataFile[];
}

/** A CSDL document on disk, as a DocSet input. */
export interface MetadataFile {
  readonly file: string;
  readonly version?: GraphVersion;
  /** sha256 of its text. */
  readonly digest: string;
}

/** The first half of a DocSet: the pages and the schemas their tables give (all the mock and `schemas` need). */
export interface DocModelData {
  readonly roots: readonly string[];
  readonly pages: readonly Page[];
  /** Problems with the inputs themselves (a missing folder, an unreadable file); page defects are on each page. */
  readonly inputFindings: readonly Finding[];
  /** A JSON Schema per documented resource type and request body. */
  readonly schemas: readonly DocSchema[];
  /** Problems met building them (unknown type spellings, types without documentation). */
  readonly schemaFindings: readonly Finding[];
}

/** Pages → schemas → cases: what `lint` and the report's lint findings need (probes are for the run alone). */
export interface DocCasesData extends DocModelData {
  readonly input: DocSetInput;
  readonly cases: readonly ConformanceCase[];
  /**
   * Pages (and examples) that have no tests, each with why: not read whole (over a limit, reaching outside the docs
   * folder, including itself), or the harness failed building them (`page-failed`). The run fails each on its own.
   */
  readonly untestable: readonly Finding[];
}

export interface DocSetData extends DocCasesData {
  readonly probes: readonly ProbeCase[];
  /** What the input's metadata states about the documented rows: the probes and their replay ask it. */
  readonly metadataStatements?: RowStatements;
}

export interface DocModel extends DocModelData {
  /** Validators for `schemas`, compiled on first use. Not data: `withRegistry` rebuilds it. */
  readonly registry: SchemaRegistry;
}

export interface DocCases extends DocCasesData, DocModel {}

export interface DocSet extends DocSetData, DocModel {}

export interface BuildOptions {
  /** Where relative roots are read from (default: the working folder). */
  readonly cwd?: string;
  /** Use the parsed-page cache (default true). */
  readonly cache?: boolean;
  /** Called after each page is read, for progress displays. */
  readonly onPage?: (done: number, total: number) => void;
  /** Folders besides the roots that pages may include files from (`INCLUDE_ROOTS`, `--include-root`). */
  readonly includeRoots?: readonly string[];
  /** The doc files below the roots, when they were found already (the store's key covers them): not found again. */
  readonly found?: FoundFiles;
}

/** Pages → schemas: for consumers that replay nothing (the mock, `schemas`). `buildDocSet` goes on from here. */
export function buildDocModel(roots: readonly string[], options: BuildOptions = {}): DocModel {
  const cwd = options.cwd ?? process.cwd();
  const read = {
    ...(options.cache === undefined ? {} : { cache: options.cache }),
    ...(options.onPage === undefined ? {} : { onPage: options.onPage }),
    ...(options.includeRoots === undefined ? {} : { includeRoots: options.includeRoots }),
  };
  const docs = options.found ? loadFoundDocs(options.found, roots, cwd, read) : loadDocs(roots, cwd, read);
  return docModelOf(roots, docs);
}

/** Pages → schemas, from pages already read (`loadDocs`, or its shares read in a pool and joined). */
export function docModelOf(roots: readonly string[], docs: DocsRead): DocModel {
  const built = buildSchemas(docs.pages);
  return {
    roots,
    pages: docs.pages,
    inputFindings: docs.findings,
    schemas: built.schemas,
    schemaFindings: built.findings,
    registry: createRegistry(built.schemas, built.findings),
  };
}

/** Pages → schemas → cases: for `lint` and the reviewer report's lint findings, which send nothing. */
export function buildDocCases(input: DocSetInput, options: BuildOptions = {}): DocCases {
  return docCasesOf(input, buildDocModel(input.roots, options));
}

/** Pages → schemas → cases, from the DocModel of the input's roots. */
export function docCasesOf(input: DocSetInput, model: DocModel): DocCases {
  const untestable: Finding[] = [];
  const cases = buildCases(model.pages, {
    roots: input.roots,
    params: placeholderSource(input.placeholders, model.pages),
    failures: untestable,
  });
  return { ...model, input, cases, untestable };
}

/** Pages → schemas → cases → probes: what the run is handed. */
export function buildDocSet(input: DocSetInput, options: BuildOptions = {}): DocSet {
  const docCases = buildDocCases(input, options);
  const untestable = [...docCases.untestable];
  const metadataStatements = statementsOf(input.metadata ?? [], docCases.pages, options);
  const probes = buildProbes(docCases.cases, docCases.registry, {
    failures: untestable,
    ...(metadataStatements === undefined ? {} : { metadata: metadataStatements }),
  });
  return { ...docCases, probes, untestable, ...(metadataStatements === undefined ? {} : { metadataStatements }) };
}

/**
 * The metadata's statements about the pages' rows. The files were checked when the run chose them (a document that
 * cannot be read was a warning then); one that fails here is left out the same way.
 */
function statementsOf(
  files: readonly MetadataFile[],
  pages: readonly Page[],
  options: BuildOptions,
): RowStatements | undefined {
  const cwd = options.cwd ?? process.cwd();
  const texts: MetadataText[] = [];
  for (const { file, version } of files) {
    try {
      texts.push(metadataFileText(file, version, readFileSync(resolve(cwd, file), 'utf8')));
    } catch {
      // gone since the run chose it: the pages alone decide
    }
  }
  if (texts.length === 0) return undefined;
  const { metadata } = readMetadataTexts(texts, cwd, options.cache === undefined ? {} : { cache: options.cache });
  return metadata.empty ? undefined : rowStatements(pages, metadata);
}

/**
 * A run's metadata file as it is read: named by its path, the name its reading is cached by. The runner checks it
 * (`chooseRunMetadata`) and every DocSet built from it reads it by the same name, so that one cached reading serves
 * them all, run after run (a name with the target's port in it would be a new reading, and a new cache entry, a run).
 */
export function metadataFileText(file: string, version: GraphVersion | undefined, text: string): MetadataText {
  return { option: { raw: file, location: file, ...(version ? { version } : {}) }, text };
}

/** A DocSet (or DocModel) again from its data (read from a cache, or handed over by another process). */
export function withRegistry<D extends DocModelData>(data: D): D & { readonly registry: SchemaRegistry } {
  return { ...data, registry: createRegistry(data.schemas, data.schemaFindings) };
}
