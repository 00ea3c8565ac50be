/**
 * Collected tests + the doc set → the results file and the reviewer report's view. Pure: the reporter does the I/O.
 */
import type { Page } from '../docs/model.ts';
import { titlePath } from '../cases/build-cases.ts';
import type { CollectedStep, CollectedTest } from './collected.ts';
import { bucketByTitle, compareRuns, type Bucket, type Comparison } from './compare.ts';
import { pageCoverage } from './coverage.ts';
import { exchangeView, shorten, type ExchangeView, type Shortened } from './exchange-view.ts';
import { causeFindings, countTests, findingRecord, pageVerdict, toRecord, uniqueFindings } from './records.ts';
import {
  RESULTS_SCHEMA_VERSION,
  type DocsInfo,
  type FindingRecord,
  type OperationCoverage,
  type PageResult,
  type RunResults,
  type SchemaErrorResult,
  type Target,
  type TestResultRecord,
  type Verdict,
} from './results-model.ts';

export interface RunFacts {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly status: string;
  readonly target: Target;
  readonly docs: DocsInfo;
}

export interface TestView {
  readonly record: TestResultRecord;
  readonly steps: readonly CollectedStep[];
  readonly error: Shortened | null;
  readonly schemaErrors: readonly SchemaErrorResult[];
  readonly exchange: ExchangeView;
  readonly bucket: Bucket | null;
}

export interface PageView {
  readonly result: PageResult;
  /** The page as test titles show it (relative to its docs root). */
  readonly shown: string;
  readonly title: string | null;
  readonly tests: readonly TestView[];
  /** The page's verdicts in earlier runs (oldest first), then this one. */
  readonly strip: readonly (Verdict | null)[];
}

export interface ReportView {
  readonly results: RunResults;
  readonly pages: readonly PageView[];
  readonly comparison: Comparison | null;
  readonly history: readonly RunResults[];
  /** Problems met reading BASELINE or HISTORY, shown in the report rather than failing it. */
  readonly notes: readonly string[];
}

export interface ReportInputs {
  readonly tests: readonly CollectedTest[];
  /** The doc set of the run, for workloads, titles and coverage; may be empty (merging blobs without the docs). */
  readonly pages: readonly Page[];
  readonly facts: RunFacts;
  /** Extra page findings (from `graph-conformance lint`), by doc file. */
  readonly lintFindings?: ReadonlyMap<string, readonly FindingRecord[]>;
  readonly baseline?: RunResults;
  readonly history?: readonly RunResults[];
  readonly notes?: readonly string[];
}

export function buildResults(inputs: ReportInputs): RunResults {
  const records = inputs.tests.map(toRecord).sort((a, b) => a.title.localeCompare(b.title));
  const docsByFile = new Map(inputs.pages.map((p) => [p.file, p]));
  const testsByPage = groupBy(records, (r) => r.page);
  // A page's findings: lint's for it (which hold the parser's), the parser's where lint could not run, and those the
  // run's doc causes name.
  const causes = groupBy(causeFindings(inputs.tests.map((t) => t.record)), (f) =>
    pageOfFile(f.location.file, docsByFile),
  );
  const files = new Set([
    ...testsByPage.keys(),
    ...inputs.pages.filter((p) => p.httpRequests.length > 0).map((p) => p.file),
  ]);
  const pages = [...files].sort().map((file): PageResult => {
    const tests = testsByPage.get(file) ?? [];
    const page = docsByFile.get(file);
    const fromDocs = page ? page.findings.map(findingRecord) : [];
    const ms = page?.frontMatter['ms.prod'];
    return {
      file,
      version: page?.version ?? tests.map((t) => t.version).find((v) => v !== null) ?? null,
      workload: typeof ms === 'string' && ms.trim() !== '' && !/\bTODO\b/i.test(ms) ? ms.trim() : null,
      verdict: pageVerdict(tests.map((t) => t.verdict)),
      findings: uniqueFindings([
        ...fromDocs,
        ...(causes.get(file) ?? []).map(findingRecord),
        ...(inputs.lintFindings?.get(file) ?? []),
      ]),
      operations: page ? pageCoverage(page, tests) : operationsFromTests(tests),
    };
  });
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run: {
      startedAt: inputs.facts.startedAt,
      durationMs: Math.round(inputs.facts.durationMs),
      status: normaliseStatus(inputs.facts.status),
      target: inputs.facts.target,
      docs: inputs.facts.docs,
    },
    counts: countTests(records),
    pages,
    tests: records,
  };
}

/** Without the doc set, the operations a page's tests name are all that is known. */
function operationsFromTests(tests: readonly TestResultRecord[]): OperationCoverage[] {
  const ops = new Map<string, boolean>();
  for (const t of tests)
    if (t.operation !== null) ops.set(t.operation, (ops.get(t.operation) ?? false) || t.verdict !== 'skipped');
  return [...ops].map(([operation, exercised]) => ({ operation, exercised, reason: exercised ? null : 'skipped' }));
}

/**
 * The page a finding belongs to: the page whose file it is in, else (a finding in an included file) the page that
 * includes that file.
 */
function pageOfFile(file: string, pages: ReadonlyMap<string, Page>): string {
  if (pages.has(file)) return file;
  for (const page of pages.values()) if (page.includes.includes(file)) return page.file;
  return file;
}

function normaliseStatus(status: string): string {
  return ['passed', 'failed', 'timedout', 'interrupted'].includes(status) ? status : 'failed';
}

export function buildReportView(inputs: ReportInputs, bodyLimit: number): ReportView {
  const results = buildResults(inputs);
  const comparison = inputs.baseline ? compareRuns(inputs.baseline, results) : null;
  const buckets = comparison ? bucketByTitle(comparison) : new Map<string, Bucket>();
  const collectedByTitle = new Map(inputs.tests.map((t) => [t.title, t]));
  const docsByFile = new Map(inputs.pages.map((p) => [p.file, p]));
  const history = inputs.history ?? [];
  const pages = results.pages.map((result): PageView => {
    const tests = results.tests.filter((t) => t.page === result.file);
    const shown = titlePath(result.file, inputs.facts.docs.paths);
    return {
      result,
      shown,
      title: docsByFile.get(result.file)?.title ?? null,
      tests: tests.map((record) =>
        testView(record, collectedByTitle.get(record.title), buckets.get(record.title) ?? null, bodyLimit),
      ),
      strip: [...history.map((run) => run.pages.find((p) => p.file === result.file)?.verdict ?? null), result.verdict],
    };
  });
  return { results, pages, comparison, history, notes: inputs.notes ?? [] };
}

function testView(
  record: TestResultRecord,
  collected: CollectedTest | undefined,
  bucket: Bucket | null,
  limit: number,
): TestView {
  const failed = record.failure !== null;
  const message = failed
    ? record.departures.map((d) => `${d.step}: ${d.message}`).join('\n') || record.failure.message
    : null;
  return {
    record,
    steps: collected?.steps ?? [],
    error: message === null ? null : shorten(message, Math.max(2000, Math.floor(limit / 2))),
    schemaErrors: record.departures.flatMap((d) => d.schemaErrors),
    exchange: exchangeView(
      collected?.record ?? null,
      [...new Set(record.departures.flatMap((d) => d.pointers))],
      limit,
    ),
    bucket,
  };
}

/** Versions first (v1.0, beta, unknown), then workloads, then files: how a reviewer of one area finds their pages. */
export function groupPages(pages: readonly PageView[]): { version: string; workload: string; pages: PageView[] }[] {
  const groups = new Map<string, { version: string; workload: string; pages: PageView[] }>();
  for (const page of pages) {
    const version = page.result.version ?? 'unknown version';
    const workload = page.result.workload ?? 'no workload';
    const key = `${version}\u0000${workload}`;
    const group = groups.get(key) ?? { version, workload, pages: [] };
    group.pages.push(page);
    groups.set(key, group);
  }
  const order = (v: string): number => ['v1.0', 'beta'].indexOf(v) + (v === 'unknown version' ? 10 : 0);
  return [...groups.values()].sort(
    (a, b) => order(a.version) - order(b.version) || a.workload.localeCompare(b.workload),
  );
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** The cap on each body that keeps the sum of all bodies within `budget` characters: small bodies stay whole. */
export function bodyCap(sizes: readonly number[], budget: number, max: number): number {
  const total = sizes.reduce((sum, s) => sum + Math.min(s, max), 0);
  if (total <= budget) return max;
  let low = 256;
  let high = max;
  while (high - low > 64) {
    const mid = Math.floor((low + high) / 2);
    if (sizes.reduce((sum, s) => sum + Math.min(s, mid), 0) <= budget) low = mid;
    else high = mid;
  }
  return low;
}
