/**
 * `$expand` of a navigation the state holds nothing for answers what the documented entity shows there: a listing's
 * item with its expanded single-valued `requestor` (which no example addresses) keeps that object, not `[]` (over
 * the whole 2021 reference: accesspackageassignmentrequest-list, chat-list-tabs' `teamsApp`, … were target causes
 * against the mock: "is [], must be object").
 *
 * Run: node --import tsx --test tests/unit/mock-expand-documented.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from '../../src/docs/model.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { createTenantCore } from '../../src/mock-tenant/handler.ts';
import { apiPage, example, resourcePage, sendToCore } from './support/mock.ts';

const PAGE = apiPage(
  'accesspackageassignmentrequest-list.md',
  ['GET /identityGovernance/entitlementManagement/accessPackageAssignmentRequests'],
  [
    '## Examples',
    example(
      'list_requests',
      'GET https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackageAssignmentRequests?$expand=requestor,tags',
      'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"value": [{"id": "r1", "requestor": {"id": "s1", "displayName": "Ada"}, "tags": [{"id": "t1"}]}]}',
      ', "@odata.type": "microsoft.graph.accessPackageAssignmentRequest", "isCollection": true',
    ),
  ],
);

function get(url: string): Record<string, unknown> {
  const core = createTenantCore({ pages: [PAGE], schemas: buildSchemaRegistry([PAGE]) });
  const reply = sendToCore(core, 'GET', url);
  assert.ok(reply.kind === 'json' && reply.status === 200, JSON.stringify(reply));
  return reply.body;
}

test('an expanded navigation nothing addresses answers as the documented item shows it, object or collection', () => {
  const body = get(
    '/beta/identityGovernance/entitlementManagement/accessPackageAssignmentRequests?$expand=requestor,tags&$top=5',
  );
  const items = body['value'] as readonly Record<string, unknown>[];
  assert.equal(items.length, 1);
  assert.deepEqual(items[0], { id: 'r1', requestor: { id: 's1', displayName: 'Ada' }, tags: [{ id: 't1' }] });
});

/**
 * A create's answer is filed at the collection's path (a role scope POSTed to `…/accessPackageResourceRoleScopes`):
 * expanding that navigation of an access package that shows it as a collection answers the collection, not the one
 * member the create shows; and a navigation the entity shows as an object stays an object, though a listing sits at
 * its path (accesspackage-list-accesspackageresourcerolescopes, ediscovery-sourcecollection-get over the whole 2021
 * reference: "is an object, but the doc shows an array", and the other way round).
 */
test('the documented entity decides whether an expanded navigation is an object or a collection', () => {
  const base = 'https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackages';
  const pages = [
    apiPage(
      'accesspackage-get.md',
      ['GET /identityGovernance/entitlementManagement/accessPackages/{id}'],
      [
        '## Examples',
        example(
          'get_with_scopes',
          `GET ${base}/p1?$expand=roleScopes,operation`,
          'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id": "p1", "roleScopes": [{"id": "s1"}, {"id": "s2"}], "operation": {"id": "o1"}}',
        ),
      ],
    ),
    apiPage(
      'accesspackage-post-rolescopes.md',
      ['POST /identityGovernance/entitlementManagement/accessPackages/{id}/roleScopes'],
      [
        '## Examples',
        example(
          'create_scope',
          `POST ${base}/p1/roleScopes\nContent-Type: application/json\n\n{"id": "s3"}`,
          'HTTP/1.1 201 Created\nContent-Type: application/json\n\n{"id": "s3"}',
        ),
      ],
    ),
    apiPage(
      'operation-list.md',
      ['GET /identityGovernance/entitlementManagement/accessPackages/{id}/operation'],
      [
        '## Examples',
        example(
          'list_operation',
          `GET ${base}/p1/operation`,
          'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"value": [{"id": "o1"}, {"id": "o2"}]}',
        ),
      ],
    ),
  ];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const reply = sendToCore(
    core,
    'GET',
    '/beta/identityGovernance/entitlementManagement/accessPackages/p1?$expand=roleScopes,operation',
  );
  assert.ok(reply.kind === 'json' && reply.status === 200, JSON.stringify(reply));
  assert.ok(Array.isArray(reply.body['roleScopes']), JSON.stringify(reply.body));
  assert.deepEqual(reply.body['operation'], { id: 'o1' });
});

/**
 * user-list-manager: `GET /me?$expand=manager($levels=max;$select=id,displayName)` shows the manager chain, while
 * `GET /me/manager` shows another manager. The chain the entity shows answers the request that repeats it.
 */
test('`$levels` follows the navigation within what it reaches, each level selected alike, as the entity shows it', () => {
  const chain = {
    id: 'u0',
    displayName: 'Individual Contributor',
    manager: { id: 'm1', displayName: 'Alex', jobTitle: 'Lead', manager: { id: 'm2', displayName: 'Bianca' } },
  };
  const pages = [
    apiPage(
      'user-list-manager.md',
      ['GET /users/{id}/manager', 'GET /users/{id}?$expand=manager'],
      [
        '## Examples',
        example(
          'get_manager',
          'GET https://graph.microsoft.com/beta/users/u0/manager',
          'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id": "m9", "displayName": "Sara"}',
        ),
        example(
          'get_transitive_managers',
          'GET https://graph.microsoft.com/beta/users/u0?$expand=manager($levels=max;$select=id,displayName)&$select=id,displayName',
          `HTTP/1.1 200 OK\nContent-Type: application/json\n\n${JSON.stringify(chain)}`,
        ),
      ],
    ),
  ];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const read = (query: string): unknown => {
    const reply = sendToCore(core, 'GET', `/beta/users/u0?${query}`);
    assert.ok(reply.kind === 'json' && reply.status === 200, JSON.stringify(reply));
    return reply.body['manager'];
  };
  assert.deepEqual(read('$expand=manager($levels=max;$select=id,displayName)&$select=id,displayName'), {
    id: 'm1',
    displayName: 'Alex',
    manager: { id: 'm2', displayName: 'Bianca' },
  });
});

/** A page documenting `line` with one example: `name`, its request and response text (and annotation). */
function readPage(file: string, line: string, name: string, request: string, response: string, annotation = ''): Page {
  return apiPage(file, [line], ['## Examples', example(name, request, response, annotation)]);
}

/**
 * unifiedroleassignmentmultiple-get expands `roleDefinition` and shows `roleDefinitions`: the single-valued
 * navigation reaches nothing, so it is null, as OData expands it; a collection one is still `[]`.
 */
test('a single-valued navigation that reaches nothing expands to null; a collection to []', () => {
  const pages = [
    readPage(
      'widget-get.md',
      'GET /widgets/{id}',
      'get_widget',
      'GET https://graph.microsoft.com/beta/widgets/w1',
      'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id": "w1", "name": "a"}',
      ', "@odata.type": "microsoft.graph.widget"',
    ),
    resourcePage(
      'api-reference/beta/resources/widget.md',
      'microsoft.graph.widget',
      ['|id|String|Its id.|', '|name|String|Its name.|'],
      ['|owner|[user](user.md)|Who owns it.|', '|parts|[part](part.md) collection|What it is made of.|'],
    ),
  ];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const reply = sendToCore(core, 'GET', '/beta/widgets/w1?$expand=owner,parts');
  assert.ok(reply.kind === 'json' && reply.status === 200, JSON.stringify(reply));
  assert.equal(reply.body['owner'], null);
  assert.deepEqual(reply.body['parts'], []);
});

/**
 * opentypeextension-get's third example reads a message with `$expand=extensions(…)` and shows its one extension;
 * other examples file other extensions under the message. The read that repeats the example lists what it shows.
 */
test('a read that repeats its example expands a collection as the example shows it', () => {
  const pages = [
    readPage(
      'widget-get.md',
      'GET /widgets/{id}',
      'get_with_parts',
      "GET https://graph.microsoft.com/beta/widgets/w1?$expand=parts($filter=id eq 'p1')",
      'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id": "w1", "parts": [{"@odata.type": "#Microsoft.Graph.Part", "id": "p1"}]}',
    ),
    // A later read of the same widget shows its part typed otherwise: the state holds that one.
    readPage(
      'widget-get-expanded.md',
      'GET /widgets/{id}',
      'get_expanded',
      'GET https://graph.microsoft.com/beta/widgets/w1?$expand=parts',
      'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id": "w1", "parts": [{"@odata.type": "#microsoft.graph.part", "id": "p1"}]}',
    ),
    readPage(
      'widget-list-parts.md',
      'GET /widgets/{id}/parts',
      'list_parts',
      'GET https://graph.microsoft.com/beta/widgets/w1/parts',
      'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"value": [{"@odata.type": "#microsoft.graph.part", "id": "p2"}]}',
      ', "isCollection": true',
    ),
  ];
  const core = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
  const reply = sendToCore(core, 'GET', "/beta/widgets/w1?$expand=parts($filter=id eq 'p1')");
  assert.ok(reply.kind === 'json' && reply.status === 200, JSON.stringify(reply));
  assert.deepEqual(reply.body['parts'], [{ '@odata.type': '#Microsoft.Graph.Part', id: 'p1' }]);
});
