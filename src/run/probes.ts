/**
 * The probes of the run, built once per process from the loaded suite (Playwright evaluates the spec in the runner and
 * in every worker; the same docs give the same probes in the same order).
 */
import { buildProbes } from '../cases/probes.ts';
import type { ProbeCase } from '../cases/probe-model.ts';
import type { Finding } from '../core/finding.ts';
import { loadSuite } from './suite.ts';

export interface ProbeSuite {
  readonly probes: readonly ProbeCase[];
  /** Examples whose probes could not be built: each is its own failing test, the other probes still run. */
  readonly failures: readonly Finding[];
}

let cached: ProbeSuite | undefined;

export function loadProbes(): ProbeSuite {
  if (!cached) {
    const suite = loadSuite();
    const failures: Finding[] = [];
    cached = { probes: buildProbes(suite.cases, suite.registry, failures), failures };
  }
  return cached;
}
