/**
 * A finished test as the report needs it, in plain data: what Playwright's reporter API gives, minus Playwright.
 * The reporter fills it (see `from-playwright.ts`); everything after it is pure and testable without a run.
 */

export interface CollectedStep {
  readonly title: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly durationMs: number;
  /** The step's own error message, without terminal colours. */
  readonly error: string | null;
}

export interface CollectedAttachment {
  readonly name: string;
  readonly contentType: string;
  readonly text: string;
}

export interface CollectedTest {
  /** The test's own title: `<doc file> › <example>[ › <check>]`. */
  readonly title: string;
  readonly tags: readonly string[];
  /** Static annotations (`documented at`, `doc warning`, `doc error`) and `skip` with its reason. */
  readonly annotations: readonly { readonly type: string; readonly description?: string }[];
  /** Playwright's outcome over all attempts. */
  readonly outcome: 'expected' | 'unexpected' | 'flaky' | 'skipped';
  readonly attempts: number;
  /** The last attempt. */
  readonly durationMs: number;
  readonly error: string | null;
  readonly steps: readonly CollectedStep[];
  readonly attachments: readonly CollectedAttachment[];
}
