/**
 * Test titles are unique by construction (Playwright refuses a run with two alike, so one page would stop them all),
 * and a request the HTTP client cannot send is said to be exactly that. Real pages from fixtures/titles reproduce
 * each pattern met in the whole 2021 reference; small pages written here reproduce the others.
 *
 * Run: node --import tsx --test tests/unit/cases-titles.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCases } from '../../src/cases/build-cases.ts';
import { buildProbes } from '../../src/cases/probes.ts';
import { bodyTextOf } from '../../src/cases/probe-body.ts';
import type { ConformanceCase } from '../../src/cases/model.ts';
import { withUniqueTitles } from '../../src/cases/unique-titles.ts';
import { byName, eachName } from './support/params.ts';
import { loadDocs } from '../../src/docs/load-docs.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TITLES = `${ROOT}fixtures/titles/api-reference`;

function titlesOf(docs: readonly string[]): { cases: string[]; probes: string[] } {
  const { pages } = loadDocs(docs, ROOT, { cache: false });
  const cases = buildCases(pages, { roots: docs, params: eachName((name) => `value-of-${name}`) });
  const probes = buildProbes(cases, buildSchemaRegistry(pages));
  return { cases: cases.map((c) => c.title), probes: probes.map((p) => p.title) };
}

function repeated(titles: readonly string[]): string[] {
  return titles.filter((t, i) => titles.indexOf(t) !== i);
}

describe('titles from real pages that once repeated them', () => {
  const { cases, probes } = titlesOf([TITLES]);

  test('no title repeats, among the cases or the probes', () => {
    assert.deepEqual(repeated(cases), []);
    assert.deepEqual(repeated(probes), []);
  });

  test('a row in two request-body tables is one probe per example, not two alike', () => {
    for (const example of ['update_identityprovider', 'update_openidconnectprovider']) {
      const title = `beta/api/identityprovider-update.md › ${example} › probe: clientId is String, sent true`;
      assert.equal(probes.filter((t) => t === title).length, 1, title);
    }
    const thrice = 'beta/api/identityproviderbase-update.md › update_socialidentityprovider › probe: displayName is';
    assert.equal(probes.filter((t) => t === `${thrice} String, sent true`).length, 1);
    const printer = 'v1.0/api/printer-update.md › update_printer › probe: displayName is String, sent true';
    assert.equal(probes.filter((t) => t === printer).length, 1);
  });
});

/** The seed page (fixtures/docs) at another path, its example shown once per name given. */
function pageWithExamples(file: string, names: readonly string[]): ReturnType<typeof parsePage> {
  const seed = readFileSync(`${ROOT}fixtures/docs/update-photos.md`, 'utf8');
  const at = seed.indexOf('## Examples');
  const example = seed.slice(at);
  return parsePage(
    file,
    seed.slice(0, at) + names.map((name) => example.replace('"name": "update_photos"', `"name": "${name}"`)).join('\n'),
  );
}

function examplesOf(cases: readonly ConformanceCase[]): string[] {
  return cases.filter((c) => c.kind.type === 'example').map((c) => c.title);
}

describe('titles from patterns written here', () => {
  test('two examples named alike on one page: the later one is told apart, in document order', () => {
    const page = pageWithExamples('docs/photo-update.md', ['update_photo', 'update_photo']);
    const cases = buildCases([page], { roots: ['docs'], params: byName({}) });
    assert.deepEqual(repeated(cases.map((c) => c.title)), []);
    // The parser already names the second `update_photo-2` (and reports duplicate-example-name).
    assert.deepEqual(examplesOf(cases), ['photo-update.md › update_photo', 'photo-update.md › update_photo-2']);
  });

  test('the same path under two docs roots is named from their common folder', () => {
    const v1 = pageWithExamples('ref/v1.0/api/photo-update.md', ['update_photo_v1']);
    const beta = pageWithExamples('ref/beta/api/photo-update.md', ['update_photo_beta']);
    const other = pageWithExamples('ref/beta/api/other.md', ['other']);
    const cases = buildCases([v1, beta, other], { roots: ['ref/v1.0', 'ref/beta'], params: byName({}) });
    assert.deepEqual(repeated(cases.map((c) => c.title)), []);
    assert.deepEqual(examplesOf(cases), [
      'v1.0/api/photo-update.md › update_photo_v1',
      'beta/api/photo-update.md › update_photo_beta',
      'api/other.md › other',
    ]);
  });

  test('a disambiguator never takes a title the docs already gave', () => {
    const items = [{ title: 'a' }, { title: 'a (2)' }, { title: 'a' }, { title: 'a' }];
    assert.deepEqual(
      withUniqueTitles(items).map((i) => i.title),
      ['a', 'a (2)', 'a (3)', 'a (4)'],
    );
  });
});

describe('a documented GET with a body', () => {
  const { pages } = loadDocs([`${TITLES}/beta/api/worksheet-range.md`], ROOT, { cache: false });
  const cases = buildCases(pages, { roots: [TITLES], params: eachName((name) => `value-of-${name}`) });

  test('is skipped as a request HTTP clients cannot send, naming the body line, not sent and failed', () => {
    const example = cases.find((c) => c.title === 'beta/api/worksheet-range.md › worksheet_range');
    assert.ok(example && !example.runnable, 'the example is not runnable');
    assert.match(
      example.reason,
      /^the doc shows a GET request with a body \(.*worksheet-range\.md:65\), which HTTP clients cannot send/,
    );
  });

  test('the other path it would stand for says why, and no unauthenticated request borrows it', () => {
    const other = cases.find((c) => c.kind.type === 'path-without-example');
    assert.ok(other && !other.runnable);
    assert.match(
      other.reason,
      /example "worksheet_range", which would stand for GET .*cannot run: the doc shows a GET/,
    );
    assert.deepEqual(
      cases.filter((c) => c.kind.type === 'requires-auth').map((c) => c.title),
      [],
    );
  });
});

describe('a request body that names a resource only by a placeholder', () => {
  // v1.0/api/group-post-members.md (cut down): the member to add is `{id}` in the body's @odata.id.
  const text = [
    '# Add member',
    '',
    '## Example',
    '<!-- { "blockType": "request", "name": "add_member_to_group" } -->',
    '```http',
    'POST https://graph.microsoft.com/v1.0/groups/{group-id}/members/$ref',
    'Content-type: application/json',
    '',
    '{ "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}" }',
    '```',
    '<!-- { "blockType": "response" } -->',
    '```http',
    'HTTP/1.1 204 No Content',
    '```',
  ].join('\n');
  const page = parsePage('docs/group-post-members.md', text);

  test("is sent with the URL's placeholder filled as a path's is, and says where the value came from", () => {
    const [c] = buildCases([page], { roots: ['docs'], params: eachName((name) => `value-of-${name}`) });
    assert.ok(c?.runnable, JSON.stringify(c));
    assert.equal(c.request.path, '/v1.0/groups/value-of-group-id/members/$ref');
    assert.ok(c.request.body.kind === 'json');
    assert.deepEqual(c.request.body.value, {
      '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/value-of-id',
    });
    assert.deepEqual(JSON.parse(c.request.body.text), c.request.body.value);
    assert.deepEqual(
      c.filled.map((v) => v.name),
      ['group-id', 'id'],
    );
    // The documented body stays as the page shows it, for the report.
    assert.ok(c.example.request.body.kind === 'json');
    assert.match(c.example.request.body.text, /directoryObjects\/\{id\}/);
  });

  test('without a value for it, the case is skipped with placeholder-unfilled, naming what to set and where', () => {
    const [c] = buildCases([page], { roots: ['docs'], params: byName({ 'group-id': '02bd9fd6' }) });
    assert.ok(c && !c.runnable, JSON.stringify(c));
    assert.equal(c.rule, 'placeholder-unfilled');
    assert.match(c.reason, /request body names a Graph resource by a placeholder \(docs\/group-post-members\.md:9\)/);
    assert.match(c.reason, /\{id\}: set PARAM_id/);
    assert.deepEqual(c.needs, [{ name: 'id', collection: '/directoryobjects' }]);
  });

  test('one placeholder standing for several resources is not filled: one value cannot stand for each', () => {
    // Example 2 of the same page: three members added by `members@odata.bind`, each `directoryObjects/{id}`.
    const bind = text
      .replace(
        'POST https://graph.microsoft.com/v1.0/groups/{group-id}/members/$ref',
        'PATCH https://graph.microsoft.com/v1.0/groups/{group-id}',
      )
      .replace(
        '{ "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}" }',
        '{ "members@odata.bind": ["https://graph.microsoft.com/v1.0/directoryObjects/{id}", "https://graph.microsoft.com/v1.0/directoryObjects/{id}"] }',
      );
    const [c] = buildCases([parsePage('docs/group-post-members.md', bind)], {
      roots: ['docs'],
      params: eachName((name) => `value-of-${name}`),
    });
    assert.ok(c && !c.runnable, JSON.stringify(c));
    assert.equal(c.rule, 'placeholder-unfilled');
    assert.match(c.reason, /names 2 Graph resources only as \{id\}: one value cannot stand for each/);
  });

  test('the probes change the body the case sends, placeholders filled', () => {
    const cases = buildCases([page], { roots: ['docs'], params: eachName((name) => `value-of-${name}`) });
    const malformed = buildProbes(cases, buildSchemaRegistry([page])).find((p) =>
      p.title.endsWith('malformed JSON body'),
    );
    assert.ok(malformed?.runnable, JSON.stringify(malformed));
    assert.ok(malformed.check.type === 'refused', JSON.stringify(malformed.check));
    assert.ok(malformed.check.request.body);
    assert.match(bodyTextOf(malformed.check.request.body), /directoryObjects\/value-of-id/);
  });

  test('a body whose URLs are whole is sent as documented', () => {
    const whole = text.replace('directoryObjects/{id}', 'directoryObjects/1d9d26a7-0c3e-4a27-8cea-3c3f4d5a3f6e');
    const [c] = buildCases([parsePage('docs/group-post-members.md', whole)], {
      roots: ['docs'],
      params: eachName((name) => `value-of-${name}`),
    });
    assert.ok(c?.runnable, JSON.stringify(c));
    assert.equal(c.request.body, c.example.request.body);
  });
});
