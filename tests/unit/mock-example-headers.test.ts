/**
 * The mock answers a request that repeats a documented example with that example's answer; where examples of one
 * request differ only in a header they send (a localisation), the one whose headers were sent answers. Found on
 * organizationalbrandingproperties-get.md (Accept-Language: fr answers 200, Accept-Language: de 204). Where pages document
 * one request with different answers, the run names the example it replays (EXAMPLE_HEADER), and that one answers:
 * user-list and intune-shared-user-list both show `GET /beta/users` over the whole 2021 reference.
 *
 * Run: node --import tsx --test tests/unit/mock-example-headers.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePage } from '../../src/docs/parse-page.ts';
import type { Page } from '../../src/docs/model.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { EXAMPLE_HEADER, MOCK_TEST_TOKEN, exampleReference, namesExample } from '../../src/core/embedded-tenant.ts';
import { createTenantCore } from '../../src/mock-tenant/handler.ts';
import type { Reply } from '../../src/mock-tenant/reply.ts';
import { example } from './support/mock.ts';

const PAGE = parsePage(
  'branding-get.md',
  [
    '---',
    'title: "t"',
    '---',
    '# t',
    '## HTTP request',
    '<!-- { "blockType": "ignored" } -->',
    '``` http',
    'GET /organization/{id}/branding/{property}',
    '```',
    '## Examples',
    example(
      'logo_fr',
      'GET https://graph.microsoft.com/v1.0/organization/o1/branding/bannerLogo\nAccept-Language: fr',
      'HTTP/1.1 200 OK\nContent-type: application/json\n\n{"id":"fr"}',
    ),
    example(
      'logo_de',
      'GET https://graph.microsoft.com/v1.0/organization/o1/branding/bannerLogo\nAccept-Language: de',
      'HTTP/1.1 204 No Content',
    ),
  ].join('\n'),
);

function get(
  headers: Record<string, string>,
  url = '/v1.0/organization/o1/branding/bannerLogo',
  pages = [PAGE],
): Reply {
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const admission = core.admit({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${MOCK_TEST_TOKEN}`, ...headers },
    origin: 'http://127.0.0.1:9',
  });
  assert.ok(!(admission instanceof Promise));
  if (admission.kind === 'reply') return admission.reply;
  const answer = admission.complete(Buffer.from(''));
  assert.ok(!(answer instanceof Promise));
  return answer;
}

test('the example whose header was sent answers; without it, the first documented one does', () => {
  assert.equal(get({ 'accept-language': 'de' }).status, 204);
  assert.equal(get({ 'accept-language': 'fr' }).status, 200);
  assert.equal(get({}).status, 200);
});

/** A page documenting `lines`, whose one example lists `item` at `url` (`/beta/users`). */
function listing(file: string, lines: readonly string[], name: string, url: string, item: string): Page {
  return parsePage(
    file,
    [
      '# t',
      '## HTTP request',
      '<!-- { "blockType": "ignored" } -->',
      '``` http',
      ...lines,
      '```',
      '## Examples',
      example(
        name,
        `GET https://graph.microsoft.com${url}`,
        `HTTP/1.1 200 OK\nContent-type: application/json\n\n{"value": [${item}]}`,
        ', "isCollection": true',
      ),
    ].join('\n'),
  );
}

test('where pages document one request with different answers, the example the run names answers', () => {
  const pages = [
    listing(
      'docs/beta/api/intune-shared-user-list.md',
      ['GET /users'],
      'intune',
      '/beta/users',
      '{"@odata.type":"#microsoft.graph.user","id":"u1"}',
    ),
    listing(
      'docs/beta/api/user-list.md',
      ['GET /users'],
      'users',
      '/beta/users',
      '{"displayName":"contoso1","mail":"c@contoso.example"}',
    ),
  ];
  const named = (page: (typeof pages)[number]): Record<string, string> => {
    const location = page.examples[0]?.request.location;
    assert.ok(location);
    return { [EXAMPLE_HEADER]: exampleReference(location) };
  };
  const listed = (reply: Reply): unknown => (reply.kind === 'json' ? (reply.body as { value: unknown }).value : reply);
  const [intune, users] = pages as [(typeof pages)[number], (typeof pages)[number]];
  assert.deepEqual(listed(get(named(users), '/beta/users', pages)), [
    { displayName: 'contoso1', mail: 'c@contoso.example' },
  ]);
  assert.deepEqual(listed(get(named(intune), '/beta/users', pages)), [
    { '@odata.type': '#microsoft.graph.user', id: 'u1' },
  ]);
  // Not named, or named wrong: the mock's own choice, the first documented.
  assert.deepEqual(listed(get({}, '/beta/users', pages)), listed(get(named(intune), '/beta/users', pages)));
  assert.deepEqual(
    listed(get({ [EXAMPLE_HEADER]: 'docs/beta/api/user-list.md:1' }, '/beta/users', pages)),
    listed(get({}, '/beta/users', pages)),
  );
});

test('an example is named by its file and line, whichever folder each side gives the file from', () => {
  const at = { file: 'api-reference/beta/api/user-list.md', line: 74 };
  assert.ok(namesExample('api-reference/beta/api/user-list.md:74', at));
  assert.ok(namesExample('/work/ref/api-reference/beta/api/user-list.md:74', at));
  assert.ok(namesExample('beta/api/user-list.md:74', at));
  assert.ok(namesExample('beta\\api\\user-list.md:74', at));
  assert.ok(!namesExample('beta/api/user-list.md:75', at));
  assert.ok(!namesExample('beta/api/xuser-list.md:74', at));
  assert.ok(!namesExample('user-list.md', at));
});

test('a write the run names an example for is answered with the type that example creates', () => {
  const post = (name: string, type: string): string =>
    example(
      name,
      `POST https://graph.microsoft.com/beta/identityProviders\nContent-type: application/json\n\n{"@odata.type":"microsoft.graph.${type}","name":"n"}`,
      `HTTP/1.1 201 Created\nContent-type: application/json\n\n{"@odata.type":"microsoft.graph.${type}","id":"p1","name":"n"}`,
      `, "@odata.type": "microsoft.graph.${type}"`,
    );
  const page = parsePage(
    'identityprovider-post.md',
    [
      '# t',
      '## HTTP request',
      '<!-- { "blockType": "ignored" } -->',
      '``` http',
      'POST /identityProviders',
      '```',
      '## Examples',
      post('create_identityprovider', 'identityProvider'),
      post('create_openidconnectprovider', 'openIdConnectProvider'),
    ].join('\n'),
  );
  const second = page.examples[1]?.request.location;
  assert.ok(second);
  const core = createTenantCore({ pages: [page], schemas: buildSchemaRegistry([page]) });
  const admission = core.admit({
    method: 'POST',
    url: '/beta/identityProviders',
    headers: {
      authorization: `Bearer ${MOCK_TEST_TOKEN}`,
      'content-type': 'application/json',
      'content-length': '12',
      [EXAMPLE_HEADER]: exampleReference(second),
    },
    origin: 'http://127.0.0.1:9',
  });
  assert.ok(!(admission instanceof Promise) && admission.kind === 'read-body');
  // A body like both examples alike: the one named answers, with its own type.
  const answer = admission.complete(Buffer.from('{"name":"m"}'));
  assert.ok(!(answer instanceof Promise) && answer.kind === 'json');
  assert.equal((answer.body as Record<string, unknown>)['@odata.type'], '#microsoft.graph.openIdConnectProvider');
  assert.equal(answer.status, 201);
});

test("a write's body is checked against the table of the example the run names, though more like another page's", () => {
  // connectorgroup-post and connectorgroup-post-connectorgroups both document the create; only the first has a table.
  const create = (file: string, name: string, body: string, table: readonly string[]) =>
    parsePage(
      file,
      [
        '# t',
        '## HTTP request',
        '<!-- { "blockType": "ignored" } -->',
        '``` http',
        'POST /connectorGroups',
        '```',
        ...table,
        '## Examples',
        example(
          name,
          `POST https://graph.microsoft.com/beta/connectorGroups\nContent-type: application/json\n\n${body}`,
          'HTTP/1.1 201 Created\nContent-type: application/json\n\n{"id":"g1","name":"n"}',
        ),
      ].join('\n'),
    );
  const untabled = create('connectorgroup-post-connectorgroups.md', 'create', '{"name":"n","isDefault":false}', []);
  const tabled = create('connectorgroup-post.md', 'create_1', '{"name":"n"}', [
    '## Request body',
    '|Property|Type|Description|',
    '|:---|:---|:---|',
    '|isDefault|Boolean|Whether it is the default.|',
    '|name|String|Its name.|',
  ]);
  const named = tabled.examples[0]?.request.location;
  assert.ok(named);
  const pages = [untabled, tabled];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const post = (body: string): Reply => {
    const admission = core.admit({
      method: 'POST',
      url: '/beta/connectorGroups',
      headers: {
        authorization: `Bearer ${MOCK_TEST_TOKEN}`,
        'content-type': 'application/json',
        'content-length': String(body.length),
        [EXAMPLE_HEADER]: exampleReference(named),
      },
      origin: 'http://127.0.0.1:9',
    });
    assert.ok(!(admission instanceof Promise) && admission.kind === 'read-body');
    const answer = admission.complete(Buffer.from(body));
    assert.ok(!(answer instanceof Promise));
    return answer;
  };
  assert.equal(post('{"name":"m","isDefault":"not-a-valid-value"}').status, 400);
  assert.equal(post('{"name":"m","isDefault":true}').status, 201);
});

test("the example a run names answers another of its page's paths, where another page's example shows that one", () => {
  // calendargroup-list-calendars documents GET /me/calendars; its example reads a calendar group's, and
  // user-list-calendars' examples show GET /me/calendars.
  const ofGroup = listing(
    'calendargroup-list-calendars.md',
    ['GET /widgets', 'GET /widgetGroups/{id}/widgets'],
    'group_widgets',
    '/v1.0/widgetGroups/g1/widgets',
    '{"id": "w1", "name": "grouped"}',
  );
  const own = listing(
    'widget-list.md',
    ['GET /widgets'],
    'list_widgets',
    '/v1.0/widgets',
    '{"id": "w2", "name": "own"}',
  );
  const named = ofGroup.examples[0]?.request.location;
  assert.ok(named);
  const pages = [ofGroup, own];
  const names = (headers: Record<string, string>, url = '/v1.0/widgets'): unknown => {
    const reply = get(headers, url, pages);
    assert.ok(reply.kind === 'json', JSON.stringify(reply));
    return (reply.body['value'] as Record<string, unknown>[]).map((item) => item['name']);
  };
  assert.deepEqual(names({ [EXAMPLE_HEADER]: exampleReference(named) }), ['grouped']);
  assert.deepEqual(names({}), ['own'], "without the header, the path's own example answers");
  assert.deepEqual(
    names({ [EXAMPLE_HEADER]: exampleReference(named) }, '/v1.0/widgets?$top=1'),
    ['own'],
    'with another query than the example sends, the path answers as it does for anyone',
  );
});

test("another of a page's paths, sent with its example's query, lists what that example shows", () => {
  // user-list-events' example reads GET /me/events?$select=…; its page documents GET /me/calendar/events too, which
  // calendar-list-events' example shows without a query.
  const pages = [
    listing(
      'widget-list.md',
      ['GET /widgets', 'GET /shelf/widgets'],
      'list',
      '/widgets?$select=name',
      '{"id": "w1", "name": "a"}',
    ),
    listing('shelf-list.md', ['GET /shelf/widgets'], 'shelf', '/v1.0/shelf/widgets', '{"id": "w2", "name": "b"}'),
  ];
  const reply = get({}, '/v1.0/shelf/widgets?$select=name', pages);
  assert.ok(reply.kind === 'json', JSON.stringify(reply));
  assert.deepEqual(reply.body['value'], [{ id: 'w1', name: 'a' }]);
});
