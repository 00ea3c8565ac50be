/**
 * The generated suite: one test per documented example, per other documented path, and per required-auth check,
 * from the docs named by `DOCS`. Titles come from doc paths and example names, so they are stable across runs.
 */
import { test } from '../../src/run/fixtures.ts';
import { loadSuite } from '../../src/run/suite.ts';
import { runCase } from '../../src/run/run-case.ts';
import { targetOrigin } from '../../src/settings/settings.ts';
import { docAnnotations, skipUnlessSendable } from '../../src/run/generated-test.ts';
import { PROBE_TAG } from '../../src/cases/probes.ts';

const suite = loadSuite();

for (const c of suite.docSet.cases) {
  // The request without Authorization is also the missing-required-header probe: tagged with the probes.
  const tag = c.kind.type === 'requires-auth' ? [...c.tags, PROBE_TAG] : [...c.tags];
  test(
    c.title,
    { tag, annotation: docAnnotations(c) },
    async ({ suite: loaded, client, writeGuard, redact }, testInfo) => {
      skipUnlessSendable(c, loaded.settings);
      await runCase(c, {
        origin: targetOrigin(loaded.settings),
        settings: loaded.settings,
        registry: loaded.docSet.registry,
        client,
        writeGuard,
        redact,
        testInfo,
      });
    },
  );
}
