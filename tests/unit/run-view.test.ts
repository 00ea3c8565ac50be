/**
 * The worker's view of a stored DocSet: every case and probe found by its title and page number as it was built, each
 * page's tests read from its own chunk (a worker restarted after a failed test reads the page it needs, not the whole
 * reference).
 * Run: node --import tsx --test tests/unit/run-view.test.ts
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docSetEntry } from '../../src/docset/load-docset.ts';
import type { DocSet } from '../../src/docset/docset.ts';
import { pageNumbers, readView, viewOf, writeView } from '../../src/run/run-view.ts';

const CORPUS = fileURLToPath(new URL('../../fixtures/corpus', import.meta.url));

/** The corpus's DocSet, built, and an entry for it that holds nothing yet (each test writes the view itself). */
function stored(): { dir: string; docSet: DocSet; entry: { dir: string } } {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-view-'));
  const found = docSetEntry(
    { roots: [CORPUS], placeholders: { kind: 'all-filled' } },
    { store: { dir, cwd: dir } },
    () => true,
  );
  assert.ok(found.stored && found.built, 'the DocSet was built and an entry written');
  return { dir, docSet: found.built, entry: found.stored };
}

describe('the run view', () => {
  test('reads back every case and probe by title and page number, as built, and the same documented reads', () => {
    const { dir, docSet, entry } = stored();
    assert.ok(docSet.cases.length > 20 && docSet.probes.length > 20, 'a corpus with many tests');
    assert.ok(writeView(entry, docSet));
    const view = readView(entry);
    assert.ok(view);
    const numbers = pageNumbers(docSet);
    const page = (item: { page: { file: string } }): number => numbers.get(item.page.file) ?? -1;
    for (const c of docSet.cases) assert.deepEqual(view.caseOf(c.title, page(c)), c, c.title);
    for (const p of docSet.probes) assert.deepEqual(view.probeOf(p.title, page(p)), p, p.title);
    assert.equal(view.caseOf('no such title', 0), undefined);
    // Another page's number finds nothing: a title is looked up on its own page only.
    const [one, other] = docSet.cases.filter((c, i, all) => all.findIndex((d) => d.page === c.page) === i);
    assert.ok(one && other);
    assert.equal(view.caseOf(one.title, page(other)), undefined);
    // A case and its probes keep sharing their page, as in the DocSet.
    const probe = docSet.probes[0];
    assert.ok(probe);
    const sibling = docSet.cases.find((c) => c.page.file === probe.page.file);
    assert.ok(sibling);
    assert.equal(view.probeOf(probe.title, page(probe))?.page, view.caseOf(sibling.title, page(sibling))?.page);
    // Reads, schemas and statements as the DocSet in hand gives them.
    const inHand = viewOf(docSet);
    for (const c of docSet.cases) {
      const path = `/${c.version}${c.runnable ? c.request.path : '/me'}`;
      assert.deepEqual(view.documentedReads(c.version, path), inHand.documentedReads(c.version, path), path);
    }
    assert.ok(view.registry.resourceValidator('microsoft.graph.user', 'v1.0'), 'the registry is live');
    // Each schema's body is read from its own chunk when first asked for, as it was built.
    for (const schema of docSet.schemas) assert.deepEqual(view.registry.schemaById(schema.id), schema, schema.id);
    rmSync(dir, { recursive: true, force: true });
  });

  test("a page's tests come from its own chunk: the others are not read", () => {
    const { dir, docSet, entry } = stored();
    assert.ok(writeView(entry, docSet));
    const first = docSet.cases[0];
    const last = docSet.cases.at(-1);
    assert.ok(first && last && first.page.file !== last.page.file);
    // Cut the pages file short: the first page's chunk is still whole, the last page's is gone.
    const pages = join(entry.dir, 'run-view-pages.bin');
    truncateSync(pages, Math.floor(statSync(pages).size / 2));
    const view = readView(entry);
    assert.ok(view);
    const numbers = pageNumbers(docSet);
    assert.deepEqual(view.caseOf(first.title, numbers.get(first.page.file) ?? -1), first);
    assert.equal(view.caseOf(last.title, numbers.get(last.page.file) ?? -1), undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  test('no view stored: none is read (the worker builds the DocSet itself instead)', () => {
    const { dir, entry } = stored();
    assert.equal(readView(entry), undefined);
    rmSync(dir, { recursive: true, force: true });
  });
});
