/**
 * The lazy schema set (src/schema/lazy-schemas.ts): a doc schema reaches Ajv when first asked for, once, with the doc
 * schemas its copies refer to; nothing else is handed over.
 *
 * Run: node --import tsx --test tests/unit/lazy-schemas.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DocSchema } from '../../src/schema/build-schemas.ts';
import { lazySchemaSet } from '../../src/schema/lazy-schemas.ts';
import { createAjv } from '../../src/schema/registry.ts';

const schema = (id: string, body: Record<string, unknown> = {}): DocSchema => ({
  kind: 'resource',
  id,
  source: { file: 'x.md', line: 1 },
  schema: { $id: id, type: 'object', ...body },
});

const schemas = [
  schema('https://example.test/a', { properties: { b: { $ref: 'https://example.test/b.copy' } } }),
  schema('https://example.test/b'),
  schema('https://example.test/c'),
];

test('a schema and the doc schemas its copies refer to are handed to Ajv once, when first asked for', () => {
  const ajv = createAjv();
  const handed: string[] = [];
  const hand = lazySchemaSet(ajv, schemas, {
    copiesOf: (s) => {
      handed.push(s.id);
      return [{ ...s.schema, $id: `${s.id}.copy` }];
    },
    docSchemaOf: (ref) => ref.replace(/\.copy$/, ''),
  });
  assert.deepEqual(handed, []);
  hand('https://example.test/a');
  hand('https://example.test/a');
  hand('https://example.test/b');
  hand('https://example.test/unknown');
  assert.deepEqual(handed, ['https://example.test/a', 'https://example.test/b']);
  assert.equal(ajv.getSchema('https://example.test/a.copy')?.({ b: {} }), true);
  assert.equal(ajv.getSchema('https://example.test/c.copy'), undefined);
});
