/**
 * A lint worker (a thread of the pool in `check-in-workers.ts`): checks the examples of the pages it is handed against
 * the doc set's schemas. The registry is built once per worker from the schemas it was started with, so every
 * validator it compiles serves every later page it checks. A page whose check throws is a located finding on that
 * page: the other pages of the chunk are still checked.
 */
import { workerData } from 'node:worker_threads';
import type { Page } from '../docs/model.ts';
import type { Finding } from '../core/finding.ts';
import { createRegistry, type SchemaRegistry } from '../schema/registry.ts';
import { checkPage, type WorkerData } from './check-pages.ts';

let registry: SchemaRegistry | undefined;

export default function checkChunk(pages: readonly Page[]): Finding[][] {
  const data = workerData as WorkerData;
  // The main process built (and checked) these schemas: no meta-schema check again.
  registry ??= createRegistry(data.schemas, data.schemaFindings, { checked: true });
  const using = registry;
  return pages.map((page) => checkPage(page, using));
}
