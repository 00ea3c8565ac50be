/**
 * Guarded writes: read before, undo after, check the undo. Used by a test-scoped fixture, so the undo runs in the
 * fixture's teardown: also when the test failed or timed out. Every request of an undo goes to a path on the target,
 * and a POST's creation is deleted only where it lies inside the collection posted to (restore-plan.ts). What cannot
 * be undone is recorded in the run's folder for the summary at the end of the run, and fails the test that wrote.
 */
import { parseJsonOrUndefined } from '../core/json.ts';
import { TargetUnavailable, type Exchange } from './exchange.ts';
import type { Redactor } from '../core/redact.ts';
import {
  createdEntity,
  planWrite,
  restoreMismatches,
  revertBody,
  type Created,
  type Fix,
  type RestoreCause,
  type RestoreFailure,
} from './restore-plan.ts';
import { acquireRunLock, appendRecord } from './run-state.ts';
import type { TargetClient, TargetRequest } from './target-client.ts';

type Undo = { readonly writtenAt: readonly [number, number] } & (
  | {
      readonly kind: 'revert';
      readonly path: string;
      readonly method: 'PATCH' | 'PUT';
      readonly body: Record<string, unknown>;
      readonly keys: readonly string[];
    }
  | {
      readonly kind: 'delete-created';
      readonly collection: string;
      /** Set from the POST's answer: what it created, and how the answer began (for a person to find it). */
      created?: Created;
      answer?: string;
    }
);

const JSON_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' };

/** Orders writes sent in the same millisecond. */
let rank = 0;

export class TenantRestorer {
  readonly #client: TargetClient;
  readonly #createdByRun: readonly string[];
  readonly #runDir: string;
  readonly #test: string;
  readonly #redact: Redactor;
  readonly #undo: Undo[] = [];
  readonly #timeoutMs: number;
  #release: (() => void) | undefined;

  constructor(
    client: TargetClient,
    options: {
      readonly createdByRun: readonly string[];
      readonly runDir: string;
      readonly test: string;
      readonly redact: Redactor;
      readonly timeoutMs: number;
    },
  ) {
    this.#client = client;
    this.#createdByRun = options.createdByRun;
    this.#runDir = options.runDir;
    this.#test = options.test;
    this.#redact = options.redact;
    this.#timeoutMs = options.timeoutMs;
  }

  /** Before a write: undefined when it may be sent (its undo registered), else why it must not be (skip the test). */
  async prepare(request: TargetRequest): Promise<string | undefined> {
    const plan = planWrite(
      request.method,
      request.path,
      typeof request.body === 'string' ? request.body : undefined,
      this.#createdByRun,
    );
    if (plan.kind === 'refuse') return `not sent, so nothing could be lost: ${plan.reason}`;
    // One guarded write at a time in the whole run: two paths can name one entity (/me and /users/{id}), and a
    // snapshot taken while another test's change is in place would restore that change, not the original.
    this.#release ??= await acquireRunLock(this.#runDir, 'writeLock', 10 * 60_000);
    const writtenAt = [Date.now(), rank++] as const;
    if (plan.kind === 'created-by-run') return undefined;
    if (plan.kind === 'delete-created') {
      this.#undo.push({ kind: 'delete-created', collection: request.path, writtenAt });
      return undefined;
    }
    const path = request.path;
    const read = await this.#get(path);
    const snapshot = read.response.status === 200 ? parseJsonOrUndefined(read.response.bodyText) : undefined;
    if (snapshot === undefined) {
      return `not sent, so nothing could be lost: the entity could not be read before changing it (GET ${path} answered ${read.response.status}), so it could not be restored`;
    }
    const revert = revertBody(snapshot, plan.keys, plan.method);
    if ('unknown' in revert) {
      return `not sent, so nothing could be lost: GET ${path} does not show ${revert.unknown.join(', ')}, so the values before the write are unknown and could not be restored`;
    }
    this.#undo.push({ kind: 'revert', path, method: plan.method, body: revert.body, keys: plan.keys, writtenAt });
    return undefined;
  }

  /** After the write: a POST's answer says what it created. */
  noteAnswer(result: Exchange): void {
    const pending = this.#undo.at(-1);
    if (pending?.kind !== 'delete-created' || pending.created !== undefined) return;
    const { status, headers, bodyText } = result.response;
    pending.created = createdEntity(this.#client.origin, pending.collection, {
      status,
      location: headers.location,
      bodyText,
    });
    pending.answer = this.#redact(bodyText.slice(0, 300));
  }

  /** Undoes every registered write, newest first, and checks each undo with a GET. Returns what failed. */
  async restoreAll(): Promise<RestoreFailure[]> {
    try {
      return await this.#restoreAll();
    } finally {
      this.#release?.();
      this.#release = undefined;
    }
  }

  async #restoreAll(): Promise<RestoreFailure[]> {
    const failures: RestoreFailure[] = [];
    for (const undo of this.#undo.splice(0).reverse()) {
      let failure: Omit<RestoreFailure, 'test' | 'writtenAt'> | undefined;
      try {
        failure = undo.kind === 'revert' ? await this.#revert(undo) : await this.#deleteCreated(undo);
      } catch (error) {
        // No usable answer is the target's doing; anything else thrown here is a bug of ours.
        const cause: RestoreCause = error instanceof TargetUnavailable ? 'target' : 'harness';
        failure = {
          path: undo.kind === 'revert' ? undo.path : pathOf(undo),
          problem: error instanceof Error ? error.message : String(error),
          cause,
          fix: this.#fixFor(undo),
        };
      }
      if (failure === undefined) continue;
      const recorded: RestoreFailure = {
        test: this.#test,
        path: this.#redact(failure.path),
        problem: this.#redact(failure.problem),
        cause: failure.cause,
        fix: failure.fix,
        writtenAt: undo.writtenAt,
      };
      failures.push(recorded);
      appendRecord(this.#runDir, 'restoreFailures', recorded);
    }
    return failures;
  }

  async #revert(
    undo: Extract<Undo, { kind: 'revert' }>,
  ): Promise<Omit<RestoreFailure, 'test' | 'writtenAt'> | undefined> {
    const put = await this.#client.send(
      { method: undo.method, path: undo.path, headers: JSON_HEADERS, body: JSON.stringify(undo.body) },
      { authorize: true, timeoutMs: this.#timeoutMs },
    );
    const check = await this.#get(undo.path);
    const mismatched =
      check.response.status === 200
        ? restoreMismatches(undo.body, parseJsonOrUndefined(check.response.bodyText), undo.keys)
        : [...undo.keys];
    if (mismatched.length === 0) return undefined;
    return {
      path: undo.path,
      problem: `the restoring ${undo.method} answered ${put.response.status}; the GET after it (${check.response.status}) shows ${mismatched.join(', ')} still changed`,
      cause: 'target',
      fix: this.#fixFor(undo),
    };
  }

  async #deleteCreated(
    undo: Extract<Undo, { kind: 'delete-created' }>,
  ): Promise<Omit<RestoreFailure, 'test' | 'writtenAt'> | undefined> {
    const created = undo.created ?? { kind: 'none' };
    if (created.kind === 'none') return undefined; // the POST failed, or was an action that creates nothing
    if (created.kind === 'unlocated')
      return { path: undo.collection, problem: created.problem, cause: 'target', fix: this.#fixFor(undo) };
    const removal = await this.#client.send(
      { method: 'DELETE', path: created.path, headers: {} },
      { authorize: true, timeoutMs: this.#timeoutMs },
    );
    const check = await this.#get(created.path);
    if (check.response.status === 404 || check.response.status === 410) return undefined;
    return {
      path: created.path,
      problem: `the DELETE of the created entity answered ${removal.response.status}; a GET after it answered ${check.response.status}`,
      cause: 'target',
      fix: { kind: 'send', method: 'DELETE' },
    };
  }

  #fixFor(undo: Undo): Fix {
    if (undo.kind === 'revert') return { kind: 'write', method: undo.method, values: undo.body };
    if (undo.created?.kind === 'at') return { kind: 'send', method: 'DELETE' };
    return { kind: 'find-and-delete', answer: undo.answer ?? '(no answer)' };
  }

  #get(path: string): Promise<Exchange> {
    return this.#client.send(
      { method: 'GET', path, headers: { Accept: 'application/json' } },
      { authorize: true, timeoutMs: this.#timeoutMs },
    );
  }
}

function pathOf(undo: Extract<Undo, { kind: 'delete-created' }>): string {
  return undo.created?.kind === 'at' ? undo.created.path : undo.collection;
}
