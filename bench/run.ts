/**
 * `npm run bench -- [docs folder] [options]`: each figure of the harness next to its floor, measured in the same run,
 * with the machine's load before and after (the machine may be shared: ratios taken in one sitting are what to trust).
 *
 * - seed: `npx playwright test` on the seed docs (fixtures/docs) against the embedded mock, next to a bare Playwright
 *   project sending as many requests, one per test, to a bare node:http server with the same reporters
 *   (bench/floor/seed/). Goal: ≤ 1.3×.
 * - lint: `graph-conformance lint <docs>` (compiled, the cache off: every page parsed), next to markdown-it tokenising
 *   the same files in one process (bench/floor/tokenise.js). Goal: ≤ 2×. With `--metadata FILES`, lint with those
 *   files too, next to lint without them. Goal: ≤ 1.2×. Also its CPU time, the same lint in one thread
 *   (`--workers 1`) against the worker pool, and lint again with the cache on, as a second run pays.
 * - list: `npx playwright test --list` over the docs folder: a cold run (the cache off: the DocSet built) and a warm
 *   one (read from the store), wall time, CPU time and peak memory (of all its processes at once, and of the largest),
 *   next to the bare floor project (bench/floor/seed/) listing as many tests. Goal: ≤ 5 s and ≤ 1 GB.
 * - replay: `npx playwright test` over the docs folder on 2 workers against the embedded mock, in ms per test, the
 *   DocSet stored first (`--shard 1/N` runs a part: the whole 2021 reference is about 65,000 tests), next to the bare
 *   floor project sending as many requests, one a test. Goal: ≤ 10 ms per test.
 * - mock: `bench/mock.ts` (the mock against bare node:http, its own floor). Goal: ≥ 0.8×.
 *
 * Options: --only seed,lint,list,replay,mock   --rounds N (seed and lint, default 3; medians)   --shard I/N
 * (replay, default 1/1)   --metadata FILES (lint).  The docs folder defaults to fixtures/docs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleTreeMemory } from './tree-memory.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PLAYWRIGHT = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
const COMMAND = join(ROOT, 'bin', 'graph-conformance.js');
const FIGURES = ['seed', 'lint', 'list', 'replay', 'mock'] as const;
type Figure = (typeof FIGURES)[number];

interface Options {
  readonly docs: string;
  readonly only: ReadonlySet<Figure>;
  readonly rounds: number;
  readonly shard: string;
  readonly metadata?: string;
}

function usage(message: string): never {
  process.stderr.write(
    `bench: ${message}\nusage: npm run bench -- [docs folder] [--only ${FIGURES.join(',')}] [--rounds N] [--shard I/N] [--metadata FILES]\n`,
  );
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Options {
  let docs = 'fixtures/docs';
  let only = new Set<Figure>(FIGURES);
  let rounds = 3;
  let shard = '1/1';
  let metadata: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = (): string => argv[++i] ?? usage(`${arg} takes a value`);
    if (arg === '--only') {
      const names = value().split(',');
      const unknown = names.filter((n) => !(FIGURES as readonly string[]).includes(n));
      if (unknown.length > 0) usage(`--only takes ${FIGURES.join(', ')}; not ${unknown.join(', ')}`);
      only = new Set(names as Figure[]);
    } else if (arg === '--rounds') {
      rounds = Number(value());
      if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) usage('--rounds takes a whole number from 1 to 20');
    } else if (arg === '--shard') {
      shard = value();
      if (!/^[1-9]\d*\/[1-9]\d*$/.test(shard)) usage('--shard takes I/N, as Playwright does (1/20)');
    } else if (arg === '--metadata') metadata = value();
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else docs = arg;
  }
  return { docs, only, rounds, shard, ...(metadata === undefined ? {} : { metadata }) };
}

interface Timed {
  readonly ms: number;
  /** Peak resident memory of the largest process of the command (GNU time), in MB; NaN when unknown. */
  readonly peakMb: number;
  /** Peak resident memory of all the command's processes at one time (`tree-memory.ts`), in MB; NaN when unknown. */
  readonly treePeakMb: number;
  /**
   * CPU time (user and system) of the command and every process it waited for (GNU time), in ms; NaN when unknown.
   * On a loaded machine wall time mostly measures the wait for a core; CPU time is what the work itself costs.
   */
  readonly cpuMs: number;
  readonly code: number | null;
  readonly output: string;
}

/** Runs a command to its end, timing it with GNU time when there is one (for the peak memory), else by the clock. */
async function timed(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Timed> {
  const scratch = mkdtempSync(join(tmpdir(), 'gdc-bench-time-'));
  const timeFile = join(scratch, 'time');
  const gnuTime = '/usr/bin/time';
  const useTime = await exists(gnuTime);
  const [command, ...rest] = useTime ? [gnuTime, '-f', '%e %M %U %S', '-o', timeFile, ...args] : args;
  const started = performance.now();
  const child = spawn(command ?? '', rest, {
    cwd: ROOT,
    env: { ...process.env, CI: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tree = child.pid === undefined ? undefined : sampleTreeMemory(child.pid);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 3 * 60 * 60 * 1000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const ms = performance.now() - started;
  const treePeakMb = tree?.stop() ?? Number.NaN;
  let peakMb = Number.NaN;
  let cpuMs = Number.NaN;
  if (useTime) {
    const fields = (readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number);
    peakMb = (fields[1] ?? Number.NaN) / 1024;
    cpuMs = ((fields[2] ?? Number.NaN) + (fields[3] ?? Number.NaN)) * 1000;
  }
  rmSync(scratch, { recursive: true, force: true });
  return { ms, peakMb, treePeakMb, cpuMs, code, output };
}

async function exists(path: string): Promise<boolean> {
  const { access } = await import('node:fs/promises');
  return access(path).then(
    () => true,
    () => false,
  );
}

function check(run: Timed, what: string): Timed {
  if (run.code !== 0 && run.code !== 1) {
    process.stderr.write(`bench: ${what} exited with ${String(run.code)}:\n${run.output.slice(-2000)}\n`);
    process.exit(1);
  }
  return run;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
const load = (): string =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')} on ${String(cpus().length)} CPUs`;

/** One row of the table, printed as soon as its figure is measured: the columns fit the widest figure and value. */
function line(figure: string, value: string, floor: string, verdict: string): void {
  process.stdout.write(`${figure.padEnd(42)} ${value.padEnd(31)} ${floor.padEnd(34)} ${verdict}\n`);
}

/** A run's own output folders, so that runs side by side never share them. */
function runEnv(dir: string, extra: Readonly<Record<string, string>>): Record<string, string> {
  return {
    REPORTS_DIR: join(dir, 'reports'),
    HTML_REPORT_DIR: join(dir, 'playwright-report'),
    TEST_RESULTS_DIR: join(dir, 'test-results'),
    REQUESTS_PER_SECOND: '10000', // the run's budget protects real tenants; this target is our own mock
    PW_WORKERS: '2',
    ...extra,
  };
}

/** Tests a finished run ran, from its results file. */
function testsRun(reportsDir: string): number {
  const results = JSON.parse(readFileSync(join(reportsDir, 'results.json'), 'utf8')) as {
    counts: { passed: number; failed: number; skipped: number; flaky: number };
  };
  const { passed, failed, skipped, flaky } = results.counts;
  return passed + failed + skipped + flaky;
}

/** Medians of two measurements taken in alternating order, round after round (the machine's load drifts). */
async function interleaved(
  rounds: number,
  harness: () => Promise<number>,
  floor: () => Promise<number>,
): Promise<{ harness: number; floor: number; ratios: number[] }> {
  const h: number[] = [];
  const f: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      h.push(await harness());
      f.push(await floor());
    } else {
      f.push(await floor());
      h.push(await harness());
    }
  }
  return { harness: median(h), floor: median(f), ratios: h.map((value, i) => value / (f[i] ?? value)) };
}

const range = (ratios: readonly number[]): string =>
  ratios.length > 1 ? ` (rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})` : '';

async function seed(options: Options): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'gdc-bench-seed-'));
  let tests = 0;
  let n = 0;
  const cpu = { harness: [] as number[], floor: [] as number[] };
  const result = await interleaved(
    options.rounds,
    async () => {
      const dir = join(scratch, String(++n));
      const run = check(
        await timed([process.execPath, PLAYWRIGHT, 'test'], runEnv(dir, { DOCS: 'fixtures/docs' })),
        'the seed run',
      );
      tests = testsRun(join(dir, 'reports'));
      cpu.harness.push(run.cpuMs);
      return run.ms;
    },
    async () => {
      const config = join(ROOT, 'bench', 'floor', 'seed', 'playwright.config.js');
      const env = { FLOOR_OUT: join(scratch, String(++n)), FLOOR_TESTS: String(tests || 16), PW_WORKERS: '2' };
      const run = check(await timed([process.execPath, PLAYWRIGHT, 'test', '-c', config], env), 'the seed floor');
      cpu.floor.push(run.cpuMs);
      return run.ms;
    },
  );
  rmSync(scratch, { recursive: true, force: true });
  const r = result.harness / result.floor;
  line(
    `seed run (${String(tests)} tests)`,
    seconds(result.harness),
    `${seconds(result.floor)} bare Playwright`,
    `${ratio(result.harness, result.floor)}${range(result.ratios)} ${r <= 1.3 ? 'ok' : 'OVER'} (≤ 1.3×)`,
  );
  const cpuRatios = cpu.harness.map((value, i) => value / (cpu.floor[i] ?? value));
  line(
    'seed run, CPU time',
    seconds(median(cpu.harness)),
    `${seconds(median(cpu.floor))} bare Playwright`,
    `${ratio(median(cpu.harness), median(cpu.floor))}${range(cpuRatios)}`,
  );
}

async function lint(options: Options): Promise<void> {
  // Wall time for the figures, CPU time (the command's threads and processes) beside them: on a loaded machine the
  // pool's threads wait for a core, which wall time shows and CPU time does not.
  const cpu = { harness: [] as number[], floor: [] as number[], pool: [] as number[], single: [] as number[] };
  const lintRun =
    (env: Record<string, string>, extra: readonly string[] = [], cpuOf?: number[]) =>
    async () => {
      const run = check(await timed([process.execPath, COMMAND, 'lint', ...extra, options.docs], env), 'lint');
      cpuOf?.push(run.cpuMs);
      return run.ms;
    };
  const floorRun = async () => {
    const run = check(
      await timed([process.execPath, join(ROOT, 'bench', 'floor', 'tokenise.js'), options.docs]),
      'tokenise',
    );
    cpu.floor.push(run.cpuMs);
    return run.ms;
  };
  const cold = { GRAPH_CONFORMANCE_CACHE: '0' };
  const result = await interleaved(options.rounds, lintRun(cold, [], cpu.harness), floorRun);
  const r = result.harness / result.floor;
  line(
    'lint (cache off)',
    seconds(result.harness),
    `${seconds(result.floor)} markdown-it tokens`,
    `${ratio(result.harness, result.floor)}${range(result.ratios)} ${r <= 2 ? 'ok' : 'OVER'} (≤ 2×)`,
  );
  line(
    'lint (cache off), CPU time',
    seconds(median(cpu.harness)),
    `${seconds(median(cpu.floor))} markdown-it tokens`,
    ratio(median(cpu.harness), median(cpu.floor)),
  );
  // A pool of one thread per core against one thread (`--workers 1`), in the same sitting: what the pool gains when
  // the cores are free (unasked, lint uses only the idle ones), and what it costs in CPU.
  const single = await interleaved(
    options.rounds,
    lintRun(cold, ['--workers', String(cpus().length)], cpu.pool),
    lintRun(cold, ['--workers', '1'], cpu.single),
  );
  line(
    `lint --workers ${String(cpus().length)} vs 1`,
    seconds(single.harness),
    `${seconds(single.floor)} --workers 1`,
    `${ratio(single.harness, single.floor)}${range(single.ratios)}; CPU ${seconds(median(cpu.pool))} vs ${seconds(median(cpu.single))}`,
  );
  await lintRun({})(); // fills the cache
  const warm = median([await lintRun({})(), await lintRun({})()]);
  line(
    'lint (cache on, unchanged docs)',
    seconds(warm),
    `${seconds(result.floor)} markdown-it tokens`,
    ratio(warm, result.floor),
  );
  if (options.metadata !== undefined) {
    // Both sides on the same threads: unasked, each lint takes the cores idle when it starts, and the rounds before
    // leave the load changing, so one side could run on a pool and the other in one thread.
    const threads = ['--workers', String(cpus().length)];
    const metadata = [...threads, '--metadata', options.metadata];
    const withMetadata = await interleaved(options.rounds, lintRun(cold, metadata), lintRun(cold, threads));
    const m = withMetadata.harness / withMetadata.floor;
    line(
      `lint --metadata (cache off, --workers ${String(cpus().length)})`,
      seconds(withMetadata.harness),
      `${seconds(withMetadata.floor)} lint without`,
      `${ratio(withMetadata.harness, withMetadata.floor)}${range(withMetadata.ratios)} ${m <= 1.2 ? 'ok' : 'OVER'} (≤ 1.2×)`,
    );
  }
}

/** The seed floor's bare Playwright project (bench/floor/seed/): one request a test, the same reporters. */
const FLOOR_CONFIG = join(ROOT, 'bench', 'floor', 'seed', 'playwright.config.js');

/** `--list` cold (nothing stored: the runner builds and stores the DocSet) and warm (read from the store). */
async function list(options: Options): Promise<void> {
  const cacheParent = mkdtempSync(join(tmpdir(), 'gdc-bench-list-'));
  const listRun = async (extra: Readonly<Record<string, string>> = {}): Promise<{ run: Timed; tests: string }> => {
    const run = check(
      await timed(
        [process.execPath, PLAYWRIGHT, 'test', '--list'],
        runEnv(join(cacheParent, 'out'), { DOCS: options.docs, ...extra }),
      ),
      'playwright test --list',
    );
    return { run, tests: /Total: (\d+) tests?/.exec(run.output)?.[1] ?? '?' };
  };
  // Cold: with the cache off, the DocSet is built (in the run's own folder) whatever the shared store holds. Emptying
  // the shared store would cost the other runs on this machine their cache. Then a listing fills the store (or finds
  // it filled), and the next one is the warm figure.
  const cold = await listRun({ GRAPH_CONFORMANCE_CACHE: '0' });
  await listRun();
  const warm = await listRun();
  // The floor: a bare Playwright project listing as many tests (in one file, built by a loop).
  const floor = check(
    await timed([process.execPath, PLAYWRIGHT, 'test', '--list', '-c', FLOOR_CONFIG], {
      FLOOR_OUT: join(cacheParent, 'floor'),
      FLOOR_TESTS: warm.tests === '?' ? '16' : warm.tests,
    }),
    'the --list floor',
  );
  rmSync(cacheParent, { recursive: true, force: true });
  // The memory goal holds for all of the listing's processes at once (a child builds the DocSet of a large tree while
  // the runner waits), and for the largest of them.
  const peak = (t: Timed): number => (Number.isNaN(t.treePeakMb) ? t.peakMb : Math.max(t.peakMb, t.treePeakMb));
  const ok = (t: Timed): string => (t.ms <= 5000 && peak(t) <= 1024 ? 'ok' : 'OVER');
  const memory = (t: Timed): string =>
    `${t.treePeakMb.toFixed(0)} MB all processes, ${t.peakMb.toFixed(0)} MB the largest`;
  const floorText = `${seconds(floor.ms)} (CPU ${seconds(floor.cpuMs)}), ${floor.peakMb.toFixed(0)} MB bare`;
  line(
    `--list (${warm.tests} tests), first`,
    `${seconds(cold.run.ms)} (CPU ${seconds(cold.run.cpuMs)}), ${memory(cold.run)}`,
    'builds and stores the DocSet',
    `${ok(cold.run)} (≤ 5 s, ≤ 1 GB); ${load()}`,
  );
  line(
    '--list, again',
    `${seconds(warm.run.ms)} (CPU ${seconds(warm.run.cpuMs)}), ${memory(warm.run)}`,
    floorText,
    `${ok(warm.run)} (≤ 5 s, ≤ 1 GB); CPU ${ratio(warm.run.cpuMs, floor.cpuMs)} the floor's; ${load()}`,
  );
}

async function replay(options: Options): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-bench-replay-'));
  // Built and stored first, so that the figure is the replay (a first run also builds: see --list). Not by `--list`:
  // a listing runs no global setup, so it builds the DocSet without the service metadata the run's probes read from
  // the mock, and the run would build its own. A run that selects no test sets up and collects as the run does.
  check(
    await timed(
      [process.execPath, PLAYWRIGHT, 'test', '--shard', options.shard, '--grep-invert', '.', '--pass-with-no-tests'],
      runEnv(join(dir, 'warm'), { DOCS: options.docs }),
    ),
    'the replay, selecting no test',
  );
  const before = load();
  const run = check(
    await timed(
      // With every reporter a run has (the reviewer report too): what a user's run costs.
      [process.execPath, PLAYWRIGHT, 'test', '--shard', options.shard],
      runEnv(dir, { DOCS: options.docs }),
    ),
    'the replay',
  );
  const tests = testsRun(join(dir, 'reports'));
  const after = load();
  // The floor: a bare Playwright project sending as many requests, one a test, with the same reporters.
  const floor = check(
    await timed([process.execPath, PLAYWRIGHT, 'test', '-c', FLOOR_CONFIG], {
      FLOOR_OUT: join(dir, 'floor'),
      FLOOR_TESTS: String(tests),
      PW_WORKERS: '2',
    }),
    'the replay floor',
  );
  rmSync(dir, { recursive: true, force: true });
  const perTest = run.ms / Math.max(tests, 1);
  const floorPerTest = floor.ms / Math.max(tests, 1);
  line(
    `replay on 2 workers (${String(tests)} tests, shard ${options.shard})`,
    `${perTest.toFixed(1)} ms per test`,
    // CPU beside wall: on a shared machine the wall time mostly measures the wait for a core.
    `${seconds(run.ms)} in all (CPU ${seconds(run.cpuMs)}), ${run.peakMb.toFixed(0)} MB`,
    `${perTest <= 10 ? 'ok' : 'OVER'} (≤ 10 ms per test); before: ${before}; after: ${after}`,
  );
  line(
    '  its floor: bare Playwright',
    `${floorPerTest.toFixed(1)} ms per test`,
    `${seconds(floor.ms)} in all (CPU ${seconds(floor.cpuMs)}), ${floor.peakMb.toFixed(0)} MB`,
    `harness ${ratio(run.ms, floor.ms)} (CPU ${ratio(run.cpuMs, floor.cpuMs)}); ${load()}`,
  );
}

async function mock(): Promise<void> {
  const run = await timed([process.execPath, '--import', 'tsx', join(ROOT, 'bench', 'mock.ts')]);
  process.stdout.write(`mock vs bare node:http (bench/mock.ts, goal ≥ 0.8×):
${run.output.replace(/^/gm, '  ')}
`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  process.stdout.write(
    `bench: docs ${options.docs}; ${load()}; ${String(Math.round(totalmem() / 2 ** 30))} GB; Node ${process.version}\n`,
  );
  // The command runs dist/ only when it was compiled from src/ as it is: build it, as `npm ci` does.
  check(await timed([process.execPath, join(ROOT, 'scripts', 'build.js')]), 'npm run build');
  line('figure', 'harness', 'floor (same run)', 'ratio / goal');
  if (options.only.has('seed')) await seed(options);
  if (options.only.has('lint')) await lint(options);
  if (options.only.has('list')) await list(options);
  if (options.only.has('replay')) await replay(options);
  if (options.only.has('mock')) await mock();
  process.stdout.write(`bench: done; ${load()}\n`);
}

await main();
