/**
 * The suite a run checks: settings, the DocSet (docs, schemas, cases, probes) and the tenant file, built once per
 * process and synchronously, because Playwright collects tests by evaluating the spec file (in the runner and again
 * in every worker).
 */
import type { Finding } from '../core/finding.ts';
import { buildDocSet, type DocSet } from '../docset/docset.ts';
import type { Placeholders } from '../cases/placeholders.ts';
import { settings as readSettings, type Settings } from '../settings/settings.ts';
import { readTenantFile, type SetupRequest, type TenantFile, type TenantFileError } from './tenant-file.ts';
import { readPrivateJson, runStateDir } from './run-state.ts';
import { readDiscovered } from './discovery.ts';
import type { DiscoveredValue } from '../cases/placeholders.ts';

export interface Suite {
  readonly settings: Settings;
  readonly docSet: DocSet;
  /**
   * Inputs that could not be used (a missing docs folder, an unreadable file, a page not read whole or that the
   * harness failed on): each is its own failing test.
   */
  readonly inputFindings: readonly Finding[];
  /** What is wrong with the tenant file, when something is: no test can be trusted to fill its placeholders. */
  readonly tenantFileError?: TenantFileError;
  /** The tenant file's setup requests (run by the setup project). */
  readonly setup: readonly SetupRequest[];
  /** Values of entities the run's setup created: writes to those need no undo, and deletes of them are allowed. */
  readonly createdByRun: readonly string[];
}

/** What the setup project leaves for the workers in the run's folder. */
export interface CapturedValues {
  readonly captured: Readonly<Record<string, string>>;
  readonly createdByRun: readonly string[];
  /** Values the setup project found by listing the collections placeholders belong to (against a target). */
  readonly discovered?: readonly DiscoveredValue[];
}

/** Captured values, once the setup project has run (in the runner, collecting tests, there are none yet). */
export function readCaptured(runDir: string): CapturedValues {
  const value = readPrivateJson(runDir, 'captured');
  const discovered = readDiscovered(readPrivateJson(runDir, 'discovered'));
  if (typeof value !== 'object' || value === null) return { captured: {}, createdByRun: [], discovered };
  const record = value as Partial<Record<keyof CapturedValues, unknown>>;
  const captured =
    typeof record.captured === 'object' && record.captured !== null ? (record.captured as Record<string, string>) : {};
  const createdByRun = Array.isArray(record.createdByRun)
    ? record.createdByRun.filter((v): v is string => typeof v === 'string')
    : [];
  return { captured, createdByRun, discovered };
}

let cached: Suite | undefined;

export function loadSuite(): Suite {
  cached ??= buildSuite(readSettings());
  return cached;
}

export function buildSuite(settings: Settings, captured: CapturedValues = readCaptured(runStateDir())): Suite {
  const tenant = readTenantFile(settings.tenantFile);
  const docSet = buildDocSet(
    { roots: settings.docs, placeholders: placeholdersOf(settings, captured, tenant) },
    { cache: settings.pageCache, includeRoots: settings.includeRoots },
  );
  return {
    settings,
    docSet,
    // A page that has no tests (not read whole, or failed in the harness) is that page's "cannot be used" test.
    inputFindings: [...docSet.inputFindings, ...docSet.untestable],
    ...('error' in tenant ? { tenantFileError: tenant } : {}),
    setup: 'error' in tenant ? [] : tenant.setup,
    createdByRun: captured.createdByRun,
  };
}

/**
 * Settings win over what setup requests captured, which win over the tenant file; then what the setup project found
 * by listing collections in the target; the embedded mock's own state fills the rest only when it is the target.
 */
function placeholdersOf(
  settings: Settings,
  captured: CapturedValues,
  tenant: TenantFile | TenantFileError,
): Placeholders {
  return {
    kind: 'values',
    layers: [
      { values: settings.params, byVariableName: true, origin: { kind: 'setting' } },
      { values: captured.captured, origin: { kind: 'setup', file: settings.tenantFile } },
      { values: 'error' in tenant ? {} : tenant.params, origin: { kind: 'tenant-file', file: settings.tenantFile } },
    ],
    ...(captured.discovered && captured.discovered.length > 0 ? { discovered: captured.discovered } : {}),
    embeddedTenant: settings.targetUrl === undefined,
  };
}
