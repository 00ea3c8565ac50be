/**
 * Graph's table type spellings → JSON Schema, checked by behaviour: every mapped schema is compiled with the project's
 * own Ajv (strict mode, ajv-formats) and fed values that the Edm type allows and forbids.
 *
 * Run: node --import tsx --test tests/unit/schema-type-map.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Cell } from '../../src/docs/model.ts';
import type { JsonSchema } from '../../src/schema/json-schema.ts';
import { createAjv } from '../../src/schema/registry.ts';
import { nullable, readTypeSpelling, type TypeSpelling } from '../../src/schema/type-map.ts';

function text(spelling: string): Cell {
  return { text: spelling, links: [] };
}

function mapped(cell: Cell): Extract<TypeSpelling, { kind: 'primitive' }> {
  const spelling = readTypeSpelling(cell);
  assert.ok(spelling.kind === 'primitive', `"${cell.text}" should map to a schema, got ${JSON.stringify(spelling)}`);
  return spelling;
}

/** Compiles with the project's Ajv and returns a predicate: does the schema accept the value? */
function accepts(schema: JsonSchema): (value: unknown) => boolean {
  const validate = createAjv().compile(schema);
  return (value) => validate(value);
}

function assertAccepts(schema: JsonSchema, label: string, good: readonly unknown[], bad: readonly unknown[]): void {
  const check = accepts(schema);
  for (const value of good) assert.equal(check(value), true, `${label} should accept ${JSON.stringify(value)}`);
  for (const value of bad) assert.equal(check(value), false, `${label} should reject ${JSON.stringify(value)}`);
}

const NUMBERS_NOT_STRINGS = ['1', true, null, {}, []];

/**
 * Every spelling the type map knows (lower case, without `Edm.`), with values the Edm type allows and forbids.
 * A spelling added to the map without a row here is not caught, but every row here must map and behave as the Edm
 * type does.
 */
const EDM: Readonly<Record<string, { readonly good: readonly unknown[]; readonly bad: readonly unknown[] }>> = {
  string: { good: ['', 'text', '2021-01-01'], bad: [1, true, null, {}, []] },
  boolean: { good: [true, false], bad: ['true', 0, 1, null] },
  bool: { good: [true, false], bad: ['false', 0, null] },
  int32: { good: [0, -2147483648, 2147483647], bad: [2147483648, -2147483649, 1.5, ...NUMBERS_NOT_STRINGS] },
  int: { good: [0, -2147483648, 2147483647], bad: [2147483648, -2147483649, 1.5, '5'] },
  integer: { good: [0, -2147483648, 2147483647], bad: [2147483648, -2147483649, 1.5, '5'] },
  int16: { good: [0, -32768, 32767], bad: [32768, -32769, 1.5, '1'] },
  byte: { good: [0, 255, 128], bad: [-1, 256, 1.5, '1'] },
  sbyte: { good: [-128, 127, 0], bad: [-129, 128, 1.5, '1'] },
  int64: { good: [0, 2147483648, -2147483649, Number.MAX_SAFE_INTEGER], bad: [1.5, '1', null] },
  long: { good: [0, 2147483648, -2147483649], bad: [1.5, '1', null] },
  double: { good: [0, 1.5, -1e300, 'NaN', 'INF', '-INF'], bad: ['nan', 'Infinity', '1.5', null, true] },
  single: { good: [0, 1.5, 'NaN', 'INF', '-INF'], bad: ['inf', '1', null] },
  float: { good: [0, 1.5, 'NaN', 'INF', '-INF'], bad: ['-inf', '1', null] },
  decimal: { good: [0, 1.5, -3], bad: ['1.5', 'NaN', null] },
  datetimeoffset: {
    good: [
      '2021-01-01T00:00:00Z',
      '2021-01-01T00:00:00.1234567Z',
      '2021-06-30T12:30:00+02:00',
      '2021-06-30T12:30:00-05:30',
    ],
    bad: ['2021-01-01T00:00:00', '2021-01-01', '2021-13-01T00:00:00Z', 'yesterday', 1609459200000, null],
  },
  date: { good: ['2021-01-01', '2024-02-29'], bad: ['2021-02-29', '2021-1-1', '2021-01-01T00:00:00Z', 20210101, null] },
  timeofday: {
    good: ['00:00', '12:30', '23:59:59', '08:15:30.1234567'],
    bad: ['24:00', '12:60', '12:30Z', '12:30:00+01:00', '7:30', 'noon', null],
  },
  duration: {
    good: ['PT1H30M', 'P1D', 'PT0S', 'PT1.5S', 'P2DT3H4M5S', '-P1D', 'PT1M'],
    bad: ['P1Y', 'P1M', 'P1W', 'P', 'PT', 'P1DT', '1H', 'pt1h', 3600, null],
  },
  guid: {
    good: [
      '861907cf-07cf-8619-cf07-1986cf071986',
      '00000000-0000-0000-0000-000000000000',
      'ABCDEF01-2345-6789-ABCD-EF0123456789',
    ],
    bad: [
      '861907cf07cf8619cf071986cf071986',
      '861907cf-07cf-8619-cf07-1986cf07198',
      '{861907cf-07cf-8619-cf07-1986cf071986}',
      'g61907cf-07cf-8619-cf07-1986cf071986',
      null,
    ],
  },
  binary: {
    good: ['', 'aGVsbG8=', 'aGVsbG8gd29ybGQ=', 'ab+/cd==', 'ab-_cd'],
    bad: ['not base64!', 'abc===', 'a b', 123, null],
  },
  stream: { good: ['', 'bytes'], bad: [1, null] },
  json: { good: [null, 1, 'x', true, {}, [], { a: [1] }], bad: [] },
  untyped: { good: [null, 1, 'x', {}, []], bad: [] },
  object: { good: [null, 1, 'x', {}, []], bad: [] },
};

describe('Edm primitives', () => {
  for (const [spelling, { good, bad }] of Object.entries(EDM)) {
    test(`${spelling}: compiles in strict mode and has the Edm semantics`, () => {
      const mapping = mapped(text(spelling));
      assert.equal(mapping.collection, false);
      assertAccepts(mapping.schema, spelling, good, bad);
    });
  }

  test('spellings are case-insensitive and take an optional Edm. prefix', () => {
    for (const spelling of Object.keys(EDM)) {
      const expected = mapped(text(spelling)).schema;
      const capitalised = `${spelling.charAt(0).toUpperCase()}${spelling.slice(1)}`;
      for (const variant of [
        spelling.toUpperCase(),
        capitalised,
        `Edm.${capitalised}`,
        `edm.${spelling}`,
        `EDM.${spelling.toUpperCase()}`,
        `  ${capitalised}  `,
      ]) {
        assert.deepEqual(mapped(text(variant)).schema, expected, `"${variant}" should map like "${spelling}"`);
      }
    }
  });

  test('Int32 spellings as the docs write them', () => {
    for (const spelling of ['Int32', 'int32', 'Int', 'Integer', 'Edm.Int32']) {
      assertAccepts(mapped(text(spelling)).schema, spelling, [2147483647, -2147483648], [2147483648, 1.5]);
    }
  });

  test('DateTimeOffset requires an offset', () => {
    const check = accepts(mapped(text('DateTimeOffset')).schema);
    assert.equal(check('2021-01-01T00:00:00Z'), true);
    assert.equal(check('2021-01-01T00:00:00'), false);
  });

  test('Duration: days, hours, minutes and seconds only, with at least one component', () => {
    const check = accepts(mapped(text('Duration')).schema);
    assert.deepEqual(['PT1H30M', 'P1D', 'P1Y', 'P', 'PT'].map(check), [true, true, false, false, false]);
  });

  test('Binary: base64 and base64url', () => {
    const check = accepts(mapped(text('Binary')).schema);
    assert.equal(check(Buffer.from('hello?>>').toString('base64')), true);
    assert.equal(check(Buffer.from('hello?>>').toString('base64url')), true);
    assert.equal(check('not base64!'), false);
  });

  test('Guid is a bare 8-4-4-4-12 UUID, without a urn:uuid: prefix (Edm.Guid has none)', () => {
    const check = accepts(mapped(text('Guid')).schema);
    assert.equal(check('861907cf-07cf-8619-cf07-1986cf071986'), true);
    assert.equal(
      check('urn:uuid:861907cf-07cf-8619-cf07-1986cf071986'),
      false,
      'ajv-formats "uuid" also takes the urn:uuid: form, which a Graph Guid never has',
    );
  });
});

describe('collections', () => {
  const cases: readonly (readonly [string, string, readonly unknown[], readonly unknown[]])[] = [
    ['String collection', 'string', [[], ['a', 'b']], [['a', 1], 'a', null, {}]],
    ['string Collection', 'string', [['a']], [[1]]],
    ['Collection(Edm.Int32)', 'int32', [[], [1, 2147483647]], [[2147483648], [1.5], 1]],
    ['Collection(Int32)', 'int32', [[1]], [[1.5]]],
    ['collection( Edm.Guid )', 'guid', [['861907cf-07cf-8619-cf07-1986cf071986']], [['x']]],
    ['collection of Guid', 'guid', [['861907cf-07cf-8619-cf07-1986cf071986']], [['not-a-guid'], 'x']],
    ['Collection of DateTimeOffset', 'datetimeoffset', [['2021-01-01T00:00:00Z']], [['2021-01-01T00:00:00']]],
    ['Int64  collection', 'int64', [[1, 2]], [[1.5]]],
  ];
  for (const [spelling, item, good, bad] of cases) {
    test(`"${spelling}" is an array of ${item}`, () => {
      const mapping = mapped(text(spelling));
      assert.equal(mapping.collection, true);
      assert.deepEqual(mapping.schema, { type: 'array', items: mapped(text(item)).schema });
      assertAccepts(mapping.schema, spelling, good, bad);
    });
  }
});

describe('nullable', () => {
  test('a single type becomes [type, "null"], other keywords kept', () => {
    const schema = mapped(text('Int32')).schema;
    const result = nullable(schema);
    assert.deepEqual(result, { type: ['integer', 'null'], minimum: -2147483648, maximum: 2147483647 });
    assertAccepts(result, 'nullable Int32', [null, 0, 2147483647], [2147483648, 1.5, 'null']);
    assert.deepEqual(
      schema,
      { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
      'the input is not changed',
    );
  });

  test('an anyOf gains a null branch', () => {
    const result = nullable(mapped(text('Double')).schema);
    assert.deepEqual(result, { anyOf: [{ type: 'number' }, { enum: ['NaN', 'INF', '-INF'] }, { type: 'null' }] });
    assertAccepts(result, 'nullable Double', [null, 1.5, 'INF'], ['x', true]);
  });

  test('a $ref is wrapped in anyOf with null', () => {
    assert.deepEqual(nullable({ $ref: 'x' }), { anyOf: [{ $ref: 'x' }, { type: 'null' }] });
  });

  test('an array type also accepts null', () => {
    assertAccepts(
      nullable(mapped(text('String collection')).schema),
      'nullable String collection',
      [null, ['a']],
      [[1], 'a'],
    );
  });

  test('a schema without type or anyOf is wrapped', () => {
    const result = nullable({ enum: ['a', 'b'] });
    assert.deepEqual(result, { anyOf: [{ enum: ['a', 'b'] }, { type: 'null' }] });
    assertAccepts(result, 'nullable enum', ['a', null], ['c']);
  });

  test('the empty schema already accepts null and stays as it is', () => {
    assert.deepEqual(nullable({}), {});
  });
});

describe('readTypeSpelling: the spellings of the real reference', () => {
  const primitive = (cell: Cell): Extract<TypeSpelling, { kind: 'primitive' }> => {
    const spelling = readTypeSpelling(cell);
    assert.ok(spelling.kind === 'primitive', `"${cell.text}" is a primitive, got ${JSON.stringify(spelling)}`);
    return spelling;
  };
  const cases: readonly (readonly [string, string, boolean])[] = [
    ['DateTimeOffSet', 'datetimeoffset', false],
    ['dateTimeOffset', 'datetimeoffset', false],
    ['datetime', 'datetimeoffset', false],
    ['edm.DateTime', 'datetimeoffset', false],
    ['GUID', 'guid', false],
    ['Edm.Binary', 'binary', false],
    ['`Edm.String`', 'string', false],
    ['**String**', 'string', false],
    ['string (url)', 'string', false],
    ['String\u00a0collection', 'string', true],
    ['Collection of String', 'string', true],
    ['collection(string)', 'string', true],
    ['Int32 collection', 'int32', true],
    ['numeric', 'decimal', false],
  ];
  for (const [written, edm, collection] of cases) {
    test(`"${written}" is ${collection ? 'a collection of ' : ''}${edm}`, () => {
      const spelling = primitive({ text: written, links: [] });
      assert.equal(spelling.collection, collection);
      const item = collection ? (spelling.schema.items as JsonSchema) : spelling.schema;
      assert.deepEqual(item, mapped(text(edm)).schema);
      assertAccepts(spelling.schema, written, [], [{ not: 'this' }]);
    });
  }

  test('"string, maximum size 20" is a string of at most 20 characters', () => {
    const spelling = primitive({ text: 'string, maximum size 20', links: [] });
    assert.deepEqual(spelling.schema, { type: 'string', maxLength: 20 });
    assertAccepts(spelling.schema, 'string, maximum size 20', ['x'.repeat(20)], ['x'.repeat(21), 1]);
  });

  test('named types: links to pages, anchors, reference-style links, bare and qualified names', () => {
    assert.deepEqual(
      readTypeSpelling({ text: 'identitySet', links: [{ text: 'identitySet', href: 'identityset.md' }] }),
      { kind: 'named', name: 'identitySet', collection: false, via: 'page' },
    );
    assert.deepEqual(
      readTypeSpelling({
        text: 'recipient collection',
        links: [{ text: 'recipient', href: '../resources/recipient.md' }],
      }),
      { kind: 'named', name: 'recipient', collection: true, via: 'page' },
    );
    assert.deepEqual(
      readTypeSpelling({ text: 'Collection(recipient)', links: [{ text: 'recipient', href: 'recipient.md' }] }),
      { kind: 'named', name: 'recipient', collection: true, via: 'page' },
    );
    assert.deepEqual(readTypeSpelling({ text: 'ageGroup', links: [{ text: 'ageGroup', href: '#agegroup-values' }] }), {
      kind: 'named',
      name: 'ageGroup',
      collection: false,
      via: 'anchor',
    });
    assert.deepEqual(
      readTypeSpelling({
        text: 'threatAssessmentStatus',
        links: [{ text: 'threatAssessmentStatus', href: 'enums.md#threatassessmentstatus-values' }],
      }),
      { kind: 'named', name: 'threatAssessmentStatus', collection: false, via: 'anchor' },
    );
    assert.deepEqual(readTypeSpelling({ text: '[identitySet][]', links: [] }), {
      kind: 'named',
      name: 'identitySet',
      collection: false,
      via: 'text',
    });
    assert.deepEqual(readTypeSpelling({ text: 'Collection([IdentitySet][])', links: [] }), {
      kind: 'named',
      name: 'IdentitySet',
      collection: true,
      via: 'text',
    });
    assert.deepEqual(readTypeSpelling({ text: '[educationSynchronizationLicenseAssignment] collection', links: [] }), {
      kind: 'named',
      name: 'educationSynchronizationLicenseAssignment',
      collection: true,
      via: 'text',
    });
    assert.deepEqual(readTypeSpelling({ text: 'routingPolicy collection collection', links: [] }), {
      kind: 'named',
      name: 'routingPolicy',
      collection: true,
      via: 'text',
    });
    assert.deepEqual(readTypeSpelling({ text: 'microsoft.graph.ediscovery.sourceType', links: [] }), {
      kind: 'named',
      name: 'microsoft.graph.ediscovery.sourceType',
      collection: false,
      via: 'text',
    });
    assert.deepEqual(readTypeSpelling({ text: 'windowsInformationProtectionResourceCollection', links: [] }), {
      kind: 'named',
      name: 'windowsInformationProtectionResourceCollection',
      collection: false,
      via: 'text',
    });
  });

  test('what is no type at all', () => {
    for (const text of ['', 'String or Int32', "** Unknown Type 'microsoft.x.op' ** collection", 'Edm.Bogus']) {
      assert.equal(readTypeSpelling({ text, links: [] }).kind, 'unknown', text);
    }
  });
});
