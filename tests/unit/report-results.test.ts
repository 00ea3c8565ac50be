import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResults } from '../../src/report/build-report.ts';
import { parseResults, resultsSchemaErrors } from '../../src/report/read-results.ts';
import { collected, FACTS } from './support/report-fixtures.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { SEED_FILE, SEED_TEXT } from './support/seed.ts';

const results = buildResults({
  tests: [
    collected(),
    collected({ example: 'update_photos', check: 'PATCH /users/{usersId}/photos', outcome: 'unexpected' }),
    collected({
      example: 'update_photos',
      check: 'PATCH /me/photos without Authorization',
      outcome: 'skipped',
      skipReason: 'no value for {usersId}',
    }),
    collected({
      page: 'broken.md',
      example: 'cannot be used',
      outcome: 'unexpected',
      error: 'Error: fixtures/docs/broken.md:3: error invalid-front-matter: bad YAML',
    }),
  ],
  pages: [],
  facts: FACTS,
});

test('the results of a run validate against the published schema', () => {
  assert.deepEqual(resultsSchemaErrors(results), []);
  assert.deepEqual(resultsSchemaErrors(JSON.parse(JSON.stringify(results))), []);
});

test('each test has its page, example, check, verdict, signature and timing', () => {
  const byTitle = new Map(results.tests.map((t) => [t.title, t]));
  const failing = byTitle.get('update-photos.md › update_photos › PATCH /users/{usersId}/photos');
  assert.equal(failing?.verdict, 'failed');
  assert.equal(failing.page, 'fixtures/docs/update-photos.md');
  assert.equal(failing.check, 'PATCH /users/{usersId}/photos');
  assert.equal(failing.failure?.signature, 'documented properties are present with their types: /width');
  assert.equal(failing.durationMs, 42);
  const unusable = byTitle.get('broken.md › cannot be used');
  assert.equal(unusable?.example, null);
  assert.equal(
    byTitle.get('update-photos.md › update_photos › PATCH /me/photos without Authorization')?.skipReason,
    'no value for {usersId}',
  );
  assert.deepEqual(results.counts, { passed: 1, failed: 2, flaky: 0, skipped: 1 });
});

test('page verdicts are their worst test; findings come from the annotations, once each', () => {
  const page = results.pages.find((p) => p.file === 'fixtures/docs/update-photos.md');
  assert.equal(page?.verdict, 'failed');
  assert.deepEqual(page.findings, [
    {
      rule: 'todo-placeholder',
      severity: 'warning',
      message: 'TODO placeholder: "Provide Github Name"',
      location: 'fixtures/docs/update-photos.md:4',
    },
  ]);
});

test('coverage lists each documented operation, exercised or why not', () => {
  const seed = parsePage(SEED_FILE, SEED_TEXT);
  const withDocs = buildResults({
    tests: [
      collected({ page: 'update-photos.md' }),
      collected({
        check: 'PATCH /users/{usersId}/photos',
        outcome: 'skipped',
        skipReason: 'no value for {usersId}: set PARAM_usersId',
      }),
    ].map((t) => ({
      ...t,
      annotations: t.annotations.map((a) =>
        a.type === 'documented at' ? { ...a, description: `${seed.file}:60` } : a,
      ),
    })),
    pages: [seed],
    facts: FACTS,
  });
  const operations = withDocs.pages.find((p) => p.file === seed.file)?.operations;
  assert.deepEqual(operations, [
    { operation: 'PATCH /me/photos', exercised: true, reason: null },
    {
      operation: 'PATCH /users/{usersId}/photos',
      exercised: false,
      reason: 'skipped: no value for {usersId}: set PARAM_usersId',
    },
  ]);
  assert.deepEqual(resultsSchemaErrors(withDocs), []);
});

test('a file that is not a results file is refused with its location', () => {
  assert.throws(() => parseResults('{', 'old.json'), /^Error: old\.json:1: not JSON/);
  const wrong = { ...results, tests: [{ ...results.tests[0], verdict: 'green' }] };
  assert.throws(
    () => parseResults(JSON.stringify(wrong), 'old.json'),
    /old\.json:1: not a graph-conformance results file: \/tests\/0\/verdict: must be equal to one of the allowed values/,
  );
});
