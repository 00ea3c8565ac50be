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
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { createTenantCore } from '../../src/mock-tenant/handler.ts';
import { apiPage, example, sendToCore } from './support/mock.ts';

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
