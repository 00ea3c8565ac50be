/**
 * Lint across worker threads (`checkPages`) and its streamed text report (`streamReport`): the same findings, in the
 * same order, byte for byte, as checking every page in this process; a page whose check throws, or that cannot be
 * handed to a worker, is a located finding on that page while the other pages are still checked.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Page } from '../../src/docs/model.ts';
import {
  checkPages,
  checkStoredPages,
  heldUntilAttached,
  orderedSink,
  readInPool,
  workersFor,
  IN_PROCESS_BELOW,
} from '../../src/lint/check-pages.ts';
import { findDocFiles, loadDocs } from '../../src/docs/load-docs.ts';
import { linkResourcePages, resourceNames } from '../../src/docs/resource-link.ts';
import { docCasesPlace, loadDocCases, loadStoredDocCases } from '../../src/docset/load-docset.ts';
import { findEntry } from '../../src/docset/docset-store.ts';
import { keepReport, readKeptReport } from '../../src/lint/kept-report.ts';
import { runLint, type LintIo } from '../../src/lint/command.ts';
import type { LintFinding } from '../../src/lint/model.ts';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintPages, type LintInput } from '../../src/lint/lint-pages.ts';
import { streamReport } from '../../src/lint/stream-report.ts';
import { formatText } from '../../src/lint/format.ts';
import { loadMetadata } from '../../src/metadata/load-metadata.ts';

const CORPUS = 'fixtures/corpus/api-reference';
const docCases = loadDocCases({ roots: [CORPUS], placeholders: { kind: 'all-filled' } }, { store: null, cache: false });
const input: LintInput = { ...docCases, inputFindings: [...docCases.inputFindings, ...docCases.untestable] };

describe('orderedSink', () => {
  test('hands values on in index order, whatever order they arrive in', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (keys) => {
        const order = keys.map((key, index) => ({ key, index })).sort((a, b) => a.key - b.key);
        const seen: number[] = [];
        const sink = orderedSink((value: number) => seen.push(value));
        for (const { index } of order) sink(index, index);
        assert.deepEqual(
          seen,
          keys.map((_, index) => index),
        );
      }),
    );
  });
});

describe('heldUntilAttached', () => {
  test('hands on what came before the consumer first, in order, then the rest as it comes', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 30 }), fc.nat(), (values, split) => {
        const at = values.length === 0 ? 0 : split % (values.length + 1);
        const seen: [number, number][] = [];
        const relay = heldUntilAttached<number>();
        for (const [index, value] of values.slice(0, at).entries()) relay.onValue(index, value);
        relay.attach((index, value) => seen.push([index, value]));
        for (const [index, value] of values.slice(at).entries()) relay.onValue(at + index, value);
        assert.deepEqual(seen, [...values.entries()]);
      }),
    );
  });
});

describe('checkPages', () => {
  test('a small folder stays in this process; a large one uses the idle cores, a thread per one and a half', () => {
    assert.equal(workersFor(IN_PROCESS_BELOW - 1, 0, 4), 1);
    assert.equal(workersFor(IN_PROCESS_BELOW, 0, 2), 1, 'two idle cores: one thread keeps them busy');
    assert.equal(workersFor(IN_PROCESS_BELOW, 0, 3), 2);
    assert.equal(workersFor(IN_PROCESS_BELOW, 0, 6), 4);
    assert.equal(workersFor(IN_PROCESS_BELOW, 0, 64), 8, 'at most 8');
    assert.equal(workersFor(IN_PROCESS_BELOW, 0, 0), 1, 'busy cores: this process');
    assert.equal(workersFor(10, 1, 4), 1);
    assert.equal(workersFor(10, 3, 0), 3, 'asked for, whatever the load');
  });

  test('workers find what this process finds, page by page, handed on in page order', async () => {
    assert.ok(docCases.pages.length > 16, 'enough pages for several chunks');
    const here = await checkPages(docCases.pages, docCases.registry, { workers: 1 });
    const order: number[] = [];
    const pooled = await checkPages(docCases.pages, docCases.registry, {
      workers: 2,
      onPage: (index) => order.push(index),
    });
    assert.deepEqual(pooled, here);
    assert.deepEqual(
      order,
      docCases.pages.map((_, index) => index),
    );
    assert.ok(here.flat().length > 0, 'the corpus has example findings to compare');
  });

  test('the streamed report is byte for byte the report of one process', async () => {
    const expected = formatText(lintPages(input));
    let written = '';
    const stream = streamReport(input, (text) => (written += text));
    const chunks: string[] = [];
    await checkPages(docCases.pages, docCases.registry, {
      workers: 2,
      onPage: (index, findings) => {
        stream.page(index, findings);
        chunks.push(written);
      },
    });
    const report = stream.end();
    assert.equal(written, expected);
    assert.equal(formatText(report), expected);
    assert.ok(
      chunks.some((text) => text.length > 0 && text.length < expected.length),
      'written before the end',
    );
  });

  test('with metadata, the cross-page findings take their places in the streamed report too', async () => {
    const { metadata, problems } = await loadMetadata(
      ['fixtures/metadata/widgets_v1.0_metadata.xml', 'fixtures/metadata/apiPermissionsAndScopes-v1.0.xml'],
      process.cwd(),
    );
    assert.deepEqual(problems, []);
    const withMetadata: LintInput = { ...input, metadata };
    const expected = formatText(lintPages(withMetadata));
    assert.match(expected, /metadata-/, 'the corpus disagrees with the widgets metadata');
    let written = '';
    const stream = streamReport(withMetadata, (text) => (written += text));
    await checkPages(docCases.pages, docCases.registry, {
      workers: 2,
      onPage: (index, findings) => {
        stream.page(index, findings);
      },
    });
    stream.end();
    assert.equal(written, expected);
  });

  test('a page whose check throws in a worker is a located finding there; the other pages are still checked', async () => {
    const broken = { ...docCases.pages[3], examples: null } as unknown as Page;
    const pages = docCases.pages.map((page, index) => (index === 3 ? broken : page));
    const here = await checkPages(docCases.pages, docCases.registry, { workers: 1 });
    const pooled = await checkPages(pages, docCases.registry, { workers: 2 });
    const [failed] = pooled[3] ?? [];
    assert.equal(failed?.rule, 'page-failed');
    assert.deepEqual(failed.location, { file: broken.file, line: 1 });
    assert.deepEqual(
      pooled.filter((_, index) => index !== 3),
      here.filter((_, index) => index !== 3),
    );
  });

  test('pages that cannot be handed to a worker are findings on those pages, not a failed lint', async () => {
    const unsendable = { ...docCases.pages[0], examples: [() => undefined] } as unknown as Page;
    const pages = [unsendable, ...docCases.pages.slice(1)];
    const pooled = await checkPages(pages, docCases.registry, { workers: 2 });
    assert.equal(pooled.length, pages.length);
    const [failed] = pooled[0] ?? [];
    assert.equal(failed?.rule, 'page-failed');
    assert.match(failed.message, /in a worker/);
    assert.deepEqual(failed.location, { file: unsendable.file, line: 1 });
    const here = await checkPages(docCases.pages, docCases.registry, { workers: 1 });
    assert.deepEqual(pooled.at(-1), here.at(-1), 'the last chunk is checked as usual');
  });
});

describe('readInPool', () => {
  for (const hereShare of [undefined, 0.5, 0])
    test(`the tree read in shares is the tree one reader reads, and each share is checked where it was read (${hereShare === 0 ? 'all in the pool' : `a share here: ${String(hereShare ?? 'default')}`})`, async () => {
      const found = findDocFiles([CORPUS], process.cwd());
      const pooled = await readInPool(found.files, found.roots, process.cwd(), {
        threads: 2,
        ...(hereShare === undefined ? {} : { hereShare }),
      });
      assert.ok(pooled, 'read in the pool');
      try {
        const alone = loadDocs([CORPUS], process.cwd(), { cache: false });
        const names = resourceNames(pooled.docs.pages);
        assert.deepEqual(linkResourcePages(pooled.docs.pages, names), alone.pages);
        assert.deepEqual([...found.findings, ...pooled.docs.findings], alone.findings);
        const order: number[] = [];
        const checked = await pooled.check(docCases, names, { onPage: (index) => order.push(index) });
        assert.deepEqual(checked, await checkPages(docCases.pages, docCases.registry, { workers: 1 }));
        assert.deepEqual(
          order,
          docCases.pages.map((_, index) => index),
        );
      } finally {
        await pooled.close();
      }
    });
});

describe('readInPool, share by share', () => {
  test('shares of any size join into what one reader reads, with its progress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-shares-'));
    try {
      for (let n = 0; n < 140; n++)
        writeFileSync(
          join(dir, `p${String(n).padStart(3, '0')}.md`),
          `# Page ${String(n)}\n\n**TODO: ${String(n)}**\n`,
        );
      const found = findDocFiles([dir], process.cwd());
      // 4 files on 3 threads: shares of 2, 1 and 1. 140 on 2: this thread's 63 and a pool thread's 77, sent in parts
      // of 64 and 13. 140 on 1: this thread alone, in parts of 64, 64 and 12. 140 on 2, none here: two pool threads'
      // 70.
      for (const [count, threads, hereShare] of [
        [4, 3, 0.9],
        [140, 2, 0.9],
        [140, 1, 0.9],
        [140, 2, 0],
      ] as const) {
        const files = found.files.slice(0, count);
        const progress: number[] = [];
        const pooled = await readInPool(files, found.roots, process.cwd(), {
          threads,
          hereShare,
          onPage: (done, total) => {
            assert.equal(total, count);
            progress.push(done);
          },
        });
        assert.ok(pooled, 'read in the pool');
        try {
          const alone = loadDocs(files, process.cwd(), { cache: false });
          assert.deepEqual(linkResourcePages(pooled.docs.pages), alone.pages);
          assert.equal(alone.pages.length, count);
          assert.deepEqual(
            [...progress].sort((a, b) => a - b),
            progress,
            'progress only grows',
          );
          assert.equal(progress.at(-1), count);
        } finally {
          await pooled.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('checkStoredPages', () => {
  test('a lint of unchanged docs reads what the last one found beside the stored DocCases, and checks nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-kept-'));
    try {
      const store = { dir, cwd: process.cwd() };
      const first = loadStoredDocCases({ roots: [CORPUS], placeholders: { kind: 'all-filled' } }, { store });
      assert.ok(first.entry, 'stored');
      const found = await checkStoredPages(first.docCases, first.entry, { workers: 1 });
      const again = loadStoredDocCases({ roots: [CORPUS], placeholders: { kind: 'all-filled' } }, { store });
      // A registry that fails every check: anything checked again would be a page-failed finding.
      const failing = new Proxy(again.docCases.registry, {
        get: () => () => {
          throw new Error('checked again');
        },
      });
      const order: number[] = [];
      const kept = await checkStoredPages({ pages: again.docCases.pages, registry: failing }, again.entry, {
        workers: 1,
        onPage: (index) => order.push(index),
      });
      assert.deepEqual(kept, found);
      assert.equal(order.length, found.length);
      const unstored = await checkStoredPages({ pages: again.docCases.pages, registry: failing }, undefined, {
        workers: 1,
      });
      assert.ok(
        unstored.flat().some((f) => f.rule === 'page-failed'),
        'without an entry, the pages are checked',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a lint read and checked in the pool', () => {
  const capture = (): { io: LintIo; out: string[] } => {
    const out: string[] = [];
    return { io: { stdout: (t) => out.push(t), stderr: () => undefined, interactive: false }, out };
  };

  // The threads check the examples while this thread builds the cases, and the findings they send before the
  // streamed report is ready are held for it: the report is still the one of a lint in one thread.
  for (const format of ['text', 'json'] as const)
    test(`writes the report of a lint in one thread (${format})`, async () => {
      const dirs = [mkdtempSync(join(tmpdir(), 'lint-pool-')), mkdtempSync(join(tmpdir(), 'lint-one-'))] as const;
      try {
        const reports: string[] = [];
        for (const [index, dir] of dirs.entries()) {
          cpSync(CORPUS, dir, { recursive: true });
          const run = capture();
          const workers = index === 0 ? '2' : '1';
          const result = await runLint([dir, '--workers', workers, '--format', format], run.io);
          assert.deepEqual(result, { ok: true, code: 1 });
          reports.push(run.out.join('').split(dir).join('<docs>'));
        }
        assert.ok((reports[0] ?? '').includes('<docs>/v1.0/api/'), 'findings on the pages');
        assert.equal(reports[0], reports[1]);
      } finally {
        for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      }
    });
});

describe('a lint of unchanged docs', () => {
  const capture = (): { io: LintIo; out: string[] } => {
    const out: string[] = [];
    return { io: { stdout: (t) => out.push(t), stderr: () => undefined, interactive: false }, out };
  };

  test('reads the findings kept by the last lint of the same docs, and applies the configuration to them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-kept-report-'));
    try {
      cpSync(join(CORPUS, 'v1.0'), join(dir, 'v1.0'), { recursive: true });
      const first = capture();
      assert.deepEqual(await runLint([dir], first.io), { ok: true, code: 1 });
      const place = docCasesPlace({ roots: [dir], placeholders: { kind: 'all-filled' } }, {});
      const entry = place ? findEntry(place) : undefined;
      const kept = entry ? readKeptReport(entry) : undefined;
      assert.ok(entry && kept, 'kept beside the stored DocCases');
      // A finding only the kept report holds: the next lint shows it, so it checked nothing.
      const marker = { ...(kept.findings[0] as LintFinding), message: 'kept, not checked again' };
      keepReport(entry, { counts: kept.counts, findings: [...kept.findings, marker] });
      const again = capture();
      await runLint([dir], again.io);
      assert.match(again.out.join(''), /kept, not checked again/);
      const findingLines = (text: string): string[] => text.split('\n').filter((line) => /^\S+:\d+:1 /.test(line));
      assert.deepEqual(
        findingLines(again.out.join('')).filter((line) => !line.includes('kept, not checked again')),
        findingLines(first.out.join('')),
      );
      // The configuration is applied to what was kept.
      const rule = marker.rule;
      const config = join(dir, 'lint.json');
      writeFileSync(config, JSON.stringify({ rules: { [rule]: 'off' } }));
      const configured = capture();
      await runLint([dir, '--config', config], configured.io);
      assert.doesNotMatch(configured.out.join(''), new RegExp(`:\\d+:1 ${rule} (error|warning):`));
      // An edited page is a new key: checked again, the marker gone.
      const page = join(dir, 'v1.0', 'api', 'user-get.md');
      writeFileSync(page, `${readFileSync(page, 'utf8')}\n`);
      const edited = capture();
      await runLint([dir], edited.io);
      assert.doesNotMatch(edited.out.join(''), /kept, not checked again/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
