/**
 * The suite a run checks: settings, the DocSet (docs, schemas, cases, probes) and the tenant file, built once per
 * process and synchronously, because Playwright collects tests by evaluating the spec file (in the runner and again
 * in every worker).
 *
 * The DocSet is built once per run: by the runner, collecting the tests (for a large tree, by a child process it waits
 * for, so that it never holds the whole DocSet: `docset-child.ts`), which stores it (the shared cache, or the run's own
 * folder with the cache off) and names it in the run's folder. It is stored as what the run's processes read of it,
 * never whole: one `SuitePart` per spec part (each test's title, tags, annotations and page number: all that
 * collecting needs; see `spec-parts.ts`), the worker's view of it (`run-view.ts`: schemas, metadata statements,
 * documented reads, and each page's cases and probes apart), and the collections the setup project lists. The runner
 * collects every part and a worker the parts of the tests it is sent; a worker reads the view's shared part when its
 * first test runs and a page's cases when its first test of that page runs, and builds only when its input differs
 * (values a setup request captured). Listing the tests of the whole reference, or restarting a worker after a failed
 * test, never reads the whole DocSet.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Finding } from '../core/finding.ts';
import type { DocSet, DocSetInput } from '../docset/docset.ts';
import { buildDocSet } from '../docset/docset.ts';
import { buildDocSetAt, docSetEntry, type DocSetFound } from '../docset/load-docset.ts';
import { readCompanion, sharedStore, writeCompanion, type Store, type StoredEntry } from '../docset/docset-store.ts';
import { storedByChild, type ChildBuild } from './docset-child.ts';
import { pageNumbers, readView, viewOf, writeView, type RunView } from './run-view.ts';
import { inputTitle, partOfTitle, SPEC_PARTS } from './spec-parts.ts';
import type { Placeholders } from '../cases/placeholders.ts';
import type { ConformanceCase } from '../cases/model.ts';
import type { ProbeCase } from '../cases/probe-model.ts';
import { PROBE_TAG } from '../cases/probes.ts';
import { settings as readSettings, type Settings } from '../settings/settings.ts';
import { readTenantFile, type SetupRequest, type TenantFile, type TenantFileError } from './tenant-file.ts';
import { readPrivateJson, runStateDir, writePrivateJson } from './run-state.ts';
import { docAnnotations } from './generated-test.ts';
import { listingsFor, readDiscovered, type Listing } from './discovery.ts';
import { readRunMetadata } from './run-metadata.ts';
import type { DiscoveredValue } from '../cases/placeholders.ts';

export interface Suite {
  readonly settings: Settings;
  /** What the worker's tests need of the DocSet, read as they need it. */
  readonly view: RunView;
  /** What is wrong with the tenant file, when something is: no test can be trusted to fill its placeholders. */
  readonly tenantFileError?: TenantFileError;
  /** The tenant file's setup requests (run by the setup project). */
  readonly setup: readonly SetupRequest[];
  /** Values of entities the run's setup created: writes to those need no undo, and deletes of them are allowed. */
  readonly createdByRun: readonly string[];
}

/** What the setup project leaves for the workers in the run's folder. */
export interface CapturedValues {
  readonly captured: Readonly<Record<string, string>>;
  readonly createdByRun: readonly string[];
  /** Values the setup project found by listing the collections placeholders belong to (against a target). */
  readonly discovered?: readonly DiscoveredValue[];
}

/** Captured values, once the setup project has run (in the runner, collecting tests, there are none yet). */
export function readCaptured(runDir: string): CapturedValues {
  const value = readPrivateJson(runDir, 'captured');
  const discovered = readDiscovered(readPrivateJson(runDir, 'discovered'));
  if (typeof value !== 'object' || value === null) return { captured: {}, createdByRun: [], discovered };
  const record = value as Partial<Record<keyof CapturedValues, unknown>>;
  const captured =
    typeof record.captured === 'object' && record.captured !== null ? (record.captured as Record<string, string>) : {};
  const createdByRun = Array.isArray(record.createdByRun)
    ? record.createdByRun.filter((v): v is string => typeof v === 'string')
    : [];
  return { captured, createdByRun, discovered };
}

/** What Playwright needs to collect one test: everything `test()` is given before the body runs, and its page. */
export interface TestEntry {
  readonly title: string;
  readonly tags: readonly string[];
  readonly annotations: readonly { readonly type: string; readonly description: string }[];
  /** The number of its page in the run view (`pageNumbers`): where a worker finds the test's case or probe. */
  readonly page: number;
}

/**
 * What collecting one spec part needs, and nothing more (see `spec-parts.ts`): small, so that the runner never reads
 * the whole DocSet, and a worker (restarted after each failing test) reads only its part's tests.
 */
export interface SuitePart {
  /** Inputs of this part that cannot be used (`Suite.inputFindings`): each file is its own failing test. */
  readonly inputFindings: readonly Finding[];
  /** In the first part: the tenant file cannot be used. */
  readonly tenantFileError?: TenantFileError;
  readonly cases: readonly TestEntry[];
  readonly probes: readonly TestEntry[];
}

/** A part as stored, without what the tenant file says: that is read again by each process (it is small, and may change). */
type StoredPart = Omit<SuitePart, 'tenantFileError'>;

const partsRead = new Map<number, StoredPart>();
let cached: Suite | undefined;

/** The tests of one spec part (in the runner and in every worker, as Playwright evaluates the spec files). */
export function loadSuitePart(part: number): SuitePart {
  const settings = readSettings();
  const { input, tenant } = suiteInput(settings, readCaptured(runStateDir()));
  let stored = partsRead.get(part);
  if (stored === undefined) {
    readParts(settings, input, part);
    stored = partsRead.get(part) ?? { inputFindings: [], cases: [], probes: [] };
  }
  return { ...stored, ...(part === TENANT_FILE_PART && 'error' in tenant ? { tenantFileError: tenant } : {}) };
}

/** The suite, for running tests: read once per worker, when its first test runs. */
export function loadSuite(): Suite {
  cached ??= buildSuite(readSettings());
  return cached;
}

/**
 * The run's DocSet made ready for collecting, in the runner before it loads the spec files: found in the store (its
 * first part read, which the first spec file takes) or built and stored with every part. Only a DocSet that must be
 * built is read whole: over the whole reference that reading took seconds and over a gigabyte, kept all run.
 */
export function prepareRunSuite(): void {
  loadSuitePart(1);
}

/** The collections to list for placeholder values (`listingsFor`), for the setup project of a run against a target. */
export function loadRunListings(): readonly Listing[] {
  const settings = readSettings();
  const { input } = suiteInput(settings, readCaptured(runStateDir()));
  const found = inHandOrStored(runDocSet(settings, input));
  if ('built' in found) return listingsFor(found.built.cases);
  const stored = readCompanion(found.entry, LISTINGS) as readonly Listing[] | undefined;
  return stored ?? listingsFor(builtHere(settings, input).cases);
}

/** The case a collected test runs, by its title (titles are unique by construction) and its page's number. */
export function suiteCase(suite: Suite, title: string, page: number): ConformanceCase {
  return found(suite.view.caseOf(title, page), title);
}

/** The probe a collected test runs, by its title and its page's number. */
export function suiteProbe(suite: Suite, title: string, page: number): ProbeCase {
  return found(suite.view.probeOf(title, page), title);
}

function found<T>(item: T | undefined, title: string): T {
  // The runner collected from the same DocSet input: a title it listed and this worker lacks is a harness bug.
  if (item === undefined) throw new Error(`the DocSet this worker read has no test titled "${title}"`);
  return item;
}

function buildSuite(settings: Settings, captured: CapturedValues = readCaptured(runStateDir())): Suite {
  const { input, tenant } = suiteInput(settings, captured);
  const found = inHandOrStored(runDocSet(settings, input));
  const view = 'built' in found ? viewOf(found.built) : (readView(found.entry) ?? viewOf(builtHere(settings, input)));
  return {
    settings,
    view,
    ...('error' in tenant ? { tenantFileError: tenant } : {}),
    setup: 'error' in tenant ? [] : tenant.setup,
    createdByRun: captured.createdByRun,
  };
}

/** Reads the stored part, or takes every part of the DocSet this process built. */
function readParts(settings: Settings, input: DocSetInput, part: number): void {
  const found = inHandOrStored(runDocSet(settings, input));
  const stored = 'entry' in found ? (readCompanion(found.entry, partName(part)) as StoredPart | undefined) : undefined;
  if (stored !== undefined) {
    partsRead.set(part, stored);
    return;
  }
  const docSet = 'built' in found ? found.built : builtHere(settings, input);
  for (const [index, built] of partsOfBuilt(docSet).entries()) partsRead.set(index + 1, built);
}

/** The DocSet in hand, when this process built it; else its entry, which holds what the run reads of it. */
function inHandOrStored(found: DocSetFound): { readonly built: DocSet } | { readonly entry: StoredEntry } {
  if (found.stored === undefined) return { built: found.built };
  return found.built === undefined ? { entry: found.stored } : { built: found.built };
}

/**
 * What a run keeps of its DocSet, in the entry's folder before the entry is put in place: the worker's view, every
 * spec part, and the collections the setup project lists. An entry found therefore holds them all.
 */
function keepForRun(entry: StoredEntry, docSet: DocSet): boolean {
  return (
    writeView(entry, docSet) &&
    writeCompanion(entry, LISTINGS, listingsFor(docSet.cases)) &&
    partsOfBuilt(docSet).every((part, index) => writeCompanion(entry, partName(index + 1), part))
  );
}

/**
 * The DocSet built in this process when its stored entry lacks what it was written with (its store changed under the
 * run: a part, the view or the listings removed): slower, never wrong.
 */
function builtHere(settings: Settings, input: DocSetInput): DocSet {
  const key = JSON.stringify(input);
  let docSet = builtInProcess.get(key);
  if (docSet === undefined)
    builtInProcess.set(
      key,
      (docSet = buildDocSet(input, { cache: settings.pageCache, includeRoots: settings.includeRoots })),
    );
  return docSet;
}

const builtInProcess = new Map<string, DocSet>();

/** The parts of a DocSet in hand, made once: the runner that built it keeps them, and stores them with it. */
function partsOfBuilt(docSet: DocSet): readonly StoredPart[] {
  let parts = builtParts.get(docSet);
  if (parts === undefined) builtParts.set(docSet, (parts = partsOf(docSet)));
  return parts;
}

const builtParts = new WeakMap<DocSet, readonly StoredPart[]>();

/** The companion holding the collections the setup project lists (`loadRunListings`). */
const LISTINGS = 'discovery-listings';

/** A part's companion: its shape is part of src/, so the harness version keys it with the DocSet. */
const partName = (part: number): string => `suite-part-${String(part)}`;

/** The part whose spec file says that the tenant file cannot be used. */
const TENANT_FILE_PART = 1;

function partsOf(docSet: DocSet): StoredPart[] {
  const parts = Array.from({ length: SPEC_PARTS }, () => ({
    inputFindings: [] as Finding[],
    cases: [] as TestEntry[],
    probes: [] as TestEntry[],
  }));
  const partFor = (title: string): (typeof parts)[number] => parts[partOfTitle(title) - 1] as (typeof parts)[number];
  const numbers = pageNumbers(docSet);
  // A page's findings annotate each of its tests: one object each, which the stored part then holds once.
  const interned = new Map<string, TestEntry['annotations'][number]>();
  const entry = (item: ConformanceCase | ProbeCase, tags: readonly string[]): TestEntry => ({
    title: item.title,
    tags,
    annotations: docAnnotations(item).map((a) => {
      const key = `${a.type}\u0000${a.description}`;
      const known = interned.get(key);
      if (known) return known;
      interned.set(key, a);
      return a;
    }),
    page: numbers.get(item.page.file) ?? -1,
  });
  for (const finding of [...docSet.inputFindings, ...docSet.untestable])
    partFor(inputTitle(finding.location.file)).inputFindings.push(finding);
  // The request without Authorization is also the missing-required-header probe: tagged with the probes.
  for (const c of docSet.cases)
    partFor(c.title).cases.push(entry(c, c.kind.type === 'requires-auth' ? [...c.tags, PROBE_TAG] : c.tags));
  for (const p of docSet.probes) partFor(p.title).probes.push(entry(p, p.tags));
  return parts;
}

/**
 * The run's DocSet for this input: the one the runner (or another worker) stored when the input is the same, else
 * found in the store or built, and named in the run's folder for the others. Outside a run, the shared cache alone.
 */
function runDocSet(settings: Settings, input: DocSetInput): DocSetFound {
  const runDir = settings.runDir;
  const options = { cache: settings.pageCache, includeRoots: settings.includeRoots };
  const inputHash = createHash('sha256')
    .update(JSON.stringify([input, options]))
    .digest('hex');
  if (runDir !== undefined) {
    const handed = readPrivateJson(runDir, 'docSet') as { input?: unknown; dir?: unknown } | undefined;
    if (handed?.input === inputHash && typeof handed.dir === 'string') return { stored: { dir: handed.dir } };
  }
  const cwd = process.cwd();
  const store: Store | null = settings.pageCache
    ? sharedStore(cwd)
    : runDir !== undefined
      ? { dir: join(runDir, 'docsets'), cwd }
      : null;
  const found = docSetEntry(
    input,
    { ...options, store },
    keepForRun,
    (place) => place.found.files.length >= BUILT_APART_FROM && builtApart({ input, options, place }),
  );
  if (runDir !== undefined && found.stored)
    writePrivateJson(runDir, 'docSet', { input: inputHash, dir: found.stored.dir });
  return found;
}

/**
 * From this many doc files on, a DocSet not stored yet is built by a child process (`docset-child.ts`), which stores
 * it and ends: this process then reads the stored parts, as on any later run. Built in the runner, the whole
 * reference's DocSet and its garbage stayed in the runner's heap through Playwright's collection (1.1 GB at its peak);
 * below, a process start and a second read of the stored parts would cost a small tree more than its build.
 */
const BUILT_APART_FROM = 2000;

/** `storedByChild`; a child that failed is said on stderr, and the caller builds the DocSet itself. */
function builtApart(build: ChildBuild): boolean {
  const outcome = storedByChild(build);
  if (!outcome.stored && outcome.failure !== undefined)
    console.error(
      `graph-conformance: warning: the process building the DocSet of ${String(build.place.found.files.length)} doc files ${outcome.failure}; building it in this one`,
    );
  return outcome.stored;
}

/** What the child process of `docset-child.ts` runs: the DocSet built and kept for the run. True when it is stored. */
export function storeRunDocSet({ input, options, place }: ChildBuild): boolean {
  return buildDocSetAt(place, input, options, keepForRun) !== undefined;
}

function suiteInput(
  settings: Settings,
  captured: CapturedValues,
): { input: DocSetInput; tenant: TenantFile | TenantFileError } {
  const tenant = readTenantFile(settings.tenantFile);
  const metadata = readRunMetadata(settings.runDir);
  return {
    input: {
      roots: settings.docs,
      placeholders: placeholdersOf(settings, captured, tenant),
      ...(metadata.length > 0 ? { metadata } : {}),
    },
    tenant,
  };
}

/**
 * Settings win over what setup requests captured, which win over the tenant file; then what the setup project found
 * by listing collections in the target; the embedded mock's own state fills the rest only when it is the target.
 */
function placeholdersOf(
  settings: Settings,
  captured: CapturedValues,
  tenant: TenantFile | TenantFileError,
): Placeholders {
  return {
    kind: 'values',
    layers: [
      { values: settings.params, byVariableName: true, origin: { kind: 'setting' } },
      { values: captured.captured, origin: { kind: 'setup', file: settings.tenantFile } },
      { values: 'error' in tenant ? {} : tenant.params, origin: { kind: 'tenant-file', file: settings.tenantFile } },
    ],
    ...(captured.discovered && captured.discovered.length > 0 ? { discovered: captured.discovered } : {}),
    embeddedTenant: settings.targetUrl === undefined,
  };
}
