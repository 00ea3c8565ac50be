/**
 * One route, several pages: each Intune app type's create page documents `POST /deviceAppManagement/mobileApps` with
 * its own request-body table. The mock checks a body against the table of the page whose example the body is like
 * (its `@odata.type`), not the first page's: over the whole 2021 reference, a web app's create was refused for
 * `appUrl` "not a documented property" of the iOS store app's table (a target cause against the mock). A create keeps
 * the timestamps and the id the client sent (what it wrote, it reads back: domain-post-domains sends
 * `"id": "contoso.com"`), where the table lets it send them.
 *
 * Run: node --import tsx --test tests/unit/mock-body-page.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from '../../src/docs/model.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { createTenantCore, type TenantCore } from '../../src/mock-tenant/handler.ts';
import type { Reply } from '../../src/mock-tenant/reply.ts';
import { asSentToMock, exampleIdentity } from '../../src/docs/path-template.ts';
import { keepBeyondInt64 } from '../../src/mock-tenant/body.ts';
import { apiPage, example, exampleOf, sendToCore } from './support/mock.ts';

const URL = 'https://graph.microsoft.com/beta/deviceAppManagement/mobileApps';

/** A create page for one app type: its own request-body table, and an example sending that type. */
function createPage(type: string, property: string): Page {
  const body = JSON.stringify({ '@odata.type': `#microsoft.graph.${type}`, displayName: 'App', [property]: 'x' });
  return apiPage(
    `intune-apps-${type.toLowerCase()}-create.md`,
    ['POST /deviceAppManagement/mobileApps'],
    [
      '## Request body',
      '|Property|Type|Description|',
      '|:---|:---|:---|',
      '|id|String|The id, which the client may choose.|',
      '|displayName|String|The name.|',
      `|${property}|String|What this type has.|`,
      '|lastModifiedDateTime|DateTimeOffset|When the app was last modified.|',
      '## Examples',
      example(
        `create_${type}`,
        `POST ${URL}\nContent-Type: application/json\n\n${body}`,
        `HTTP/1.1 201 Created\nContent-Type: application/json\n\n${JSON.stringify({ ...JSON.parse(body), id: 'a1', lastModifiedDateTime: '2017-01-01T00:00:35Z' })}`,
        `, "@odata.type": "microsoft.graph.${type}"`,
      ),
    ],
  );
}

const PAGES = [createPage('iosStoreApp', 'bundleId'), createPage('webApp', 'appUrl')];

function tenant(): TenantCore {
  return createTenantCore({ pages: PAGES, schemas: buildSchemaRegistry(PAGES) });
}

function post(core: TenantCore, body: Record<string, unknown>): Reply {
  return sendToCore(core, 'POST', '/beta/deviceAppManagement/mobileApps', {
    headers: { 'x-mock-session': 'apps' },
    body: JSON.stringify(body),
  });
}

test("each app type's create is checked against its own page's table, whichever page the route names first", () => {
  const core = tenant();
  const web = post(core, { '@odata.type': '#microsoft.graph.webApp', displayName: 'Web', appUrl: 'https://x' });
  assert.equal(web.status, 201, JSON.stringify(web));
  const ios = post(core, { '@odata.type': '#microsoft.graph.iosStoreApp', displayName: 'iOS', bundleId: 'b' });
  assert.equal(ios.status, 201, JSON.stringify(ios));
  const neither = post(core, { '@odata.type': '#microsoft.graph.webApp', displayName: 'Web', bogus: 1 });
  assert.equal(neither.status, 400, 'a property no table documents is still refused');
});

test('a create keeps the timestamp the client sent; one it did not send is the time of the create', () => {
  const core = tenant();
  const sent = post(core, {
    '@odata.type': '#microsoft.graph.webApp',
    displayName: 'Web',
    lastModifiedDateTime: '1970-01-01T00:00:00Z',
  });
  assert.ok(sent.kind === 'json' && sent.status === 201, JSON.stringify(sent));
  assert.equal(sent.body['lastModifiedDateTime'], '1970-01-01T00:00:00Z');
  const before = Date.now() - 1000;
  const stamped = post(core, { '@odata.type': '#microsoft.graph.webApp', displayName: 'Other' });
  assert.ok(stamped.kind === 'json' && stamped.status === 201, JSON.stringify(stamped));
  assert.ok(Date.parse(String(stamped.body['lastModifiedDateTime'])) >= before, 'stamped now, not the docs value');
});

test('a create keeps the id the client names, unless a member has it already', () => {
  const core = tenant();
  const named = post(core, { '@odata.type': '#microsoft.graph.webApp', id: 'contoso.com', displayName: 'Web' });
  assert.ok(named.kind === 'json' && named.status === 201, JSON.stringify(named));
  assert.equal(named.body['id'], 'contoso.com');
  const again = post(core, { '@odata.type': '#microsoft.graph.webApp', id: 'contoso.com', displayName: 'Web' });
  assert.ok(again.kind === 'json' && again.status === 201, JSON.stringify(again));
  assert.notEqual(again.body['id'], 'contoso.com');
});

/**
 * group-update-event documents `PATCH /groups/{id}/events/{id}` by its example alone (no request-body table) and
 * sends `originalStartTimeZone`; event-update documents the same route with a table that leaves it out. The body of
 * the group page's example is checked against its own page, which says nothing against it, not against event-update's
 * table (over the whole 2021 reference: a 400 for the group page's own example, a target cause against the mock).
 */
test("a body like the example of a page without a request-body table is not checked against another page's table", () => {
  const events = 'https://graph.microsoft.com/beta/groups/{id}/events/{id}';
  const sent = { subject: 'Review', originalStartTimeZone: 'Pacific Standard Time' };
  const withTable = apiPage(
    'event-update.md',
    ['PATCH /me/events/{id}', 'PATCH /groups/{id}/events/{id}'],
    [
      '## Request body',
      '|Property|Type|Description|',
      '|:---|:---|:---|',
      '|subject|String|The subject.|',
      '## Examples',
      example(
        'update_event',
        'PATCH https://graph.microsoft.com/beta/me/events/{id}\nContent-Type: application/json\n\n{"subject": "x"}',
        'HTTP/1.1 204 No Content',
      ),
    ],
  );
  const byExample = apiPage(
    'group-update-event.md',
    ['PATCH /groups/{id}/events/{id}'],
    [
      '## Request body',
      'Supply the values of the fields to update.',
      '## Examples',
      example(
        'update_group_event',
        `PATCH ${events}\nContent-Type: application/json\n\n${JSON.stringify(sent)}`,
        'HTTP/1.1 204 No Content',
      ),
    ],
  );
  const pages = [withTable, byExample];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const path = `/beta${asSentToMock('/groups/{id}/events/{id}', exampleIdentity(exampleOf(byExample, 'update_group_event')))}`;
  const patch = (body: Record<string, unknown>): Reply =>
    sendToCore(core, 'PATCH', path, { headers: { 'x-mock-session': 'events' }, body: JSON.stringify(body) });
  assert.equal(patch(sent).status, 204, JSON.stringify(patch(sent)));
  const me = sendToCore(
    core,
    'PATCH',
    `/beta${asSentToMock('/me/events/{id}', exampleIdentity(exampleOf(withTable, 'update_event')))}`,
    {
      headers: { 'x-mock-session': 'events' },
      body: JSON.stringify({ subject: 'x', bogus: 1 }),
    },
  );
  assert.equal(me.status, 400, "a body no example is like is still checked against its operation's table");
});

/**
 * group-validateproperties shows two examples on one request line: a body that validates (204) and one whose
 * `mailNickname` is taken (422 Request_UnprocessableEntity). The mock answers each body as its example shows
 * (over the whole 2021 reference, the second was answered 204: a target cause against the mock).
 */
test('a body sent exactly as an example whose documented answer is an error gets that error', () => {
  const url = 'https://graph.microsoft.com/beta/groups/{id}/validateProperties';
  const good = { displayName: 'Myprefix_test', mailNickname: 'Myprefix_test' };
  const taken = { displayName: 'MyPrefix_taken', mailNickname: 'MyPrefix_taken' };
  const error = {
    error: {
      code: 'Request_UnprocessableEntity',
      message: 'The values provided contain one or more validation errors.',
      details: [
        { target: 'mailNickname', code: 'PropertyConflict', message: 'Another object with the same value exists.' },
      ],
    },
  };
  const validate = apiPage(
    'group-validateproperties.md',
    ['POST /groups/{id}/validateProperties'],
    [
      '## Request body',
      '|Property|Type|Description|',
      '|:---|:---|:---|',
      '|displayName|String|The name.|',
      '|mailNickname|String|The mail nickname.|',
      '## Examples',
      example(
        'validate',
        `POST ${url}\nContent-Type: application/json\n\n${JSON.stringify(good)}`,
        'HTTP/1.1 204 No Content',
      ),
      example(
        'validate_taken',
        `POST ${url}\nContent-Type: application/json\n\n${JSON.stringify(taken)}`,
        `HTTP/1.1 422 Unprocessable Entity\nContent-Type: application/json\n\n${JSON.stringify(error)}`,
      ),
    ],
  );
  const pages = [validate];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  // Each example addresses a group of its own (its `{id}`'s stand-in), as the run sends it.
  const pathOf = (name: string): string =>
    `/beta${asSentToMock('/groups/{id}/validateProperties', exampleIdentity(exampleOf(validate, name)))}`;
  const send = (body: unknown, name = 'validate'): Reply =>
    sendToCore(core, 'POST', pathOf(name), { body: JSON.stringify(body) });
  assert.equal(send(good).status, 204);
  const refused = send(taken, 'validate_taken');
  assert.equal(refused.status, 422, JSON.stringify(refused));
  assert.ok(refused.kind === 'error' && refused.code === 'Request_UnprocessableEntity', JSON.stringify(refused));
  assert.deepEqual(refused.details, error.error.details, 'the details the page shows say which value failed');
  assert.equal(send({ displayName: 'Other', mailNickname: 'Other' }).status, 204, 'any other body is validated');
});

test('an Int64 property sent one beyond its range is refused; its edge is taken', () => {
  // A JSON number rounds Int64's max + 1 (9223372036854775808) onto 2^63, as it does the max itself: the mock took the
  // probe "size is Int64, sent 9223372036854775808" (intune-apps-win32lobapp-update and 30 more over the reference).
  const page = apiPage(
    'win32lobapp-update.md',
    ['PATCH /deviceAppManagement/mobileApps/{mobileAppId}'],
    [
      '## Request body',
      '|Property|Type|Description|',
      '|:---|:---|:---|',
      '|size|Int64|The size.|',
      '|ratio|Double|A ratio.|',
      '## Examples',
      example(
        'update_app',
        `PATCH ${URL}/a1\nContent-Type: application/json\n\n{"size": 4}`,
        'HTTP/1.1 204 No Content',
      ),
    ],
  );
  const core = createTenantCore({ pages: [page], schemas: buildSchemaRegistry([page]) });
  const patch = (body: string): Reply =>
    sendToCore(core, 'PATCH', '/beta/deviceAppManagement/mobileApps/a1', {
      body,
      headers: { 'x-mock-session': 'int64' },
    });
  assert.equal(patch('{"size": 9223372036854775808}').status, 400);
  assert.equal(patch('{"size": -9223372036854775809}').status, 400);
  assert.equal(patch('{"size": 9223372036854775807}').status, 204);
  assert.equal(patch('{"size": -9223372036854775808}').status, 204);
  assert.equal(patch('{"ratio": 9223372036854775808}').status, 204, 'a Double holds it');
  assert.equal(
    keepBeyondInt64('{"a": "9223372036854775808", "b\\"": [9223372036854775808, 1.9223372036854775808]}'),
    '{"a": "9223372036854775808", "b\\"": [9223372036854777856, 1.9223372036854775808]}',
    'strings and fractions are left as they are',
  );
});
