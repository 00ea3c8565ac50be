/**
 * The suite a run checks: settings, docs, schemas and cases, built once per process and synchronously, because
 * Playwright collects tests by evaluating the spec file (in the runner and again in every worker).
 */
import { loadDocs } from '../docs/load-docs.ts';
import type { Page } from '../docs/model.ts';
import type { Finding } from '../core/finding.ts';
import { buildSchemaRegistry, type SchemaRegistry } from '../schema/registry.ts';
import { buildCases, paramVariable } from '../cases/build-cases.ts';
import type { ConformanceCase, ParamSource } from '../cases/model.ts';
import { defaultParamFor } from '../mock-tenant/tenant.ts';
import { settings as readSettings, type Settings } from '../settings/settings.ts';
import { readTenantFile, type SetupRequest } from './tenant-file.ts';
import { readPrivateJson, runStateDir } from './run-state.ts';

export interface Suite {
  readonly settings: Settings;
  readonly pages: readonly Page[];
  /** Inputs that could not be used (a missing docs folder, an unreadable file, a broken tenant file). */
  readonly inputFindings: readonly Finding[];
  readonly registry: SchemaRegistry;
  readonly cases: readonly ConformanceCase[];
  /** The tenant file's setup requests (run by the setup project). */
  readonly setup: readonly SetupRequest[];
  /** Values of entities the run's setup created: writes to those need no undo, and deletes of them are allowed. */
  readonly createdByRun: readonly string[];
}

/** What the setup project leaves for the workers in the run's folder. */
export interface CapturedValues {
  readonly captured: Readonly<Record<string, string>>;
  readonly createdByRun: readonly string[];
}

/** Captured values, once the setup project has run (in the runner, collecting tests, there are none yet). */
export function readCaptured(runDir: string): CapturedValues {
  const value = readPrivateJson(runDir, 'captured');
  if (typeof value !== 'object' || value === null) return { captured: {}, createdByRun: [] };
  const record = value as Partial<Record<keyof CapturedValues, unknown>>;
  const captured =
    typeof record.captured === 'object' && record.captured !== null ? (record.captured as Record<string, string>) : {};
  const createdByRun = Array.isArray(record.createdByRun)
    ? record.createdByRun.filter((v): v is string => typeof v === 'string')
    : [];
  return { captured, createdByRun };
}

let cached: Suite | undefined;

export function loadSuite(): Suite {
  cached ??= buildSuite(readSettings());
  return cached;
}

export function buildSuite(settings: Settings, captured: CapturedValues = readCaptured(runStateDir())): Suite {
  const docs = loadDocs(settings.docs);
  const inputFindings: Finding[] = [...docs.findings];
  const tenant = readTenantFile(settings.tenantFile);
  const fromFile = 'error' in tenant ? {} : tenant.params;
  if ('error' in tenant) {
    const [file = settings.tenantFile, line = '1'] = tenant.error.split(':');
    inputFindings.push({
      rule: 'unreadable-file',
      severity: 'error',
      message: tenant.error.split(': ').slice(1).join(': '),
      location: { file, line: Number(line) },
    });
  }
  // Settings win over the tenant file; the embedded mock's own data fills the rest only when it is the target.
  const params: ParamSource = (name) =>
    settings.params[name] ??
    settings.params[paramVariable(name).slice('PARAM_'.length)] ??
    captured.captured[name] ??
    fromFile[name] ??
    (settings.targetUrl === undefined ? defaultParamFor(name) : undefined);
  const registry = buildSchemaRegistry(docs.pages);
  return {
    settings,
    pages: docs.pages,
    inputFindings,
    registry,
    cases: buildCases(docs.pages, { roots: settings.docs, params }),
    setup: 'error' in tenant ? [] : tenant.setup,
    createdByRun: captured.createdByRun,
  };
}
