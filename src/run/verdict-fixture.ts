/**
 * The suite's `test`: the fixtures of `fixtures.ts`, and each test's ledger, whose record is written when the test
 * ends, whatever happened (passed, failed, skipped, timed out).
 */
import { test as base } from './fixtures.ts';
import { emitterFor } from './emit.ts';
import { TestLedger } from './ledger.ts';

export const test = base.extend<{ readonly ledger: TestLedger }>({
  ledger: async ({ suite, redact }, use, testInfo) => {
    const { strictness, failOnDoc } = suite.settings;
    const ledger = new TestLedger(emitterFor(testInfo, redact), testInfo, { strictness, failOnDoc });
    await use(ledger);
    await ledger.write();
  },
});
