/**
 * Pages → replayable conformance cases (src/cases/build-cases.ts): the seed page, then small pages written here.
 *
 * Run: node --import tsx --test tests/unit/cases.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { byName } from './support/params.ts';
import { buildCases } from '../../src/cases/build-cases.ts';
import type { ConformanceCase, ParamSource, ReadyCase, SkippedCase } from '../../src/cases/model.ts';
import { loadDocs } from '../../src/docs/load-docs.ts';
import type { Page } from '../../src/docs/model.ts';
import { parsePage } from '../../src/docs/parse-page.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = `${ROOT}fixtures/docs`;
const USER_ID = '4f1c6a7e-58ab-4b5c-9a0e-2f5d1a2b3c4d';

function seedPages(): readonly Page[] {
  const { pages, findings } = loadDocs([DOCS], ROOT);
  assert.deepEqual(findings, []);
  assert.equal(pages.length, 1);
  return pages;
}

const params = byName;

const NO_PARAMS: ParamSource = byName({});

function ready(c: ConformanceCase | undefined): ReadyCase {
  assert.ok(c, 'the case exists');
  assert.ok(c.runnable, `"${c.title}" is runnable${c.runnable ? '' : `, but: ${c.reason}`}`);
  return c;
}

function skipped(c: ConformanceCase | undefined): SkippedCase {
  assert.ok(c, 'the case exists');
  assert.ok(!c.runnable, `"${c.title}" is skipped`);
  return c;
}

interface PageSpec {
  readonly file?: string;
  readonly paths: readonly string[];
  readonly headers?: readonly string[];
  readonly request: readonly string[];
  readonly response?: readonly string[];
  readonly name?: string;
}

/** An API page with an HTTP request block, an optional headers table and one example. */
function apiPage(spec: PageSpec): Page {
  const text = [
    '# Do something',
    '',
    '## HTTP request',
    '<!-- { "blockType": "ignored" } -->',
    '```http',
    ...spec.paths,
    '```',
    '',
    ...(spec.headers ? ['## Request headers', '|Name|Description|', '|:---|:---|', ...spec.headers, ''] : []),
    '## Response',
    'If successful, this method returns a `200 OK` response code.',
    '',
    '## Examples',
    '',
    '### Request',
    `<!-- { "blockType": "request", "name": "${spec.name ?? 'do_something'}" } -->`,
    '```http',
    ...spec.request,
    '```',
    '',
    ...(spec.response
      ? [
          '### Response',
          '<!-- { "blockType": "response", "truncated": true } -->',
          '```http',
          ...spec.response,
          '```',
          '',
        ]
      : []),
  ].join('\n');
  return parsePage(spec.file ?? 'docs/api/do-something.md', text);
}

const OK_RESPONSE = ['HTTP/1.1 200 OK', 'Content-Type: application/json', '', '{ "id": "1" }'];
const AUTH_REQUIRED = ['|Authorization|Bearer {token}. Required.|'];

describe('the seed page', () => {
  const pages = seedPages();
  const cases = buildCases(pages, { roots: [DOCS], params: params({ usersId: USER_ID }) });
  const example = 'update-photos.md › update_photos';

  test('gives exactly four cases, in order, titled from the doc', () => {
    assert.deepEqual(
      cases.map((c) => [c.title, c.kind.type]),
      [
        [example, 'example'],
        [`${example} › PATCH /users/{usersId}/photos`, 'documented-path'],
        [`${example} › PATCH /me/photos without Authorization`, 'requires-auth'],
        [`${example} › PATCH /users/{usersId}/photos without Authorization`, 'requires-auth'],
      ],
    );
  });

  test('tags name the method and the version; requires-auth cases are also tagged @auth', () => {
    assert.deepEqual(
      cases.map((c) => c.tags),
      [
        ['@PATCH', '@beta'],
        ['@PATCH', '@beta'],
        ['@PATCH', '@beta', '@auth'],
        ['@PATCH', '@beta', '@auth'],
      ],
    );
    for (const c of cases) assert.equal(c.version, 'beta');
  });

  test('paths are versioned and filled; the query and the JSON body are replayed', () => {
    assert.deepEqual(
      cases.map((c) => `${ready(c).request.method} ${ready(c).request.path}`),
      [
        'PATCH /beta/me/photos',
        `PATCH /beta/users/${USER_ID}/photos`,
        'PATCH /beta/me/photos',
        `PATCH /beta/users/${USER_ID}/photos`,
      ],
    );
    const request = ready(cases[0]).request;
    assert.equal(request.query, '');
    assert.equal(request.body.kind, 'json');
    assert.deepEqual(request.body.value, { '@odata.type': '#microsoft.graph.profilePhoto', height: 6, width: 5 });
  });

  test('Content-Length is not replayed (the client computes it); Content-Type is', () => {
    for (const c of cases) assert.deepEqual(ready(c).request.headers, [['Content-Type', 'application/json']]);
  });

  test('example and documented-path cases expect the documented response; requires-auth expects none', () => {
    const [first, second, third] = cases;
    assert.ok(first && second && third);
    assert.ok(first.kind.type === 'example' && second.kind.type === 'documented-path');
    assert.equal(first.kind.expected.status, 200);
    assert.equal(second.kind.expected, first.kind.expected);
    assert.equal(third.kind.type, 'requires-auth');
    assert.deepEqual(second.kind.template, '/users/{usersId}/photos');
  });

  test('cases point at the doc lines: the example request, or the documented path for requires-auth', () => {
    const page = pages[0];
    assert.ok(page);
    const exampleLine = page.examples[0]?.request.location;
    assert.deepEqual(
      cases.map((c) => c.documented),
      [exampleLine, exampleLine, page.httpRequests[0]?.location, page.httpRequests[1]?.location],
    );
    for (const c of cases) assert.equal(c.page, page);
  });

  test('a missing placeholder skips the case with a reason naming {usersId} and PARAM_usersId', () => {
    const without = buildCases(pages, { roots: [DOCS], params: NO_PARAMS });
    assert.deepEqual(
      without.map((c) => c.title),
      cases.map((c) => c.title),
      'the same cases, whatever the settings',
    );
    assert.deepEqual(
      without.map((c) => c.runnable),
      [true, false, true, false],
    );
    for (const c of [without[1], without[3]]) {
      const reason = skipped(c).reason;
      assert.match(reason, /\{usersId\}/);
      assert.match(reason, /PARAM_usersId/);
      assert.equal('request' in skipped(c), false, 'a skipped case has no half-filled request');
    }
  });

  test('placeholder values are URL-encoded', () => {
    const encoded = buildCases(pages, {
      roots: [DOCS],
      params: params({ usersId: 'ada lovelace/@contoso.com?x=1#y' }),
    });
    assert.equal(ready(encoded[1]).request.path, '/beta/users/ada%20lovelace%2F%40contoso.com%3Fx%3D1%23y/photos');
  });

  test('titles show the path below the docs root the page was found in', () => {
    assert.equal(
      buildCases(pages, { roots: [`${ROOT}fixtures`], params: NO_PARAMS })[0]?.title,
      'docs/update-photos.md › update_photos',
    );
    assert.equal(
      buildCases(pages, { roots: [`${ROOT}fixtures/docs/update-photos.md`], params: NO_PARAMS })[0]?.title,
      'update-photos.md › update_photos',
    );
    assert.equal(
      buildCases(pages, { roots: [`${ROOT}elsewhere`], params: NO_PARAMS })[0]?.title,
      'fixtures/docs/update-photos.md › update_photos',
    );
  });

  test('building twice gives the same cases in the same order', () => {
    const again = buildCases(seedPages(), { roots: [DOCS], params: params({ usersId: USER_ID }) });
    assert.deepEqual(
      again.map((c) => c.title),
      cases.map((c) => c.title),
    );
    assert.deepEqual(
      again.map((c) => [c.tags, c.runnable ? c.request : c.reason]),
      cases.map((c) => [c.tags, c.runnable ? c.request : c.reason]),
    );
  });
});

describe('headers', () => {
  test('Authorization, Host and Content-Length in an example are never replayed; other headers are, in order', () => {
    const page = apiPage({
      paths: ['GET /me/events'],
      request: [
        'GET https://graph.microsoft.com/v1.0/me/events?$select=subject',
        'Authorization: Bearer {token}',
        'Host: graph.microsoft.com',
        'Prefer: outlook.timezone="Pacific Standard Time"',
        'CONTENT-LENGTH: 0',
        'ConsistencyLevel: eventual',
      ],
      response: OK_RESPONSE,
    });
    const [c] = buildCases([page], { roots: ['docs'], params: NO_PARAMS });
    const request = ready(c).request;
    assert.deepEqual(request.headers, [
      ['Prefer', 'outlook.timezone="Pacific Standard Time"'],
      ['ConsistencyLevel', 'eventual'],
    ]);
    assert.equal(request.query, '$select=subject');
    assert.equal(request.path, '/v1.0/me/events');
  });
});

describe('placeholders in example URLs', () => {
  const page = apiPage({
    paths: ['GET /users/{id | userPrincipalName}/events/{event-id}'],
    request: ['GET https://graph.microsoft.com/v1.0/users/{id}/events/{event-id}'],
    response: OK_RESPONSE,
  });

  test('are filled from the params', () => {
    const [c] = buildCases([page], { roots: ['docs'], params: params({ id: 'u 1', 'event-id': 'AAMk=' }) });
    assert.equal(ready(c).request.path, '/v1.0/users/u%201/events/AAMk%3D');
  });

  test('without a value the case is skipped, naming every missing placeholder', () => {
    const cases = buildCases([page], { roots: ['docs'], params: params({ id: 'u1' }) });
    assert.equal(cases.length, 1);
    const reason = skipped(cases[0]).reason;
    assert.match(reason, /\{event-id\}/);
    assert.match(reason, /PARAM_event_id\b/, 'a variable name every shell passes on');
    assert.doesNotMatch(reason, /\{id\}/, 'a placeholder with a value is not named');
  });

  test('no request path ever contains a brace', () => {
    for (const source of [NO_PARAMS, params({ id: 'a' }), params({ id: 'a', 'event-id': 'b' })]) {
      for (const c of buildCases([page], { roots: ['docs'], params: source })) {
        if (c.runnable) assert.doesNotMatch(c.request.path, /[{}]/);
      }
    }
  });

  test('a placeholder inside a function segment is filled too', () => {
    const schedule = apiPage({
      paths: ["GET /me/calendarView/delta(date='{date}')"],
      request: ["GET https://graph.microsoft.com/beta/me/calendarView/delta(date='{date}')"],
      response: OK_RESPONSE,
    });
    assert.equal(
      ready(buildCases([schedule], { roots: ['docs'], params: params({ date: '2024-01-01' }) })[0]).request.path,
      "/beta/me/calendarView/delta(date='2024-01-01')",
    );
    assert.match(skipped(buildCases([schedule], { roots: ['docs'], params: NO_PARAMS })[0]).reason, /PARAM_date/);
  });
});

describe('which cases a page gives', () => {
  test('no Authorization-required header row → no requires-auth cases', () => {
    for (const headers of [
      undefined,
      ['|Authorization|Bearer {token}. Optional.|'],
      ['|Authorization|Bearer {token}. Not required.|'],
      ['|Content-Type|application/json. Required.|'],
    ]) {
      const page = apiPage({
        paths: ['GET /me', 'GET /users/{id}'],
        ...(headers ? { headers } : {}),
        request: ['GET https://graph.microsoft.com/v1.0/me'],
        response: OK_RESPONSE,
      });
      const cases = buildCases([page], { roots: ['docs'], params: params({ id: 'x' }) });
      assert.deepEqual(
        cases.map((c) => c.kind.type),
        ['example', 'documented-path'],
        `headers ${JSON.stringify(headers)}`,
      );
    }
  });

  test('requires-auth cases come for every documented path of a method that has an example', () => {
    const page = apiPage({
      paths: ['GET /me', 'GET /users/{id}', 'DELETE /users/{id}'],
      headers: AUTH_REQUIRED,
      request: ['GET https://graph.microsoft.com/v1.0/me'],
      response: OK_RESPONSE,
    });
    const cases = buildCases([page], { roots: ['docs'], params: params({ id: 'x' }) });
    assert.deepEqual(
      cases.map((c) => c.title),
      [
        'api/do-something.md › do_something',
        'api/do-something.md › do_something › GET /users/{id}',
        'api/do-something.md › do_something › GET /me without Authorization',
        'api/do-something.md › do_something › GET /users/{id} without Authorization',
      ],
    );
    assert.equal(cases.filter((c) => c.title.includes('DELETE')).length, 0, 'no example to borrow for DELETE');
  });

  test('an example without a response is listed as skipped (never dropped), gives no documented-path case, and requires-auth still probes', () => {
    const page = apiPage({
      paths: ['GET /me', 'GET /users/{id}'],
      headers: AUTH_REQUIRED,
      request: ['GET https://graph.microsoft.com/v1.0/me'],
    });
    const cases = buildCases([page], { roots: ['docs'], params: params({ id: 'x' }) });
    // The other documented path has no example to borrow a response from: listed as skipped, not dropped.
    assert.deepEqual(
      cases.map((c) => c.kind.type),
      ['no-response', 'path-without-example', 'requires-auth', 'requires-auth'],
    );
    assert.match(cases[0]?.runnable === false ? cases[0].reason : '', /^the doc shows no response for this request \(/);
  });

  test('an example stands only for documented paths that answer the same kind of resource', () => {
    // Shaped like opentypeextension-get.md: one page documents the extension itself and the items that $expand it.
    const page = apiPage({
      paths: [
        'GET /users/{Id|userPrincipalName}/messages/{Id}/extensions/{extensionId}',
        'GET /groups/{Id}/extensions/{extensionId}',
        "GET /users/{Id|userPrincipalName}/messages/{Id}?$expand=extensions($filter=id eq '{extensionId}')",
        'GET /users/{Id|userPrincipalName}/messages',
      ],
      request: ['GET https://graph.microsoft.com/v1.0/me/messages/AAMk=/extensions/Com.Contoso.Referral'],
      response: OK_RESPONSE,
    });
    const cases = buildCases([page], { roots: ['docs'], params: params({ Id: 'x', extensionId: 'y' }) });
    assert.deepEqual(
      cases.map((c) => [c.title, c.kind.type]),
      [
        ['api/do-something.md › do_something', 'example'],
        ['api/do-something.md › do_something › GET /groups/{Id}/extensions/{extensionId}', 'documented-path'],
        ['api/do-something.md › GET /users/{Id | userPrincipalName}/messages/{Id}', 'path-without-example'],
        ['api/do-something.md › GET /users/{Id | userPrincipalName}/messages', 'path-without-example'],
      ],
    );
  });

  test('an example does not stand for a line that takes query options it does not send', () => {
    // governanceroledefinition-get: `GET …/roleDefinitions/{id}?$filter=resourceId+eq+'{resourceId}'` beside the
    // line its example reads; sent bare, that request is not the one the line documents.
    const page = apiPage({
      paths: [
        'GET /resources/{resourceId}/roleDefinitions/{id}',
        "GET /roleDefinitions/{id}?$filter=resourceId+eq+'{resourceId}'",
        'GET /directory/roleDefinitions/{id}',
      ],
      request: ['GET https://graph.microsoft.com/beta/resources/r1/roleDefinitions/d1'],
      response: OK_RESPONSE,
    });
    const cases = buildCases([page], { roots: ['docs'], params: params({ id: 'x', resourceId: 'y' }) });
    assert.deepEqual(
      cases.filter((c) => c.kind.type !== 'requires-auth').map((c) => [c.title, c.kind.type]),
      [
        ['api/do-something.md › do_something', 'example'],
        ['api/do-something.md › do_something › GET /directory/roleDefinitions/{id}', 'documented-path'],
        ['api/do-something.md › GET /roleDefinitions/{id}', 'path-without-example'],
      ],
    );
  });

  test('/me is the signed-in user: an example on /me stands for /users/{id}', () => {
    const page = apiPage({
      paths: ['GET /me', 'GET /users/{id | userPrincipalName}'],
      request: ['GET https://graph.microsoft.com/v1.0/me'],
      response: OK_RESPONSE,
    });
    const cases = buildCases([page], { roots: ['docs'], params: params({ id: 'x' }) });
    assert.deepEqual(
      cases.map((c) => c.kind.type),
      ['example', 'documented-path'],
    );
  });

  test('the example version wins; a page without any version runs against v1.0', () => {
    const relative = apiPage({
      file: 'docs/beta/api/me.md',
      paths: ['GET /me'],
      request: ['GET /me'],
      response: OK_RESPONSE,
    });
    const [betaCase] = buildCases([relative], { roots: ['docs'], params: NO_PARAMS });
    assert.equal(ready(betaCase).request.path, '/beta/me');
    assert.deepEqual(betaCase?.tags, ['@GET', '@beta']);

    const explicit = apiPage({
      file: 'docs/beta/api/me.md',
      paths: ['GET /me'],
      request: ['GET https://graph.microsoft.com/v1.0/me'],
      response: OK_RESPONSE,
    });
    assert.equal(ready(buildCases([explicit], { roots: ['docs'], params: NO_PARAMS })[0]).request.path, '/v1.0/me');

    const unversioned = apiPage({ paths: ['GET /me'], request: ['GET /me'], response: OK_RESPONSE });
    const [plain] = buildCases([unversioned], { roots: ['docs'], params: NO_PARAMS });
    assert.equal(ready(plain).request.path, '/v1.0/me');
    assert.deepEqual(plain?.tags, ['@GET', '@v1.0']);
  });

  test('titles are unique across a doc set and in page order', () => {
    const first = apiPage({
      file: 'docs/api/a.md',
      paths: ['GET /me', 'GET /users/{id}'],
      headers: AUTH_REQUIRED,
      request: ['GET https://graph.microsoft.com/v1.0/me'],
      response: OK_RESPONSE,
    });
    const second = apiPage({
      file: 'docs/api/b.md',
      paths: ['GET /me', 'GET /users/{id}'],
      headers: AUTH_REQUIRED,
      request: ['GET https://graph.microsoft.com/v1.0/me'],
      response: OK_RESPONSE,
    });
    const titles = buildCases([first, second], { roots: ['docs'], params: NO_PARAMS }).map((c) => c.title);
    assert.equal(new Set(titles).size, titles.length);
    assert.equal(titles.length, 8);
    assert.ok(titles.slice(0, 4).every((t) => t.startsWith('api/a.md › ')));
    assert.ok(titles.slice(4).every((t) => t.startsWith('api/b.md › ')));
  });
});
