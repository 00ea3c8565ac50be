/**
 * The probes: for each documented example, requests its tables say must be refused, generated valid bodies that
 * must be accepted, and requests the page is silent or conditional about, whose answers are observed. Tagged
 * `@probe`, titled under the example: `update-photos.md › update_photos › probe: …`.
 * `npx playwright test --grep-invert @probe` runs the examples alone.
 */
import { harness, type Harness } from './harness.ts';

const { test, loadSuiteIndex, suiteProbe, runProbe, caseContext } = harness;
// An assertion function narrows only through a name declared with its type.
const skipUnlessSendable: Harness['skipUnlessSendable'] = harness.skipUnlessSendable;

// One body for every probe: Playwright parses a test function's source for its fixtures once per function.
const runDocumentedProbe: Parameters<typeof test>[2] = async ({ suite, client, writeGuard, ledger }, testInfo) => {
  const p = suiteProbe(suite, testInfo.title);
  skipUnlessSendable(p, suite.settings, ledger);
  await runProbe(p, caseContext(suite, { client, writeGuard, ledger }, testInfo.testId));
};

for (const entry of loadSuiteIndex().probes)
  test(entry.title, { tag: [...entry.tags], annotation: [...entry.annotations] }, runDocumentedProbe);
