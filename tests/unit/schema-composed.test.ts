/**
 * Composed doc schemas and rules (src/schema/composed-schema.ts): an object schema of base links, required members and
 * rows, and the rules that only name a type, validated without Ajv compiling them, must give exactly what Ajv gives
 * for the same schema with the same keywords: the same verdict, and the same errors (every field, in the same order).
 *
 * Run: node --import tsx --test tests/unit/schema-composed.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ErrorObject } from 'ajv/dist/2020.js';
import {
  composable,
  composeObjectSchema,
  composeRule,
  type Compiled,
  type ObjectKeywords,
  type RuleKeywords,
} from '../../src/schema/composed-schema.ts';
import { createAjv } from '../../src/schema/registry.ts';

const ROWS = 'x-test-rows';
const BASE = 'x-test-base';
const LINK = 'x-test-link';
const ODATA = 'x-test-odata';

/** A vendor keyword's function as Ajv's `addKeyword` takes it. */
type AjvKeyword<S> = ((schema: S, data: unknown) => boolean) & { errors?: Partial<ErrorObject>[] };

/**
 * Stand-ins for the registry's keywords, raising fresh errors on each call (Ajv and the composition both write to the
 * errors they are passed): the rows fail on each member named `bad…`, without a pointer for `nopointer`, and with no
 * errors at all for `silent`; the base fails on an object holding `baseBad`, and on the string `"base"`.
 */
/** The keywords, and the same functions as Ajv takes them. */
type WithAjv<K, A> = K & { readonly ajv: A };

function keywords(): WithAjv<ObjectKeywords<unknown>, { rows: AjvKeyword<unknown>; base: AjvKeyword<string> }> {
  const rows: AjvKeyword<unknown> = (_rows, data) => {
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
  const base: AjvKeyword<string> = (id, data) => {
    const fails = data === 'base' || (typeof data === 'object' && data !== null && Object.hasOwn(data, 'baseBad'));
    if (!fails) return true;
    base.errors = [{ instancePath: '', schemaPath: '#/type', keyword: 'base', params: { id }, message: 'base fails' }];
    return false;
  };
  return { rows: { name: ROWS, validate: rows }, base: { name: BASE, validate: base }, ajv: { rows, base } };
}

/**
 * Stand-ins for the link and `@odata.type` keywords: the link fails on what is not an object (as a type's schema
 * does), and on an object holding `bad`, with a pointer below the value; the `@odata.type` check fails, without a
 * pointer (as the registry's), on a name that starts with `#wrong`.
 */
function ruleKeywords(): WithAjv<RuleKeywords, { link: AjvKeyword<string>; odata: AjvKeyword<string> }> {
  const link: AjvKeyword<string> = (id, data) => {
    if (typeof data === 'object' && data !== null && !Array.isArray(data) && !Object.hasOwn(data, 'bad')) return true;
    link.errors = [{ instancePath: '/bad', schemaPath: '#/x', keyword: 'linked', params: { id }, message: 'bad' }];
    return false;
  };
  const odata: AjvKeyword<string> = (id, data) => {
    if (typeof data !== 'string' || !data.startsWith('#wrong')) return true;
    odata.errors = [{ keyword: ODATA, params: { declared: id }, message: `must be ${id}` }];
    return false;
  };
  return { link: { name: LINK, validate: link }, odataType: { name: ODATA, validate: odata }, ajv: { link, odata } };
}

function ajvOf(words: ReturnType<typeof keywords>) {
  const ajv = createAjv();
  ajv.addKeyword({
    keyword: ROWS,
    type: 'object',
    schemaType: 'object',
    errors: true,
    validate: words.ajv.rows,
  });
  ajv.addKeyword({
    keyword: BASE,
    schemaType: 'string',
    errors: true,
    validate: words.ajv.base,
  });
  return ajv;
}

function ruleAjvOf(words: ReturnType<typeof ruleKeywords>) {
  const ajv = createAjv();
  const { link, odata } = words.ajv;
  ajv.addKeyword({ keyword: LINK, schemaType: 'string', errors: true, validate: link });
  ajv.addKeyword({ keyword: ODATA, schemaType: 'string', errors: true, validate: odata });
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
function run(validate: Compiled, data: unknown) {
  const valid = validate(data);
  return {
    valid,
    errors: valid ? null : (JSON.parse(JSON.stringify(validate.errors ?? null)) as ErrorObject[] | null),
  };
}

/** Every field of every error the same, and each error naming the same schema object (by where it sits). */
function assertSame(actual: Compiled, expected: Compiled, data: unknown): void {
  assert.deepEqual(run(actual, data), run(expected, data), `for ${JSON.stringify(data)}`);
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
        assertSame(composed, compiled, data);
        // The error objects name the schema itself, as Ajv's do.
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

const RULES: Record<string, Record<string, unknown>> = {
  "a type's @odata.type": { type: 'string', [ODATA]: 'thing' },
  'a nullable property of a type': { anyOf: [{ [LINK]: 'thing' }, { type: 'null' }] },
  'a nullable collection of a type': { type: ['array', 'null'], items: { [LINK]: 'thing' } },
};

const VALUES: readonly unknown[] = [
  '#thing',
  '#wrongThing',
  null,
  {},
  { bad: 1 },
  [],
  [{}, { bad: 1 }, 'text', null, { bad: 2 }],
  [{}, {}],
  'text',
  3,
  false,
];

describe('a composed rule gives what Ajv gives', () => {
  for (const [name, rule] of Object.entries(RULES)) {
    test(name, () => {
      const ajvWords = ruleKeywords();
      const compiled = ruleAjvOf(ajvWords).compile(rule);
      const composed = composeRule(rule, ruleKeywords());
      assert.ok(composed);
      assert.equal(composed.schema, rule);
      for (const data of VALUES) {
        assertSame(composed, compiled, data);
        // Where Ajv names a schema object, the composed errors name the same one.
        const names = (v: Compiled) => (v.errors ?? []).map((e) => JSON.stringify(e.parentSchema ?? null));
        assert.deepEqual(names(composed), names(compiled));
      }
    });
  }

  test('any other rule is left to Ajv', () => {
    const words = ruleKeywords();
    for (const rule of [
      { type: 'string' },
      { type: ['string', 'null'], format: 'date-time' },
      { [LINK]: 'thing' },
      { type: 'array', items: { [LINK]: 'thing' } },
      { type: ['null', 'array'], items: { [LINK]: 'thing' } },
      { anyOf: [{ [LINK]: 'a' }, { [LINK]: 'b' }, { type: 'null' }] },
      { anyOf: [{ [LINK]: 'a' }, { type: ['null'] }] },
      { type: 'string', [ODATA]: 'thing', description: 'not a rule the registry makes' },
    ])
      assert.equal(composeRule(rule, words), undefined, JSON.stringify(rule));
  });
});
