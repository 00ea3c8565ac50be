/**
 * `meaningOf`, ApiDoctor's reading of an annotation's fields: every member of the meaning, in the model's order (a
 * stored DocSet and the JSON outputs show them so), with the optional ones present only when the annotation says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meaningOf } from '../../src/docs/annotation.ts';

/** The members in order, each with its value: key order is part of what is compared. */
const entries = (value: object): [string, unknown][] => Object.entries(value);

test('an annotation that says nothing has the defaults, and no optional member', () => {
  assert.deepEqual(entries(meaningOf({})), [
    ['isCollection', false],
    ['collectionProperty', 'value'],
    ['truncated', false],
    ['isEmpty', false],
    ['expectError', false],
    ['optionalProperties', []],
    ['openType', false],
    ['abstract', false],
    ['isMediaEntity', false],
    ['scopes', []],
    ['sampleKeys', []],
    ['tags', []],
    ['opaqueUrl', false],
  ]);
});

test('every field read, the optional members in their places', () => {
  const meaning = meaningOf({
    '@odata.type': ' Collection(microsoft.graph.user) ',
    '@type.aka': 'user',
    truncated: 'True',
    isEmpty: true,
    expectError: 'false',
    optionalProperties: [' a ', 'b', 3, ''],
    nullableProperties: 'c, d',
    keyProperty: 'id',
    baseType: 'microsoft.graph.entity',
    openType: true,
    isAbstract: 'true',
    isMediaEntity: true,
    scope: 'User.Read Mail.Read',
    sampleKeys: ['k'],
    tags: 'x,y',
    target: 'action',
    opaqueUrl: true,
  });
  assert.deepEqual(entries(meaning), [
    ['odataType', 'microsoft.graph.user'],
    ['odataTypeAka', 'user'],
    ['isCollection', true],
    ['collectionProperty', 'value'],
    ['truncated', true],
    ['isEmpty', true],
    ['expectError', false],
    ['optionalProperties', ['a', 'b']],
    ['nullableProperties', ['c', 'd']],
    ['keyProperty', 'id'],
    ['baseType', 'microsoft.graph.entity'],
    ['openType', true],
    ['abstract', true],
    ['isMediaEntity', true],
    ['scopes', ['User.Read', 'Mail.Read']],
    ['sampleKeys', ['k']],
    ['tags', ['x', 'y']],
    ['target', 'action'],
    ['opaqueUrl', true],
  ]);
});

test('a blank type, key or target is no member; a blank base type is kept as written', () => {
  const meaning = meaningOf({ '@type': '  ', keyProperty: '', baseType: '', target: ' ', collectionProperty: 'items' });
  assert.equal('odataType' in meaning, false);
  assert.equal('keyProperty' in meaning, false);
  assert.equal('target' in meaning, false);
  assert.equal(meaning.baseType, '');
  assert.equal(meaning.collectionProperty, 'items');
});
