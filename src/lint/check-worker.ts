/**
 * A lint worker (a thread of the pool in `check-pages.ts`). Its task is a share of the pages to check, or a share of
 * the files to read: then it parses them, sends this process what it read, and keeps the pages. Either way it then
 * waits for the doc set's schemas, builds one registry from them (every validator it compiles serves every later page
 * it checks), and checks its pages, sending the findings back chunk by chunk, for the report to stream. A page whose
 * check throws is a located finding on that page: the other pages are still checked.
 */
import type { MessagePort } from 'node:worker_threads';
import { readDocFiles } from '../docs/load-docs.ts';
import { linkResourcePages } from '../docs/resource-link.ts';
import type { Page } from '../docs/model.ts';
import { createRegistry } from '../schema/registry.ts';
import { checkPage, type FromWorker, type ToWorker, type WorkerTask } from './check-pages.ts';

/** Reading progress is sent this many pages at a time. */
const PROGRESS_EVERY = 64;

export default async function work(task: WorkerTask): Promise<void> {
  const { port, chunk } = task;
  const send = (message: FromWorker): void => {
    port.postMessage(message);
  };
  let pages: readonly Page[];
  if (task.kind === 'read') {
    const read = readDocFiles(task.files, task.roots, task.cwd, {
      onPage: (done, total) => {
        if (done % PROGRESS_EVERY === 0 || done === total) send({ kind: 'progress', done });
      },
    });
    send({ kind: 'read', read });
    pages = read.pages;
  } else pages = task.pages;
  const next = await nextMessage(port);
  if (next.kind === 'stop') return;
  if (next.names) pages = linkResourcePages(pages, next.names);
  // The main process built (and checked) these schemas: no meta-schema check again.
  const registry = createRegistry(next.schemas, next.schemaFindings, { checked: true });
  for (let start = 0, index = 0; start < pages.length; start += chunk, index++) {
    const found = pages.slice(start, start + chunk).map((page) => checkPage(page, registry));
    send({ kind: 'checked', index, found });
  }
}

function nextMessage(port: MessagePort): Promise<ToWorker> {
  return new Promise((resolve) => port.once('message', resolve));
}
