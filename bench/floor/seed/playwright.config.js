/* global process */
/**
 * The seed run's floor (`npm run bench`): a bare Playwright project, plain JavaScript, that sends as many requests
 * as the harness's seed run has tests (`FLOOR_TESTS`), one per test, to a bare node:http server started in its global
 * setup, with the same three Playwright reporters the harness uses (list or dot, html, junit; its json only on request). Nothing else: no
 * docs, no schemas, no mock: what a plain Playwright project pays for the requests. The harness's tests can take less a
 * test than this (they send through its own client, on Playwright's base test without the browser fixtures), so over
 * thousands of tests its ratio to this floor can be under 1.
 */
import { defineConfig } from '@playwright/test';
import { PARTS } from './floor-parts.js';

const out = process.env.FLOOR_OUT ?? 'floor-out';

export default defineConfig({
  testDir: '.',
  // The spec files the tests are declared in (floor-parts.js): the first alone, or all of them.
  testMatch: PARTS === 1 ? /floor-01\.spec\.js$/ : /floor-\d+\.spec\.js$/,
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
