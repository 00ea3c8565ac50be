/**
 * Requests to handed-out URLs and binary placeholders, on the real pages that show them (fixtures/corpus): an upload
 * session (driveitem-createuploadsession), a download redirect (driveitem-get-content) and a photo upload
 * (profilephoto-update), then small pages for the cases those lack.
 *
 * Run: node --import tsx --test tests/unit/cases-handed-out.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { byName } from './support/params.ts';
import { buildCases } from '../../src/cases/build-cases.ts';
import type { ConformanceCase, ReadyCase } from '../../src/cases/model.ts';
import { planBody } from '../../src/cases/stand-in-body.ts';
import { loadDocs } from '../../src/docs/load-docs.ts';
import { parsePage } from '../../src/docs/parse-page.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const API = 'fixtures/corpus/api-reference';
const UPLOAD = `${API}/v1.0/api/driveitem-createuploadsession.md`;
const DOWNLOAD = `${API}/v1.0/api/driveitem-get-content.md`;
const PHOTO = `${API}/beta/api/profilephoto-update.md`;

function casesOf(file: string): ConformanceCase[] {
  // The pages include files from the corpus's shared includes, outside the page's own folder.
  const { pages, findings } = loadDocs([file], ROOT, { cache: false, includeRoots: [API] });
  assert.deepEqual(findings, []);
  return buildCases(pages, {
    roots: [file],
    params: byName({ 'item-path': 'value-of-item-path', 'item-id': 'value-of-item-id' }),
  });
}

function named(cases: readonly ConformanceCase[], title: string): ReadyCase {
  const found = cases.find((c) => c.title === title);
  assert.ok(found, `a case titled ${title}`);
  assert.ok(found.runnable, `${title} runs${found.runnable ? '' : `, but: ${found.reason}`}`);
  return found;
}

describe('an upload session: each request to the uploadUrl follows the answer that hands it out', () => {
  const cases = casesOf(UPLOAD);
  const follow = (name: string): ReadyCase => named(cases, `driveitem-createuploadsession.md › ${name}`);

  test('the URL comes from /uploadUrl of the createUploadSession answer, sent as documented with its placeholders filled', () => {
    for (const name of [
      'upload-fragment-piece',
      'upload-fragment-final',
      'commit-upload',
      'upload-fragment-cancel',
      'upload-fragment-resume',
    ]) {
      const via = follow(name).request.handedOut;
      assert.ok(via, name);
      assert.equal(via.producer.name, 'upload-fragment-create-session');
      assert.deepEqual(via.at, { kind: 'json', pointer: '/uploadUrl' });
      assert.equal(via.producerStatus, 200);
      assert.equal(via.producerRequest.path, '/v1.0/me/drive/root:/value-of-item-path:/createUploadSession');
      assert.equal(via.producerRequest.body.kind, 'json');
    }
  });

  test('a fragment sends the bytes of its Content-Range, after the bytes before it', () => {
    const piece = follow('upload-fragment-piece').request;
    assert.deepEqual(piece.standIn, { kind: 'bytes', range: { first: 0, last: 25, total: 128 } });
    assert.equal(piece.handedOut?.bytesBefore, undefined, 'the first fragment presumes nothing');
    assert.deepEqual(piece.headers, [['Content-Range', 'bytes 0-25/128']], 'Content-Length is the client’s to compute');

    const final = follow('upload-fragment-final').request;
    assert.deepEqual(final.standIn, { kind: 'bytes', range: { first: 101, last: 127, total: 128 } });
    assert.deepEqual(final.handedOut?.bytesBefore, { first: 0, last: 100, total: 128 });
  });

  test('a commit follows the whole file; a cancel and a status read presume nothing', () => {
    const commit = follow('commit-upload').request;
    assert.equal(commit.method, 'POST');
    assert.equal(commit.standIn, undefined);
    assert.deepEqual(commit.handedOut?.bytesBefore, { first: 0, last: 127, total: 128 });
    assert.equal(follow('upload-fragment-cancel').request.handedOut?.bytesBefore, undefined);
    assert.equal(follow('upload-fragment-resume').request.handedOut?.bytesBefore, undefined);
  });

  test('the case shows the URL the doc shows, and probes nothing on it', () => {
    const piece = follow('upload-fragment-piece');
    assert.equal(piece.request.path, 'https://sn3302.up.1drv.com/up/fe6987415ace7X4e1eF866337');
    assert.equal(piece.request.query, '');
    assert.equal(
      cases.filter((c) => c.kind.type === 'requires-auth' && c.example.request.url.includes('1drv.com')).length,
      0,
    );
  });

  test("the doc's Content-Length that contradicts its Content-Range is a finding at its line", () => {
    const { pages } = loadDocs([UPLOAD], ROOT, { cache: false });
    const found = pages[0]?.findings.filter((f) => f.rule === 'content-length-mismatch') ?? [];
    assert.deepEqual(
      found.map((f) => [f.location.line, f.message]),
      [[227, 'Content-Length is 21, but Content-Range bytes 101-127/128 covers 27 bytes']],
    );
  });
});

describe('a download redirect', () => {
  test('the partial download follows the Location header of the /content answer', () => {
    const partial = named(casesOf(DOWNLOAD), 'driveitem-get-content.md › download-item-partial').request;
    assert.equal(partial.handedOut?.producer.name, 'download-item-content');
    assert.deepEqual(partial.handedOut.at, { kind: 'header', name: 'Location' });
    assert.equal(partial.handedOut.producerStatus, 302);
    assert.deepEqual(partial.headers, [['Range', 'bytes=0-1023']]);
  });
});

describe('binary placeholders', () => {
  test('"Binary data for the image" with Content-type image/jpeg sends a JPEG', () => {
    const photo = named(casesOf(PHOTO), 'profilephoto-update.md › update_profilephoto').request;
    assert.deepEqual(photo.standIn, { kind: 'image', mediaType: 'image/jpeg' });
    assert.equal(photo.body.kind, 'text', 'the documented body is kept for the report');
  });

  const page = (
    contentType: string,
    body: string,
    url = 'https://graph.microsoft.com/v1.0/me/thing',
  ): ReturnType<typeof parsePage> =>
    parsePage(
      'docs/upload.md',
      [
        '# Upload',
        '',
        '## Example',
        '',
        '<!-- { "blockType": "request", "name": "up" } -->',
        '```http',
        `PUT ${url}`,
        `Content-Type: ${contentType}`,
        '',
        body,
        '```',
        '',
        '<!-- { "blockType": "response" } -->',
        '```http',
        'HTTP/1.1 204 No Content',
        '```',
        '',
      ].join('\n'),
    );

  test('PNG is made too; other binary types are skipped, naming the type and the placeholder', () => {
    const png = page('image/png', 'Binary data for the image').examples[0]?.request;
    assert.ok(png);
    assert.deepEqual(planBody(png), { kind: 'stand-in', standIn: { kind: 'image', mediaType: 'image/png' } });
    const [zip] = buildCases([page('application/zip', '<the package>')], { roots: ['docs'], params: byName({}) });
    assert.ok(zip && !zip.runnable);
    assert.match(zip.reason, /application\/zip body as "<the package>" \(docs\/upload\.md:10\).*JPEG and PNG/);
  });

  test('a placeholder whose Content-Range cannot be read is skipped, naming the header and its line', () => {
    const text = page('application/octet-stream', '<bytes>').examples[0]?.request;
    assert.ok(text);
    const broken = {
      ...text,
      headers: [
        ...text.headers,
        { name: 'Content-Range', value: 'bytes 9-3/10', location: { file: 'docs/upload.md', line: 9 } },
      ],
    };
    assert.deepEqual(planBody(broken), {
      kind: 'unsendable',
      rule: 'unsendable-body',
      reason:
        'the upload\'s Content-Range "bytes 9-3/10" (docs/upload.md:9) is not a byte range of a known total, so its length is unknown',
    });
  });

  test('text bodies are sent as written, and a broken JSON body stays a doc defect', () => {
    const text = page('text/plain', 'The contents of the file goes here.').examples[0]?.request;
    assert.ok(text);
    assert.deepEqual(planBody(text), { kind: 'as-documented' });
    const json = page('application/json', '{ "a": ').examples[0]?.request;
    assert.ok(json);
    assert.equal(planBody(json).kind, 'unsendable');
  });

  test('a request to a host no earlier answer hands out is skipped as the doc defect it is', () => {
    const [c] = buildCases([page('text/plain', 'x', 'https://contoso.example/hook')], {
      roots: ['docs'],
      params: byName({}),
    });
    assert.ok(c && !c.runnable);
    assert.match(
      c.reason,
      /^the example requests https:\/\/contoso\.example \(docs\/upload\.md:7\), and no earlier answer on the page hands out a URL there/,
    );
  });
});
