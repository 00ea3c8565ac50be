/**
 * The harness as the Playwright run's spec, setup and global-setup files load it (harness-module.ts says from where).
 * Everything they take from the harness comes through here: one copy of its state per process.
 *
 * playwright.config.ts must not import this module: Playwright applies the config's `build.external` (which keeps
 * its TypeScript transform off dist/) only once the config is loaded, so every module the config loads is transformed
 * and source-mapped in the runner and again in each worker. The config takes the few things it needs from
 * src/run/config-entry.ts instead; the specs, loaded after it, bring in the rest untouched.
 */
import type * as Entry from '../../src/run/playwright-entry.ts';
import type * as ServeDocs from '../../src/mock-tenant/serve-docs.ts';
import { importHarness } from './harness-module.ts';

export type Harness = typeof Entry;

export const harness = await importHarness<Harness>('run/playwright-entry');

/** The mock tenant, for the runner's global setup alone (it starts the run's mock in the runner): workers never load it. */
export async function mockTenant(): Promise<typeof ServeDocs> {
  return importHarness<typeof ServeDocs>('mock-tenant/serve-docs');
}
