/**
 * Collected tests + the doc set → the results file and the reviewer report's view. Pure: the reporter does the I/O.
 */
import type { ReportPage } from './report-docs.ts';
import { titlePath } from '../cases/build-cases.ts';
import type { CollectedStep, CollectedTest } from './collected.ts';
import { bucketByTitle, compareRuns, type Bucket, type Comparison } from './compare.ts';
import { pageCoverage } from './coverage.ts';
import { exchangeView, shorten, type ExchangeView, type Shortened } from './exchange-view.ts';
import { assessPage, type PageAssessment } from './page-status.ts';
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
  /** The page as the docs repository names it (`api-reference/v1.0/api/user-get.md`). */
  readonly shown: string;
  readonly title: string | null;
  /** What a reviewer should do with the page, from its tests and findings by cause. */
  readonly assessment: PageAssessment;
  /** The permissions table, one line per kind of permission: the least privileged scopes, else all listed. */
  readonly permissions: readonly { readonly kind: string; readonly scopes: string }[];
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
  readonly pages: readonly ReportPage[];
  readonly facts: RunFacts;
  /** Extra page findings (from `graph-conformance lint`), by doc file. */
  readonly lintFindings?: ReadonlyMap<string, readonly FindingRecord[]>;
  readonly baseline?: RunResults;
  readonly history?: readonly RunResults[];
  readonly notes?: readonly string[];
  /** A doc file as the docs repository names it (default: as test titles show it, relative to its docs root). */
  readonly repoPath?: (file: string) => string;
  /**
   * A text with the machine's paths named as the docs repository and the project name them (default: as it is): the
   * workers report findings so, the docs are read with the run's paths, and one finding must read the same from both.
   */
  readonly scrubPaths?: (text: string) => string;
}

export function buildResults(inputs: ReportInputs): RunResults {
  // One name per doc file: as the docs repository names it. The docs were read with the run's paths, and the workers
  // reported them as the repository names them (no message leaves a worker naming a folder of the machine).
  const name = inputs.repoPath ?? ((file: string) => file);
  const records = inputs.tests
    .map((t) => {
      const record = toRecord(t);
      return { ...record, page: name(record.page) };
    })
    .sort((a, b) => a.title.localeCompare(b.title));
  const docsByFile = new Map(inputs.pages.map((p) => [name(p.file), p]));
  const lintByFile = new Map([...(inputs.lintFindings ?? [])].map(([file, found]) => [name(file), found]));
  const testsByPage = groupBy(records, (r) => r.page);
  // A page's findings: lint's for it (which hold the parser's), the parser's where lint could not run, and those the
  // run's doc causes name.
  const causes = groupBy(causeFindings(inputs.tests.map((t) => t.record)), (f) =>
    pageOfFile(name(f.location.file), docsByFile, name),
  );
  const files = new Set([
    ...testsByPage.keys(),
    ...inputs.pages.filter((p) => p.httpRequests.length > 0).map((p) => name(p.file)),
  ]);
  const scrub = inputs.scrubPaths ?? ((text: string) => text);
  const tidy = (f: FindingRecord): FindingRecord => ({
    ...f,
    message: scrub(f.message),
    location: scrub(f.location),
    related: f.related === null ? null : scrub(f.related),
  });
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
      findings: uniqueFindings(
        [...fromDocs, ...(causes.get(file) ?? []).map(findingRecord), ...(lintByFile.get(file) ?? [])].map(tidy),
      ),
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
function pageOfFile(file: string, pages: ReadonlyMap<string, ReportPage>, name: (file: string) => string): string {
  if (pages.has(file)) return file;
  for (const [pageFile, page] of pages) if (page.includes.some((included) => name(included) === file)) return pageFile;
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
  const docsByFile = new Map(inputs.pages.map((p) => [inputs.repoPath?.(p.file) ?? p.file, p]));
  const history = inputs.history ?? [];
  const verdictsBefore = history.map((run) => new Map(run.pages.map((p) => [p.file, p.verdict])));
  const testsByPage = groupBy(results.tests, (t) => t.page);
  const pages = results.pages.map((result): PageView => {
    const tests = testsByPage.get(result.file) ?? [];
    const doc = docsByFile.get(result.file);
    return {
      result,
      shown: inputs.repoPath?.(result.file) ?? titlePath(result.file, inputs.facts.docs.paths),
      title: doc?.title ?? null,
      assessment: assessPage(tests, result.findings),
      permissions: (doc?.permissions ?? []).map((row) => ({
        kind: row.permissionType,
        scopes: row.notSupported ? 'not supported' : (row.leastPrivileged ?? row.permissions).join(', ') || 'not given',
      })),
      tests: tests.map((record) =>
        testView(record, collectedByTitle.get(record.title), buckets.get(record.title) ?? null, bodyLimit),
      ),
      strip: [...verdictsBefore.map((run) => run.get(result.file) ?? null), result.verdict],
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
