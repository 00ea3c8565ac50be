/**
 * The examples of every page checked against the doc set's schemas (`checkExamples`), lint's longest step (most of it
 * compiling validators): in this process for a small folder, where starting threads would cost more than it saves, or
 * across a kept pool of worker threads (piscina), each holding one registry and so compiling each validator it needs
 * once. Pages go out in contiguous chunks (neighbouring pages document the same types, so a worker's validators serve
 * its next chunk too) and their findings come back in page order, whatever order the chunks finish in.
 *
 * A large tree not read before is read by this thread and the pool together (`readInPool`): each reads and parses its
 * share of the files and keeps it to check once the schemas come; a pool thread sends this process a copy for the doc
 * set's schemas and cases, part by part as it reads, taken in between this thread's own parts. The pages are parsed
 * across the cores, and this thread's share is never copied.
 */
import { availableParallelism, loadavg } from 'node:os';
import { serialize } from 'node:v8';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Page } from '../docs/model.ts';
import { pageFailed, type Finding } from '../core/finding.ts';
import type { DocSchema } from '../schema/build-schemas.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import { checkExamples } from '../schema/example-checks.ts';
import { readCompanion, writeCompanion, type StoredEntry } from '../docset/docset-store.ts';
import { readDocFiles, type FilesRead } from '../docs/load-docs.ts';
import { LIMITS } from '../docs/limits.ts';
import { harnessEntry } from '../core/harness-entry.ts';

/** Below this many pages the examples are checked in this process: a thread's start-up would cost more. */
export const IN_PROCESS_BELOW = 300;

export interface CheckOptions {
  /**
   * Worker threads: 0 (default) as many as the idle cores keep busy for a large folder, in this process for a small one;
   * 1: in this process.
   */
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
 * Cores one lint thread keeps busy: V8 scavenges in parallel and marks concurrently beside it. Measured on the whole
 * 2021 reference on 2 cores: one thread, 1.3-1.5 cores (CPU time over wall time); two threads, as fast as one for a
 * quarter more CPU (four interleaved rounds: 14.8-15.3 s either way, 23-24 s of CPU against 18-19 s).
 */
const CORES_PER_THREAD = 1.5;

/**
 * The worker threads to use for this many pages: 1 means this process. Unasked, as many as the idle cores (the cores
 * less the last minute's load average) keep busy, `CORES_PER_THREAD` each, at most 8: on a machine whose cores are
 * busy, threads only wait for one and cost more CPU than one thread (measured on the 2021 reference at a load of 10
 * on 2 cores: 137 s against 74 s in one thread).
 */
export function workersFor(pages: number, requested = 0, idle = idleCores()): number {
  if (requested > 0) return Math.min(requested, Math.max(1, pages));
  return pages < IN_PROCESS_BELOW ? 1 : Math.max(1, Math.min(Math.floor(idle / CORES_PER_THREAD), 8));
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
  /** How the pages are checked when nothing is kept: the pool that read them, or `checkPages`. */
  check: () => Promise<Finding[][]> = () => checkPages(docCases.pages, docCases.registry, options),
): Promise<Finding[][]> {
  const kept = entry ? readCompanion(entry, COMPANION) : undefined;
  if (Array.isArray(kept) && kept.length === docCases.pages.length) {
    const found = kept as Finding[][];
    for (const [index, findings] of found.entries()) options.onPage?.(index, findings);
    return found;
  }
  const found = await check();
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
  if (workers === 1) {
    const results: Finding[][] = [];
    for (const [index, page] of pages.entries()) {
      const findings = checkPage(page, registry);
      results.push(findings);
      options.onPage?.(index, findings);
    }
    return results;
  }
  const pool = startPool(workers);
  const chunk = chunkSize(pages.length, workers);
  const shards = shardsOf(pages, workers, chunk).map((shard) => ({
    ...shard,
    worker: converse(pool, { kind: 'pages', pages: shard.pages }),
  }));
  try {
    return await checkShards(shards, chunk, { schemas: registry.schemas, schemaFindings: registry.findings }, options);
  } finally {
    for (const { worker } of shards) worker.close(); // an open port would keep this process alive
    await pool.destroy();
  }
}

/** The pages of a docs tree read in a pool of threads, each thread keeping the share it read to check it too. */
export interface PoolRead {
  /** The pages (not linked to each other yet: `linkResourcePages`) and the findings of reading them, in file order. */
  readonly docs: { readonly pages: readonly Page[]; readonly findings: readonly Finding[] };
  /**
   * Each page's example findings, in page order, checked by the thread that read it against the doc set's schemas,
   * its pages linked with the doc set's resource names (`resourceNames`). Ends the pool.
   */
  check(
    model: {
      readonly pages: readonly Page[];
      readonly registry: SchemaRegistry;
      readonly schemas: readonly DocSchema[];
      readonly schemaFindings: readonly Finding[];
    },
    names: ReadonlyMap<string, string>,
    options?: Pick<CheckOptions, 'onPage'>,
  ): Promise<Finding[][]>;
  /** Ends the pool without checking. */
  close(): Promise<void>;
}

/**
 * This thread's share of the files, against a pool thread's: measured on the whole 2021 reference on 2 threads, taking
 * in the pool's pages cost it about a tenth of its reading time.
 */
const HERE_SHARE = 0.9;

/** What a thread reads is handed on this many files at a time, and counted as progress. */
const READ_PART = 64;

/**
 * `files` read a part of `READ_PART` files at a time, each part as it is read with the number of files it covers: a
 * pool thread sends each part on, this thread takes the pool's parts in between its own. At least one part (of no
 * files, for none), so that every share is answered.
 */
export function* readInParts(
  files: readonly string[],
  roots: readonly string[],
  cwd: string,
): Generator<{ readonly read: FilesRead; readonly files: number }> {
  let from = 0;
  do {
    const part = files.slice(from, from + READ_PART);
    yield { read: readDocFiles(part, roots, cwd), files: part.length };
    from += READ_PART;
  } while (from < files.length);
}

/**
 * Reads `files` (found by `findDocFiles`, confined to `roots`) on `threads` threads, one contiguous share each: this
 * one reads the first share, a pool of `threads - 1` the others (or, its `hereShare` 0, a pool of `threads` all). What
 * a pool thread reads never crosses to another thread again, only the pages' copy this process needs for the doc set's
 * schemas, cases and cross-page checks, sent part by part as it reads and taken in between this thread's own parts.
 * This thread's share is never copied at all: it checks those pages itself, against the doc set's registry. Undefined,
 * the pool ended, when the shares cannot be joined into what one reader would have read (a thread failed, or the reads
 * add up to more than one run may read): the caller reads in this process, where every limit and failure is reported
 * as usual.
 */
export async function readInPool(
  files: readonly string[],
  roots: readonly string[],
  cwd: string,
  options: {
    readonly threads: number;
    /**
     * This thread's share, against a pool thread's (default `HERE_SHARE`): less when it has other work while the files
     * are read (the metadata to read); 0, the pool reads every share, on `threads` threads of its own.
     */
    readonly hereShare?: number;
    readonly onPage?: (done: number, total: number) => void;
  },
): Promise<PoolRead | undefined> {
  const threads = Math.max(1, Math.min(options.threads, files.length));
  const hereShare = Math.max(0, options.hereShare ?? HERE_SHARE);
  const poolThreads = hereShare > 0 ? threads - 1 : threads;
  // This thread takes in the pool's parts between its own, so it reads a smaller share: the threads end together.
  const here =
    poolThreads === 0 ? files.length : Math.min(files.length, Math.ceil((files.length / threads) * hereShare));
  const perShard = Math.ceil((files.length - here) / Math.max(1, poolThreads));
  const shareOf = (index: number): readonly string[] =>
    index === 0 ? files.slice(0, here) : files.slice(here + (index - 1) * perShard, here + index * perShard);
  const chunk = chunkSize(files.length, threads);
  const progress: number[] = [];
  const count = (share: number, done: number): void => {
    progress[share] = (progress[share] ?? 0) + done;
    options.onPage?.(
      progress.reduce((a, b) => a + b, 0),
      files.length,
    );
  };
  const pool = poolThreads > 0 ? startPool(poolThreads) : undefined;
  const conversations = pool
    ? Array.from({ length: poolThreads }, (_, index) => {
        const worker = converse(pool, { kind: 'read', files: shareOf(index + 1), roots, cwd });
        worker.listen((message) => {
          if (message.kind === 'read') count(index + 1, message.files);
        });
        return worker;
      })
    : [];
  let ended: Promise<void> | undefined;
  const end = (): Promise<void> =>
    (ended ??= (async () => {
      for (const worker of conversations) worker.close();
      await pool?.destroy();
    })());
  let shares: FilesRead[];
  try {
    const own = await readHere(shareOf(0), roots, cwd, (done) => {
      count(0, done);
    });
    shares = [own, ...(await Promise.all(conversations.map((worker) => worker.read)))];
  } catch {
    await end();
    return undefined;
  }
  if (shares.reduce((bytes, share) => bytes + share.bytes, 0) > LIMITS.docsBytes) {
    await end();
    return undefined;
  }
  const pages = shares.map((share) => share.pages.length);
  return {
    docs: { pages: shares.flatMap((share) => share.pages), findings: shares.flatMap((share) => share.findings) },
    check: async (model, names, checkOptions = {}) => {
      try {
        if (model.pages.length !== pages.reduce((a, b) => a + b, 0))
          return await checkPages(model.pages, model.registry, { workers: 1, ...checkOptions });
        // Each share's pages as the doc set holds them (linked), for this thread's checks and for any chunk handed
        // from one thread to another.
        let first = 0;
        let firstChunk = 0;
        const shards = pages.map((length, index) => {
          const own = model.pages.slice(first, first + length);
          const shard: Shard =
            index === 0
              ? { pages: own, firstChunk, worker: checkedHere(own, model.registry) }
              : { pages: own, firstChunk, worker: conversations[index - 1] as Conversation, ahead: Infinity };
          first += length;
          firstChunk += Math.ceil(length / chunk);
          return shard;
        });
        return await checkShards(
          shards,
          chunk,
          { schemas: model.schemas, schemaFindings: model.schemaFindings, names },
          checkOptions,
        );
      } finally {
        await end();
      }
    },
    close: end,
  };
}

/** This thread's share, read part by part: between parts, the pool's threads' parts are taken in. */
async function readHere(
  files: readonly string[],
  roots: readonly string[],
  cwd: string,
  onPart: (files: number) => void,
): Promise<FilesRead> {
  const parts: FilesRead[] = [];
  for (const part of readInParts(files, roots, cwd)) {
    parts.push(part.read);
    onPart(part.files);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return joined(parts);
}

/**
 * This thread as one of the checkers of `checkShards`: the chunks it is sent (of its own share, or handed over) are
 * checked here against the doc set's own registry, one at a time between the pool's messages, so that the findings
 * of the threads stream as they come.
 */
function checkedHere(pages: readonly Page[], registry: SchemaRegistry): Checker {
  const listeners: ((message: FromWorker) => void)[] = [];
  let stop: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (stop = resolve));
  return {
    send: (message) => {
      if (message.kind === 'stop') stop();
      if (message.kind !== 'check' && message.kind !== 'check-pages') return;
      setImmediate(() => {
        const chunk =
          message.kind === 'check' ? pages.slice(message.from, message.from + message.count) : message.pages;
        const checked: FromWorker = {
          kind: 'checked',
          index: message.index,
          found: chunk.map((page) => checkPage(page, registry)),
        };
        for (const listener of listeners) listener(checked);
      });
    },
    listen: (listener) => listeners.push(listener),
    ended,
    close: () => undefined,
  };
}

/** What a worker checks against, sent to it once its pages are in hand. */
export interface Schemas {
  readonly schemas: readonly DocSchema[];
  readonly schemaFindings: readonly Finding[];
  /** For pages the worker read: the resource names to link them with. */
  readonly names?: ReadonlyMap<string, string>;
}

/**
 * Each shard's pages checked chunk by chunk, handed on in page order. A worker checks its own shard's chunks from the
 * front; one that has finished its own takes chunks from the back of the shard with the most left, this process
 * sending it those pages (the checks of a page do not depend on the thread: the same findings). So the threads end
 * together, however unevenly the work lies in the tree, and each still compiles mostly its own part's validators.
 * A chunk a worker cannot take, or that it had when it failed, is a `page-failed` finding on each of its pages; what
 * is left of a failed worker's shard is taken by the others.
 */
async function checkShards(
  shards: readonly Shard[],
  chunk: number,
  schemas: Schemas,
  options: Pick<CheckOptions, 'onPage'>,
): Promise<Finding[][]> {
  const results: Finding[][] = [];
  const inOrder = orderedSink((found: readonly Finding[][]) => {
    for (const findings of found) {
      options.onPage?.(results.length, findings);
      results.push(findings);
    }
  });
  // Of each shard, the chunks not handed out yet: [next, end).
  const left = shards.map(({ pages }) => ({ next: 0, end: Math.ceil(pages.length / chunk) }));
  const total = left.reduce((sum, { end }) => sum + end, 0);
  // Of each worker, the chunks it has (by their number in the whole): the shard and index they come from.
  const busy = shards.map(() => new Map<number, { shard: number; index: number }>());
  const working = new Set(shards.keys());
  let settled = 0;
  let allSettled: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allSettled = resolve));
  const settle = (index: number, found: Finding[][]): void => {
    inOrder(index, found);
    if (++settled === total) allSettled();
  };
  const pagesOf = (shard: number, index: number): readonly Page[] =>
    at(shards, shard).pages.slice(index * chunk, (index + 1) * chunk);
  const fail = (shard: number, index: number, error: unknown): void => {
    settle(
      at(shards, shard).firstChunk + index,
      pagesOf(shard, index).map((page) => [
        pageFailed({ file: page.file, line: 1 }, 'checking this page in a worker', error),
      ]),
    );
  };
  /** The shard with the most chunks left, if any. */
  const fullest = (): number | undefined => {
    let best: number | undefined;
    let most = 0;
    for (const [shard, { next, end }] of left.entries())
      if (end - next > most) {
        best = shard;
        most = end - next;
      }
    return best;
  };
  /**
   * Keeps checker `w` its shard's `ahead` chunks ahead (two unless said: one being checked, one on its way), its own
   * first, then two of the others' last.
   */
  const feed = (w: number): void => {
    const { worker, ahead = 2 } = at(shards, w);
    const has = at(busy, w);
    while (working.has(w)) {
      const own = at(left, w).next < at(left, w).end;
      if (has.size >= (own ? ahead : 2)) return;
      const shard = own ? w : fullest();
      if (shard === undefined) return;
      const range = at(left, shard);
      const index = shard === w ? range.next++ : --range.end;
      const global = at(shards, shard).firstChunk + index;
      try {
        worker.send(
          shard === w
            ? { kind: 'check', index: global, from: index * chunk, count: chunk }
            : { kind: 'check-pages', index: global, pages: pagesOf(shard, index) },
        );
        has.set(global, { shard, index });
      } catch (error) {
        fail(shard, index, error); // the pages could not be handed to it
      }
    }
  };
  const failed = (w: number, error: unknown): void => {
    if (!working.delete(w)) return;
    // What it had is lost (a chunk that kills a worker is not handed to the next); the rest of its shard is not.
    for (const { shard, index } of at(busy, w).values()) fail(shard, index, error);
    at(busy, w).clear();
    for (const other of working) feed(other);
    if (working.size === 0)
      for (const [shard, range] of left.entries()) while (range.next < range.end) fail(shard, range.next++, error);
  };
  if (total === 0) allSettled();
  for (const [w, { worker }] of shards.entries()) {
    worker.listen((message) => {
      // A chunk of a worker that failed was settled then.
      if (message.kind !== 'checked' || !at(busy, w).delete(message.index)) return;
      settle(message.index, message.found);
      feed(w);
    });
    worker.ended.then(
      () => {
        failed(w, new Error('the worker ended before it checked its pages'));
      },
      (error: unknown) => {
        failed(w, error);
      },
    );
  }
  const serialized: SchemasMessage = { kind: 'schemas', schemas: serialize(schemas) };
  for (const [w, { worker }] of shards.entries()) {
    worker.send(serialized);
    feed(w);
  }
  await done;
  for (const { worker } of shards) worker.send({ kind: 'stop' });
  return results;
}

/** A worker and the pages its task started it with (read by it, or handed to it). */
interface Shard {
  readonly pages: readonly Page[];
  /** The number of its first chunk in the whole. */
  readonly firstChunk: number;
  readonly worker: Checker;
  /**
   * How many chunks of its own shard its checker is sent ahead (default 2; chunks of other shards, 2). A pool thread
   * whose chunks this thread hands out while it is busy building the cases is sent its whole share at once, or it
   * would wait for this thread after each chunk.
   */
  readonly ahead?: number;
}

/** `list[index]`, which the caller knows is there. */
function at<T>(list: readonly T[], index: number): T {
  return list[index] as T;
}

/** A worker's task: the pages to check (read by this process), or the files to read and then check. */
export type WorkerTask = (
  | { readonly kind: 'pages'; readonly pages: readonly Page[] }
  | {
      readonly kind: 'read';
      readonly files: readonly string[];
      readonly roots: readonly string[];
      readonly cwd: string;
    }
) & { readonly port: MessagePort };

/**
 * What this process sends a worker on its task's port: the schemas, then chunks to check one by one (of its own pages,
 * or pages handed over), and `stop` when every page is checked (or when the pages read are not checked here).
 */
export type ToWorker =
  | SchemasMessage
  | { readonly kind: 'check'; readonly index: number; readonly from: number; readonly count: number }
  | { readonly kind: 'check-pages'; readonly index: number; readonly pages: readonly Page[] }
  | { readonly kind: 'stop' };

/**
 * The doc set's `Schemas`: check now. Serialised here once (`v8.serialize`) and sent to each worker as bytes: an
 * object would be serialised again for every port, and the workers wait for it.
 */
export interface SchemasMessage {
  readonly kind: 'schemas';
  readonly schemas: Uint8Array;
}

/**
 * What a worker sends back on its task's port: what it read, part by part in file order (`files` of its share each,
 * at least one part), then each chunk checked.
 */
export type FromWorker =
  | { readonly kind: 'read'; readonly read: FilesRead; readonly files: number }
  | { readonly kind: 'checked'; readonly index: number; readonly found: Finding[][] };

/** What checks a shard's chunks: a worker of the pool, or this thread (`checkedHere`). */
interface Checker {
  send(message: ToWorker): void;
  listen(listener: (message: FromWorker) => void): void;
  /** The end of its work; rejected when the worker failed (or the task could not be handed to it). */
  readonly ended: Promise<unknown>;
  close(): void;
}

/** A task running on a worker, and the port this process talks to it on. */
interface Conversation extends Checker {
  /** What the worker read (a read task): rejected when it failed or ended before. */
  readonly read: Promise<FilesRead>;
}

function converse(pool: Piscina, task: DistributiveOmit<WorkerTask, 'port'>): Conversation {
  const { port1, port2 } = new MessageChannel();
  const listeners: ((message: FromWorker) => void)[] = [];
  port1.on('message', (message: FromWorker) => {
    for (const listener of listeners) listener(message);
  });
  const ended = pool.run({ ...task, port: port2 }, { transferList: [port2] });
  const read = new Promise<FilesRead>((resolve, reject) => {
    const parts: FilesRead[] = [];
    let files = 0;
    listeners.push((message) => {
      if (message.kind !== 'read' || task.kind !== 'read') return;
      parts.push(message.read);
      files += message.files;
      if (files >= task.files.length) resolve(joined(parts));
    });
    ended.then(() => {
      reject(new Error('the worker ended before it read its pages'));
    }, reject);
  });
  // Each is awaited where it matters; a rejection nobody asked for is not a crash.
  ended.catch(() => undefined);
  read.catch(() => undefined);
  return {
    send: (message) => {
      port1.postMessage(message);
    },
    listen: (listener) => listeners.push(listener),
    ended,
    read,
    close: () => {
      port1.close();
    },
  };
}

/** Parts read one after the other, as one read. */
function joined(parts: readonly FilesRead[]): FilesRead {
  return {
    pages: parts.flatMap((part) => part.pages),
    findings: parts.flatMap((part) => part.findings),
    bytes: parts.reduce((bytes, part) => bytes + part.bytes, 0),
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function startPool(workers: number): Piscina {
  // The compiled worker beside the compiled command; the TypeScript one (through tsx) beside the sources.
  const { file, flags } = harnessEntry(import.meta.url, './check-worker');
  const execArgv =
    flags.length > 0 && !process.execArgv.some((arg) => arg.includes('tsx'))
      ? [...process.execArgv, ...flags]
      : process.execArgv;
  return new Piscina({ filename: file, minThreads: workers, maxThreads: workers, execArgv });
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

/**
 * Hands values on as they come, once a consumer is attached; those that came before are held, then handed on first,
 * in the order they came (a pool's findings, sent before the report that streams them is ready).
 */
export function heldUntilAttached<T>(): {
  readonly onValue: (index: number, value: T) => void;
  attach(consumer: (index: number, value: T) => void): void;
} {
  const held: [number, T][] = [];
  let consumer: ((index: number, value: T) => void) | undefined;
  return {
    onValue: (index, value) => {
      if (consumer) consumer(index, value);
      else held.push([index, value]);
    },
    attach: (next) => {
      consumer = next;
      for (const [index, value] of held.splice(0)) next(index, value);
    },
  };
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
