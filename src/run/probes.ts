/**
 * The probes of the run, built once per process from the loaded suite (Playwright evaluates the spec in the runner and
 * in every worker; the same docs give the same probes in the same order).
 */
import { buildProbes } from '../cases/probes.ts';
import type { ProbeCase } from '../cases/probe-model.ts';
import { loadSuite } from './suite.ts';

let cached: readonly ProbeCase[] | undefined;

export function loadProbes(): readonly ProbeCase[] {
  if (!cached) {
    const suite = loadSuite();
    cached = buildProbes(suite.cases, suite.registry);
  }
  return cached;
}
