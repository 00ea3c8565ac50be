/**
 * The run's teardown project (runs after every doc test, also after failures): the tenant file's cleanups, each
 * checked, and the run's summary of writes that could not be undone. Anything left changed fails this test loudly,
 * is printed, and is written to REPORTS_DIR/restore-failures.txt with what to fix by hand.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RestoreFailure, Cleanup } from '../../src/run/playwright-entry.ts';
import { harness } from './harness.ts';

const {
  test,
  settings: readSettings,
  MOCK_TEST_TOKEN,
  tokenSourceFor,
  redactRun: redact,
  formatRestoreFailures,
  readPrivateJson,
  readRecords,
  runStateDir,
  runClient,
  readTenantFile,
  runCleanups,
} = harness;

const settings = readSettings();
const tenant = readTenantFile(settings.tenantFile);
const hasCleanups = !('error' in tenant) && tenant.setup.some((s) => s.cleanup !== undefined);

if (hasCleanups || (settings.targetUrl !== undefined && settings.allowWrites)) {
  test('run teardown › tenant left as it was', async ({}, testInfo) => {
    const dir = runStateDir();
    const tokens = tokenSourceFor(settings.credentials, settings.targetUrl, MOCK_TEST_TOKEN, dir);
    const client = runClient(settings, tokens, testInfo.config.workers);

    const stored = readPrivateJson(dir, 'cleanups');
    const cleanups = Array.isArray(stored) ? (stored as Cleanup[]) : [];
    const failures = [
      ...(readRecords(dir, 'restoreFailures') as RestoreFailure[]),
      ...(await runCleanups(cleanups, client, 30_000)),
    ];
    testInfo.annotations.push({
      type: 'tenant changes undone',
      description: `${cleanups.length} setup cleanup(s); ${failures.length} failure(s)`,
    });
    if (failures.length === 0) return;

    const text = redact(formatRestoreFailures(failures));
    mkdirSync(settings.reportsDir, { recursive: true });
    const summary = join(settings.reportsDir, 'restore-failures.txt');
    writeFileSync(summary, `${text}\n`);
    console.error(`\n!!! THE TENANT WAS LEFT CHANGED !!!\n${text}\n(also in ${summary})\n`);
    const error = new Error(`${text}\n(also in ${summary})`);
    error.stack = error.message;
    throw error;
  });
}
