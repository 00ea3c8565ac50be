/**
 * The reviewer report at the scale of the whole reference, and the size of a run's artefacts per test.
 *
 *   npm run bench:report -- [--tests N] [--rounds N] [--run DIR]
 *
 * - Generates a run of N tests (default 63,623: the 2021 reference) in ~6 tests per page (tests/unit/support/
 *   generated-run.ts), renders the reviewer report as the reporter does, and prints its size per test (issue 19:
 *   at most 0.8 KB) and the time it took.
 * - Opens it in headless Chromium (/usr/bin/chromium, or CHROMIUM_PATH) from disk, each round: the first screen (until
 *   the page count is shown), "failed only", a search, and opening a page (its chunk inflated). Each is printed as a
 *   median and as a ratio to the floor of the same round: opening a one-line page from disk in the same browser.
 *   Issue 19 asks for the first screen within 2 s here.
 * - With `--run DIR` (a folder holding `reports/`, `playwright-report/` and `test-results/` of a real run, as
 *   `npx playwright test` writes them with REPORTS_DIR, HTML_REPORT_DIR, TEST_RESULTS_DIR), prints each artefact's
 *   bytes per test of that run (issue 19: all together at most 4 KB), and the total scaled to the whole reference
 *   (the HTML report's viewer, the same for every run, counted once). `playwright.json` and its `attachments/` are
 *   there only when the run had PLAYWRIGHT_JSON=1.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { docLinker } from '../src/report/doc-links.ts';
import { renderReviewerReport } from '../src/report/reviewer-reporter.ts';
import { generatedRun } from '../tests/unit/support/generated-run.ts';

interface Args {
  readonly tests: number;
  readonly rounds: number;
  readonly run: string | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  let tests = 63_623;
  let rounds = 3;
  let run: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--tests') tests = Number(argv[++i]);
    else if (arg === '--rounds') rounds = Number(argv[++i]);
    else if (arg === '--run') run = argv[++i];
    else fail(`unknown option ${arg}`);
  }
  if (!Number.isInteger(tests) || tests < 1 || tests > 200_000) fail('--tests takes a whole number from 1 to 200000');
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) fail('--rounds takes a whole number from 1 to 20');
  if (run !== undefined && !existsSync(join(run, 'reports', 'results.json')))
    fail(`--run ${run}: no reports/results.json there`);
  return { tests, rounds, run };
}

function fail(message: string): never {
  console.error(`bench:report: ${message}`);
  process.exit(2);
}

function bytesBelow(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (stat.isFile()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesBelow(join(path, name)), 0);
}

const kb = (bytes: number, tests: number): string => `${(bytes / tests / 1024).toFixed(2)} KB/test`;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The artefacts of a real run, per test of that run, and what they come to at the whole reference's size. */
function runSizes(dir: string, wholeReference: number): void {
  const results = JSON.parse(readFileSync(join(dir, 'reports', 'results.json'), 'utf8')) as { tests: unknown[] };
  const n = results.tests.length;
  const parts = [
    'reports/conformance',
    'reports/results.json',
    'reports/playwright.json',
    'reports/attachments',
    'reports/junit.xml',
    'playwright-report',
    'test-results',
  ];
  console.log(`artefacts of the run in ${dir} (${String(n)} tests):`);
  let total = 0;
  for (const part of parts) {
    const bytes = bytesBelow(join(dir, part));
    total += bytes;
    console.log(`  ${part.padEnd(24)} ${String(bytes).padStart(11)} bytes  ${kb(bytes, n)}`);
  }
  console.log(`  ${'all together'.padEnd(24)} ${String(total).padStart(11)} bytes  ${kb(total, n)} (issue 19: ≤ 4 KB)`);
  // Playwright's HTML report is its viewer (the same for any run) and the run's data, embedded as a base64 zip: at the
  // whole reference's size the viewer is a rounding error, on a small run a large share of each test's bytes.
  const viewer = htmlViewerBytes(join(dir, 'playwright-report', 'index.html'));
  const scaled = ((total - viewer) / n) * wholeReference + viewer;
  console.log(
    `  without the HTML report's viewer (${String(viewer)} bytes, once per run): ${kb(total - viewer, n)}; ` +
      `at ${String(wholeReference)} tests ${(scaled / 1024 / 1024).toFixed(0)} MB, ${kb(scaled, wholeReference)}`,
  );
}

/** The bytes of Playwright's HTML report that are not the run's data: index.html without its embedded zip. */
function htmlViewerBytes(indexHtml: string): number {
  if (!existsSync(indexHtml)) return 0;
  const html = readFileSync(indexHtml, 'latin1');
  const data = /data:application\/zip;base64,[A-Za-z0-9+/=]*/.exec(html)?.[0] ?? '';
  return html.length - data.length;
}

async function timed(page: Page, action: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.run !== undefined) runSizes(args.run, 63_623);

  const dir = mkdtempSync(join(tmpdir(), 'gdc-bench-report-'));
  try {
    const inputs = generatedRun(args.tests);
    const start = performance.now();
    const link = docLinker({ repoRoot: '.', reportDir: dir, cwd: dir });
    const { results, files } = renderReviewerReport(inputs, link);
    const renderMs = performance.now() - start;
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), files.index);
    writeFileSync(join(dir, 'report.js'), files.script);
    for (const chunk of files.chunks) writeFileSync(join(dir, chunk.file), chunk.text);
    writeFileSync(join(dir, 'floor.html'), '<!doctype html><p id="f-count">1</p>');
    const n = results.tests.length;
    const first = Buffer.byteLength(files.index) + Buffer.byteLength(files.script);
    const details = files.chunks.reduce((sum, c) => sum + Buffer.byteLength(c.text), 0);
    console.log(
      `generated run: ${String(n)} tests on ${String(results.pages.length)} pages; rendered in ${(renderMs / 1000).toFixed(1)} s`,
    );
    console.log(`  first screen (index.html, report.js)  ${String(first).padStart(11)} bytes  ${kb(first, n)}`);
    console.log(
      `  page details (${String(files.chunks.length)} chunks)         ${String(details).padStart(11)} bytes  ${kb(details, n)}`,
    );
    console.log(
      `  reviewer report                       ${String(first + details).padStart(11)} bytes  ${kb(first + details, n)} (issue 19: ≤ 0.8 KB)`,
    );

    const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!existsSync(executablePath)) {
      console.log(`no Chromium at ${executablePath}: browser times not measured`);
      return;
    }
    const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox'] });
    const rows: Record<string, number[]> = {
      floor: [],
      'first screen': [],
      'failed only': [],
      search: [],
      'open a page': [],
    };
    try {
      for (let round = 0; round < args.rounds; round++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const count = page.locator('#f-count');
        rows.floor?.push(
          await timed(page, async () => {
            await page.goto(`file://${join(dir, 'floor.html')}`);
            await count.waitFor();
          }),
        );
        rows['first screen']?.push(
          await timed(page, async () => {
            await page.goto(`file://${join(dir, 'index.html')}`);
            await count.filter({ hasText: 'pages shown' }).waitFor();
          }),
        );
        const pages = String(results.pages.length);
        rows['failed only']?.push(
          await timed(page, async () => {
            await page.locator('#f-failed').check();
            await count.filter({ hasNotText: `${pages} of ${pages}` }).waitFor();
          }),
        );
        await page.locator('#f-failed').uncheck();
        await count.filter({ hasText: `${pages} of ${pages}` }).waitFor();
        rows.search?.push(
          await timed(page, async () => {
            await page.locator('#f-text').fill('needle_page');
            await count.filter({ hasText: `1 of ${pages}` }).waitFor();
          }),
        );
        rows['open a page']?.push(
          await timed(page, async () => {
            await page.locator('details.page:visible summary').first().click();
            await page.locator('details.page:visible details.test').first().waitFor();
          }),
        );
        await page.close();
      }
    } finally {
      await browser.close();
    }
    const floor = median(rows.floor ?? []);
    console.log(`headless Chromium, ${String(args.rounds)} rounds, medians (ratio to the floor: a one-line page):`);
    for (const [name, times] of Object.entries(rows))
      console.log(
        `  ${name.padEnd(14)} ${median(times).toFixed(0).padStart(6)} ms  ${(median(times) / floor).toFixed(1)}×`,
      );
    console.log('  (issue 19: the first screen within 2 s)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
