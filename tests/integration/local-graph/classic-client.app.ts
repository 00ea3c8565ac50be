/**
 * An app's day with the classic Graph client (`@microsoft/microsoft-graph-client` 3.0.7) and msal-node, against the
 * mock tenant started with `--https` at MOCK_URL, trusted through NODE_EXTRA_CA_CERTS: run by local-graph.test.ts,
 * which starts the mock and sets both. Written as a developer would write it; nothing here knows it is a mock, apart
 * from where the authority and Graph are.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  Client,
  GraphError,
  LargeFileUploadTask,
  OneDriveLargeFileUploadTask,
  PageIterator,
  ResponseType,
  type PageCollection,
} from '@microsoft/microsoft-graph-client';
import { signIn, APP, MOCK_URL, TENANT, largeFile } from './app-support.ts';

interface User {
  id: string;
  displayName?: string;
  jobTitle?: string;
}

describe('the classic Graph client against the mock tenant', () => {
  let client: Client;
  let token = '';

  before(async () => {
    token = await signIn();
    client = Client.initWithMiddleware({
      baseUrl: `${MOCK_URL}/`,
      // The classic client attaches the token only to Graph's hosts, over https: the mock is one more host.
      customHosts: new Set([new URL(MOCK_URL).hostname]),
      authProvider: { getAccessToken: () => Promise.resolve(token) },
    });
  });

  test('sign in (msal-node, password grant) and /me', async () => {
    const me = (await client.api('/me').get()) as User;
    assert.equal(me.displayName, APP.userName);
    assert.match(token, /^eyJ/);
    assert.equal(TENANT.length, 36);
  });

  test('list users with $filter + $select + $top, following @odata.nextLink to the end with PageIterator', async () => {
    const first = (await client
      .api('/users')
      .filter("startswith(displayName,'A') or startswith(displayName,'L')")
      .select('displayName')
      .top(2)
      .get()) as PageCollection;
    const seen: User[] = [];
    const iterator = new PageIterator(client, first, (user: User) => {
      seen.push(user);
      return true;
    });
    await iterator.iterate();
    assert.ok(seen.length >= 4, `${seen.length} users`);
    for (const user of seen) {
      assert.match(user.displayName ?? '', /^[AL]/);
      assert.ok(user.id !== '', '$select keeps the id');
    }
    assert.equal(new Set(seen.map((u) => u.id)).size, seen.length, 'no user twice across pages');
  });

  test('$count with ConsistencyLevel: eventual; refused without it', async () => {
    const count = (await client.api('/users/$count').header('ConsistencyLevel', 'eventual').get()) as unknown;
    assert.ok(Number(count) >= 10, String(count));
    await assert.rejects(client.api('/users/$count').get(), (error: unknown) => {
      assert.ok(error instanceof GraphError);
      assert.equal(error.statusCode, 400);
      return true;
    });
  });

  test('create a group, add a member, list members', async () => {
    const group = (await client.api('/groups').post({
      displayName: 'Classic day',
      mailEnabled: false,
      mailNickname: 'classicday',
      securityEnabled: true,
    })) as User;
    await client
      .api(`/groups/${group.id}/members/$ref`)
      .post({ '@odata.id': `${MOCK_URL}/v1.0/directoryObjects/${APP.userId}` });
    const members = (await client.api(`/groups/${group.id}/members`).get()) as { value: User[] };
    assert.deepEqual(
      members.value.map((m) => m.id),
      [APP.userId],
    );
  });

  test('a required property left out is a GraphError; members by type; my groups; the service metadata', async () => {
    await assert.rejects(
      client.api('/groups').post({ displayName: 'No alias', mailEnabled: false, securityEnabled: true }),
      (error: unknown) => {
        assert.ok(error instanceof GraphError);
        assert.equal(error.statusCode, 400);
        assert.match(error.message, /mailNickname/);
        return true;
      },
    );
    const groups = (await client.api('/me/memberOf').get()) as { value: { id: string }[] };
    assert.ok(groups.value.length > 0, 'the signed-in user belongs to groups of the tenant');
    const first = groups.value[0]?.id ?? '';
    const users = (await client.api(`/groups/${first}/members/microsoft.graph.user`).get()) as { value: User[] };
    assert.ok(users.value.some((u) => u.id === APP.userId));
    const metadata = (await client.api('/$metadata').responseType(ResponseType.TEXT).get()) as string;
    assert.match(metadata, /EntityType Name="user"/);
  });

  test('send mail and find it in Sent Items', async () => {
    const subject = `Classic report ${Date.now()}`;
    await client.api('/me/sendMail').post({
      message: {
        subject,
        body: { contentType: 'Text', content: 'Figures attached.' },
        toRecipients: [{ emailAddress: { address: 'adelev@contoso.example' } }],
      },
    });
    const sent = (await client.api('/me/mailFolders/SentItems/messages').get()) as { value: { subject: string }[] };
    assert.ok(
      sent.value.some((m) => m.subject === subject),
      JSON.stringify(sent.value.map((m) => m.subject)),
    );
  });

  test('create an event and read it back', async () => {
    const created = (await client.api('/me/events').post({
      subject: 'Classic planning',
      start: { dateTime: '2030-01-15T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2030-01-15T10:00:00', timeZone: 'UTC' },
    })) as { id: string; subject: string };
    const read = (await client.api(`/me/events/${created.id}`).get()) as { id: string; subject: string };
    assert.equal(read.id, created.id);
    assert.equal(read.subject, 'Classic planning');
  });

  test('a large file with LargeFileUploadTask, downloaded byte for byte', async () => {
    const file = largeFile(700 * 1024 + 13);
    const task: LargeFileUploadTask<Uint8Array> = (await OneDriveLargeFileUploadTask.create(client, file, {
      fileName: 'classic.bin',
      rangeSize: 320 * 1024,
    })) as LargeFileUploadTask<Uint8Array>;
    const result = await task.upload();
    const item = result.responseBody as { id: string; size: number };
    assert.equal(item.size, file.length);
    const response = (await client
      .api(`/me/drive/items/${item.id}/content`)
      .responseType('arraybuffer' as never)
      .get()) as ArrayBuffer;
    assert.ok(Buffer.from(response).equals(Buffer.from(file)), 'the download is the upload');
  });

  test('$batch with dependsOn', async () => {
    const answer = (await client.api('/$batch').post({
      requests: [
        {
          id: '1',
          method: 'POST',
          url: '/groups',
          headers: { 'Content-Type': 'application/json' },
          body: { displayName: 'Batched', mailEnabled: false, mailNickname: 'batched', securityEnabled: true },
        },
        { id: '2', method: 'GET', url: "/groups?$filter=displayName eq 'Batched'", dependsOn: ['1'] },
      ],
    })) as { responses: { id: string; status: number; body: { value?: User[] } }[] };
    const byId = new Map(answer.responses.map((r) => [r.id, r]));
    assert.equal(byId.get('1')?.status, 201);
    assert.equal(byId.get('2')?.status, 200);
    assert.equal(byId.get('2')?.body.value?.length, 1);
  });

  test('a delta round: initial, a change, the next round shows only the change', async () => {
    let page = (await client.api('/users/delta()').select('displayName,jobTitle').get()) as {
      value: User[];
      '@odata.nextLink'?: string;
      '@odata.deltaLink'?: string;
    };
    while (page['@odata.nextLink'] !== undefined)
      page = (await client.api(page['@odata.nextLink']).get()) as typeof page;
    const deltaLink = page['@odata.deltaLink'];
    assert.ok(deltaLink !== undefined);
    await client.api(`/users/${APP.colleagueId}`).patch({ jobTitle: 'Classic promotion' });
    const next = (await client.api(deltaLink).get()) as { value: User[] };
    assert.deepEqual(
      next.value.map((u) => [u.id, u.jobTitle]),
      [[APP.colleagueId, 'Classic promotion']],
    );
  });

  test('an unknown id is a GraphError with Graph’s code', async () => {
    await assert.rejects(client.api('/users/00000000-0000-0000-0000-00000000dead').get(), (error: unknown) => {
      assert.ok(error instanceof GraphError);
      assert.equal(error.statusCode, 404);
      assert.equal(error.code, 'Request_ResourceNotFound');
      assert.ok(typeof error.requestId === 'string' && error.requestId !== '');
      return true;
    });
  });

  test('429 with Retry-After is retried by the client’s retry handler', async () => {
    const started = Date.now();
    const me = (await client.api('/me').header('x-mock-throttle', '1').get()) as User;
    assert.equal(me.displayName, APP.userName);
    assert.ok(Date.now() - started >= 900, 'the handler waited for Retry-After');
  });
});
