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
import { formatFinding, type Finding } from '../../src/core/finding.ts';

const suite = loadSuite();

// Inputs that cannot be used fail on their own, located, while every other page is still checked: one test per file.
const byFile = new Map<string, Finding[]>();
for (const finding of suite.inputFindings)
  byFile.set(finding.location.file, [...(byFile.get(finding.location.file) ?? []), finding]);
for (const [file, findings] of byFile) {
  test(`${file} › cannot be used`, () => {
    const error = new Error(findings.map(formatFinding).join('\n'));
    error.stack = error.message; // the location is the useful part, not the harness's stack
    throw error;
  });
}

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
