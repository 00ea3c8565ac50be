/**
 * What a worker needs of the run's DocSet: the schemas (as a registry), the metadata's statements, the documented
 * reads, and the case or probe of each test it runs, by title.
 *
 * Playwright starts a new worker after every failing test, and each worker would otherwise read the whole DocSet
 * again: over the whole reference, 300 MB and seconds a restart, repaid hundreds of times a run. So the runner stores
 * the view beside the DocSet in parts: the shared part (schemas, statements, reads, and where each page's chunk lies),
 * and one chunk per page (its cases and probes, which share the page's objects). A worker reads the shared part once
 * and each page's chunk when its first test of that page runs. A test names its page by number (`pageNumbers`: the
 * suite's index carries it), so no worker holds a map of every title.
 */
import type { ConformanceCase } from '../cases/model.ts';
import type { ProbeCase } from '../cases/probe-model.ts';
import type { DocSchema } from '../schema/build-schemas.ts';
import type { JsonSchema } from '../schema/json-schema.ts';
import { createRegistry, type SchemaRegistry } from '../schema/registry.ts';
import type { Finding } from '../core/finding.ts';
import type { RowStatements } from '../metadata/row-statements.ts';
import type { DocSet } from '../docset/docset.ts';
import {
  readCompanion,
  readCompanionChunk,
  writeChunkedCompanion,
  writeCompanion,
  type ChunkRange,
  type StoredEntry,
} from '../docset/docset-store.ts';
import { readsFrom, readTemplates, type DocumentedReads, type ReadTemplates } from './read-back.ts';

export interface RunView {
  readonly registry: SchemaRegistry;
  /** What the run's service metadata states about the documented rows, where a page is silent. */
  readonly metadataStatements?: RowStatements;
  readonly documentedReads: DocumentedReads;
  /** The case a collected test runs, on the page of that number; undefined when the page has none of that title. */
  caseOf(title: string, page: number): ConformanceCase | undefined;
  /** The probe a collected test runs, on the page of that number; undefined when the page has none of that title. */
  probeOf(title: string, page: number): ProbeCase | undefined;
}

/** Each page with tests → its number in the view: the pages of the DocSet's cases, then of its probes, in order. */
export function pageNumbers(docSet: Pick<DocSet, 'cases' | 'probes'>): ReadonlyMap<string, number> {
  const numbers = new Map<string, number>();
  for (const { page } of [...docSet.cases, ...docSet.probes])
    if (!numbers.has(page.file)) numbers.set(page.file, numbers.size);
  return numbers;
}

/** The view of a DocSet in hand (built by this process): every test is at hand, whatever its page's number. */
export function viewOf(docSet: DocSet): RunView {
  const cases = new Map(docSet.cases.map((c) => [c.title, c]));
  const probes = new Map(docSet.probes.map((p) => [p.title, p]));
  const reads = readsFrom(readTemplates(docSet.pages));
  return {
    registry: docSet.registry,
    ...(docSet.metadataStatements === undefined ? {} : { metadataStatements: docSet.metadataStatements }),
    documentedReads: reads,
    caseOf: (title) => cases.get(title),
    probeOf: (title) => probes.get(title),
  };
}

/** The shared part as stored: the companion's shape is part of src/, so the harness version keys it with the DocSet. */
interface SharedPart {
  /** Each schema without its body: enough to index them (by id, type name, descendants). */
  readonly schemas: readonly SchemaHead[];
  /** Where each schema's body lies, in the order of `schemas`: a worker reads the bodies of the types its tests use. */
  readonly schemaBodies: readonly ChunkRange[];
  readonly schemaFindings: readonly Finding[];
  readonly metadataStatements?: RowStatements;
  readonly reads: ReadTemplates;
  /** Where each page's chunk lies, by page number. */
  readonly chunks: readonly ChunkRange[];
}

/** One page's tests. */
interface PageChunk {
  readonly cases: readonly ConformanceCase[];
  readonly probes: readonly ProbeCase[];
}

type SchemaHead = Omit<DocSchema, 'schema'>;

const SHARED = 'run-view';
const PAGES = 'run-view-pages';
const SCHEMAS = 'run-view-schemas';

/**
 * Stores the view of `docSet` beside its entry: the chunks first, the shared part (which says where they lie) last,
 * so that a shared part found means its chunks are there. False when it could not be written.
 */
export function writeView(entry: StoredEntry, docSet: DocSet): boolean {
  const numbers = pageNumbers(docSet);
  const chunks = Array.from({ length: numbers.size }, () => ({
    cases: [] as ConformanceCase[],
    probes: [] as ProbeCase[],
  }));
  const chunkOf = (file: string): (typeof chunks)[number] => chunks[numbers.get(file) ?? -1] as (typeof chunks)[number];
  for (const c of docSet.cases) chunkOf(c.page.file).cases.push(c);
  for (const p of docSet.probes) chunkOf(p.page.file).probes.push(p);
  const ranges = writeChunkedCompanion(entry, PAGES, chunks);
  const bodies = writeChunkedCompanion(
    entry,
    SCHEMAS,
    docSet.schemas.map((s) => s.schema),
  );
  if (ranges === undefined || bodies === undefined) return false;
  const shared: SharedPart = {
    schemas: docSet.schemas.map(headOf),
    schemaBodies: bodies,
    schemaFindings: docSet.schemaFindings,
    ...(docSet.metadataStatements === undefined ? {} : { metadataStatements: docSet.metadataStatements }),
    reads: readTemplates(docSet.pages),
    chunks: ranges,
  };
  return writeCompanion(entry, SHARED, shared);
}

/** The view stored in `entry`; undefined when none is (then the caller builds the DocSet itself). */
export function readView(entry: StoredEntry): RunView | undefined {
  const shared = readCompanion(entry, SHARED) as SharedPart | undefined;
  if (shared === undefined) return undefined;
  const read = new Map<number, { cases: Map<string, ConformanceCase>; probes: Map<string, ProbeCase> }>();
  const page = (index: number): ReturnType<typeof read.get> => {
    const known = read.get(index);
    if (known) return known;
    const range = shared.chunks[index];
    const chunk = range === undefined ? undefined : (readCompanionChunk(entry, PAGES, range) as PageChunk | undefined);
    if (chunk === undefined) return undefined;
    const fresh = {
      cases: new Map(chunk.cases.map((c) => [c.title, c])),
      probes: new Map(chunk.probes.map((p) => [p.title, p])),
    };
    read.set(index, fresh);
    return fresh;
  };
  return {
    registry: createRegistry(
      shared.schemas.map((head, i) =>
        withBodyRead(head, () =>
          readCompanionChunk(entry, SCHEMAS, shared.schemaBodies[i] ?? { offset: 0, length: 0 }),
        ),
      ),
      shared.schemaFindings,
    ),
    ...(shared.metadataStatements === undefined ? {} : { metadataStatements: shared.metadataStatements }),
    documentedReads: readsFrom(shared.reads),
    caseOf: (title, number) => page(number)?.cases.get(title),
    probeOf: (title, number) => page(number)?.probes.get(title),
  };
}

function headOf(schema: DocSchema): SchemaHead {
  const { kind, id, typeName, version, source, shape } = schema;
  return {
    kind,
    id,
    source,
    ...(typeName === undefined ? {} : { typeName }),
    ...(version === undefined ? {} : { version }),
    ...(shape === undefined ? {} : { shape }),
  };
}

/**
 * The schema with its body read when first asked for: the registry indexes every schema by its head, and hands Ajv a
 * body when a check first needs that type (a worker of a whole-reference run, a few hundred of ~6,700: 28 MB unread).
 */
function withBodyRead(head: SchemaHead, read: () => unknown): DocSchema {
  let body: JsonSchema | undefined;
  return Object.defineProperty({ ...head }, 'schema', {
    enumerable: true,
    get: (): JsonSchema => {
      body ??= read() as JsonSchema | undefined;
      // A store changed under a run is the harness's failure, never a schema that accepts anything.
      if (body === undefined) throw new Error(`the run view holds no schema ${head.id}: its store was changed`);
      return body;
    },
  }) as DocSchema;
}
