/**
 * The generated suite: one test per documented example, per other documented path, and per required-auth check,
 * from the docs named by `DOCS`. Titles come from doc paths and example names, so they are stable across runs.
 * Collecting reads only the suite's index (titles, tags, annotations); a test reads its case when it runs.
 */
import { test } from '../../src/run/fixtures.ts';
import { loadSuiteIndex, suiteCase } from '../../src/run/suite.ts';
import { runCase } from '../../src/run/run-case.ts';
import { targetOrigin } from '../../src/settings/settings.ts';
import { skipUnlessSendable } from '../../src/run/generated-test.ts';
import { formatFinding } from '../../src/core/finding.ts';

const index = loadSuiteIndex();

// Inputs that cannot be used fail on their own, located, while every other page is still checked.
for (const finding of index.inputFindings) {
  test(`${finding.location.file} › cannot be used`, () => {
    const error = new Error(formatFinding(finding));
    error.stack = error.message; // the location is the useful part, not the harness's stack
    throw error;
  });
}

for (const entry of index.cases) {
  test(
    entry.title,
    { tag: [...entry.tags], annotation: [...entry.annotations] },
    async ({ suite, client, writeGuard, redact }, testInfo) => {
      const c = suiteCase(suite, entry.title);
      skipUnlessSendable(c, suite.settings);
      await runCase(c, {
        origin: targetOrigin(suite.settings),
        settings: suite.settings,
        registry: suite.docSet.registry,
        client,
        writeGuard,
        redact,
        testInfo,
      });
    },
  );
}
