/**
 * What checking docs against Graph's metadata adds to a lint, against the same lint without it, in the same run.
 *
 *   npm run bench:metadata -- [dir] [--metadata FILE]... [--rounds N]
 *   (dir defaults to ../shared/corpus/graph-docs, the metadata to ../shared/metadata/2021-07's v1.0 and beta CSDL)
 *
 * The pages are parsed once (the lint's own share, measured by bench:corpus). Each round times, on those pages:
 * - baseline: the lint's verdict without metadata (schemas, cases, example checks: `lintPages`);
 * - with metadata: loading the metadata documents (from the on-disk cache, as every lint after the first does) and
 *   the same verdict with the metadata and permission checks.
 * The order alternates between rounds; medians are printed, with the ratio to the baseline of the same round, and the
 * ratio for the whole lint (with the pages' uncached parse, timed once): issue 18 asks for at most 1.2×. The first,
 * uncached read of the metadata is printed apart.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { loadDocs } from '../src/docs/load-docs.ts';
import { buildCases } from '../src/cases/build-cases.ts';
import { namedValues } from '../src/cases/placeholders.ts';
import { lintPages } from '../src/lint/lint-pages.ts';
import { loadMetadata } from '../src/metadata/load-metadata.ts';
import type { MetadataSet } from '../src/metadata/metadata-set.ts';
import { buildSchemaRegistry } from '../src/schema/registry.ts';

const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));

function parseArgs(argv: readonly string[]): { dir: string; metadata: string[]; rounds: number } {
  let dir = resolve(SHARED, 'corpus/graph-docs');
  const metadata: string[] = [];
  let rounds = 5;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--rounds') rounds = Number(argv[++i]);
    else if (arg === '--metadata') metadata.push(argv[++i] ?? '');
    else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
    else dir = resolve(arg);
  }
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) fail('--rounds takes a whole number from 1 to 50');
  if (metadata.length === 0)
    metadata.push(
      resolve(SHARED, 'metadata/2021-07/v1.0_metadata.xml'),
      resolve(SHARED, 'metadata/2021-07/beta_metadata.xml'),
    );
  return { dir, metadata, rounds };
}

function fail(message: string): never {
  process.stderr.write(
    `bench:metadata: ${message}\nusage: npm run bench:metadata -- [dir] [--metadata FILE]... [--rounds N]\n`,
  );
  process.exit(2);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const { dir, metadata, rounds } = parseArgs(process.argv.slice(2));
  let started = performance.now();
  const docs = loadDocs([dir], process.cwd(), { cache: false });
  const parseMs = performance.now() - started;
  if (docs.pages.length === 0) fail(`${dir} holds no pages`);

  started = performance.now();
  const cold = await loadMetadata(metadata, process.cwd(), { cache: false });
  const coldMs = performance.now() - started;
  if (cold.problems.length > 0) fail(cold.problems.join('\n'));
  await loadMetadata(metadata); // fills the cache the rounds read from

  let findings = 0;
  const lint = (set?: MetadataSet): void => {
    const registry = buildSchemaRegistry(docs.pages);
    const cases = buildCases(docs.pages, { roots: [dir], params: namedValues(() => 'placeholder') });
    const report = lintPages({
      pages: docs.pages,
      inputFindings: docs.findings,
      registry,
      cases,
      ...(set ? { metadata: set } : {}),
    });
    findings = report.findings.length;
  };
  const baselines: number[] = [];
  const withMetadata: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const timeBaseline = (): number => {
      started = performance.now();
      lint();
      return performance.now() - started;
    };
    const timeWith = async (): Promise<number> => {
      started = performance.now();
      const loaded = await loadMetadata(metadata);
      lint(loaded.metadata);
      return performance.now() - started;
    };
    let base: number;
    let meta: number;
    if (r % 2 === 0) {
      base = timeBaseline();
      meta = await timeWith();
    } else {
      meta = await timeWith();
      base = timeBaseline();
    }
    baselines.push(base);
    withMetadata.push(meta);
    ratios.push(meta / base);
  }
  console.log(`${dir}: ${docs.pages.length} pages; metadata: ${cold.used.map((u) => u.source).join(', ')}`);
  console.log(`first read of the metadata (no cache)  ${coldMs.toFixed(0).padStart(7)} ms`);
  console.log(`lint verdict without metadata           ${median(baselines).toFixed(0).padStart(7)} ms`);
  console.log(
    `lint verdict with metadata (cached)      ${median(withMetadata).toFixed(0).padStart(7)} ms  ${median(ratios).toFixed(2)}× the verdict without (${rounds} rounds, ${findings} findings)`,
  );
  const whole = (parseMs + median(withMetadata)) / (parseMs + median(baselines));
  console.log(
    `whole lint, pages parsed uncached (${parseMs.toFixed(0)} ms): ${whole.toFixed(2)}× with metadata against without`,
  );
}

await main();
