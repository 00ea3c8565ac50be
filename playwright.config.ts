/**
 * `npx playwright test`: the conformance run. With no TARGET_URL it starts the embedded mock tenant and checks the
 * docs against it; with TARGET_URL (and GRAPH_TOKEN) it checks them against that target.
 */
import { defineConfig } from '@playwright/test';
import dotenv from 'dotenv';
import { readSettings, SettingsError, targetOrigin, type Settings } from './src/run/settings.ts';

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
const mockUrl = `http://127.0.0.1:${settings.mockPort}`;

export default defineConfig({
  testDir: './tests/conformance',
  outputDir: settings.testResultsDir,
  fullyParallel: true, // one test per example: spread them over both workers
  workers: process.env.PW_WORKERS ? Number(process.env.PW_WORKERS) : 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: [
    [process.env.CI ? 'dot' : 'list'],
    ['html', { open: 'never', outputFolder: settings.htmlReportDir }],
    ['junit', { outputFile: `${settings.reportsDir}/junit.xml` }],
    ['json', { outputFile: `${settings.reportsDir}/results.json` }],
  ],
  use: {
    baseURL: targetOrigin(settings),
    // Traces record every request header, the token included; the report attaches redacted exchanges instead.
    trace: 'off',
  },
  ...(settings.targetUrl
    ? {}
    : {
        webServer: {
        command: `node --import tsx src/cli.ts mock --port ${settings.mockPort} --docs ${JSON.stringify(settings.docs.join(','))}`,
        url: `${mockUrl}/health`,
        reuseExistingServer: !process.env.CI,
        timeout: 30_000,
        stdout: 'ignore',
        stderr: 'pipe',
        },
      }),
});
