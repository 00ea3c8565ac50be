/**
 * A finished test as the report needs it, in plain data: what Playwright's reporter API gives, minus Playwright.
 * The reporter fills it (see `from-playwright.ts`); everything after it is pure and testable without a run.
 */
import type { VerdictRecord } from '../core/verdict.ts';

export interface CollectedStep {
  readonly title: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly durationMs: number;
  /** The step's own error message, without terminal colours (shown as is; never read for facts). */
  readonly error: string | null;
}

export interface CollectedTest {
  /** The test's own title: `<doc file> › <example>[ › <check>]`. */
  readonly title: string;
  readonly tags: readonly string[];
  /**
   * The static `documented at` annotation (`file:line`) and its file, for a test that never ran (it has no record):
   * the page it belongs to, as data.
   */
  readonly page: string | null;
  readonly documentedAt: string | null;
  /** Playwright's outcome over all attempts. */
  readonly outcome: 'expected' | 'unexpected' | 'flaky' | 'skipped';
  /** Playwright's expected status: `failed` for a test that ended as an expected failure (a doc cause). */
  readonly expectedStatus: 'passed' | 'failed' | 'skipped' | 'timedOut' | 'interrupted';
  readonly attempts: number;
  /** The last attempt. */
  readonly durationMs: number;
  readonly steps: readonly CollectedStep[];
  /** The verdict record of the last attempt; null when the test never ran (or is not one of ours). */
  readonly record: VerdictRecord | null;
  /** The record of the last failed attempt, for a flaky test (its failure had a cause too). */
  readonly failedRecord: VerdictRecord | null;
  /** Playwright's error of the last attempt, for a test without a record (shown, never read for facts). */
  readonly error: string | null;
}
