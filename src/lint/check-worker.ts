/**
 * A lint worker (a thread of the pool in `check-pages.ts`): checks the examples of the shard of pages it is handed against
 * the doc set's schemas. The registry is built once per worker from the schemas it was started with, so every
 * validator it compiles serves every later page it checks. Findings go back chunk by chunk, for the report to stream.
 * A page whose check throws is a located finding on that page: the other pages are still checked.
 */
import { workerData } from 'node:worker_threads';
import { createRegistry, type SchemaRegistry } from '../schema/registry.ts';
import { checkPage, type ChunkDone, type ShardTask, type WorkerData } from './check-pages.ts';

let registry: SchemaRegistry | undefined;

export default function checkShard({ pages, chunk, port }: ShardTask): void {
  const data = workerData as WorkerData;
  // The main process built (and checked) these schemas: no meta-schema check again.
  registry ??= createRegistry(data.schemas, data.schemaFindings, { checked: true });
  const using = registry;
  for (let start = 0, index = 0; start < pages.length; start += chunk, index++) {
    const found = pages.slice(start, start + chunk).map((page) => checkPage(page, using));
    port.postMessage({ index, found } satisfies ChunkDone);
  }
}
