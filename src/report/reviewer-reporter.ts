/**
 * The Playwright reporter for doc reviewers: writes `<REPORTS_DIR>/results.json` (our results format) and
 * `<REPORTS_DIR>/conformance/index.html` (the reviewer report). It works the same on a live run and on
 * `playwright merge-reports` of sharded blob reports, because it reads only what Playwright reports plus the docs.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullResult, Reporter, Suite } from '@playwright/test/reporter';
import { findEntry, readCompanion, writeCompanion } from '../docset/docset-store.ts';
import { docCasesPlace, loadStoredDocCases } from '../docset/load-docset.ts';
import { checkStoredPages } from '../lint/check-pages.ts';
import { redactor, secretEnvironmentValues } from '../core/redact.ts';
import { environment, secretValues, settings as readSettings, type Settings } from '../settings/settings.ts';
import { bodyCap, buildReportView, type ReportInputs } from './build-report.ts';
import type { CollectedTest } from './collected.ts';
import { docLinker } from './doc-links.ts';
import { ownExchange } from './exchange-view.ts';
import { stripAnsi } from './strip-ansi.ts';
import { collectTest } from './from-playwright.ts';
import { lintFindingsByFile } from './lint-findings.ts';
import { asReportDocs, REPORT_DOCS_COMPANION, reportPageOf, type ReportDocs } from './report-docs.ts';
import { readHistory, readResults } from './read-results.ts';
import { machinePathScrubber, readReportSettings } from '../settings/report-settings.ts';
import { renderReport, type ReportFiles } from './render-report.ts';
import { repoPath } from '../core/machine-paths.ts';
import type { RunResults, Target } from './results-model.ts';

export interface ReviewerReporterOptions {
  /** Where `results.json` and `conformance/` go (default: REPORTS_DIR, else `reports`). */
  readonly outputDir?: string;
}

/**
 * Bodies shown in the reviewer report share a budget of this many characters per test (small bodies stay whole, the
 * largest are cut first, never below 256 characters, with a note saying so); Playwright's HTML report keeps them whole.
 */
export const BODY_CHARS_PER_TEST = 1_500;
const MAX_BODY_CHARS = 16_000;

export default class ReviewerReporter implements Reporter {
  private suite: Suite | undefined;
  private readonly outputDir: string | undefined;

  constructor(options: ReviewerReporterOptions = {}) {
    this.outputDir = options.outputDir;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(_config: unknown, suite: Suite): void {
    this.suite = suite;
  }

  async onEnd(result: FullResult): Promise<void> {
    const settings = readSettings();
    const outputDir = this.outputDir ?? settings.reportsDir;
    // Doc verdicts come from the spec files; the setup and teardown projects (token, tenant) are not doc pages, but
    // when they fail every doc test is affected, so the report says so.
    const all = this.suite?.allTests() ?? [];
    const tests = all.filter((t) => t.location.file.endsWith('.spec.ts')).map(collectTest);
    const notes: string[] = all
      .filter((t) => !t.location.file.endsWith('.spec.ts') && t.outcome() === 'unexpected')
      .map(
        (t) => `${t.title} failed: ${stripAnsi(t.results.at(-1)?.error?.message ?? 'no message').split('\n')[0] ?? ''}`,
      );
    const report = readReportSettings(settings);
    const docs = await reportDocsOrNote(settings, notes);
    const inputs: ReportInputs = {
      tests,
      pages: docs?.pages ?? [],
      lintFindings: docs?.lintFindings ?? new Map(),
      facts: {
        startedAt: result.startTime.toISOString(),
        durationMs: result.duration,
        status: result.status,
        target: targetOf(tests, settings),
        docs: { paths: [...settings.docs], commit: report.commit ?? null },
      },
      ...optionalRuns(report.baseline, report.history, notes),
      notes,
    };
    const redact = redactor([
      ...secretValues(settings),
      ...secretEnvironmentValues(environment().variables, existsSync),
    ]);
    const link = docLinker({
      ...(report.repoUrl !== undefined ? { repoUrl: report.repoUrl } : {}),
      ...(report.commit !== undefined ? { commit: report.commit } : {}),
      repoRoot: report.repoRoot,
      reportDir: join(outputDir, 'conformance'),
      cwd: process.cwd(),
    });
    // Every text written passes the redactor, and names files as the docs repository and the project do.
    const scrub = machinePathScrubber(settings);
    const out = (text: string): string => redact(scrub(text));
    const { results, files } = renderReviewerReport(
      { ...inputs, repoPath: (file) => repoPath(file, report.repoRoot, process.cwd()), scrubPaths: scrub },
      link,
      out,
    );
    const dir = join(outputDir, 'conformance');
    // The details of an earlier run's pages would be read by nothing, and mislead whoever opens the folder.
    rmSync(join(dir, 'data'), { recursive: true, force: true });
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(outputDir, 'results.json'), `${out(JSON.stringify(results))}\n`);
    writeFileSync(join(dir, 'index.html'), files.index);
    writeFileSync(join(dir, 'report.js'), files.script);
    for (const chunk of files.chunks) writeFileSync(join(dir, chunk.file), chunk.text);
  }
}

/** The results and the reviewer report's files, with the bodies cut to the report's budget. */
export function renderReviewerReport(
  inputs: ReportInputs,
  link: ReturnType<typeof docLinker>,
  out: (text: string) => string = (text) => text,
): { results: RunResults; files: ReportFiles } {
  const sizes = inputs.tests.flatMap((t) => bodySizes(t));
  const cap = bodyCap(sizes, BODY_CHARS_PER_TEST * Math.max(1, inputs.tests.length), MAX_BODY_CHARS);
  const view = buildReportView(inputs, cap);
  return { results: view.results, files: renderReport(view, link, out) };
}

/** The sizes of the bodies a test's report shows: documented and actual. */
function bodySizes(test: CollectedTest): number[] {
  const record = test.record;
  if (record === null) return [];
  return [
    record.documented?.request.body?.length ?? 0,
    record.documented?.response?.body?.length ?? 0,
    ...record.exchanges.flatMap((e) => [e.request.body?.length ?? 0, e.response.body.length]),
  ].filter((n) => n > 0);
}

/**
 * The docs again, for coverage, workloads and lint's findings: what the report needs of them is kept beside the
 * stored DocCases (see report-docs.ts) by the first report of these docs, and read from there by the next. The report
 * does not know the run's tenant (it may be a merge of shards), and lint's findings do not depend on it: placeholders
 * count as filled, as in `lint`.
 */
async function reportDocsOrNote(settings: Settings, notes: string[]): Promise<ReportDocs | undefined> {
  const input = { roots: settings.docs, placeholders: { kind: 'all-filled' } } as const;
  const options = { cache: settings.pageCache, includeRoots: settings.includeRoots };
  try {
    const place = docCasesPlace(input, options);
    const stored = place ? findEntry(place) : undefined;
    const kept = stored ? asReportDocs(readCompanion(stored, REPORT_DOCS_COMPANION)) : undefined;
    if (kept) return kept;
    const { docCases, entry } = loadStoredDocCases(input, options, place);
    // Lint's findings, as `graph-conformance lint` reports them: the examples' checks (most of lint's work) are kept
    // beside the DocCases too, by whichever of lint and this report checked them first. In this process: the report
    // is written from the run's bundle, with no worker script beside it.
    const exampleFindings = await checkStoredPages(docCases, entry, { workers: 1 });
    const docs: ReportDocs = {
      pages: docCases.pages.map(reportPageOf),
      lintFindings: lintFindingsByFile({ ...docCases, exampleFindings }),
    };
    if (entry) writeCompanion(entry, REPORT_DOCS_COMPANION, docs);
    return docs;
  } catch (error) {
    notes.push(
      `the docs (${settings.docs.join(', ')}) could not be read for coverage, workloads and lint findings: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

/** The origin the tests actually sent to (as a merged report may run without TARGET_URL), else the settings'. */
function targetOf(tests: readonly CollectedTest[], settings: Settings): Target {
  const mock = `http://127.0.0.1${settings.mockPort === undefined ? '' : `:${String(settings.mockPort)}`}`;
  const sent = tests
    .map((t) => (t.record === null ? undefined : ownExchange(t.record)?.request.url))
    .find((u) => u !== undefined);
  let origin = settings.targetUrl ?? mock;
  if (sent !== undefined) {
    try {
      origin = new URL(sent).origin;
    } catch {
      // keep the configured origin
    }
  }
  // Shards may each have run their mock on another port; a loopback origin with no TARGET_URL is the embedded mock.
  const loopback = /^http:\/\/127\.0\.0\.1:\d+$/.test(origin);
  return { kind: settings.targetUrl === undefined && loopback ? 'mock' : 'url', origin };
}

function optionalRuns(
  baselineFile: string | undefined,
  historyDir: string | undefined,
  notes: string[],
): Pick<ReportInputs, 'baseline' | 'history'> {
  const out: { baseline?: RunResults; history?: RunResults[] } = {};
  if (baselineFile !== undefined) {
    try {
      out.baseline = readResults(baselineFile);
    } catch (error) {
      notes.push(`BASELINE: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (historyDir !== undefined) {
    const history = readHistory(historyDir);
    out.history = history.runs.slice(-30);
    notes.push(...history.problems.map((p) => `HISTORY: ${p}`));
  }
  return out;
}
