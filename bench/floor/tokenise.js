#!/usr/bin/env node
/**
 * The lint floor (`npm run bench`): markdown-it tokenising every page `graph-conformance lint` reads under the folders
 * given, with the options the harness parses with, in one process, doing nothing else. Plain JavaScript, so that the
 * floor pays no TypeScript start-up the harness's compiled command does not pay either. Prints pages and tokens.
 */
/* global process, console */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });

function pagesUnder(path) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.md$/i.test(entry.name) && !/^readme\.md$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

let pages = 0;
let tokens = 0;
for (const root of process.argv.slice(2)) {
  for (const file of pagesUnder(root)) {
    tokens += markdown.parse(readFileSync(file, 'utf8'), {}).length;
    pages++;
  }
}
console.log(`${String(pages)} pages, ${String(tokens)} tokens`);
