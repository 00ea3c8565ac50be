/**
 * The mock tenant's identity side over real HTTP: the client-credentials token endpoint, the OpenID configuration
 * and keys a token client reads, and permission checks from the pages' permissions tables (real pages
 * `user-get.md` and `user-update.md`; the seed page's permissions are TODO, so any token passes there).
 *
 * Run: node --import tsx --test tests/unit/mock-auth.test.ts
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createLocalJWKSet, decodeJwt, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose';
import { loadDocs } from '../../src/docs/load-docs.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { GRAPH_AUDIENCE, MOCK_TENANT_ID } from '../../src/mock-tenant/auth.ts';
import { MOCK_TEST_TOKEN } from '../../src/core/embedded-tenant.ts';
import { MOCK_CLIENT_ID, MOCK_CLIENT_SECRET, MOCK_USER_PASSWORD } from '../../src/mock-tenant/identity.ts';
import {
  DEFAULT_TARGET_USER,
  SIGNED_IN_USER,
  startMockTenant,
  type RunningMockTenant,
} from '../../src/mock-tenant/server.ts';
import { parseMockArgs } from '../../src/mock-tenant/command.ts';
import { mockCaller, type Answer } from './support/mock.ts';

const call = mockCaller(10_000);

const DOCS = [
  'fixtures/docs/update-photos.md',
  'fixtures/corpus/api-reference/v1.0/api/user-get.md',
  'fixtures/corpus/api-reference/v1.0/api/user-update.md',
  'fixtures/corpus/api-reference/v1.0/resources',
];
const SCOPE = 'https://graph.microsoft.com/.default';
const ADELE = `/v1.0/users/${DEFAULT_TARGET_USER.id}`;

function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}

async function tokenFor(base: string, clientId: string, secret: string): Promise<string> {
  const answer = await call(
    base,
    `/${MOCK_TENANT_ID}/oauth2/v2.0/token`,
    form({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: SCOPE }),
  );
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const token = answer.body['access_token'];
  assert.ok(typeof token === 'string');
  return token;
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

function errorCode(answer: Answer): unknown {
  return (answer.body['error'] as Record<string, unknown> | undefined)?.['code'];
}

describe('mock tenant identity and permissions', () => {
  const { pages } = loadDocs(DOCS);
  const schemas = buildSchemaRegistry(pages);
  const log: string[] = [];
  let open: RunningMockTenant;
  let registered: RunningMockTenant;
  let ignoring: RunningMockTenant;

  before(async () => {
    open = await startMockTenant({ pages, schemas, log: (line) => log.push(line) });
    registered = await startMockTenant({
      pages,
      schemas,
      identity: {
        clients: {
          reader: { secret: 'reader-secret', roles: ['User.Read.All'] },
          writer: { secret: 'writer-secret', roles: ['User.ReadWrite.All'] },
          mailer: { secret: 'mailer-secret', roles: ['Mail.Send'] },
        },
      },
    });
    ignoring = await startMockTenant({
      pages,
      schemas,
      permissions: 'ignore',
      identity: { clients: { mailer: { secret: 'mailer-secret', roles: ['Mail.Send'] } } },
    });
  });
  after(async () => {
    await open.close();
    await registered.close();
    await ignoring.close();
  });

  test('OpenID configuration and keys: what msal-node reads before asking for a token', async () => {
    const config = await call(open.url, '/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration');
    assert.equal(config.status, 200);
    for (const field of ['authorization_endpoint', 'token_endpoint', 'issuer', 'jwks_uri'])
      assert.equal(typeof config.body[field], 'string', field);
    assert.equal(config.body['token_endpoint'], `${open.url}/contoso.onmicrosoft.com/oauth2/v2.0/token`);
    assert.ok(
      String(config.body['issuer']).startsWith(open.url),
      'the issuer has the authority origin, as msal-node validates',
    );
    const discovery = await call(open.url, '/common/discovery/instance?api-version=1.1&authorization_endpoint=x');
    assert.equal(typeof discovery.body['tenant_discovery_endpoint'], 'string');
    assert.ok(Array.isArray(discovery.body['metadata']));
  });

  test('client credentials: a signed JWT for Graph, verifiable with the published keys, with the test app’s roles', async () => {
    const token = await tokenFor(open.url, MOCK_CLIENT_ID, MOCK_CLIENT_SECRET);
    const jwksUri = String((await call(open.url, '/common/v2.0/.well-known/openid-configuration')).body['jwks_uri']);
    const jwks = (await call(open.url, new URL(jwksUri).pathname)).body as unknown as JSONWebKeySet;
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), { audience: GRAPH_AUDIENCE });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload['tid'], MOCK_TENANT_ID);
    assert.equal(payload['appid'], MOCK_CLIENT_ID);
    assert.ok(Array.isArray(payload['roles']));
    assert.ok(
      (payload['roles'] as string[]).includes('User.ReadWrite.All'),
      'the test app is consented for every application permission the docs name',
    );
    assert.ok(typeof payload.exp === 'number' && payload.exp > Date.now() / 1000);
  });

  test('the token endpoint refuses what Entra refuses, in OAuth’s error shape; nothing for an unknown app', async () => {
    const path = '/common/oauth2/v2.0/token';
    const app = { client_id: MOCK_CLIENT_ID, client_secret: MOCK_CLIENT_SECRET };
    const cases: [Record<string, string>, number, string][] = [
      [{ grant_type: 'authorization_code', ...app, scope: SCOPE }, 400, 'unsupported_grant_type'],
      [{ grant_type: 'client_credentials', client_secret: 's', scope: SCOPE }, 400, 'invalid_request'],
      [{ grant_type: 'client_credentials', ...app, scope: 'User.Read' }, 400, 'invalid_scope'],
      [{ grant_type: 'client_credentials', client_id: MOCK_CLIENT_ID, scope: SCOPE }, 401, 'invalid_client'],
      [{ grant_type: 'client_credentials', ...app, client_secret: 'guess', scope: SCOPE }, 401, 'invalid_client'],
      [
        { grant_type: 'client_credentials', client_id: 'any-app', client_secret: 'any', scope: SCOPE },
        400,
        'unauthorized_client',
      ],
      [
        {
          grant_type: 'password',
          client_id: MOCK_CLIENT_ID,
          username: SIGNED_IN_USER.userPrincipalName,
          password: 'guess',
          scope: 'User.Read',
        },
        400,
        'invalid_grant',
      ],
      [
        {
          grant_type: 'password',
          client_id: MOCK_CLIENT_ID,
          username: SIGNED_IN_USER.userPrincipalName,
          password: MOCK_USER_PASSWORD,
          scope: 'Sites.FullControl.All',
        },
        400,
        'invalid_grant',
      ],
    ];
    for (const [fields, status, error] of cases) {
      const answer = await call(open.url, path, form(fields));
      assert.equal(answer.status, status, JSON.stringify(fields));
      assert.equal(answer.body['error'], error, JSON.stringify(fields));
      assert.match(String(answer.body['error_description']), /^AADSTS\d+: /);
      assert.equal(answer.body['access_token'], undefined);
    }
    const asJson = await call(open.url, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(asJson.status, 400);
    const wrongSecret = await call(
      registered.url,
      path,
      form({ grant_type: 'client_credentials', client_id: 'reader', client_secret: 'nope', scope: SCOPE }),
    );
    assert.equal(wrongSecret.body['error'], 'invalid_client');
    const unknownApp = await call(
      registered.url,
      path,
      form({ grant_type: 'client_credentials', client_id: 'ghost', client_secret: 'x', scope: SCOPE }),
    );
    assert.equal(unknownApp.body['error'], 'unauthorized_client');
  });

  test('a user signs in with the password grant: the token holds the scopes asked for, and /me is that user', async () => {
    const answer = await call(
      open.url,
      `/${MOCK_TENANT_ID}/oauth2/v2.0/token`,
      form({
        grant_type: 'password',
        client_id: MOCK_CLIENT_ID,
        username: SIGNED_IN_USER.userPrincipalName,
        password: MOCK_USER_PASSWORD,
        scope: 'https://graph.microsoft.com/User.Read openid profile offline_access',
      }),
    );
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body['scope'], 'User.Read');
    const token = String(answer.body['access_token']);
    const claims = decodeJwt(token);
    assert.equal(claims['scp'], 'User.Read');
    assert.equal(claims['oid'], SIGNED_IN_USER.id);
    assert.equal(claims['roles'], undefined);
    const me = await call(open.url, '/v1.0/me', { headers: bearer(token) });
    assert.equal(me.status, 200, JSON.stringify(me.body));
    assert.equal(me.body['id'], SIGNED_IN_USER.id);
  });

  test('an app-only token has no /me: 400 as Graph answers it; /users/{id} is fine', async () => {
    const token = await tokenFor(open.url, MOCK_CLIENT_ID, MOCK_CLIENT_SECRET);
    const me = await call(open.url, '/v1.0/me', { headers: bearer(token) });
    assert.equal(me.status, 400);
    assert.equal(errorCode(me), 'BadRequest');
    assert.match(JSON.stringify(me.body), /only valid with delegated authentication flow/);
    assert.equal((await call(open.url, ADELE, { headers: bearer(token) })).status, 200);
  });

  test('only issued tokens and the documented test token are accepted; any other value is a 401', async () => {
    assert.equal((await call(open.url, ADELE, { headers: bearer(MOCK_TEST_TOKEN) })).status, 200);
    for (const value of ['x', 'a.b.c', 'dev-token', 'eyJhbGciOiJub25lIn0.e30.']) {
      const answer = await call(open.url, ADELE, { headers: bearer(value) });
      assert.equal(answer.status, 401, value);
      assert.equal(errorCode(answer), 'InvalidAuthenticationToken');
      assert.equal(answer.headers.get('www-authenticate'), 'Bearer');
    }
  });

  test('a registered client gets its own roles; the permissions table decides, per operation', async () => {
    const reader = await tokenFor(registered.url, 'reader', 'reader-secret');
    const writer = await tokenFor(registered.url, 'writer', 'writer-secret');
    const mailer = await tokenFor(registered.url, 'mailer', 'mailer-secret');
    assert.deepEqual(decodeJwt(reader)['roles'], ['User.Read.All']);

    assert.equal(
      (await call(registered.url, ADELE, { headers: bearer(reader) })).status,
      200,
      'User.Read.All may read a user',
    );
    assert.equal(
      (await call(registered.url, ADELE, { headers: bearer(writer) })).status,
      200,
      'User.ReadWrite.All may too',
    );
    const denied = await call(registered.url, ADELE, { headers: bearer(mailer) });
    assert.equal(denied.status, 403);
    assert.equal(errorCode(denied), 'Authorization_RequestDenied');
    assert.match(String((denied.body['error'] as Record<string, unknown>)['message']), /User\.Read\.All/);

    const patch = { method: 'PATCH', body: '{"officeLocation":"18/2111"}' };
    const readerPatch = await call(registered.url, ADELE, {
      ...patch,
      headers: { ...bearer(reader), 'content-type': 'application/json' },
    });
    assert.equal(readerPatch.status, 403, 'reading is not writing');
    const writerPatch = await call(registered.url, ADELE, {
      ...patch,
      headers: { ...bearer(writer), 'content-type': 'application/json' },
    });
    assert.equal(writerPatch.status, 204);
  });

  test('with permissions: ignore, any valid token may call any operation; tokens are still verified', async () => {
    const mailer = await tokenFor(ignoring.url, 'mailer', 'mailer-secret');
    assert.equal((await call(ignoring.url, ADELE, { headers: bearer(mailer) })).status, 200);
    const patched = await call(ignoring.url, ADELE, {
      method: 'PATCH',
      body: '{"officeLocation":"18/2111"}',
      headers: { ...bearer(mailer), 'content-type': 'application/json' },
    });
    assert.equal(patched.status, 204);
    assert.equal((await call(ignoring.url, ADELE, { headers: bearer('not-a-token') })).status, 401);
    assert.equal((await call(ignoring.url, '/v1.0/me', { headers: bearer(mailer) })).status, 400, 'still no /me');
  });

  test('the mock command reads --permissions check|ignore (default check) and refuses any other mode', () => {
    const parsed = (args: string[]): unknown => {
      const result = parseMockArgs(args);
      return result.ok ? result.options.permissions : result.message;
    };
    assert.equal(parsed([]), 'check');
    assert.equal(parsed(['--permissions', 'ignore']), 'ignore');
    assert.match(String(parsed(['--permissions', 'sometimes'])), /--permissions.*check.*ignore/s);
  });

  test('a JWT the mock did not sign, or a malformed one, is a 401', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT({ roles: ['User.ReadWrite.All'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setAudience(GRAPH_AUDIENCE)
      .setExpirationTime('1h')
      .sign(privateKey);
    for (const token of [forged, `${forged.slice(0, -4)}AAAA`]) {
      const answer = await call(open.url, ADELE, { headers: bearer(token) });
      assert.equal(answer.status, 401);
      assert.equal(errorCode(answer), 'InvalidAuthenticationToken');
    }
  });

  test('unknown permissions (TODO) accept any valid token, and the log says so once per page', async () => {
    const mailer = await tokenFor(registered.url, 'mailer', 'mailer-secret');
    for (let i = 0; i < 3; i++) {
      assert.equal(
        (await call(registered.url, '/v1.0/users/' + DEFAULT_TARGET_USER.id + '/photos', { headers: bearer(mailer) }))
          .status,
        200,
      );
    }
    assert.equal((await call(open.url, '/v1.0/me/photos', { headers: bearer(MOCK_TEST_TOKEN) })).status, 200);
    const notices = log.filter((line) => line.includes('permissions unknown'));
    assert.equal(notices.length, 1, notices.join('\n'));
    assert.match(notices[0] ?? '', /^fixtures\/docs\/update-photos\.md: /);
    assert.equal(log.filter((line) => line.includes('eyJ')).length, 0, 'no token in the log');
  });
});
