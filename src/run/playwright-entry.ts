/**
 * All the Playwright run's own files (playwright.config.ts, the spec, setup and global-setup files under
 * tests/conformance/) take from the harness, in one module: so that they load it compiled. Playwright transforms
 * every TypeScript file it loads, in the runner and again in each worker (a worker is restarted after each failing
 * test); tests/conformance/harness.ts loads this module from dist/ when it was compiled from src/ as it is now, and
 * a process never holds both copies (each keeps state: the settings read, the suite built, the redactor).
 */
export { test } from './fixtures.ts';
export { loadRunListings, prepareRunSuite } from './suite.ts';
export { declareExamples, declareProbes } from './declare-tests.ts';
export { claimRunStateDir, readPrivateJson, readRecords, runStateDir, writePrivateJson } from './run-state.ts';
export { SharedClientTokens, tokenSourceFor } from './auth/token-source.ts';
export { checkDocs, checkTarget, PreflightError, runSummary } from './preflight.ts';
export { provideRunMock, type RunMock } from './run-mock.ts';
export { chooseRunMetadata, graphVersionsOf } from './run-metadata.ts';
export { runClient, TargetClient } from './target-client.ts';
export { UNLIMITED } from './request-budget.ts';
export { redactRun } from './run-secrets.ts';
export { formatRestoreFailures, type RestoreFailure } from './restore-plan.ts';
export { readTenantFile } from './tenant-file.ts';
export { runCleanups, runSetup, SetupError, type Cleanup } from './tenant-setup.ts';
export { discoverValues } from './discovery.ts';
export { environment, settings, SettingsError, shareWithChildProcesses, type Settings } from '../settings/settings.ts';
export { docsRepoRoot } from '../settings/report-settings.ts';
export { MOCK_TEST_TOKEN } from '../core/embedded-tenant.ts';
export { harnessVersion } from '../core/harness-version.ts';
export { formatLocation, type Finding } from '../core/finding.ts';
export { docSetFingerprint } from '../docs/docs-fingerprint.ts';
export { loadDocModel } from '../docset/load-docset.ts';
