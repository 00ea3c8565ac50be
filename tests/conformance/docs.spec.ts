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
import { formatLocation, type Finding } from '../../src/core/finding.ts';
import { docContradiction } from '../../src/run/sentences.ts';
import { mockSessionOf } from '../../src/run/run-state.ts';
import { documentedReads, type DocumentedReads } from '../../src/run/read-back.ts';

const index = loadSuiteIndex();
// A write is read back with the GET the doc set documents for its path: worked out once per worker, from its DocSet.
const readsOf = new WeakMap<object, DocumentedReads>();

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

function reads(docSet: { readonly pages: Parameters<typeof documentedReads>[0] }): DocumentedReads {
  let known = readsOf.get(docSet);
  if (known === undefined) readsOf.set(docSet, (known = documentedReads(docSet.pages)));
  return known;
}

for (const entry of index.cases) {
  test(
    entry.title,
    { tag: [...entry.tags], annotation: [...entry.annotations] },
    async ({ suite: loaded, client, writeGuard, ledger }, testInfo) => {
      const c = suiteCase(loaded, entry.title);
      skipUnlessSendable(c, loaded.settings, ledger);
      await runCase(c, {
        origin: targetOrigin(loaded.settings),
        settings: loaded.settings,
        registry: loaded.docSet.registry,
        client,
        writeGuard,
        ledger,
        documentedReads: reads(loaded.docSet),
        ...(loaded.settings.targetUrl === undefined ? { mockSession: mockSessionOf(testInfo.testId) } : {}),
      });
    },
  );
}
