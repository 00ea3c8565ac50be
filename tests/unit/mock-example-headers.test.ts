/**
 * The mock answers a request that repeats a documented example with that example's answer; where examples of one
 * request differ only in a header they send (a localisation), the one whose headers were sent answers. Found on
 * organizationalbrandingproperties-get.md (Accept-Language: fr answers 200, Accept-Language: de 204).
 *
 * Run: node --import tsx --test tests/unit/mock-example-headers.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePage } from '../../src/docs/parse-page.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { MOCK_TEST_TOKEN } from '../../src/core/embedded-tenant.ts';
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

function get(headers: Record<string, string>): Reply {
  const core = createTenantCore({ pages: [PAGE], schemas: buildSchemaRegistry([PAGE]) });
  const url = '/v1.0/organization/o1/branding/bannerLogo';
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
