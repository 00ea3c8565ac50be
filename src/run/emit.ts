/**
 * The one way a test of ours writes into Playwright's results: attachments and annotations, each redacted first.
 * Every verdict, record and message a test emits passes here, so the run's secrets (and the capability URLs a test
 * learns on the way) never reach a report.
 */
import type { TestInfo } from '@playwright/test';
import { redactor, type Redactor } from '../core/redact.ts';

export interface Emitter {
  attach(name: string, body: string, contentType: string): Promise<void>;
  /** Adds an annotation, unless one of the same type and description is there. */
  annotate(type: string, description: string): void;
  /** Redacts as the emitter does (for a text built into an error or a step title). */
  readonly redact: Redactor;
  /** Also redacts this secret from now on (a pre-authenticated URL the test was handed). */
  guard(secret: string): void;
}

export function emitterFor(testInfo: TestInfo, base: Redactor): Emitter {
  const extra: string[] = [];
  const redact: Redactor = (text) => (extra.length === 0 ? base(text) : redactor(extra)(base(text)));
  return {
    redact,
    guard(secret) {
      extra.push(secret);
    },
    async attach(name, body, contentType) {
      await testInfo.attach(name, { body: redact(body), contentType });
    },
    annotate(type, description) {
      const text = redact(description);
      if (!testInfo.annotations.some((a) => a.type === type && a.description === text))
        testInfo.annotations.push({ type, description: text });
    },
  };
}
