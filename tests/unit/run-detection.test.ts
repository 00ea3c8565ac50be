/**
 * Detection power (issue 20): Graph's error format on every provoked error answer, values read back after a write,
 * and the faults the mutation check injects (bench/mutation-faults.ts).
 *
 * Run: node --import tsx --test tests/unit/run-detection.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentTypeDepartures, errorAnswerDepartures } from '../../src/run/departures.ts';
import { echoedValues, readBackValues } from '../../src/run/response-checks.ts';
import { documentedReads } from '../../src/run/read-back.ts';
import { statedFormat, uncheckedValues } from '../../src/run/unchecked-types.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import type { Page } from '../../src/docs/model.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { inject, type ProxiedAnswer, type ProxiedRequest } from '../../bench/mutation-faults.ts';
import { showsODataType, showsProperty } from '../../bench/mutation-visible.ts';

const validate = buildSchemaRegistry([]).errorValidator();
const AT = [{ file: 'page.md', line: 3 }];

function errorAnswer(body: unknown, contentType = 'application/json') {
  return {
    status: 400,
    statusText: 'Bad Request',
    headers: { 'content-type': contentType },
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

const GRAPH_ERROR = {
  error: {
    code: 'BadRequest',
    message: 'Invalid request.',
    innerError: { date: '2021-07-09T15:06:38', 'request-id': 'a1', 'client-request-id': 'b2' },
  },
};

describe("Graph's error format on a provoked error answer", () => {
  test('the format Graph documents passes, with or without innerError, offset or not', () => {
    assert.deepEqual(errorAnswerDepartures(errorAnswer(GRAPH_ERROR), validate, AT), []);
    const bare = { error: { code: 'x', message: 'y' } };
    assert.deepEqual(errorAnswerDepartures(errorAnswer(bare), validate, AT), []);
    const zoned = { error: { code: 'x', message: 'y', innerError: { date: '2021-07-09T15:06:38.123Z' } } };
    assert.deepEqual(errorAnswerDepartures(errorAnswer(zoned), validate, AT), []);
  });

  test('a JSON error labelled text/plain is the target’s departure, naming the label', () => {
    const [found, ...rest] = errorAnswerDepartures(errorAnswer(GRAPH_ERROR, 'text/plain'), validate, AT);
    assert.equal(rest.length, 0);
    assert.ok(found);
    assert.equal(found.cause, 'target');
    assert.equal(found.rule, 'error-body');
    assert.match(found.message, /Content-Type: text\/plain, not application\/json/);
  });

  test('a malformed innerError.date, a missing code, a non-string request-id are each named by pointer', () => {
    const body = {
      error: { message: 'm', innerError: { date: '12/03/2026 10:00:00', 'request-id': 7 } },
    };
    const [found] = errorAnswerDepartures(errorAnswer(body), validate, AT);
    assert.ok(found);
    assert.deepEqual(
      [...found.pointers].sort(),
      ['/error/code', '/error/innerError/date', '/error/innerError/request-id'].sort(),
    );
    assert.match(found.message, /innerError\/date is "12\/03\/2026 10:00:00", must match format "iso-date-time"/);
  });

  test('a body that is not JSON says so', () => {
    const [found] = errorAnswerDepartures(errorAnswer('Bad Request', 'application/json'), validate, AT);
    assert.match(found?.message ?? '', /is not JSON: Bad Request/);
  });
});

describe('an answer the doc shows as JSON', () => {
  test('is labelled JSON; another label is the target’s, naming the place the doc shows JSON', () => {
    const answer = (type: string) => ({
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': type },
      bodyText: '{}',
    });
    assert.deepEqual(
      contentTypeDepartures(AT[0] ?? { file: '', line: 0 }, answer('application/json; charset=utf-8')),
      [],
    );
    const found = contentTypeDepartures({ file: 'user-get.md', line: 40 }, answer('text/plain'));
    assert.deepEqual(
      found.map((f) => [f.cause, f.message]),
      [
        [
          'target',
          'the page shows a JSON body (user-get.md:40); the target labelled its answer Content-Type: text/plain',
        ],
      ],
    );
  });
});

describe('the mutation faults', () => {
  const get: ProxiedRequest = { method: 'GET', path: '/v1.0/me', headers: {}, body: Buffer.alloc(0) };
  const ok = (value: unknown, status = 200): ProxiedAnswer => ({
    status,
    headers: { 'content-type': 'application/json; odata.metadata=minimal' },
    body: Buffer.from(JSON.stringify(value)),
  });
  const json = (a: ProxiedAnswer | undefined): unknown => (a === undefined ? undefined : JSON.parse(a.body.toString()));

  test('the deepest date-time is the one malformed', () => {
    const body = {
      createdDateTime: '2021-01-01T00:00:00Z',
      signInActivity: { lastSignInDateTime: '2021-02-01T00:00:00Z' },
    };
    assert.deepEqual(json(inject('date-time-malformed', get, ok(body))), {
      createdDateTime: '2021-01-01T00:00:00Z',
      signInActivity: { lastSignInDateTime: '12/03/2026 10:00:00' },
    });
    assert.equal(inject('date-time-malformed', get, ok({ name: 'x' })), undefined);
  });

  test('a PATCH answered with the entity before the write, only where it differs', () => {
    const patch: ProxiedRequest = { ...get, method: 'PATCH', body: Buffer.from('{"a":2}') };
    const before = ok({ a: 1 });
    assert.deepEqual(json(inject('stale-write-answer', patch, ok({ a: 2 }), { before })), { a: 1 });
    assert.equal(inject('stale-write-answer', patch, ok({ a: 1 }), { before }), undefined);
    assert.equal(inject('stale-write-answer', get, ok({ a: 2 }), { before }), undefined);
    // A write of values already there leaves nothing stale to see, whatever else differs.
    assert.equal(inject('stale-write-answer', patch, ok({ a: 1, b: 3 }), { before: ok({ a: 1, b: 4 }) }), undefined);
  });

  test('error faults touch error answers only', () => {
    const error = ok(GRAPH_ERROR, 400);
    assert.equal(inject('error-inner-date-malformed', get, ok({ a: 1 })), undefined);
    const malformed = json(inject('error-inner-date-malformed', get, error)) as typeof GRAPH_ERROR;
    assert.equal(malformed.error.innerError.date, '12/03/2026 10:00:00');
    assert.equal(inject('error-text-plain', get, error)?.headers['content-type'], 'text/plain');
    assert.equal(inject('status-swapped', get, error), undefined);
    assert.equal(inject('status-swapped', get, ok({}))?.status, 201);
  });
});

describe('where the page states what a fault breaks', () => {
  const example = (json: string) => {
    const page = parsePage(
      'v1.0/api/x-get.md',
      [
        '# Get x',
        '',
        '## Example',
        '',
        '<!-- { "blockType": "request", "name": "get_x" } -->',
        '```http',
        'GET https://graph.microsoft.com/v1.0/x',
        '```',
        '',
        '<!-- { "blockType": "response", "@odata.type": "microsoft.graph.user" } -->',
        '```http',
        'HTTP/1.1 200 OK',
        'Content-type: application/json',
        '',
        json,
        '```',
        '',
      ].join('\n'),
    );
    const [first] = page.examples;
    assert.ok(first);
    return first;
  };

  test('where the example shows the type on the entity, or one type on every item', () => {
    assert.equal(
      showsODataType(example('{ "@odata.type": "#microsoft.graph.user", "id": "1" }'), '/@odata.type'),
      true,
    );
    const items = example(
      '{ "value": [{ "@odata.type": "#microsoft.graph.user" }, { "@odata.type": "#microsoft.graph.user" }] }',
    );
    assert.equal(showsODataType(items, '/value/3/@odata.type'), true);
  });

  test('a property dropped is visible where the example shows it: on the entity, or on every item, not optional', () => {
    assert.equal(showsProperty(example('{ "id": "1", "mail": "a@b" }'), '/mail'), true);
    assert.equal(showsProperty(example('{ "id": "1" }'), '/mail'), false, 'truncated examples leave the rest open');
    const items = example('{ "value": [{ "id": "1", "mail": "a" }, { "id": "2" }] }');
    assert.equal(showsProperty(items, '/value/4/id'), true);
    assert.equal(showsProperty(items, '/value/0/mail'), false, 'what only some items show is optional');
  });

  test('not where the example is silent on it: no type shown, several types, or another place', () => {
    assert.equal(showsODataType(example('{ "id": "1" }'), '/@odata.type'), false);
    const mixed = example(
      '{ "value": [{ "@odata.type": "#microsoft.graph.user" }, { "@odata.type": "#microsoft.graph.group" }] }',
    );
    assert.equal(showsODataType(mixed, '/value/0/@odata.type'), false);
    const some = example('{ "value": [{ "@odata.type": "#microsoft.graph.user" }, { "id": "2" }] }');
    assert.equal(showsODataType(some, '/value/0/@odata.type'), false);
    const nested = example('{ "value": { "@odata.type": "#microsoft.graph.user" } }');
    assert.equal(showsODataType(nested, '/@odata.type'), false);
  });
});

describe('writes read back', () => {
  const sent = {
    automaticRepliesSetting: {
      status: 'Scheduled',
      scheduledStartDateTime: { dateTime: '2016-03-20T18:00:00.0000000', timeZone: 'UTC' },
    },
  };
  // The page's answer: the status in the service's letter case, the start converted (a transformation it shows).
  const documented = {
    automaticRepliesSetting: {
      status: 'scheduled',
      externalAudience: 'all',
      scheduledStartDateTime: { dateTime: '2016-03-20T02:00:00.0000000', timeZone: 'UTC' },
    },
  };

  test('a stale echo of a complex value is named by the member, the value sent and the value answered', () => {
    const stale = {
      automaticRepliesSetting: {
        status: 'disabled',
        scheduledStartDateTime: { dateTime: '2016-01-01T00:00:00.0000000', timeZone: 'UTC' },
      },
    };
    const problems = echoedValues(sent, documented, stale);
    assert.deepEqual(
      problems.map((p) => [p.pointer, p.message]),
      [
        [
          '/automaticRepliesSetting/status',
          'is a string "disabled", but "Scheduled" was sent and the doc shows it coming back',
        ],
      ],
    );
  });

  test('the documented letter case and the sent one both come back; a transformation the doc shows is not checked', () => {
    assert.deepEqual(echoedValues(sent, documented, documented), []);
    assert.deepEqual(echoedValues(sent, documented, sent), []);
  });

  test('a read after the write must show each value written that it shows at all', () => {
    const read = { automaticRepliesSetting: { status: 'disabled', scheduledStartDateTime: null } };
    const problems = readBackValues(sent, documented, read, '/v1.0/me/mailboxSettings');
    assert.deepEqual(
      problems.map((p) => [p.pointer, p.message]),
      [
        [
          '/automaticRepliesSetting/status',
          'is a string "disabled" when read back with GET /v1.0/me/mailboxSettings, but "Scheduled" was written',
        ],
      ],
    );
    assert.deepEqual(readBackValues(sent, documented, { id: 'x' }, '/p'), [], 'what the read does not show');
    assert.deepEqual(readBackValues({ mail: 'A@B.com' }, undefined, { mail: 'a@b.com' }, '/p'), []);
    assert.equal(readBackValues({ jobTitle: 'x' }, undefined, { jobTitle: 'y' }, '/p').length, 1);
  });

  test('the documented GET of a written path is found by version and template, the most literal first', () => {
    const page = (version: 'v1.0' | 'beta', ...lines: string[]): Page =>
      parsePage(`${version}/x.md`, `# x\n\n## HTTP request\n\n\`\`\`http\n${lines.join('\n')}\n\`\`\`\n`);
    const reads = documentedReads([
      page('v1.0', 'GET /me/{property}', 'GET /me/mailboxSettings'),
      page('beta', 'GET /users/{id}'),
    ]);
    assert.equal(reads('v1.0', '/v1.0/me/mailboxSettings')?.template.path, '/me/mailboxSettings');
    assert.equal(reads('beta', '/beta/users/42')?.template.path, '/users/{id}');
    assert.equal(reads('v1.0', '/v1.0/users/42'), undefined);
  });
});

describe('values the doc set cannot type', () => {
  test('a nested value of an undocumented type is named with the builder’s finding, at its pointer', () => {
    const resource = parsePage(
      'v1.0/resources/user.md',
      [
        '# user resource type',
        '',
        '## Properties',
        '',
        '| Property | Type | Description |',
        '|:---|:---|:---|',
        '| id | String | The id. |',
        '| createdDateTime | DateTimeOffset | When. |',
        '| signInActivity | [signInActivity](signinactivity.md) | The last sign-in. |',
        '',
        '## JSON representation',
        '',
        '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.user" } -->',
        '```json',
        '{ "id": "String", "createdDateTime": "String (timestamp)", "signInActivity": {"@odata.type": "microsoft.graph.signInActivity"} }',
        '```',
        '',
      ].join('\n'),
    );
    const registry = buildSchemaRegistry([resource]);
    const unchecked = uncheckedValues(registry, 'microsoft.graph.user', 'v1.0', {
      id: '1',
      signInActivity: { lastSignInDateTime: '12/03/2026 10:00:00' },
    });
    assert.deepEqual(
      unchecked.map((u) => [u.pointer, u.finding.rule, u.finding.location.line]),
      [['/signInActivity', 'unresolved-type', 9]],
    );
    assert.deepEqual(uncheckedValues(registry, 'microsoft.graph.user', 'v1.0', { signInActivity: null }), []);
  });
});

describe('what the doc set states about a place', () => {
  const resourcePage = (file: string, type: string, rows: readonly string[], json: string): Page =>
    parsePage(
      file,
      [
        `# ${type} resource type`,
        '',
        '## Properties',
        '',
        '| Property | Type | Description |',
        '|:---|:---|:---|',
        ...rows,
        '',
        '## JSON representation',
        '',
        `<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.${type}" } -->`,
        '```json',
        json,
        '```',
        '',
      ].join('\n'),
    );
  const registry = buildSchemaRegistry([
    resourcePage(
      'v1.0/resources/user.md',
      'user',
      [
        '| id | String | The id. |',
        '| signInActivity | [signInActivity](signinactivity.md) | The last sign-in. |',
        '| activities | [signInActivity](signinactivity.md) collection | Sign-ins. |',
        '| note | String | A note. |',
      ],
      '{ "id": "String", "signInActivity": {"@odata.type": "microsoft.graph.signInActivity"}, "activities": [{"@odata.type": "microsoft.graph.signInActivity"}], "note": "String" }',
    ),
    resourcePage(
      'v1.0/resources/signinactivity.md',
      'signInActivity',
      ['| lastSignInDateTime | DateTimeOffset | When. |'],
      '{ "lastSignInDateTime": "String (timestamp)" }',
    ),
  ]);
  const answer = {
    id: '1',
    note: '2021-01-01T00:00:00Z',
    signInActivity: { lastSignInDateTime: '12/03/2026 10:00:00' },
    activities: [{ lastSignInDateTime: '2021-01-01T00:00:00Z' }],
  };

  test('a DateTimeOffset is stated through a complex type its resource page documents, and through collections', () => {
    assert.equal(
      statedFormat(registry, 'microsoft.graph.user', 'v1.0', answer, '/signInActivity/lastSignInDateTime'),
      'date-time',
    );
    assert.equal(
      statedFormat(registry, 'microsoft.graph.user', 'v1.0', answer, '/activities/0/lastSignInDateTime'),
      'date-time',
    );
  });

  test('a String that holds a date, or a place no table types, states no format', () => {
    assert.equal(statedFormat(registry, 'microsoft.graph.user', 'v1.0', answer, '/note'), undefined);
    assert.equal(statedFormat(registry, 'microsoft.graph.user', 'v1.0', answer, '/extra/when'), undefined);
    assert.equal(
      statedFormat(registry, 'microsoft.graph.group', 'v1.0', answer, '/signInActivity/lastSignInDateTime'),
      undefined,
    );
  });
});
