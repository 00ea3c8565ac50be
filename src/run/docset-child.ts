/**
 * A run's DocSet built and stored by a child process (`store-docset-process.ts`), for a process that must not hold it
 * whole: the runner collecting the tests of a large tree. The child builds, stores the parts a run reads (the same
 * `docSetEntry` as in process) and ends, its heap with it; the caller then finds the entry as on any later run.
 * Synchronous, because Playwright collects tests synchronously.
 */
import { spawnSync } from 'node:child_process';
import { harnessEntry } from '../core/harness-entry.ts';
import type { DocSetInput } from '../docset/docset.ts';
import type { EntryPlace } from '../docset/docset-store.ts';

/**
 * What the child is asked to build and where to store it: plain data, sent as JSON on its stdin. The place is the one
 * its parent found empty, with the doc files its key covers: the child does not list and stat the docs again, to find
 * the place or to build.
 */
export interface ChildBuild {
  readonly input: DocSetInput;
  readonly options: {
    readonly cache: boolean;
    readonly includeRoots: readonly string[];
  };
  readonly place: EntryPlace;
}

/**
 * How long the child may take: a bound for a child that hangs, not an expectation (the whole 2021 reference builds in
 * 25 to 40 s on 2 cores, and in about 2 min on a machine loaded five times over).
 */
const CHILD_TIMEOUT_MS = 30 * 60_000;

/**
 * The child's exit code when the store could not be written (sysexits' "cannot create output file"): apart from 1,
 * which an uncaught exception gives, and from the codes Node itself uses.
 */
export const NOT_STORED = 73;

/** What became of the child: the DocSet stored, or not, with why when the child failed rather than found no store. */
export type ChildOutcome = { readonly stored: true } | { readonly stored: false; readonly failure?: string };

/**
 * The child's old-space cap for a DocSet of this many doc files, in MB: about four times what it holds live (the whole
 * 2021 reference, 26,054 files, 430 MB after a full collection), headroom for trees whose pages hold more. Under a cap
 * of this order V8 grows the heap less eagerly than under its default (4 GB here): building and storing the
 * reference's DocSet alone peaks at 0.74 GB instead of 0.90 GB, in the same time (caps from 800 to 1,600 MB all gave
 * 0.73 to 0.76 GB, 2,400 MB gave 0.90; in a `--list` the child peaks at 0.72 to 0.81 GB from one run to the next).
 * A tree whose DocSet outgrows the cap ends the child; the caller then builds it, uncapped.
 */
export function heapCapMb(files: number): number {
  return Math.max(512, Math.ceil((files * 64) / 1024));
}

/**
 * Has a child build and store the DocSet at `build.place`. A child that could not store it (the store cannot be
 * written) exits `NOT_STORED`, which is no failure: the caller builds in process, as it would have. Any other end is a failure,
 * said in a sentence (the child's own output, a stack perhaps, is not shown); the caller builds in process too, where
 * whatever went wrong is reported as usual.
 */
export function storedByChild(build: ChildBuild): ChildOutcome {
  const files = build.place.found.files.length;
  // Beside this module: compiled beside compiled (dist/run/ from dist/run-bundle/ too), else the source.
  const { file, flags } = harnessEntry(import.meta.url, '../run/store-docset-process');
  const child = spawnSync(process.execPath, [...flags, `--max-old-space-size=${String(heapCapMb(files))}`, file], {
    input: JSON.stringify(build),
    stdio: ['pipe', 'ignore', 'ignore'],
    timeout: CHILD_TIMEOUT_MS,
    windowsHide: true,
  });
  if (child.status === 0) return { stored: true };
  if (child.status === NOT_STORED) return { stored: false };
  const failure =
    child.error !== undefined && child.signal === null
      ? `could not start (${child.error.message})`
      : child.signal === 'SIGTERM'
        ? `did not finish in ${String(CHILD_TIMEOUT_MS / 60_000)} min`
        : child.signal !== null
          ? `ended by ${child.signal} (out of memory past its ${String(heapCapMb(files))} MB heap, perhaps)`
          : `exited with code ${String(child.status)}`;
  return { stored: false, failure };
}
