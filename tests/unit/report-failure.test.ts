import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  failurePointers,
  failureSignature,
  normaliseHeadline,
  schemaErrorLines,
  stripAnsi,
} from '../../src/report/failure.ts';

const SCHEMA_MESSAGE =
  'Error: the body does not match microsoft.graph.profilePhoto:\n  /height: is "6", must be integer or null (type), documented at fixtures/docs/update-photos.md:48\n  /width: must be integer (type)';

test('schema error lines are read back into pointer, message, rule and doc line', () => {
  assert.deepEqual(schemaErrorLines(SCHEMA_MESSAGE), [
    {
      pointer: '/height',
      message: 'is "6", must be integer or null',
      keyword: 'type',
      source: 'fixtures/docs/update-photos.md:48',
    },
    { pointer: '/width', message: 'must be integer', keyword: 'type', source: null },
  ]);
});

test('the pointers a failure names are sorted and unique', () => {
  assert.deepEqual(
    failurePointers(
      'the response departs:\n  /width is missing; the doc shows it\n  /height: is a string\n  /width again',
    ),
    ['/height', '/width'],
  );
  assert.deepEqual(failurePointers('the doc shows 200; the target answered 404'), []);
});

test('terminal colours are removed', () => {
  assert.equal(stripAnsi('\u001b[31mExpected\u001b[39m: 200'), 'Expected: 200');
});

test('a signature does not depend on the target, the docs root or ids', () => {
  const a =
    'Error: PATCH http://127.0.0.1:7357/beta/users/3f1e9a52-5c1e-4d5b-9a47-9a7e2b1c0d11/photos got no answer (fixtures/docs/update-photos.md:60)';
  const b =
    'Error: PATCH https://graph.microsoft.com/beta/users/00000000-0000-4000-8000-000000000000/photos got no answer (/abs/docs/update-photos.md:60)';
  assert.equal(normaliseHeadline(a), normaliseHeadline(b));
  assert.equal(
    failureSignature('send PATCH /me/photos', a),
    'send PATCH /me/photos: PATCH <target>/beta/users/<id>/photos got no answer (<doc>)',
  );
});

test('a signature with pointers names the step and the pointers', () => {
  assert.equal(
    failureSignature('body matches microsoft.graph.profilePhoto', SCHEMA_MESSAGE),
    'body matches microsoft.graph.profilePhoto: /height, /width',
  );
  assert.equal(failureSignature(null, 'boom'), 'test: boom');
});
