/**
 * The harness as the Playwright run loads it: compiled (dist/, built by `npm ci`) when dist/ was built from src/ as
 * it is now, else the TypeScript sources, so an edit is never run stale (as `bin/graph-conformance.js` chooses).
 * Compiled, the runner and each worker skip Playwright's TypeScript transform of the harness's modules
 * (`build.external` in playwright.config.ts keeps Playwright's hands off dist/). Everything the run's files take from
 * the harness comes through here: one copy of its state per process.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiledIsCurrent } from '../../src/core/harness-version.ts';
import type * as Entry from '../../src/run/playwright-entry.ts';
import type * as ServeDocs from '../../src/mock-tenant/serve-docs.ts';

const compiled = compiledIsCurrent();

/** A harness module by its path under src/ without extension (`report/reviewer-reporter`), as this run loads it. */
export function harnessModule(path: string): string {
  return fileURLToPath(new URL(compiled ? `../../dist/${path}.js` : `../../src/${path}.ts`, import.meta.url));
}

export type Harness = typeof Entry;

export const harness = (await import(pathToFileURL(harnessModule('run/playwright-entry')).href)) as Harness;

/** The mock tenant, for the runner's global setup alone (it starts the run's mock in the runner): workers never load it. */
export async function mockTenant(): Promise<typeof ServeDocs> {
  return (await import(pathToFileURL(harnessModule('mock-tenant/serve-docs')).href)) as typeof ServeDocs;
}
