/**
 * The README's screenshots of the reviewer report, taken in headless Chromium from a run's report on disk:
 *
 *   node --import tsx scripts/reviewer-screenshots.ts REPORTS_DIR/conformance [OUT_DIR (default docs)]
 *
 * - `reviewer-report-first-screen.png`: the first screen as it opens.
 * - `reviewer-report-page.png`: "failed only", the first page whose tests the service departs from (else the first
 *   shown) opened at its first failing test.
 * - `reviewer-report-warnings.png`: the first page "passed with warnings", opened at its findings.
 *
 * The README says which run they show. Chromium is /usr/bin/chromium, or CHROMIUM_PATH.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Locator, type Page } from '@playwright/test';

const VIEWPORT = { width: 1200, height: 900 };

function fail(message: string): never {
  console.error(`reviewer-screenshots: ${message}`);
  process.exit(2);
}

/** Opens a page line of the first screen, waits for its details, and scrolls it up to below the sticky filter bar. */
async function openAt(page: Page, pageLine: Locator, inside: string): Promise<void> {
  await pageLine.locator('summary').first().click();
  await pageLine.locator(inside).first().waitFor();
  const box = await pageLine.boundingBox();
  if (box === null) fail('the opened page is not shown');
  await page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height / 2);
  await page.mouse.wheel(0, box.y - 80);
  await page.waitForTimeout(300); // the wheel scrolls smoothly; the report's CSP allows no script to ask where
}

async function main(): Promise<void> {
  const [reportDir, outDir = 'docs'] = process.argv.slice(2);
  if (reportDir === undefined) fail('give the reviewer report folder (REPORTS_DIR/conformance) of a run');
  const index = resolve(reportDir, 'index.html');
  if (!existsSync(index)) fail(`${index} does not exist: give the reviewer report folder of a run`);
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) fail(`no Chromium at ${executablePath}: apt-get install -y chromium`);
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const open = async (): Promise<void> => {
      await page.goto(`file://${index}`);
      await page
        .locator('#f-count')
        .filter({ hasText: /pages shown/ })
        .waitFor();
    };

    await open();
    await page.screenshot({ path: join(outDir, 'reviewer-report-first-screen.png') });

    await page.locator('#f-failed').check();
    const departs = page.locator('details.page[data-status="service-departs"]');
    const failed = (await departs.count()) > 0 ? departs.first() : page.locator('details.page').first();
    await openAt(page, failed, 'details.test[data-verdict="failed"]');
    await page.screenshot({ path: join(outDir, 'reviewer-report-page.png') });

    await open();
    await page.locator('#f-status').selectOption('passed-with-warnings');
    const warned = page.locator('details.page[data-status="passed-with-warnings"]').first();
    if ((await warned.count()) === 0) fail('no page passed with warnings in this run');
    await openAt(page, warned, '.details ul.findings');
    await page.screenshot({ path: join(outDir, 'reviewer-report-warnings.png') });
    console.log(`reviewer-screenshots: wrote 3 screenshots to ${outDir}`);
  } finally {
    await browser.close();
  }
}

await main();
