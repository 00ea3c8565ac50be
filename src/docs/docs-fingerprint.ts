/**
 * What a doc set is, as a short hash: every page's path and text, and the text of every file it includes. A process
 * that serves docs (the mock tenant) and a run that checks them compare it to know they read the same docs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from './model.ts';

export function docSetFingerprint(pages: readonly Page[], cwd: string = process.cwd()): string {
  const hash = createHash('sha256');
  const add = (file: string): void => {
    let text: Buffer | string;
    try {
      text = readFileSync(resolve(cwd, file));
    } catch {
      text = '(unreadable)';
    }
    hash.update(file).update('\0').update(text).update('\0');
  };
  for (const page of [...pages].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    add(page.file);
    for (const included of page.includes) add(included);
  }
  return hash.digest('hex').slice(0, 16);
}
