/**
 * The suite's Playwright fixtures. Per worker: the loaded suite, the token source, the run's request budget and the
 * client that sends to the target. Per test: the redactor and the write guard, whose teardown undoes the test's
 * writes, also when the test failed or timed out.
 */
import { test as base } from '@playwright/test';
import { loadSuite, type Suite } from './suite.ts';
import type { Redactor } from '../core/redact.ts';
import { MOCK_TOKEN } from '../settings/settings.ts';
import { tokenSourceFor, type TokenSource } from './auth/token-source.ts';
import { runStateDir } from './run-state.ts';
import { redactRun } from './run-secrets.ts';
import { guardWorkerOutput } from './output-guard.ts';
import { runClient, type TargetClient, type TargetRequest } from './target-client.ts';
import { TenantRestorer } from './tenant-restore.ts';
import { formatRestoreFailures } from './restore-plan.ts';
import type { Exchange } from './exchange.ts';

// Before any test of this worker runs: whatever it reports leaves through the run's redactor.
guardWorkerOutput(redactRun);

/** What a test does around each request that can change the target. */
export interface WriteGuard {
  /** undefined: send it (its undo is registered); else why it must not be sent (the test is skipped with it). */
  beforeWrite(request: TargetRequest): Promise<string | undefined>;
  afterWrite(result: Exchange): void;
}

const UNGUARDED: WriteGuard = { beforeWrite: () => Promise.resolve(undefined), afterWrite: () => undefined };

export interface CaseFixtures {
  readonly redact: Redactor;
  readonly writeGuard: WriteGuard;
}

export interface WorkerFixtures {
  readonly suite: Suite;
  readonly tokens: TokenSource;
  readonly client: TargetClient;
}

export const test = base.extend<CaseFixtures, WorkerFixtures>({
  suite: [
    async ({}, use) => {
      await use(loadSuite());
    },
    { scope: 'worker' },
  ],
  tokens: [
    async ({ suite }, use) => {
      const { credentials, targetUrl } = suite.settings;
      await use(tokenSourceFor(credentials, targetUrl, MOCK_TOKEN, runStateDir()));
    },
    { scope: 'worker' },
  ],
  client: [
    async ({ suite, tokens }, use, workerInfo) => {
      await use(runClient(suite.settings, tokens, workerInfo.config.workers));
    },
    { scope: 'worker' },
  ],
  redact: async ({}, use) => {
    await use(redactRun);
  },
  writeGuard: async ({ suite, client, redact }, use, testInfo) => {
    const { settings } = suite;
    // ALLOW_WRITES=1 guards every write to TARGET_URL (loopback too); the embedded mock's state is the run's own.
    if (settings.targetUrl === undefined || !settings.allowWrites) {
      await use(UNGUARDED);
      return;
    }
    const restorer = new TenantRestorer(client, {
      createdByRun: suite.createdByRun,
      runDir: runStateDir(),
      test: testInfo.titlePath.slice(1).join(' › '),
      redact,
      timeoutMs: 30_000,
    });
    await use({
      beforeWrite: (request) => restorer.prepare(request),
      afterWrite: (result) => {
        restorer.noteAnswer(result);
      },
    });
    const failures = await restorer.restoreAll();
    if (failures.length === 0) return;
    // The test changed the tenant and could not put it back: whatever its checks said, it failed, and it says what
    // the original values were and how to put them back.
    const text = formatRestoreFailures(failures);
    testInfo.annotations.push({ type: 'restore failed', description: text });
    console.error(`\n!!! ${text}\n`);
    const error = new Error(`the tenant was left changed by this test's writes:\n${text}`);
    error.stack = error.message; // the values to put back are the useful part, not the harness's stack
    throw error;
  },
});
