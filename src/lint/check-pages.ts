/**
 * The examples of every page checked against the doc set's schemas (`checkExamples`), lint's longest step (most of it
 * compiling validators): in this process for a small folder, where starting threads would cost more than it saves, or
 * across a kept pool of worker threads (piscina), each holding one registry and so compiling each validator it needs
 * once. Pages go out in contiguous chunks (neighbouring pages document the same types, so a worker's validators serve
 * its next chunk too) and their findings come back in page order, whatever order the chunks finish in.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Page } from '../docs/model.ts';
import { pageFailed, type Finding } from '../core/finding.ts';
import type { DocSchema } from '../schema/build-schemas.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import { checkExamples } from '../schema/example-checks.ts';
import { readCompanion, writeCompanion, type StoredEntry } from '../docset/docset-store.ts';

/** Below this many pages the examples are checked in this process: a thread's start-up would cost more. */
export const IN_PROCESS_BELOW = 300;

/** What each worker is started with: the schemas its registry is made of. */
export interface WorkerData {
  readonly schemas: readonly DocSchema[];
  readonly schemaFindings: readonly Finding[];
}

export interface CheckOptions {
  /** Worker threads: 0 (default) one per core for a large folder, in this process for a small one; 1: in this process. */
  readonly workers?: number;
  /** Called for each page in page order, as soon as it and every page before it are checked (streamed output). */
  readonly onPage?: (index: number, findings: readonly Finding[]) => void;
}

/** One page's example findings; a check that throws is a `page-failed` finding on the page, not a failed lint. */
export function checkPage(page: Page, registry: SchemaRegistry): Finding[] {
  try {
    return checkExamples(page, registry);
  } catch (error) {
    return [pageFailed({ file: page.file, line: 1 }, 'checking this page', error)];
  }
}

/** The worker threads to use for this many pages: 1 means this process. */
export function workersFor(pages: number, requested = 0): number {
  if (requested > 0) return Math.min(requested, Math.max(1, pages));
  return pages < IN_PROCESS_BELOW ? 1 : Math.max(1, Math.min(availableParallelism(), 8));
}

/** Where the example findings of a stored DocCases entry are kept beside it. */
const COMPANION = 'lint-example-findings';

/**
 * `checkPages`, or what it found for the same DocCases before: the findings depend on the pages and their schemas
 * alone, which the entry's key covers (the docs, every file they include, the harness), so they are kept beside the
 * entry and a lint of unchanged docs checks nothing again. Findings that say the harness failed are not kept.
 */
export async function checkStoredPages(
  docCases: { readonly pages: readonly Page[]; readonly registry: SchemaRegistry },
  entry: StoredEntry | undefined,
  options: CheckOptions = {},
): Promise<Finding[][]> {
  const kept = entry ? readCompanion(entry, COMPANION) : undefined;
  if (Array.isArray(kept) && kept.length === docCases.pages.length) {
    const found = kept as Finding[][];
    for (const [index, findings] of found.entries()) options.onPage?.(index, findings);
    return found;
  }
  const found = await checkPages(docCases.pages, docCases.registry, options);
  if (entry && !found.some((findings) => findings.some((f) => f.rule === 'page-failed')))
    writeCompanion(entry, COMPANION, found);
  return found;
}

/** Each page's example findings, in page order. */
export async function checkPages(
  pages: readonly Page[],
  registry: SchemaRegistry,
  options: CheckOptions = {},
): Promise<Finding[][]> {
  const workers = workersFor(pages.length, options.workers);
  const results: Finding[][] = [];
  if (workers === 1) {
    for (const [index, page] of pages.entries()) {
      const findings = checkPage(page, registry);
      results.push(findings);
      options.onPage?.(index, findings);
    }
    return results;
  }
  const pool = startPool(workers, { schemas: registry.schemas, schemaFindings: registry.findings });
  try {
    const chunks = chunksOf(pages, workers);
    const inOrder = orderedSink(({ start, found }: { start: number; found: Finding[][] }) => {
      for (const [offset, findings] of found.entries()) {
        results.push(findings);
        options.onPage?.(start + offset, findings);
      }
    });
    await Promise.all(
      chunks.map(async ({ start, pages: chunk }, index) => {
        let found: Finding[][];
        try {
          found = (await pool.run(chunk)) as Finding[][];
        } catch (error) {
          // The worker died or the pages could not be handed to it: each page of the chunk says so, the rest go on.
          found = chunk.map((page) => [
            pageFailed({ file: page.file, line: 1 }, 'checking this page in a worker', error),
          ]);
        }
        inOrder(index, { start, found });
      }),
    );
    return results;
  } finally {
    await pool.destroy();
  }
}

function startPool(workers: number, workerData: WorkerData): Piscina {
  // The compiled worker beside the compiled command; the TypeScript one (through tsx) beside the sources.
  const typescript = import.meta.url.endsWith('.ts');
  const filename = new URL(`./check-worker.${typescript ? 'ts' : 'js'}`, import.meta.url).href;
  const execArgv =
    typescript && !process.execArgv.some((arg) => arg.includes('tsx'))
      ? [...process.execArgv, '--import', 'tsx']
      : process.execArgv;
  return new Piscina({ filename, minThreads: workers, maxThreads: workers, workerData, execArgv });
}

/** Contiguous chunks, several per worker so that a slow chunk does not leave the others idle at the end. */
function chunksOf(pages: readonly Page[], workers: number): { start: number; pages: Page[] }[] {
  const size = Math.min(64, Math.max(8, Math.ceil(pages.length / (workers * 16))));
  const chunks: { start: number; pages: Page[] }[] = [];
  for (let start = 0; start < pages.length; start += size)
    chunks.push({ start, pages: pages.slice(start, start + size) });
  return chunks;
}

/** Hands values on in index order (0, 1, 2, …): each is held until every one before it has arrived. */
export function orderedSink<T>(emit: (value: T) => void): (index: number, value: T) => void {
  const held = new Map<number, T>();
  let next = 0;
  return (index, value) => {
    held.set(index, value);
    while (held.has(next)) {
      const ready = held.get(next) as T;
      held.delete(next);
      next++;
      emit(ready);
    }
  };
}
