/**
 * The mock refuses null where the service metadata it is given does (src/mock-tenant/null-refusal.ts): a 400 with
 * Graph's error body, naming the CSDL element; a property the metadata lets be null, or a mock without metadata,
 * takes it as the page's schema does.
 *
 * Run: node --import tsx --test tests/unit/mock-null-refusal.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { standInFor } from '../../src/core/embedded-tenant.ts';
import { createTenantCore, type TenantCore } from '../../src/mock-tenant/handler.ts';
import type { Reply } from '../../src/mock-tenant/reply.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { GADGET_CSDL, gadgetPage, gadgetPageText } from './support/gadget.ts';
import { parsePage } from '../../src/docs/parse-page.ts';

const PAGES = [gadgetPage('update'), gadgetPage('paint')];

function tenant(withMetadata: boolean): TenantCore {
  return createTenantCore({
    pages: PAGES,
    schemas: buildSchemaRegistry(PAGES),
    ...(withMetadata ? { serviceMetadata: { 'v1.0': GADGET_CSDL } } : {}),
  });
}

/** What the server does, minus the socket (an opaque token: synchronous). */
function send(core: TenantCore, method: string, path: string, body: unknown): Reply {
  const text = JSON.stringify(body);
  const admission = core.admit({
    method,
    url: `/v1.0${path}`,
    headers: {
      authorization: 'Bearer mock-tenant-token',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
    },
  });
  assert.ok(!(admission instanceof Promise));
  if (admission.kind === 'reply') return admission.reply;
  const reply = admission.complete(Buffer.from(text));
  assert.ok(!(reply instanceof Promise));
  return reply;
}

const GADGET = `/gadgets/${standInFor('gadgetId')}`;

describe('null where the metadata refuses it', () => {
  const withMetadata = tenant(true);

  test('Nullable="false" sent null: 400 with Graph error body naming the CSDL element and the doc row', () => {
    const reply = send(withMetadata, 'PATCH', GADGET, { name: null });
    assert.ok(reply.kind === 'error', JSON.stringify(reply));
    assert.equal(reply.status, 400);
    assert.equal(reply.code, 'BadRequest');
    assert.match(reply.message, /\/name: must not be null: the service metadata declares name Nullable="false" \(/);
    assert.match(reply.message, /documented at docs\/update-gadget\.md:\d+/);
  });

  test('a property the metadata lets be null is taken', () => {
    const reply = send(withMetadata, 'PATCH', GADGET, { size: null });
    assert.ok(reply.kind !== 'error', JSON.stringify(reply));
  });

  test("an action's non-nullable parameter too; its nullable one is taken", () => {
    const refused = send(withMetadata, 'POST', `${GADGET}/paint`, { color: null, coats: 1 });
    assert.ok(refused.kind === 'error' && refused.status === 400, JSON.stringify(refused));
    const taken = send(withMetadata, 'POST', `${GADGET}/paint`, { color: 'red', coats: null });
    assert.ok(taken.kind !== 'error', JSON.stringify(taken));
  });

  test("a property the page's own example sends as null is taken: the page and the metadata disagree, lint says so", () => {
    const text = gadgetPageText('update').replace('{ "name": "blue", "size": 3 }', '{ "name": null, "size": 3 }');
    const pages = [parsePage('docs/update-gadget.md', text)];
    const core = createTenantCore({
      pages,
      schemas: buildSchemaRegistry(pages),
      serviceMetadata: { 'v1.0': GADGET_CSDL },
    });
    const reply = send(core, 'PATCH', GADGET, { name: null });
    assert.ok(reply.kind !== 'error', JSON.stringify(reply));
  });

  test('without metadata the page decides: a silent row takes null', () => {
    const reply = send(tenant(false), 'PATCH', GADGET, { name: null });
    assert.ok(reply.kind !== 'error', JSON.stringify(reply));
  });
});
