/**
 * The generated suite: one test per documented example, per other documented path, and per required-auth check,
 * from the docs named by `DOCS`. Titles come from doc paths and example names, so they are stable across runs.
 * Collecting reads only the suite's index (titles, tags, annotations); a test reads its case when it runs.
 */
import type { Finding } from '../../src/run/playwright-entry.ts';
import { harness, type Harness } from './harness.ts';

const { test, loadSuiteIndex, suiteCase, runCase, caseContext, formatLocation, docContradiction } = harness;
// An assertion function narrows only through a name declared with its type.
const skipUnlessSendable: Harness['skipUnlessSendable'] = harness.skipUnlessSendable;

const index = loadSuiteIndex();

// Inputs that cannot be used fail on their own, located, while every other page is still checked: one test per file
// (titles must be unique), failing with the first of its findings and naming them all.
const byFile = new Map<string, Finding[]>();
for (const finding of index.inputFindings)
  byFile.set(finding.location.file, [...(byFile.get(finding.location.file) ?? []), finding]);
for (const [file, findings] of byFile) {
  const [first] = findings as [Finding, ...Finding[]];
  test(
    `${file} › cannot be used`,
    {
      annotation: [{ type: 'documented at', description: formatLocation(first.location) }],
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
const tenantFile = index.tenantFileError;
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

// One body for every test: Playwright reads a test function's source to find the fixtures it asks for, once per
// function, so a closure per test would cost that parse 64,000 times over the whole reference.
const runDocumented: Parameters<typeof test>[2] = async ({ suite, client, writeGuard, ledger }, testInfo) => {
  const c = suiteCase(suite, testInfo.title);
  skipUnlessSendable(c, suite.settings, ledger);
  await runCase(c, caseContext(suite, { client, writeGuard, ledger }, testInfo.testId));
};

for (const entry of index.cases)
  test(entry.title, { tag: [...entry.tags], annotation: [...entry.annotations] }, runDocumented);
