/**
 * JSON values as every stage handles them: equality as JSON, whatever built the values.
 *
 * Run: node --import tsx --test tests/unit/core-json.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonEqual } from '../../src/core/json.ts';

describe('jsonEqual', () => {
  test('members in any order, items in order', () => {
    assert.equal(jsonEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }), true);
    assert.equal(jsonEqual([1, 2], [2, 1]), false);
    assert.equal(jsonEqual({ a: 1 }, { a: 1, b: 2 }), false);
    assert.equal(jsonEqual({ a: 1, b: 2 }, { a: 1 }), false);
    assert.equal(jsonEqual({ a: undefined }, { b: undefined }), false);
  });

  test('kinds are told apart', () => {
    assert.equal(jsonEqual([], {}), false);
    assert.equal(jsonEqual({}, []), false);
    assert.equal(jsonEqual(null, {}), false);
    assert.equal(jsonEqual('1', 1), false);
    assert.equal(jsonEqual({ '0': 'a' }, ['a']), false);
  });

  test('as JSON: one zero, and any prototype', () => {
    assert.equal(jsonEqual(-0, 0), true);
    assert.equal(jsonEqual({ n: -0 }, JSON.parse('{"n":0}')), true);
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: [1] });
    assert.equal(jsonEqual(bare, { a: [1] }), true);
    assert.equal(jsonEqual([bare], JSON.parse('[{"a":[1]}]')), true);
  });

  test('a member named __proto__ is a member', () => {
    const withProto = JSON.parse('{"__proto__": {"a": 1}}') as unknown;
    assert.equal(jsonEqual(withProto, JSON.parse('{"__proto__": {"a": 1}}')), true);
    assert.equal(jsonEqual(withProto, {}), false);
  });
});
