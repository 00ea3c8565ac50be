/**
 * `npx playwright test`: the conformance run. With no TARGET_URL it starts the embedded mock tenant (a fresh one per
 * run, see tests/conformance/global-setup.ts) and checks the docs against it; with TARGET_URL (and GRAPH_TOKEN) it
 * checks them against that target, once the preflight has seen it answer and take the token.
 */
import { defineConfig } from '@playwright/test';
import type * as ConfigEntry from './src/run/config-entry.ts';
import type { Settings } from './src/run/config-entry.ts';
import { harnessModule, importHarness } from './tests/conformance/harness-module.ts';

// Only what the config needs (see src/run/config-entry.ts): the specs load the rest, out of Playwright's transform.
const {
  environment,
  settings: readSettings,
  SettingsError,
  shareWithChildProcesses,
  claimRunStateDir,
} = await importHarness<typeof ConfigEntry>('run/config-entry');

// Settings come from the environment, then ENV_FILE (default .env): see src/settings/.
function settingsOrExit(): Settings {
  try {
    return readSettings();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    for (const line of error.message.split('\n')) console.error(`graph-conformance: ${line}`);
    process.exit(2);
  }
}

const first = settingsOrExit();
// The runner warns about look-alike names once; its workers (which find the run's folder named) do not repeat it.
if (first.runDir === undefined) for (const w of environment().warnings) console.error(`graph-conformance: ${w}`);
// The run's private folder (shared token, captured values, throttling pause); workers inherit its name.
claimRunStateDir();
// One probe seed for the whole run: chosen here when PROBE_SEED is unset, inherited by every worker, named in the report.
if (first.probeSeed === undefined) shareWithChildProcesses('PROBE_SEED', String(Math.floor(Math.random() * 2 ** 31)));
const settings = readSettings();
const probeSeed = settings.probeSeed;
// `npx playwright test --list` prints the tests and writes no report: a listing has no verdicts, so the last run's
// reports stay as they were (Playwright would otherwise write every report of the listed, unrun tests: over a minute
// for the whole reference). `--list --reporter=json` still gives Playwright's JSON listing.
const listing = process.argv.includes('--list');
const playwrightJson = `${settings.reportsDir}/playwright.json`;

export default defineConfig({
  testDir: './tests/conformance',
  outputDir: settings.testResultsDir,
  // Before any test: the preflight (DOCS, TARGET_URL, the token) and the run's own mock tenant, on a free port.
  globalSetup: './tests/conformance/global-setup.ts',
  // The harness compiled (tests/conformance/harness-module.ts loads it when it is current) is plain JavaScript:
  // Playwright's transform would only cost every process its time. It applies to what loads after this config.
  build: { external: ['**/dist/**'] },
  fullyParallel: true, // one test per example: spread them over both workers
  // A worker has one request in flight at a time, so MAX_CONCURRENCY caps the workers.
  workers: Math.min(settings.workers, settings.maxConcurrency),
  forbidOnly: settings.ci === true,
  retries: 0,
  timeout: 60_000,
  // In every report (HTML header, JSON `config.metadata`): how strictly this run checked, and how its probes were seeded.
  metadata: { strictness: settings.strictness, probeSeed, probeRuns: settings.probeRuns },
  reporter: listing
    ? [[settings.ci === true ? 'dot' : 'list']]
    : [
        [settings.ci === true ? 'dot' : 'list'],
        ['html', { open: 'never', outputFolder: settings.htmlReportDir }],
        ['junit', { outputFile: `${settings.reportsDir}/junit.xml` }],
        // Playwright's own JSON report only on request (PLAYWRIGHT_JSON=1): results.json is the machine-readable verdict.
        ...(settings.playwrightJson ? [['json', { outputFile: playwrightJson }] as const] : []),
        // Playwright's JSON and JUnit reports made lean (attachment bodies by reference) and free of machine paths.
        [
          harnessModule('report/lean-reports'),
          {
            ...(settings.playwrightJson ? { json: playwrightJson } : { stale: playwrightJson }),
            junit: `${settings.reportsDir}/junit.xml`,
          },
        ],
        // The reviewer report (conformance/index.html) and our results format (results.json): see src/report/.
        [harnessModule('report/reviewer-reporter'), { outputDir: settings.reportsDir }],
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
