/**
 * How the generated tests are spread over spec files: `tests/conformance/docs/NN.spec.ts` (the examples) and
 * `tests/conformance/probes/NN.spec.ts` (the probes), NN from 01 to `SPEC_PARTS`, each page's tests in one part.
 *
 * Playwright's cost per test grows with the tests of its spec file: a worker binds the whole file's suite again for
 * each test it is sent (over the whole reference in one file, about 300 ms a test), and a worker restarted after a
 * failing test evaluates its file again. Parts keep both to a part's share. A page goes to the part its title names
 * (a hash of the page's path as titles show it), so the same page lands in the same file in every run and on every
 * machine, and Playwright's test ids stay the same with them.
 */
import { createHash } from 'node:crypto';

/** Spec files per family: enough that a part of the whole reference is small, few enough that loading them is cheap. */
export const SPEC_PARTS = 16;

/** The part (1 to `SPEC_PARTS`) of a test, by its title: its first segment is its page's path. */
export function partOfTitle(title: string): number {
  const page = title.split(' › ', 1)[0] ?? title;
  return (createHash('sha1').update(page).digest().readUInt32BE(0) % SPEC_PARTS) + 1;
}

/** The title of the test that says an input file cannot be used. */
export function inputTitle(file: string): string {
  return `${file} › cannot be used`;
}

/**
 * A part with more tests than this runs its tests in blocks of whole pages, each block in order in one worker: a worker
 * is then sent a block at a time, and pays Playwright's cost per dispatch (it binds the whole file's suite again, a
 * cost that grows with the file) once per block. A smaller part sends each test on its own, so that a few tests still
 * spread over every worker.
 */
export const GROUP_PAGES_ABOVE = 64;

/**
 * The tests of a block, at least (whole pages: a block closes with the page that reaches it). Over the whole reference
 * a part holds about 4,000 tests, and binding its suite costs a worker about 30 ms a dispatch: sent a page at a time
 * (6 tests on average), that was a fifth of a worker's time. Blocks of this size still give each worker hundreds.
 */
export const BLOCK_TESTS = 48;
