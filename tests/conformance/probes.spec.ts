/**
 * The probes: for each documented example, requests its tables say must be refused, and generated valid bodies that
 * must be accepted. Tagged `@probe`, titled under the example: `update-photos.md › update_photos › probe: …`.
 * `npx playwright test --grep-invert @probe` runs the examples alone.
 */
import { test } from '../../src/run/fixtures.ts';
import { loadProbes } from '../../src/run/probes.ts';
import { runProbe } from '../../src/run/run-probe.ts';
import { targetOrigin } from '../../src/run/settings.ts';
import { decideWrite } from '../../src/run/write-guard.ts';
import { formatFinding, formatLocation } from '../../src/docs/model.ts';

for (const p of loadProbes()) {
  const annotation = [
    { type: 'documented at', description: formatLocation(p.documented) },
    ...p.page.findings.map((f) => ({ type: `doc ${f.severity}`, description: formatFinding(f) })),
  ];
  test(p.title, { tag: [...p.tags], annotation }, async ({ suite, client, writeGuard, redact }, testInfo) => {
    // Decided before anything is sent: a write to a target that takes none never leaves the machine.
    const write = decideWrite(p.example.request.method, targetOrigin(suite.settings), suite.settings.allowWrites);
    test.skip(!write.allowed, write.allowed ? undefined : write.reason);
    if (!p.runnable) {
      test.skip(true, p.reason);
      return;
    }
    await runProbe(p, { origin: targetOrigin(suite.settings), settings: suite.settings, registry: suite.registry, client, writeGuard, redact, testInfo });
  });
}
