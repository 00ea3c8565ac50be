/**
 * The suite's Playwright fixtures. Per worker: the loaded suite, the token source, the run's request budget and the
 * client that sends to the target. Per test: the redactor and the write guard, whose teardown undoes the test's
 * writes, also when the test failed or timed out.
 */
import { test as base } from '@playwright/test';
import { loadSuite, type Suite } from './suite.ts';
import { growingRedactor, type Redactor } from '../core/redact.ts';
import { MOCK_TOKEN, secretValues, targetOrigin } from '../settings/settings.ts';
import { tokenSourceFor, type TokenSource } from './auth/token-source.ts';
import { SharedBudget, UNLIMITED, type SendGate } from './request-budget.ts';
import { runStateDir } from './run-state.ts';
import { TargetClient } from './target-client.ts';
import { TenantRestorer } from './tenant-restore.ts';
import { formatRestoreFailures } from './restore-plan.ts';
import type { Exchange } from './exchange.ts';
import type { UnsignedRequest } from './target-client.ts';

/** What a test does around each request that can change the target. */
export interface WriteGuard {
  /** undefined: send it (its undo is registered); else why it must not be sent (the test is skipped with it). */
  beforeWrite(request: UnsignedRequest): Promise<string | undefined>;
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

/** Redacts the run's secrets, every token handed out so far included. */
function redactorFor(suite: Suite, tokens: TokenSource): Redactor {
  const fixed = secretValues(suite.settings);
  return growingRedactor(() => [...fixed, ...tokens.handedOut]);
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
      const { settings } = suite;
      // The embedded mock is the run's own: no budget. A real target shares one among the workers.
      const budget: SendGate =
        settings.targetUrl === undefined
          ? UNLIMITED
          : new SharedBudget(runStateDir(), settings.requestsPerSecond, workerInfo.config.workers);
      const policy = { maxRetries: settings.maxRetries, maxWaitSeconds: settings.maxRetryAfterSeconds };
      await use(new TargetClient(targetOrigin(settings), tokens, policy, budget, redactorFor(suite, tokens)));
    },
    { scope: 'worker' },
  ],
  redact: async ({ suite, tokens }, use) => {
    await use(redactorFor(suite, tokens));
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
    if (failures.length > 0) {
      const text = formatRestoreFailures(failures);
      testInfo.annotations.push({ type: 'restore failed', description: text });
      console.error(`\n!!! ${text}\n`);
    }
  },
});
