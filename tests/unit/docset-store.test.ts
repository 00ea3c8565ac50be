/**
 * The DocSet store: what is built from a docs folder is read back only while the docs, their includes and the inputs
 * are what it was built from; anything else builds again.
 * Run: node --import tsx --test tests/unit/docset-store.test.ts
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  findEntry,
  placeOf,
  readCompanion,
  readCompanionChunk,
  writeChunkedCompanion,
  writeCompanion,
  type EntryInput,
  type Store,
} from '../../src/docset/docset-store.ts';
import {
  docSetEntry,
  loadDocCases,
  loadDocModel,
  loadStoredDocCases,
  type DocSetFound,
} from '../../src/docset/load-docset.ts';
import type { DocSetInput } from '../../src/docset/docset.ts';
import type { LoadOptions } from '../../src/docset/load-docset.ts';

const SEED = fileURLToPath(new URL('../../fixtures/docs', import.meta.url));

/** A project folder with a copy of the seed docs, and a store of its own. */
function project(): { cwd: string; store: Store } {
  const cwd = mkdtempSync(join(tmpdir(), 'gdc-store-'));
  cpSync(SEED, join(cwd, 'docs'), { recursive: true });
  return { cwd, store: { dir: join(cwd, 'store'), cwd } };
}

const INPUT: DocSetInput = { roots: ['docs'], placeholders: { kind: 'all-filled' } };

/** The DocSet's entry, found or written: as a run keeps it, a part of it (here its titles) and never the whole. */
function stores(input: DocSetInput, options: LoadOptions): DocSetFound {
  return docSetEntry(input, options, (entry, docSet) =>
    writeCompanion(
      entry,
      'titles',
      docSet.cases.map((c) => c.title),
    ),
  );
}

describe('the DocSet store', () => {
  test('an entry is found again while the docs are unchanged, and reads back what was built', () => {
    const { cwd, store } = project();
    const first = loadStoredDocCases(INPUT, { cwd, store });
    assert.ok(first.entry, 'the entry was written');
    const again = loadStoredDocCases(INPUT, { cwd, store });
    assert.equal(again.entry?.dir, first.entry.dir);
    const read = again.docCases;
    assert.notEqual(read, first.docCases, 'read back, not built again');
    assert.deepEqual(read.cases, first.docCases.cases);
    assert.deepEqual(read.schemas, first.docCases.schemas);
    // Shared objects stay shared: a case's page is the page of the DocCases.
    assert.ok(read.pages.includes(read.cases[0]?.page as (typeof read.pages)[number]));
    assert.ok(read.registry.resourceValidator('microsoft.graph.profilePhoto', 'beta'), 'the registry is live again');
    rmSync(cwd, { recursive: true, force: true });
  });

  test("a DocSet's entry holds what its run keeps of it, written before the entry is in place, and never the whole", () => {
    const { cwd, store } = project();
    const first = stores(INPUT, { cwd, store });
    assert.ok(first.stored && first.built);
    const again = docSetEntry(INPUT, { cwd, store }, () => assert.fail('a DocSet found is not kept again'));
    assert.equal(again.built, undefined, 'nothing is built the second time');
    assert.equal(again.stored?.dir, first.stored.dir);
    assert.deepEqual(
      readCompanion(again.stored, 'titles'),
      first.built.cases.map((c) => c.title),
    );
    assert.deepEqual(readdirSync(again.stored.dir).sort(), ['manifest.json', 'titles.bin']);
    rmSync(cwd, { recursive: true, force: true });
  });

  test('a DocSet whose run cannot keep it is only built: no entry is put in place', () => {
    const { cwd, store } = project();
    const found = docSetEntry(INPUT, { cwd, store }, () => false);
    assert.equal(found.stored, undefined);
    assert.ok(found.built.cases.length > 0);
    const place = placeOf(store, { kind: 'doc-set', roots: ['docs'], with: INPUT.placeholders });
    assert.equal(findEntry(place), undefined);
    assert.deepEqual(
      readdirSync(join(place.dir, '..')).filter((name) => name.endsWith('.tmp')),
      [],
      'no folder left',
    );
    rmSync(cwd, { recursive: true, force: true });
  });

  test('a changed page, a new page or a removed page is a new key', () => {
    const { cwd, store } = project();
    const input: EntryInput = { kind: 'doc-set', roots: ['docs'], with: INPUT.placeholders };
    const write = (): string => {
      assert.ok(stores(INPUT, { cwd, store }).stored);
      return placeOf(store, input).key;
    };
    const keys = [write()];
    appendFileSync(join(cwd, 'docs', 'update-photos.md'), '\n<!-- an edit -->\n');
    assert.equal(findEntry(placeOf(store, input)), undefined, 'an edited page');
    keys.push(write());
    writeFileSync(join(cwd, 'docs', 'another.md'), '# Another page\n');
    assert.equal(findEntry(placeOf(store, input)), undefined, 'a new page');
    keys.push(write());
    assert.equal(new Set(keys).size, keys.length);
    // A removed page: the docs are again those of the entry before, which the slot still keeps (the entry written and
    // the one used last before it), so it is found.
    rmSync(join(cwd, 'docs', 'another.md'));
    assert.equal(placeOf(store, input).key, keys[1], 'a removed page');
    assert.ok(findEntry(placeOf(store, input)));
    const slots = readdirSync(store.dir);
    assert.equal(slots.length, 1);
    assert.deepEqual(readdirSync(join(store.dir, slots[0] ?? '')).sort(), [keys[1], keys[2]].sort());
    rmSync(cwd, { recursive: true, force: true });
  });

  test("settled docs are keyed by their pages' stats, recorded when first hashed; any change of a stat hashes again", async () => {
    const { cwd, store } = project();
    const input: EntryInput = { kind: 'doc-set', roots: ['docs'], with: INPUT.placeholders };
    const recordOf = (): string =>
      join(store.dir, existsSync(store.dir) ? (readdirSync(store.dir)[0] ?? '') : '', 'key-record.bin');
    const key = placeOf(store, input).key;
    assert.equal(existsSync(recordOf()), false, 'pages changed a moment ago: no record');
    // A page's stat tells a later change only once it is older than a tick of any file system's clock.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    assert.equal(placeOf(store, input).key, key, 'the same docs, the same key');
    assert.ok(existsSync(recordOf()), 'recorded');
    // The record is what keys unchanged docs: a record naming another key is believed while every stat matches.
    const record = deserialize(readFileSync(recordOf())) as { key: string };
    writeFileSync(recordOf(), serialize({ ...record, key: 'recorded' }));
    const believed = placeOf(store, input).key;
    assert.notEqual(believed, key, 'the recorded key, not the pages hashed again');
    // A page rewritten with its old size and modification time: its change time is new.
    const page = join(cwd, 'docs', 'update-photos.md');
    const before = statSync(page);
    const text = readFileSync(page, 'utf8');
    writeFileSync(page, text.replace('Update', 'UPDATE'));
    utimesSync(page, before.atime, before.mtime);
    assert.equal(statSync(page).size, before.size);
    const rewritten = placeOf(store, input).key;
    assert.notEqual(rewritten, believed);
    assert.notEqual(rewritten, key, 'the text changed: so did the key');
    rmSync(cwd, { recursive: true, force: true });
  });

  test('an include outside the docs folder (an include root) is checked when the entry is read', () => {
    const { cwd, store } = project();
    mkdirSync(join(cwd, 'shared'));
    writeFileSync(join(cwd, 'shared', 'note.md'), 'An included note.\n');
    appendFileSync(join(cwd, 'docs', 'update-photos.md'), '\n[!INCLUDE [note](../shared/note.md)]\n');
    const options = { cwd, store, includeRoots: ['shared'] };
    const built = stores(INPUT, options);
    assert.ok(
      built.built?.pages.some((p) => p.includes.includes('shared/note.md')),
      'the page includes the note',
    );
    assert.ok(stores(INPUT, options).built === undefined, 'unchanged: found');
    writeFileSync(join(cwd, 'shared', 'note.md'), 'An included note, edited.\n');
    assert.ok(stores(INPUT, options).built, 'an edited include is built again');
    rmSync(join(cwd, 'shared', 'note.md'));
    assert.ok(stores(INPUT, options).built, 'a removed include is built again');
    assert.ok(stores(INPUT, { cwd, store }).built, 'without the include root: an entry of its own');
    rmSync(cwd, { recursive: true, force: true });
  });

  test('each kind and each placeholder input has an entry of its own', () => {
    const { cwd, store } = project();
    const values: DocSetInput = {
      roots: ['docs'],
      placeholders: {
        kind: 'values',
        layers: [{ values: { usersId: 'u1' }, origin: { kind: 'setting' } }],
        embeddedTenant: false,
      },
    };
    stores(INPUT, { cwd, store });
    assert.ok(stores(values, { cwd, store }).built, 'other placeholders: built');
    assert.ok(stores(values, { cwd, store }).built === undefined, 'then found');
    const model = loadDocModel(['docs'], { cwd, store });
    const cases = loadDocCases(INPUT, { cwd, store });
    assert.equal(model.pages.length, cases.pages.length);
    const slots = readdirSync(store.dir);
    assert.equal(slots.length, 3, 'doc-set, doc-model, doc-cases');
    const docSets = slots.find((slot) => slot.startsWith('doc-set-')) ?? '';
    assert.equal(
      readdirSync(join(store.dir, docSets)).length,
      2,
      'the doc-set slot: an entry for each placeholder input',
    );
    rmSync(cwd, { recursive: true, force: true });
  });

  test('a slot keeps the two entries used last, however many inputs come and go', () => {
    const { cwd, store } = project();
    const withUser = (id: string): DocSetInput => ({
      roots: ['docs'],
      placeholders: {
        kind: 'values',
        layers: [{ values: { usersId: id }, origin: { kind: 'setting' } }],
        embeddedTenant: false,
      },
    });
    const mock = withUser('mock');
    assert.ok(stores(mock, { cwd, store }).built, 'built');
    // A tenant whose setup gives new values each night, while the mock's run is found in between.
    for (const night of ['n1', 'n2', 'n3']) {
      assert.ok(stores(withUser(night), { cwd, store }).built, `${night}: built`);
      assert.equal(stores(mock, { cwd, store }).built, undefined, `${night}: the mock's entry is still there`);
    }
    const [slot, ...others] = readdirSync(store.dir);
    assert.equal(others.length, 0);
    assert.equal(readdirSync(join(store.dir, slot ?? '')).length, 2, 'the mock and the last night');
    assert.equal(stores(withUser('n3'), { cwd, store }).built, undefined, 'the last night is found');
    assert.ok(stores(withUser('n1'), { cwd, store }).built, 'an earlier night is gone');
    rmSync(cwd, { recursive: true, force: true });
  });

  test('companions are stored beside an entry and go with it', () => {
    const { cwd, store } = project();
    const { stored: entry } = stores(INPUT, { cwd, store });
    assert.ok(entry);
    assert.equal(readCompanion(entry, 'index'), undefined);
    writeCompanion(entry, 'index', { titles: ['a'] });
    assert.deepEqual(readCompanion(entry, 'index'), { titles: ['a'] });
    rmSync(cwd, { recursive: true, force: true });
  });

  test('a chunked companion gives back each value alone, however the values fall across its writes', () => {
    const { cwd, store } = project();
    const { stored: entry } = stores(INPUT, { cwd, store });
    assert.ok(entry);
    // Small values, one over the size gathered before a write, and small ones after it.
    const values = [
      ...Array.from({ length: 500 }, (_, i) => ({ page: i, cases: [] })),
      { big: 'x'.repeat(5 * 1024 * 1024) },
      ...Array.from({ length: 500 }, (_, i) => [i, `value ${String(i)}`]),
      'last',
    ];
    const ranges = writeChunkedCompanion(entry, 'chunks', values);
    assert.ok(ranges);
    assert.equal(ranges.length, values.length);
    for (const [index, range] of ranges.entries())
      assert.deepEqual(readCompanionChunk(entry, 'chunks', range), values[index], `value ${String(index)}`);
    assert.deepEqual(
      readdirSync(entry.dir).filter((name) => name.startsWith('chunks')),
      ['chunks.bin'],
      'no temporary file is left',
    );
    rmSync(cwd, { recursive: true, force: true });
  });

  test('a store that cannot be written only costs speed: the DocSet is built', () => {
    const { cwd } = project();
    writeFileSync(join(cwd, 'not-a-folder'), '');
    const store: Store = { dir: join(cwd, 'not-a-folder', 'store'), cwd };
    const found = stores(INPUT, { cwd, store });
    assert.equal(found.stored, undefined);
    assert.ok(found.built.cases.length > 0);
    rmSync(cwd, { recursive: true, force: true });
  });
});
