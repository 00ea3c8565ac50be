/**
 * A lint worker (a thread of the pool in `check-pages.ts`). Its task is a share of the pages to check, or a share of
 * the files to read: then it parses them, sends this process what it read, and keeps the pages. Either way it then
 * waits for the doc set's schemas, builds one registry from them (every validator it compiles serves every later page
 * it checks), and checks the chunks it is sent, of its own pages or of pages handed over, each chunk's findings sent
 * back as soon as they are known, for the report to stream. A page whose check throws is a located finding on that
 * page: the other pages are still checked.
 */
import { deserialize } from 'node:v8';
import type { MessagePort } from 'node:worker_threads';
import { linkResourcePages } from '../docs/resource-link.ts';
import type { Page } from '../docs/model.ts';
import { createRegistry } from '../schema/registry.ts';
import {
  checkPage,
  readInParts,
  type FromWorker,
  type Schemas,
  type ToWorker,
  type WorkerTask,
} from './check-pages.ts';

export default async function work(task: WorkerTask): Promise<void> {
  const { port } = task;
  const inbox = messagesOf(port);
  const send = (message: FromWorker): void => {
    port.postMessage(message);
  };
  let pages: readonly Page[];
  if (task.kind === 'read') {
    const own: Page[] = [];
    for (const part of readInParts(task.files, task.roots, task.cwd)) {
      send({ kind: 'read', ...part });
      own.push(...part.read.pages);
    }
    pages = own;
  } else pages = task.pages;
  const first = await inbox();
  if (first.kind !== 'schemas') return;
  const { schemas, schemaFindings, names } = deserialize(first.schemas) as Schemas;
  if (names) pages = linkResourcePages(pages, names);
  const registry = createRegistry(schemas, schemaFindings);
  for (;;) {
    const message = await inbox();
    if (message.kind === 'check' || message.kind === 'check-pages') {
      const chunk = message.kind === 'check' ? pages.slice(message.from, message.from + message.count) : message.pages;
      send({ kind: 'checked', index: message.index, found: chunk.map((page) => checkPage(page, registry)) });
    } else return;
  }
}

/** The messages on `port`, one per call, in order: none is lost while the thread is busy checking. */
function messagesOf(port: MessagePort): () => Promise<ToWorker> {
  const queued: ToWorker[] = [];
  const waiting: ((message: ToWorker) => void)[] = [];
  port.on('message', (message: ToWorker) => {
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else queued.push(message);
  });
  return () => {
    const message = queued.shift();
    return message ? Promise.resolve(message) : new Promise((resolve) => waiting.push(resolve));
  };
}
