/**
 * The mock tenant's pure core, without sockets: tenant defaults, routing, body checks, rendering, and the
 * GET/PUT/DELETE/POST semantics the seed page does not exercise (pages written inline below).
 *
 * Run: node --import tsx --test tests/unit/mock-tenant-core.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePage } from '../../src/docs/parse-page.ts';
import type { Page } from '../../src/docs/model.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { announcesBody, checkJsonContentType, decodeJsonObject } from '../../src/mock-tenant/body.ts';
import { createTenantCore, type TenantCore } from '../../src/mock-tenant/handler.ts';
import { renderReply, reusableJson, type Reply } from '../../src/mock-tenant/reply.ts';
import {
  buildRouteTable,
  contextPath,
  countOperations,
  lookupPath,
  resourceKey,
  driveIdOf,
  splitVersion,
  type RouteMatch,
} from '../../src/mock-tenant/routes.ts';
import {
  DEFAULT_TARGET_USER,
  MOCK_TENANT_PARAMS,
  MOCK_USERS,
  SIGNED_IN_USER,
  defaultParamFor,
  findUser,
  TENANT_FILE,
  TenantDirectory,
} from '../../src/mock-tenant/tenant.ts';
import { example } from './support/mock.ts';
import { SEED_FILE, SEED_TEXT } from './support/seed.ts';

interface PageText {
  readonly title: string;
  readonly requests: string;
  readonly response: string;
  readonly examples?: string;
}

function page(file: string, text: PageText): Page {
  const markdown = [
    '---',
    `title: "${text.title}"`,
    '---',
    '',
    `# ${text.title}`,
    '',
    'Namespace: microsoft.graph',
    '',
    '## HTTP request',
    '<!-- { "blockType": "ignored" } -->',
    '``` http',
    text.requests,
    '```',
    '',
    '## Response',
    text.response,
    '',
    '## Examples',
    text.examples ?? '',
  ].join('\n');
  return parsePage(file, markdown);
}

const PAGES: readonly Page[] = [
  page('get-photo.md', {
    title: 'Get photo',
    requests: 'GET /me/photo\nGET /users/{id | userPrincipalName}/photo',
    response:
      'If successful, this method returns a `200 OK` response code and a [profilePhoto](../resources/profilephoto.md) object.',
    examples: example(
      'get_photo',
      'GET https://graph.microsoft.com/v1.0/me/photo',
      'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\n  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(\'x\')/photo/$entity",\n  "id": "240X240",\n  "height": 240,\n  "width": 240\n}',
      ', "@odata.type": "microsoft.graph.profilePhoto"',
    ),
  }),
  page('update-my-photo.md', {
    title: 'Update my photo',
    requests: 'PATCH /me/photo',
    response: 'If successful, this method returns a `204 No Content` response code.',
  }),
  page('replace-photo.md', {
    title: 'Replace photo',
    requests: 'PUT /users/{id}/photo',
    response:
      'If successful, this method returns a `200 OK` response code and a [profilePhoto](../resources/profilephoto.md) object.',
  }),
  page('delete-photo.md', {
    title: 'Delete photo',
    requests: 'DELETE /users/{id}/photo',
    response: 'If successful, this method returns a `204 No Content` response code.',
  }),
  page('update-settings.md', {
    title: 'Update settings',
    requests: 'PATCH /users/{id}/settings',
    response: 'The prose names no status here: the example does.',
    examples: example(
      'update_settings',
      'PATCH https://graph.microsoft.com/v1.0/me/settings\nContent-Type: application/json\n\n{\n  "contributionToContentDiscoveryDisabled": true\n}',
      'HTTP/1.1 204 No Content',
    ),
  }),
  page('create-message.md', {
    title: 'Create message',
    requests: 'POST /users/{id}/messages',
    response:
      'If successful, this method returns a `201 Created` response code and a [message](../resources/message.md) object.',
    examples: example(
      'create_message',
      'POST https://graph.microsoft.com/v1.0/me/messages\nContent-Type: application/json\n\n{\n  "subject": "Did you see last night\'s game?"\n}',
      'HTTP/1.1 201 Created\nContent-Type: application/json\n\n{\n  "id": "AAMkAGI1AAAoZCfHAAA=",\n  "subject": "Did you see last night\'s game?",\n  "isDraft": true\n}',
      ', "@odata.type": "microsoft.graph.message"',
    ),
  }),
];

const ADELE = DEFAULT_TARGET_USER;

function core(): TenantCore {
  return createTenantCore({ pages: PAGES, schemas: buildSchemaRegistry(PAGES) });
}

/** What the server does, minus the socket. An opaque token and a tenant without signing keys: all synchronous. */
function run(
  tenant: TenantCore,
  method: string,
  url: string,
  body?: string,
  sent: Readonly<Record<string, string>> = {},
): Reply {
  const headers: Record<string, string> = { authorization: 'Bearer mock-tenant-token', ...sent };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const admission = tenant.admit({ method, url, headers });
  assert.ok(!(admission instanceof Promise), 'an opaque token is decided synchronously');
  if (admission.kind === 'reply') return admission.reply;
  const answer = admission.complete(Buffer.from(body ?? ''));
  assert.ok(!(answer instanceof Promise), 'Graph answers are synchronous');
  return answer;
}

function json(reply: Reply, status: number): Readonly<Record<string, unknown>> {
  assert.ok(reply.kind === 'json', JSON.stringify(reply));
  assert.equal(reply.status, status);
  return reply.body;
}

function error(reply: Reply, status: number, code: string): Extract<Reply, { kind: 'error' }> {
  assert.ok(reply.kind === 'error', JSON.stringify(reply));
  assert.equal(reply.status, status);
  assert.equal(reply.code, code);
  return reply;
}

const DIRECTORY = new TenantDirectory();

function found(path: string): readonly RouteMatch[] {
  const lookup = lookupPath(buildRouteTable(PAGES), DIRECTORY, path);
  assert.ok(lookup.kind === 'found', JSON.stringify(lookup));
  return lookup.matches;
}

describe('tenant directory and default parameters', () => {
  test('users are found by id or userPrincipalName, case-insensitively', () => {
    assert.equal(findUser(ADELE.id.toUpperCase()), ADELE);
    assert.equal(findUser('AdeleV@Contoso.Example'), ADELE);
    assert.equal(findUser('nobody@contoso.example'), undefined);
  });

  test('users have distinct lower-case GUIDs and UPNs', () => {
    const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const user of MOCK_USERS) assert.match(user.id, guid);
    assert.equal(new Set(MOCK_USERS.map((u) => u.id)).size, MOCK_USERS.length);
    assert.equal(new Set(MOCK_USERS.map((u) => u.userPrincipalName)).size, MOCK_USERS.length);
  });

  test('placeholders default to a user other than the signed-in one', () => {
    assert.notEqual(ADELE.id, SIGNED_IN_USER.id);
    for (const name of ['usersId', 'userId', 'user-id', 'id', 'User_Id', 'idOrUserPrincipalName'])
      assert.equal(defaultParamFor(name), ADELE.id, name);
    assert.equal(defaultParamFor('userPrincipalName'), ADELE.userPrincipalName);
    assert.equal(defaultParamFor('messageId'), undefined, 'no data, no default');
    assert.deepEqual(
      {
        usersId: MOCK_TENANT_PARAMS['usersId'],
        'user-id': MOCK_TENANT_PARAMS['user-id'],
        upn: MOCK_TENANT_PARAMS['userPrincipalName'],
      },
      { usersId: ADELE.id, 'user-id': ADELE.id, upn: ADELE.userPrincipalName },
    );
  });
});

describe('routing', () => {
  test('a version prefix is required and stripped', () => {
    assert.deepEqual(splitVersion('/v1.0/me/photo'), { version: 'v1.0', path: '/me/photo' });
    assert.deepEqual(splitVersion('/BETA/me'), { version: 'beta', path: '/me' });
    assert.deepEqual(splitVersion('/beta'), { version: 'beta', path: '/' });
    assert.equal(splitVersion('/v2.0/me'), undefined);
    assert.equal(splitVersion('/betamax/me'), undefined);
  });

  test("an example's path answers in its version where only the other version's lines document that shape", () => {
    // v1.0 site-search shows `GET /sites?search={query}` as its request; only beta documents `GET /sites` lines.
    const beta = page('api-reference/beta/api/site-search.md', {
      title: 'Search for sites',
      requests: 'GET /sites?$search={query}',
      response: 'If successful, this method returns a `200 OK` response code.',
    });
    const v1 = parsePage(
      'api-reference/v1.0/api/site-search.md',
      [
        '# Search for sites',
        '## HTTP request',
        '<!-- { "blockType": "request", "name": "search-sites" } -->',
        '```http',
        'GET /sites?search={query}',
        '```',
        '## Response',
        '<!-- { "blockType": "response", "@odata.type": "microsoft.graph.site", "isCollection": true } -->',
        '```http',
        'HTTP/1.1 200 OK',
        'Content-type: application/json',
        '',
        '{ "value": [ { "id": "s1", "name": "Contoso" } ] }',
        '```',
      ].join('\n'),
    );
    const pages = [beta, v1];
    const tenant = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
    const body = json(run(tenant, 'GET', '/v1.0/sites?search=Contoso'), 200);
    assert.deepEqual(
      (body['value'] as readonly Record<string, unknown>[]).map((site) => site['id']),
      ['s1'],
    );
  });

  test("each version's examples of a path answer in its version, though only one version's lines document it", () => {
    // organizationalbrandingproperties-get: v1.0 documents GET /organization/{id}/branding/{property}; beta's page
    // documents only GET /organization/{id}/branding, and its examples read …/branding/bannerLogo in French (200) and
    // German (204, nothing localised).
    const localised = (version: string) =>
      ['fr', 'de']
        .map((language) =>
          example(
            `get_logo_${language}`,
            `GET https://graph.microsoft.com/${version}/organization/o1/branding/bannerLogo\nAccept-Language: ${language}`,
            language === 'fr'
              ? `HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id": "bannerLogo", "shownIn": "${version}"}`
              : 'HTTP/1.1 204 No Content',
          ),
        )
        .join('\n');
    const get = (version: string, requests: string) =>
      page(`api-reference/${version}/api/branding-get.md`, {
        title: 'Get branding',
        requests,
        response: 'If successful, this method returns a `200 OK` response code.',
        examples: localised(version),
      });
    const pages = [
      get('beta', 'GET /organization/{id}/branding'),
      get('v1.0', 'GET /organization/{id}/branding/{property}'),
    ];
    const tenant = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
    for (const version of ['v1.0', 'beta']) {
      const url = `/${version}/organization/o1/branding/bannerLogo`;
      const french = json(run(tenant, 'GET', url, undefined, { 'accept-language': 'fr' }), 200);
      assert.equal(french['shownIn'], version);
      assert.equal(run(tenant, 'GET', url, undefined, { 'accept-language': 'de' }).status, 204, version);
    }
  });

  test('{id | userPrincipalName} takes either, and both address the same resource', () => {
    const byId = found(`/users/${ADELE.id}/photo`);
    const byUpn = found(`/users/${encodeURIComponent(ADELE.userPrincipalName)}/photo`);
    const [first] = byId;
    assert.ok(first);
    assert.equal(resourceKey(first), `/users/${ADELE.id}/photo`);
    assert.deepEqual(byUpn.map(resourceKey), byId.map(resourceKey));
    assert.equal(contextPath(first), `users('${ADELE.id}')/photo`);
  });

  test('a /me-only operation reaches the signed-in user by any spelling, and nobody else', () => {
    const methods = (path: string): string[] => found(path).map((m) => m.operation.method);
    assert.ok(methods('/me/photo').includes('PATCH'));
    assert.ok(methods(`/users/${SIGNED_IN_USER.userPrincipalName}/photo`).includes('PATCH'));
    assert.ok(methods(`/users/${SIGNED_IN_USER.id}/photo`).includes('PATCH'));
    assert.ok(!methods(`/users/${ADELE.id}/photo`).includes('PATCH'));
  });

  test('/me and the signed-in user by UPN share one resource key', () => {
    const keys = new Set(
      [...found('/me/photo'), ...found(`/users/${SIGNED_IN_USER.userPrincipalName.toUpperCase()}/PHOTO`)].map(
        resourceKey,
      ),
    );
    assert.deepEqual([...keys], [`/users/${SIGNED_IN_USER.id}/photo`]);
  });

  test('a table of many operations finds what each operation alone finds, most specific first, ties in table order', () => {
    // Over 64 operations a table is looked up through its index (by length and first segment): the same matches.
    const many = [
      ...PAGES,
      ...Array.from({ length: 70 }, (_, i) =>
        page(`thing-${String(i)}.md`, {
          title: `Get thing ${String(i)}`,
          requests: `GET /things${String(i)}/{id}\nGET /users/{id}/things${String(i)}`,
          response: 'If successful, this method returns a `200 OK` response code.',
        }),
      ),
      page('users-delta.md', {
        title: 'Users delta',
        requests: 'GET /users/delta()\nGET /users/{id}',
        response: 'If successful, this method returns a `200 OK` response code.',
      }),
      page('drive-item.md', {
        title: 'Drive item by path',
        requests: 'GET /{drive-id}:/{path}\nGET /microsoft.graph.getThings(kind={kind})/{id}',
        response: 'If successful, this method returns a `200 OK` response code.',
      }),
    ];
    const table = buildRouteTable(many);
    assert.ok(table.operations.length > 64);
    const alone = (path: string): string[] =>
      table.operations.flatMap((operation) => {
        const lookup = lookupPath({ operations: [operation] }, DIRECTORY, path);
        return lookup.kind === 'found' ? [operation.shape] : [];
      });
    for (const path of [
      `/users/${ADELE.id}/photo`,
      '/me/photo',
      '/users/delta',
      '/users/microsoft.graph.delta()',
      `/users/${ADELE.id}`,
      '/things42/t1',
      '/microsoft.graph.things42()/t1',
      `/users/${ADELE.id}/things7`,
      '/d1:/x',
      '/getThings(kind=1)/t2',
      '/nothing/here',
    ]) {
      const lookup = lookupPath(table, DIRECTORY, path);
      const shapes = lookup.kind === 'found' ? lookup.matches.map((m) => m.operation.shape) : [];
      assert.deepEqual([...shapes].sort(), alone(path).sort(), path);
      // Most specific first, then in the table's order.
      const scan = lookupPath({ operations: [...table.operations].slice(0, 64) }, DIRECTORY, path);
      if (scan.kind === 'found' && lookup.kind === 'found')
        assert.equal(lookup.matches[0].operation.shape, scan.matches[0].operation.shape, path);
    }
    assert.equal(lookupPath(table, DIRECTORY, '/nothing/here').kind, 'no-route');
  });

  test('misses say why: an unknown user, or the first segment that fits no template', () => {
    const table = buildRouteTable(PAGES);
    assert.deepEqual(lookupPath(table, DIRECTORY, '/users/ghost/photo'), { kind: 'unknown-entity', value: 'ghost' });
    assert.deepEqual(lookupPath(table, DIRECTORY, `/users/${ADELE.id}/photo/$value`), {
      kind: 'no-route',
      segment: '$value',
    });
    assert.deepEqual(lookupPath(table, DIRECTORY, '/groups/g1/photo'), { kind: 'no-route', segment: 'groups' });
    assert.deepEqual(lookupPath(table, DIRECTORY, '/me/mailFolders'), { kind: 'no-route', segment: 'mailFolders' });
  });

  test('a method documented twice for the same shape counts once', () => {
    const twice = [
      ...PAGES,
      page('get-photo-copy.md', { title: 'Get photo again', requests: 'GET /Users/{userId}/Photo', response: '' }),
    ];
    assert.equal(countOperations(buildRouteTable(twice)), countOperations(buildRouteTable(PAGES)));
    assert.equal(
      buildRouteTable(twice).operations.length,
      buildRouteTable(PAGES).operations.length + 1,
      'each page keeps its own, to answer from its examples',
    );
  });
});

describe('operations beyond PATCH', () => {
  test('GET answers the documented seed with Graph annotations', () => {
    const body = json(run(core(), 'GET', `/v1.0/users/${ADELE.userPrincipalName}/photo`), 200);
    assert.deepEqual(body, {
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${ADELE.id}')/photo/$entity`,
      '@odata.type': '#microsoft.graph.profilePhoto',
      id: '240X240',
      height: 240,
      width: 240,
    });
  });

  test('Allow lists what the addressed user may do', () => {
    const tenant = core();
    const forAdele = error(run(tenant, 'PATCH', `/v1.0/users/${ADELE.id}/photo`, '{}'), 405, 'Request_BadRequest');
    assert.equal(forAdele.headers?.['allow'], 'GET, PUT, DELETE');
    const forMe = error(run(tenant, 'POST', '/v1.0/me/photo', '{}'), 405, 'Request_BadRequest');
    assert.equal(forMe.headers?.['allow'], 'GET, PUT, PATCH, DELETE');
  });

  test('a documented 204 answers without a body, and the change is readable', () => {
    const tenant = core();
    const patched = run(tenant, 'PATCH', '/v1.0/me/photo', '{"height":64}');
    assert.deepEqual(patched, { kind: 'empty', status: 204 });
    assert.equal(json(run(tenant, 'GET', `/beta/users/${SIGNED_IN_USER.userPrincipalName}/photo`), 200)['height'], 64);
  });

  test('a read repeated while the state stands answers the same; a write that changes it shows at once', () => {
    const tenant = core();
    const path = `/v1.0/users/${ADELE.id}/photo`;
    const first = json(run(tenant, 'PUT', path, '{"height":1,"width":2}'), 200);
    assert.deepEqual(json(run(tenant, 'GET', path), 200), first);
    assert.deepEqual(json(run(tenant, 'GET', path), 200), first);
    json(run(tenant, 'PUT', path, '{"height":3,"width":2}'), 200);
    assert.equal(json(run(tenant, 'GET', path), 200)['height'], 3);
    // Another user's photo is another entity, with its own answer.
    assert.equal(json(run(tenant, 'GET', `/v1.0/users/${SIGNED_IN_USER.id}/photo`), 200)['height'], 240);
    assert.equal(json(run(tenant, 'GET', path), 200)['height'], 3);
  });

  test('a body sent again is applied again, over whatever was written in between', () => {
    const tenant = core();
    const read = (): unknown => json(run(tenant, 'GET', '/v1.0/me/photo'), 200)['height'];
    for (const height of [64, 32, 64, 64]) {
      assert.deepEqual(run(tenant, 'PATCH', '/v1.0/me/photo', `{"height":${height}}`), { kind: 'empty', status: 204 });
      assert.equal(read(), height);
    }
    error(run(tenant, 'PATCH', '/v1.0/me/photo', '{"height":'), 400, 'BadRequest');
    assert.equal(read(), 64);
  });

  test('without a status in the prose, the example status line decides, even for an example without a body', () => {
    const tenant = core();
    const path = `/v1.0/users/${ADELE.id}/settings`;
    assert.deepEqual(run(tenant, 'PATCH', path, '{"contributionToContentDiscoveryDisabled":true}'), {
      kind: 'empty',
      status: 204,
    });
    assert.equal(json(run(tenant, 'GET', path), 200)['contributionToContentDiscoveryDisabled'], true);
  });

  test('PUT replaces the properties and keeps the id', () => {
    const tenant = core();
    const body = json(run(tenant, 'PUT', `/v1.0/users/${ADELE.id}/photo`, '{"height":1}'), 200);
    assert.deepEqual([body['id'], body['height'], 'width' in body], ['240X240', 1, false]);
  });

  test('DELETE answers 204; the resource is then gone until a PUT', () => {
    const tenant = core();
    const path = `/v1.0/users/${ADELE.id}/photo`;
    assert.deepEqual(run(tenant, 'DELETE', path), { kind: 'empty', status: 204 });
    error(run(tenant, 'GET', path), 404, 'Request_ResourceNotFound');
    error(run(tenant, 'DELETE', path), 404, 'Request_ResourceNotFound');
    assert.equal(json(run(tenant, 'PUT', path, '{"height":2}'), 200)['height'], 2);
    assert.equal(json(run(tenant, 'GET', path), 200)['height'], 2);
    assert.equal(json(run(tenant, 'GET', '/v1.0/me/photo'), 200)['height'], 240, 'other users keep theirs');
  });

  test('POST creates: documented status, a server-generated id, Location, and the member is listed and readable', () => {
    const tenant = core();
    const path = `/v1.0/users/${ADELE.id}/messages`;
    const empty = json(run(tenant, 'GET', path), 200);
    assert.deepEqual(empty, {
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${ADELE.id}')/messages`,
      value: [],
    });
    const reply = run(tenant, 'POST', path, '{"subject":"Lunch?"}');
    const created = json(reply, 201);
    assert.equal(
      created['@odata.context'],
      `https://graph.microsoft.com/v1.0/$metadata#users('${ADELE.id}')/messages/$entity`,
    );
    assert.equal(created['@odata.type'], '#microsoft.graph.message');
    const id = created['id'];
    assert.ok(typeof id === 'string' && id !== 'AAMkAGI1AAAoZCfHAAA=', 'the server assigns the id');
    assert.deepEqual([created['subject'], created['isDraft']], ['Lunch?', true]);
    assert.ok(reply.kind === 'json');
    assert.equal(reply.headers?.['location'], `http://127.0.0.1/v1.0/users/${ADELE.id}/messages/${id}`);
    const second = json(run(tenant, 'POST', path, '{"subject":"Dinner?"}'), 201);
    assert.notEqual(second['id'], id, 'each member gets its own id');
    assert.deepEqual(
      (json(run(tenant, 'GET', path), 200)['value'] as { subject: string }[]).map((m) => m.subject),
      ['Lunch?', 'Dinner?'],
    );
    assert.deepEqual(
      json(run(tenant, 'GET', '/v1.0/me/messages'), 200)['value'],
      [],
      "another user's collection is untouched",
    );
  });

  test('reset() forgets every write', () => {
    const tenant = core();
    run(tenant, 'PUT', `/v1.0/users/${ADELE.id}/photo`, '{"height":1}');
    tenant.reset();
    assert.equal(json(run(tenant, 'GET', `/v1.0/users/${ADELE.id}/photo`), 200)['height'], 240);
  });

  test('a body limit that is not a byte count is refused at construction', () => {
    assert.throws(
      () => createTenantCore({ pages: PAGES, schemas: buildSchemaRegistry(PAGES), bodyLimitBytes: -1 }),
      RangeError,
    );
  });
});

describe('body checks', () => {
  test('JSON media types in UTF-8 pass; anything else is a 415', () => {
    for (const ok of [
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON;CHARSET="UTF-8"',
      'application/merge-patch+json',
    ]) {
      assert.equal(checkJsonContentType(ok), undefined, ok);
    }
    for (const bad of [
      undefined,
      'text/plain',
      'application/jsonx',
      'application/json; charset=utf-16',
      'multipart/form-data; boundary=x',
    ]) {
      assert.equal(checkJsonContentType(bad)?.status, 415, String(bad));
    }
  });

  test('a body is announced by a non-zero Content-Length or by Transfer-Encoding', () => {
    assert.equal(announcesBody(undefined, undefined), false);
    assert.equal(announcesBody('0', undefined), false);
    assert.equal(announcesBody('12', undefined), true);
    assert.equal(announcesBody(undefined, 'chunked'), true);
  });

  test('decoding keeps the object as sent and refuses what is not a JSON object', () => {
    const decoded = decodeJsonObject(Buffer.from('\uFEFF{"@odata.type":"#microsoft.graph.profilePhoto","height":1}'));
    assert.deepEqual(decoded, { ok: true, value: { '@odata.type': '#microsoft.graph.profilePhoto', height: 1 } });
    for (const [text, reason] of [
      ['null', /not null/],
      ['42', /not a number/],
      ['{"a":', /not valid JSON/],
      ['{"@odata.type":7}', /@odata\.type must be a string/],
    ] as const) {
      const result = decodeJsonObject(Buffer.from(text));
      assert.ok(!result.ok && result.reply.kind === 'error', text);
      assert.match(result.reply.message, reason);
    }
    const invalid = decodeJsonObject(Uint8Array.from([0x7b, 0x7d, 0xff]));
    assert.ok(!invalid.ok && invalid.reply.kind === 'error' && /UTF-8/.test(invalid.reply.message));
  });
});

describe('the example an operation answers with', () => {
  // driveitem-get-content's shape: one operation on several paths, one example on one of them, and an illustrative
  // GET of another operation (the item with its download URL) further down the page.
  const pages = [
    page('get-content.md', {
      title: 'Download content',
      requests: 'GET /me/drive/items/{item-id}/content\nGET /drives/{drive-id}/items/{item-id}/content',
      response: 'If successful, this method returns a `302 Found` response.',
      examples: [
        example(
          'download_content',
          'GET https://graph.microsoft.com/v1.0/me/drive/items/{item-id}/content',
          'HTTP/1.1 302 Found\nLocation: https://b0mpua-by3301.files.1drv.com/y23vmagahszhxzlcvhasdhasghasodfi',
        ),
        example(
          'item_with_url',
          'GET https://graph.microsoft.com/v1.0/drive/items/{item-id}?select=id,@microsoft.graph.downloadUrl',
          'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{ "id": "12319191!11919", "@microsoft.graph.downloadUrl": "https://x" }',
        ),
      ].join('\n'),
    }),
  ];
  const tenant = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });

  test("another path of the page's operation answers as the operation's example does, not as another operation's", () => {
    // The tenant's own file, in the signed-in user's drive.
    const reply = run(tenant, 'GET', `/v1.0/drives/${driveIdOf(SIGNED_IN_USER.id)}/items/${TENANT_FILE.id}/content`);
    assert.equal(reply.status, 302, JSON.stringify(reply));
  });

  test("an action answers with the subtype its example's body shows, not its annotation's base type", () => {
    // directory-deleteditems-restore: annotated directoryObject, the body shows a group.
    const restore = [
      page('directory-deleteditems-restore.md', {
        title: 'Restore deleted item',
        requests: 'POST /directory/deletedItems/{id}/restore',
        response: 'If successful, this method returns a `200 OK` response code.',
        examples: example(
          'restore',
          'POST https://graph.microsoft.com/v1.0/directory/deletedItems/46cc6179/restore',
          'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"@odata.type": "#microsoft.graph.group", "id": "46cc6179", "displayName": "SampleGroup"}',
          ', "@odata.type": "microsoft.graph.directoryObject"',
        ),
      }),
    ];
    const restoring = createTenantCore({ pages: restore, schemas: buildSchemaRegistry(restore) });
    const body = json(run(restoring, 'POST', '/v1.0/directory/deletedItems/46cc6179/restore'), 200);
    assert.equal(body['@odata.type'], '#microsoft.graph.group');
  });
});

describe('a read that repeats its example', () => {
  test("completes the state's arrays item by item with what the example shows", () => {
    // event-get: two examples read one event; the later one shows the second location's address without `type`.
    const read = (name: string, query: string, address: string) =>
      example(
        name,
        `GET https://graph.microsoft.com/v1.0/widgets/w1?${query}`,
        `HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id": "w1", "places": [{"name": "a"}, {"name": "b", "address": ${address}}]}`,
      );
    const pages = [
      page('widget-get.md', {
        title: 'Get widget',
        requests: 'GET /widgets/{id}',
        response: 'If successful, this method returns a `200 OK` response code.',
        examples: [
          read('with_type', '$select=places', '{"street": "Main St", "type": "unknown"}'),
          read('without_type', '$select=id,places', '{"street": "Main St"}'),
        ].join('\n'),
      }),
    ];
    const tenant = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
    const body = json(run(tenant, 'GET', '/v1.0/widgets/w1?$select=places'), 200);
    assert.deepEqual((body['places'] as Record<string, unknown>[])[1], {
      name: 'b',
      address: { street: 'Main St', type: 'unknown' },
    });
  });
});

describe('read-only properties', () => {
  // The seed page, with the table calling id (which no example writes) and height (which its example writes) read-only.
  const text = SEED_TEXT.replace(
    '|id|String|**TODO: Add Description** Inherited from [entity](../resources/entity.md)|',
    '|id|String|The identifier. Read-only.|',
  ).replace('|height|Int32|**TODO: Add Description**|', '|height|Int32|The height. Read-only.|');
  const pages = [parsePage(SEED_FILE, text)];
  const tenant = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });

  test('a write of a property the page calls read-only is refused with 400, as Graph refuses it', () => {
    const refused = error(run(tenant, 'PATCH', '/beta/me/photos', '{"id":"x","width":5}'), 400, 'BadRequest');
    assert.match(refused.message, /Property 'id' is read-only/);
  });

  test("a read-only property the page's own example writes is taken, as the example shows", () => {
    json(run(tenant, 'PATCH', '/beta/me/photos', '{"height":7,"width":5}'), 200);
  });
});

describe('rendering', () => {
  const meta = { requestId: '00000000-0000-4000-8000-000000000001', date: new Date('2026-01-02T03:04:05.678Z') };

  test('an error renders Graph’s shape with matching Content-Length', () => {
    const rendered = renderReply(
      { kind: 'error', status: 404, code: 'X', message: 'm' },
      { ...meta, clientRequestId: 'c-1' },
    );
    assert.ok(typeof rendered.body === 'string');
    assert.deepEqual(JSON.parse(rendered.body), {
      error: {
        code: 'X',
        message: 'm',
        innerError: { date: '2026-01-02T03:04:05', 'request-id': meta.requestId, 'client-request-id': 'c-1' },
      },
    });
    assert.equal(rendered.headers['content-length'], String(Buffer.byteLength(rendered.body)));
    assert.equal(rendered.headers['content-type'], 'application/json');
    assert.equal(rendered.headers['client-request-id'], 'c-1');
    assert.equal(rendered.headers['date'], 'Fri, 02 Jan 2026 03:04:05 GMT');
  });

  test('a reusable answer is frozen and renders its bytes, with their length', () => {
    const reply = reusableJson(200, { name: 'Zoë', nested: { a: [1] } });
    assert.ok(reply.kind === 'json' && Object.isFrozen(reply.body) && Object.isFrozen(reply.body['nested']));
    const rendered = renderReply(reply, meta);
    assert.equal(Buffer.from(rendered.body).toString('utf8'), '{"name":"Zoë","nested":{"a":[1]}}');
    assert.equal(rendered.headers['content-length'], String(Buffer.byteLength('{"name":"Zoë","nested":{"a":[1]}}')));
  });

  test('an empty answer has no body and no client-request-id unless one was sent', () => {
    const rendered = renderReply({ kind: 'empty', status: 204 }, meta);
    assert.equal(rendered.body, '');
    assert.equal(rendered.headers['content-length'], '0');
    assert.equal('client-request-id' in rendered.headers, false);
    assert.equal(rendered.headers['request-id'], meta.requestId);
  });

  test('a reply header cannot override what every answer must carry', () => {
    const headers = { 'content-type': 'text/plain', 'request-id': 'forged', 'content-length': '1', allow: 'GET' };
    const rendered = renderReply({ kind: 'json', status: 200, body: { a: 'é' }, headers }, meta);
    assert.match(rendered.headers['content-type'] ?? '', /^application\/json;/);
    assert.equal(rendered.headers['request-id'], meta.requestId);
    assert.equal(rendered.headers['allow'], 'GET', 'other headers pass through');
    assert.equal(rendered.headers['content-length'], String(Buffer.byteLength('{"a":"é"}')));
  });
});
