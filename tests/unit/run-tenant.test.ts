/**
 * The real-tenant pieces of the runner: credentials, the shared token, redaction of credentials the run does not know,
 * the tenant file's setup requests, write restore plans and the request budget.
 *
 * Run: node --import tsx --test tests/unit/run-tenant.test.ts
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Credentials } from '../../src/settings/credentials.ts';
import { readSettings } from '../../src/settings/settings.ts';
import { msalConfiguration } from '../../src/run/auth/msal-token.ts';
import { renewalDue, SharedClientTokens, type Acquire } from '../../src/run/auth/token-source.ts';
import { captureValue, parseCapturePath } from '../../src/run/capture-path.ts';
import { REDACTED, redactor } from '../../src/core/redact.ts';
import { redactRun } from '../../src/run/run-secrets.ts';
import { nextSendAt, spacingMs } from '../../src/run/request-budget.ts';
import {
  changedKeys,
  createdEntity,
  fixesByEntity,
  formatRestoreFailures,
  planWrite,
  restoreMismatches,
  revertBody,
  type RestoreFailure,
} from '../../src/run/restore-plan.ts';
import { runFile } from '../../src/run/run-state.ts';
import { SettingsError } from '../../src/settings/settings.ts';
import { fillSetupPath, parseTenantFile } from '../../src/run/tenant-file.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-unit-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The credentials the settings give, for a run whose target is `targetUrl`. */
function readCredentials(env: Readonly<Record<string, string>>, targetUrl: string | undefined): Credentials {
  return readSettings({ ...env, ...(targetUrl === undefined ? {} : { TARGET_URL: targetUrl }) }).credentials;
}

const CLIENT = {
  AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
  AZURE_CLIENT_ID: 'app-id',
  AZURE_CLIENT_SECRET: 's3cret-value',
};

describe('readCredentials', () => {
  test('none, a ready token, or client credentials with the scope derived from the Graph host', () => {
    assert.deepEqual(readCredentials({}, undefined), { kind: 'none' });
    assert.deepEqual(readCredentials({ GRAPH_TOKEN: ' t0k ' }, 'https://graph.microsoft.com'), {
      kind: 'token',
      token: 't0k',
    });
    assert.deepEqual(readCredentials(CLIENT, 'https://graph.microsoft.us'), {
      kind: 'client',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: 'app-id',
      proof: { kind: 'secret', secret: 's3cret-value' },
      authorityHost: 'https://login.microsoftonline.com',
      scope: 'https://graph.microsoft.us/.default',
    });
    const certificate = readCredentials(
      {
        ...CLIENT,
        AZURE_CLIENT_SECRET: '',
        AZURE_CLIENT_CERTIFICATE_PATH: '/k.pem',
        AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/',
        GRAPH_SCOPE: 'api://x/.default',
      },
      undefined,
    );
    assert.equal(certificate.kind === 'client' && certificate.proof.kind, 'certificate');
    assert.equal(certificate.kind === 'client' && certificate.authorityHost, 'https://login.microsoftonline.us');
    assert.equal(certificate.kind === 'client' && certificate.scope, 'api://x/.default');
    assert.equal(
      readCredentials(CLIENT, undefined).kind === 'client' && readCredentials(CLIENT, undefined).kind,
      'client',
    );
  });

  test('incomplete or contradictory credentials are SettingsErrors naming the settings', () => {
    const bad: readonly (readonly [Readonly<Record<string, string>>, RegExp])[] = [
      [{ ...CLIENT, GRAPH_TOKEN: 't' }, /GRAPH_TOKEN and AZURE_\* client credentials are both set/],
      [{ AZURE_CLIENT_SECRET: 'x' }, /^AZURE_TENANT_ID and AZURE_CLIENT_ID: required/],
      [{ ...CLIENT, AZURE_CLIENT_CERTIFICATE_PATH: '/k.pem' }, /both set: give one/],
      [
        { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' },
        /AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH: one is required/,
      ],
      [{ ...CLIENT, AZURE_AUTHORITY_HOST: 'http://127.0.0.1:9' }, /AZURE_AUTHORITY_HOST: .* must be https/],
      [{ ...CLIENT, AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com/tenant' }, /give the host only/],
      [{ ...CLIENT, AZURE_TENANT_ID: 'a/b' }, /AZURE_TENANT_ID: "a\/b" is not a tenant id/],
    ];
    for (const [env, message] of bad)
      assert.throws(
        () => readCredentials(env, undefined),
        (e: unknown) => e instanceof SettingsError && message.test(e.message),
        JSON.stringify(env),
      );
  });

  test('msal gets the authority metadata, so it asks the authority for nothing but the token', () => {
    const credentials = readCredentials(
      { ...CLIENT, AZURE_AUTHORITY_HOST: 'https://127.0.0.1:8443' },
      'http://127.0.0.1:7000',
    );
    assert.ok(credentials.kind === 'client');
    const { auth } = msalConfiguration(credentials);
    assert.equal(auth.authority, 'https://127.0.0.1:8443/contoso.onmicrosoft.com');
    assert.deepEqual(auth.knownAuthorities, ['127.0.0.1:8443']);
    assert.equal(
      (JSON.parse(auth.authorityMetadata ?? '{}') as { token_endpoint?: string }).token_endpoint,
      'https://127.0.0.1:8443/contoso.onmicrosoft.com/oauth2/v2.0/token',
    );
    assert.equal(auth.clientSecret, 's3cret-value');
  });
});

test('a certificate file gives msal its SHA-256 thumbprint, a PKCS#8 key and the chain', () => {
  const dir = tempDir();
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
      '-days',
      '1',
      '-subj',
      '/CN=gdc-app',
    ],
    { cwd: dir, stdio: 'ignore', timeout: 30_000 },
  );
  const expected = execFileSync('openssl', ['x509', '-in', 'cert.pem', '-noout', '-fingerprint', '-sha256'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
  })
    .split('=')[1]
    ?.trim()
    .replaceAll(':', '')
    .toLowerCase();
  const file = join(dir, 'app.pem');
  writeFileSync(file, readFileSync(join(dir, 'key.pem'), 'utf8') + readFileSync(join(dir, 'cert.pem'), 'utf8'));
  const credentials = readCredentials(
    { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_CERTIFICATE_PATH: file },
    undefined,
  );
  assert.ok(credentials.kind === 'client');
  const certificate = msalConfiguration(credentials).auth.clientCertificate;
  assert.equal(certificate?.thumbprintSha256, expected);
  assert.match(certificate?.privateKey ?? '', /^-----BEGIN PRIVATE KEY-----/);
  assert.match(certificate?.x5c ?? '', /-----BEGIN CERTIFICATE-----/);
  writeFileSync(file, readFileSync(join(dir, 'cert.pem'), 'utf8'));
  assert.throws(() => msalConfiguration(credentials), /must hold a PEM certificate and its private key/);
});

describe('the shared access token', () => {
  const credentials = readCredentials(CLIENT, 'https://graph.microsoft.com');
  assert.ok(credentials.kind === 'client');
  const counting = (now: () => number): { acquire: Acquire; calls: boolean[] } => {
    const calls: boolean[] = [];
    return {
      calls,
      acquire: (_c, options) => {
        calls.push(options.skipCache);
        return Promise.resolve({ token: `token-${calls.length}`, expiresOn: now() + 3600_000 });
      },
    };
  };

  test('renewal is due within the margin before expiry', () => {
    assert.equal(renewalDue({ token: 't', expiresOn: 1_000_000 }, 1_000_000 - 300_001), false);
    assert.equal(renewalDue({ token: 't', expiresOn: 1_000_000 }, 1_000_000 - 300_000), true);
  });

  test('acquired once and shared by every source of the run, through a 0600 file', async () => {
    const dir = tempDir();
    const { acquire, calls } = counting(Date.now);
    const sources = [1, 2, 3].map(() => new SharedClientTokens(credentials, dir, { acquire }));
    const tokens = await Promise.all(sources.map((s) => s.current()));
    assert.deepEqual(tokens, ['token-1', 'token-1', 'token-1']);
    assert.deepEqual(calls, [false]);
    assert.equal(statSync(runFile(dir, 'token')).mode & 0o777, 0o600);
    assert.equal(existsSync(runFile(dir, 'tokenLock')), false, 'the lock is released');
  });

  test('renewed before expiry, and once after a 401 however many workers saw it', async () => {
    const dir = tempDir();
    let now = 1_000_000;
    const { acquire, calls } = counting(() => now);
    const a = new SharedClientTokens(credentials, dir, { acquire, now: () => now });
    const b = new SharedClientTokens(credentials, dir, { acquire, now: () => now });
    assert.equal(await a.current(), 'token-1');
    now += 3600_000 - 60_000; // a minute before expiry
    assert.equal(await b.current(), 'token-2');
    const renewed = await Promise.all([a.renewAfterRejection('token-2'), b.renewAfterRejection('token-2')]);
    assert.deepEqual(renewed, ['token-3', 'token-3']);
    assert.deepEqual(calls, [false, true, true], "renewals skip msal's cache");
    assert.equal(
      redactRun('token-1 token-2 token-3'),
      `${REDACTED} ${REDACTED} ${REDACTED}`,
      'every token handed out is redacted',
    );
  });
});

describe('redaction of credentials the run does not know', () => {
  const redact = redactor([]);
  test('token fields of OAuth bodies, JSON and form-encoded', () => {
    assert.equal(
      redact('{"token_type":"Bearer","access_token":"abc.def","refresh_token": "r1", "id_token":"i"}'),
      `{"token_type":"Bearer","access_token":"${REDACTED}","refresh_token": "${REDACTED}", "id_token":"${REDACTED}"}`,
    );
    assert.equal(redact('"{\\"client_secret\\": \\"s\\"}"'), `"{\\"client_secret\\": \\"${REDACTED}\\"}"`);
    assert.equal(
      redact('grant_type=client_credentials&client_secret=Zx8Q~abc&scope=x'),
      `grant_type=client_credentials&client_secret=${REDACTED}&scope=x`,
    );
  });

  test('JWTs and PEM private keys; other text is left alone', () => {
    assert.equal(redact('got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_-part here'), `got ${REDACTED} here`);
    assert.equal(
      redact('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----'),
      `-----BEGIN PRIVATE KEY-----${REDACTED}-----END PRIVATE KEY-----`,
    );
    assert.equal(redact('{"height": 6, "token_type": "Bearer"}'), '{"height": 6, "token_type": "Bearer"}');
  });
});

describe('the tenant file', () => {
  const file = 'fixtures/tenant.json';
  const parse = (data: unknown): ReturnType<typeof parseTenantFile> =>
    parseTenantFile(file, JSON.stringify(data, null, 2), data);

  test('params and setup requests with captures and cleanups', () => {
    const parsed = parse({
      params: { a: '1' },
      setup: [
        { request: 'GET /v1.0/me', capture: { usersId: '$.id' } },
        {
          request: 'POST /v1.0/groups',
          body: { displayName: 'x' },
          capture: { groupId: '$.id' },
          cleanup: 'DELETE /v1.0/groups/{groupId}',
        },
      ],
    });
    assert.ok(!('error' in parsed));
    assert.deepEqual(parsed.params, { a: '1' });
    assert.deepEqual(
      parsed.setup.map((s) => [s.method, s.path, s.capture.map((c) => c.name), s.cleanup]),
      [
        ['GET', '/v1.0/me', ['usersId'], undefined],
        ['POST', '/v1.0/groups', ['groupId'], { method: 'DELETE', path: '/v1.0/groups/{groupId}' }],
      ],
    );
    assert.match(parsed.setup[1]?.where ?? '', /^fixtures\/tenant\.json:\d+$/);
  });

  test('mistakes are located errors', () => {
    const cases: readonly (readonly [unknown, RegExp])[] = [
      [{ setup: {} }, /^fixtures\/tenant\.json:\d+: setup must be a list/],
      [{ setup: [{ request: 'FETCH /me' }] }, /setup\[0\] "request" must be a method and a path/],
      [{ setup: [{ request: 'GET /v1.0/me', capture: { id: '$..id' } }] }, /capture "id": "\$\.\.id" is not a path/],
      [{ setup: [{ request: 'GET /v1.0/me', cleanup: 'remove it' }] }, /"cleanup" must be a method and a path/],
      [
        { params: { usersId: 'u' }, setup: [{ request: 'GET /v1.0/me', capture: { usersId: '$.id' } }] },
        /captures "usersId", which already has a value/,
      ],
      [{ params: { n: 1 } }, /params\.n must be a string/],
    ];
    for (const [data, message] of cases) {
      const parsed = parse(data);
      assert.ok('error' in parsed && message.test(parsed.error), `${JSON.stringify(data)} → ${JSON.stringify(parsed)}`);
    }
  });

  test('capture paths and filled setup paths', () => {
    const doc = { id: 'u1', value: [{ id: 'g1', n: 3 }], 'odd key': true };
    assert.equal(captureValue(doc, parseCapturePath('$.id') ?? []), 'u1');
    assert.equal(captureValue(doc, parseCapturePath('$.value[0].id') ?? []), 'g1');
    assert.equal(captureValue(doc, parseCapturePath('$.value[0].n') ?? []), '3');
    assert.equal(captureValue(doc, parseCapturePath('$["odd key"]') ?? []), 'true');
    assert.equal(
      captureValue(doc, parseCapturePath('$.value') ?? []),
      undefined,
      'an object or list is not a placeholder value',
    );
    assert.equal(parseCapturePath('id'), undefined);
    assert.deepEqual(
      fillSetupPath('/v1.0/groups/{g}/members/{u}', (n) => ({ g: 'a b' })[n]),
      { missing: ['u'] },
    );
    assert.deepEqual(
      fillSetupPath('/v1.0/groups/{g}', (n) => ({ g: 'a b' })[n]),
      { path: '/v1.0/groups/a%20b' },
    );
  });
});

describe('restore plans', () => {
  test('PATCH and PUT revert the properties they send; POST deletes what it created; DELETE only what the run made', () => {
    assert.deepEqual(planWrite('PATCH', '/v1.0/me', '{"@odata.type":"#x","height":6}', []), {
      kind: 'revert',
      method: 'PATCH',
      keys: ['height'],
    });
    assert.deepEqual(planWrite('PUT', '/v1.0/me', '{"a":1}', []), {
      kind: 'revert',
      method: 'PUT',
      keys: ['a'],
    });
    assert.deepEqual(planWrite('POST', '/v1.0/groups', '{}', []), { kind: 'delete-created' });
    assert.equal(planWrite('DELETE', '/v1.0/groups/g1', undefined, []).kind, 'refuse');
    assert.deepEqual(planWrite('DELETE', '/v1.0/groups/g1', undefined, ['g1']), { kind: 'created-by-run' });
    assert.equal(planWrite('PATCH', '/v1.0/me/photo/$value', 'binary', []).kind, 'refuse');
    assert.deepEqual(changedKeys({ 'a@odata.bind': 'x', b: 1 }), ['b']);
  });

  test('a revert needs every changed property in the snapshot, and is checked property by property', () => {
    assert.deepEqual(revertBody({ height: 240, width: 240, id: 'x' }, ['height'], 'PATCH'), { body: { height: 240 } });
    assert.deepEqual(revertBody({ '@odata.context': 'c', height: null, id: 'x' }, ['height'], 'PUT'), {
      body: { height: null, id: 'x' },
    });
    assert.deepEqual(revertBody({ value: [] }, ['height', 'width'], 'PATCH'), { unknown: ['height', 'width'] });
    assert.deepEqual(
      restoreMismatches({ height: 240, tags: ['a'] }, { height: 240, tags: ['a'] }, ['height', 'tags']),
      [],
    );
    assert.deepEqual(restoreMismatches({ height: 240 }, { height: 6 }, ['height']), ['height']);
    assert.deepEqual(restoreMismatches({ height: 240 }, 'nope', ['height']), ['height']);
  });

  test('the created entity is found from Location, else from the id, and only directly inside the collection', () => {
    const created = (collection: string, status: number, location: string | undefined, body: string) =>
      createdEntity('https://g', collection, { status, location, bodyText: body });
    assert.deepEqual(created('/v1.0/groups', 201, 'https://g/v1.0/groups/g1', '{}'), {
      kind: 'at',
      path: '/v1.0/groups/g1',
    });
    assert.deepEqual(created('/v1.0/groups', 201, '/v1.0/Groups/g1?x=1', '{}'), {
      kind: 'at',
      path: '/v1.0/Groups/g1',
    });
    assert.deepEqual(created('/v1.0/groups?x=1', 201, undefined, '{"id":"g 2"}'), {
      kind: 'at',
      path: '/v1.0/groups/g%202',
    });
    assert.deepEqual(created('/v1.0/groups', 400, undefined, '{"id":"g"}'), { kind: 'none' });
    assert.deepEqual(created('/v1.0/me/sendMail', 202, undefined, ''), { kind: 'none' });
  });

  test('a Location on another origin, or outside the collection, is never deleted', () => {
    const created = (location: string, body = '{}') =>
      createdEntity('https://g', '/v1.0/groups', { status: 201, location, bodyText: body });
    for (const location of [
      'https://evil.example/v1.0/groups/g1',
      'http://g/v1.0/groups/g1', // another scheme is another origin
      'https://g:8443/v1.0/groups/g1',
      'https://g/v1.0/users/u1',
      'https://g/v1.0/groups',
      'https://g/v1.0/groups/g1/members/u1',
      'https://g/v1.0/groups/..',
      'https://g/v1.0/groups/%2e%2e',
      'https://g/v1.0/groups/a%2Fb',
      '//evil.example/v1.0/groups/g1',
    ]) {
      const outcome = created(location);
      assert.ok(outcome.kind === 'unlocated', `${location}: ${JSON.stringify(outcome)}`);
      assert.match(outcome.problem, /Location/);
    }
    // A Location elsewhere with an id in the body: the entity is the collection's, by its id.
    assert.deepEqual(created('https://evil.example/x', '{"id":"g1"}'), { kind: 'at', path: '/v1.0/groups/g1' });
    // An id that is a dot segment names the collection's parent: never.
    assert.equal(
      createdEntity('https://g', '/v1.0/groups', { status: 201, location: undefined, bodyText: '{"id":".."}' }).kind,
      'unlocated',
    );
  });

  test('the fixes by hand: one per entity, with the values from before its first write, newest first', () => {
    // /me was written first (240 → 6, not undone); /users/u was written next and read the intermediate 6.
    const patch = (test: string, path: string, values: Record<string, number>, at: number): RestoreFailure => ({
      test,
      path,
      problem: `p-${test}`,
      cause: 'target',
      fix: { kind: 'write', method: 'PATCH', values },
      writtenAt: [at, 0],
    });
    const failures = [
      patch('b', '/v1.0/users/u/photo', { height: 6 }, 2000),
      patch('a', '/v1.0/me/photo', { height: 240 }, 1000),
      patch('c', '/v1.0/ME/photo', { height: 7, width: 9 }, 3000),
    ];
    const fixes = fixesByEntity(failures);
    assert.deepEqual(
      fixes.map((f) => [f.path, f.fix]),
      [
        ['/v1.0/users/u/photo', { kind: 'write', method: 'PATCH', values: { height: 6 } }],
        ['/v1.0/me/photo', { kind: 'write', method: 'PATCH', values: { height: 240, width: 9 } }],
      ],
    );
    // Applying them in order to one entity leaves its original height.
    let height = 7;
    for (const f of fixes) if (f.fix.kind === 'write') height = f.fix.values.height as number;
    assert.equal(height, 240);
    const text = formatRestoreFailures(failures);
    assert.match(text, /^2 entities of the tenant could not be put back; fix by hand, in this order/);
    assert.match(text, /1\. fix by hand: PATCH \/v1\.0\/users\/u\/photo with \{"height":6\}/);
    assert.match(text, /2\. fix by hand: PATCH \/v1\.0\/me\/photo with \{"height":240,"width":9\}/);
    assert.match(text, /from: "a", "c"/);
  });
});

describe('the request budget', () => {
  test("each worker sends at its share of the run's rate", () => {
    assert.equal(spacingMs(10, 2), 200);
    assert.equal(spacingMs(10, 1), 100);
    assert.equal(spacingMs(0, 0), 1000, 'nonsense values still give a bounded spacing');
  });

  test('the next send waits for the spacing and for a pause asked by the target', () => {
    assert.equal(nextSendAt(undefined, 200, undefined, 1000), 1000);
    assert.equal(nextSendAt(900, 200, undefined, 1000), 1100);
    assert.equal(nextSendAt(900, 200, 3000, 1000), 3000);
    assert.equal(nextSendAt(100, 200, 500, 1000), 1000);
  });
});

test('a tenant file on disk with a syntax error is located at line 1', async () => {
  const { readTenantFile } = await import('../../src/run/tenant-file.ts');
  const dir = tempDir();
  const path = join(dir, 'tenant.json');
  writeFileSync(path, '{ "params": ');
  const parsed = readTenantFile(path);
  assert.ok('error' in parsed && parsed.error.startsWith(`${path}:1: not valid JSON`));
});
