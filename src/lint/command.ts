/**
 * The I/O edge of `graph-conformance lint <files or dirs> [--metadata FILE|URL,...] [--format text|json] [--out FILE]`:
 * reads the docs and the metadata, shows progress on a terminal, and writes the report. The verdict itself is
 * `lintPages` (pure).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { docCasesPlace, loadStoredDocCasesReadBy } from '../docset/load-docset.ts';
import { findEntry, type StoredEntry } from '../docset/docset-store.ts';
import { keepReport, readKeptReport } from './kept-report.ts';
import type { LintFinding, LintReport } from './model.ts';
import type { DocCases, DocModel } from '../docset/docset.ts';
import { findDocFiles, loadFoundDocs, type DocSet as DocsRead } from '../docs/load-docs.ts';
import { linkResourcePages, resourceNames } from '../docs/resource-link.ts';
import type { Finding } from '../core/finding.ts';
import { exitCode, formatJson, formatText } from './format.ts';
import { countsOf, crossPageFindings, lintReport, ownFindings, reportOf } from './lint-pages.ts';
import {
  checkPages,
  checkStoredPages,
  heldUntilAttached,
  readInPool,
  workersFor,
  type CheckOptions,
  type PoolRead,
} from './check-pages.ts';
import { streamReport } from './stream-report.ts';
import { readLintConfig } from './config.ts';
import { plural } from '../core/plural.ts';
import { loadMetadata, namedMetadata, type LoadedMetadata } from '../metadata/load-metadata.ts';
import { settings } from '../settings/settings.ts';
import { readCommandOptions } from '../settings/command-options.ts';

/** This thread's share of the docs when it reads the metadata too, against a pool thread's (`readInPool`). */
const HERE_SHARE_WITH_METADATA = 0.5;

export type LintRun =
  { readonly ok: true; readonly code: 0 | 1 | 2 } | { readonly ok: false; readonly message: string };

export interface LintIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Progress is shown only on an interactive terminal outside CI. */
  readonly interactive: boolean;
}

function defaultIo(): LintIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY && settings().ci !== true,
  };
}

export async function runLint(args: readonly string[], io: LintIo = defaultIo()): Promise<LintRun> {
  const read = readCommandOptions('lint', args);
  if (!read.ok) return read;
  const { values, positionals } = read;
  const { format } = values;
  if (positionals.length === 0) return { ok: false, message: 'lint needs the doc files or folders to check' };

  // The configuration first: a file that cannot be used stops the lint before the docs are read.
  const config = readLintConfig(values.config, process.cwd());
  if (!config.ok) {
    io.stderr(`${config.message}\n`);
    return { ok: true, code: 2 };
  }
  // The metadata is read while the pool's threads parse the docs (this thread then reads a smaller share of them), else
  // once the docs are read; either way, metadata that cannot be used stops the lint before any page is checked.
  const withMetadata = namedMetadata(values.metadata).length > 0;
  let metadata: Promise<LoadedMetadata> | undefined;
  const readMetadata = (): Promise<LoadedMetadata> =>
    (metadata ??= loadMetadata(values.metadata, process.cwd(), { cache: settings().pageCache }));
  const unusable = (loaded: LoadedMetadata): LintRun | undefined => {
    if (loaded.problems.length === 0) return undefined;
    for (const problem of loaded.problems) io.stderr(`${problem}\n`);
    io.stderr('graph-conformance: lint cannot use the metadata it was given (--metadata)\n');
    return { ok: true, code: 2 };
  };

  const progress = io.interactive
    ? (done: number, total: number) => {
        io.stderr(`\rlint: ${done.toString()}/${total.toString()} pages`);
      }
    : undefined;
  const lintConfig = config.config;
  const cwd = process.cwd();
  const includeRoots = values['include-root'];
  const workers = values.workers;
  // Lint does not know the tenant: placeholders count as filled, so only the doc's own reasons skip a case.
  const docSetInput = { roots: positionals, placeholders: { kind: 'all-filled' } } as const;
  const storeOptions = { cache: settings().pageCache, includeRoots };
  const place = docCasesPlace(docSetInput, storeOptions);
  // A large tree not stored before is read in the pool that checks it: each thread parses its share of the files and
  // keeps its pages to check them. A small tree, or one the pool cannot read as one reader would, is read here.
  let pooled: PoolRead | undefined;
  const readDocs = async (): Promise<DocsRead> => {
    // The files the store's key was computed from, when there is a store: the tree is walked once.
    const found = place?.found ?? findDocFiles(positionals, cwd, includeRoots);
    const threads = workersFor(found.files.length, workers);
    if (threads > 1) {
      const reading = readInPool(found.files, found.roots, cwd, {
        threads,
        // Reading Graph's metadata takes this thread 2 s or so (the 2021 CSDL and scopes files): it reads less of the
        // docs. Measured on the whole 2021 reference on 2 threads: as fast as the pool reading every share, 200 MB less.
        ...(withMetadata ? { hereShare: HERE_SHARE_WITH_METADATA } : {}),
        ...(progress ? { onPage: progress } : {}),
      });
      await readMetadata();
      pooled = await reading;
    }
    if (!pooled)
      return loadFoundDocs(found, positionals, cwd, {
        cache: settings().pageCache,
        includeRoots,
        ...(progress ? { onPage: progress } : {}),
      });
    return { pages: linkResourcePages(pooled.docs.pages), findings: [...found.findings, ...pooled.docs.findings] };
  };
  // Unchanged docs linted before without metadata: the findings kept then are the report.
  const keeps = !withMetadata;
  const stored = keeps && place ? findEntry(place) : undefined;
  const kept = stored ? readKeptReport(stored) : undefined;
  if (kept) return output(reportOf(kept.counts, kept.findings, lintConfig, []));
  // The pool's threads check the examples as soon as the schemas are built, while this thread builds the cases; the
  // findings they send before the report is ready to stream them are held until it is.
  let pooledCheck: Promise<Finding[][]> | undefined;
  const relay = heldUntilAttached<readonly Finding[]>();
  const checkInPool = (model: DocModel): void => {
    if (!pooled) return;
    pooledCheck = pooled.check(model, resourceNames(model.pages), { onPage: relay.onValue });
    pooledCheck.catch(() => undefined); // awaited by the report; a lint that stops before it ends the pool
  };
  try {
    const { docCases, entry } = await loadStoredDocCasesReadBy(docSetInput, storeOptions, readDocs, place, checkInPool);
    if (progress) io.stderr('\r\x1b[K');
    const loaded = await readMetadata();
    const stop = unusable(loaded);
    if (stop) return stop;
    const check = (options: CheckOptions): Promise<Finding[][]> => {
      const started = pooledCheck;
      const checked = (): Promise<Finding[][]> => {
        if (started === undefined) return checkPages(docCases.pages, docCases.registry, options);
        if (options.onPage) relay.attach(options.onPage);
        return started;
      };
      return checkStoredPages(docCases, entry, options, checked);
    };
    return await report(docCases, check, keeps ? entry : undefined, loaded);
  } finally {
    await pooled?.close();
  }

  async function report(
    docCases: DocCases,
    check: (options: CheckOptions) => Promise<Finding[][]>,
    keepIn: StoredEntry | undefined,
    loaded: LoadedMetadata,
  ): Promise<LintRun> {
    if (docCases.pages.length === 0) {
      for (const f of docCases.inputFindings)
        io.stderr(`${f.location.file}:${f.location.line.toString()}: ${f.message}\n`);
      io.stderr('graph-conformance: lint found no markdown pages to check\n');
      return { ok: true, code: 2 };
    }
    // Pages not read whole get no tests, which the page's own finding already says; a harness failure is reported.
    const harness = docCases.untestable.filter((f) => f.rule === 'page-failed');
    const input = {
      ...docCases,
      inputFindings: [...docCases.inputFindings, ...harness],
      metadata: loaded.metadata,
      metadataSources: loaded.used,
      config: lintConfig,
    };
    const keep = (examples: readonly (readonly Finding[])[], crossPage: readonly LintFinding[]): void => {
      if (keepIn)
        keepReport(keepIn, {
          counts: countsOf(input),
          findings: [...ownFindings(input, (index) => examples[index] ?? []), ...crossPage],
        });
    };
    if (format === 'text' && values.out === undefined) {
      // Written as pages are checked: the first findings show while the rest of a large tree is still being checked.
      const stream = streamReport(input, io.stdout);
      const examples = await check({
        workers,
        onPage: (index, found) => {
          stream.page(index, found);
        },
      });
      const code = exitCode(stream.end());
      keep(examples, crossPageFindings(input));
      return { ok: true, code };
    }
    const checking = check({ workers });
    const crossPage = crossPageFindings(input); // in this thread, while the workers check the examples
    const exampleFindings = await checking;
    keep(exampleFindings, crossPage);
    return output(lintReport(input, [...ownFindings(input, (index) => exampleFindings[index] ?? []), ...crossPage]));
  }

  function output(report: LintReport): LintRun {
    const text = format === 'json' ? formatJson(report) : formatText(report);
    if (values.out === undefined) io.stdout(text);
    else {
      mkdirSync(dirname(values.out), { recursive: true });
      writeFileSync(values.out, text);
      const s = report.summary;
      io.stdout(
        `lint: ${plural(s.pages, 'page')}, ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}; report written to ${values.out}\n`,
      );
    }
    return { ok: true, code: exitCode(report) };
  }
}
