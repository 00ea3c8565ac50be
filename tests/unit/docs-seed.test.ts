/**
 * The seed page, `fixtures/docs/update-photos.md`, read in full; then variations of its text, each built here from
 * the seed so that only the defect under test differs.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePage } from '../../src/docs/parse-page.ts';
import { meaningOf } from '../../src/docs/annotation.ts';
import type { Example, Page } from '../../src/docs/model.ts';
import type { Finding, FindingRule } from '../../src/core/finding.ts';

const FILE = 'fixtures/docs/update-photos.md';
const SEED = readFileSync(new URL('../../fixtures/docs/update-photos.md', import.meta.url), 'utf8');
const SEED_LINES = SEED.split('\n');

/** The seed with `from` replaced by `to`; fails if `from` is not in it exactly once, so a variation cannot go stale. */
function variant(from: string, to: string, text: string = SEED): string {
  assert.equal(text.split(from).length, 2, `the seed must contain ${JSON.stringify(from)} exactly once`);
  return text.replace(from, () => to);
}

/** 1-based lines `first..last` of the seed, as text. */
function seedLines(first: number, last: number): string[] {
  return SEED_LINES.slice(first - 1, last);
}

function findings(page: Page, rule: FindingRule): Finding[] {
  return page.findings.filter((f) => f.rule === rule);
}

function only<T>(items: readonly T[]): T {
  assert.equal(items.length, 1, `expected exactly one, got ${items.length}`);
  const [item] = items;
  assert.ok(item !== undefined);
  return item;
}

function onlyExample(page: Page): Example {
  return only(page.examples);
}

describe('the seed page', () => {
  const page = parsePage(FILE, SEED);

  test('is the file it claims to be (LF line ends, the lines these tests rely on)', () => {
    assert.ok(!SEED.includes('\r'));
    assert.equal(SEED_LINES[9], '# Update photos');
    assert.equal(SEED_LINES[64], 'PATCH https://graph.microsoft.com/beta/me/photos');
  });

  test('front matter', () => {
    assert.deepEqual(page.frontMatter, {
      title: 'Update photos',
      description: 'Update the properties of a photos object.',
      author: '**TODO: Provide Github Name**',
      localization_priority: 'Normal',
      'ms.prod': '**TODO: Add MS prod**',
      doc_type: 'apiPageType',
    });
  });

  test('title, namespace and version', () => {
    assert.equal(page.file, FILE);
    assert.equal(page.title, 'Update photos');
    assert.equal(page.namespace, 'microsoft.graph');
    // The seed sits in no version folder: the version comes from its example's URL.
    assert.equal(page.version, 'beta');
  });

  test('three permission rows, none with a permission (the cells are TODO placeholders)', () => {
    assert.deepEqual(
      page.permissions.map((p) => [p.permissionType, p.permissions, p.location.line]),
      [
        ['Delegated (work or school account)', [], 21],
        ['Delegated (personal Microsoft account)', [], 22],
        ['Application', [], 23],
      ],
    );
    for (const row of page.permissions) assert.equal(row.location.file, FILE);
  });

  test('both HTTP request templates, with placeholders and lines', () => {
    assert.deepEqual(page.httpRequests, [
      {
        method: 'PATCH',
        path: '/me/photos',
        segments: [
          { kind: 'literal', value: 'me' },
          { kind: 'literal', value: 'photos' },
        ],
        placeholders: [],
        location: { file: FILE, line: 31 },
      },
      {
        method: 'PATCH',
        path: '/users/{usersId}/photos',
        segments: [
          { kind: 'literal', value: 'users' },
          { kind: 'placeholder', name: 'usersId', alternatives: ['usersId'] },
          { kind: 'literal', value: 'photos' },
        ],
        placeholders: ['usersId'],
        location: { file: FILE, line: 32 },
      },
    ]);
  });

  test('the Authorization header is required', () => {
    assert.deepEqual(page.requestHeaders, [
      {
        name: 'Authorization',
        required: true,
        description: 'Bearer {token}. Required',
        location: { file: FILE, line: 38 },
      },
    ]);
  });

  test('request body: the resource it represents and its three property rows', () => {
    const body = page.requestBody;
    assert.ok(body);
    assert.deepEqual(body.location, { file: FILE, line: 40 });
    assert.deepEqual(body.resource, {
      name: 'microsoft.graph.profilePhoto',
      href: '../resources/profilephoto.md',
      location: { file: FILE, line: 41 },
    });
    assert.deepEqual(
      body.properties.map((p) => [p.name, p.type.text, p.location.line]),
      [
        ['id', 'String', 47],
        ['height', 'Int32', 48],
        ['width', 'Int32', 49],
      ],
    );
    const id = body.properties[0];
    assert.ok(id);
    assert.equal(id.description, 'TODO: Add Description Inherited from entity');
  });

  test('success status 200 and the response resource, from the Response prose', () => {
    assert.deepEqual(page.successStatus, { status: 200, location: { file: FILE, line: 54 } });
    assert.deepEqual(page.responseResource, {
      name: 'microsoft.graph.profilePhoto',
      href: '../resources/profilephoto.md',
      location: { file: FILE, line: 54 },
    });
  });

  test('the example update_photos: its request', () => {
    const { name, request } = onlyExample(page);
    assert.equal(name, 'update_photos');
    assert.deepEqual(request.annotation, {
      blockType: 'request',
      names: ['update_photos'],
      fields: { blockType: 'request', name: 'update_photos' },
      meaning: meaningOf({}),
      source: 'comment',
      location: { file: FILE, line: 59 },
    });
    assert.equal(request.method, 'PATCH');
    assert.equal(request.url, 'https://graph.microsoft.com/beta/me/photos');
    assert.equal(request.version, 'beta');
    assert.equal(request.path, '/me/photos');
    assert.equal(request.query, '');
    assert.deepEqual(request.location, { file: FILE, line: 65 });
    assert.deepEqual(request.headers, [
      { name: 'Content-Type', value: 'application/json', location: { file: FILE, line: 66 } },
      { name: 'Content-length', value: '85', location: { file: FILE, line: 67 } },
    ]);
    assert.deepEqual(request.body, {
      kind: 'json',
      value: { '@odata.type': '#microsoft.graph.profilePhoto', height: 6, width: 5 },
      text: seedLines(69, 73).join('\n'),
      location: { file: FILE, line: 69 },
    });
  });

  test('the example update_photos: its response', () => {
    const { response } = onlyExample(page);
    assert.ok(response);
    assert.equal(response.status, 200);
    assert.equal(response.truncated, true);
    assert.equal(response.isCollection, false);
    assert.equal(response.isEmpty, false);
    assert.equal(response.expectError, false);
    assert.equal(response.odataType, undefined);
    assert.deepEqual(response.annotation.location, { file: FILE, line: 78 });
    assert.deepEqual(response.annotation.names, []);
    assert.deepEqual(response.location, { file: FILE, line: 84 });
    assert.deepEqual(response.headers, [
      { name: 'Content-Type', value: 'application/json', location: { file: FILE, line: 85 } },
    ]);
    assert.deepEqual(response.body, {
      kind: 'json',
      value: {
        '@odata.type': '#microsoft.graph.profilePhoto',
        id: '861907cf-07cf-8619-cf07-1986cf071986',
        height: 6,
        width: 5,
      },
      text: seedLines(86, 91).join('\n'),
      location: { file: FILE, line: 86 },
    });
  });

  test('findings: the TODO placeholders, and nothing else', () => {
    assert.deepEqual(
      page.findings.map((f) => [f.rule, f.severity, f.location.line, f.message]),
      [
        ['todo-placeholder', 'warning', 4, 'TODO placeholder: "Provide Github Name"'],
        ['todo-placeholder', 'warning', 6, 'TODO placeholder: "Add MS prod"'],
        ['todo-placeholder', 'warning', 21, 'TODO placeholder: "Provide applicable permissions"'],
        ['todo-placeholder', 'warning', 22, 'TODO placeholder: "Provide applicable permissions"'],
        ['todo-placeholder', 'warning', 23, 'TODO placeholder: "Provide applicable permissions"'],
        ['todo-placeholder', 'warning', 47, 'TODO placeholder: "Add Description"'],
        ['todo-placeholder', 'warning', 48, 'TODO placeholder: "Add Description"'],
        ['todo-placeholder', 'warning', 49, 'TODO placeholder: "Add Description"'],
      ],
    );
  });

  test('no content-length finding: 85 is the body length with CRLF line ends', () => {
    const body = seedLines(69, 73);
    assert.equal(Buffer.byteLength(body.join('\r\n')), 85);
    assert.notEqual(Buffer.byteLength(body.join('\n')), 85);
    assert.deepEqual(findings(page, 'content-length-mismatch'), []);
  });
});

describe('variations of the seed', () => {
  test('a Content-Length of 99 is reported at the header line', () => {
    const page = parsePage(FILE, variant('Content-length: 85', 'Content-length: 99'));
    const finding = only(findings(page, 'content-length-mismatch'));
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.location.line, 67);
    assert.match(finding.message, /99/);
    assert.match(finding.message, /81 bytes with LF line ends and 85 with CRLF/);
  });

  test('a Content-Length on a binary placeholder body is not measured', () => {
    const json = seedLines(69, 73).join('\n');
    const binary = variant(
      `Content-Type: application/json\nContent-length: 85\n\n${json}`,
      'Content-Type: image/jpeg\nContent-length: 85\n\nBinary data for the image',
    );
    const page = parsePage(FILE, binary);
    const { body } = onlyExample(page).request;
    assert.deepEqual(body, { kind: 'text', text: 'Binary data for the image', location: { file: FILE, line: 69 } });
    assert.deepEqual(findings(page, 'content-length-mismatch'), []);
  });

  test('an error status named before the success status in the Response prose is not the success status', () => {
    const prose = 'If successful, this method returns a `200 OK` response code';
    const page = parsePage(FILE, variant(prose, `If no photo exists, it returns \`404 Not Found\`. ${prose}`));
    assert.deepEqual(page.successStatus, { status: 200, location: { file: FILE, line: 54 } });
  });

  test('permissions: the current three-column table, and prose around the scope names', () => {
    const table = seedLines(19, 23).join('\n');
    const current = [
      '|Permission type|Least privileged permissions|Higher privileged permissions|',
      '|:---|:---|:---|',
      '|Delegated (work or school account)|For **user** resource:<br/>User.ReadWrite|User.ReadWrite.All and Directory.ReadWrite.All.|',
      '|Delegated (personal Microsoft account)|User.ReadWrite|Not available.|',
      '|Application|None.|User.ReadWrite.All, User.ReadWrite.All|',
    ].join('\n');
    const page = parsePage(FILE, variant(table, current));
    assert.deepEqual(
      page.permissions.map((p) => [p.permissionType, p.permissions, p.location.line]),
      [
        ['Delegated (work or school account)', ['User.ReadWrite', 'User.ReadWrite.All', 'Directory.ReadWrite.All'], 21],
        ['Delegated (personal Microsoft account)', ['User.ReadWrite'], 22],
        ['Application', ['User.ReadWrite.All'], 23],
      ],
    );
  });

  test('a DocFX tab group is neither the title nor a section', () => {
    const request = seedLines(59, 74).join('\n');
    const tabbed = `# [HTTP](#tab/http)\n${request}\n# [C#](#tab/csharp)\n[!INCLUDE [sample-code](../includes/snippets/csharp/update-photos-csharp-snippets.md)]\n\n---\n`;
    // No H1 before the tab group: the tab marker must not become the title.
    const page = parsePage(FILE, variant(request, tabbed, variant('# Update photos\n', '\n')));
    assert.equal(page.title, undefined);
    assert.deepEqual(
      page.examples.map((e) => [e.name, e.request.location.line, e.response?.status]),
      [['update_photos', 66, 200]],
    );
    assert.deepEqual(page.successStatus, { status: 200, location: { file: FILE, line: 54 } });
  });

  test('an example URL whose path is not documented', () => {
    const page = parsePage(
      FILE,
      variant(
        'PATCH https://graph.microsoft.com/beta/me/photos',
        'PATCH https://graph.microsoft.com/beta/me/photo/$value',
      ),
    );
    const finding = only(findings(page, 'path-not-documented'));
    assert.equal(finding.severity, 'error');
    assert.equal(finding.location.line, 65);
    assert.match(finding.message, /\/me\/photo\/\$value/);
  });

  test('a documented path with an undocumented method', () => {
    const page = parsePage(
      FILE,
      variant('PATCH https://graph.microsoft.com/beta/me/photos', 'DELETE https://graph.microsoft.com/beta/me/photos'),
    );
    const finding = only(findings(page, 'path-not-documented'));
    assert.equal(finding.location.line, 65);
    assert.match(finding.message, /uses DELETE, but \/me\/photos is documented only for PATCH/);
  });

  test('an example URL that fills a template placeholder matches it, spaces and all', () => {
    const url = 'https://graph.microsoft.com/beta/users/{id | userPrincipalName}/photos';
    const page = parsePage(FILE, variant('PATCH https://graph.microsoft.com/beta/me/photos', `PATCH ${url}`));
    const { request } = onlyExample(page);
    assert.equal(request.url, url);
    assert.equal(request.path, '/users/{id | userPrincipalName}/photos');
    assert.deepEqual(findings(page, 'path-not-documented'), []);
    assert.deepEqual(findings(page, 'invalid-http-block'), []);
  });

  test('a request to another host is not checked against the documented paths', () => {
    const page = parsePage(
      FILE,
      variant(
        'PATCH https://graph.microsoft.com/beta/me/photos',
        'PATCH https://sn3302.up.1drv.com/up/fe6987415ace7X4e1eF866337',
      ),
    );
    assert.equal(onlyExample(page).request.path, '/up/fe6987415ace7X4e1eF866337');
    assert.deepEqual(findings(page, 'path-not-documented'), []);
  });

  test('an annotation missing a comma is read as intended, with a warning at the line of the defect', () => {
    const page = parsePage(FILE, variant('"blockType": "request",', '"blockType": "request"'));
    const finding = only(findings(page, 'invalid-annotation'));
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /a missing comma/);
    assert.equal(finding.location.line, 61);
    assert.equal(onlyExample(page).name, 'update_photos');
  });

  test('a broken annotation is reported at its line, and the rest of the page is still read', () => {
    const page = parsePage(FILE, variant('"blockType": "request",', '"blockType": "request" =>'));
    const finding = only(findings(page, 'invalid-annotation'));
    assert.equal(finding.severity, 'error');
    assert.equal(finding.location.line, 59);
    assert.match(finding.message, /not valid JSON/);
    // The block it annotated is read as an un-annotated request (with a warning). The annotated response right after
    // it still answers it: nothing else stands between them.
    assert.equal(only(findings(page, 'unannotated-example')).location.line, 64);
    assert.deepEqual(findings(page, 'unpaired-response'), []);
    const example = onlyExample(page);
    assert.equal(example.origin, 'unannotated');
    assert.equal(example.request.annotation.source, 'inferred');
    assert.equal(example.response?.status, 200);
    // Everything else is as on the seed.
    const seed = parsePage(FILE, SEED);
    assert.equal(page.title, seed.title);
    assert.deepEqual(page.frontMatter, seed.frontMatter);
    assert.deepEqual(page.permissions, seed.permissions);
    assert.deepEqual(page.httpRequests, seed.httpRequests);
    assert.deepEqual(page.requestHeaders, seed.requestHeaders);
    assert.deepEqual(page.requestBody, seed.requestBody);
    assert.deepEqual(page.successStatus, seed.successStatus);
    assert.equal(findings(page, 'todo-placeholder').length, 8);
  });

  test('an annotation that a heading separates from its block is read through, with a warning', () => {
    const page = parsePage(
      FILE,
      variant('"name": "update_photos"\n}\n-->\n', '"name": "update_photos"\n}\n-->\n#### The request\n'),
    );
    const finding = only(findings(page, 'invalid-annotation'));
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.location.line, 59);
    assert.match(finding.message, /a heading stands between the request annotation and its code block/);
    assert.equal(onlyExample(page).name, 'update_photos');
  });

  test('an annotation that a paragraph separates from its block is lost, and says so', () => {
    const page = parsePage(
      FILE,
      variant('"name": "update_photos"\n}\n-->\n', '"name": "update_photos"\n}\n-->\nSome prose.\n\n'),
    );
    const finding = only(findings(page, 'invalid-annotation'));
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /request annotation is not directly followed by its code block/);
    // Says what happens: the block is read, as un-annotated (not "not read").
    assert.match(finding.message, /read as un-annotated/);
    assert.equal(onlyExample(page).origin, 'unannotated');
  });

  test('a malformed JSON body: an error at the line where the JSON breaks; the request is kept with a text body', () => {
    const page = parsePage(
      FILE,
      variant(
        '  "height": 6,\n  "width": 5\n}\n```\n\n### Response',
        '  "height": 6,\n  "width": 5 5\n}\n```\n\n### Response',
      ),
    );
    const finding = only(findings(page, 'invalid-json-body'));
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /not valid JSON/);
    // `5 5` is not a missing comma between members: the error is at its line.
    assert.equal(finding.location.line, 72);
    assert.equal(SEED_LINES[71], '  "width": 5');
    const { request, response } = onlyExample(page);
    assert.equal(request.body.kind, 'text');
    assert.equal(response?.status, 200);
  });

  test('a trailing comma: the body is read as intended, with a warning', () => {
    const withComma = variant('  "width": 5\n}\n```\n\n### Response', '  "width": 5,\n}\n```\n\n### Response');
    const page = parsePage(FILE, variant('Content-length: 85', 'Content-length: 86', withComma));
    const finding = only(findings(page, 'invalid-json-body'));
    assert.equal(finding.severity, 'warning');
    // At the line of the comma.
    assert.equal(finding.location.line, 72);
    assert.match(finding.message, /trailing comma/);
    const { body } = onlyExample(page).request;
    assert.equal(body.kind, 'json');
    assert.deepEqual(body.value, { '@odata.type': '#microsoft.graph.profilePhoto', height: 6, width: 5 });
    assert.deepEqual(findings(page, 'content-length-mismatch'), []);
  });

  test('a second response to a request already answered says so, not that no request comes before it', () => {
    // The seed's response (lines 76-92) twice: the second follows a request that the first already answers.
    const text = [...seedLines(1, 93), '', ...seedLines(76, 93), ...seedLines(93, SEED_LINES.length)].join('\n');
    const page = parsePage(FILE, text);
    const unpaired = only(findings(page, 'unpaired-response'));
    assert.match(unpaired.message, /follows only requests already paired with a response/);
    assert.doesNotMatch(unpaired.message, /no request before it/);
    assert.equal(onlyExample(page).response?.status, 200);
  });

  test('a response before any request is unpaired', () => {
    // `## Examples` (line 56), then the response (lines 76-92), then the request (lines 58-74).
    const text = [
      ...seedLines(1, 57),
      ...seedLines(76, 93),
      ...seedLines(58, 75),
      ...seedLines(93, SEED_LINES.length),
    ].join('\n');
    const page = parsePage(FILE, text);
    // The response's annotation (seed line 78) now sits 76 - 58 lines earlier.
    const unpaired = only(findings(page, 'unpaired-response'));
    assert.equal(unpaired.location.line, 78 - (76 - 58));
    assert.match(unpaired.message, /has no request before it/);
    const example = onlyExample(page);
    assert.equal(example.response, undefined);
    assert.equal(only(findings(page, 'unpaired-request')).location.line, example.request.annotation.location.line);
  });

  test('duplicate example names are renamed and reported', () => {
    // Seed lines 58-92 (request and response) again, from line 94 on.
    const page = parsePage(FILE, [...seedLines(1, 93), ...seedLines(58, 92), ''].join('\n'));
    const shift = 94 - 58;
    assert.deepEqual(
      page.examples.map((e) => [e.name, e.request.location.line, e.response?.location.line]),
      [
        ['update_photos', 65, 84],
        ['update_photos-2', 65 + shift, 84 + shift],
      ],
    );
    const finding = only(findings(page, 'duplicate-example-name'));
    assert.equal(finding.severity, 'error');
    assert.equal(finding.location.line, 59 + shift);
  });

  test('an empty file', () => {
    const page = parsePage('empty.md', '');
    assert.deepEqual(page, {
      file: 'empty.md',
      frontMatter: {},
      namespace: 'microsoft.graph',
      permissions: [],
      httpRequests: [],
      requestHeaders: [],
      pathParameters: [],
      queryParameters: [],
      functionParameters: [],
      examples: [],
      ignoredExamples: [],
      blocks: [],
      includes: [],
      findings: [],
      suppressedFindings: [],
    });
  });

  test('a file with only front matter', () => {
    const frontMatter = SEED_LINES.slice(0, 8).join('\n') + '\n';
    const page = parsePage(FILE, frontMatter);
    assert.deepEqual(page.frontMatter, parsePage(FILE, SEED).frontMatter);
    assert.equal(page.title, undefined);
    assert.deepEqual(page.examples, []);
    assert.deepEqual(
      page.findings.map((f) => [f.rule, f.location.line]),
      [
        ['todo-placeholder', 4],
        ['todo-placeholder', 6],
      ],
    );
  });

  test('invalid YAML front matter is a finding, not a throw, and the page is still read', () => {
    const page = parsePage(FILE, variant('title: "Update photos"', 'title: [Update photos'));
    const finding = only(findings(page, 'invalid-front-matter'));
    assert.equal(finding.severity, 'error');
    assert.equal(finding.location.line, 1);
    assert.match(finding.message, /not valid YAML/);
    assert.deepEqual(page.frontMatter, {});
    assert.equal(page.title, 'Update photos');
    assert.equal(onlyExample(page).name, 'update_photos');
  });

  test('CRLF line ends give the same model and the same lines', () => {
    const crlf = SEED.replace(/\n/g, '\r\n');
    assert.ok(crlf.includes('\r\n'));
    assert.deepEqual(parsePage(FILE, crlf), parsePage(FILE, SEED));
  });
});
