/**
 * `npm run bench:mutation`: how many injected faults the conformance run catches. One mock tenant for DOCS, a proxy in
 * front of it (mutation-proxy.ts) that injects one kind of fault per run, and `npx playwright test` run through it
 * (MOCK_PORT names the proxy, which the run takes for its own mock: `/health` passes untouched).
 *
 * Two clean runs first: the tests that pass in both are the base. For each fault, a test is *affected* when it is in the
 * base and the proxy changed at least one answer it got; it is *caught* when it then fails with the cause `target`.
 * A test of what the page is silent on (one that records an observation) counts for the error-answer faults only: the
 * page promises nothing about what such a request gets when it succeeds. And a test counts only where the doc set makes
 * it able to see the fault (mutation-visible.ts): a date-time malformed where the tables type that place as a
 * DateTimeOffset, a stale write where the page shows the value sent coming back, a stale read where the doc set
 * documents the GET. Every red is real: a test must not assert what its page does not state, so a change there is not
 * a miss; the table prints those tests in their own column.
 * A fault run sends only the tests whose clean exchanges the fault may touch (`mayAffect`): the rest cannot be affected,
 * and a run of the whole corpus per fault would take the shared machine's afternoon.
 * Prints the table (fault, tests affected, caught %), and exits 1 when a row is under MUTATION_FLOOR (default 95) or a
 * clean run had a failure.
 *
 * Options (environment): DOCS (the run's setting), ALLOW_WRITES (passed on), MUTATION_FAULTS (comma-separated kinds;
 * default all), PROBE_SEED (default 7: every run sends the same generated bodies), MUTATION_FLOOR (95),
 * MUTATION_CLEAN_RUNS (2), MUTATION_KEEP (set: keep the runs' reports, and say where).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDocsTenant } from '../src/mock-tenant/serve-docs.ts';
import {
  ERROR_FAULTS,
  FAULT_KINDS,
  FAULT_TITLES,
  mayAffect,
  type FaultKind,
  type Recorded,
} from './mutation-faults.ts';
import { startMutationProxy, type Change, type MutationProxy } from './mutation-proxy.ts';
import { pageSees, type TestRecord, type Visibility } from './mutation-visible.ts';
import { loadDocModel } from '../src/docset/load-docset.ts';
import { documentedReads } from '../src/run/read-back.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PLAYWRIGHT = join(ROOT, 'node_modules', '.bin', 'playwright');

interface Outcome {
  readonly verdict: string;
  readonly cause: string | null;
}

/** Title → verdict and cause, and test id → title, of one run. */
interface RunOutcome {
  readonly byTitle: ReadonlyMap<string, Outcome>;
  /** Title → the test's page and example, as results.json names them. */
  readonly records: ReadonlyMap<string, TestRecord>;
  /** Tests that recorded an observation: what the page is silent on. */
  readonly observing: ReadonlySet<string>;
  readonly titleOf: ReadonlyMap<string, string>;
}

function faultsWanted(): FaultKind[] {
  const named = process.env['MUTATION_FAULTS'];
  if (named === undefined || named.trim() === '') return [...FAULT_KINDS];
  const kinds = named.split(',').map((s) => s.trim());
  const unknown = kinds.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0)
    throw new Error(`MUTATION_FAULTS: unknown fault ${unknown.join(', ')}; known: ${FAULT_KINDS.join(', ')}`);
  return kinds as FaultKind[];
}

async function runOnce(
  proxy: MutationProxy,
  dir: string,
  label: string,
  titles?: readonly string[],
): Promise<RunOutcome> {
  const out = join(dir, label);
  const env = {
    ...process.env,
    MOCK_PORT: String(proxy.port),
    PROBE_SEED: process.env['PROBE_SEED'] ?? '7',
    CI: '1',
    REPORTS_DIR: join(out, 'reports'),
    HTML_REPORT_DIR: join(out, 'html'),
    TEST_RESULTS_DIR: join(out, 'test-results'),
    PLAYWRIGHT_JSON: '1', // the test ids of Playwright's JSON report name the tests the proxy saw
  };
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    // Only the tests the fault may touch (un-anchored: a title also selects the longer titles it starts).
    const grep = titles === undefined ? [] : ['--grep', titles.map(escapeRegExp).join('|')];
    const child = spawn(PLAYWRIGHT, ['test', ...grep], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', () => {
      resolve();
    });
  });
  const results = JSON.parse(readFileSync(join(out, 'reports', 'results.json'), 'utf8')) as {
    tests: {
      title: string;
      page: string;
      example: string | null;
      verdict: string;
      cause: string | null;
      observations: readonly unknown[];
    }[];
  };
  const playwright = JSON.parse(readFileSync(join(out, 'reports', 'playwright.json'), 'utf8')) as Suite;
  const titleOf = new Map<string, string>();
  const walk = (s: Suite): void => {
    for (const child of s.suites ?? []) walk(child);
    for (const spec of s.specs ?? []) titleOf.set(spec.id, spec.title);
  };
  walk(playwright);
  console.error(`mutation: ${label} ran in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return {
    byTitle: new Map(results.tests.map((t) => [t.title, { verdict: t.verdict, cause: t.cause }])),
    records: new Map(results.tests.map((t) => [t.title, t])),
    observing: new Set(results.tests.filter((t) => t.observations.length > 0).map((t) => t.title)),
    titleOf,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Suite {
  readonly suites?: readonly Suite[];
  readonly specs?: readonly { readonly id: string; readonly title: string }[];
}

interface Row {
  readonly fault: FaultKind;
  readonly affected: number;
  /** Tests whose answers the fault changed where their pages state nothing it breaks (see mutation-visible.ts). */
  readonly unstated: number;
  readonly caught: number;
  readonly missed: readonly string[];
}

async function main(): Promise<void> {
  const faults = faultsWanted();
  const floor = Number(process.env['MUTATION_FLOOR'] ?? 95);
  const docs = (process.env['DOCS'] ?? 'fixtures/docs').split(',');
  const dir = mkdtempSync(join(tmpdir(), 'graph-conformance-mutation-'));
  const model = loadDocModel(docs);
  const mock = await startDocsTenant(model, { host: '127.0.0.1', port: 0 }, {});
  const proxy = await startMutationProxy(mock.url);
  const visibility: Visibility = { model, reads: documentedReads(model.pages) };
  try {
    const cleanRuns = Number(process.env['MUTATION_CLEAN_RUNS'] ?? 2);
    const clean: RunOutcome[] = [];
    let recorded: ReadonlyMap<string, readonly Recorded[]> = new Map();
    for (let i = 1; i <= cleanRuns; i++) {
      proxy.setFault(undefined);
      clean.push(await runOnce(proxy, dir, `clean-${String(i)}`));
      if (i === 1) recorded = proxy.recorded();
    }
    const cleanFailures = clean.flatMap((run) =>
      [...run.byTitle]
        .filter(([, o]) => o.verdict === 'failed' && o.cause !== 'doc')
        .map(([t, o]) => `${t} (${String(o.cause)})`),
    );
    const base = new Set(
      [...(clean[0]?.byTitle ?? [])]
        .filter(([title]) => clean.every((run) => run.byTitle.get(title)?.verdict === 'passed'))
        .map(([title]) => title),
    );
    const titleOf = clean[0]?.titleOf ?? new Map<string, string>();
    // A test of what the page is silent on checks only its error answers: other faults it cannot be expected to see.
    const observing = clean[0]?.observing ?? new Set<string>();
    const counted = (fault: FaultKind, title: string): boolean =>
      base.has(title) && (ERROR_FAULTS.has(fault) || !observing.has(title));
    const rows: Row[] = [];
    for (const fault of faults) {
      const candidates = [...recorded]
        .filter(([, exchanges]) => mayAffect(fault, exchanges))
        .map(([id]) => titleOf.get(id))
        .filter((t): t is string => t !== undefined && counted(fault, t));
      if (candidates.length === 0) {
        console.error(`mutation: ${fault}: no test affected`);
        rows.push({ fault, affected: 0, unstated: 0, caught: 0, missed: [] });
        continue;
      }
      proxy.setFault(fault);
      const run = await runOnce(proxy, dir, fault, candidates);
      const changed = [...proxy.affected()]
        .map(([id, changes]) => ({ title: run.titleOf.get(id), changes }))
        .filter(
          (c): c is { title: string; changes: readonly Change[] } => c.title !== undefined && counted(fault, c.title),
        );
      const affected = changed
        .filter(({ title, changes }) => {
          const record = run.records.get(title);
          return record !== undefined && pageSees(fault, record, changes, visibility);
        })
        .map((c) => c.title);
      const missed = affected.filter((t) => {
        const o = run.byTitle.get(t);
        return !(o?.verdict === 'failed' && o.cause === 'target');
      });
      const unstated = changed.length - affected.length;
      rows.push({ fault, affected: affected.length, unstated, caught: affected.length - missed.length, missed });
      // Each row as soon as it is measured: a long run still says what it found so far.
      console.error(`mutation: ${fault}: ${String(affected.length - missed.length)}/${String(affected.length)} caught`);
      for (const t of missed) console.error(`mutation: missed (${fault}): ${t}`);
    }
    proxy.setFault(undefined);
    print(rows, base.size, cleanRuns, cleanFailures);
    const weak = rows.filter((r) => r.affected > 0 && (100 * r.caught) / r.affected < floor);
    if (weak.length > 0 || cleanFailures.length > 0) process.exitCode = 1;
  } finally {
    await proxy.close();
    await mock.close();
    if (process.env['MUTATION_KEEP'] === undefined) rmSync(dir, { recursive: true, force: true });
    else console.error(`mutation: reports kept in ${dir}`);
  }
}

function print(rows: readonly Row[], base: number, cleanRuns: number, cleanFailures: readonly string[]): void {
  console.log(`base: ${String(base)} tests pass on every clean run (${String(cleanRuns)})`);
  for (const f of cleanFailures) console.log(`clean run failure: ${f}`);
  console.log('');
  console.log('| fault injected into the answers | tests affected | caught | changed where the page states nothing |');
  console.log('|---|---|---|---|');
  for (const r of rows) {
    const rate = r.affected === 0 ? '–' : `${((100 * r.caught) / r.affected).toFixed(0)}%`;
    console.log(`| ${FAULT_TITLES[r.fault]} | ${String(r.affected)} | ${rate} | ${String(r.unstated)} |`);
  }
  for (const r of rows) for (const t of r.missed.slice(0, 10)) console.log(`missed (${r.fault}): ${t}`);
}

await main();
