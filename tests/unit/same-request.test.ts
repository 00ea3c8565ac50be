/**
 * One request, a page per type: each Intune configuration type's list page sends `GET
 * /deviceManagement/deviceConfigurations` and shows items of its own type, and the service (the mock, built from the
 * same pages, too) answers every one of them alike. An item of a type another page documents for that very request
 * does not depart from this page: it is checked against its own type, not compared with this page's items (over the
 * whole 2021 reference, about 30 target causes a shard: `/value/0/@odata.type is "#…androidCustomConfiguration",
 * must be …androidGeneralDeviceConfiguration`).
 *
 * Run: node --import tsx --test tests/unit/same-request.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from '../../src/docs/model.ts';
import { typesElsewhere } from '../../src/cases/same-request.ts';
import { buildCases } from '../../src/cases/build-cases.ts';
import { namedValues } from '../../src/cases/placeholders.ts';
import { documentedShape } from '../../src/run/response-checks.ts';
import { apiPage, example, exampleOf } from './support/mock.ts';

const URL = 'https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations';

function listPage(type: string, url = URL): Page {
  return apiPage(
    `intune-deviceconfig-${type.toLowerCase()}-list.md`,
    ['GET /deviceManagement/deviceConfigurations'],
    [
      '## Example',
      example(
        `list_${type}`,
        `GET ${url}`,
        `HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"value": [{"@odata.type": "#microsoft.graph.${type}", "id": "x", "${type}Only": true}]}`,
      ),
    ],
  );
}

test('the item types other pages document for the same request, and only for the same request', () => {
  const custom = listPage('androidCustomConfiguration');
  const general = listPage('androidGeneralDeviceConfiguration');
  const filtered = listPage('iosGeneralDeviceConfiguration', `${URL}?$filter=x`);
  const elsewhere = typesElsewhere([custom, general, filtered]);
  assert.deepEqual(
    elsewhere(exampleOf(general, 'list_androidGeneralDeviceConfiguration')).map((t) => t.type),
    ['microsoft.graph.androidCustomConfiguration'],
  );
  assert.deepEqual(elsewhere(exampleOf(filtered, 'list_iosGeneralDeviceConfiguration')), [], 'another query');

  const cases = buildCases([custom, general], { roots: ['.'], params: namedValues(() => undefined) });
  const replay = cases.find(
    (c) => c.example.name === 'list_androidGeneralDeviceConfiguration' && c.variant === undefined,
  );
  assert.ok(replay?.kind.type === 'example');
  assert.deepEqual(
    replay.kind.elsewhere?.map((t) => t.type),
    ['microsoft.graph.androidCustomConfiguration'],
  );
});

test('an item of a type documented elsewhere for the request is not compared with this page’s items', () => {
  const documented = {
    value: [{ '@odata.type': '#microsoft.graph.androidGeneralDeviceConfiguration', id: 'x', generalOnly: true }],
  };
  const answer = { value: [{ '@odata.type': '#microsoft.graph.androidCustomConfiguration', id: 'y', customOnly: 1 }] };
  const without = documentedShape(documented, answer, { truncated: true });
  assert.deepEqual(
    without.map((p) => p.pointer),
    ['/value/0/@odata.type', '/value/0/generalOnly'],
    'compared with this page’s item, it departs',
  );
  const elsewhere = ['microsoft.graph.androidcustomconfiguration'];
  assert.deepEqual(documentedShape(documented, answer, { truncated: true, elsewhere }), []);
  const own = { value: [{ '@odata.type': '#microsoft.graph.androidGeneralDeviceConfiguration', id: 'z' }] };
  assert.deepEqual(
    documentedShape(documented, own, { truncated: true, elsewhere }).map((p) => p.pointer),
    ['/value/0/generalOnly'],
    'an item of the page’s own type is still held to its items',
  );
});
