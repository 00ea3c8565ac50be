/**
 * Where placeholder values come from (src/cases/placeholders.ts, documented-values.ts): by name from the settings and
 * the tenant file; by position from what a run discovered in its target; against the embedded mock, from its own
 * state (what the docs' examples address and list), its users, and stand-ins for members the docs only name.
 *
 * Run: node --import tsx --test tests/unit/cases-placeholders.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePage } from '../../src/docs/parse-page.ts';
import type { Page, PathTemplate } from '../../src/docs/model.ts';
import {
  collectionOf,
  describeValue,
  placeholderSource,
  type FilledTemplate,
  type Placeholders,
} from '../../src/cases/placeholders.ts';
import { DEFAULT_TARGET_USER, isStandIn, standInFor } from '../../src/core/embedded-tenant.ts';
import { isPlaceholderDefault } from '../../src/mock-tenant/tenant.ts';
import { exampleIdentity, parsePathTemplate } from '../../src/docs/path-template.ts';

/** An API page documenting `paths`, with one example per request line and its JSON answer. */
function page(file: string, paths: readonly string[], examples: readonly [string, string][]): Page {
  const text = [
    '# Page',
    '',
    '## HTTP request',
    '<!-- { "blockType": "ignored" } -->',
    '```http',
    ...paths,
    '```',
    '',
    '## Response',
    'If successful, this method returns a `200 OK` response code.',
    '',
    '## Examples',
    ...examples.flatMap(([request, body], i) => [
      '',
      `<!-- { "blockType": "request", "name": "example_${String(i)}" } -->`,
      '```http',
      request,
      '```',
      '',
      `<!-- { "blockType": "response", "truncated": true } -->`,
      '```http',
      'HTTP/1.1 200 OK',
      'Content-Type: application/json',
      '',
      body,
      '```',
    ]),
  ].join('\n');
  return parsePage(file, text);
}

function template(line: string, file = 'docs/api/t.md'): PathTemplate {
  const parsed = parsePathTemplate(line, { file, line: 1 });
  assert.ok(parsed);
  return parsed;
}

const MOCK: Placeholders = { kind: 'values', layers: [], embeddedTenant: true };

function filled(result: FilledTemplate): { path: string; from: string[] } {
  assert.ok(result.ok, `filled, but missing ${result.ok ? '' : JSON.stringify(result.missing)}`);
  return { path: result.path, from: result.values.map((v) => v.origin.kind) };
}

const MESSAGES = page(
  'docs/api/message-get.md',
  ['GET /users/{id}/messages/{id}', 'GET /users/{id}/messages'],
  [
    ['GET https://graph.microsoft.com/v1.0/users/ada@contoso.com/messages/AAMkAGI1', '{ "id": "AAMkAGI1" }'],
    [
      'GET https://graph.microsoft.com/v1.0/users/ada@contoso.com/messages',
      '{ "value": [ { "id": "AAMkAGI2" }, { "id": "AAMkAGI3" } ] }',
    ],
  ],
);

describe('against the embedded mock, placeholders come from its own state', () => {
  test('each position of a reused name gets its own value, from one documented path (the user and her message)', () => {
    const fill = placeholderSource(MOCK, [MESSAGES]);
    const got = filled(fill(template('GET /users/{id}/messages/{id}', 'docs/api/message-get.md')));
    assert.equal(got.path, '/users/ada%40contoso.com/messages/AAMkAGI1');
    assert.deepEqual(got.from, ['documented', 'documented']);
  });

  test('a listing in the docs shows members: their ids fill the member placeholder', () => {
    const other = template('PATCH /users/{user-id}/messages/{message-id}', 'docs/api/message-update.md');
    const fill = placeholderSource(MOCK, [MESSAGES]);
    const result = fill(other);
    assert.ok(result.ok);
    assert.match(result.path, /^\/users\/ada%40contoso\.com\/messages\/AAMkAGI[123]$/);
  });

  test('a route at a placeholder position (`/users/delta`) is not a member', () => {
    const delta = page(
      'docs/api/user-delta.md',
      ['GET /users/delta'],
      [['GET https://graph.microsoft.com/v1.0/users/delta', '{ "value": [] }']],
    );
    const result = filled(placeholderSource(MOCK, [delta])(template('GET /users/{id}')));
    assert.equal(result.path, `/users/${DEFAULT_TARGET_USER.id}`);
    assert.deepEqual(result.from, ['tenant-user']);
  });

  test("a member the docs only ever name gets the mock's stand-in, the same for the same name", () => {
    const fill = placeholderSource(MOCK, []);
    const result = fill(template('GET /compliance/ediscovery/cases/{caseId}/reviewSets'));
    assert.ok(result.ok);
    assert.equal(result.path, `/compliance/ediscovery/cases/${standInFor('caseId')}/reviewSets`);
    assert.ok(isStandIn(standInFor('caseId')));
    assert.equal(standInFor('caseId'), standInFor('case-id'), 'spellings of one name give one value');
    assert.deepEqual(
      result.values.map((v) => v.origin.kind),
      ['stand-in'],
    );
  });

  test('a placeholder inside a function call is an argument: a number where unquoted, text where quoted', () => {
    const fill = placeholderSource(MOCK, []);
    const result = fill(
      template("GET /me/drive/items/{id}/workbook/range(address='{address}')/resizedRange(deltaRows={n})"),
    );
    assert.ok(result.ok);
    assert.equal(
      result.path,
      `/me/drive/items/${standInFor('id')}/workbook/range(address='address')/resizedRange(deltaRows=1)`,
    );
  });

  test("an example's own `{id}` is filled as the mock files that example, not with another page's id", () => {
    // accesspackageassignmentpolicy-get keeps `{id}`; -update shows a literal id, whose answer lacks properties the
    // get page's answer shows: the get test must address the resource the mock answers with the get page's example.
    const get = page(
      'docs/api/policy-get.md',
      ['GET /policies/{id}'],
      [['GET https://graph.microsoft.com/beta/policies/{id}', '{ "id": "p1", "canExtend": false }']],
    );
    const update = page(
      'docs/api/policy-update.md',
      ['PUT /policies/{id}'],
      [['PUT https://graph.microsoft.com/beta/policies/b2eba9a1', '{ "id": "b2eba9a1" }']],
    );
    const result = filled(
      placeholderSource(MOCK, [update, get])(template('GET /policies/{id}', 'docs/api/policy-get.md')),
    );
    assert.equal(
      result.path,
      `/policies/${standInFor('id', exampleIdentity(get.examples[0] ?? assert.fail('no example')))}`,
    );
    assert.deepEqual(result.from, ['documented']);
  });

  test("pages that keep one placeholder on one route each get their example's own stand-in, as the mock files it", () => {
    // Each Intune app type's get page keeps `{mobileAppId}` on `GET /deviceAppManagement/mobileApps/{mobileAppId}`:
    // with one shared value, the mock answered every page with the first page's app type.
    const get = (type: string): Page =>
      page(
        `docs/api/intune-apps-${type}-get.md`,
        ['GET /deviceAppManagement/mobileApps/{mobileAppId}'],
        [['GET https://graph.microsoft.com/v1.0/deviceAppManagement/mobileApps/{mobileAppId}', `{ "id": "${type}" }`]],
      );
    const pages = [get('webapp'), get('iosstoreapp')];
    const fill = placeholderSource(MOCK, pages);
    const paths = pages.map((p) => {
      const result = filled(fill(template('GET /deviceAppManagement/mobileApps/{mobileAppId}', p.file)));
      assert.deepEqual(result.from, ['documented']);
      return result.path;
    });
    assert.notEqual(paths[0], paths[1]);
    const own = pages.map(
      (p) =>
        `/deviceAppManagement/mobileApps/${standInFor('mobileAppId', exampleIdentity(p.examples[0] ?? assert.fail('no example')))}`,
    );
    assert.deepEqual(paths, own, 'the stand-in the mock files each example under');
    assert.ok(own.every((path) => isStandIn(path.split('/').at(-1) ?? '')));
  });

  test('two examples of a page on one line each address their own stand-in, as the mock files them', () => {
    // b2cidentityuserflow-list-userattributeassignments (2021 beta): both examples keep `{id}`; the second, with
    // `$expand=userAttribute`, was sent with the first's stand-in and got the first's items, without the expansion.
    const list = page(
      'docs/api/flow-list-assignments.md',
      ['GET /flows/{id}/assignments'],
      [
        ['GET https://graph.microsoft.com/beta/flows/{id}/assignments', '{ "value": [ { "id": "City" } ] }'],
        [
          'GET https://graph.microsoft.com/beta/flows/{id}/assignments?$expand=attribute',
          '{ "value": [ { "id": "City", "attribute": { "id": "City" } } ] }',
        ],
      ],
    );
    const fill = placeholderSource(MOCK, [list]);
    for (const example of list.examples) {
      const own = parsePathTemplate(`GET ${example.request.path}`, example.request.location);
      assert.ok(own);
      const result = filled(fill(own));
      assert.equal(result.path, `/flows/${standInFor('id', exampleIdentity(example))}/assignments`, example.name);
      assert.deepEqual(result.from, ['documented']);
    }
  });

  test("another documented path an example is sent to gets that example's stand-ins, not other pages' members", () => {
    // event-get's example is `/me/events/{id}`; sent to `/groups/{id}/events/{id}`, another page's group event
    // answered as that page shows it, not as event-get does.
    const groupEvent = page(
      'docs/api/group-get-event.md',
      ['GET /groups/{id}/events/{id}'],
      [['GET https://graph.microsoft.com/v1.0/groups/g1/events/e1', '{ "id": "e1" }']],
    );
    const fill = placeholderSource(MOCK, [groupEvent]);
    const other = template('GET /groups/{id}/events/{id}', 'docs/api/event-get.md');
    assert.equal(filled(fill(other)).path, '/groups/g1/events/e1', 'as any template: the documented member');
    const sent = filled(fill(other, 'event-get.md#get_event'));
    assert.equal(
      sent.path,
      `/groups/${standInFor('id', 'event-get.md#get_event')}/events/${standInFor('id', 'event-get.md#get_event')}`,
    );
    assert.deepEqual(sent.from, ['stand-in', 'stand-in']);
    const user = filled(fill(template('GET /users/{user-id}/events/{id}', 'docs/api/event-get.md'), 'x#y'));
    assert.equal(
      user.path,
      `/users/${standInFor('user-id', 'x#y')}/events/${standInFor('id', 'x#y')}`,
      "the user too is the example's own, which the mock answers as the example shows it",
    );
  });

  test('another documented path keeps the documented value of a placeholder inside a segment (an alternate key)', () => {
    // directoryrole-list-members' example addresses `roleTemplateId=43a6…`; its other path
    // `/directoryRoles/roleTemplateId={roleTemplateId}/members` is sent there, a role the mock holds, not to the
    // argument stand-in `roleTemplateId=roletemplateid`, which addresses nothing (a 404 against the mock).
    const roles = page(
      'docs/api/directoryrole-list-members.md',
      ['GET /directoryRoles/{id}/members', 'GET /directoryRoles/roleTemplateId={roleTemplateId}/members'],
      [['GET https://graph.microsoft.com/v1.0/directoryRoles/roleTemplateId=43a63cc2/members', '{ "value": [] }']],
    );
    const fill = placeholderSource(MOCK, [roles]);
    const other = template(
      'GET /directoryRoles/roleTemplateId={roleTemplateId}/members',
      'docs/api/directoryrole-list-members.md',
    );
    const sent = filled(fill(other, 'directoryrole-list-members.md#example_0'));
    assert.equal(sent.path, '/directoryRoles/roleTemplateId=43a63cc2/members');
    assert.deepEqual(sent.from, ['documented']);
  });

  test('an `{id}` that is not a user is not filled with a user', () => {
    const result = filled(placeholderSource(MOCK, [])(template('GET /groups/{id}')));
    assert.notEqual(result.path, `/groups/${DEFAULT_TARGET_USER.id}`);
    assert.deepEqual(result.from, ['stand-in']);
  });
});

describe('the order in which sources win', () => {
  test('settings and the tenant file win by name over everything found', () => {
    const placeholders: Placeholders = {
      kind: 'values',
      layers: [
        { values: { message_id: 'from-setting' }, byVariableName: true, origin: { kind: 'setting' } },
        { values: { 'user-id': 'from-file' }, origin: { kind: 'tenant-file', file: 'fixtures/tenant.json' } },
      ],
      discovered: [{ collection: '/users', value: 'discovered-user', how: 'GET /v1.0/users, /value/0/id' }],
      embeddedTenant: true,
    };
    const result = placeholderSource(placeholders, [MESSAGES])(template('GET /users/{user-id}/messages/{message-id}'));
    assert.ok(result.ok);
    assert.equal(result.path, '/users/from-file/messages/from-setting');
    assert.deepEqual(result.values.map(describeValue), [
      '{user-id} = from-file (the tenant file fixtures/tenant.json)',
      '{message-id} = from-setting (PARAM_message_id)',
    ]);
  });

  test('against a target, a discovered member fills its collection; without one the placeholder stays missing', () => {
    const placeholders: Placeholders = {
      kind: 'values',
      layers: [],
      discovered: [{ collection: '/groups', value: '02bd9fd6', how: 'GET /v1.0/groups, /value/0/id' }],
      embeddedTenant: false,
    };
    const fill = placeholderSource(placeholders, [MESSAGES]);
    const result = fill(template('GET /groups/{group-id}/members/{member-id}'));
    assert.ok(!result.ok);
    assert.deepEqual(result.missing, [{ name: 'member-id', collection: '/groups/{}/members' }]);
    const group = fill(template('GET /groups/{id}'));
    assert.ok(group.ok);
    assert.deepEqual(group.values.map(describeValue), ['{id} = 02bd9fd6 (discovered: GET /v1.0/groups, /value/0/id)']);
  });

  test('the collection of a position is the path before it, placeholders as {}', () => {
    const t = template('GET /users/{id | userPrincipalName}/messages/{id}/attachments');
    assert.equal(collectionOf(t, 1), '/users');
    assert.equal(collectionOf(t, 3), '/users/{}/messages');
  });
});

describe('the mock serves a stand-in as the member the docs show', () => {
  test('a stand-in counts as a placeholder default: the member exists, and is answered as documented', () => {
    assert.equal(isPlaceholderDefault(standInFor('caseId')), true);
    assert.equal(isPlaceholderDefault('5eedc0de-0000-0000-0000-000000000000'), false, 'not the stand-in shape');
    assert.equal(isPlaceholderDefault('02bd9fd6-8f93-4758-87c3-1fb73740a315'), false);
  });
});
