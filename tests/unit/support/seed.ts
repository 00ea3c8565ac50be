/** The seed page and the repository root, as the unit tests see them. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SEED_FILE = 'fixtures/docs/update-photos.md';
export const SEED_TEXT = readFileSync(new URL(`../../../${SEED_FILE}`, import.meta.url), 'utf8');

/** 1-based line of the first line of `text` containing `needle`, found independently of the parser. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `"${needle}" is in the page`);
  return index + 1;
}

/** `file:line` of the seed line containing `needle`. */
export function seedAt(needle: string): string {
  return `${SEED_FILE}:${lineOf(SEED_TEXT, needle)}`;
}
