/**
 * The on-disk caches hold one file per thing cached (the pages of a docs folder, the reading of a metadata document),
 * whatever harness version or content made it: a new parser, or a changed document, replaces the file rather than
 * adding one beside it, and what is served is what reading afresh gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { loadDocs } from '../../src/docs/load-docs.ts';
import { readMetadataTexts, type MetadataText } from '../../src/metadata/load-metadata.ts';

function withProject(run: (dir: string, cached: (prefix: string) => string[]) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'gc-cache-files-'));
  const cache = join(dir, 'node_modules', '.cache', 'graph-conformance');
  try {
    mkdirSync(join(dir, 'node_modules'));
    run(dir, (prefix) => readdirSync(cache).filter((name) => name.startsWith(prefix)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the pages of a docs folder are one file, which a parser of another version replaces', () => {
  withProject((dir, cached) => {
    mkdirSync(join(dir, 'api'));
    writeFileSync(join(dir, 'api/p.md'), '# P\n');
    loadDocs(['api'], dir, { cache: true });
    const [file, ...others] = cached('pages-');
    assert.ok(file !== undefined && others.length === 0, 'one file');
    const path = join(dir, 'node_modules/.cache/graph-conformance', file);
    // The file named for these folders, as another version of the parser left it: its pages are not served, and the
    // file becomes this parser's.
    const stored = deserialize(readFileSync(path)) as { entries: Map<string, { page: { title: string } }> };
    for (const entry of stored.entries.values()) entry.page.title = 'Stale';
    writeFileSync(path, serialize({ ...stored, parser: 'another version' }));
    assert.equal(loadDocs(['api'], dir, { cache: true }).pages[0]?.title, 'P');
    assert.deepEqual(cached('pages-'), [file]);
    assert.notEqual((deserialize(readFileSync(path)) as { parser: string }).parser, 'another version');
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other/q.md'), '# Q\n');
    loadDocs(['other'], dir, { cache: true });
    assert.equal(cached('pages-').length, 2, 'another docs folder, another file');
  });
});

test('the reading of a metadata document is one file, which a changed document replaces', () => {
  withProject((dir, cached) => {
    const text = readFileSync('fixtures/metadata/widgets_v1.0_metadata.xml', 'utf8');
    const named = (t: string): MetadataText[] => [
      { option: { raw: 'm.xml', location: 'm.xml', version: 'v1.0' }, text: t },
    ];
    const afresh = (t: string) => readMetadataTexts(named(t), dir, { cache: false });
    const first = readMetadataTexts(named(text), dir);
    assert.deepEqual(first, afresh(text));
    assert.deepEqual(readMetadataTexts(named(text), dir), first, 'served from the cache as read');
    assert.equal(cached('metadata-').length, 1);
    const changed = text.replace('<EntityType Name="part"', '<EntityType Name="piece"');
    assert.notEqual(changed, text);
    const second = readMetadataTexts(named(changed), dir);
    assert.deepEqual(second, afresh(changed));
    assert.notDeepEqual(second, first);
    assert.equal(cached('metadata-').length, 1, 'the changed document replaced the entry');
  });
});
