/**
 * The reviewer report and the results file end to end: the product runs as a user runs it (the examples' spec files only, so
 * the suite is exactly the doc examples), against the embedded mock and against a target that breaks one of two doc
 * pages. Then `graph-conformance compare` on runs with different targets, and the report in Chromium.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { chromium } from '@playwright/test';
import { resultsSchemaErrors } from '../../src/report/read-results.ts';
import type { RunResults } from '../../src/report/results-model.ts';
import { artefactTexts } from './html-report.ts';
import { MARKUP_ID, startReportTarget } from './report-target.ts';
import { runPlaywright, WITH_PLAYWRIGHT_JSON, type PlaywrightRun } from './run-playwright.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const TOKEN = 'tkn-report-9d2c-SECRET-41aa';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SPEC = ['tests/conformance/docs/'];

function summary(run: PlaywrightRun): string {
  return `exit ${String(run.code)}\n${run.output.slice(-3000)}`;
}

function results(run: PlaywrightRun): RunResults {
  return JSON.parse(readFileSync(join(run.dir, 'reports/results.json'), 'utf8')) as RunResults;
}

/** Two doc pages: the seed page (beta) and the same page for v1.0, which the broken target answers without `width`. */
function twoPageDocs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-report-docs-'));
  const seed = readFileSync(join(ROOT, 'fixtures/docs/update-photos.md'), 'utf8');
  writeFileSync(join(dir, 'update-photos.md'), seed);
  writeFileSync(
    join(dir, 'update-photos-v1.md'),
    seed
      .replaceAll('graph.microsoft.com/beta/', 'graph.microsoft.com/v1.0/')
      .replace('"name": "update_photos"', '"name": "update_photos_v1"'),
  );
  return dir;
}

function compare(...args: string[]): { code: number | null; out: string } {
  const child = spawnSync(process.execPath, [join(ROOT, 'bin/graph-conformance.js'), 'compare', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: child.status, out: `${child.stdout}${child.stderr}` };
}

describe('the reviewer report and results file', () => {
  let seedRun: PlaywrightRun; // fixtures/docs against the embedded mock
  let mockRun: PlaywrightRun; // two pages against the embedded mock
  let brokenRun: PlaywrightRun; // two pages against the target that breaks v1.0
  let docs: string;

  before(async () => {
    docs = twoPageDocs();
    seedRun = await runPlaywright({ ENV_FILE: '/dev/null', ...WITH_PLAYWRIGHT_JSON }, SPEC);
    mockRun = await runPlaywright({ ENV_FILE: '/dev/null', DOCS: docs, ...WITH_PLAYWRIGHT_JSON }, SPEC);
    const target = await startReportTarget();
    try {
      brokenRun = await runPlaywright(
        {
          TARGET_URL: target.url,
          GRAPH_TOKEN: TOKEN,
          PARAM_usersId: 'u-1',
          DOCS: docs,
          ENV_FILE: '/dev/null',
          ...WITH_PLAYWRIGHT_JSON,
        },
        SPEC,
      );
    } finally {
      await target.close();
    }
  });

  test('a run writes results.json in the published schema and the reviewer report', () => {
    assert.equal(seedRun.code, 0, summary(seedRun));
    for (const run of [seedRun, mockRun, brokenRun]) {
      assert.deepEqual(resultsSchemaErrors(results(run)), [], `results.json of ${run.dir}`);
      assert.ok(existsSync(join(run.dir, 'reports/conformance/index.html')));
    }
    const seed = results(seedRun);
    assert.equal(seed.run.target.kind, 'mock');
    assert.equal(seed.pages.length, 1);
    assert.equal(seed.pages[0]?.verdict, 'passed');
    assert.ok(seed.counts.passed >= 4, JSON.stringify(seed.counts));
    const broken = results(brokenRun);
    assert.notEqual(brokenRun.code, 0, summary(brokenRun));
    assert.deepEqual(broken.run.target, { kind: 'url', origin: broken.run.target.origin });
    assert.deepEqual(
      broken.pages.map((p) => [p.file.replace(/^.*\//, ''), p.verdict]),
      [
        ['update-photos-v1.md', 'failed'],
        ['update-photos.md', 'passed'],
      ],
    );
    const failing = broken.tests.find((t) => t.title === 'update-photos-v1.md › update_photos_v1');
    assert.equal(failing?.verdict, 'failed');
    assert.match(failing.failure?.signature ?? '', /\/width/);
  });

  test('no report or results file holds the token', () => {
    for (const file of ['reports/results.json', 'reports/conformance/index.html']) {
      assert.ok(!readFileSync(join(brokenRun.dir, file), 'utf8').includes(TOKEN), `${file} holds the token`);
    }
  });

  test('no artefact of a run with absolute DOCS names a folder of the machine that ran', () => {
    // The docs are in a folder of their own under the system's temp folder, the run's outputs in another; the
    // reports name the docs as their repository would, and the harness's files relative to the project.
    const machine = [docs, ROOT.replace(/\/$/, ''), tmpdir()];
    for (const run of [mockRun, brokenRun]) {
      const texts = artefactTexts(run.dir);
      assert.ok(texts.has('reports/playwright.json') && texts.has('playwright-report/index.html#report.json'));
      // The failing run's reports carry its failure (message and code frame: where a machine path would show).
      assert.ok(
        run === mockRun || /"status":\s*"failed"/.test(texts.get('reports/playwright.json') ?? ''),
        'the failing run reported its failure',
      );
      for (const [file, text] of texts)
        for (const path of machine) {
          const at = absolutePathAt(text, path);
          assert.equal(at, -1, `${file} names ${path}: …${text.slice(Math.max(0, at - 80), at + 120)}…`);
        }
    }
  });

  test('compare lists the right buckets for runs against different targets', () => {
    const baseline = join(mockRun.dir, 'reports/results.json');
    const current = join(brokenRun.dir, 'reports/results.json');
    const broke = compare(baseline, current, '--markdown', join(brokenRun.dir, 'summary.md'));
    assert.equal(broke.code, 1, broke.out);
    const v1Tests = results(brokenRun)
      .tests.filter((t) => t.title.startsWith('update-photos-v1.md') && t.verdict === 'failed')
      .map((t) => t.title);
    assert.ok(v1Tests.length > 0);
    const written = JSON.parse(readFileSync(join(brokenRun.dir, 'reports/compare.json'), 'utf8')) as {
      buckets: Record<string, { title: string }[]>;
    };
    assert.deepEqual(
      written.buckets['new failure']?.map((e) => e.title),
      [...v1Tests].sort(),
    );
    assert.deepEqual(written.buckets['still failing'], []);
    assert.deepEqual(written.buckets.fixed, []);
    assert.match(broke.out, /new failure: \d+\n {2}update-photos-v1\.md › update_photos_v1/);

    const back = compare(current, baseline, '--out', join(mockRun.dir, 'back.json'));
    assert.equal(back.code, 0, back.out);
    const fixed = JSON.parse(readFileSync(join(mockRun.dir, 'back.json'), 'utf8')) as {
      buckets: Record<string, { title: string }[]>;
    };
    assert.deepEqual(
      fixed.buckets.fixed?.map((e) => e.title),
      [...v1Tests].sort(),
    );
    assert.deepEqual(fixed.buckets['new failure'], []);
    assert.equal(compare(baseline, current, '--fail-on', 'never').code, 0);
  });

  describe('in Chromium', () => {
    const haveChromium = existsSync(CHROMIUM);
    let browser: Browser | undefined;
    before(async () => {
      if (!haveChromium) return;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
    });
    after(async () => {
      await browser?.close();
    });
    const skip = haveChromium
      ? false
      : `no Chromium at ${CHROMIUM} (install it with apt-get install -y chromium, or set CHROMIUM_PATH)`;

    test("the seed run's report opens from disk and shows the seed page's verdicts", { skip }, async () => {
      assert.ok(browser);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`file://${join(seedRun.dir, 'reports/conformance/index.html')}`);
      const seed = page.locator('details.page');
      assert.equal(await seed.count(), 1);
      assert.match((await seed.getAttribute('data-status')) ?? '', /^passed/);
      assert.match((await seed.locator('summary').textContent()) ?? '', /passed.*fixtures\/docs\/update-photos\.md/);
      await seed.locator('summary').first().click();
      // A page's tests are filled in from its data chunk once it opens (a script load): wait for them.
      const badges = seed.locator('details.test > summary .badge');
      await badges.first().waitFor();
      const verdicts = await badges.allTextContents();
      assert.ok(verdicts.length >= 4 && verdicts.every((v) => v.includes('passed')), verdicts.join(', '));
      assert.deepEqual(errors, []);
      await page.close();
    });

    test(
      'the failing example shows its diff and reproducer, markup stays text, and "failed only" filters',
      { skip },
      async (t) => {
        assert.ok(browser);
        const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`file://${join(brokenRun.dir, 'reports/conformance/index.html')}`);
        const failingPage = page.locator('details.page[data-status="service-departs"]');
        assert.match((await failingPage.locator('summary').first().textContent()) ?? '', /\d target/);
        await failingPage.locator('summary').first().click();
        const failing = failingPage
          .locator('details.test[data-verdict="failed"]')
          .filter({ has: page.locator('summary', { hasText: /failed\s+update_photos_v1\s+target/ }) });
        await failing.waitFor();
        assert.ok(await failing.isVisible());
        const widthRow = failing.locator('table.diff tr.flagged', { hasText: '/width' });
        assert.equal(await widthRow.count(), 1);
        assert.match((await widthRow.textContent()) ?? '', /\/width\s*5\s*\(missing\)/);
        const idRow = failing.locator('table.diff tr', { hasText: '/id' });
        assert.ok(
          ((await idRow.textContent()) ?? '').includes(JSON.stringify(MARKUP_ID)),
          'the markup in the body is shown as text',
        );
        assert.equal(
          await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned),
          undefined,
          'markup in a response body ran',
        );
        const curl = (await failing.locator('.curl pre').textContent()) ?? '';
        assert.match(curl, /^curl -sS -i -X PATCH 'http:\/\/127\.0\.0\.1:\d+\/v1\.0\/me\/photos'/);
        assert.match(curl, /-H 'Authorization: Bearer '"\$GRAPH_TOKEN"/);
        assert.ok(!curl.includes(TOKEN));

        const passingPage = page.locator('details.page:not([data-status="service-departs"])');
        assert.ok(await passingPage.isVisible());
        await page.locator('#f-failed').check();
        assert.ok(await passingPage.isHidden(), '"failed only" hides the passing page');
        assert.ok(await failingPage.isVisible());
        assert.equal(
          await failingPage.locator('details.test[data-verdict="passed"]:visible').count(),
          0,
          'and the passing tests of a failing page',
        );
        assert.match((await page.locator('#f-count').textContent()) ?? '', /^1 of 2 pages shown$/);
        await page.locator('#f-failed').uncheck();
        await page.locator('#f-text').fill('update-photos-v1');
        await passingPage.waitFor({ state: 'hidden' });
        assert.ok(await passingPage.isHidden(), 'the text search filters pages');
        await page.locator('#f-text').fill('');
        await page.locator('#f-version').selectOption('beta');
        assert.ok(await failingPage.isHidden(), 'the version filter hides the v1.0 page');
        await page.locator('#f-version').selectOption('');
        assert.deepEqual(errors, []);

        await page.locator('#f-failed').check();
        const dir = process.env.SCREENSHOT_DIR ?? brokenRun.dir;
        mkdirSync(dir, { recursive: true });
        const shot = join(dir, 'reviewer-report.png');
        await page.screenshot({ path: shot, fullPage: true });
        assert.ok(statSync(shot).size > 10_000);
        t.diagnostic(`screenshot: ${shot}`);
        await page.close();
      },
    );
  });

  after(() => {
    // Keep the last screenshot next to the project's other test output for a human to look at.
    const shot = join(brokenRun.dir, 'reviewer-report.png');
    if (existsSync(shot) && process.env.SCREENSHOT_DIR === undefined) {
      mkdirSync(join(ROOT, 'test-results'), { recursive: true });
      copyFileSync(shot, join(ROOT, 'test-results', 'reviewer-report.png'));
    }
  });
});

/**
 * Where `text` names the folder `path` as an absolute path (`/tmp/x`, `"/tmp"`), or -1. A link relative to the
 * report (`../../tmp.x/page.md`, the docs on disk when no repository URL is set) names no absolute path: the clone
 * of a test may sit beside the docs' temp folder, so such a link passes through its name.
 */
function absolutePathAt(text: string, path: string): number {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![.\\w])${escaped}(?![\\w.-])`).exec(text)?.index ?? -1;
}
