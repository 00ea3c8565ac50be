/**
 * Generated values (src/cases/body-arbitrary.ts) are valid for the schema they come from, and the replay's verdict
 * (src/run/replay-checks.ts) names what a departing answer got wrong.
 *
 * Run: node --import tsx --test tests/unit/probes-values.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { arbitraryFor, recordFor } from '../../src/cases/body-arbitrary.ts';
import { withDescribedEnum } from '../../src/schema/described-enum.ts';
import { createAjv } from '../../src/schema/registry.ts';
import { nullable, readTypeSpelling } from '../../src/schema/type-map.ts';
import type { JsonSchema } from '../../src/schema/json-schema.ts';
import { replayProblems } from '../../src/run/replay-checks.ts';
import { comesBack } from '../../src/run/response-checks.ts';
import { type ResponseExample } from '../../src/docs/model.ts';
import { formatLocation } from '../../src/core/finding.ts';
import { loadDocs } from '../../src/docs/load-docs.ts';
import { ROOT } from './support/seed.ts';

const NONE = (): undefined => undefined;

describe('values generated from the type map', () => {
  const spellings = [
    'String',
    'Boolean',
    'Int32',
    'Int16',
    'Byte',
    'SByte',
    'Int64',
    'Double',
    'DateTimeOffset',
    'Date',
    'TimeOfDay',
    'Guid',
    'Binary',
    'String collection',
    'Int32 collection',
  ];
  for (const spelling of spellings) {
    test(`${spelling}: every generated value (and null) validates`, () => {
      const mapped = readTypeSpelling({ text: spelling, links: [] });
      assert.ok(mapped.kind === 'primitive');
      const schema = nullable(mapped.schema);
      const made = arbitraryFor(schema, NONE);
      assert.ok(made.ok, made.ok ? '' : made.reason);
      const validate = createAjv().compile(schema);
      fc.assert(
        fc.property(made.arbitrary, (value) => validate(value)),
        { seed: 7, numRuns: 200 },
      );
    });
  }

  test('Duration: its pattern has lookaheads fast-check cannot generate from, so it is a reason, not a guess', () => {
    const mapped = readTypeSpelling({ text: 'Duration', links: [] });
    assert.ok(mapped.kind === 'primitive');
    const made = arbitraryFor(mapped.schema, NONE);
    assert.ok(!made.ok);
    assert.match(made.reason, /^its pattern .* is beyond what fast-check generates from$/);
  });

  test('a described enum gives its members, never the "empty" its list names (the service reads it as a default)', () => {
    // group-post-groups: visibility "Possible values are: `Private`, `Public`, `HiddenMembership`, or empty (which is
    // interpreted as `Public`)": an empty value is stored as Public, so it would not come back as sent.
    const schema = withDescribedEnum(
      { type: 'string' },
      'Possible values are: `Private`, `Public`, `HiddenMembership`, or empty (which is interpreted as `Public`).',
    );
    const made = arbitraryFor(schema, NONE);
    assert.ok(made.ok);
    const values = fc.sample(made.arbitrary, { seed: 3, numRuns: 50 });
    assert.deepEqual([...new Set(values)].sort(), ['HiddenMembership', 'Private', 'Public']);
  });

  test('a $ref follows the documented type; an undocumented one is a reason, not a guess', () => {
    const widget: JsonSchema = {
      $id: 'w',
      type: 'object',
      properties: {
        '@odata.type': { const: '#w' },
        size: { type: 'integer', minimum: 0, maximum: 9 },
        made: { type: 'string', format: 'date-time', readOnly: true },
      },
    };
    const made = arbitraryFor({ $ref: 'w' }, (id) => (id === 'w' ? widget : undefined));
    assert.ok(made.ok);
    for (const value of fc.sample(made.arbitrary, { seed: 3, numRuns: 50 })) {
      const record = value as Record<string, unknown>;
      assert.ok(
        !('made' in record) && !('@odata.type' in record),
        'read-only properties and annotations are not generated',
      );
      if ('size' in record) assert.ok(typeof record.size === 'number' && record.size >= 0 && record.size <= 9);
    }
    const missing = arbitraryFor({ $ref: 'nowhere' }, NONE);
    assert.deepEqual(missing, { ok: false, reason: 'nowhere is not documented in the doc set' });
    assert.deepEqual(arbitraryFor({}, NONE), {
      ok: false,
      reason: 'its type is not documented (an open or untyped value)',
    });
  });

  test('a record leaves each property in or out', () => {
    const seen = new Set(
      fc
        .sample(recordFor({ a: fc.constant(1), b: fc.constant(2) }), { seed: 1, numRuns: 100 })
        .map((r) => Object.keys(r).sort().join(',')),
    );
    assert.deepEqual([...seen].sort(), ['', 'a', 'a,b', 'b']);
  });

  test('a record always carries its required properties', () => {
    const seen = new Set(
      fc
        .sample(recordFor({ a: fc.constant(1), b: fc.constant(2) }, ['a', 'absent']), { seed: 1, numRuns: 100 })
        .map((r) => Object.keys(r).sort().join(',')),
    );
    assert.deepEqual([...seen].sort(), ['a', 'a,b']);
  });
});

describe('the replay verdict', () => {
  // The seed's documented answer: 200 with { height: 6, width: 5, … }.
  const { pages } = loadDocs([`${ROOT}fixtures/docs`], ROOT);
  const documented = pages[0]?.examples[0]?.response;
  assert.ok(documented);
  const expected: ResponseExample = documented;
  const where = formatLocation(expected.location);
  const json = { 'content-type': 'application/json' };

  const messages = (problems: readonly { message: string }[]): string[] => problems.map((p) => p.message);
  const shown = ['height', 'width'];

  test('a documented success carrying the sent values passes', () => {
    assert.deepEqual(
      replayProblems(
        { height: -1, '@odata.type': '#x' },
        { status: 200, statusText: 'OK', headers: json, bodyText: '{"height":-1,"width":3}' },
        expected,
        undefined,
        shown,
      ),
      [],
    );
  });

  test('an answer another example of the page shows for the method is checked against that one; a 204 shows nothing', () => {
    // chat-post (2021 beta): one example answers 201, the one with installed apps 202; which one a generated body
    // gets is the page's condition, which it does not state for the body.
    const accepted: ResponseExample = { ...expected, status: 202, body: { kind: 'none' } };
    const answer = { status: 202, statusText: 'Accepted', headers: {}, bodyText: '' };
    assert.deepEqual(replayProblems({ height: 1 }, answer, expected, undefined, shown, undefined, [accepted]), []);
    assert.deepEqual(messages(replayProblems({ height: 1 }, answer, expected, undefined, shown)), [
      `the page shows 200 (${where}); the target answered 202 Accepted (no body)`,
    ]);
    // activitybasedtimeoutpolicy-update shows a body with its 204: a status that carries none (RFC 9110).
    const noContent: ResponseExample = { ...expected, status: 204 };
    const empty = { status: 204, statusText: 'No Content', headers: {}, bodyText: '' };
    assert.deepEqual(replayProblems({ height: 1 }, empty, noContent, undefined, shown), []);
  });

  test('the @odata.type the example shows is the answer’s, whatever body was generated', () => {
    const body = expected.body;
    assert.equal(body.kind, 'json');
    const showing = (value: unknown): ResponseExample => ({ ...expected, body: { ...body, value } });
    const typed = showing({ '@odata.type': '#microsoft.graph.profilePhoto', height: 6 });
    const answer = (value: unknown) => ({
      status: 200,
      statusText: 'OK',
      headers: json,
      bodyText: JSON.stringify(value),
    });
    assert.deepEqual(
      replayProblems({}, answer({ '@odata.type': '#microsoft.graph.profilePhoto', width: 1 }), typed, undefined, []),
      [],
    );
    assert.deepEqual(
      messages(replayProblems({}, answer({ '@odata.type': '#microsoft.graph.other' }), typed, undefined, [])),
      [`/@odata.type is "#microsoft.graph.other", but the doc shows "#microsoft.graph.profilePhoto" (${where})`],
    );
    // Where the page's annotation names another type than its example shows, the page contradicts itself there: its
    // example test reports it (cause doc), and no generated answer is held to the example's type.
    const atTheType = (p: { readonly rule: string; readonly pointer: string }) =>
      p.rule === 'odata-type' && p.pointer === '/@odata.type' ? 'response-type-mismatch' : undefined;
    assert.deepEqual(
      replayProblems({}, answer({ '@odata.type': '#microsoft.graph.other' }), typed, undefined, [], atTheType),
      [],
    );
    // Where the example shows no type, the answer may name any (the schema judges it); naming none is the example's.
    const untyped = showing({ height: 6 });
    assert.deepEqual(
      replayProblems({}, answer({ '@odata.type': '#microsoft.graph.other' }), untyped, undefined, []),
      [],
    );
    assert.deepEqual(replayProblems({}, answer({ height: 1 }), typed, undefined, []), []);
  });

  test('a value that did not come back, another status or a body that is not JSON is named', () => {
    const back = replayProblems(
      { height: -1 },
      { status: 200, statusText: 'OK', headers: json, bodyText: '{"height":0}' },
      expected,
      undefined,
      shown,
    );
    assert.deepEqual(messages(back), [
      `/height is a number 0, but -1 was sent and the doc shows it coming back (${where})`,
    ]);
    assert.equal(back[0]?.pointer, '/height');
    assert.match(
      messages(
        replayProblems(
          { height: 1 },
          { status: 400, statusText: 'Bad Request', headers: json, bodyText: '{"error":{"code":"BadRequest"}}' },
          expected,
          undefined,
          shown,
        ),
      )[0] ?? '',
      new RegExp(
        `^the page shows 200 \\(${where.replace(/\./g, '\\.')}\\); the target answered 400 Bad Request \\(BadRequest\\)`,
      ),
    );
    assert.match(
      messages(
        replayProblems(
          { height: 1 },
          { status: 200, statusText: 'OK', headers: { 'content-type': 'text/plain' }, bodyText: 'ok' },
          expected,
          undefined,
          shown,
        ),
      )[0] ?? '',
      /Content-Type is text\/plain/,
    );
  });

  test('a sent property the documented answer does not show need not come back, nor one the page does not promise', () => {
    const ok = { status: 200, statusText: 'OK', headers: json, bodyText: '{}' };
    assert.deepEqual(replayProblems({ depth: 4 }, ok, expected, undefined, shown), []);
    assert.deepEqual(replayProblems({ height: 4 }, ok, expected, undefined, []), [], 'an action: nothing comes back');
  });

  test('date-times compare as instants; a sent object comes back with at least its members', () => {
    assert.ok(comesBack('2021-01-01T00:00:00Z', '2021-01-01T00:00:00.000Z'));
    assert.ok(comesBack('2021-01-01T01:00:00+01:00', '2021-01-01T00:00:00Z'));
    assert.ok(!comesBack('2021-01-01T00:00:01Z', '2021-01-01T00:00:00Z'));
    assert.ok(!comesBack('6', 6));
    // fast-check generates -0; it is sent as 0 (intune-fencing-circulargeofencemanagementcondition-update's
    // `radiusInMeters`, a seed-dependent target cause over the whole reference).
    assert.ok(comesBack(-0, 0));
    assert.ok(comesBack({ radiusInMeters: -0 }, JSON.parse('{"radiusInMeters": 0}')));
    assert.ok(!comesBack(0, 1));
    assert.ok(comesBack({}, { status: 'on', days: 3 }), 'PATCH merges complex values (OData 4.0 §11.4.3)');
    assert.ok(comesBack({ days: 3 }, { status: 'on', days: 3 }));
    assert.ok(!comesBack({ days: 3 }, { days: 4 }));
    assert.ok(!comesBack([1, 2], [1, 2, 3]), 'a collection is replaced, not merged');
    // fast-check makes objects without a prototype; a parsed answer's have one (279 false target causes over the
    // whole 2021 reference: `/companyCodes is an array, but [{}] was sent`).
    const generated = [Object.create(null) as Record<string, unknown>];
    assert.ok(comesBack(generated, JSON.parse('[{}]')));
    assert.ok(comesBack({ fromAddresses: generated }, JSON.parse('{"fromAddresses": [{}], "other": 1}')));
    assert.ok(!comesBack(generated, JSON.parse('[{}, {}]')));
  });
});
