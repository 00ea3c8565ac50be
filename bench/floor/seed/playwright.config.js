/* global process */
/**
 * The seed run's floor (`npm run bench`): a bare Playwright project, plain JavaScript, that sends as many requests
 * as the harness's seed run has tests (`FLOOR_TESTS`), one per test, to a bare node:http server started in its global
 * setup, with the same three Playwright reporters the harness uses (list or dot, html, junit; its json only on request). Nothing else: no
 * docs, no schemas, no mock. The harness's run cannot be faster than this.
 */
import { defineConfig } from '@playwright/test';

const out = process.env.FLOOR_OUT ?? 'floor-out';

export default defineConfig({
  testDir: '.',
  testMatch: /floor\.spec\.js$/,
  globalSetup: './global-setup.js',
  fullyParallel: true,
  workers: Number(process.env.PW_WORKERS ?? '2'),
  retries: 0,
  reporter: [
    [process.env.CI ? 'dot' : 'list'],
    ['html', { open: 'never', outputFolder: `${out}/playwright-report` }],
    ['junit', { outputFile: `${out}/reports/junit.xml` }],
  ],
  outputDir: `${out}/test-results`,
  use: { trace: 'off' },
});
