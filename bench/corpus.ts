/**
 * Throughput of the doc pipeline over a docs tree, against a baseline measured in the same run.
 *
 *   npm run bench:corpus -- [dir] [--rounds N]      (dir defaults to ../shared/corpus/graph-docs)
 *
 * Each round times, on the same files already read into memory:
 * - baseline: markdown-it tokenising each page, nothing else (the floor any markdown-it-based parser stands on);
 * - parse: the harness's page parser (`parsePage`: tokens → page model, resource and enum definitions, findings);
 * - schemas: building every schema from the page models (`buildSchemas`);
 * - compile: registering them in one Ajv registry and compiling every schema in strict mode (`compileAll`).
 * The order of baseline and harness alternates between rounds; medians are printed, and each phase as a ratio of the
 * baseline's time in the same round. A hand-run script: absolute numbers depend on the machine, ratios less so.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import { parsePage } from '../src/docs/parse-page.ts';
import type { Page } from '../src/docs/model.ts';
import { buildSchemas } from '../src/schema/build-schemas.ts';
import { createRegistry } from '../src/schema/registry.ts';

const DEFAULT_DIR = fileURLToPath(new URL('../../shared/corpus/graph-docs', import.meta.url));

function usage(message: string): never {
  process.stderr.write(`bench:corpus: ${message}\nusage: npm run bench:corpus -- [dir] [--rounds N]\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): { dir: string; rounds: number } {
  let dir = DEFAULT_DIR;
  let rounds = 3;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--rounds') {
      rounds = Number(argv[++i]);
      if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) usage('--rounds takes a whole number from 1 to 50');
    } else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else dir = resolve(arg);
  }
  try {
    if (!statSync(dir).isDirectory()) usage(`${dir} is not a folder`);
  } catch {
    usage(`${dir}: no such folder`);
  }
  return { dir, rounds };
}

interface Source {
  readonly file: string;
  readonly text: string;
}

function readTree(dir: string): { sources: Source[]; bytes: number; ms: number } {
  const started = performance.now();
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.md$/i.test(entry.name) && !/^readme\.md$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  let bytes = 0;
  const sources = files.map((file) => {
    const buffer = readFileSync(file);
    bytes += buffer.length;
    return { file: relative(dir, file), text: buffer.toString('utf8') };
  });
  return { sources, bytes, ms: performance.now() - started };
}

/** What a phase produced, read so that the work cannot be optimised away. */
let sink = 0;

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

interface Round {
  baseline: number;
  parse: number;
  schemas: number;
  compile: number;
}

function round(
  sources: readonly Source[],
  baselineFirst: boolean,
): Round & { counts: { schemas: number; compiled: number; failures: number; resources: number } } {
  const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });
  const baseline = (): number =>
    time(() => {
      for (const { text } of sources) sink += markdown.parse(text, {}).length;
    });
  let pages: Page[] = [];
  let built: ReturnType<typeof buildSchemas> | undefined;
  let result = { compiled: 0, failures: [] as readonly unknown[] };
  const harness = (): { parse: number; schemas: number; compile: number } => {
    const parse = time(() => {
      pages = sources.map(({ file, text }) => parsePage(file, text));
    });
    const schemas = time(() => {
      built = buildSchemas(pages);
    });
    const compile = time(() => {
      result = createRegistry(built?.schemas ?? [], built?.findings ?? []).compileAll();
    });
    return { parse, schemas, compile };
  };
  let base: number;
  let phases: { parse: number; schemas: number; compile: number };
  if (baselineFirst) {
    base = baseline();
    phases = harness();
  } else {
    phases = harness();
    base = baseline();
  }
  sink += pages.length;
  return {
    baseline: base,
    ...phases,
    counts: {
      schemas: built?.schemas.length ?? 0,
      compiled: result.compiled,
      failures: result.failures.length,
      resources: pages.filter((p) => p.resource !== undefined).length,
    },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function main(): void {
  const { dir, rounds } = parseArgs(process.argv.slice(2));
  const { sources, bytes, ms } = readTree(dir);
  if (sources.length === 0) usage(`${dir} holds no .md files`);
  const mb = bytes / 1e6;
  console.log(
    `${dir}: ${sources.length} pages, ${mb.toFixed(2)} MB (read in ${ms.toFixed(0)} ms); ${rounds} rounds, medians`,
  );

  const results = Array.from({ length: rounds }, (_, index) => round(sources, index % 2 === 0));
  const last = results[results.length - 1];
  const m = (pick: (r: Round) => number): number => median(results.map(pick));
  const ratio = (pick: (r: Round) => number): number => median(results.map((r) => pick(r) / r.baseline));
  const rate = (msTaken: number): string =>
    `${((sources.length / msTaken) * 1000).toFixed(0).padStart(7)} pages/s ${((mb / msTaken) * 1000).toFixed(2).padStart(7)} MB/s`;
  const row = (name: string, pick: (r: Round) => number): void => {
    console.log(
      `${name.padEnd(34)} ${m(pick).toFixed(1).padStart(9)} ms  ${rate(m(pick))}  ${ratio(pick).toFixed(2).padStart(6)}× baseline`,
    );
  };
  row('baseline: markdown-it tokens', (r) => r.baseline);
  row('parse: page models', (r) => r.parse);
  row('schemas: build', (r) => r.schemas);
  row('compile: Ajv strict, every schema', (r) => r.compile);
  row('parse + schemas + compile', (r) => r.parse + r.schemas + r.compile);
  if (last) {
    const perSchema = m((r) => r.compile) / Math.max(1, last.counts.compiled);
    console.log(
      `schemas: ${last.counts.schemas} built from ${last.counts.resources} resource pages; ${last.counts.compiled} compiled (${perSchema.toFixed(2)} ms each), ${last.counts.failures} failed`,
    );
  }
  const memory = process.memoryUsage();
  console.log(
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; heap used at end ${(memory.heapUsed / 1e6).toFixed(0)} MB  (sink ${sink % 10})`,
  );
}

main();
