/**
 * The mock as a local Graph, built from real pages (fixtures/local-graph): a coherent directory, OData query options
 * with Graph's semantics, the directory's advanced queries, references (`$ref`), unknown ids and server-set
 * properties.
 *
 * Run: node --import tsx --test tests/unit/mock-local-graph.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadDocs } from '../../src/docs/load-docs.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { createTenantCore, type TenantCore } from '../../src/mock-tenant/handler.ts';
import type { Reply } from '../../src/mock-tenant/reply.ts';
import { MOCK_USERS, SIGNED_IN_USER } from '../../src/mock-tenant/tenant.ts';

const { pages } = loadDocs(['fixtures/local-graph']);
const schemas = buildSchemaRegistry(pages);

function tenant(): TenantCore {
  return createTenantCore({ pages, schemas });
}

async function run(
  core: TenantCore,
  method: string,
  url: string,
  init: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const body = init.body === undefined ? '' : JSON.stringify(init.body);
  const headers: Record<string, string> = { authorization: 'Bearer mock-tenant-token', ...init.headers };
  if (body !== '')
    Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(body.length) });
  const admission = await core.admit({ method, url, headers, origin: 'http://127.0.0.1:9' });
  if (admission.kind === 'reply') return admission.reply;
  return admission.complete(Buffer.from(body));
}

async function json(core: TenantCore, method: string, url: string, init = {}): Promise<Record<string, unknown>> {
  const reply = await run(core, method, url, init);
  assert.ok(reply.kind === 'json', `${method} ${url}: ${JSON.stringify(reply)}`);
  return reply.body;
}

function ids(body: Record<string, unknown>): string[] {
  return (body['value'] as Record<string, unknown>[]).map((item) => String(item['id']));
}

const EVENTUAL = { consistencylevel: 'eventual' };

describe('the mock as a local Graph: the directory', () => {
  test('/me is the signed-in user, with its own id in the body and the context', async () => {
    const me = await json(tenant(), 'GET', '/v1.0/me');
    assert.equal(me['id'], SIGNED_IN_USER.id);
    assert.equal(me['displayName'], SIGNED_IN_USER.displayName);
    assert.match(String(me['@odata.context']), new RegExp(SIGNED_IN_USER.id));
  });

  test('users: $filter, $select (which keeps id), $orderby and $top with @odata.nextLink to the end', async () => {
    const core = tenant();
    const seen: Record<string, unknown>[] = [];
    let url: string | undefined =
      "/v1.0/users?$filter=endswith(mail,'@contoso.example')&$select=displayName&$top=3&$orderby=displayName";
    const first = await run(core, 'GET', url);
    assert.equal(first.status, 400, 'endswith and $orderby with $filter are advanced queries');
    url = "/v1.0/users?$filter=startswith(displayName,'A') or startswith(displayName,'L')&$select=displayName&$top=2";
    for (let page = 0; url !== undefined && page < 10; page++) {
      const body = await json(core, 'GET', url);
      seen.push(...(body['value'] as Record<string, unknown>[]));
      const next = body['@odata.nextLink'];
      url = typeof next === 'string' ? next.replace('http://127.0.0.1:9', '') : undefined;
    }
    const expected = MOCK_USERS.filter((u) => /^[AL]/.test(u.displayName));
    assert.deepEqual(
      seen.filter((u) => MOCK_USERS.some((m) => m.id === u['id'])),
      expected.map((u) => ({ id: u.id, displayName: u.displayName })),
    );
    for (const user of seen) assert.deepEqual(Object.keys(user).sort(), ['displayName', 'id']);
  });

  test('advanced queries need ConsistencyLevel: eventual, as Graph says; with it they run', async () => {
    const core = tenant();
    const refused = await run(core, 'GET', '/v1.0/users/$count');
    assert.ok(refused.kind === 'error' && refused.status === 400, JSON.stringify(refused));
    const count = await run(core, 'GET', '/v1.0/users/$count', { headers: EVENTUAL });
    assert.ok(count.kind === 'raw' && count.status === 200, JSON.stringify(count));
    const all = await json(core, 'GET', '/v1.0/users?$count=true&$top=999', { headers: EVENTUAL });
    assert.equal(all['@odata.count'], (all['value'] as unknown[]).length);
    assert.equal(String(count.body), String(all['@odata.count']));
    const search = await run(core, 'GET', '/v1.0/users?$search="displayName:megan"');
    assert.ok(search.kind === 'error' && /ConsistencyLevel/.test(search.message));
    const found = await json(core, 'GET', '/v1.0/users?$search="displayName:megan"', { headers: EVENTUAL });
    assert.deepEqual(ids(found), [SIGNED_IN_USER.id]);
    const ordered = await json(
      core,
      'GET',
      "/v1.0/users?$filter=endswith(mail,'@contoso.example')&$orderby=displayName desc",
      {
        headers: EVENTUAL,
      },
    );
    const names = (ordered['value'] as Record<string, unknown>[]).map((u) => String(u['displayName']));
    assert.deepEqual(names, [...names].sort().reverse());
  });

  test('an unknown id is a 404 with Graph’s error body; a malformed filter a 400', async () => {
    const core = tenant();
    const user = await run(core, 'GET', '/v1.0/users/00000000-0000-0000-0000-000000000000');
    assert.ok(user.kind === 'error' && user.status === 404 && user.code === 'Request_ResourceNotFound');
    const group = await run(core, 'GET', '/v1.0/groups/no-such-group');
    assert.ok(group.kind === 'error' && group.status === 404 && group.code === 'Request_ResourceNotFound');
    const event = await run(core, 'GET', '/v1.0/me/events/no-such-event');
    assert.ok(event.kind === 'error' && event.status === 404 && event.code === 'ErrorItemNotFound');
    const filter = await run(core, 'GET', '/v1.0/users?$filter=startswith(displayName');
    assert.ok(filter.kind === 'error' && filter.status === 400);
  });
});

describe('the mock as a local Graph: writes', () => {
  test('a group is created with server-set properties; members are added by $ref and listed', async () => {
    const core = tenant();
    const before = Date.now();
    const group = await json(core, 'POST', '/v1.0/groups', {
      body: { displayName: 'Library Assist', mailEnabled: true, mailNickname: 'library', securityEnabled: false },
    });
    const id = String(group['id']);
    assert.notEqual(id, '');
    assert.equal(group['displayName'], 'Library Assist');
    assert.ok(
      Date.parse(String(group['createdDateTime'])) >= before - 1000,
      'created now, not when the doc was written',
    );
    const empty = await json(core, 'GET', `/v1.0/groups/${id}/members`);
    assert.deepEqual(empty['value'], [], 'a new group has no members, whatever the docs list');
    const added = await run(core, 'POST', `/v1.0/groups/${id}/members/$ref`, {
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${SIGNED_IN_USER.id}` },
    });
    assert.equal(added.status, 204, JSON.stringify(added));
    const again = await run(core, 'POST', `/v1.0/groups/${id}/members/$ref`, {
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${SIGNED_IN_USER.id}` },
    });
    assert.equal(again.status, 400);
    const ghost = await run(core, 'POST', `/v1.0/groups/${id}/members/$ref`, {
      body: { '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/nobody' },
    });
    assert.equal(ghost.status, 404);
    const members = await json(core, 'GET', `/v1.0/groups/${id}/members`);
    assert.deepEqual(ids(members), [SIGNED_IN_USER.id]);
    assert.equal((members['value'] as Record<string, unknown>[])[0]?.['@odata.type'], '#microsoft.graph.user');
  });
});

describe('the mock as a local Graph: request lines with a query string', () => {
  const corpus = loadDocs([
    'fixtures/corpus/api-reference/v1.0/api/opentypeextension-get.md',
    'fixtures/corpus/api-reference/v1.0/api/group-list.md',
  ]).pages;
  const core = createTenantCore({ pages: corpus, schemas: buildSchemaRegistry(corpus) });

  test('`GET /users/{id}/events?$filter=…&$expand=…` documents that query, not the bare path', async () => {
    const bare = await run(core, 'GET', '/v1.0/me/events');
    assert.ok(bare.kind === 'error' && bare.status === 404, JSON.stringify(bare));
    const expanded = await run(
      core,
      'GET',
      "/v1.0/me/events?$filter=Extensions/any(f:f/id eq 'Com.Contoso.Referral')&$expand=Extensions($filter=id eq 'Com.Contoso.Referral')",
    );
    assert.ok(expanded.status < 400, JSON.stringify(expanded));
  });

  test('/$count counts any routed collection, not a member named `$count`', async () => {
    const count = await run(core, 'GET', '/v1.0/groups/$count', { headers: EVENTUAL });
    assert.ok(count.kind === 'raw' && /^\d+$/.test(String(count.body)), JSON.stringify(count));
  });
});

describe('the mock as a local Graph: mail and files', () => {
  test('sendMail saves the message in Sent Items (by its well-known name, in any case) and in the mailbox', async () => {
    const core = tenant();
    const message = {
      subject: 'Lunch?',
      body: { contentType: 'Text', content: 'At noon.' },
      toRecipients: [{ emailAddress: { address: 'adelev@contoso.example' } }],
    };
    const sent = await run(core, 'POST', '/v1.0/me/sendMail', { body: { message } });
    assert.equal(sent.status, 202, JSON.stringify(sent));
    const folder = await json(core, 'GET', '/v1.0/me/mailFolders/SentItems/messages');
    const found = (folder['value'] as Record<string, unknown>[]).filter((m) => m['subject'] === 'Lunch?');
    assert.equal(found.length, 1);
    assert.equal(
      (found[0]?.['from'] as Record<string, Record<string, unknown>>)['emailAddress']?.['address'],
      SIGNED_IN_USER.userPrincipalName,
    );
    const mailbox = await json(core, 'GET', "/v1.0/me/messages?$filter=subject eq 'Lunch?'");
    assert.deepEqual(ids(mailbox), [String(found[0]?.['id'])]);
    const unsaved = await run(core, 'POST', '/v1.0/me/sendMail', { body: { message, saveToSentItems: false } });
    assert.equal(unsaved.status, 202);
    const noRecipient = await run(core, 'POST', '/v1.0/me/sendMail', { body: { message: { subject: 'x' } } });
    assert.equal(noRecipient.status, 400);
  });

  test('an upload session’s file is a driveItem of the drive, and its content is the very bytes uploaded', async () => {
    const core = tenant();
    const session = await json(core, 'POST', '/v1.0/me/drive/root:/report.bin:/createUploadSession', { body: {} });
    const upload = new URL(String(session['uploadUrl'])).pathname;
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 251));
    const put = async (first: number, last: number): Promise<Reply> => {
      const admission = await core.admit({
        method: 'PUT',
        url: upload,
        headers: {
          'content-range': `bytes ${first}-${last}/${bytes.length}`,
          'content-length': String(last - first + 1),
        },
        origin: 'http://127.0.0.1:9',
      });
      assert.ok(admission.kind === 'read-body');
      return admission.complete(bytes.subarray(first, last + 1));
    };
    const partial = await put(0, 99);
    assert.equal(partial.status, 202);
    assert.deepEqual((partial.kind === 'json' ? partial.body : {})['nextExpectedRanges'], ['100-']);
    const done = await put(100, 299);
    assert.ok(done.kind === 'json' && done.status === 201, JSON.stringify(done));
    const id = String(done.body['id']);
    const item = await json(core, 'GET', `/v1.0/me/drive/items/${id}`);
    assert.equal(item['name'], 'report.bin');
    assert.equal(item['size'], 300);
    const drive = await json(core, 'GET', '/v1.0/me/drive');
    const content = await run(core, 'GET', `/v1.0/drives/${String(drive['id'])}/items/${id}/content`);
    let downloaded = content;
    if (content.status === 302) {
      const location = content.headers?.['location'] ?? '';
      const admission = await core.admit({
        method: 'GET',
        url: new URL(location).pathname,
        headers: {},
        origin: 'http://127.0.0.1:9',
      });
      assert.ok(admission.kind === 'read-body');
      downloaded = await admission.complete(Buffer.alloc(0));
    }
    assert.ok(downloaded.kind === 'raw', JSON.stringify(downloaded));
    assert.deepEqual(Buffer.from(downloaded.body), bytes);
  });
});

describe('the mock as a local Graph: $batch, delta and throttling', () => {
  test('$batch runs each request as if alone, dependencies first; 424 after a failed one; more than 20 is a 400', async () => {
    const core = tenant();
    const batch = await json(core, 'POST', '/v1.0/$batch', {
      body: {
        requests: [
          {
            id: '1',
            method: 'POST',
            url: '/groups',
            headers: { 'Content-Type': 'application/json' },
            body: { displayName: 'Batch group', mailEnabled: false, mailNickname: 'batch', securityEnabled: true },
          },
          { id: '2', method: 'GET', url: '/groups?$select=displayName', dependsOn: ['1'] },
          { id: '3', method: 'GET', url: 'users/nobody', dependsOn: ['2'] },
          { id: '4', method: 'GET', url: '/me', dependsOn: ['3'] },
        ],
      },
    });
    const responses = batch['responses'] as Record<string, unknown>[];
    assert.deepEqual(
      responses.map((r) => [r['id'], r['status']]),
      [
        ['1', 201],
        ['2', 200],
        ['3', 404],
        ['4', 424],
      ],
    );
    const listed = (responses[1]?.['body'] as Record<string, unknown>)['value'] as Record<string, unknown>[];
    assert.ok(
      listed.some((g) => g['displayName'] === 'Batch group'),
      'the dependent request sees the first one’s write',
    );
    assert.equal(
      (responses[0]?.['headers'] as Record<string, string>)['Content-Type']?.startsWith('application/json'),
      true,
    );
    const tooMany = await run(core, 'POST', '/v1.0/$batch', {
      body: { requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/me' })) },
    });
    assert.equal(tooMany.status, 400);
    const tangled = await run(core, 'POST', '/v1.0/$batch', {
      body: {
        requests: [
          { id: '1', method: 'GET', url: '/me' },
          { id: '2', method: 'GET', url: '/me' },
          { id: '3', method: 'GET', url: '/me', dependsOn: ['1'] },
          { id: '4', method: 'GET', url: '/me', dependsOn: ['2'] },
        ],
      },
    });
    assert.equal(tangled.status, 400, 'neither parallel, serial nor all on one request');
    const unauthenticated = await run(core, 'POST', '/v1.0/$batch', {
      body: { requests: [] },
      headers: { authorization: 'Bearer nope' },
    });
    assert.equal(unauthenticated.status, 401);
  });

  test('delta: the first round lists the users, the next shows only what changed since', async () => {
    const core = tenant();
    const first = await json(core, 'GET', '/v1.0/users/delta()?$select=displayName,jobTitle');
    assert.ok((first['value'] as unknown[]).length >= MOCK_USERS.length);
    const link = String(first['@odata.deltaLink']);
    assert.match(link, /^http:\/\/127\.0\.0\.1:9\/v1\.0\/users\/delta\(\)\?.*\$deltatoken=/);
    const adele = MOCK_USERS[1];
    assert.ok(adele !== undefined);
    const patched = await run(core, 'PATCH', `/v1.0/users/${adele.id}`, { body: { jobTitle: 'Head of Retail' } });
    assert.ok(patched.status < 300, JSON.stringify(patched));
    const second = await json(core, 'GET', link.replace('http://127.0.0.1:9', ''));
    assert.deepEqual(second['value'], [{ id: adele.id, displayName: adele.displayName, jobTitle: 'Head of Retail' }]);
    const third = await json(core, 'GET', String(second['@odata.deltaLink']).replace('http://127.0.0.1:9', ''));
    assert.deepEqual(third['value'], [], 'nothing changed since the second round');
  });

  test('x-mock-throttle answers 429 with Retry-After to a first attempt, and lets the SDKs’ retry through', async () => {
    const core = tenant();
    const throttled = await run(core, 'GET', '/v1.0/me', { headers: { 'x-mock-throttle': '2' } });
    assert.ok(throttled.kind === 'error' && throttled.status === 429);
    assert.equal(throttled.headers?.['retry-after'], '2');
    const retried = await run(core, 'GET', '/v1.0/me', { headers: { 'x-mock-throttle': '2', 'retry-attempt': '1' } });
    assert.equal(retried.status, 200);
  });
});
