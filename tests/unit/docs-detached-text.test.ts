/**
 * What a page's model keeps holds none of the page's text (`detached-text.ts`): V8 cuts a substring of 13 characters
 * or more as a view into its source, so one kept table cell, front matter value or one-line code block would keep the
 * whole file, and the text after includes, alive for as long as the model lives.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapSnapshot } from 'node:v8';
import { text as streamText } from 'node:stream/consumers';
import fc from 'fast-check';
import { detached } from '../../src/docs/detached-text.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import type { Page } from '../../src/docs/model.ts';

test('detached text is the text it was given', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), fc.nat(40), (text, cut) => {
      assert.equal(detached(text), text);
      assert.equal(detached(text.slice(cut)), text.slice(cut));
    }),
  );
});

/** The strings of this process's heap that hold `marker`, as a heap snapshot lists them (after a full collection). */
async function heapStringsHolding(marker: string): Promise<string[]> {
  // V8 keeps the subject of the last regular expression match alive (`RegExp.input`): make it one of no page.
  assert.ok(/./.test('-'));
  const snapshot = JSON.parse(await streamText(getHeapSnapshot())) as { strings: string[] };
  return snapshot.strings.filter((s) => s.includes(marker));
}

/** Pages of each kind: the seed (front matter, TODOs, tables, code blocks), a resource page, a page with includes. */
const PAGES = [
  '../../fixtures/docs/update-photos.md',
  '../../fixtures/corpus/api-reference/v1.0/resources/user.md',
  '../../fixtures/corpus/api-reference/beta/api/bookingbusiness-list.md',
].map((path) => fileURLToPath(new URL(path, import.meta.url)));

test("a parsed page's model keeps none of its text alive", async () => {
  const marker = `unkept-${randomUUID()}`;
  // Built and dropped in here: only the models leave. The marker is in prose no reader keeps (above the title), so no
  // value of a model holds it: a string that does is one of the page's texts, kept alive by a value cut from it.
  const read = (): Page[] =>
    PAGES.map((file) => {
      const text = readFileSync(file, 'utf8').replace(/\n# /, `\nProse that no reader keeps, ${marker}.\n\n# `);
      // Near the top, as it is: a heap snapshot names a string by its first 1,024 characters.
      assert.ok(text.indexOf(marker) < 800, file);
      const readInclude = (path: string): string | undefined =>
        existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      return parsePage(file, text, { readInclude });
    });
  const pages = read();
  assert.ok(pages[0]?.examples.length && pages[1]?.resource && pages[2]?.includes.length, 'the pages were read');
  assert.deepEqual(
    (await heapStringsHolding(marker)).filter((s) => s !== marker),
    [],
  );
});
