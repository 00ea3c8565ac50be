/**
 * The probes: for each documented example, requests its tables say must be refused, generated valid bodies that
 * must be accepted, and requests the page is silent or conditional about, whose answers are observed. Tagged
 * `@probe`, titled under the example: `update-photos.md › update_photos › probe: …`.
 * `npx playwright test --grep-invert @probe` runs the examples alone.
 */
import { test } from '../../src/run/fixtures.ts';
import { loadSuite } from '../../src/run/suite.ts';
import { runProbe } from '../../src/run/run-probe.ts';
import { mockSessionOf } from '../../src/run/run-state.ts';
import { targetOrigin } from '../../src/settings/settings.ts';
import { docAnnotations, skipUnlessSendable } from '../../src/run/generated-test.ts';

for (const p of loadSuite().docSet.probes) {
  test(
    p.title,
    { tag: [...p.tags], annotation: docAnnotations(p) },
    async ({ suite, client, writeGuard, ledger }, testInfo) => {
      skipUnlessSendable(p, suite.settings, ledger);
      await runProbe(p, {
        origin: targetOrigin(suite.settings),
        settings: suite.settings,
        registry: suite.docSet.registry,
        client,
        writeGuard,
        ledger,
        ...(suite.settings.targetUrl === undefined ? { mockSession: mockSessionOf(testInfo.testId) } : {}),
      });
    },
  );
}
