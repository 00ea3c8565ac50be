/**
 * Whose a departure is, decided from data (src/run/departures.ts), and what a page states about a property
 * (src/schema/statements.ts): the harness asserts only what the page states, and blames the page exactly where lint
 * finds it contradicting itself.
 *
 * Run: node --import tsx --test tests/unit/verdict-causes.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePage } from '../../src/docs/parse-page.ts';
import type { Page } from '../../src/docs/model.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { findingsOfExample } from '../../src/schema/example-checks.ts';
import { nullabilityStatement, readOnlyStatement } from '../../src/schema/statements.ts';
import {
  echoedFindings,
  problemDepartures,
  schemaDepartures,
  shapeDepartures,
  statusDepartures,
  straysFromItsPage,
} from '../../src/run/departures.ts';
import { documentedShape } from '../../src/run/response-checks.ts';
import { causeFailsRun, decidingDeparture, type Departure } from '../../src/core/verdict.ts';
import { arbitraryFor } from '../../src/cases/body-arbitrary.ts';
import fc from 'fast-check';
import type { JsonSchema } from '../../src/schema/json-schema.ts';
import { SEED_FILE, SEED_TEXT } from './support/seed.ts';
import { apiPage, example, resourcePage } from './support/mock.ts';

function seedWith(from: string, to: string): Page {
  assert.ok(SEED_TEXT.includes(from), from);
  return parsePage(SEED_FILE, SEED_TEXT.replace(from, to));
}

function answer(
  status: number,
  body = '{}',
): { status: number; statusText: string; headers: Record<string, string>; bodyText: string } {
  return { status, statusText: '', headers: { 'content-type': 'application/json' }, bodyText: body };
}

describe('the status of an answer', () => {
  test('on a consistent page, another status is the target’s departure', () => {
    const page = parsePage(SEED_FILE, SEED_TEXT);
    const example = page.examples[0];
    assert.ok(example?.response);
    const findings = findingsOfExample(page, example, buildSchemaRegistry([page]));
    const [d] = statusDepartures(page, example.response, answer(201), findings);
    assert.equal(d?.cause, 'target');
    assert.equal(d.rule, 'status');
    assert.match(d.message, /^the page shows 200 \(fixtures\/docs\/update-photos\.md:\d+\); the target answered 201/);
    assert.deepEqual(statusDepartures(page, example.response, answer(200), findings), []);
  });

  test('a refusal of a body the page’s own table refuses is the page’s, with the lint finding and both places', () => {
    const page = seedWith(
      '  "width": 5\n}\n```\n\n### Response',
      '  "width": 5,\n  "color": "red"\n}\n```\n\n### Response',
    );
    const example = page.examples[0];
    assert.ok(example?.response);
    const findings = findingsOfExample(page, example, buildSchemaRegistry([page]));
    const [d] = statusDepartures(
      page,
      example.response,
      answer(400, '{"error":{"code":"BadRequest","message":"no color"}}'),
      findings,
    );
    assert.equal(d?.cause, 'doc');
    assert.equal(d.rule, 'request-body-schema');
    assert.equal(d.finding?.rule, 'request-body-schema');
    assert.match(d.message, /The page contradicts itself \(request-body-schema: /);
    assert.match(d.message, /BadRequest: no color/);
    // A 5xx is never the page's: a service does not fail on what it can refuse.
    assert.equal(statusDepartures(page, example.response, answer(500), findings)[0]?.cause, 'target');
  });

  test('an answer another example documents for the same request is the page’s (conflicting-responses)', () => {
    const start = SEED_TEXT.indexOf('### Request');
    const second = SEED_TEXT.slice(start)
      .replace('"name": "update_photos"', '"name": "update_photos_missing"')
      .replace('HTTP/1.1 200 OK', 'HTTP/1.1 404 Not Found');
    const page = parsePage(SEED_FILE, `${SEED_TEXT}\n${second}`);
    const missing = page.examples[1];
    assert.ok(missing?.response);
    const findings = findingsOfExample(page, missing, buildSchemaRegistry([page]));
    assert.equal(statusDepartures(page, missing.response, answer(200), findings)[0]?.cause, 'doc');
    assert.equal(statusDepartures(page, missing.response, answer(403), findings)[0]?.cause, 'target');
  });
});

describe('schema errors of an answer', () => {
  const page = seedWith(
    '  "id": "861907cf-07cf-8619-cf07-1986cf071986",\n  "height": 6,',
    '  "id": "861907cf-07cf-8619-cf07-1986cf071986",\n  "height": "6",',
  );
  const example = page.examples[0];
  assert.ok(example?.response);
  const response = example.response;
  const findings = findingsOfExample(page, example, buildSchemaRegistry([page]));

  test('an error where the page’s example breaks the same rule is the page’s; others are the target’s', () => {
    const error = (pointer: string) => ({
      pointer,
      keyword: 'type',
      message: 'is "x", must be integer or null',
      source: `${SEED_FILE}:48`,
    });
    const found = schemaDepartures(
      'microsoft.graph.profilePhoto',
      response,
      [{ prefix: '', errors: [error('/height'), error('/width')] }],
      findings,
    );
    assert.deepEqual(
      found.map((d) => [d.cause, d.rule, d.pointers]),
      [
        ['target', 'body-schema', ['/width']],
        ['doc', 'response-schema', ['/height']],
      ],
    );
    assert.deepEqual(found[0]?.schemaErrors?.[0]?.source, { file: SEED_FILE, line: 48 });
  });
});

describe('the shape of an answer', () => {
  test('an @odata.type the page’s body names against its own annotation is the page’s (response-type-mismatch)', () => {
    const page = seedWith(
      '  "blockType": "response",\n  "truncated": true',
      '  "blockType": "response",\n  "truncated": true,\n  "@odata.type": "microsoft.graph.profilePhoto"',
    );
    const response = page.examples[0]?.response;
    assert.ok(response?.body.kind === 'json');
    const text = SEED_TEXT.replace(
      '"@odata.type": "#microsoft.graph.profilePhoto",\n  "id": "861907cf',
      '"@odata.type": "#microsoft.graph.photo",\n  "id": "861907cf',
    );
    const contradicting = parsePage(
      SEED_FILE,
      text.replace(
        '  "blockType": "response",\n  "truncated": true',
        '  "blockType": "response",\n  "truncated": true,\n  "@odata.type": "microsoft.graph.profilePhoto"',
      ),
    );
    const example = contradicting.examples[0];
    assert.ok(example?.response?.body.kind === 'json');
    const findings = findingsOfExample(contradicting, example, buildSchemaRegistry([contradicting]));
    assert.ok(
      findings.some((f) => f.rule === 'response-type-mismatch' && f.pointer === '/@odata.type'),
      JSON.stringify(findings),
    );
    const actual = { '@odata.type': '#microsoft.graph.profilePhoto', id: 'x', height: 1, width: 2 };
    const found = shapeDepartures(
      documentedShape(example.response.body.value, actual, { truncated: true }),
      'h',
      example.response,
      findings,
    );
    assert.deepEqual(
      found.map((d) => [d.cause, d.rule]),
      [['doc', 'response-type-mismatch']],
    );
    // On a consistent page the same departure is the target's.
    const consistent = findingsOfExample(page, page.examples[0] ?? example, buildSchemaRegistry([page]));
    const wrong = { ...actual, '@odata.type': '#microsoft.graph.user' };
    assert.deepEqual(
      shapeDepartures(documentedShape(response.body.value, wrong, { truncated: true }), 'h', response, consistent).map(
        (d) => [d.cause, d.rule],
      ),
      [['target', 'odata-type']],
    );
  });
});

describe('a value the page shows against its own type', () => {
  test('an answer of the type’s kind departs from the example there: the page’s (response-schema)', () => {
    // calendargroup-list-calendars shows `"color": {}`, a calendarColor: the answer's "auto" cannot match both.
    const at = SEED_TEXT.lastIndexOf('"height": 6');
    const page = parsePage(SEED_FILE, `${SEED_TEXT.slice(0, at)}"height": "six"${SEED_TEXT.slice(at + 11)}`);
    const example = page.examples[0];
    assert.ok(example?.response?.body.kind === 'json');
    const findings = findingsOfExample(page, example, buildSchemaRegistry([page]));
    assert.ok(
      findings.some((f) => f.rule === 'response-schema' && f.pointer === '/height'),
      JSON.stringify(findings),
    );
    const actual = { '@odata.type': '#microsoft.graph.profilePhoto', id: 'x', height: 6, width: 5 };
    const shape = documentedShape(example.response.body.value, actual, { truncated: true });
    assert.deepEqual(
      shapeDepartures(shape, 'h', example.response, findings).map((d) => [d.cause, d.rule]),
      [['doc', 'response-schema']],
    );
    // Missing where the page shows it is still the target's: the contradiction says nothing of that.
    const without = { '@odata.type': actual['@odata.type'], id: actual.id, width: actual.width };
    assert.deepEqual(
      shapeDepartures(
        documentedShape(example.response.body.value, without, { truncated: true }),
        'h',
        example.response,
        findings,
      ).map((d) => [d.cause, d.rule]),
      [['target', 'documented-properties']],
    );
  });
});

describe('a value the answer repeats from another example of the page, which breaks the type there', () => {
  test('is the page’s (response-schema); another value there is the target’s', () => {
    // profile-get: its second example reads the profile its first shows, with `"date": "Date"` in an anniversary.
    const page = apiPage(
      'api-reference/beta/api/widget-get.md',
      ['GET /widgets/{id}'],
      [
        '## Examples',
        example(
          'get_widget',
          'GET https://graph.microsoft.com/beta/widgets/w1',
          'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id": "w1", "size": "Size"}',
          ', "@odata.type": "microsoft.graph.widget"',
        ),
        example(
          'get_widget_selected',
          'GET https://graph.microsoft.com/beta/widgets/w1?$select=id',
          'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id": "w1"}',
          ', "@odata.type": "microsoft.graph.widget", "truncated": true',
        ),
      ],
    );
    const resource = resourcePage('api-reference/beta/resources/widget.md', 'microsoft.graph.widget', [
      '|id|String|Its id.|',
      '|size|Int32|How big.|',
    ]);
    const registry = buildSchemaRegistry([page, resource]);
    const [first, second] = page.examples;
    assert.ok(first && second?.response);
    const findingsOf = (e: typeof first) => findingsOfExample(page, e, registry);
    assert.ok(findingsOf(first).some((f) => f.rule === 'response-schema' && f.pointer === '/size'));
    const echoed = echoedFindings(page, second, { id: 'w1', size: 'Size' }, findingsOf);
    assert.deepEqual(
      echoed.map((f) => [f.rule, f.pointer]),
      [['response-schema', '/size']],
    );
    assert.deepEqual(echoedFindings(page, second, { id: 'w1', size: 'Big' }, findingsOf), []);
    const validate = registry.resourceValidator('microsoft.graph.widget', 'beta');
    assert.ok(validate);
    const errors = validate({ id: 'w1', size: 'Size' });
    assert.deepEqual(
      schemaDepartures('microsoft.graph.widget', second.response, [{ prefix: '', errors }], echoed).map((d) => [
        d.cause,
        d.rule,
      ]),
      [['doc', 'response-schema']],
    );
  });
});

describe('a write example without the body its operation takes', () => {
  test('lint finds it, and a refusal of it is the page’s (request-body-missing)', () => {
    // approvalstep-update, channel-patch (2021): a PATCH shown without a body, answered 204; Graph answers 400.
    const bodiless = seedWith(
      'PATCH https://graph.microsoft.com/beta/me/photos\nContent-Type: application/json\nContent-length: 85\n\n{\n  "@odata.type": "#microsoft.graph.profilePhoto",\n  "height": 6,\n  "width": 5\n}',
      'PATCH https://graph.microsoft.com/beta/me/photos',
    );
    const example = bodiless.examples[0];
    assert.ok(example?.response);
    const findings = findingsOfExample(bodiless, example, buildSchemaRegistry([bodiless]));
    assert.ok(
      findings.some((f) => f.rule === 'request-body-missing'),
      JSON.stringify(findings),
    );
    const refused = statusDepartures(bodiless, example.response, answer(400), findings);
    assert.deepEqual(
      refused.map((d) => [d.cause, d.rule]),
      [['doc', 'request-body-missing']],
    );
    const page = parsePage(SEED_FILE, SEED_TEXT);
    const own = page.examples[0];
    assert.ok(own);
    const consistent = findingsOfExample(page, own, buildSchemaRegistry([page]));
    assert.ok(!consistent.some((f) => f.rule === 'request-body-missing'));
  });
});

describe('an example sent to a path its page does not document', () => {
  test('what its answer departs in is the page’s (path-not-documented); a consistent page’s is the target’s', () => {
    // riskdetection-get (2021 beta): its first example reads `GET /riskDetections`, the list page's line, and shows
    // one entity; any service answers that path with a collection.
    const strayed = seedWith(
      'PATCH https://graph.microsoft.com/beta/me/photos',
      'PATCH https://graph.microsoft.com/beta/me/photo',
    );
    const example = strayed.examples[0];
    assert.ok(example?.response?.body.kind === 'json');
    const findings = findingsOfExample(strayed, example, buildSchemaRegistry([strayed]));
    assert.ok(
      findings.some((f) => f.rule === 'path-not-documented'),
      JSON.stringify(findings),
    );
    const departed = shapeDepartures(
      documentedShape(example.response.body.value, { id: 'x' }, { truncated: true }),
      'h',
      example.response,
      findings,
    );
    assert.ok(departed.length > 0);
    assert.deepEqual(
      straysFromItsPage(departed, findings).map((d) => [d.cause, d.rule]),
      departed.map(() => ['doc', 'path-not-documented']),
    );
    // So is what its write reads back there (externalconnectors-externalitem-update, /connections/… for
    // /external/connections/…).
    const readBack = problemDepartures(
      [{ rule: 'values-come-back', pointer: '/height', documented: 6, actual: 1, message: 'reads back 1' }],
      'values written do not read back',
      [example.request.location],
    );
    assert.deepEqual(
      straysFromItsPage(readBack, findings).map((d) => [d.cause, d.rule]),
      [['doc', 'path-not-documented']],
    );
    const page = parsePage(SEED_FILE, SEED_TEXT);
    const own = page.examples[0];
    assert.ok(own?.response?.body.kind === 'json');
    const consistent = findingsOfExample(page, own, buildSchemaRegistry([page]));
    const departs = shapeDepartures(
      documentedShape(own.response.body.value, { id: 'x' }, { truncated: true }),
      'h',
      own.response,
      consistent,
    );
    assert.deepEqual(
      straysFromItsPage(departs, consistent).map((d) => d.cause),
      departs.map(() => 'target'),
    );
    assert.ok(departs.length > 0);
  });
});

describe('one cause a test', () => {
  const d = (cause: Departure['cause']): Departure => ({
    cause,
    rule: 'status',
    step: 's',
    message: 'm',
    documentedAt: [],
    pointers: [],
  });

  test('a target’s departure decides over a page’s contradiction; a harness failure over everything', () => {
    assert.equal(decidingDeparture([d('doc'), d('target')])?.cause, 'target');
    assert.equal(decidingDeparture([d('doc'), d('observation')])?.cause, 'observation');
    assert.equal(decidingDeparture([d('target'), d('harness')])?.cause, 'harness');
    assert.equal(decidingDeparture([]), undefined);
  });

  test('a doc cause fails the run only with FAIL_ON_DOC=1', () => {
    assert.equal(causeFailsRun('doc', false), false);
    assert.equal(causeFailsRun('doc', true), true);
    for (const cause of ['target', 'harness', 'observation'] as const) assert.equal(causeFailsRun(cause, false), true);
  });
});

describe('documented collections', () => {
  test('an item shows what every documented item of its type shows; what only some show is optional', () => {
    const documented = {
      value: [
        { '@odata.type': '#microsoft.graph.user', id: 'u', accountEnabled: true, visibility: 'Public' },
        { '@odata.type': '#microsoft.graph.group', id: 'g', description: 'd', visibility: null },
      ],
    };
    // The documented body itself: each item against its own type.
    assert.deepEqual(documentedShape(documented, documented, { truncated: false }), []);
    const actual = { value: [{ '@odata.type': '#microsoft.graph.group', id: 'g2', visibility: null }] };
    assert.deepEqual(
      documentedShape(documented, actual, { truncated: true }).map((p) => [p.pointer, p.rule]),
      [['/value/0/description', 'documented-properties']],
    );
  });

  test('items of one type that differ: the shared properties are required, the others checked when present', () => {
    const documented = {
      value: [
        { name: 'a', size: 1, file: {} },
        { name: 'b', folder: {} },
      ],
    };
    assert.deepEqual(documentedShape(documented, documented, { truncated: false }), []);
    assert.deepEqual(
      documentedShape(documented, { value: [{ name: 'c', size: 'big' }, { size: 2 }] }, { truncated: true }).map(
        (p) => p.pointer,
      ),
      ['/value/0/size', '/value/1/name'],
    );
  });
});

describe('what a page states about a property', () => {
  test('read-only: unconditional, or under a condition (then no probe may rely on it)', () => {
    assert.deepEqual(readOnlyStatement('Read-only.'), { kind: 'always' });
    assert.deepEqual(readOnlyStatement('The id. Read-only. Nullable.'), { kind: 'always' });
    assert.deepEqual(readOnlyStatement('Key of the entity. This is read-only and automatically generated.'), {
      kind: 'always',
    });
    assert.equal(
      readOnlyStatement('The phone number. Read-only for users synced from on-premises directory.').kind,
      'conditional',
    );
    assert.equal(
      readOnlyStatement(
        'Contains extensionAttributes 1-15 for the user. For an `onPremisesSyncEnabled` user, the source of authority for this set of properties is the on-premises and is read-only.',
      ).kind,
      'conditional',
    );
    assert.equal(readOnlyStatement('Once set, this property is read-only and cannot be changed.').kind, 'conditional');
    assert.equal(readOnlyStatement('A view link provides read-only access to an item.').kind, 'silent');
    assert.equal(readOnlyStatement('**TODO: Add Description**').kind, 'silent');
  });

  test('nullability: said, denied, or silent', () => {
    assert.equal(nullabilityStatement('Read-only. Nullable.'), 'nullable');
    assert.equal(nullabilityStatement('Not nullable.'), 'not-nullable');
    assert.equal(nullabilityStatement('**TODO: Add Description**'), 'silent');
  });

  test('generated values hold null only where the page (or the source it is given) says the property is nullable', () => {
    const silent = { type: ['integer', 'null'], minimum: 0, maximum: 9, description: 'How tall.' };
    const nullable = { ...silent, description: 'How tall. Nullable.' };
    const values = (schema: JsonSchema, nullability?: () => 'nullable'): unknown[] => {
      const made = arbitraryFor(schema, () => undefined, {
        property: 'height',
        ...(nullability ? { nullability } : {}),
      });
      assert.ok(made.ok);
      return fc.sample(made.arbitrary, { seed: 5, numRuns: 200 });
    };
    assert.ok(!values(silent).includes(null), 'silent: never null');
    assert.ok(values(nullable).includes(null), '"Nullable.": null among the values');
    assert.ok(values(silent, () => 'nullable').includes(null), 'a metadata answer where the page is silent');
  });
});
