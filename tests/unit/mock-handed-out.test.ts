/**
 * URLs the mock hands out (src/mock-tenant/handed-out.ts), served from the real pages that document them: an upload
 * session (driveitem-createuploadsession) and a download redirect (driveitem-get-content, driveitem-put-content).
 *
 * Run: node --import tsx --test tests/unit/mock-handed-out.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadDocs } from '../../src/docs/load-docs.ts';
import { createTenantCore, type TenantCore } from '../../src/mock-tenant/handler.ts';
import type { Reply } from '../../src/mock-tenant/reply.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const API = 'fixtures/corpus/api-reference/v1.0/api';
const ORIGIN = 'http://127.0.0.1:9';

function tenant(): TenantCore {
  const { pages } = loadDocs(
    [`${API}/driveitem-createuploadsession.md`, `${API}/driveitem-get-content.md`, `${API}/driveitem-put-content.md`],
    ROOT,
    { cache: false },
  );
  return createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });
}

function send(
  core: TenantCore,
  method: string,
  url: string,
  init: { body?: Uint8Array | string; headers?: Record<string, string> } = {},
): Reply {
  const body = typeof init.body === 'string' ? Buffer.from(init.body) : (init.body ?? new Uint8Array());
  const headers = { ...(body.length > 0 ? { 'content-length': String(body.length) } : {}), ...init.headers };
  const admission = core.admit({ method, url, headers, origin: ORIGIN });
  assert.ok(!(admission instanceof Promise));
  if (admission.kind === 'reply') return admission.reply;
  const answer = admission.complete(body);
  assert.ok(!(answer instanceof Promise));
  return answer;
}

function body(reply: Reply, status: number): Readonly<Record<string, unknown>> {
  assert.equal(reply.status, status, JSON.stringify(reply));
  assert.ok(reply.kind === 'json', JSON.stringify(reply));
  return reply.body;
}

const BEARER = { authorization: 'Bearer mock-tenant-token', 'content-type': 'application/json' };

/** Opens a session as the doc's example does; the path of its uploadUrl. */
function open(core: TenantCore, options: { deferCommit?: boolean } = {}): string {
  const request = {
    item: { '@microsoft.graph.conflictBehavior': 'rename', name: 'largefile.dat' },
    ...(options.deferCommit ? { deferCommit: true } : {}),
  };
  const answer = body(
    send(core, 'POST', '/v1.0/me/drive/root:/largefile.dat:/createUploadSession', {
      body: JSON.stringify(request),
      headers: BEARER,
    }),
    200,
  );
  assert.equal(answer['@odata.type'], '#microsoft.graph.uploadSession');
  const url = String(answer['uploadUrl']);
  assert.match(url, /^http:\/\/127\.0\.0\.1:9\/_handed-out\/upload\/[\w-]{24}$/, 'a URL on the mock, unguessable');
  assert.ok(Date.parse(String(answer['expirationDateTime'])) > Date.now(), 'a session that has not expired yet');
  return new URL(url).pathname;
}

function fragment(first: number, last: number, total: number): { body: Uint8Array; headers: Record<string, string> } {
  return {
    body: new Uint8Array(last - first + 1).fill(7),
    headers: { 'content-range': `bytes ${String(first)}-${String(last)}/${String(total)}` },
  };
}

describe('upload sessions', () => {
  test('fragments in order: 202 with the next range, then 201 with the file; no token is needed', () => {
    const core = tenant();
    const url = open(core);
    assert.deepEqual(body(send(core, 'PUT', url, fragment(0, 25, 128)), 202)['nextExpectedRanges'], ['26-']);
    assert.deepEqual(body(send(core, 'GET', url), 200)['nextExpectedRanges'], ['26-']);
    const file = body(send(core, 'PUT', url, fragment(26, 127, 128)), 201);
    assert.equal(file['@odata.type'], '#microsoft.graph.driveItem');
    assert.equal(file['name'], 'largefile.dat');
    assert.equal(file['size'], 128);
    assert.deepEqual(file['file'], { mimeType: 'application/octet-stream' });
    assert.equal(send(core, 'PUT', url, fragment(0, 25, 128)).status, 409, 'a finished session takes no more bytes');
    assert.deepEqual(body(send(core, 'POST', url), 201), file, 'its commit answers the same file');
  });

  test('out of order is 416; a body that is not its range, a missing range or another total is 400', () => {
    const core = tenant();
    const url = open(core);
    const skipped = send(core, 'PUT', url, fragment(26, 50, 128));
    assert.equal(skipped.status, 416);
    assert.ok(skipped.kind === 'error' && skipped.code === 'invalidRange');
    assert.equal(
      send(core, 'PUT', url, { body: new Uint8Array(3), headers: { 'content-range': 'bytes 0-25/128' } }).status,
      400,
    );
    assert.equal(send(core, 'PUT', url, { body: new Uint8Array(3) }).status, 400);
    assert.equal(send(core, 'PUT', url, fragment(0, 25, 128)).status, 202);
    assert.equal(send(core, 'PUT', url, fragment(26, 30, 999)).status, 400);
  });

  test('a deferred commit: the last byte answers 202 with nothing left, and the POST makes the file', () => {
    const core = tenant();
    const url = open(core, { deferCommit: true });
    assert.equal(send(core, 'POST', url).status, 400, 'nothing to commit yet');
    assert.deepEqual(body(send(core, 'PUT', url, fragment(0, 127, 128)), 202)['nextExpectedRanges'], []);
    assert.equal(body(send(core, 'POST', url), 201)['size'], 128);
  });

  test('DELETE cancels: 204, then the URL is gone; an unknown URL is 404', () => {
    const core = tenant();
    const url = open(core);
    assert.equal(send(core, 'DELETE', url).status, 204);
    assert.equal(send(core, 'GET', url).status, 404);
    assert.equal(send(core, 'GET', '/_handed-out/upload/not-a-session').status, 404);
    assert.equal(send(core, 'PATCH', open(core)).status, 405);
  });
});

describe('download redirects', () => {
  test('/content redirects to a URL on the mock that serves the file, whole or by Range', () => {
    const core = tenant();
    const file = 'x'.repeat(4096);
    send(core, 'PUT', '/v1.0/me/drive/items/01ABC/content', {
      body: file,
      headers: { ...BEARER, 'content-type': 'text/plain' },
    });
    const redirect = send(core, 'GET', '/v1.0/me/drive/items/01ABC/content', { headers: BEARER });
    assert.equal(redirect.status, 302);
    const location = redirect.headers?.['location'] ?? '';
    assert.match(location, /^http:\/\/127\.0\.0\.1:9\/_handed-out\/download\/[\w-]{24}$/);
    const path = new URL(location).pathname;

    const whole = send(core, 'GET', path);
    assert.ok(whole.kind === 'raw' && whole.status === 200);
    const size = whole.body.length;
    const partial = send(core, 'GET', path, { headers: { range: 'bytes=0-1023' } });
    assert.ok(partial.kind === 'raw' && partial.status === 206, JSON.stringify(partial));
    assert.equal(partial.body.length, 1024);
    assert.equal(partial.headers?.['content-range'], `bytes 0-1023/${String(size)}`);
    const tail = send(core, 'GET', path, { headers: { range: 'bytes=-10' } });
    assert.ok(tail.kind === 'raw' && tail.body.length === 10);
    const beyond = send(core, 'GET', path, { headers: { range: `bytes=${String(size)}-` } });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers?.['content-range'], `bytes */${String(size)}`);
  });

  test('an item nobody wrote or documented is itemNotFound', () => {
    const missing = send(tenant(), 'GET', '/v1.0/me/drive/items/NOSUCHITEM/content', { headers: BEARER });
    assert.equal(missing.status, 404);
    assert.equal(missing.kind === 'error' ? missing.code : undefined, 'itemNotFound');
  });

  test('a file put to /content is the file the download serves', () => {
    const core = tenant();
    const session = { 'x-mock-session': 'one' };
    const content = 'The contents of the file goes here.';
    assert.equal(
      send(core, 'PUT', '/v1.0/me/drive/items/01ABC/content', {
        body: content,
        headers: { ...BEARER, ...session, 'content-type': 'text/plain' },
      }).status < 300,
      true,
    );
    const redirect = send(core, 'GET', '/v1.0/me/drive/items/01ABC/content', { headers: { ...BEARER, ...session } });
    const download = send(core, 'GET', new URL(redirect.headers?.['location'] ?? '').pathname);
    assert.ok(download.kind === 'raw');
    assert.equal(Buffer.from(download.body).toString(), content);
  });
});
