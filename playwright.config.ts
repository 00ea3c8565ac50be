/**
 * `npx playwright test`: the conformance run. With no TARGET_URL it starts the embedded mock tenant (a fresh one per
 * run, see tests/conformance/global-setup.ts) and checks the docs against it; with TARGET_URL (and GRAPH_TOKEN) it
 * checks them against that target, once the preflight has seen it answer and take the token.
 */
import { defineConfig } from '@playwright/test';
import dotenv from 'dotenv';
import { readSettings, SettingsError, type Settings } from './src/settings/settings.ts';
import { claimRunStateDir } from './src/run/run-state.ts';

// ENV_FILE lets a run ignore a developer's .env (the project's own tests do).
dotenv.config({ quiet: true, path: process.env.ENV_FILE ?? '.env' });

function settingsOrExit(): Settings {
  try {
    return readSettings();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(`graph-conformance: ${error.message}`);
    process.exit(2);
  }
}

const settings = settingsOrExit();
// The run's private folder (shared token, captured values, throttling pause); workers inherit its name.
claimRunStateDir();
// One probe seed for the whole run: chosen here when PROBE_SEED is unset, inherited by every worker, named in the report.
const probeSeed = settings.probeSeed ?? Math.floor(Math.random() * 2 ** 31);
process.env.PROBE_SEED = String(probeSeed);

export default defineConfig({
  testDir: './tests/conformance',
  outputDir: settings.testResultsDir,
  // Before any test: the preflight (DOCS, TARGET_URL, the token) and the run's own mock tenant, on a free port.
  globalSetup: './tests/conformance/global-setup.ts',
  fullyParallel: true, // one test per example: spread them over both workers
  // A worker has one request in flight at a time, so MAX_CONCURRENCY caps the workers.
  workers: Math.min(process.env.PW_WORKERS ? Number(process.env.PW_WORKERS) : 2, settings.maxConcurrency),
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  // In every report (HTML header, JSON `config.metadata`): how strictly this run checked, and how its probes were seeded.
  metadata: { strictness: settings.strictness, probeSeed, probeRuns: settings.probeRuns },
  reporter: [
    [process.env.CI ? 'dot' : 'list'],
    ['html', { open: 'never', outputFolder: settings.htmlReportDir }],
    ['junit', { outputFile: `${settings.reportsDir}/junit.xml` }],
    ['json', { outputFile: `${settings.reportsDir}/playwright.json` }],
    // The reviewer report (conformance/index.html) and our results format (results.json): see src/report/.
    ['./src/report/reviewer-reporter.ts', { outputDir: settings.reportsDir }],
  ],
  // setup: the access token and the tenant file's setup requests, once per run; teardown: their cleanups and the
  // summary of writes that could not be undone. Both hold tests only when the run needs them.
  projects: [
    { name: 'setup', testMatch: /tenant\.setup\.ts$/, teardown: 'teardown' },
    { name: 'teardown', testMatch: /tenant-teardown\.setup\.ts$/ },
    { name: 'docs', dependencies: ['setup'] },
  ],
  use: {
    // Requests go through the harness's own client (see README); the mock's origin is known only once it listens.
    ...(settings.targetUrl !== undefined ? { baseURL: settings.targetUrl } : {}),
    // Traces record every request header, the token included; the report attaches redacted exchanges instead.
    trace: 'off',
  },
});
