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
import { formatLocation, type Finding } from '../../src/core/finding.ts';
import { docContradiction } from '../../src/run/sentences.ts';
import { mockSessionOf } from '../../src/run/run-state.ts';
import { documentedReads } from '../../src/run/read-back.ts';

const suite = loadSuite();
// A write is read back with the GET the doc set documents for its path.
const reads = documentedReads(suite.docSet.pages);

// Inputs that cannot be used fail on their own, located, while every other page is still checked: one test per file
// (titles must be unique), failing with the first of its findings and naming them all.
const byFile = new Map<string, Finding[]>();
for (const finding of suite.inputFindings)
  byFile.set(finding.location.file, [...(byFile.get(finding.location.file) ?? []), finding]);
for (const [file, findings] of byFile) {
  const [first] = findings as [Finding, ...Finding[]];
  test(
    `${file} › cannot be used`,
    {
      annotation: [
        { type: 'doc page', description: file },
        { type: 'documented at', description: formatLocation(first.location) },
      ],
    },
    ({ ledger }) => {
      ledger.about({ page: { file }, documented: first.location });
      ledger.fail('read the page', {
        // A page the harness failed on is ours to fix; any other input that cannot be used is the page's.
        cause: findings.some((f) => f.rule === 'page-failed') ? 'harness' : 'doc',
        rule: first.rule,
        finding: first,
        documentedAt: findings.map((f) => f.location),
        pointers: [],
        message: findings.map((f) => `${formatLocation(f.location)}: ${docContradiction(f)}`).join('\n'),
      });
    },
  );
}
const tenantFile = suite.tenantFileError;
if (tenantFile !== undefined) {
  test(`${tenantFile.location.file} › cannot be used`, ({ ledger }) => {
    ledger.about({ page: { file: tenantFile.location.file }, documented: tenantFile.location });
    ledger.fail('read the tenant file', {
      cause: 'harness',
      rule: 'harness-error',
      documentedAt: [tenantFile.location],
      pointers: [],
      message: `${tenantFile.error} (TENANT_FILE: fix the file, or point TENANT_FILE at another)`,
    });
  });
}

for (const c of suite.docSet.cases) {
  // The request without Authorization is also the missing-required-header probe: tagged with the probes.
  const tag = c.kind.type === 'requires-auth' ? [...c.tags, PROBE_TAG] : [...c.tags];
  test(
    c.title,
    { tag, annotation: docAnnotations(c) },
    async ({ suite: loaded, client, writeGuard, ledger }, testInfo) => {
      skipUnlessSendable(c, loaded.settings, ledger);
      await runCase(c, {
        origin: targetOrigin(loaded.settings),
        settings: loaded.settings,
        registry: loaded.docSet.registry,
        client,
        writeGuard,
        ledger,
        documentedReads: reads,
        ...(loaded.settings.targetUrl === undefined ? { mockSession: mockSessionOf(testInfo.testId) } : {}),
      });
    },
  );
}
