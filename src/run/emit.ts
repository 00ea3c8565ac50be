/**
 * The one way a test of ours writes into Playwright's results: attachments and annotations, each redacted with the
 * run's redactor (run-secrets.ts: the settings' secrets, tokens handed out, the path and query of every URL a target
 * hands out). The worker's output guard (output-guard.ts) redacts every message that leaves the worker again; redacting
 * here as well keeps what the test holds in memory (its verdict record) free of secrets before it is written.
 */
import type { TestInfo } from '@playwright/test';
import type { Redactor } from '../core/redact.ts';

export interface Emitter {
  attach(name: string, body: string, contentType: string): Promise<void>;
  /** Adds an annotation, unless one of the same type and description is there. */
  annotate(type: string, description: string): void;
  /** Redacts as the emitter does (for a text built into an error or a skip reason). */
  readonly redact: Redactor;
}

export function emitterFor(testInfo: TestInfo, redact: Redactor): Emitter {
  return {
    redact,
    // Pushed, not `testInfo.attach()`: that also adds an "Attach" step, located at this line of the harness, and
    // Playwright's HTML report highlights every file a step is located in, whole, for its step snippets (the run's
    // bundle is 27,000 lines: 0.15 s of the seed run's end). The attachment is reported all the same.
    attach(name, body, contentType) {
      testInfo.attachments.push({ name, body: Buffer.from(redact(body), 'utf8'), contentType });
      return Promise.resolve();
    },
    annotate(type, description) {
      const text = redact(description);
      if (!testInfo.annotations.some((a) => a.type === type && a.description === text))
        testInfo.annotations.push({ type, description: text });
    },
  };
}
