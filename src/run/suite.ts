/**
 * The suite a run checks: settings, the DocSet (docs, schemas, cases, probes) and the tenant file, built once per
 * process and synchronously, because Playwright collects tests by evaluating the spec file (in the runner and again
 * in every worker).
 *
 * The DocSet is built once per run: by the runner, collecting the tests, which stores it (the shared cache, or the
 * run's own folder with the cache off) and names it in the run's folder, with two companions derived from it: the
 * `SuiteIndex` (each test's title, tags and annotations: all that collecting needs) and the worker's view of it
 * (`run-view.ts`: schemas, metadata statements, documented reads, and each page's cases and probes apart). The runner
 * and every worker collect from the index; a worker reads the view's shared part when its first test runs and a
 * page's cases when its first test of that page runs, and builds only when its input differs (values a setup request
 * captured). Listing the tests of the whole reference, or restarting a worker after a failed test, never reads the
 * whole DocSet.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Finding } from '../core/finding.ts';
import type { DocSet, DocSetInput } from '../docset/docset.ts';
import { docSetEntry, docSetOf, readDocSet, type DocSetFound } from '../docset/load-docset.ts';
import { readCompanion, sharedStore, writeCompanion, type Store } from '../docset/docset-store.ts';
import { readView, viewOf, writeView, type RunView } from './run-view.ts';
import type { Placeholders } from '../cases/placeholders.ts';
import type { ConformanceCase } from '../cases/model.ts';
import type { ProbeCase } from '../cases/probe-model.ts';
import { PROBE_TAG } from '../cases/probes.ts';
import { settings as readSettings, type Settings } from '../settings/settings.ts';
import { readTenantFile, type SetupRequest, type TenantFile, type TenantFileError } from './tenant-file.ts';
import { readPrivateJson, runStateDir, writePrivateJson } from './run-state.ts';
import { docAnnotations } from './generated-test.ts';
import { readDiscovered } from './discovery.ts';
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

/** What Playwright needs to collect one test: everything `test()` is given before the body runs. */
export interface TestEntry {
  readonly title: string;
  readonly tags: readonly string[];
  readonly annotations: readonly { readonly type: string; readonly description: string }[];
}

/** What collecting the run's tests needs, and nothing more: small, so that the runner never reads the whole DocSet. */
export interface SuiteIndex {
  /** As `Suite.inputFindings`: each is its own failing test. */
  readonly inputFindings: readonly Finding[];
  readonly tenantFileError?: TenantFileError;
  readonly cases: readonly TestEntry[];
  readonly probes: readonly TestEntry[];
}

let cachedIndex: SuiteIndex | undefined;
let cached: Suite | undefined;
let cachedDocSet: DocSet | undefined;

/** The tests to collect (in the runner and in every worker, as Playwright evaluates the spec files). */
export function loadSuiteIndex(): SuiteIndex {
  cachedIndex ??= readIndex(readSettings());
  return cachedIndex;
}

/** The suite, for running tests: read once per worker, when its first test runs. */
export function loadSuite(): Suite {
  cached ??= buildSuite(readSettings());
  return cached;
}

/** The run's whole DocSet, for the runner's own use (the run's summary of its pages, listing collections). */
export function loadRunDocSet(): DocSet {
  const settings = readSettings();
  cachedDocSet ??= docSetOf(runDocSet(settings, suiteInput(settings, readCaptured(runStateDir())).input));
  return cachedDocSet;
}

/** The case a collected test runs, by its title (titles are unique by construction). */
export function suiteCase(suite: Suite, title: string): ConformanceCase {
  return found(suite.view.caseOf(title), title);
}

/** The probe a collected test runs, by its title. */
export function suiteProbe(suite: Suite, title: string): ProbeCase {
  return found(suite.view.probeOf(title), title);
}

function found<T>(item: T | undefined, title: string): T {
  // The runner collected from the same DocSet input: a title it listed and this worker lacks is a harness bug.
  if (item === undefined) throw new Error(`the DocSet this worker read has no test titled "${title}"`);
  return item;
}

function buildSuite(settings: Settings, captured: CapturedValues = readCaptured(runStateDir())): Suite {
  const { input, tenant } = suiteInput(settings, captured);
  const found = runDocSet(settings, input);
  const view =
    found.stored === undefined
      ? viewOf(found.built)
      : found.built !== undefined
        ? viewOf(found.built)
        : (readView(found.stored) ?? viewOf(readDocSet(found.stored)));
  return {
    settings,
    view,
    ...('error' in tenant ? { tenantFileError: tenant } : {}),
    setup: 'error' in tenant ? [] : tenant.setup,
    createdByRun: captured.createdByRun,
  };
}

/** The index without what the tenant file says: that is read again by each process (it is small, and may change). */
type StoredIndex = Omit<SuiteIndex, 'tenantFileError'>;

function readIndex(settings: Settings): SuiteIndex {
  const { input, tenant } = suiteInput(settings, readCaptured(runStateDir()));
  const found = runDocSet(settings, input);
  const stored = found.stored ? (readCompanion(found.stored, INDEX) as StoredIndex | undefined) : undefined;
  if (stored !== undefined) return { ...stored, ...('error' in tenant ? { tenantFileError: tenant } : {}) };
  const docSet = docSetOf(found);
  const index = indexOf(docSet);
  // The view before the index: an index found means the workers' view is there too.
  if (found.stored && writeView(found.stored, docSet)) writeCompanion(found.stored, INDEX, index);
  return { ...index, ...('error' in tenant ? { tenantFileError: tenant } : {}) };
}

/** The companion's name: its shape is part of src/, so the harness version keys it with the DocSet. */
const INDEX = 'suite-index';

function indexOf(docSet: DocSet): StoredIndex {
  // A page's findings annotate each of its tests: one object each, which the stored index then holds once.
  const interned = new Map<string, TestEntry['annotations'][number]>();
  const annotations = (item: Parameters<typeof docAnnotations>[0]): TestEntry['annotations'] =>
    docAnnotations(item).map((a) => {
      const key = `${a.type}\u0000${a.description}`;
      const known = interned.get(key);
      if (known) return known;
      interned.set(key, a);
      return a;
    });
  return {
    inputFindings: [...docSet.inputFindings, ...docSet.untestable],
    // The request without Authorization is also the missing-required-header probe: tagged with the probes.
    cases: docSet.cases.map((c) => ({
      title: c.title,
      tags: c.kind.type === 'requires-auth' ? [...c.tags, PROBE_TAG] : c.tags,
      annotations: annotations(c),
    })),
    probes: docSet.probes.map((p) => ({ title: p.title, tags: p.tags, annotations: annotations(p) })),
  };
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
  const found = docSetEntry(input, { ...options, store });
  if (runDir !== undefined && found.stored)
    writePrivateJson(runDir, 'docSet', { input: inputHash, dir: found.stored.dir });
  return found;
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
