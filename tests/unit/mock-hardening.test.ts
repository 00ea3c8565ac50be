/**
 * The mock tenant under garbage and load, over real sockets on 127.0.0.1: every malformed request gets the fitting
 * 4xx with Graph's error body, and the server keeps serving afterwards; concurrent writes never mix.
 *
 * Run: node --import tsx --test tests/unit/mock-hardening.test.ts
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadDocs } from '../../src/docs/load-docs.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { MAX_JSON_DEPTH } from '../../src/mock-tenant/body.ts';
import { mergeEntity } from '../../src/mock-tenant/store.ts';
import { startMockTenant, type RunningMockTenant } from '../../src/mock-tenant/server.ts';
import { mockCaller, type Answer } from './support/mock.ts';

const call = mockCaller(10_000);

const SEED = fileURLToPath(new URL('../../fixtures/docs/update-photos.md', import.meta.url));
const BEARER = { authorization: 'Bearer mock-tenant-token' };
const JSON_WRITE = { ...BEARER, 'content-type': 'application/json' };
const BODY_LIMIT = 512 * 1024;

function errorCode(answer: Answer): unknown {
  const error = answer.body['error'];
  assert.ok(typeof error === 'object' && error !== null, `a Graph error body: ${JSON.stringify(answer.body)}`);
  return (error as Record<string, unknown>)['code'];
}

/** One raw HTTP exchange: what the server wrote back before closing (or within the time limit). */
function raw(
  base: string,
  bytes: string | Buffer,
  options: { readonly endAfterWrite?: boolean; readonly destroyAfterMs?: number } = {},
): Promise<string> {
  const { port, hostname } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect({ port: Number(port), host: hostname });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    }, options.destroyAfterMs ?? 5_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      // A reset after the answer arrived still gives the answer.
      if (chunks.length > 0) resolve(Buffer.concat(chunks).toString('latin1'));
      else reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.write(bytes, () => {
      if (options.endAfterWrite === true) socket.end();
    });
  });
}

async function stillServes(base: string): Promise<void> {
  const answer = await call(base, '/v1.0/me/photos', { headers: BEARER });
  assert.equal(answer.status, 200, 'the server keeps serving');
}

describe('mock tenant hardening', () => {
  let tenant: RunningMockTenant;
  let base: string;
  const log: string[] = [];

  before(async () => {
    const { pages } = loadDocs([SEED]);
    tenant = await startMockTenant({
      pages,
      schemas: buildSchemaRegistry(pages),
      bodyLimitBytes: BODY_LIMIT,
      log: (line) => log.push(line),
    });
    base = tenant.url;
  });
  after(async () => {
    await tenant.close();
  });

  test('invalid JSON → 400 BadRequest', async () => {
    for (const body of ['{"height":', '{height: 1}', '{"height": 1,}', '\u0000', 'null', '[]', '"x"']) {
      const answer = await call(base, '/v1.0/me/photos', { method: 'PATCH', headers: JSON_WRITE, body });
      assert.equal(answer.status, 400, body);
      assert.equal(errorCode(answer), 'BadRequest');
    }
    await stillServes(base);
  });

  test('invalid UTF-8 (a lone continuation byte, an overlong form, a surrogate) → 400', async () => {
    for (const bytes of [
      [0x7b, 0x22, 0x80, 0x22, 0x3a, 0x31, 0x7d],
      [0x7b, 0xc0, 0xaf, 0x7d],
      [0x22, 0xed, 0xa0, 0x80, 0x22],
    ]) {
      const answer = await call(base, '/v1.0/me/photos', {
        method: 'PATCH',
        headers: JSON_WRITE,
        body: Buffer.from(bytes),
      });
      assert.equal(answer.status, 400);
      assert.match(String((answer.body['error'] as Record<string, unknown>)['message']), /UTF-8/);
    }
    await stillServes(base);
  });

  test('100,000 nested arrays (and objects) → 400 without a crash; nesting at the limit is parsed', async () => {
    const deepArrays = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const arrays = await call(base, '/v1.0/me/photos', {
      method: 'PATCH',
      headers: JSON_WRITE,
      body: `{"height":${deepArrays}}`,
    });
    assert.equal(arrays.status, 400);
    assert.match(String((arrays.body['error'] as Record<string, unknown>)['message']), /nests deeper/);
    const deepObjects = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    assert.equal(
      (await call(base, '/v1.0/me/photos', { method: 'PATCH', headers: JSON_WRITE, body: deepObjects })).status,
      400,
    );
    // Brackets inside strings are text, not nesting.
    const inString = await call(base, '/v1.0/me/photos', {
      method: 'PATCH',
      headers: JSON_WRITE,
      body: `{"height": 7, "width": 7}${' '.repeat(10)}`,
    });
    assert.equal(inString.status, 200);
    const atLimit = `${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}`;
    const answer = await call(base, '/v1.0/me/photos', {
      method: 'PATCH',
      headers: JSON_WRITE,
      body: `{"height":${atLimit}}`,
    });
    assert.equal(answer.status, 400, 'parsed, then refused by the schema');
    assert.match(String((answer.body['error'] as Record<string, unknown>)['message']), /height/);
    await stillServes(base);
  });

  test('a huge body → 413 from its Content-Length, before it is read; a chunked one → 413 once it passes the limit', async () => {
    const huge = 'x'.repeat(BODY_LIMIT + 1);
    const declared = await call(base, '/v1.0/me/photos', { method: 'PATCH', headers: JSON_WRITE, body: huge });
    assert.equal(declared.status, 413);
    assert.equal(errorCode(declared), 'RequestEntityTooLarge');
    const chunk = 'y'.repeat(16 * 1024);
    const head =
      'PATCH /v1.0/me/photos HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer mock-tenant-token\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
    const chunks = Array.from({ length: 40 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    const answer = await raw(base, `${head}${chunks}0\r\n\r\n`, { destroyAfterMs: 3_000 });
    assert.match(answer, /^HTTP\/1\.1 413 /);
    await stillServes(base);
  });

  test('path traversal reaches no file and no other route: 404 with Graph’s error', async () => {
    for (const path of [
      '/v1.0/../../../etc/passwd',
      '/v1.0/me/photos/..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/v1.0/me/%2e%2e/%2e%2e/health',
      '/beta/users/..%5c..%5cwindows',
    ]) {
      const answer = await raw(
        base,
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer mock-tenant-token\r\nConnection: close\r\n\r\n`,
      );
      assert.match(answer, /^HTTP\/1\.1 404 /, path);
      assert.doesNotMatch(answer, /root:/);
      assert.match(answer, /"error":\{"code":"(ResourceNotFound|Request_ResourceNotFound)"/, path);
    }
    await stillServes(base);
  });

  test('header injection: CR/LF in a header value is refused with a 400 error body, never echoed', async () => {
    const answer = await raw(
      base,
      'GET /v1.0/me/photos HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer mock-tenant-token\r\nclient-request-id: abc\rX-Injected: yes\r\n\r\n',
    );
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.match(answer, /"code":"BadRequest"/);
    assert.doesNotMatch(answer, /\r\nX-Injected/i);
    // A client-request-id that is not printable ASCII is not echoed back at all.
    const odd = await call(base, '/v1.0/me/photos', { headers: { ...BEARER, 'client-request-id': 'caf\u00e9' } });
    assert.equal(odd.headers.get('client-request-id'), null);
    await stillServes(base);
  });

  test('a request cut off mid-body: the connection is dropped, nothing is stored, the server keeps serving', async () => {
    const before = await call(base, '/v1.0/me/photos', { headers: BEARER });
    const head =
      'PATCH /v1.0/me/photos HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer mock-tenant-token\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';
    const answer = await raw(base, `${head}{"height": 99999`, { destroyAfterMs: 300 });
    assert.equal(answer, '', 'no answer to half a request');
    const after = await call(base, '/v1.0/me/photos', { headers: BEARER });
    assert.deepEqual(after.body, before.body);
  });

  test('a half-closed socket mid-body and garbage instead of HTTP both leave the server serving', async () => {
    const head =
      'PATCH /v1.0/me/photos HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer mock-tenant-token\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n';
    await raw(base, `${head}{"he`, { endAfterWrite: true, destroyAfterMs: 2_000 });
    const garbage = await raw(
      base,
      Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x01, 0x00, 0x00, 0xfb, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a]),
      { destroyAfterMs: 2_000 },
    );
    assert.match(garbage, /^HTTP\/1\.1 400 /);
    await stillServes(base);
  });

  test('50 concurrent PATCHes to one entity: every answer is one whole write, and the final state is one of them', async () => {
    const states = Array.from({ length: 50 }, (_, i) => ({ height: 1000 + i, width: 2000 + i }));
    const answers = await Promise.all(
      states.map((state) =>
        call(base, '/v1.0/users/adelev@contoso.example/photos', {
          method: 'PATCH',
          headers: JSON_WRITE,
          body: JSON.stringify(state),
        }),
      ),
    );
    for (const [i, answer] of answers.entries()) {
      assert.equal(answer.status, 200);
      assert.deepEqual(
        [answer.body['height'], answer.body['width']],
        [states[i]?.height, states[i]?.width],
        'each answer is its own write',
      );
    }
    const final = await call(base, '/beta/users/adelev@contoso.example/photos', { headers: BEARER });
    const pair = { height: final.body['height'], width: final.body['width'] };
    assert.ok(
      states.some((s) => s.height === pair.height && s.width === pair.width),
      `never a mix: ${JSON.stringify(pair)}`,
    );
  });

  test('nothing above was a server failure', () => {
    assert.deepEqual(
      log.filter((line) => / 5\d\d |failed:/.test(line)),
      [],
    );
  });
});

describe('merging a body with a member named __proto__', () => {
  test('the member is stored as data; no prototype is set or reached', () => {
    const sent = JSON.parse(
      '{"__proto__": {"polluted": true}, "height": 5, "nested": {"__proto__": {"deep": 1}}}',
    ) as Record<string, unknown>;
    const merged = mergeEntity({ id: '1', nested: { a: 1 } }, sent);
    assert.equal(Object.getPrototypeOf(merged), Object.prototype);
    assert.ok(Object.hasOwn(merged, '__proto__'));
    assert.deepEqual(
      JSON.parse(JSON.stringify(merged)),
      JSON.parse(
        '{"id": "1", "nested": {"a": 1, "__proto__": {"deep": 1}}, "__proto__": {"polluted": true}, "height": 5}',
      ),
    );
    assert.equal((merged as { polluted?: unknown }).polluted, undefined);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });
});

describe('merging into stored state', () => {
  test('a merge that changes nothing answers the frozen state itself; any change, or unfrozen state, a copy', () => {
    const stored = Object.freeze({ id: '1', height: 5, nested: Object.freeze({ a: 1 }) });
    assert.equal(mergeEntity(stored, { height: 5, nested: { a: 1 } }), stored);
    const changed = mergeEntity(stored, { nested: { a: 2 } });
    assert.notEqual(changed, stored);
    assert.deepEqual(changed, { id: '1', height: 5, nested: { a: 2 } });
    assert.deepEqual(stored, { id: '1', height: 5, nested: { a: 1 } });
    // A member the state lacks is a change, even when it is sent as undefined's JSON cousin, null.
    assert.deepEqual(mergeEntity(stored, { color: null }), { id: '1', height: 5, nested: { a: 1 }, color: null });
    const documented = { id: '1', height: 5 };
    const copy = mergeEntity(documented, { height: 5 });
    assert.notEqual(copy, documented);
    assert.deepEqual(copy, documented);
  });
});

describe('mock tenant: malformed ids and bounded sessions', () => {
  const { pages } = loadDocs([
    SEED,
    fileURLToPath(
      new URL('../../fixtures/corpus/api-reference/v1.0/api/driveitem-createuploadsession.md', import.meta.url),
    ),
  ]);
  const schemas = buildSchemaRegistry(pages);
  let tenant: RunningMockTenant;
  before(async () => {
    tenant = await startMockTenant({ pages, schemas, sessionLimitBytes: 64 * 1024 });
  });
  after(async () => {
    await tenant.close();
  });

  test('an id whose percent-encoding is not UTF-8 is a 400 with Graph’s error body, on any route', async () => {
    for (const path of [
      '/v1.0/me/drive/items/%ff%fe/createUploadSession',
      '/v1.0/me/drive/root:/%ff%fe:/createUploadSession',
      '/v1.0/users/%ff%fe/photos',
    ]) {
      const answer = await call(tenant.url, path, { method: 'POST', headers: JSON_WRITE, body: '{}' });
      assert.equal(answer.status, 400, path);
      assert.equal(errorCode(answer), 'BadRequest');
      assert.match(JSON.stringify(answer.body), /Invalid object identifier '%ff%fe:?'/);
    }
  });

  test('an id beyond Latin-1 (an emoji) is answered, its Location percent-encoded', async () => {
    for (const path of [
      '/v1.0/me/drive/items/😀/createUploadSession',
      '/v1.0/me/drive/root:/😀.txt:/createUploadSession',
    ]) {
      const answer = await call(tenant.url, encodeURI(path), { method: 'POST', headers: JSON_WRITE, body: '{}' });
      assert.ok(answer.status < 500, `${path}: ${answer.status}`);
      assert.ok(typeof answer.body['uploadUrl'] === 'string' || errorCode(answer) !== undefined);
    }
  });

  test('a session holds a bounded amount: past its limit a write gets 507, a reset frees it', async () => {
    const session = { ...JSON_WRITE, 'x-mock-session': 'bounded' };
    const big = JSON.stringify({ '@odata.type': '#microsoft.graph.profilePhoto', height: 1, width: 2 }).padEnd(1, ' ');
    const filler = ' '.repeat(40 * 1024);
    const first = await call(tenant.url, '/v1.0/me/photos', { method: 'PATCH', headers: session, body: big + filler });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const second = await call(tenant.url, '/v1.0/me/photos', { method: 'PATCH', headers: session, body: big + filler });
    assert.equal(second.status, 507);
    assert.equal(errorCode(second), 'quotaLimitReached');
    assert.match(JSON.stringify(second.body), /x-mock-session/);
    const other = await call(tenant.url, '/v1.0/me/photos', {
      method: 'PATCH',
      headers: { ...session, 'x-mock-session': 'another' },
      body: big + filler,
    });
    assert.equal(other.status, 200, 'another session has its own budget');
    const reset = await call(tenant.url, '/_mock/reset', { method: 'POST', headers: { 'x-mock-session': 'bounded' } });
    assert.equal(reset.status, 204);
    const again = await call(tenant.url, '/v1.0/me/photos', { method: 'PATCH', headers: session, body: big + filler });
    assert.equal(again.status, 200);
  });
});
