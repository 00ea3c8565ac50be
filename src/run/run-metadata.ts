/**
 * The service metadata a run's probes use where a page is silent (see src/cases/probes.ts), chosen once per run in
 * the runner (Playwright's globalSetup) and named in the run's folder for every process:
 *
 * - `METADATA` set: its documents (a URL is downloaded once, without a token, and kept by its content in the cache,
 *   or in the run's folder with the cache off);
 * - else what the target serves at `/{version}/$metadata`, for each Graph version the pages use: asked through the
 *   run's own client, so with the target's auth and to the target's origin only (the embedded mock serves the CSDL
 *   it builds from the same pages);
 * - `METADATA=none`: no metadata; the pages alone decide.
 *
 * A document that cannot be had or read is one warning naming where and why; the run goes on with the others, or
 * with the pages alone. Each is checked by reading it here (the reading is cached by content), so that the DocSet,
 * built next from the same files, holds only documents that can be used.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { cacheDir, lastUsedFirst, markUsedLast } from '../core/cache.ts';
import type { GraphVersion } from '../core/http.ts';
import type { Page } from '../docs/model.ts';
import { metadataFileText, type MetadataFile } from '../docset/docset.ts';
import {
  fetchMetadataText,
  forgetReadings,
  isUrl,
  namedMetadata,
  parseMetadataOption,
  readMetadataTexts,
  type MetadataSourceOption,
} from '../metadata/load-metadata.ts';
import type { TargetClient } from './target-client.ts';
import { ensureRunDir, readPrivateJson, writePrivateJson } from './run-state.ts';
import { redactRun } from './run-secrets.ts';

export interface RunMetadata {
  readonly files: readonly MetadataFile[];
  /** Where each file came from, as a person reads it (a path as given, or a URL). */
  readonly sources: readonly string[];
  /** One line each: `where: what is wrong; what the run does instead`. */
  readonly warnings: readonly string[];
}

export interface RunMetadataInput {
  /** `METADATA` as given. */
  readonly metadata: readonly string[];
  /** The Graph versions the pages use (what the target is asked for). */
  readonly versions: readonly GraphVersion[];
  /** The run's client: the target's origin and auth. */
  readonly client: TargetClient;
  readonly runDir: string;
  readonly cwd?: string;
  readonly cache?: boolean;
  readonly timeoutMs?: number;
}

/** Chooses, fetches and checks the run's metadata, and names it in the run's folder for the workers. */
export async function chooseRunMetadata(input: RunMetadataInput): Promise<RunMetadata> {
  const cwd = input.cwd ?? process.cwd();
  const timeoutMs = input.timeoutMs ?? 60_000;
  const warnings: string[] = [];
  const candidates: { option: MetadataSourceOption; file: string; text: string }[] = [];
  // Kept by content, in the shared cache when it is on: the DocSet is keyed by its inputs, these files among them, so
  // a file at a new path every run would make every run build the DocSet again (and store another copy of it).
  const keptIn = input.cache === false ? undefined : join(cacheDir(cwd), 'run-metadata');
  const keep = (option: MetadataSourceOption, text: string, name: string): void => {
    let file = join(input.runDir, name);
    if (keptIn === undefined) ensureRunDir(input.runDir);
    else {
      mkdirSync(keptIn, { recursive: true, mode: 0o700 });
      file = join(keptIn, keptName(basename(name, '.xml'), digestOf(text)));
    }
    writeFileSync(file, text, { mode: 0o600 });
    if (keptIn !== undefined) forgetOlder(keptIn, basename(name, '.xml'), file, option.version, cwd);
    candidates.push({ option, file, text });
  };
  const named = namedMetadata(input.metadata);
  if (input.metadata.length > 0 && named.length === 0) {
    // METADATA=none: the pages alone decide
  } else if (named.length > 0) {
    for (const [position, raw] of named.entries()) {
      const option = parseMetadataOption(raw);
      try {
        if (isUrl(option.location))
          keep(option, await fetchMetadataText(option.location, timeoutMs), `metadata-${String(position)}.xml`);
        else {
          const file = resolve(cwd, option.location);
          candidates.push({ option, file, text: readFileSync(file, 'utf8') });
        }
      } catch (error) {
        warnings.push(`METADATA: ${option.location}: cannot read it (${reasonOf(error)}); the run goes on without it`);
      }
    }
  } else {
    for (const version of input.versions) {
      const path = `/${version}/$metadata`;
      const where = `${input.client.origin}${path}`;
      try {
        const { response } = await input.client.send(
          { method: 'GET', path, headers: { Accept: 'application/xml' } },
          { authorize: true, timeoutMs },
        );
        if (response.status !== 200)
          warnings.push(
            `${where}: answered ${String(response.status)}; the probes use the pages alone for ${version} (set METADATA to give the metadata, or METADATA=none)`,
          );
        else keep({ raw: where, location: where, version }, response.bodyText, `metadata-${version}.xml`);
      } catch (error) {
        warnings.push(
          redactRun(
            `${where}: no metadata (${reasonOf(error)}); the probes use the pages alone for ${version} (set METADATA to give the metadata, or METADATA=none)`,
          ),
        );
      }
    }
  }
  const files: MetadataFile[] = [];
  const sources: string[] = [];
  for (const candidate of candidates) {
    const { version } = candidate.option;
    // Read as the DocSet reads it next: one cached reading for both, whatever port the target had this run.
    const read = readMetadataTexts([metadataFileText(candidate.file, version, candidate.text)], cwd, {
      ...(input.cache === undefined ? {} : { cache: input.cache }),
    });
    // A problem names the file read, and the line in it; a document fetched is named as the URL it came from too.
    const from = isUrl(candidate.option.location) ? `${candidate.option.location}: ` : '';
    for (const problem of read.problems) warnings.push(`${from}${problem}; the run goes on without it`);
    // Permission-scopes documents say nothing of properties: the probes have no use for them.
    if (!read.used.some((u) => u.kind === 'csdl')) continue;
    files.push({
      file: candidate.file,
      ...(version === undefined ? {} : { version }),
      digest: digestOf(candidate.text),
    });
    sources.push(candidate.option.location);
  }
  writePrivateJson(input.runDir, 'metadata', files);
  return { files, sources, warnings };
}

/** A kept document's name: its stem (`metadata-v1.0`) and the start of its digest, so that each content has one. */
function keptName(stem: string, digest: string): string {
  return `${stem}-${digest.slice(0, KEPT_DIGEST_CHARS)}.xml`;
}

/** Whether a file of the kept folder is a document kept under `stem` (and not under a longer stem). */
function isKeptUnder(stem: string, name: string): boolean {
  return name.startsWith(`${stem}-`) && KEPT_DIGEST_FILE.test(name.slice(stem.length + 1));
}

const KEPT_DIGEST_CHARS = 32;
/** What follows a kept document's stem and dash (`keptName`). */
const KEPT_DIGEST_FILE = new RegExp(`^[0-9a-f]{${String(KEPT_DIGEST_CHARS)}}\\.xml$`);

/**
 * Of the documents kept under one name (`metadata-v1.0`), the one just written and the one written last before it:
 * a run against the mock and one against a tenant, in turn, both keep theirs. Older ones go, with their readings: a
 * tenant's metadata changes as the service does, and each would otherwise stay in the cache for good.
 */
function forgetOlder(dir: string, stem: string, kept: string, version: GraphVersion | undefined, cwd: string): void {
  try {
    const others = readdirSync(dir)
      .filter((name) => isKeptUnder(stem, name))
      .map((name) => join(dir, name))
      .filter((path) => path !== kept);
    markUsedLast(kept, others);
    for (const path of lastUsedFirst(others).slice(1)) {
      rmSync(path, { force: true });
      forgetReadings(path, version, cwd);
    }
  } catch {
    // a cache that cannot be listed or cleaned only keeps more than it needs
  }
}

/** The metadata the runner chose, as the run's folder names it; none before it chose (or outside a run). */
export function readRunMetadata(runDir: string | undefined): readonly MetadataFile[] {
  if (runDir === undefined) return [];
  const value = readPrivateJson(runDir, 'metadata');
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f): f is MetadataFile =>
      typeof f === 'object' &&
      f !== null &&
      typeof (f as MetadataFile).file === 'string' &&
      typeof (f as MetadataFile).digest === 'string',
  );
}

/** The Graph versions the pages use: what the target is asked for the metadata of (v1.0 when no page says). */
export function graphVersionsOf(pages: readonly Page[]): GraphVersion[] {
  const versions = new Set<GraphVersion>();
  for (const page of pages) if (page.version !== undefined) versions.add(page.version);
  return versions.size === 0 ? ['v1.0'] : [...versions].sort();
}

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function reasonOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  if (code === 'ENOENT') return 'no such file';
  return error instanceof Error ? error.message : String(error);
}
