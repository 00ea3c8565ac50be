/**
 * The suite a run checks: settings, docs, schemas and cases, built once per process and synchronously, because
 * Playwright collects tests by evaluating the spec file (in the runner and again in every worker).
 */
import { loadDocs } from '../docs/load-docs.ts';
import type { Finding, Page } from '../docs/model.ts';
import { buildSchemaRegistry, type SchemaRegistry } from '../schema/registry.ts';
import { buildCases } from '../cases/build-cases.ts';
import type { ConformanceCase, ParamSource } from '../cases/model.ts';
import { defaultParamFor } from '../mock-tenant/tenant.ts';
import { readSettings, readTenantParams, type Settings } from './settings.ts';

export interface Suite {
  readonly settings: Settings;
  readonly pages: readonly Page[];
  /** Inputs that could not be used (a missing docs folder, an unreadable file, a broken tenant file). */
  readonly inputFindings: readonly Finding[];
  readonly registry: SchemaRegistry;
  readonly cases: readonly ConformanceCase[];
}

let cached: Suite | undefined;

export function loadSuite(): Suite {
  cached ??= buildSuite(readSettings());
  return cached;
}

export function buildSuite(settings: Settings): Suite {
  const docs = loadDocs(settings.docs);
  const inputFindings: Finding[] = [...docs.findings];
  const tenant = readTenantParams(settings.tenantFile);
  const fromFile = 'params' in tenant ? tenant.params : {};
  if ('error' in tenant) {
    const [file = settings.tenantFile, line = '1'] = tenant.error.split(':');
    inputFindings.push({ rule: 'unreadable-file', severity: 'error', message: tenant.error.split(': ').slice(1).join(': '), location: { file, line: Number(line) } });
  }
  // Settings win over the tenant file; the embedded mock's own data fills the rest only when it is the target.
  const params: ParamSource = (name) =>
    settings.params[name] ?? fromFile[name] ?? (settings.targetUrl === undefined ? defaultParamFor(name) : undefined);
  const registry = buildSchemaRegistry(docs.pages);
  return {
    settings,
    pages: docs.pages,
    inputFindings,
    registry,
    cases: buildCases(docs.pages, { roots: settings.docs, params }),
  };
}
