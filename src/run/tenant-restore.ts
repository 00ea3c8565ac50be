/**
 * Guarded writes: read before, undo after, check the undo. Used by a test-scoped fixture, so the undo runs in the
 * fixture's teardown: also when the test failed or timed out. What cannot be undone is recorded in the run's folder
 * for the summary at the end of the run, and printed at once.
 */
import { parseJsonOrUndefined } from '../core/json.ts';
import type { Exchange } from './exchange.ts';
import type { Redactor } from '../core/redact.ts';
import { createdEntityUrl, planWrite, restoreMismatches, revertBody, type RestoreFailure } from './restore-plan.ts';
import { acquireRunLock, appendRecord } from './run-state.ts';
import type { TargetClient, UnsignedRequest } from './target-client.ts';

type Undo =
  | {
      readonly kind: 'revert';
      readonly url: string;
      readonly method: 'PATCH' | 'PUT';
      readonly body: Record<string, unknown>;
      readonly keys: readonly string[];
    }
  | { readonly kind: 'delete-created'; readonly collectionUrl: string; url?: string | undefined; unlocated?: string };

const JSON_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' };

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
  async prepare(request: UnsignedRequest): Promise<string | undefined> {
    const plan = planWrite(
      request.method,
      request.url,
      typeof request.body === 'string' ? request.body : undefined,
      this.#createdByRun,
    );
    if (plan.kind === 'refuse') return `not sent, so nothing could be lost: ${plan.reason}`;
    // One guarded write at a time in the whole run: two paths can name one entity (/me and /users/{id}), and a
    // snapshot taken while another test's change is in place would restore that change, not the original.
    this.#release ??= await acquireRunLock(this.#runDir, 'writeLock', 10 * 60_000);
    if (plan.kind === 'created-by-run') return undefined;
    if (plan.kind === 'delete-created') {
      this.#undo.push({ kind: 'delete-created', collectionUrl: request.url });
      return undefined;
    }
    const read = await this.#client.send(
      { method: 'GET', url: request.url, headers: { Accept: 'application/json' } },
      { authorize: true, timeoutMs: this.#timeoutMs },
    );
    const snapshot = read.response.status === 200 ? parseJsonOrUndefined(read.response.bodyText) : undefined;
    if (snapshot === undefined) {
      return `not sent, so nothing could be lost: the entity could not be read before changing it (GET ${pathOf(request.url)} answered ${read.response.status}), so it could not be restored`;
    }
    const revert = revertBody(snapshot, plan.keys, plan.method);
    if ('unknown' in revert) {
      return `not sent, so nothing could be lost: GET ${pathOf(request.url)} does not show ${revert.unknown.join(', ')}, so the values before the write are unknown and could not be restored`;
    }
    this.#undo.push({ kind: 'revert', url: request.url, method: plan.method, body: revert.body, keys: plan.keys });
    return undefined;
  }

  /** After the write: a POST's answer says what it created. */
  noteAnswer(result: Exchange): void {
    const pending = this.#undo.at(-1);
    if (pending?.kind !== 'delete-created' || pending.url !== undefined) return;
    const { status, headers, bodyText } = result.response;
    pending.url = createdEntityUrl(result.request.url, status, headers.location, bodyText);
    if (pending.url === undefined && status === 201) pending.unlocated = this.#redact(bodyText.slice(0, 300));
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
      let failure: RestoreFailure | undefined;
      try {
        failure = undo.kind === 'revert' ? await this.#revert(undo) : await this.#deleteCreated(undo);
      } catch (error) {
        const url = undo.kind === 'revert' ? undo.url : (undo.url ?? undo.collectionUrl);
        failure = {
          test: this.#test,
          url,
          problem: this.#redact(error instanceof Error ? error.message : String(error)),
          fixByHand: fixFor(undo),
        };
      }
      if (failure) {
        failure = {
          test: failure.test,
          url: this.#redact(failure.url),
          problem: this.#redact(failure.problem),
          fixByHand: this.#redact(failure.fixByHand),
        };
        failures.push(failure);
        appendRecord(this.#runDir, 'restoreFailures', failure);
      }
    }
    return failures;
  }

  async #revert(undo: Extract<Undo, { kind: 'revert' }>): Promise<RestoreFailure | undefined> {
    const put = await this.#client.send(
      { method: undo.method, url: undo.url, headers: JSON_HEADERS, body: JSON.stringify(undo.body) },
      { authorize: true, timeoutMs: this.#timeoutMs },
    );
    const check = await this.#client.send(
      { method: 'GET', url: undo.url, headers: { Accept: 'application/json' } },
      { authorize: true, timeoutMs: this.#timeoutMs },
    );
    const mismatched =
      check.response.status === 200
        ? restoreMismatches(undo.body, parseJsonOrUndefined(check.response.bodyText), undo.keys)
        : [...undo.keys];
    if (mismatched.length === 0) return undefined;
    return {
      test: this.#test,
      url: undo.url,
      problem: `the restoring ${undo.method} answered ${put.response.status}; the GET after it (${check.response.status}) shows ${mismatched.join(', ')} still changed`,
      fixByHand: fixFor(undo),
    };
  }

  async #deleteCreated(undo: Extract<Undo, { kind: 'delete-created' }>): Promise<RestoreFailure | undefined> {
    if (undo.url === undefined) {
      if (undo.unlocated === undefined) return undefined; // no entity was created (the POST failed, or was an action)
      return {
        test: this.#test,
        url: undo.collectionUrl,
        problem: 'the POST answered 201 but neither a Location header nor an id says where the new entity is',
        fixByHand: `find the entity created under ${pathOf(undo.collectionUrl)} (answer began: ${undo.unlocated}) and delete it`,
      };
    }
    const removal = await this.#client.send(
      { method: 'DELETE', url: undo.url, headers: {} },
      { authorize: true, timeoutMs: this.#timeoutMs },
    );
    const check = await this.#client.send(
      { method: 'GET', url: undo.url, headers: { Accept: 'application/json' } },
      { authorize: true, timeoutMs: this.#timeoutMs },
    );
    if (check.response.status === 404 || check.response.status === 410) return undefined;
    return {
      test: this.#test,
      url: undo.url,
      problem: `the DELETE of the created entity answered ${removal.response.status}; a GET after it answered ${check.response.status}`,
      fixByHand: fixFor(undo),
    };
  }
}

function fixFor(undo: Undo): string {
  if (undo.kind === 'revert') return `${undo.method} ${pathOf(undo.url)} with ${JSON.stringify(undo.body)}`;
  return undo.url !== undefined
    ? `DELETE ${pathOf(undo.url)}`
    : `delete what the POST to ${pathOf(undo.collectionUrl)} created`;
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}
