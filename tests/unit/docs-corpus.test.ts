/**
 * Real Graph reference pages (`fixtures/corpus`, see its README): they must all parse, every element must point at
 * the right line of its file, and chosen pages must give the model their text documents.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadDocs } from '../../src/docs/load-docs.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import type { Annotation, Example, Page, ResponseExample } from '../../src/docs/model.ts';
import type { Finding, FindingRule, Location } from '../../src/core/finding.ts';

const CWD = fileURLToPath(new URL('../..', import.meta.url));
const CORPUS = 'fixtures/corpus';
const docs = loadDocs([join(CWD, CORPUS)], CWD);

/** The pages the manifest lists, as paths from the project root. */
const MANIFEST = readFileSync(join(CWD, CORPUS, 'MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((row) => `${CORPUS}/${row.split('\t')[0] ?? ''}`);

const fileLines = new Map<string, readonly string[]>();

/** The text of the file line a location points at. */
function lineAt(location: Location): string {
  let lines = fileLines.get(location.file);
  if (!lines) {
    lines = readFileSync(join(CWD, location.file), 'utf8').split(/\r?\n/);
    fileLines.set(location.file, lines);
  }
  const line = lines[location.line - 1];
  assert.ok(line !== undefined, `${location.file}:${location.line} is past the end of the file`);
  return line;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

function page(path: string): Page {
  const file = `${CORPUS}/api-reference/${path}`;
  const found = docs.pages.find((p) => p.file === file);
  assert.ok(found, `no page ${file}`);
  return found;
}

function findingsOf(p: Page, rule: FindingRule): Finding[] {
  return p.findings.filter((f) => f.rule === rule);
}

function templates(p: Page): string[] {
  return p.httpRequests.map((t) => `${t.method} ${t.path}`);
}

/** Each example as `name → status` (`none` when it has no response). */
function pairing(p: Page): string[] {
  return p.examples.map((e) => `${e.name} → ${e.response?.status.toString() ?? 'none'}`);
}

function responseOf(example: Example | undefined): ResponseExample {
  assert.ok(example?.response, 'expected an example with a response');
  return example.response;
}

function example(p: Page, name: string): Example {
  const found = p.examples.find((e) => e.name === name);
  assert.ok(found, `no example ${name} on ${p.file}`);
  return found;
}

describe('the corpus loads', () => {
  test('every page of the manifest, and nothing else', () => {
    assert.ok(MANIFEST.length >= 12);
    assert.deepEqual(
      docs.pages.map((p) => p.file),
      [...MANIFEST].sort(),
    );
    assert.deepEqual(docs.findings, []);
  });

  test('no page throws when parsed on its own, with LF or CRLF line ends', () => {
    for (const file of MANIFEST) {
      const text = readFileSync(join(CWD, file), 'utf8');
      let lf: ReturnType<typeof parsePage> | undefined;
      assert.doesNotThrow(() => (lf = parsePage(file, text)), file);
      assert.deepEqual(parsePage(file, text.replace(/\r?\n/g, '\r\n')), lf, file);
    }
  });

  test('each page takes its version from its folder', () => {
    for (const p of docs.pages) {
      if (p.file.includes('/api-reference/includes/'))
        assert.equal(p.version, undefined, p.file); // shared by both versions
      else assert.equal(p.version, p.file.includes('/beta/') ? 'beta' : 'v1.0', p.file);
    }
  });

  test('a missing path is an unreadable-file finding, and the other paths still load', () => {
    const missing = join(CWD, CORPUS, 'api-reference/v1.0/api/no-such-page.md');
    const seed = join(CWD, 'fixtures/docs/update-photos.md');
    const result = loadDocs([missing, seed, join(CWD, CORPUS, 'api-reference/v1.0/resources')], CWD);
    assert.deepEqual(result.findings, [
      {
        rule: 'unreadable-file',
        severity: 'error',
        message: 'cannot read: no such file or folder',
        location: { file: missing, line: 1 },
      },
    ]);
    assert.deepEqual(
      result.pages.map((p) => p.file),
      [
        'fixtures/corpus/api-reference/v1.0/resources/enums.md',
        'fixtures/corpus/api-reference/v1.0/resources/identityset.md',
        'fixtures/corpus/api-reference/v1.0/resources/user.md',
        'fixtures/docs/update-photos.md',
      ],
    );
  });
});

describe('every location points at its text', () => {
  for (const p of docs.pages) {
    test(p.file, () => {
      assert.equal(p.title, firstHeading(p.file));
      for (const row of p.permissions) {
        const line = lineAt(row.location);
        assert.ok(line.trimStart().startsWith('|'), `${row.location.line}: ${line}`);
        assert.ok(line.includes(row.permissionType.split(' ')[0] ?? '\0'), `${row.location.line}: ${line}`);
        for (const scope of row.permissions)
          assert.ok(line.includes(scope), `${row.location.line}: ${scope} not in ${line}`);
      }
      for (const t of p.httpRequests) {
        const line = compact(lineAt(t.location));
        assert.ok(line.startsWith(t.method), `${t.location.line}: ${line}`);
        assert.ok(
          line.toLowerCase().includes(compact(t.path).toLowerCase()),
          `${t.location.line}: ${t.path} not in ${line}`,
        );
      }
      for (const h of p.requestHeaders) assert.ok(lineAt(h.location).includes(h.name), `${h.location.line}: ${h.name}`);
      if (p.requestBody) {
        assert.match(lineAt(p.requestBody.location), /^#+ Request body/i);
        for (const prop of p.requestBody.properties)
          assert.ok(lineAt(prop.location).includes(prop.name), `${prop.location.line}: ${prop.name}`);
        if (p.requestBody.resource?.href)
          assert.ok(lineAt(p.requestBody.resource.location).includes(p.requestBody.resource.href));
      }
      if (p.successStatus) assert.ok(lineAt(p.successStatus.location).includes(p.successStatus.status.toString()));
      for (const { request, response } of [...p.examples, ...p.ignoredExamples]) {
        assertAnnotationLine(request.annotation);
        assert.equal(lineAt(request.location).trim(), `${request.method} ${request.url}`);
        for (const h of request.headers)
          assert.ok(lineAt(h.location).trim().startsWith(`${h.name}:`), `${h.location.line}`);
        if (request.body.kind !== 'none')
          assert.equal(lineAt(request.body.location).trim(), request.body.text.split('\n')[0]?.trim());
        if (!response) continue;
        assertAnnotationLine(response.annotation);
        // A bare ```json response (Dynamics pages) has no status line: it is located at its fence.
        if (/^\s*```\s*json/.test(lineAt(response.location))) assert.equal(response.annotation.source, 'inferred');
        else assert.match(lineAt(response.location), new RegExp(`^HTTP/[\\d.]+ ${response.status.toString()}\\b`));
        for (const h of response.headers)
          assert.ok(lineAt(h.location).trim().startsWith(`${h.name}:`), `${h.location.line}`);
        if (response.body.kind !== 'none')
          assert.equal(lineAt(response.body.location).trim(), response.body.text.split('\n')[0]?.trim());
      }
      for (const f of p.findings) {
        assert.ok(
          f.location.file === p.file || p.includes.includes(f.location.file),
          `${f.location.file} is neither the page nor one it includes`,
        );
        const line = lineAt(f.location);
        if (f.rule === 'todo-placeholder') assert.ok(line.includes('TODO'), `${f.location.line}: ${line}`);
        if (f.rule === 'unannotated-example') assert.match(line, /^\s*```/);
        if (f.rule === 'invalid-annotation' || f.rule === 'unpaired-response' || f.rule === 'unpaired-request')
          assert.match(line, /<!--|^\s*```/, `${f.location.line}: ${line}`);
        if (f.rule === 'path-not-documented') assert.match(line, /^(GET|POST|PUT|PATCH|DELETE) /);
        if (f.rule === 'content-length-mismatch') assert.match(line, /^content-length:/i);
      }
    });
  }
});

/** A written annotation is located at its comment; an inferred one (no annotation) at the block's fence. */
function assertAnnotationLine(annotation: Annotation): void {
  const line = lineAt(annotation.location);
  if (annotation.source === 'comment')
    assert.ok(line.includes('<!--'), `${annotation.location.line.toString()}: ${line}`);
  else assert.match(line, /^\s*```/, `${annotation.location.line.toString()}: ${line}`);
}

/** The text of the first `# ` heading of a file, read here from the raw text. */
function firstHeading(file: string): string | undefined {
  const heading = readFileSync(join(CWD, file), 'utf8')
    .split(/\r?\n/)
    .find((line) => line.startsWith('# '));
  return heading?.slice(2).trim();
}

describe('API pages', () => {
  test('v1.0 user-get: {id | userPrincipalName} in templates and in example URLs', () => {
    const p = page('v1.0/api/user-get.md');
    assert.equal(p.title, 'Get a user');
    assert.deepEqual(templates(p), ['GET /users/{id | userPrincipalName}', 'GET /me']);
    assert.deepEqual(pairing(p), ['get_user_1 → 200', 'get_user → 200', 'get_user_2 → 200']);
    const withSelect = example(p, 'get_user_2').request;
    assert.equal(
      withSelect.url,
      'https://graph.microsoft.com/v1.0/users/{id | userPrincipalName}?$select=displayName,givenName,postalCode',
    );
    assert.equal(withSelect.path, '/users/{id | userPrincipalName}');
    assert.equal(withSelect.query, '$select=displayName,givenName,postalCode');
    assert.equal(responseOf(example(p, 'get_user')).odataType, 'microsoft.graph.user');
    assert.deepEqual(p.findings, []);
  });

  test('v1.0 user-list: a collection, query strings with spaces, responses to ignored requests', () => {
    const p = page('v1.0/api/user-list.md');
    assert.deepEqual(templates(p), ['GET /users']);
    assert.deepEqual(pairing(p), ['get_users_2 → 200', 'get_signinname_users → 200', 'get_a_count_endsWith → 200']);
    for (const e of p.examples) {
      const response = responseOf(e);
      assert.equal(response.isCollection, true, e.name);
      assert.equal(response.odataType, 'microsoft.graph.user', e.name);
    }
    assert.match(
      example(p, 'get_signinname_users').request.query,
      /^\$select=displayName,id&\$filter=identities\/any\(c:c\/issuerAssignedId eq 'j\.smith@yahoo\.com' and c\/issuer eq 'contoso\.onmicrosoft\.com'\)$/,
    );
    assert.deepEqual(
      p.requestHeaders.map((h) => [h.name, h.required]),
      [
        ['Authorization', true],
        ['ConsistencyLevel', false], // "required when using $search, ..." is a condition
      ],
    );
    // The page's other responses follow requests marked `blockType: ignored`: they pair with them, and those
    // examples are kept apart, to be reported as skipped rather than lost.
    assert.deepEqual(
      p.ignoredExamples.map((e) => [e.name, e.response?.annotation.location.line]),
      [
        ['get_count_only', 203],
        ['get_a_count', 234],
        ['get_wa_count', 348],
        ['get_to_count', 394],
        ['get_user_assignedLicenses', 444],
      ],
    );
    const text = readFileSync(join(CWD, p.file), 'utf8').split('\n');
    for (const e of p.ignoredExamples)
      assert.match(text[e.request.annotation.location.line] ?? '', /"blockType": "ignored"/);
    assert.deepEqual(p.findings, []);
  });

  test('v1.0 user-update: PATCH → 204, and an example on /me where only /users/{id} is documented', () => {
    const p = page('v1.0/api/user-update.md');
    assert.deepEqual(templates(p), ['PATCH /users/{id | userPrincipalName}']);
    assert.deepEqual(pairing(p), ['update_user → 204', 'update_other_user → 204', 'update_user_passwordProfile → 204']);
    assert.deepEqual(p.successStatus?.status, 204);
    for (const e of p.examples) assert.equal(e.request.body.kind, 'json', e.name);
    assert.equal(p.requestBody?.properties.length, 39);
    assert.deepEqual(
      p.findings.map((f) => [f.rule, f.location.line]),
      [['path-not-documented', 109]],
    );
  });

  test('v1.0 user-delete: DELETE → 204', () => {
    const p = page('v1.0/api/user-delete.md');
    assert.deepEqual(templates(p), ['DELETE /users/{id | userPrincipalName}']);
    assert.deepEqual(pairing(p), ['delete_user → 204']);
    const { request, response } = p.examples[0] ?? assert.fail();
    assert.equal(request.path, '/users/{user-id}');
    assert.deepEqual(response?.body, { kind: 'none' });
    assert.deepEqual(p.findings, []);
  });

  test('v1.0 group-post-groups: POST → 201, three examples, one wrong Content-length', () => {
    const p = page('v1.0/api/group-post-groups.md');
    assert.deepEqual(templates(p), ['POST /groups']);
    assert.deepEqual(pairing(p), [
      'create_group → 201',
      'create_prepopulated_group → 201',
      'create_role_enabled_group → 201',
    ]);
    assert.equal(p.successStatus?.status, 201);
    assert.equal(p.requestBody?.resource?.name, 'microsoft.graph.group');
    assert.deepEqual(
      p.requestBody.properties.map((prop) => prop.name),
      [
        'displayName',
        'description',
        'isAssignableToRole',
        'mailEnabled',
        'mailNickname',
        'securityEnabled',
        'owners',
        'members',
        'visibility',
      ],
    );
    const finding = findingsOf(p, 'content-length-mismatch');
    assert.deepEqual(
      finding.map((f) => [f.location.line, f.message]),
      [[99, 'Content-Length is 244, but the body is 206 bytes with LF line ends and 215 with CRLF']],
    );
    assert.equal(p.findings.length, 1);
  });

  test('v1.0 driveitem-list-children: one response names three requests', () => {
    const p = page('v1.0/api/driveitem-list-children.md');
    assert.deepEqual(pairing(p), [
      'list-children-root → 200',
      'list-children-files → 200',
      'list-children-from-path → 200',
    ]);
    const responses = new Set(p.examples.map((e) => responseOf(e)));
    assert.equal(responses.size, 1);
    const [response] = responses;
    assert.ok(response);
    assert.deepEqual(response.annotation.names, [
      'list-children-root',
      'list-children-files',
      'list-children-from-path',
    ]);
    assert.equal(response.isCollection, true);
    assert.equal(response.odataType, 'microsoft.graph.driveItem');
    assert.equal(p.responseResource?.name, 'microsoft.graph.driveItem'); // a reference-style link
    assert.deepEqual(findingsOf(p, 'unpaired-request'), []);
    // The root and path-based forms are used by the examples but not listed under "HTTP request".
    assert.deepEqual(
      findingsOf(p, 'path-not-documented').map((f) => f.location.line),
      [62, 119],
    );
  });

  test('v1.0 driveitem-get-content: a redirect, and a request to another host', () => {
    const p = page('v1.0/api/driveitem-get-content.md');
    assert.equal(templates(p).length, 6);
    assert.deepEqual(pairing(p), ['download-item-content → 302', 'download-item-partial → 206']);
    assert.equal(example(p, 'download-item-partial').request.url, 'https://b0mpua-by3301.files.1drv.com/y23vmag');
    assert.deepEqual(findingsOf(p, 'path-not-documented'), []);
    // The page has no "## Response" section: the `302 Found` prose is an example's `### Response`.
    assert.equal(p.successStatus, undefined);
    assert.deepEqual(
      p.findings.map((f) => f.rule),
      ['missing-success-status'],
    );
  });

  test('v1.0 driveitem-put-content: two "HTTP request (…)" sections', () => {
    const p = page('v1.0/api/driveitem-put-content.md');
    assert.equal(p.httpRequests.length, 10);
    assert.ok(templates(p).includes('PUT /me/drive/items/{item-id}/content'));
    assert.ok(templates(p).includes('PUT /me/drive/items/{parent-id}:/{filename}:/content'));
    assert.deepEqual(pairing(p), ['upload-via-put → 201', 'upload-via-put-id → 201']);
    assert.deepEqual(example(p, 'upload-via-put-id').request.body.kind, 'text');
    assert.equal(p.successStatus, undefined);
  });

  test('v1.0 calendar-getschedule: an action, a header row that gives a value', () => {
    const p = page('v1.0/api/calendar-getschedule.md');
    assert.deepEqual(templates(p), [
      'POST /me/calendar/getSchedule',
      'POST /users/{id | userPrincipalName}/calendar/getSchedule',
    ]);
    assert.deepEqual(
      p.requestHeaders.map((h) => [h.name, h.required]),
      [
        ['Authorization', true],
        ['Content-Type', true],
        ['Prefer', false],
      ],
    );
    assert.ok(lineAt(p.requestHeaders[2]?.location ?? assert.fail()).includes('Prefer: outlook.timezone'));
    assert.deepEqual(pairing(p), ['calendar_getSchedule → 200']);
    assert.equal(responseOf(p.examples[0]).isCollection, true);
    assert.deepEqual(p.findings, []);
  });

  test('v1.0 workbookrange-resizedrange: a function call with spaces in the request line', () => {
    const p = page('v1.0/api/workbookrange-resizedrange.md');
    assert.deepEqual(
      p.httpRequests.map((t) => t.placeholders),
      [
        ['id', 'id', 'n', 'n'],
        ['item-path', 'id', 'n', 'n'],
      ],
    );
    const { request } = p.examples[0] ?? assert.fail();
    assert.equal(
      request.path,
      '/me/drive/root/workbook/worksheets/{id}/range/resizedRange(deltaRows={n}, deltaColumns={n})',
    );
    assert.equal(responseOf(p.examples[0]).status, 200);
    // `### Response` sits under `## Request body` here; it is still the page's Response section.
    assert.deepEqual(p.successStatus, { status: 200, location: { file: p.file, line: 49 } });
    assert.deepEqual(
      p.findings.map((f) => [f.rule, f.location.line]),
      [['path-not-documented', 62]],
    );
  });

  test('beta reportroot-getemailactivityuserdetail: a function with placeholders in its arguments', () => {
    const p = page('beta/api/reportroot-getemailactivityuserdetail.md');
    assert.deepEqual(templates(p), [
      "GET /reports/getEmailActivityUserDetail(period='{period_value}')",
      'GET /reports/getEmailActivityUserDetail(date={date_value})',
    ]);
    assert.deepEqual(
      p.httpRequests.map((t) => t.placeholders),
      [['period_value'], ['date_value']],
    );
    // `### CSV` and `### JSON` are subsections of `## Response`.
    assert.equal(p.successStatus?.status, 302);
    assert.equal(p.responseResource?.name, 'microsoft.graph.emailActivityUserDetail');
    // Both requests are `blockType: ignored`: they are not replayed, and each keeps its (ignored) first response.
    assert.deepEqual(p.examples, []);
    assert.deepEqual(
      p.ignoredExamples.map((e) => [e.name, e.response?.status]),
      [
        ['reportroot_getemailactivityuserdetail_csv', 302],
        ['reportroot_getemailactivityuserdetail_json', 200],
      ],
    );
    // The CSV download after the redirect is a second response to the first request: ApiDoctor refuses that too.
    assert.deepEqual(
      p.findings.map((f) => [f.rule, f.location.line]),
      [['unpaired-response', 125]],
    );
  });

  test('beta synchronizationschema-parseexpression: an action whose request body is not JSON', () => {
    const p = page('beta/api/synchronization-synchronizationschema-parseexpression.md');
    assert.deepEqual(templates(p), [
      'POST /servicePrincipals/{id}/synchronization/jobs/{id}/schema/parseExpression',
      'POST /servicePrincipals/{id}/synchronization/templates/{id}/schema/parseExpression',
    ]);
    assert.deepEqual(pairing(p), ['synchronizationschema_parseexpression → 200']);
    // `definition: null` has an unquoted key: the intent is clear, so it is read, with a warning at its line.
    const body = p.examples[0]?.request.body;
    assert.ok(body?.kind === 'json');
    const input = (body.value as { testInputObject?: { definition?: unknown; properties?: unknown[] } })
      .testInputObject;
    assert.equal(input?.definition, null);
    assert.deepEqual(input.properties?.[0], { key: 'objectId', value: '66E4A8CC-1B7B-435E-95F8-F06CEA133828' });
    const finding = findingsOf(p, 'invalid-json-body');
    assert.deepEqual(
      finding.map((f) => [f.severity, f.location.line, f.message]),
      [['warning', 71, 'the body is not strict JSON (an unquoted key); read as intended']],
    );
    assert.equal(lineAt(finding[0]?.location ?? assert.fail()).trim(), 'definition: null,');
    assert.equal(responseOf(p.examples[0]).body.kind, 'json');
  });

  test('beta intune unbind: permissions under "Prerequisites", ``` http with a space, no annotations', () => {
    const p = page('beta/api/intune-androidforwork-androidforworksettings-unbind.md');
    assert.deepEqual(
      p.permissions.map((r) => [r.permissionType, r.permissions]),
      [
        ['Delegated (work or school account)', ['DeviceManagementConfiguration.ReadWrite.All']],
        ['Delegated (personal Microsoft account)', []],
        ['Application', ['DeviceManagementConfiguration.ReadWrite.All']],
      ],
    );
    assert.deepEqual(templates(p), ['POST /deviceManagement/androidForWorkSettings/unbind']);
    assert.deepEqual(
      p.requestHeaders.map((h) => [h.name, h.required]),
      [
        ['Authorization', true],
        ['Accept', false],
      ],
    );
    assert.equal(p.successStatus?.status, 204);
    // No annotations: the request and response are read by their first lines and paired by order, with warnings.
    assert.deepEqual(pairing(p), ['intune-androidforwork-androidforworksettings-unbind-1 → 204']);
    const [only] = p.examples;
    assert.equal(only?.origin, 'unannotated');
    assert.equal(only.request.url, 'https://graph.microsoft.com/beta/deviceManagement/androidForWorkSettings/unbind');
    assert.deepEqual(
      p.findings.map((f) => [f.rule, f.location.line]),
      [
        ['unannotated-example', 54],
        ['unannotated-example', 60],
      ],
    );
  });

  test('beta intune TODO stub: "**TODO: Determine scopes **" is found though it is not bold', () => {
    const p = page('beta/api/intune-cirrus-officeclientconfigurationassignment-get.md');
    assert.deepEqual(
      p.permissions.map((r) => r.permissions),
      [[], [], []],
    );
    assert.deepEqual(
      findingsOf(p, 'todo-placeholder').map((f) => [f.location.line, f.message]),
      [
        [25, 'TODO placeholder: "Determine scopes"'],
        [27, 'TODO placeholder: "Determine scopes"'],
      ],
    );
    assert.deepEqual(p.httpRequests[0]?.placeholders, [
      'officeClientConfigurationId',
      'officeClientConfigurationAssignmentId',
    ]);
  });

  test('beta profilephoto-get: templates in H3 subsections, scopes among prose', () => {
    const p = page('beta/api/profilephoto-get.md');
    assert.equal(p.httpRequests.length, 17);
    assert.deepEqual(templates(p).slice(0, 2), [
      'GET /me/photo/$value',
      'GET /users/{id | userPrincipalName}/photo/$value',
    ]);
    assert.ok(templates(p).includes('GET /groups/{id}/photos/{size}'));
    assert.deepEqual(p.permissions[0]?.permissions, [
      'User.Read',
      'User.ReadBasic.All',
      'User.Read.All',
      'User.ReadWrite',
      'User.ReadWrite.All',
      'Group.Read.All',
      'Group.ReadWrite.All',
      'Contacts.Read',
      'Contacts.ReadWrite',
    ]);
    // "If no photo exists, the operation returns `404 Not Found`" in the same section is not the success status.
    assert.equal(p.successStatus?.status, 200);
    assert.equal(p.responseResource?.name, 'microsoft.graph.profilePhoto');
    assert.deepEqual(p.findings, []);
  });

  test('beta profilephoto-update: PUT $value with a binary placeholder body', () => {
    const p = page('beta/api/profilephoto-update.md');
    assert.equal(p.httpRequests.length, 8);
    assert.ok(p.httpRequests.every((t) => t.method === 'PUT' && t.path.endsWith('/photo/$value')));
    assert.deepEqual(pairing(p), ['update_profilephoto → 200']);
    const { request, response } = p.examples[0] ?? assert.fail();
    assert.equal(request.body.kind === 'text' ? request.body.text : undefined, 'Binary data for the image');
    assert.deepEqual(
      request.headers.map((h) => [h.name, h.value]),
      [['Content-type', 'image/jpeg']],
    );
    assert.deepEqual(response?.body, { kind: 'none' });
    assert.deepEqual(p.permissions[0]?.permissions, [
      'User.ReadWrite',
      'User.ReadWrite.All',
      'Group.ReadWrite.All',
      'Contacts.ReadWrite',
    ]);
    assert.deepEqual(p.findings, []);
  });

  test('beta sitepage-delete: a heading between a request annotation and its block', () => {
    const p = page('beta/api/sitepage-delete.md');
    assert.deepEqual(templates(p), ['DELETE /sites/{site-id}/pages/{page-id}']);
    // The intent is clear (the heading labels the block), so the annotation is read through, with a warning.
    assert.deepEqual(pairing(p), ['delete-page → 204']);
    assert.deepEqual(
      p.findings.map((f) => [f.rule, f.severity, f.location.line]),
      [
        ['todo-placeholder', 'warning', 51],
        ['invalid-annotation', 'warning', 59],
      ],
    );
    assert.match(lineAt({ file: p.file, line: 61 }), /^#+ Request/);
  });
});

describe('resource pages', () => {
  for (const [path, title] of [
    ['beta/resources/profilephoto.md', 'profilePhoto resource type'],
    ['v1.0/resources/user.md', 'user resource type'],
    ['v1.0/resources/identityset.md', 'IdentitySet resource type'],
    ['v1.0/resources/enums.md', 'Enum values'],
    ['beta/resources/intune-shared-enablement.md', 'enablement enum type'],
  ] as const) {
    test(`${path}: a title, and no operation`, () => {
      const p = page(path);
      assert.equal(p.title, title);
      assert.equal(p.namespace, 'microsoft.graph');
      assert.deepEqual(p.httpRequests, []);
      assert.deepEqual(p.examples, []);
      assert.deepEqual(p.findings, []);
    });
  }
});
