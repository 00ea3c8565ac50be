/**
 * Where the Playwright run's files find the harness: compiled (dist/, built by `npm ci`) when dist/ was built from
 * src/ as it is now, else the TypeScript sources, so an edit is never run stale (as `bin/graph-conformance.js`
 * chooses). Compiled, a module the build bundled (dist/run-bundle/: the run's entries, see scripts/build.js) is
 * loaded from its bundle, any other from where tsc put it; neither goes through Playwright's TypeScript transform.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiledIsCurrent } from '../../src/core/harness-version.ts';

const compiled = compiledIsCurrent();

/** A harness module by its path under src/ without extension (`report/reviewer-reporter`), as this run loads it. */
export function harnessModule(path: string): string {
  const at = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
  if (!compiled) return at(`src/${path}.ts`);
  const bundled = at(`dist/run-bundle/${path.split('/').at(-1) ?? path}.js`);
  return existsSync(bundled) ? bundled : at(`dist/${path}.js`);
}

/** Imports a harness module (see harnessModule); the type is the caller's `typeof import(…)` of its source. */
export async function importHarness<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(harnessModule(path)).href)) as T;
}
