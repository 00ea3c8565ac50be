/**
 * The mock tenant serving a doc model, as the `mock` command and a run's own mock (started inside the runner, see
 * tests/conformance/global-setup.ts) both start it: one home for what is served and what `/health` says it is.
 */
import { harnessVersion } from '../core/harness-version.ts';
import type { MockIdentity } from '../core/mock-health.ts';
import { docSetFingerprint } from '../docs/docs-fingerprint.ts';
import type { Page } from '../docs/model.ts';
import { whyNotUsable } from '../docs/not-read.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import { startMockTenant, type RunningMockTenant, type StartMockTenantOptions } from './server.ts';

export interface ServedDocs {
  readonly pages: readonly Page[];
  readonly registry: SchemaRegistry;
}

export interface DocsTenant extends RunningMockTenant {
  /** Pages served: those read whole. */
  readonly pages: number;
}

/**
 * Starts the mock on the pages of `docs` that were read whole: what a page not read whole would answer is not what
 * its author wrote, so it is not served (and has no tests). `answerChanging` is what `/health` reports of the options
 * (see `answerChangingOptions`), so that a run reuses a mock left running only when it answers as its own would.
 */
export async function startDocsTenant(
  docs: ServedDocs,
  options: Omit<StartMockTenantOptions, 'pages' | 'schemas' | 'serving'>,
  answerChanging: MockIdentity['options'],
): Promise<DocsTenant> {
  const pages = docs.pages.filter((page) => whyNotUsable(page) === undefined);
  const tenant = await startMockTenant({
    ...options,
    pages,
    schemas: docs.registry,
    serving: { harness: harnessVersion(), docs: () => docSetFingerprint(pages), options: answerChanging },
  });
  return { ...tenant, pages: pages.length };
}
