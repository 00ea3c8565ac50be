/**
 * The suite's Playwright fixtures. Per worker: the loaded suite, the token source, the run's request budget and the
 * client that sends to the target. Per test: the redactor, the ledger (whose record is written when the test ends,
 * whatever happened: passed, failed, skipped, timed out) and the write guard, whose teardown undoes the test's writes,
 * also when the test failed or timed out. The write guard uses the ledger, so Playwright tears it down first: a write
 * that could not be undone is in the test's record.
 */
import { _baseTest as base } from '@playwright/test';
import { loadSuite, type Suite } from './suite.ts';
import type { Redactor } from '../core/redact.ts';
import { MOCK_TEST_TOKEN } from '../core/embedded-tenant.ts';
import { tokenSourceFor, type TokenSource } from './auth/token-source.ts';
import { runStateDir } from './run-state.ts';
import { redactRun } from './run-secrets.ts';
import { guardWorkerOutput } from './output-guard.ts';
import type { PathScrubber } from '../core/machine-paths.ts';
import { machinePathScrubber } from '../settings/report-settings.ts';
import { settings } from '../settings/settings.ts';
import { runClient, type TargetClient, type TargetRequest } from './target-client.ts';
import { TenantRestorer } from './tenant-restore.ts';
import { describeFix, formatRestoreFailures, type RestoreFailure } from './restore-plan.ts';
import type { UnrestoredRecord } from '../core/verdict.ts';
import { emitterFor } from './emit.ts';
import { TestLedger } from './ledger.ts';
import type { Exchange } from './exchange.ts';

// Before any test of this worker runs: whatever it reports leaves through the run's redactor, naming files as the docs
// repository and the project do: no report (Playwright's HTML, JSON, JUnit, ours) may name a folder
// of the machine that ran, and they all write what the worker reported.
let scrubPaths: PathScrubber | undefined;
guardWorkerOutput((text) => redactRun((scrubPaths ??= machinePathScrubber(settings()))(text)));

/** What a test does around each request that can change the target. */
export interface WriteGuard {
  /** undefined: send it (its undo is registered); else why it must not be sent (the test is skipped with it). */
  beforeWrite(request: TargetRequest): Promise<string | undefined>;
  afterWrite(result: Exchange): void;
}

const UNGUARDED: WriteGuard = { beforeWrite: () => Promise.resolve(undefined), afterWrite: () => undefined };

export interface CaseFixtures {
  readonly redact: Redactor;
  readonly ledger: TestLedger;
  readonly writeGuard: WriteGuard;
}

export interface WorkerFixtures {
  readonly suite: Suite;
  readonly tokens: TokenSource;
  readonly client: TargetClient;
}

// Built on Playwright's base test type, without its browser fixtures: a conformance test opens no browser and sends
// through the harness's own client, and those fixtures (context options, trace and screenshot recording, each set up
// and torn down around every test) cost a test most of Playwright's own time: ~7 ms of CPU a test, measured (a trivial
// test: 9 ms on `test`, 2 ms on `_baseTest`, which Playwright exports and types for this use).
// Fixtures are boxed whole (`box: 'self'`): no step of their own. Playwright captures and source-maps a stack for each
// step, twice a test-scoped fixture a test; such a step would be most of Playwright's HTML report, and tells a reader
// of the docs nothing. What a fixture does inside (the write guard's restoring requests) stays visible.
export const test = base.extend<CaseFixtures, WorkerFixtures>({
  suite: [
    async ({}, use) => {
      await use(loadSuite());
    },
    { scope: 'worker', box: 'self' },
  ],
  tokens: [
    async ({ suite }, use) => {
      const { credentials, targetUrl } = suite.settings;
      await use(tokenSourceFor(credentials, targetUrl, MOCK_TEST_TOKEN, runStateDir()));
    },
    { scope: 'worker', box: 'self' },
  ],
  client: [
    async ({ suite, tokens }, use, workerInfo) => {
      await use(runClient(suite.settings, tokens, workerInfo.config.workers));
    },
    { scope: 'worker', box: 'self' },
  ],
  redact: [
    async ({}, use) => {
      await use(redactRun);
    },
    { box: 'self' },
  ],
  ledger: [
    async ({ suite, redact }, use, testInfo) => {
      const { strictness, failOnDoc } = suite.settings;
      const ledger = new TestLedger(emitterFor(testInfo, redact), testInfo, { strictness, failOnDoc });
      await use(ledger);
      await ledger.write();
    },
    { box: 'self' },
  ],
  writeGuard: [
    async ({ suite, client, redact, ledger }, use, testInfo) => {
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
      ledger.unrestored(failures.map(unrestoredRecord));
      const text = formatRestoreFailures(failures);
      testInfo.annotations.push({ type: 'restore failed', description: text });
      console.error(`\n!!! ${text}\n`);
      const error = new Error(`the tenant was left changed by this test's writes:\n${text}`);
      error.stack = error.message; // the values to put back are the useful part, not the harness's stack
      throw error;
    },
    { box: 'self' },
  ],
});

function unrestoredRecord(failure: RestoreFailure): UnrestoredRecord {
  return {
    path: failure.path,
    cause: failure.cause,
    problem: failure.problem,
    fix: describeFix(failure.path, failure.fix),
    original: failure.fix.kind === 'write' ? failure.fix.values : null,
  };
}
