/**
 * The results file: built from the tests' verdict records (never from their messages), valid against the published
 * schema (schemas/results.schema.json), with counts by verdict and by cause.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResults } from '../../src/report/build-report.ts';
import { parseResults, resultsSchemaErrors } from '../../src/report/read-results.ts';
import { failureSignature } from '../../src/report/records.ts';
import { collected, departure, FACTS } from './support/report-fixtures.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { SEED_FILE, SEED_TEXT } from './support/seed.ts';

const finding = {
  rule: 'request-body-schema' as const,
  severity: 'error' as const,
  message:
    'the request body of "update_photos" does not match the request-body table: /color is not a documented property',
  location: { file: 'fixtures/docs/update-photos.md', line: 70 },
  related: { file: 'fixtures/docs/update-photos.md', line: 45 },
  pointer: '/color',
};

const results = buildResults({
  tests: [
    collected(),
    collected({ example: 'update_photos', check: 'PATCH /users/{usersId}/photos', outcome: 'unexpected' }),
    collected({
      example: 'update_photos',
      check: 'PATCH /me/photos without Authorization',
      outcome: 'skipped',
      skip: { rule: 'placeholder-unfilled', reason: 'no value for {usersId}' },
    }),
    collected({
      example: 'update_photos_doc',
      outcome: 'expected',
      expectedStatus: 'failed',
      departures: [
        departure('doc', {
          rule: 'request-body-schema',
          step: 'status is 200',
          pointers: [],
          documented: 200,
          actual: 400,
          finding,
        }),
      ],
    }),
    collected({ page: 'broken.md', example: null, outcome: 'unexpected', noRecord: true }),
    collected({
      example: 'update_photos_null',
      observations: [
        {
          rule: 'null-undocumented',
          subject: 'width',
          message: 'the page is silent on null for width; the target refused it',
          documentedAt: [{ file: 'fixtures/docs/update-photos.md', line: 49 }],
          status: 400,
          outcome: 'refused',
        },
      ],
    }),
  ],
  pages: [],
  facts: FACTS,
});

test('the results of a run validate against the published schema', () => {
  assert.deepEqual(resultsSchemaErrors(results), []);
  assert.deepEqual(resultsSchemaErrors(JSON.parse(JSON.stringify(results))), []);
});

test('each test has its page, example, check, verdict, cause, signature and timing, from its record', () => {
  const byTitle = new Map(results.tests.map((t) => [t.title, t]));
  const failing = byTitle.get('update-photos.md › update_photos › PATCH /users/{usersId}/photos');
  assert.equal(failing?.verdict, 'failed');
  assert.equal(failing.cause, 'target');
  assert.equal(failing.rule, 'documented-properties');
  assert.equal(failing.page, 'fixtures/docs/update-photos.md');
  assert.equal(failing.check, 'PATCH /users/{usersId}/photos');
  assert.equal(failing.operation, 'PATCH /users/{usersId}/photos');
  assert.equal(
    failing.failure?.signature,
    'documented properties are present with their types [documented-properties]: /width',
  );
  assert.equal(failing.durationMs, 42);
  const skipped = byTitle.get('update-photos.md › update_photos › PATCH /me/photos without Authorization');
  assert.deepEqual(skipped?.skip, { rule: 'placeholder-unfilled', reason: 'no value for {usersId}' });
  assert.equal(skipped.cause, null);
});

test('an expected failure with a doc cause is a failure of the page: counted, with the lint finding that explains it', () => {
  const doc = results.tests.find((t) => t.example === 'update_photos_doc');
  assert.equal(doc?.verdict, 'failed');
  assert.equal(doc.cause, 'doc');
  assert.equal(doc.departures[0]?.finding?.related, 'fixtures/docs/update-photos.md:45');
  assert.equal(doc.failure?.signature, 'status is 200 [request-body-schema]: 200 → 400');
  const page = results.pages.find((p) => p.file === 'fixtures/docs/update-photos.md');
  assert.ok(page?.findings.some((f) => f.rule === 'request-body-schema' && f.location.endsWith(':70')));
});

test('a test that failed without a record is the harness’s; it has no example', () => {
  const broken = results.tests.find((t) => t.page === 'fixtures/docs/broken.md');
  assert.equal(broken?.cause, 'harness');
  assert.equal(broken.example, null);
  assert.equal(broken.failure?.message, 'Error: boom');
});

test('counts: by verdict, failures by cause, and the tests that observed something', () => {
  assert.deepEqual(results.counts, {
    passed: 2,
    failed: 3,
    flaky: 0,
    skipped: 1,
    byCause: { target: 1, doc: 1, observation: 0, harness: 1 },
    observed: 1,
  });
  const observed = results.tests.find((t) => t.example === 'update_photos_null');
  assert.equal(observed?.observations[0]?.outcome, 'refused');
});

test('a signature is built from data: step, rule, pointers or values', () => {
  assert.equal(
    failureSignature(departure('target', { pointers: ['/b', '/a', '/b'] })),
    'documented properties are present with their types [documented-properties]: /a, /b',
  );
  assert.equal(
    failureSignature(
      departure('target', { rule: 'status', step: 'status is 200', pointers: [], documented: 200, actual: 404 }),
    ),
    'status is 200 [status]: 200 → 404',
  );
  assert.equal(failureSignature(undefined), 'test [harness-error]');
});

test('coverage lists each documented operation, exercised or why not, from the operations the records name', () => {
  const seed = parsePage(SEED_FILE, SEED_TEXT);
  const withDocs = buildResults({
    tests: [
      collected({ page: 'update-photos.md' }),
      collected({
        check: 'PATCH /users/{usersId}/photos',
        outcome: 'skipped',
        skip: { rule: 'placeholder-unfilled', reason: 'no value for {usersId}: set PARAM_usersId' },
      }),
    ],
    pages: [seed],
    facts: FACTS,
  });
  const operations = withDocs.pages.find((p) => p.file === seed.file)?.operations;
  assert.deepEqual(operations, [
    { operation: 'PATCH /me/photos', exercised: true, reason: null },
    {
      operation: 'PATCH /users/{usersId}/photos',
      exercised: false,
      reason: 'skipped: placeholder-unfilled: no value for {usersId}: set PARAM_usersId',
    },
  ]);
  assert.deepEqual(resultsSchemaErrors(withDocs), []);
});

test('a file that is not a results file is refused with its location', () => {
  assert.throws(() => parseResults('{', 'old.json'), /^Error: old\.json:1: not JSON/);
  const wrong = { ...results, tests: [{ ...results.tests[0], verdict: 'green' }] };
  assert.throws(
    () => parseResults(JSON.stringify(wrong), 'old.json'),
    /old\.json:1: not a graph-conformance results file: .*\/tests\/0\/verdict: must be equal to one of the allowed values/,
  );
  const causeless = { ...results, tests: results.tests.map((t) => ({ ...t, cause: null })) };
  assert.ok(resultsSchemaErrors(causeless).length > 0, 'a failed test without a cause is not a results file');
});
