/**
 * Pages that keep one placeholder on one route (each Intune app type's get page, `GET
 * /deviceAppManagement/mobileApps/{mobileAppId}`): the mock files each example under its own stand-in (see
 * `asSentToMock`), so a request for it gets that page's answer, not the first page's (over the whole 2021 reference,
 * a target cause against the mock on every app type but one).
 *
 * Run: node --import tsx --test tests/unit/mock-example-stand-ins.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from '../../src/docs/model.ts';
import { DEFAULT_TARGET_USER, standInFor } from '../../src/core/embedded-tenant.ts';
import { asSentToMock, exampleIdentity } from '../../src/docs/path-template.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { createTenantCore } from '../../src/mock-tenant/handler.ts';
import { placeholderSource } from '../../src/cases/placeholders.ts';
import { apiPage, example, exampleOf, sendToCore } from './support/mock.ts';

function getPage(type: string): Page {
  return apiPage(
    `intune-apps-${type.toLowerCase()}-get.md`,
    ['GET /deviceAppManagement/mobileApps/{mobileAppId}'],
    [
      '## Examples',
      example(
        `get_${type}`,
        'GET https://graph.microsoft.com/v1.0/deviceAppManagement/mobileApps/{mobileAppId}',
        `HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"@odata.type": "#microsoft.graph.${type}", "id": "x", "${type}Only": true}`,
      ),
    ],
  );
}

test("each page's example is answered at its own stand-in; a path without one keeps its placeholder", () => {
  const pages = [getPage('webApp'), getPage('iosStoreApp')];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  for (const page of pages) {
    const shown = page.examples[0];
    assert.ok(shown);
    const path = asSentToMock(shown.request.path, exampleIdentity(shown));
    assert.doesNotMatch(path, /[{}]/);
    const reply = sendToCore(core, 'GET', `/v1.0${path}`);
    assert.ok(reply.kind === 'json' && reply.status === 200, JSON.stringify(reply));
    const type = shown.name.slice('get_'.length);
    assert.equal(reply.body['@odata.type'], `#microsoft.graph.${type}`);
    assert.equal(reply.body[`${type}Only`], true);
  }
  assert.equal(asSentToMock('/apps/{mobileAppId}'), '/apps/{mobileAppId}', 'without the example, as before');
});

/**
 * driveitem-put-content's `upload-via-put` (answered 200) stands for every `PUT …/content` path of its page; the
 * run sends it to `/drives/{drive-id}/items/{item-id}/content` with that example's own stand-ins (see
 * `placeholderSource`). The mock answers that path as that example, not as the route's default example (the page's
 * other example, which creates a file and answers 201): over the whole 2021 reference, ten target causes.
 */
test('another documented path sent with an example’s own stand-ins is answered as that example', () => {
  const base = 'https://graph.microsoft.com/v1.0/me/things';
  const page = apiPage(
    'thing-run.md',
    ['POST /me/things/{thing-id}/run', 'POST /groups/{group-id}/things/{thing-id}/run'],
    [
      '## Examples',
      example(
        'run_new',
        `POST ${base}/{thing-id}/run\nContent-Type: application/json\n\n{"mode": "new"}`,
        'HTTP/1.1 201 Created\nContent-Type: application/json\n\n{"outcome": "created"}',
      ),
      example(
        'run_again',
        `POST ${base}/{thing-id}/run\nContent-Type: application/json\n\n{"mode": "again"}`,
        'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"outcome": "replaced"}',
      ),
    ],
  );
  const pages = [page];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const sendAs = (name: string, mode: string) => {
    const own = exampleIdentity(exampleOf(page, name));
    const path = `/v1.0/groups/${standInFor('group-id', own)}/things/${standInFor('thing-id', own)}/run`;
    return sendToCore(core, 'POST', path, { body: JSON.stringify({ mode }) });
  };
  const again = sendAs('run_again', 'again');
  assert.equal(again.status, 200, JSON.stringify(again));
  assert.ok(again.kind === 'json' && again.body['outcome'] === 'replaced', JSON.stringify(again));
  assert.equal(sendAs('run_new', 'new').status, 201);
});

/**
 * `/education/users/{id}` is an education user, a member of its own collection: the run fills it with a stand-in, as
 * any `{id}` that is not the directory's `/users/{id}`. The mock reads it so too, instead of looking the stand-in up
 * among the tenant's users and answering 404 (educationuser-get-user, -list-classes, -list-schools over the whole
 * 2021 reference: target causes).
 */
test('a {id} after a users segment that is not the directory’s /users is a member of its own collection', () => {
  const page = apiPage(
    'educationuser-get-user.md',
    ['GET /education/me/user', 'GET /education/users/{id}/user'],
    [
      '## Examples',
      example(
        'get_user',
        'GET https://graph.microsoft.com/beta/education/me/user',
        'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id": "u1", "displayName": "Megan"}',
      ),
    ],
  );
  const pages = [page];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const own = exampleIdentity(exampleOf(page, 'get_user'));
  const reply = sendToCore(core, 'GET', `/beta/education/users/${standInFor('id', own)}/user`);
  assert.equal(reply.status, 200, JSON.stringify(reply));
});

/**
 * A placeholder means the mock's user only where the path addresses a user (the member of `/users`, or a name that
 * says user): elsewhere it is a member of its own collection, and each example that keeps it gets its own stand-in.
 * Before, every `{id}` named the user, so `GET /me/contacts/{id}` on two pages shared one value and was answered with
 * the first page's contact (over the whole 2021 reference: contact-get, message-get, …).
 */
test('an `{id}` names the mock’s user only where the path addresses a user; elsewhere each example its own', () => {
  const user = DEFAULT_TARGET_USER.id;
  const own = (name: string): string => standInFor(name, 'x.md#y');
  assert.equal(asSentToMock('/users/{id}', 'x.md#y'), `/users/${user}`);
  assert.equal(asSentToMock('/users/{id}/messages/{id}', 'x.md#y'), `/users/${user}/messages/${own('id')}`);
  assert.equal(
    asSentToMock('/groups/{id}/members/{user-id}/$ref', 'x.md#y'),
    `/groups/${own('id')}/members/${user}/$ref`,
  );
  assert.equal(asSentToMock('/education/users/{id}', 'x.md#y'), `/education/users/${own('id')}`);
  assert.equal(asSentToMock('/me/contacts/{id}'), '/me/contacts/{id}', 'without the example, a member stays');

  const contactPage = (file: string, name: string, displayName: string): Page =>
    apiPage(
      file,
      ['GET /me/contacts/{id}'],
      [
        '## Examples',
        example(
          name,
          'GET https://graph.microsoft.com/v1.0/me/contacts/{id}',
          `HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id": "AAMk", "displayName": "${displayName}"}`,
        ),
      ],
    );
  const pages = [
    contactPage('contact-get.md', 'get_contact', 'First'),
    contactPage('contact-get-2.md', 'get_other', 'Second'),
  ];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  for (const page of pages) {
    const shown = page.examples[0];
    assert.ok(shown);
    const reply = sendToCore(core, 'GET', `/v1.0${asSentToMock(shown.request.path, exampleIdentity(shown))}`);
    assert.ok(reply.kind === 'json' && reply.status === 200, JSON.stringify(reply));
    assert.equal(reply.body['displayName'], shown.name === 'get_contact' ? 'First' : 'Second');
  }
});

/**
 * Each Intune configuration type's get page keeps `{deviceConfigurationId}` on one route, names its type in its prose
 * only, and wraps the entity in `value`: the answer declares the type the example's own page names, not the route's
 * first page's (over the whole 2021 reference, a body-schema target cause on every configuration type's get page but
 * one: `/@odata.type is "#microsoft.graph.androidCustomConfiguration", must be …`).
 */
test('an answer declares the type the prose of its example’s page names, not that of the route’s first page', () => {
  const getPage = (type: string): Page =>
    apiPage(
      `intune-deviceconfig-${type.toLowerCase()}-get.md`,
      ['GET /deviceManagement/deviceConfigurations/{deviceConfigurationId}'],
      [
        '## Response',
        `If successful, this method returns a \`200 OK\` response code and [${type}](../resources/${type.toLowerCase()}.md) object in the response body.`,
        '## Example',
        example(
          `get_${type}`,
          'GET https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations/{deviceConfigurationId}',
          `HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"value": {"@odata.type": "#microsoft.graph.${type}", "id": "x"}}`,
        ),
      ],
    );
  const pages = [getPage('androidCustomConfiguration'), getPage('androidGeneralDeviceConfiguration')];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  for (const page of pages) {
    const shown = page.examples[0];
    assert.ok(shown);
    const path = asSentToMock(shown.request.path, exampleIdentity(shown));
    const reply = sendToCore(core, 'GET', `/beta${path}`);
    assert.ok(reply.kind === 'json' && reply.status === 200, JSON.stringify(reply));
    assert.equal(reply.body['@odata.type'], `#microsoft.graph.${shown.name.slice('get_'.length)}`);
  }
});

/**
 * v1.0's and beta's contact-get.md both name their example `get_contact`, and the mock keeps both versions' members in
 * one state: each version's example addresses a member of its own (the version is part of the example's identity), so
 * neither its own path nor another documented path sent with its stand-in gets the other version's entity (over the
 * whole 2021 reference, v1.0's contact-get got beta's contact, and each Intune get page's `value` the other version's:
 * documented-properties target causes).
 */
test('each version’s page of one file name addresses a member of its own', () => {
  const contactGet = (version: 'v1.0' | 'beta', only: string): Page =>
    apiPage(
      `${version}/api/contact-get.md`,
      ['GET /me/contacts/{id}', 'GET /users/{id | userPrincipalName}/contacts/{id}'],
      [
        '## Example',
        example(
          'get_contact',
          `GET https://graph.microsoft.com/${version}/me/contacts/{id}`,
          `HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"value": {"id": "AAMk", "${only}": "x"}}`,
        ),
      ],
    );
  const pages = [contactGet('beta', 'phones'), contactGet('v1.0', 'businessHomePage')];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const [beta, v1] = pages.map((page) => exampleIdentity(exampleOf(page, 'get_contact')));
  assert.notEqual(beta, v1);
  for (const [page, only] of [
    [pages[1], 'businessHomePage'],
    [pages[0], 'phones'],
  ] as const) {
    const shown = exampleOf(page ?? assert.fail('no page'), 'get_contact');
    const version = shown.request.version ?? assert.fail('no version');
    const own = standInFor('id', exampleIdentity(shown));
    for (const path of [
      asSentToMock(shown.request.path, exampleIdentity(shown)),
      `/users/${DEFAULT_TARGET_USER.id}/contacts/${own}`,
    ]) {
      const reply = sendToCore(core, 'GET', `/${version}${path}`);
      assert.ok(reply.kind === 'json' && reply.status === 200, JSON.stringify(reply));
      assert.deepEqual(reply.body['value'], { id: 'AAMk', [only]: 'x' }, `${version} ${path}`);
    }
  }
});

/**
 * Several pages list one user's mail folders (`GET /me/mailFolders`), and their answers differ; the run sends each
 * page's example to the page's other line, `GET /users/{id}/mailFolders`, with that example's own stand-in for the
 * user, and the mock answers it as the example shows it (before, the run named the tenant's user, and got a listing
 * merged from every page: user-list-mailfolders, calendar-list-events, contactfolder-list-contacts over the whole
 * 2021 reference).
 */
test("another documented path names the example's own user, answered as the example shows it", () => {
  const folders = (file: string, name: string, folder: string): Page =>
    apiPage(
      file,
      ['GET /me/mailFolders', 'GET /users/{id | userPrincipalName}/mailFolders'],
      [
        '## Examples',
        example(
          name,
          'GET https://graph.microsoft.com/v1.0/me/mailFolders',
          `HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"value": [${folder}]}`,
        ),
      ],
    );
  const pages = [
    folders('mailfolder-list.md', 'list_folders', '{"id": "f1", "displayName": "Inbox"}'),
    folders('user-list-mailfolders.md', 'get_mailfolders', '{"id": "f2", "displayName": "Archive", "isHidden": false}'),
  ];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const fill = placeholderSource({ kind: 'values', layers: [], embeddedTenant: true }, pages);
  for (const page of pages) {
    const shown = page.examples[0];
    assert.ok(shown);
    const line = page.httpRequests[1];
    assert.ok(line);
    const filled = fill(line, exampleIdentity(shown));
    assert.ok(filled.ok);
    assert.equal(filled.path, `/users/${standInFor('id', exampleIdentity(shown))}/mailFolders`);
    const reply = sendToCore(core, 'GET', `/v1.0${filled.path}`);
    assert.ok(reply.kind === 'json' && reply.status === 200, JSON.stringify(reply));
    const documented = shown.response?.body.kind === 'json' ? shown.response.body.value : undefined;
    assert.deepEqual(reply.body['value'], (documented as { value?: unknown } | undefined)?.value);
  }
  const ownTest = fill(pages[0]?.httpRequests[1] ?? assert.fail('no line'));
  assert.ok(ownTest.ok);
  assert.equal(
    ownTest.path,
    `/users/${DEFAULT_TARGET_USER.id}/mailFolders`,
    "a test of the line itself names the tenant's user",
  );
});
