/**
 * Placeholder values found in a target by listing the collection each belongs to (src/run/discovery.ts), with a
 * scripted client: what is listed, in which order, what is taken, and how a case then fills and says where from.
 *
 * Run: node --import tsx --test tests/unit/run-discovery.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildCases } from '../../src/cases/build-cases.ts';
import { describeValue, placeholderSource } from '../../src/cases/placeholders.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { discoverValues, listingsFor, readDiscovered, type DiscoveryContext } from '../../src/run/discovery.ts';

// v1.0/api/message-get.md, cut down: a user's message
const PAGE = parsePage(
  'v1.0/api/message-get.md',
  [
    '# Get message',
    '',
    '## HTTP request',
    '```http',
    'GET /users/{id}/messages/{id}',
    '```',
    '',
    '## Example',
    '<!-- { "blockType": "request", "name": "get_message" } -->',
    '```http',
    'GET https://graph.microsoft.com/v1.0/users/{id}/messages/{id}',
    '```',
    '<!-- { "blockType": "response", "truncated": true } -->',
    '```http',
    'HTTP/1.1 200 OK',
    'Content-type: application/json',
    '',
    '{ "id": "AAMk" }',
    '```',
  ].join('\n'),
);

const noValues = placeholderSource({ kind: 'values', layers: [], embeddedTenant: false }, []);

function scripted(answers: Record<string, { status: number; body: unknown }>): {
  ctx: DiscoveryContext;
  sent: string[];
} {
  const sent: string[] = [];
  const ctx: DiscoveryContext = {
    client: {
      send: (request) => {
        sent.push(`${request.method} ${request.path}`);
        const answer = answers[request.path] ?? { status: 404, body: { error: { code: 'NotFound' } } };
        return Promise.resolve({
          response: { status: answer.status, bodyText: JSON.stringify(answer.body) },
        } as Awaited<ReturnType<DiscoveryContext['client']['send']>>);
      },
    },
    redact: (text) => text.replace(/secret/g, '***'),
    timeoutMs: 1000,
    maxRequests: 10,
  };
  return { ctx, sent };
}

describe('discovery by listing', () => {
  const cases = buildCases([PAGE], { roots: [], params: noValues });

  test('a case without values names the collections it needs; they are listed parents first', () => {
    assert.equal(cases[0]?.runnable, false);
    assert.deepEqual(listingsFor(cases), [
      { collection: '/users', version: 'v1.0' },
      { collection: '/users/{}/messages', version: 'v1.0' },
    ]);
  });

  test('the first member of each collection is taken, the parent filling the nested listing', async () => {
    const { ctx, sent } = scripted({
      '/v1.0/users': { status: 200, body: { value: [{ id: 'u-1' }, { id: 'u-2' }] } },
      '/v1.0/users/u-1/messages': { status: 200, body: { value: [{ id: 'm/1' }] } },
    });
    const outcome = await discoverValues(listingsFor(cases), ctx);
    assert.deepEqual(sent, ['GET /v1.0/users', 'GET /v1.0/users/u-1/messages']);
    assert.deepEqual(outcome.notFound, []);
    const discovered = readDiscovered(JSON.parse(JSON.stringify(outcome.discovered)));
    const source = placeholderSource({ kind: 'values', layers: [], discovered, embeddedTenant: false }, []);
    const [filled] = buildCases([PAGE], { roots: [], params: source });
    assert.ok(filled?.runnable);
    assert.equal(filled.request.path, '/v1.0/users/u-1/messages/m%2F1');
    assert.deepEqual(filled.filled.map(describeValue), [
      '{id} = u-1 (discovered: GET /v1.0/users, /value/0/id)',
      '{id} = m/1 (discovered: GET /v1.0/users/u-1/messages, /value/0/id)',
    ]);
  });

  test('an empty or refused listing is said, redacted, and its children are not listed', async () => {
    const { ctx, sent } = scripted({ '/v1.0/users': { status: 403, body: { error: { message: 'secret' } } } });
    const outcome = await discoverValues(listingsFor(cases), ctx);
    assert.deepEqual(sent, ['GET /v1.0/users']);
    assert.deepEqual(outcome.discovered, []);
    assert.match(outcome.notFound[0] ?? '', /^GET \/v1\.0\/users answered 403: .*\*\*\*/);
    assert.match(outcome.notFound[1] ?? '', /^\/users\/\{\}\/messages: its parent collection gave no member/);
    const empty = scripted({ '/v1.0/users': { status: 200, body: { value: [] } } });
    assert.match((await discoverValues(listingsFor(cases), empty.ctx)).notFound[0] ?? '', /listed no member/);
  });

  test('listings are bounded per run', async () => {
    const { ctx, sent } = scripted({ '/v1.0/users': { status: 200, body: { value: [{ id: 'u-1' }] } } });
    const outcome = await discoverValues(listingsFor(cases), { ...ctx, maxRequests: 1 });
    assert.equal(sent.length, 1);
    assert.match(outcome.notFound[0] ?? '', /at most 1 listings per run/);
  });

  test('what the run folder holds is read back only when well formed', () => {
    assert.deepEqual(readDiscovered([{ collection: '/x', value: 'v', how: 'h' }, { collection: 1 }, 'junk']), [
      { collection: '/x', value: 'v', how: 'h' },
    ]);
    assert.deepEqual(readDiscovered(undefined), []);
  });
});
