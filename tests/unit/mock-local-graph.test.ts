/**
 * The mock as a local Graph, built from real pages (fixtures/local-graph): a coherent directory, OData query options
 * with Graph's semantics, the directory's advanced queries, references (`$ref`), unknown ids and server-set
 * properties.
 *
 * Run: node --import tsx --test tests/unit/mock-local-graph.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadDocs } from '../../src/docs/load-docs.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { createTenantCore, type TenantCore } from '../../src/mock-tenant/handler.ts';
import type { Reply } from '../../src/mock-tenant/reply.ts';
import { findUser, MOCK_USERS, SIGNED_IN_USER, type MockUser } from '../../src/mock-tenant/tenant.ts';
import { MOCK_GROUPS } from '../../src/mock-tenant/tenant-seed.ts';
import { readServiceMetadata } from '../../src/mock-tenant/command.ts';
import { MetadataIndex } from '../../src/metadata/metadata-index.ts';
import { readCsdl } from '../../src/metadata/read-csdl.ts';
import { standInFor } from '../../src/core/embedded-tenant.ts';

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

describe('the mock as a local Graph: type casts and $expand on an entity', () => {
  async function groupWithMember(core: TenantCore): Promise<string> {
    const group = await json(core, 'POST', '/v1.0/groups', {
      body: { displayName: 'Cast', mailEnabled: false, mailNickname: 'cast', securityEnabled: true },
    });
    const id = String(group['id']);
    const added = await run(core, 'POST', `/v1.0/groups/${id}/members/$ref`, {
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${SIGNED_IN_USER.id}` },
    });
    assert.equal(added.status, 204);
    return id;
  }

  test('a cast on a collection lists its members of that type, with the context of their entity set', async () => {
    const core = tenant();
    const id = await groupWithMember(core);
    const users = await json(core, 'GET', `/v1.0/groups/${id}/members/microsoft.graph.user?$select=displayName`);
    assert.deepEqual(users['value'], [
      { '@odata.type': '#microsoft.graph.user', id: SIGNED_IN_USER.id, displayName: SIGNED_IN_USER.displayName },
    ]);
    assert.equal(users['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#users');
    const groups = await json(core, 'GET', `/v1.0/groups/${id}/members/microsoft.graph.group`);
    assert.deepEqual(groups['value'], []);
    const count = await run(core, 'GET', `/v1.0/groups/${id}/members/microsoft.graph.user/$count`, {
      headers: EVENTUAL,
    });
    assert.ok(count.kind === 'raw' && count.body === '1', JSON.stringify(count));
    const write = await run(core, 'POST', `/v1.0/groups/${id}/members/microsoft.graph.user`, { body: {} });
    assert.equal(write.status, 405, 'a cast is read, not written');
  });

  test('a directory object by id is the user or group it is; a cast to another type is a 404', async () => {
    const core = tenant();
    const id = await groupWithMember(core);
    const user = await json(core, 'GET', `/v1.0/directoryObjects/${SIGNED_IN_USER.id}`);
    assert.equal(user['@odata.type'], '#microsoft.graph.user');
    assert.equal(user['id'], SIGNED_IN_USER.id);
    const group = await json(core, 'GET', `/v1.0/directoryObjects/${id}/microsoft.graph.group`);
    assert.equal(group['@odata.type'], '#microsoft.graph.group');
    assert.equal(group['displayName'], 'Cast');
    assert.equal(group['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#groups/$entity');
    const wrong = await run(core, 'GET', `/v1.0/directoryObjects/${id}/microsoft.graph.user`);
    assert.equal(wrong.status, 404, JSON.stringify(wrong));
    assert.equal((await run(core, 'GET', '/v1.0/directoryObjects/nobody')).status, 404);
  });

  test('$expand on a single entity brings its navigation, whatever $select names', async () => {
    const core = tenant();
    const id = await groupWithMember(core);
    const group = await json(core, 'GET', `/v1.0/groups/${id}?$select=displayName&$expand=members($select=id)`);
    assert.equal(group['displayName'], 'Cast');
    assert.deepEqual(group['members'], [{ '@odata.type': '#microsoft.graph.user', id: SIGNED_IN_USER.id }]);
  });
});

describe('the mock as a local Graph: service metadata', () => {
  test('/$metadata is CSDL built from the pages, served without a token, that the metadata reader reads', async () => {
    const core = tenant();
    const answer = await run(core, 'GET', '/v1.0/$metadata', { headers: { authorization: '' } });
    assert.ok(answer.kind === 'raw' && answer.status === 200, JSON.stringify(answer).slice(0, 300));
    assert.match(answer.contentType, /^application\/xml/);
    const reading = readCsdl('$metadata', String(answer.body), 'v1.0');
    assert.ok(reading.ok, reading.ok ? '' : reading.error);
    const csdl = new MetadataIndex(reading.model);
    const user = csdl.structuredType('microsoft.graph.user');
    assert.ok(user?.kind === 'entity');
    assert.deepEqual(user.properties.find((p) => p.name === 'businessPhones')?.type, {
      name: 'Edm.String',
      collection: true,
    });
    assert.ok(user.navigationProperties.some((n) => n.name === 'manager'));
    assert.equal(csdl.structuredType('microsoft.graph.identitySet')?.kind, undefined, 'no page documents it here');
    assert.deepEqual(csdl.root('users')?.type, { name: 'microsoft.graph.user', collection: true });
    assert.deepEqual(csdl.root('me')?.kind, 'singleton');
    assert.equal(csdl.root('groups')?.type.name, 'microsoft.graph.group');
    assert.equal((await run(core, 'POST', '/v1.0/$metadata')).status, 405);
  });

  test('--metadata reads the CSDL files by version, skips scopes files, and names the fix for an unversioned one', async () => {
    const csdl = 'fixtures/metadata/widgets_v1.0_metadata.xml';
    const read = await readServiceMetadata([csdl, 'fixtures/metadata/apiPermissionsAndScopes-v1.0.xml']);
    assert.ok(read.ok);
    assert.deepEqual(Object.keys(read.texts), ['v1.0']);
    assert.equal(read.texts['v1.0'], readFileSync(csdl, 'utf8'));
    const dir = mkdtempSync(join(tmpdir(), 'mock-metadata-'));
    try {
      const unnamed = join(dir, 'service.xml');
      writeFileSync(unnamed, readFileSync(csdl));
      const refused = await readServiceMetadata([unnamed]);
      assert.ok(!refused.ok && refused.message.includes(`v1.0=${unnamed}`), JSON.stringify(refused));
      assert.ok((await readServiceMetadata([`beta=${unnamed}`])).ok);
      const missing = await readServiceMetadata([join(dir, 'none_v1.0.xml')]);
      assert.ok(!missing.ok && /cannot read it/.test(missing.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the METADATA given is served as is', async () => {
    const given = '<?xml version="1.0"?><edmx:Edmx Version="4.0"></edmx:Edmx>';
    const core = createTenantCore({ pages, schemas, serviceMetadata: { beta: given } });
    const beta = await run(core, 'GET', '/beta/$metadata');
    assert.ok(beta.kind === 'raw' && beta.body === given);
    const v1 = await run(core, 'GET', '/v1.0/$metadata');
    assert.ok(v1.kind === 'raw' && String(v1.body).includes('EntityType Name="user"'));
  });
});

describe('the mock as a local Graph: shared identities', () => {
  test('without x-mock-session, deleting a tenant user (DELETE /me) is refused; within a session it is that session’s alone', async () => {
    const core = tenant();
    for (const url of ['/v1.0/me', `/v1.0/users/${MOCK_USERS[2]?.id ?? ''}`]) {
      const refused = await run(core, 'DELETE', url);
      assert.equal(refused.status, 403, `${url}: ${JSON.stringify(refused)}`);
      assert.ok(refused.kind === 'error' && refused.code === 'Authorization_RequestDenied');
      assert.match(refused.message, /x-mock-session/);
    }
    assert.equal((await json(core, 'GET', '/v1.0/me'))['id'], SIGNED_IN_USER.id, 'still there for everyone');
    const mine = { headers: { 'x-mock-session': 'mine' } };
    assert.equal((await run(core, 'DELETE', '/v1.0/me', mine)).status, 204);
    assert.equal((await run(core, 'GET', '/v1.0/me', mine)).status, 404, 'gone in that session');
    assert.equal((await run(core, 'GET', '/v1.0/me')).status, 200, 'not for anyone else');
    assert.equal((await run(core, 'GET', '/v1.0/me', { headers: { 'x-mock-session': 'theirs' } })).status, 200);
  });
});

describe('the mock as a local Graph: one coherent tenant', () => {
  const [marketing, retail, security] = MOCK_GROUPS;
  const user = (name: string): MockUser => {
    const found = MOCK_USERS.find((u) => u.displayName.startsWith(name));
    assert.ok(found, name);
    return found;
  };

  test('groups with members and owners, each a user of the tenant, linked both ways', async () => {
    assert.ok(marketing && retail && security);
    const core = tenant();
    // `GET /groups` as documented repeats the documented listing; any other read lists the tenant's state.
    const groups = await json(core, 'GET', '/v1.0/groups?$top=50');
    for (const group of MOCK_GROUPS) assert.ok(ids(groups).includes(group.id), group.displayName);
    const members = await json(core, 'GET', `/v1.0/groups/${marketing.id}/members`);
    assert.deepEqual(ids(members), marketing.members);
    assert.equal(
      members['@odata.context'],
      `https://graph.microsoft.com/v1.0/$metadata#groups('${marketing.id}')/members`,
    );
    for (const member of members['value'] as Record<string, unknown>[]) {
      assert.equal(member['@odata.type'], '#microsoft.graph.user');
      const alone = await json(core, 'GET', `/v1.0/users/${String(member['id'])}`);
      assert.equal(alone['displayName'], member['displayName'], 'the same user, wherever it is read');
    }
    assert.deepEqual(ids(await json(core, 'GET', `/v1.0/groups/${marketing.id}/owners`)), marketing.owners);
    const group = await json(core, 'GET', `/v1.0/groups/${security.id}`);
    assert.deepEqual(
      [group['displayName'], group['securityEnabled'], group['groupTypes']],
      ['Security Champions', true, []],
    );
    const memberOf = await json(core, 'GET', '/v1.0/me/memberOf');
    assert.deepEqual(
      ids(memberOf).sort(),
      MOCK_GROUPS.filter((g) => g.members.includes(SIGNED_IN_USER.id))
        .map((g) => g.id)
        .sort(),
    );
  });

  test('a Microsoft 365 group has a team with its id and a General channel; joinedTeams lists them', async () => {
    assert.ok(marketing && retail && security);
    const core = tenant();
    const team = await json(core, 'GET', `/v1.0/teams/${marketing.id}`);
    assert.deepEqual([team['id'], team['displayName']], [marketing.id, 'Marketing']);
    assert.equal((await run(core, 'GET', `/v1.0/teams/${security.id}`)).status, 404, 'a security group has no team');
    const channels = await json(core, 'GET', `/v1.0/teams/${retail.id}/channels`);
    assert.deepEqual(
      (channels['value'] as Record<string, unknown>[]).map((c) => [c['displayName'], c['membershipType']]),
      [['General', 'standard']],
    );
    assert.match(String(ids(channels)[0]), /^19:[0-9a-f]{32}@thread\.tacv2$/);
    const adele = user('Adele');
    const joined = await json(core, 'GET', `/v1.0/users/${adele.id}/joinedTeams`);
    assert.deepEqual(ids(joined).sort(), [marketing.id, retail.id].sort());
  });

  test('each user has events organized by them with tenant attendees, and contacts; each readable by its id', async () => {
    const core = tenant();
    const alex = user('Alex');
    const events = await json(core, 'GET', `/v1.0/users/${alex.id}/events`);
    const [first] = events['value'] as Record<string, unknown>[];
    assert.ok(first);
    assert.deepEqual(first['organizer'], { emailAddress: { name: alex.displayName, address: alex.userPrincipalName } });
    for (const attendee of first['attendees'] as { emailAddress: { address: string } }[])
      assert.ok(findUser(attendee.emailAddress.address), attendee.emailAddress.address);
    const again = await json(core, 'GET', `/v1.0/users/${alex.id}/events/${String(first['id'])}`);
    assert.equal(again['subject'], first['subject']);
    assert.equal(again['id'], first['id']);
    const contacts = await json(core, 'GET', `/v1.0/users/${alex.id}/contacts`);
    assert.deepEqual(
      (contacts['value'] as Record<string, unknown>[]).map((c) => c['displayName']),
      ['Garth Fort', 'Pat Kim'],
    );
    const other = await json(core, 'GET', `/v1.0/users/${user('Diego').id}/events`);
    assert.notDeepEqual(ids(other), ids(events), 'each user has events of their own');
  });

  test('a seeded member is removed by $ref in a session, and stays a user; a seeded group is not deleted for all', async () => {
    assert.ok(marketing);
    const core = tenant();
    const alex = user('Alex');
    const mine = { headers: { 'x-mock-session': 'remove-member' } };
    assert.equal((await run(core, 'DELETE', `/v1.0/groups/${marketing.id}/members/${alex.id}/$ref`, mine)).status, 204);
    assert.ok(!ids(await json(core, 'GET', `/v1.0/groups/${marketing.id}/members`, mine)).includes(alex.id));
    assert.ok(ids(await json(core, 'GET', `/v1.0/groups/${marketing.id}/members`)).includes(alex.id), 'others see it');
    assert.equal((await run(core, 'GET', `/v1.0/users/${alex.id}`, mine)).status, 200);
    assert.equal((await run(core, 'DELETE', `/v1.0/groups/${marketing.id}/members/${alex.id}/$ref`, mine)).status, 404);
    const deleted = await run(core, 'DELETE', `/v1.0/groups/${marketing.id}`);
    assert.equal(deleted.status, 403, JSON.stringify(deleted));
    assert.equal((await run(core, 'GET', `/v1.0/groups/${marketing.id}`)).status, 200);
    assert.equal((await run(core, 'DELETE', `/v1.0/groups/${marketing.id}`, mine)).status, 204);
  });

  test("the stand-in for a member a page leaves as a placeholder is removed by $ref as the page's example shows", async () => {
    assert.ok(marketing);
    const core = tenant();
    const mine = { headers: { 'x-mock-session': 'remove-stand-in' } };
    // group-delete-members: DELETE /groups/{group-id}/members/{directory-object-id}/$ref, the member never named.
    const member = `/v1.0/groups/${marketing.id}/members/${standInFor('directory-object-id')}/$ref`;
    assert.equal((await run(core, 'DELETE', member, mine)).status, 204);
    assert.equal((await run(core, 'DELETE', member, mine)).status, 404, 'once removed, it is gone');
  });

  test('the stand-in for a directory object a page leaves as {id} in a body is added by $ref, once', async () => {
    assert.ok(marketing);
    const core = tenant();
    const mine = { headers: { 'x-mock-session': 'add-stand-in' } };
    // group-post-members: {"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}, the run's {id}.
    const body = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${standInFor('id')}` };
    const members = `/v1.0/groups/${marketing.id}/members/$ref`;
    assert.equal((await run(core, 'POST', members, { ...mine, body })).status, 204);
    assert.equal((await run(core, 'POST', members, { ...mine, body })).status, 400, 'a reference is added once');
    const nobody = { '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/nobody' };
    assert.equal((await run(core, 'POST', members, { ...mine, body: nobody })).status, 404, 'an unknown id is not');
    const removed = await run(core, 'DELETE', `/v1.0/groups/${marketing.id}/members/${standInFor('id')}/$ref`, mine);
    assert.equal(removed.status, 204);
  });
});

describe('the mock as a local Graph: required properties', () => {
  test('a create without a property its table marks "Required." is refused, naming the property and the row', async () => {
    const core = tenant();
    const refused = await run(core, 'POST', '/v1.0/groups', {
      body: { displayName: 'Library Assist', mailEnabled: true, securityEnabled: false },
    });
    assert.equal(refused.status, 400, JSON.stringify(refused));
    assert.ok(refused.kind === 'error');
    assert.match(refused.message, /mailNickname/);
    assert.match(refused.message, /group-post-groups\.md:\d+/);
    const listed = await json(core, 'GET', "/v1.0/groups?$filter=displayName eq 'Library Assist'");
    assert.deepEqual(listed['value'], [], 'nothing was created');
  });

  test('a property marked "Optional." may be left out', async () => {
    const created = await run(tenant(), 'POST', '/v1.0/groups', {
      body: { displayName: 'Library Assist', mailEnabled: true, mailNickname: 'library', securityEnabled: false },
    });
    assert.equal(created.status, 201, JSON.stringify(created));
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
    const noMessage = await run(core, 'POST', '/v1.0/me/sendMail', { body: { saveToSentItems: true } });
    assert.equal(noMessage.status, 400, 'the table marks message required');
    // Graph also refuses a message without recipients, but the page does not say so: the mock asks what the page asks.
    const noRecipient = await run(core, 'POST', '/v1.0/me/sendMail', { body: { message: { subject: 'x' } } });
    assert.equal(noRecipient.status, 202);
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
