/**
 * One request budget for the whole run against a target, shared by its workers. Each worker sends at its share of
 * REQUESTS_PER_SECOND (concurrency is the number of workers, capped by MAX_CONCURRENCY in playwright.config.ts, since a
 * worker has one request in flight at a time). A `Retry-After` seen by any worker pauses them all: Graph throttles the
 * app, not the request, and a worker that ignored it would only be throttled longer.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ensureRunDir, runFile } from './run-state.ts';

export interface SendGate {
  /** Resolves when the next request may leave. */
  beforeSend(): Promise<void>;
  /** The target asked for a pause (Retry-After) of this many milliseconds. */
  pauseAll(waitMs: number): void;
}

export const UNLIMITED: SendGate = { beforeSend: () => Promise.resolve(), pauseAll: () => undefined };

/** Milliseconds between two requests of one worker, so that all workers together stay within the run's rate. */
export function spacingMs(requestsPerSecond: number, workers: number): number {
  return (1000 * Math.max(1, workers)) / Math.max(1, requestsPerSecond);
}

/** When the next request may leave: after the worker's spacing and after any pause the target asked for. */
export function nextSendAt(
  lastSentAt: number | undefined,
  spacing: number,
  pausedUntil: number | undefined,
  now: number,
): number {
  return Math.max(now, lastSentAt === undefined ? now : lastSentAt + spacing, pausedUntil ?? now);
}

export class SharedBudget implements SendGate {
  #lastSentAt: number | undefined;
  readonly #spacing: number;
  readonly #file: string;
  readonly #dir: string;

  constructor(runDir: string, requestsPerSecond: number, workers: number) {
    this.#spacing = spacingMs(requestsPerSecond, workers);
    this.#dir = runDir;
    this.#file = runFile(runDir, 'pauseUntil');
  }

  async beforeSend(): Promise<void> {
    // Bounded: a pause is at most RETRY_AFTER_MAX_SECONDS from when it was set, and spacing is at most a few seconds.
    for (let round = 0; round < 100; round++) {
      const now = Date.now();
      const at = nextSendAt(this.#lastSentAt, this.#spacing, this.#pausedUntil(), now);
      if (at <= now) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(at - now, 1000)));
    }
    this.#lastSentAt = Date.now();
  }

  pauseAll(waitMs: number): void {
    const until = Date.now() + waitMs;
    if ((this.#pausedUntil() ?? 0) >= until) return;
    ensureRunDir(this.#dir);
    const temporary = `${this.#file}.${String(process.pid)}`;
    writeFileSync(temporary, String(until), { mode: 0o600 });
    renameSync(temporary, this.#file);
  }

  #pausedUntil(): number | undefined {
    if (!existsSync(this.#file)) return undefined;
    const value = Number(readFileSync(this.#file, 'utf8'));
    return Number.isFinite(value) ? value : undefined;
  }
}
