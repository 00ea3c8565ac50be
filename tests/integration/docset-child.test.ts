/**
 * A large tree's DocSet built and stored by a child process (`src/run/docset-child.ts`): what the child stores is what
 * a run reads (the view, every spec part, the listings), the same as a build in process; a child that cannot store
 * says so, and the caller builds it itself.
 * Run: node --import tsx --test tests/integration/docset-child.test.ts
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docSetEntry } from '../../src/docset/load-docset.ts';
import { readCompanion, type Store } from '../../src/docset/docset-store.ts';
import type { DocSetInput } from '../../src/docset/docset.ts';
import { heapCapMb, storedByChild, type ChildOutcome } from '../../src/run/docset-child.ts';
import { pageNumbers, readView } from '../../src/run/run-view.ts';
import { SPEC_PARTS } from '../../src/run/spec-parts.ts';

const CORPUS = fileURLToPath(new URL('../../fixtures/corpus', import.meta.url));
const INPUT: DocSetInput = { roots: [CORPUS], placeholders: { kind: 'all-filled' } };

function store(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-child-'));
  return { dir, cwd: dir };
}

describe('a DocSet built by a child process', () => {
  test('stores what a run reads of it: every case and probe as built in process, every spec part', () => {
    const apart = store();
    const here = store();
    try {
      let asked = 0;
      const found = docSetEntry(
        INPUT,
        { store: apart },
        () => false,
        (place) => {
          asked++;
          assert.ok(place.found.files.length > 50, 'the place holds the doc files its key covers');
          const outcome = storedByChild({ input: INPUT, options: { cache: false, includeRoots: [] }, place });
          assert.deepEqual(outcome, { stored: true });
          return outcome.stored;
        },
      );
      assert.equal(asked, 1);
      assert.ok(found.stored, 'found stored once the child said it stored it');
      assert.equal(found.built, undefined, 'this process never built it');
      const inProcess = docSetEntry(INPUT, { store: here }, () => true);
      assert.ok(inProcess.built);
      const view = readView(found.stored);
      assert.ok(view, 'the view the workers read');
      const numbers = pageNumbers(inProcess.built);
      const page = (item: { page: { file: string } }): number => numbers.get(item.page.file) ?? -1;
      assert.ok(inProcess.built.cases.length > 20 && inProcess.built.probes.length > 20);
      for (const c of inProcess.built.cases) assert.deepEqual(view.caseOf(c.title, page(c)), c, c.title);
      for (const p of inProcess.built.probes) assert.deepEqual(view.probeOf(p.title, page(p)), p, p.title);
      const titles = Array.from({ length: SPEC_PARTS }, (_, i) => {
        const part = readCompanion(found.stored, `suite-part-${String(i + 1)}`) as
          { cases: { title: string }[]; probes: { title: string }[] } | undefined;
        assert.ok(part, `spec part ${String(i + 1)} is stored`);
        return [...part.cases, ...part.probes].map((t) => t.title);
      }).flat();
      assert.deepEqual(
        titles.sort(),
        [...inProcess.built.cases, ...inProcess.built.probes].map((t) => t.title).sort(),
        'the parts list every test, once',
      );
      assert.ok(readCompanion(found.stored, 'discovery-listings'), 'the listings the setup project reads');
    } finally {
      rmSync(apart.dir, { recursive: true, force: true });
      rmSync(here.dir, { recursive: true, force: true });
    }
  });

  test('a child that cannot store says so, and the caller builds in process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gdc-child-'));
    try {
      const blocked = join(dir, 'a-file');
      writeFileSync(blocked, 'not a folder');
      const unwritable: Store = { dir: join(blocked, 'docsets'), cwd: dir };
      const outcomes: ChildOutcome[] = [];
      const found = docSetEntry(
        INPUT,
        { store: unwritable },
        () => true,
        (place) => {
          const outcome = storedByChild({ input: INPUT, options: { cache: false, includeRoots: [] }, place });
          outcomes.push(outcome);
          return outcome.stored;
        },
      );
      assert.deepEqual(outcomes, [{ stored: false }], 'no store to write: no failure');
      assert.equal(found.stored, undefined);
      assert.ok(found.built.cases.length > 20, 'built here instead');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a child that fails says how in a sentence, and nothing is stored', () => {
    const at = store();
    try {
      // The place comes with its files found (none here): what the child cannot read is the input's metadata.
      const broken = { roots: ['docs'], placeholders: { kind: 'all-filled' }, metadata: 42 } as unknown as DocSetInput;
      const found = { files: [], findings: [], roots: [] };
      const place = { store: at, dir: join(at.dir, 'doc-set', 'key'), key: 'key', found };
      assert.deepEqual(storedByChild({ input: broken, options: { cache: false, includeRoots: [] }, place }), {
        stored: false,
        failure: 'exited with code 1',
      });
    } finally {
      rmSync(at.dir, { recursive: true, force: true });
    }
  });

  test("the child's heap cap: about four times what a DocSet of that many files holds live, never under 512 MB", () => {
    assert.equal(heapCapMb(100), 512);
    assert.equal(heapCapMb(26_054), 1629); // the whole 2021 reference, 430 MB live
  });
});
