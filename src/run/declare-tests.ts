/**
 * What each spec part declares (see `spec-parts.ts`): the examples of its pages (one test per documented example, per
 * other documented path, and per required-auth check, plus a failing test per input file that cannot be used) or
 * their probes. Titles come from doc paths and example names, so they are stable across runs. Collecting reads only
 * the part's index (titles, tags, annotations, page numbers); a test reads its case when it runs.
 *
 * The spec file passes its own `test` call in (`declare`): Playwright places a test where `test()` is called, and a
 * report should point at the spec file, not at this module.
 */
import type { TestInfo } from '@playwright/test';
import { formatLocation, type Finding } from '../core/finding.ts';
import { test, type CaseFixtures, type WorkerFixtures } from './fixtures.ts';
import { loadSuitePart, suiteCase, suiteProbe, type TestEntry } from './suite.ts';
import { caseContext, runCase } from './run-case.ts';
import { runProbe } from './run-probe.ts';
import { skipUnlessSendable } from './generated-test.ts';
import { docContradiction } from './sentences.ts';
import { BLOCK_TESTS, GROUP_PAGES_ABOVE, inputTitle } from './spec-parts.ts';

type Body = (fixtures: CaseFixtures & WorkerFixtures, testInfo: TestInfo) => Promise<void> | void;
type Details = { readonly tag?: string[]; readonly annotation?: { type: string; description: string }[] };

/** `test` as the spec file calls it. */
export type Declare = (title: string, details: Details, body: Body) => void;

/** The page number of each test this process declared, by title: its case or probe is read from that page's chunk. */
const pageOf = new Map<string, number>();

function pageOfTest(testInfo: TestInfo): number {
  return pageOf.get(testInfo.title) ?? -1;
}

// One body for every test: Playwright reads a test function's source to find the fixtures it asks for, once per
// function, so a closure per test would cost that parse 64,000 times over the whole reference.
const runDocumented: Body = async ({ suite, client, writeGuard, ledger }, testInfo) => {
  const c = suiteCase(suite, testInfo.title, pageOfTest(testInfo));
  skipUnlessSendable(c, suite.settings, ledger);
  await runCase(c, caseContext(suite, { client, writeGuard, ledger }, testInfo.testId));
};

const runDocumentedProbe: Body = async ({ suite, client, writeGuard, ledger }, testInfo) => {
  const p = suiteProbe(suite, testInfo.title, pageOfTest(testInfo));
  skipUnlessSendable(p, suite.settings, ledger);
  await runProbe(p, caseContext(suite, { client, writeGuard, ledger }, testInfo.testId));
};

/** The examples of part `part`, and the inputs of that part that cannot be used. */
export function declareExamples(part: number, declare: Declare): void {
  const index = loadSuitePart(part);
  declareUnusable(index.inputFindings, declare);
  const tenantFile = index.tenantFileError;
  if (tenantFile !== undefined) {
    declare(inputTitle(tenantFile.location.file), {}, ({ ledger }) => {
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
  declareEntries(index.cases, runDocumented, declare);
}

/** The probes of part `part`. */
export function declareProbes(part: number, declare: Declare): void {
  declareEntries(loadSuitePart(part).probes, runDocumentedProbe, declare);
}

function declareEntries(entries: readonly TestEntry[], body: Body, declare: Declare): void {
  const one = (entry: TestEntry): void => {
    pageOf.set(entry.title, entry.page);
    declare(entry.title, { tag: [...entry.tags], annotation: [...entry.annotations] }, body);
  };
  if (entries.length <= GROUP_PAGES_ABOVE) {
    for (const entry of entries) one(entry);
    return;
  }
  const pages = new Map<number, TestEntry[]>();
  for (const entry of entries) {
    const tests = pages.get(entry.page);
    if (tests) tests.push(entry);
    else pages.set(entry.page, [entry]);
  }
  let block: TestEntry[] = [];
  const close = (): void => {
    const tests = block;
    block = [];
    // An anonymous block adds nothing to titles (nor to Playwright's test ids); `default` runs it in order, in one
    // worker, and a failing test hands the rest of the block to the next worker, as it would one test.
    test.describe(() => {
      test.describe.configure({ mode: 'default' });
      for (const entry of tests) one(entry);
    });
  };
  for (const tests of pages.values()) {
    block.push(...tests);
    if (block.length >= BLOCK_TESTS) close();
  }
  if (block.length > 0) close();
}

/**
 * Inputs that cannot be used fail on their own, located, while every other page is still checked: one test per file
 * (titles must be unique), failing with the first of its findings and naming them all.
 */
function declareUnusable(inputFindings: readonly Finding[], declare: Declare): void {
  const byFile = new Map<string, Finding[]>();
  for (const finding of inputFindings)
    byFile.set(finding.location.file, [...(byFile.get(finding.location.file) ?? []), finding]);
  for (const [file, findings] of byFile) {
    const [first] = findings as [Finding, ...Finding[]];
    declare(
      inputTitle(file),
      { annotation: [{ type: 'documented at', description: formatLocation(first.location) }] },
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
}
