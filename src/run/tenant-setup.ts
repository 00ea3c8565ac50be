/**
 * The tenant file's setup requests, run once per run by the setup project: each captures placeholder values from the
 * tenant's answer (shared with every worker through the run's folder), and one with a cleanup is undone by the
 * teardown project, checked with a GET that must answer 404.
 */
import { parseJsonOrUndefined } from '../core/json.ts';
import { decideWrite } from './write-guard.ts';
import { captureValue, formatCapturePath } from './capture-path.ts';
import { fillSetupPath, type SetupRequest } from './tenant-file.ts';
import type { Redactor } from '../core/redact.ts';
import type { RestoreFailure } from './restore-plan.ts';
import type { TargetClient } from './target-client.ts';
import { TargetUnavailable } from './exchange.ts';

export interface Cleanup {
  readonly method: string;
  /** Path on the target. */
  readonly path: string;
  readonly where: string;
}

export interface SetupOutcome {
  readonly captured: Readonly<Record<string, string>>;
  /** Captured values of entities the run created (setup requests with a cleanup): tests may delete those. */
  readonly createdByRun: readonly string[];
  readonly cleanups: readonly Cleanup[];
  /** Setup requests not sent (writes to a target that takes none), with the reason. */
  readonly skipped: readonly string[];
}

export class SetupError extends Error {
  override readonly name = 'SetupError';
}

export interface SetupContext {
  readonly client: TargetClient;
  readonly allowWrites: boolean;
  readonly known: (name: string) => string | undefined;
  readonly redact: Redactor;
  readonly timeoutMs: number;
  /** Called after each cleanup is known, so that a later failure still leaves it to be run. */
  readonly onCleanup: (cleanup: Cleanup) => void;
}

export async function runSetup(requests: readonly SetupRequest[], ctx: SetupContext): Promise<SetupOutcome> {
  const captured: Record<string, string> = {};
  const createdByRun: string[] = [];
  const cleanups: Cleanup[] = [];
  const skipped: string[] = [];
  const value = (name: string): string | undefined => ctx.known(name) ?? captured[name];
  for (const [index, setup] of requests.entries()) {
    const label = `${setup.where}: setup[${index}] ${setup.method} ${setup.path}`;
    const filled = fillSetupPath(setup.path, value);
    if ('missing' in filled)
      throw new SetupError(`${label}: no value for ${filled.missing.map((n) => `{${n}}`).join(', ')}`);
    const gate = decideWrite(setup.method, ctx.client.origin, ctx.allowWrites);
    if (!gate.allowed) {
      skipped.push(`${label}: ${gate.reason}`);
      continue;
    }
    const body = setup.body === undefined ? undefined : JSON.stringify(setup.body);
    const result = await ctx.client.send(
      {
        method: setup.method,
        path: filled.path,
        headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body } : {}),
      },
      { authorize: true, timeoutMs: ctx.timeoutMs },
    );
    const { status, bodyText } = result.response;
    if (status < 200 || status >= 300)
      throw new SetupError(`${label}: answered ${status}: ${ctx.redact(bodyText.slice(0, 300))}`);
    const answer = parseJsonOrUndefined(bodyText);
    for (const { name, path } of setup.capture) {
      const got = captureValue(answer, path);
      if (got === undefined)
        throw new SetupError(
          `${label}: the answer has no string or number at ${formatCapturePath(path)} for {${name}}`,
        );
      // A value that is a dot segment would make a path (a cleanup's DELETE) name its parent: never an entity's id.
      if (/^\.{1,2}$/.test(got.trim()) || got.trim() === '')
        throw new SetupError(
          `${label}: the answer's ${formatCapturePath(path)} (${JSON.stringify(got)}) cannot name {${name}}`,
        );
      captured[name] = got;
    }
    if (setup.cleanup) {
      const cleanupPath = fillSetupPath(setup.cleanup.path, value);
      if ('missing' in cleanupPath)
        throw new SetupError(
          `${label}: its cleanup needs ${cleanupPath.missing.map((n) => `{${n}}`).join(', ')}, which it did not capture`,
        );
      const cleanup = { method: setup.cleanup.method, path: cleanupPath.path, where: setup.where };
      cleanups.push(cleanup);
      ctx.onCleanup(cleanup);
      for (const { name } of setup.capture) createdByRun.push(captured[name] ?? '');
    }
  }
  return { captured, createdByRun, cleanups, skipped };
}

/** Runs the cleanups, newest first; each is checked with a GET that must answer 404 (or 410). */
export async function runCleanups(
  cleanups: readonly Cleanup[],
  client: TargetClient,
  timeoutMs: number,
): Promise<RestoreFailure[]> {
  const failures: RestoreFailure[] = [];
  for (const [index, cleanup] of [...cleanups.entries()].reverse()) {
    const failed = (problem: string, cause: RestoreFailure['cause']): RestoreFailure => ({
      test: `tenant setup (${cleanup.where})`,
      path: cleanup.path,
      problem,
      cause,
      fix: { kind: 'send', method: cleanup.method },
      // Setup writes come before every test's: their fixes go last.
      writtenAt: [0, index],
    });
    try {
      const done = await client.send(
        { method: cleanup.method, path: cleanup.path, headers: {} },
        { authorize: true, timeoutMs },
      );
      const check = await client.send(
        { method: 'GET', path: cleanup.path, headers: { Accept: 'application/json' } },
        { authorize: true, timeoutMs },
      );
      if (check.response.status !== 404 && check.response.status !== 410)
        failures.push(
          failed(
            `the cleanup ${cleanup.method} answered ${done.response.status}; a GET after it answered ${check.response.status}`,
            'target',
          ),
        );
    } catch (error) {
      failures.push(
        failed(
          error instanceof Error ? error.message : String(error),
          error instanceof TargetUnavailable ? 'target' : 'harness',
        ),
      );
    }
  }
  return failures;
}
