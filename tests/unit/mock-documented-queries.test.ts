/**
 * A request that repeats a documented one, query and all, is answered as the page shows it, though its `$filter` goes
 * beyond what the mock evaluates or its `$skiptoken`/`$deltatoken` is one Graph handed out: the mock is built from
 * that very example (over the whole 2021 reference, 400s against the mock on conditionalaccessroot-list-namedlocations'
 * `isof(…)`, appconsentrequest-list's `any (u:…)`, chatmessage-delta's documented tokens: target causes). Any other
 * request with such a query is still refused, as before. A read that repeats a documented one gets the status the page
 * shows for it (chat-list-operations' `202`).
 *
 * Run: node --import tsx --test tests/unit/mock-documented-queries.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from '../../src/docs/model.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { asSentToMock, exampleIdentity } from '../../src/docs/path-template.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { createTenantCore, type TenantCore } from '../../src/mock-tenant/handler.ts';
import type { Reply } from '../../src/mock-tenant/reply.ts';
import { apiPage, example, sendToCore } from './support/mock.ts';

const LOCATIONS = '/beta/identity/conditionalAccess/namedLocations';
const DELTA = '/beta/teams/t1/channels/c1/messages/delta';

const PAGES = [
  apiPage(
    'conditionalaccessroot-list-namedlocations.md',
    ['GET /identity/conditionalAccess/namedLocations'],
    [
      '## Examples',
      example(
        'get_ip_locations',
        `GET https://graph.microsoft.com${LOCATIONS}?$filter=isof('microsoft.graph.ipNamedLocation')`,
        'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"value": [{"@odata.type": "#microsoft.graph.ipNamedLocation", "id": "n1", "displayName": "Office"}]}',
      ),
    ],
  ),
  apiPage(
    'chatmessage-delta.md',
    ['GET /teams/{team-id}/channels/{channel-id}/messages/delta'],
    [
      '## Examples',
      example(
        'next_round',
        `GET https://graph.microsoft.com${DELTA}?$deltatoken=c3RhdGVfZnJvbV9ncmFwaA`,
        'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"@odata.deltaLink": "https://graph.microsoft.com/beta/x", "value": [{"id": "m1", "body": "hi"}]}',
      ),
    ],
  ),
  apiPage(
    'chat-list-operations.md',
    ['GET /chats/{chat-id}/operations'],
    [
      '## Examples',
      example(
        'list_chat_operations',
        'GET https://graph.microsoft.com/beta/chats/19:c253a2/operations',
        'HTTP/1.1 202 OK\nContent-Type: application/json\n\n{"value": [{"id": "op1", "status": "succeeded"}]}',
      ),
    ],
  ),
];

function tenant(): TenantCore {
  return createTenantCore({ pages: PAGES, schemas: buildSchemaRegistry(PAGES) });
}

function get(core: TenantCore, url: string): Reply {
  return sendToCore(core, 'GET', url, { headers: { 'x-mock-session': 'queries' } });
}

function ids(reply: Reply): unknown[] {
  assert.ok(reply.kind === 'json', JSON.stringify(reply));
  const value = reply.body['value'];
  assert.ok(Array.isArray(value), JSON.stringify(reply));
  return value.map((item: unknown) => (item as Record<string, unknown>)['id']);
}

test('a documented $filter the mock does not evaluate is answered as documented; another is refused', () => {
  const core = tenant();
  const documented = get(core, `${LOCATIONS}?$filter=isof('microsoft.graph.ipNamedLocation')`);
  assert.equal(documented.status, 200, JSON.stringify(documented));
  assert.deepEqual(ids(documented), ['n1']);
  assert.equal(get(core, `${LOCATIONS}?$filter=isof('microsoft.graph.countryNamedLocation')`).status, 400);
});

test("a documented round with Graph's own $deltatoken is answered as documented; an unknown token is refused", () => {
  const core = tenant();
  const documented = get(core, `${DELTA}?$deltatoken=c3RhdGVfZnJvbV9ncmFwaA`);
  assert.equal(documented.status, 200, JSON.stringify(documented));
  assert.deepEqual(ids(documented), ['m1']);
  assert.equal(get(core, `${DELTA}?$deltatoken=bm90X291cnM`).status, 400);
});

test('a read that repeats a documented one gets the success status the page shows (202), any other read 200', () => {
  const core = tenant();
  const documented = get(core, '/beta/chats/19:c253a2/operations');
  assert.equal(documented.status, 202, JSON.stringify(documented));
  assert.deepEqual(ids(documented), ['op1']);
  assert.equal(get(core, '/beta/chats/19:c253a2/operations?$top=1').status, 200);
});

test("a line's query options bind only where the page's own examples all send them", () => {
  // accesspackagecatalog-list-accesspackageresourceroles (2021 beta): the line names `$filter` and `$expand`; the
  // second example sends `$filter` and `$select`, and got a 404 for a route the page documents.
  const roles = '/beta/catalogs/c1/roles';
  const pages = [
    apiPage(
      'catalog-list-roles.md',
      ["GET /catalogs/{catalogId}/roles?$filter=(originSystem eq '{type}')&$expand=resource"],
      [
        '## Examples',
        example(
          'expanded',
          `GET https://graph.microsoft.com${roles}?$filter=(originSystem eq 'AadGroup')&$expand=resource`,
          'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"value": [{"id": "r1", "resource": {"id": "x"}}]}',
        ),
        example(
          'selected',
          `GET https://graph.microsoft.com${roles}?$filter=(originSystem eq 'SharePointOnline')&$select=id`,
          'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"value": [{"id": "r2"}]}',
        ),
      ],
    ),
  ];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const selected = get(core, `${roles}?$filter=(originSystem eq 'SharePointOnline')&$select=id`);
  assert.equal(selected.status, 200, JSON.stringify(selected));
  assert.deepEqual(ids(selected), ['r2']);
  // `$filter`, which every example sends, still binds: the bare path is not the line.
  assert.equal(get(core, roles).status, 404);
});

test("an example strayed onto another page's line does not answer it; that page's listing does", () => {
  // riskyusers-get (2021 beta): its second example reads `GET /identityProtection/riskyUsers`, a line of
  // riskyusers-list, and shows one entity: the list page's test on that path got the entity, not a collection.
  const list = apiPage(
    'riskyusers-list.md',
    ['GET /riskyUsers', 'GET /identityProtection/riskyUsers'],
    [
      '## Examples',
      example(
        'list_riskyusers',
        'GET https://graph.microsoft.com/beta/riskyUsers',
        'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"value": [{"id": "c2b6c2b9", "riskLevel": "low"}]}',
      ),
      example(
        'list_filter_riskyusers',
        "GET https://graph.microsoft.com/beta/identityProtection/riskyUsers?$filter=riskLevel eq 'medium'",
        'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"value": [{"id": "a1", "riskLevel": "medium"}]}',
      ),
    ],
  );
  const single = apiPage(
    'riskyusers-get.md',
    ['GET /riskyUsers/{id}', 'GET /identityProtection/riskyUsers/{id}'],
    [
      '## Examples',
      example(
        'get_riskyuser_2',
        'GET https://graph.microsoft.com/beta/identityProtection/riskyUsers',
        'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id": "c2b6c2b9", "riskLevel": "low"}',
      ),
    ],
  );
  const pages = [single, list];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  assert.deepEqual(ids(get(core, '/beta/identityProtection/riskyUsers')), ['a1']);
});

test("a path a version documents is answered by that version's pages only", () => {
  // riskyuser-list (2021): v1.0's example lists `"isDeleted": "Boolean"` at `GET /identityProtection/riskyUsers`;
  // beta documents that path too, and a beta request got v1.0's members, breaking beta's tables.
  const list = (version: 'v1.0' | 'beta', item: string): Page =>
    apiPage(
      `${version}/api/riskyuser-list.md`,
      ['GET /identityProtection/riskyUsers'],
      [
        '## Examples',
        example(
          `list_${version}`,
          `GET https://graph.microsoft.com/${version}/identityProtection/riskyUsers?$filter=riskLevel eq 'medium'`,
          `HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"value": [${item}]}`,
        ),
      ],
    );
  const pages = [
    list('v1.0', '{"id": "d1d4", "isDeleted": "Boolean"}'),
    list('beta', '{"id": "c2b6", "isDeleted": false}'),
  ];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const filter = "?$filter=riskLevel eq 'medium'";
  assert.deepEqual(ids(get(core, `/beta/identityProtection/riskyUsers${filter}`)), ['c2b6']);
  assert.deepEqual(ids(get(core, `/v1.0/identityProtection/riskyUsers${filter}`)), ['d1d4']);
  assert.deepEqual(ids(get(core, '/beta/identityProtection/riskyUsers')), ['c2b6'], "the version's own listing");
});

test('an example of a page that documents no operation still answers its request', () => {
  // synchronization-configure-with-custom-target-attributes (2021 beta) is a walkthrough under resources/: no
  // `## HTTP request` lines, so nothing to stray from. Its example must answer as it shows, not as the get page's.
  const schemaGet = apiPage(
    'synchronizationschema-get.md',
    ['GET /servicePrincipals/{id}/synchronization/jobs/{jobId}/schema'],
    [
      '## Examples',
      example(
        'get_schema',
        'GET https://graph.microsoft.com/beta/servicePrincipals/{id}/synchronization/jobs/{jobId}/schema',
        'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"directories": [{"id": "d1"}]}',
      ),
    ],
  );
  const walkthrough = parsePage(
    'synchronization-configure.md',
    [
      '# Configure synchronization',
      example(
        'get_schema_2',
        'GET https://graph.microsoft.com/beta/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{jobId}/schema',
        'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"directories": [{"id": "d2", "name": "Azure AD"}]}',
      ),
    ].join('\n'),
  );
  const pages = [schemaGet, walkthrough];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const shown = walkthrough.examples[0];
  assert.ok(shown);
  const reply = get(core, `/beta${asSentToMock(shown.request.path, exampleIdentity(shown))}`);
  assert.ok(reply.kind === 'json', JSON.stringify(reply));
  assert.deepEqual(reply.body['directories'], [{ id: 'd2', name: 'Azure AD' }]);
});

test("an example written without a host is of its page's version", () => {
  // driveitem-put-content (2021): v1.0's example reads `PUT /me/drive/root:/FolderA/FileB.txt:/content` (no host)
  // and shows 201; beta's, with its host, shows 200. A v1.0 upload was answered with beta's 200.
  const upload = (version: 'v1.0' | 'beta', line: string, status: string): Page =>
    apiPage(
      `${version}/api/driveitem-put-content.md`,
      ['PUT /me/drive/items/{parent-id}:/{filename}:/content'],
      [
        '## Examples',
        example(
          'upload-via-put',
          `${line}\nContent-Type: text/plain\n\nThe contents of the file goes here.`,
          `HTTP/1.1 ${status}\nContent-Type: application/json\n\n{"id": "0123456789abc", "name": "FileB.txt"}`,
        ),
      ],
    );
  const pages = [
    upload('beta', 'PUT https://graph.microsoft.com/beta/me/drive/root:/FolderA/FileB.txt:/content', '200 OK'),
    upload('v1.0', 'PUT /me/drive/root:/FolderA/FileB.txt:/content', '201 Created'),
  ];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const put = (version: string): Reply =>
    sendToCore(core, 'PUT', `/${version}/me/drive/root:/FolderA/FileB.txt:/content`, {
      body: 'The contents of the file goes here.',
      type: 'text/plain',
      headers: { 'x-mock-session': `upload-${version}` },
    });
  assert.equal(put('v1.0').status, 201);
  assert.equal(put('beta').status, 200);
});
