/**
 * The examples of every page checked against the doc set's schemas (`checkExamples`), lint's longest step (most of it
 * compiling validators): in this process for a small folder, where starting threads would cost more than it saves, or
 * across a kept pool of worker threads (piscina), each holding one registry and so compiling each validator it needs
 * once. Pages go out in contiguous chunks (neighbouring pages document the same types, so a worker's validators serve
 * its next chunk too) and their findings come back in page order, whatever order the chunks finish in.
 */
import { availableParallelism, loadavg } from 'node:os';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
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
  /** Worker threads: 0 (default) one per idle core for a large folder, in this process for a small one; 1: in this process. */
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

/**
 * The worker threads to use for this many pages: 1 means this process. Unasked, one per idle core (the cores less the
 * last minute's load average), at most 8: on a machine whose cores are busy, threads only wait for one and cost more
 * CPU than one thread (measured on the 2021 reference at a load of 10 on 2 cores: 137 s against 74 s in one thread).
 */
export function workersFor(pages: number, requested = 0, idle = idleCores()): number {
  if (requested > 0) return Math.min(requested, Math.max(1, pages));
  return pages < IN_PROCESS_BELOW ? 1 : Math.max(1, Math.min(idle, 8));
}

function idleCores(): number {
  return availableParallelism() - Math.round(loadavg()[0] ?? 0);
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
    const chunk = chunkSize(pages.length, workers);
    const shards = shardsOf(pages, workers, chunk);
    const inOrder = orderedSink((found: readonly Finding[][]) => {
      for (const findings of found) {
        options.onPage?.(results.length, findings);
        results.push(findings);
      }
    });
    await Promise.all(
      shards.map(async ({ pages: shard, firstChunk }) => {
        const chunks = Math.ceil(shard.length / chunk);
        const arrived = new Set<number>();
        const { port1, port2 } = new MessageChannel();
        let allArrived: () => void = () => undefined;
        const done = new Promise<void>((resolve) => (allArrived = resolve));
        port1.on('message', ({ index, found }: ChunkDone) => {
          arrived.add(index);
          inOrder(firstChunk + index, found);
          if (arrived.size === chunks) allArrived();
        });
        try {
          await pool.run({ pages: shard, chunk, port: port2 } satisfies ShardTask, { transferList: [port2] });
          await done; // the chunks' messages travel on their own port: the task's end may come first
        } catch (error) {
          // The worker died or the pages could not be handed to it: each page not checked says so, the rest go on.
          for (let index = 0; index < chunks; index++)
            if (!arrived.has(index))
              inOrder(
                firstChunk + index,
                shard
                  .slice(index * chunk, (index + 1) * chunk)
                  .map((page) => [pageFailed({ file: page.file, line: 1 }, 'checking this page in a worker', error)]),
              );
        } finally {
          port1.close();
        }
      }),
    );
    return results;
  } finally {
    await pool.destroy();
  }
}

/** What a worker is handed: its shard of the pages, checked and reported back on `port` chunk by chunk. */
export interface ShardTask {
  readonly pages: readonly Page[];
  readonly chunk: number;
  readonly port: MessagePort;
}

/** One chunk of a shard checked: its index within the shard, and each of its pages' findings. */
export interface ChunkDone {
  readonly index: number;
  readonly found: Finding[][];
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

/** Pages are reported back in chunks: small enough that the report streams, large enough that messages cost little. */
function chunkSize(pages: number, workers: number): number {
  return Math.min(64, Math.max(8, Math.ceil(pages / (workers * 16))));
}

/**
 * One contiguous shard per worker, cut at a chunk boundary. Neighbouring pages document the same types (a resource's
 * pages sit together, each version in its own folder), so each worker compiles the validators of its part of the docs
 * and few twice: measured on the whole 2021 reference, handing out small chunks to whichever worker was free cost 25%
 * more CPU than these shards, the difference being validators compiled in both workers.
 */
function shardsOf(pages: readonly Page[], workers: number, chunk: number): { pages: Page[]; firstChunk: number }[] {
  const chunksPerShard = Math.ceil(Math.ceil(pages.length / chunk) / workers);
  const shards: { pages: Page[]; firstChunk: number }[] = [];
  for (let start = 0, firstChunk = 0; start < pages.length; start += chunksPerShard * chunk) {
    shards.push({ pages: pages.slice(start, start + chunksPerShard * chunk), firstChunk });
    firstChunk += chunksPerShard;
  }
  return shards;
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
