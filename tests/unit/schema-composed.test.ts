/**
 * Composed doc schemas (src/schema/composed-schema.ts): an object schema of base links, required members and rows,
 * validated without Ajv compiling it, must give exactly what Ajv gives for the same schema with the same keywords:
 * the same verdict, and the same errors (every field, in the same order).
 *
 * Run: node --import tsx --test tests/unit/schema-composed.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ErrorObject } from 'ajv/dist/2020.js';
import {
  composable,
  composeObjectSchema,
  type KeywordValidate,
  type ObjectKeywords,
} from '../../src/schema/composed-schema.ts';
import { createAjv } from '../../src/schema/registry.ts';

const ROWS = 'x-test-rows';
const BASE = 'x-test-base';

/**
 * Stand-ins for the registry's keywords, raising fresh errors on each call (Ajv and the composition both write to the
 * errors they are passed): the rows fail on each member named `bad…`, without a pointer for `nopointer`, and with no
 * errors at all for `silent`; the base fails on an object holding `baseBad`, and on the string `"base"`.
 */
function keywords(): ObjectKeywords<unknown> {
  const rows: KeywordValidate<unknown> = (_rows, data) => {
    const record = data as Record<string, unknown>;
    if (Object.hasOwn(record, 'silent')) {
      delete rows.errors;
      return false;
    }
    const bad = Object.keys(record).filter((name) => name.startsWith('bad') || name === 'nopointer');
    if (bad.length === 0) return true;
    rows.errors = bad.map((name) => ({
      ...(name === 'nopointer' ? {} : { instancePath: `/${name}` }),
      schemaPath: '#/inner',
      keyword: 'inner',
      params: { name },
      message: `${name} is bad`,
    }));
    return false;
  };
  const base: KeywordValidate<string> = (id, data) => {
    const fails = data === 'base' || (typeof data === 'object' && data !== null && Object.hasOwn(data, 'baseBad'));
    if (!fails) return true;
    base.errors = [{ instancePath: '', schemaPath: '#/type', keyword: 'base', params: { id }, message: 'base fails' }];
    return false;
  };
  return { rows: { name: ROWS, validate: rows }, base: { name: BASE, validate: base } };
}

function ajvOf(words: ObjectKeywords<unknown>) {
  const ajv = createAjv();
  ajv.addKeyword({ keyword: ROWS, type: 'object', schemaType: 'object', errors: true, validate: words.rows.validate });
  ajv.addKeyword({ keyword: BASE, schemaType: 'string', errors: true, validate: words.base.validate });
  return ajv;
}

const PATTERNS = { '^@odata\\.': {}, '^[^@]+@odata\\.': {} };

const SCHEMAS: Record<string, Record<string, unknown>> = {
  'a type with a base, required members and rows': {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://example.invalid/thing.json',
    title: 'thing',
    description: 'a thing',
    'x-source': 'thing.md:3',
    type: 'object',
    allOf: [{ [BASE]: 'https://example.invalid/base.json' }],
    patternProperties: PATTERNS,
    required: ['name', 'size'],
    [ROWS]: { properties: {}, closed: true },
  },
  'a type with rows alone': { type: 'object', patternProperties: PATTERNS, [ROWS]: { properties: {}, closed: false } },
  'a type with two bases and no rows': {
    type: 'object',
    patternProperties: PATTERNS,
    allOf: [{ [BASE]: 'b1' }, { [BASE]: 'b2' }],
  },
};

const DATA: readonly unknown[] = [
  { name: 'a', size: 1 },
  {},
  { name: 'a' },
  { size: 1, badColour: 'red', other: 1, badShape: 2 },
  { name: 'a', size: 1, nopointer: true },
  { name: 'a', size: 1, silent: true },
  { name: 'a', size: 1, baseBad: true, badColour: 1 },
  { baseBad: true },
  Object.create({ name: 'inherited', size: 2 }) as unknown,
  'base',
  'text',
  [],
  [{ name: 'a' }],
  null,
  7,
  true,
];

/** A validator's verdict and its errors, with the error objects as plain records (both run on fresh keywords). */
function run(validate: (data: unknown) => boolean, errorsOf: () => unknown, data: unknown) {
  const valid = validate(data);
  return { valid, errors: valid ? null : (JSON.parse(JSON.stringify(errorsOf() ?? null)) as ErrorObject[] | null) };
}

describe('a composed schema gives what Ajv gives', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    test(name, () => {
      const ajvWords = keywords();
      assert.equal(composable(schema, ajvWords), true);
      const compiled = ajvOf(ajvWords).compile(schema);
      const composed = composeObjectSchema(schema, keywords());
      assert.equal(composed.schema, schema);
      for (const data of DATA) {
        const expected = run(compiled, () => compiled.errors, data);
        const actual = run(composed, () => composed.errors, data);
        assert.deepEqual(actual, expected, `for ${JSON.stringify(data)}`);
        // The error objects name the schema itself, as Ajv's do.
        if (!actual.valid)
          for (const error of composed.errors ?? [])
            if (error.keyword === 'type' || error.keyword === 'required') assert.equal(error.parentSchema, schema);
      }
    });
  }

  test('the errors a keyword passes up are its own objects, given the keyword path, schema and data', () => {
    const words = keywords();
    const schema = SCHEMAS['a type with rows alone'] as Record<string, unknown>;
    const composed = composeObjectSchema(schema, words);
    const data = { badColour: 1 };
    assert.equal(composed(data), false);
    const [error] = composed.errors ?? [];
    assert.equal(error, words.rows.validate.errors?.[0]);
    assert.equal(error?.schemaPath, `#/${ROWS}`);
    assert.equal(error.schema, schema[ROWS]);
    assert.equal(error.data, data);
  });
});

describe('composable', () => {
  const words = keywords();
  const base = SCHEMAS['a type with rows alone'] as Record<string, unknown>;
  const cases: Record<string, Record<string, unknown>> = {
    'an enum (a string schema)': { type: 'string', pattern: '^(a|b)$', 'x-enum': {} },
    'no patternProperties': { type: 'object', [ROWS]: { properties: {} } },
    'a pattern that judges': { ...base, patternProperties: { '^@odata\\.': { type: 'string' } } },
    'another keyword': { ...base, additionalProperties: false },
    'an allOf entry that is not a base link alone': { ...base, allOf: [{ [BASE]: 'b', type: 'object' }] },
    'a $ref in allOf': { ...base, allOf: [{ $ref: 'b' }] },
    'required that is not a list of names': { ...base, required: [1] },
  };
  for (const [name, schema] of Object.entries(cases))
    test(`refuses ${name}`, () => {
      assert.equal(composable(schema, words), false);
    });
});
