/**
 * The reviewer report at scale, in Chromium: a generated run of 10,200 tests (1,700 pages) opens from disk, filters
 * "failed only", searches, and loads a page's details when it is opened. Times are the bench's (`npm run
 * bench:report`), not asserted here.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { docLinker } from '../../src/report/doc-links.ts';
import { renderReviewerReport } from '../../src/report/reviewer-reporter.ts';
import { generatedRun } from '../unit/support/generated-run.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TESTS = 10_200;

/** Writes the generated run's reviewer report into `dir`, as the reporter does. */
function writeReport(dir: string): { pages: number; failedPages: number } {
  const link = docLinker({ repoRoot: '.', reportDir: join(dir, 'conformance'), cwd: dir });
  const { results, files } = renderReviewerReport(generatedRun(TESTS), link);
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), files.index);
  writeFileSync(join(dir, 'report.js'), files.script);
  for (const chunk of files.chunks) writeFileSync(join(dir, chunk.file), chunk.text);
  const failed = new Set(results.tests.filter((t) => t.verdict === 'failed').map((t) => t.page));
  return { pages: results.pages.length, failedPages: failed.size };
}

describe('the reviewer report of a run of 10,200 tests, in Chromium', () => {
  const skip = existsSync(CHROMIUM)
    ? false
    : `no Chromium at ${CHROMIUM} (install it with apt-get install -y chromium, or set CHROMIUM_PATH)`;
  let browser: Browser | undefined;
  let dir = '';
  let counts = { pages: 0, failedPages: 0 };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gdc-report-scale-'));
    counts = writeReport(dir);
    if (skip === false)
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('opens from disk, filters failed only, searches, and opens a page', { skip }, async () => {
    assert.ok(browser);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`file://${join(dir, 'index.html')}`);
    const count = page.locator('#f-count');
    await assert.doesNotReject(
      count.filter({ hasText: `${String(counts.pages)} of ${String(counts.pages)}` }).waitFor(),
    );
    // The first screen ranks the pages to fix first: the page's own contradictions, then the service's departures.
    const first = await page.locator('details.page').first().getAttribute('data-status');
    assert.equal(first, 'needs-fixing');

    await page.locator('#f-failed').check();
    await count.filter({ hasText: `${String(counts.failedPages)} of ${String(counts.pages)} pages shown` }).waitFor();
    assert.equal(await page.locator('details.page:visible[data-failed=""]').count(), 0);

    await page.locator('#f-failed').uncheck();
    await page.locator('#f-text').fill('needle_page');
    await count.filter({ hasText: `1 of ${String(counts.pages)} pages shown` }).waitFor();
    const needle = page.locator('details.page:visible');
    assert.match(
      (await needle.locator('summary').textContent()) ?? '',
      /api-reference\/(v1\.0|beta)\/api\/needle-page\.md/,
    );

    // Skip reasons are on the first screen, without opening anything.
    await page.locator('#f-text').fill('resource1-update');
    await page.locator('details.page:visible', { hasText: 'needle-page' }).waitFor({ state: 'detached' });
    const skips = page.locator('details.page:visible .skips');
    assert.match((await skips.textContent()) ?? '', /not checked: placeholder-unfilled ×6 \(no value for \{thingId\}/);

    // The details load when the page is opened: its tests, the failing one open with its diff.
    await page.locator('#f-text').fill('needle_page');
    await page.locator('details.page:visible', { hasText: 'resource1-update' }).waitFor({ state: 'detached' });
    await needle.locator('summary').first().click();
    const failing = needle.locator('details.test[data-verdict="failed"][open]');
    await failing.first().waitFor();
    assert.ok((await failing.locator('table.diff').count()) > 0);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
