/**
 * Where the Playwright run's files find the harness: compiled (dist/, built by `npm ci`) when dist/ was built from
 * src/ as it is now, else the TypeScript sources, so an edit is never run stale (as `bin/graph-conformance.js`
 * chooses). Compiled, the runner and each worker skip Playwright's TypeScript transform of the harness's modules.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiledIsCurrent } from '../../src/core/harness-version.ts';

const compiled = compiledIsCurrent();

/** A harness module by its path under src/ without extension (`report/reviewer-reporter`), as this run loads it. */
export function harnessModule(path: string): string {
  return fileURLToPath(new URL(compiled ? `../../dist/${path}.js` : `../../src/${path}.ts`, import.meta.url));
}

/** Imports a harness module (see harnessModule); the type is the caller's `typeof import(…)` of its source. */
export async function importHarness<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(harnessModule(path)).href)) as T;
}
