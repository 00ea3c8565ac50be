import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessPage, byWhatToDo, type PageStatus } from '../../src/report/page-status.ts';
import { pathScrubber, repoPath } from '../../src/core/machine-paths.ts';
import { findingsByRule } from '../../src/report/render-page.ts';
import type { FindingRecord, TestResultRecord } from '../../src/report/results-model.ts';

type T = Pick<TestResultRecord, 'verdict' | 'cause' | 'skip'>;
const passed: T = { verdict: 'passed', cause: null, skip: null };
const failed = (cause: 'doc' | 'target' | 'harness' | 'observation'): T => ({ verdict: 'failed', cause, skip: null });
const skipped = (rule: string, reason: string): T => ({ verdict: 'skipped', cause: null, skip: { rule, reason } });
const finding = (severity: 'error' | 'warning', rule = 'todo-placeholder', line = 1): FindingRecord => ({
  rule: rule as FindingRecord['rule'],
  severity,
  message: `m${String(line)}`,
  location: `api-reference/v1.0/api/a.md:${String(line)}`,
  related: null,
});

test('a page never reads "passed" with an error-level finding or a failing test', () => {
  const status = (tests: T[], findings: FindingRecord[] = []): PageStatus => assessPage(tests, findings).status;
  assert.equal(status([passed], [finding('error')]), 'needs-fixing');
  assert.equal(status([passed, failed('doc')]), 'needs-fixing');
  assert.equal(status([passed, failed('target')], [finding('error')]), 'needs-fixing', 'the page first');
  assert.equal(status([passed, failed('target')]), 'service-departs');
  assert.equal(status([passed, failed('observation')]), 'service-departs');
  assert.equal(status([passed, failed('harness')]), 'harness-error');
  assert.equal(status([skipped('placeholder-unfilled', 'no value for {id}')]), 'not-checked');
  assert.equal(status([]), 'not-checked');
  assert.equal(status([passed, skipped('x', 'y')], [finding('warning')]), 'passed-with-warnings');
  assert.equal(status([passed]), 'passed');
});

test('skips are counted by rule with a reason in words; findings by rule', () => {
  const a = assessPage(
    [skipped('placeholder-unfilled', 'no value for {id}'), skipped('placeholder-unfilled', 'no value for {x}'), passed],
    [finding('warning', 'invalid-json-body', 3), finding('warning', 'invalid-json-body', 9), finding('error')],
  );
  assert.deepEqual(a.skips, [{ rule: 'placeholder-unfilled', count: 2, reason: 'no value for {id}' }]);
  assert.deepEqual(a.rules, { 'invalid-json-body': 2, 'todo-placeholder': 1 });
  assert.equal(a.errors, 1);
  assert.equal(a.warnings, 2);
});

test('pages rank by what to do: status, then most failures, then errors, then path', () => {
  const page = (path: string, tests: T[], findings: FindingRecord[] = []) => ({
    path,
    assessment: assessPage(tests, findings),
  });
  const ranked = [
    page('a.md', [passed]),
    page('b.md', [failed('target')]),
    page('c.md', [failed('doc')]),
    page('d.md', [failed('doc'), failed('doc')]),
    page('e.md', [skipped('r', 'why')]),
  ]
    .sort(byWhatToDo)
    .map((p) => p.path);
  assert.deepEqual(ranked, ['d.md', 'c.md', 'b.md', 'e.md', 'a.md']);
});

test('findings group by rule, errors first, each group with every location', () => {
  const groups = findingsByRule([
    finding('warning', 'invalid-json-body', 3),
    finding('error', 'todo-placeholder', 5),
    finding('warning', 'invalid-json-body', 9),
  ]);
  assert.deepEqual(
    groups.map((g) => [g.rule, g.findings.map((f) => f.location)]),
    [
      ['todo-placeholder', ['api-reference/v1.0/api/a.md:5']],
      ['invalid-json-body', ['api-reference/v1.0/api/a.md:3', 'api-reference/v1.0/api/a.md:9']],
    ],
  );
});

test('machine paths become paths of the docs repository or the project', () => {
  const scrub = pathScrubber(['/home/ci/docs-checkout', '/home/ci/project']);
  assert.equal(
    scrub('at /home/ci/docs-checkout/api-reference/v1.0/api/user-get.md:42 (docs /home/ci/docs-checkout)'),
    'at api-reference/v1.0/api/user-get.md:42 (docs .)',
  );
  assert.equal(scrub('/home/ci/project/tests/conformance/docs.spec.ts'), 'tests/conformance/docs.spec.ts');
  assert.equal(scrub('/home/ci/projects/other'), '/home/ci/projects/other', 'only whole folder names');
  assert.equal(repoPath('/r/api-reference/beta/api/a.md', '/r', '/p'), 'api-reference/beta/api/a.md');
  assert.equal(repoPath('fixtures/docs/a.md', '/p', '/p'), 'fixtures/docs/a.md');
});
