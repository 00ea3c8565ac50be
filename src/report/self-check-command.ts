/**
 * `graph-conformance self-check <docs...>`: runs the conformance suite over the docs against the embedded mock (built
 * from the same docs), lints the same docs, and prints the counts and every place where the harness disagrees with
 * itself (see self-check.ts). For users, who want to know a red against their tenant is real, and for CI.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDocCases } from '../docset/load-docset.ts';
import { lintPages } from '../lint/lint-pages.ts';
import { readCommandOptions } from '../settings/command-options.ts';
import { environment, settings } from '../settings/settings.ts';
import { freePort } from '../core/free-port.ts';
import { readResults } from './read-results.ts';
import { formatSelfCheck, selfCheck } from './self-check.ts';

export type SelfCheckRun =
  { readonly ok: true; readonly code: number } | { readonly ok: false; readonly message: string };

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Settings that point a run elsewhere than the embedded mock, or would be reused by it. */
const LEFT_OUT =
  /^(TARGET_URL|GRAPH_TOKEN|AZURE_.*|GRAPH_SCOPE|ALLOW_WRITES|TENANT_FILE|PARAM_.*|MOCK_PORT|BASELINE|HISTORY)$/;

export async function runSelfCheck(
  args: readonly string[],
  print: (text: string) => void = (text) => process.stdout.write(text),
): Promise<SelfCheckRun> {
  const read = readCommandOptions('self-check', args);
  if (!read.ok) return read;
  const docs = read.positionals.map((p) => resolve(p));
  if (docs.length === 0) return { ok: false, message: 'self-check needs the doc files or folders to check' };
  // Lint does not know a tenant: placeholders count as filled, as in `lint`.
  // Pages → schemas → cases (lint sends nothing: no probes), from the store when the docs are unchanged.
  const docSet = loadDocCases({ roots: docs, placeholders: { kind: 'all-filled' } }, { cache: settings().pageCache });
  if (docSet.pages.length === 0)
    return { ok: false, message: `self-check found no markdown pages to check in ${docs.join(', ')}` };
  const lint = lintPages(docSet);

  const out = resolve(read.values.out ?? mkdtempSync(join(tmpdir(), 'graph-conformance-self-check-')));
  const code = await runSuite(docs, out, read.values.shard);
  let results;
  try {
    results = readResults(join(out, 'reports', 'results.json'));
  } catch (error) {
    return {
      ok: false,
      message: `the run wrote no results (exit ${String(code)}): ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const check = selfCheck(results, lint);
  print(formatSelfCheck(check, read.positionals));
  print(`reports: ${join(out, 'reports')} (results.json, conformance/index.html), ${join(out, 'playwright-report')}\n`);
  return { ok: true, code: check.violations.length === 0 ? 0 : 1 };
}

/**
 * `playwright test` with this package's config, the docs, a mock on a free port, and the reports in `out`; with a
 * shard, that part of the suite.
 */
async function runSuite(docs: readonly string[], out: string, shard: string | undefined): Promise<number | null> {
  const env: Record<string, string> = {};
  // The user's settings (environment and settings file), less those that point the run elsewhere.
  for (const [name, value] of Object.entries(environment().variables))
    if (value !== undefined && !LEFT_OUT.test(name)) env[name] = value;
  Object.assign(env, {
    CI: '1', // a fresh mock, never one left running; quiet reporters
    ENV_FILE: devNull,
    DOCS: docs.join(','),
    MOCK_PORT: String(await freePort()),
    REPORTS_DIR: join(out, 'reports'),
    HTML_REPORT_DIR: join(out, 'playwright-report'),
    TEST_RESULTS_DIR: join(out, 'test-results'),
  });
  const cli = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
  const args = [cli, 'test', '--config', join(ROOT, 'playwright.config.ts'), ...(shard ? [`--shard=${shard}`] : [])];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((done) => child.on('close', done));
}
