/**
 * `$ref` writes the docs document against entities no page shows: the page's own example says the entity exists, so
 * the mock built from that page takes the reference (found over the whole 2021 reference, where each was a `target`
 * cause against the mock: accesspackage-post-incompatibleaccesspackage, group-post-acceptedsenders,
 * directoryrole-delete-member, group-delete-acceptedsenders, connector-post-memberof). Any other reference to an
 * unknown entity is still refused, as Graph refuses it.
 *
 * Run: node --import tsx --test tests/unit/mock-documented-references.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from '../../src/docs/model.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { createTenantCore, type TenantCore } from '../../src/mock-tenant/handler.ts';
import type { Reply } from '../../src/mock-tenant/reply.ts';
import { apiPage, example, sendToCore } from './support/mock.ts';

const PACKAGE = 'https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackages';

function page(file: string, requestLine: string, examples: readonly string[]): Page {
  return apiPage(file, [requestLine], ['## Examples', ...examples]);
}

const ADD = page(
  'accesspackage-post-incompatibleaccesspackage.md',
  'POST /accessPackages/{id}/incompatibleAccessPackages/$ref',
  [
    example(
      'add',
      `POST ${PACKAGE}/p1/incompatibleAccessPackages/$ref\nContent-Type: application/json\n\n{"@odata.id": "${PACKAGE}/c0a74b4d"}`,
      'HTTP/1.1 204 No Content',
    ),
  ],
);

const REMOVE_BY_QUERY = page('group-delete-acceptedsenders.md', 'DELETE /groups/{id}/acceptedSenders/$ref?$id={id}', [
  example(
    'remove',
    'DELETE https://graph.microsoft.com/beta/groups/g1/acceptedSenders/$ref?$id=https://graph.microsoft.com/beta/users/u9',
    'HTTP/1.1 204 No Content',
  ),
]);

const REMOVE_MEMBER = page('directoryrole-delete-member.md', 'DELETE /directoryRoles/{id}/members/{id}/$ref', [
  example(
    'remove_member',
    'DELETE https://graph.microsoft.com/beta/directoryRoles/r1/members/bb165b45/$ref',
    'HTTP/1.1 204 No Content',
  ),
]);

const ADD_201 = page(
  'connector-post-memberof.md',
  'POST /onPremisesPublishingProfiles/applicationProxy/connectors/{id}/memberOf/$ref',
  [
    example(
      'add_201',
      'POST https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectors/c1/memberOf/$ref\nContent-Type: application/json\n\n{"@odata.id": "https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/g7"}',
      'HTTP/1.1 201 Created\nContent-Type: application/json\n\n{"id": "g7", "name": "Group 7"}',
    ),
  ],
);

const SOURCES = 'https://graph.microsoft.com/beta/compliance/ediscovery/cases/c1';

const ADD_BY_TABLE = apiPage(
  'ediscovery-sourcecollection-post-custodiansources.md',
  ['POST /compliance/ediscovery/cases/{caseId}/sourceCollections/{sourceCollectionId}/custodianSources/$ref'],
  [
    '## Request body',
    '|Property|Type|Description|',
    '|:---|:---|:---|',
    '|@odata.id|String|String that defines the custodial object.|',
    '',
    '## Examples',
    example(
      'add_source',
      `POST ${SOURCES}/sourceCollections/s1/custodianSources/$ref\nContent-Type: application/json\n\n{"@odata.id": "${SOURCES}/custodians/k1/userSources/u1"}`,
      'HTTP/1.1 204 No Content',
    ),
  ],
);

const CREATE_BY_REF = page(
  'certificatebasedauthconfiguration-post-certificatebasedauthconfiguration.md',
  'POST /organization/{id}/certificateBasedAuthConfiguration/$ref',
  [
    example(
      'create_by_ref',
      'POST https://graph.microsoft.com/v1.0/organization/o1/certificateBasedAuthConfiguration/$ref\nContent-Type: application/json\n\n{"certificateAuthorities": [{"isRootAuthority": true, "certificate": "Binary"}]}',
      'HTTP/1.1 201 Created\nContent-Type: application/json\n\n{"id": "id-value", "certificateAuthorities": [{"isRootAuthority": true, "certificate": "Binary"}]}',
    ),
  ],
);

const READ_CREATED = page(
  'certificatebasedauthconfiguration-get.md',
  'GET /organization/{id}/certificateBasedAuthConfiguration/{id}',
  [
    example(
      'get_configuration',
      'GET https://graph.microsoft.com/v1.0/organization/o1/certificateBasedAuthConfiguration/id-value',
      'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id": "id-value", "certificateAuthorities": []}',
    ),
  ],
);

const PAGES = [ADD, REMOVE_BY_QUERY, REMOVE_MEMBER, ADD_201, ADD_BY_TABLE, CREATE_BY_REF, READ_CREATED];

function tenant(): TenantCore {
  return createTenantCore({ pages: PAGES, schemas: buildSchemaRegistry(PAGES) });
}

function send(core: TenantCore, method: string, url: string, body?: string): Reply {
  return sendToCore(core, method, url, {
    headers: { 'x-mock-session': 'references' },
    ...(body === undefined ? {} : { body }),
  });
}

test("a reference the page's example adds is taken, though no page shows the entity; another unknown one is refused", () => {
  const core = tenant();
  const url = '/beta/identityGovernance/entitlementManagement/accessPackages/p1/incompatibleAccessPackages/$ref';
  assert.equal(send(core, 'POST', url, JSON.stringify({ '@odata.id': `${PACKAGE}/c0a74b4d` })).status, 204);
  assert.equal(send(core, 'POST', url, JSON.stringify({ '@odata.id': `${PACKAGE}/unknown` })).status, 404);
});

test('a documented add answers as its example does: a 201 with the body it shows', () => {
  const reply = send(
    tenant(),
    'POST',
    '/beta/onPremisesPublishingProfiles/applicationProxy/connectors/c1/memberOf/$ref',
    JSON.stringify({
      '@odata.id': 'https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/g7',
    }),
  );
  assert.equal(reply.status, 201);
  assert.ok(reply.kind === 'json');
  assert.equal(reply.body['name'], 'Group 7');
});

test('a documented removal of a reference answers 204 once, then 404; by path or by `$id`', () => {
  const core = tenant();
  const byPath = '/beta/directoryRoles/r1/members/bb165b45/$ref';
  assert.equal(send(core, 'DELETE', byPath).status, 204);
  assert.equal(send(core, 'DELETE', byPath).status, 404, 'the reference is gone');
  const byQuery = '/beta/groups/g1/acceptedSenders/$ref?$id=https://graph.microsoft.com/beta/users/u9';
  assert.equal(send(core, 'DELETE', byQuery).status, 204);
  assert.equal(send(core, 'DELETE', byQuery).status, 404, 'the reference is gone');
});

test("a reference one example of the page adds is taken on the page's other path too", () => {
  // directoryrole-post-members (2021): the first example adds directoryObjects/15c1a2d5 to a role by id; sent to the
  // page's other line, `roleTemplateId={roleTemplateId}`, whose own example adds another member, it got a 404.
  const roles = apiPage(
    'directoryrole-post-members.md',
    [
      'POST /directoryRoles/{role-id}/members/$ref',
      'POST /directoryRoles/roleTemplateId={roleTemplateId}/members/$ref',
    ],
    [
      '## Examples',
      example(
        'by_id',
        'POST https://graph.microsoft.com/v1.0/directoryRoles/r1/members/$ref\nContent-Type: application/json\n\n{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/15c1a2d5"}',
        'HTTP/1.1 204 No Content',
      ),
      example(
        'by_template',
        'POST https://graph.microsoft.com/v1.0/directoryRoles/roleTemplateId=88d8e3e3/members/$ref\nContent-Type: application/json\n\n{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/bb165b45"}',
        'HTTP/1.1 204 No Content',
      ),
    ],
  );
  const core = createTenantCore({ pages: [roles], schemas: buildSchemaRegistry([roles]) });
  const url = '/v1.0/directoryRoles/roleTemplateId=88d8e3e3/members/$ref';
  const member = (id: string): string =>
    JSON.stringify({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
  assert.equal(send(core, 'POST', url, member('15c1a2d5')).status, 204);
  assert.equal(send(core, 'POST', url, member('0000ffff')).status, 404, 'an entity no page names is still unknown');
});

test("a reference's body is checked against the page's request-body table, as any write's is", () => {
  const core = tenant();
  const url = '/beta/compliance/ediscovery/cases/c1/sourceCollections/s1/custodianSources/$ref';
  const reference = { '@odata.id': `${SOURCES}/custodians/k1/userSources/u1` };
  assert.equal(send(core, 'POST', url, JSON.stringify({ ...reference, undocumentedProbeProperty: 'x' })).status, 400);
  assert.equal(send(core, 'POST', url, JSON.stringify(reference)).status, 204);
});

test('`POST …/$ref` whose every example sends an entity, not `@odata.id`, creates it as the page shows', () => {
  // certificatebasedauthconfiguration-post-certificatebasedauthconfiguration: the page documents a create on `$ref`.
  const core = tenant();
  const sent = { certificateAuthorities: [{ isRootAuthority: false, certificate: 'QUJD' }] };
  const reply = send(
    core,
    'POST',
    '/v1.0/organization/o1/certificateBasedAuthConfiguration/$ref',
    JSON.stringify(sent),
  );
  assert.equal(reply.status, 201);
  assert.ok(reply.kind === 'json');
  assert.deepEqual(reply.body['certificateAuthorities'], sent.certificateAuthorities);
  const id = String(reply.body['id']);
  const read = send(core, 'GET', `/v1.0/organization/o1/certificateBasedAuthConfiguration/${id}`);
  assert.equal(read.status, 200, 'stored in the collection the path names');
  assert.ok(read.kind === 'json');
  assert.deepEqual(read.body['certificateAuthorities'], sent.certificateAuthorities);
});
