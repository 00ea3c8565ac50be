/**
 * One probe as named Playwright steps. A refused probe sends one request the doc says is wrong; a replay sends
 * `PROBE_RUNS` generated valid bodies (fast-check, seeded by `PROBE_SEED`) and, when one fails, shrinks it to the
 * smallest failing body and attaches it as a reproducer.
 */
import { test } from '@playwright/test';
import fc from 'fast-check';
import type { ProbeCheck, ProbeRequest, ReadyProbe } from '../cases/probe-model.ts';
import { arbitraryFor, recordFor } from '../cases/body-arbitrary.ts';
import { formatLocation } from '../core/finding.ts';
import { TargetUnavailable, type Exchange } from './exchange.ts';
import type { TargetRequest } from './target-client.ts';
import { expect } from './matchers.ts';
import { replayProblems } from './replay-checks.ts';
import { attach, attachExchange, reportStrictness, type CaseContext } from './run-case.ts';
import { LENIENT_REASON, resourceSchemaAt } from './strictness.ts';
import { isWrite } from './write-guard.ts';

type Refused = Extract<ProbeCheck, { type: 'refused' }>;
type Replay = Extract<ProbeCheck, { type: 'replay' }>;

export async function runProbe(p: ReadyProbe, ctx: CaseContext): Promise<void> {
  reportStrictness(ctx.testInfo, ctx.settings.strictness);
  if (p.check.type === 'refused') await runRefused(p.check, ctx);
  else await runReplay(p, p.check, ctx);
}

async function runRefused(check: Refused, ctx: CaseContext): Promise<void> {
  const sent = toSend(check.request, check.request.bodyText);
  await attach(
    ctx,
    'probe',
    `the doc says: ${check.rule}\nexpected: ${check.status} with Graph's error body\n\n${requestText(sent, ctx)}`,
    'text/plain',
  );
  const result = await guardedSend(ctx, `send ${sent.method} ${check.request.path}`, sent);
  if (result === undefined) return;
  await attachExchange(ctx, result);
  const { status } = result.response;

  await test.step('refused with a 4xx', () => {
    const verdict = status < 300 ? 'accepted it' : status >= 500 ? 'failed on it' : `answered ${status}`;
    expect(
      status >= 400 && status < 500,
      `the doc says ${check.rule}, so this request must be refused with ${check.status}; the target ${verdict}: ${ctx.redact(result.response.bodyText.slice(0, 300))}`,
    ).toBe(true);
  });
  await test.step(`status is ${check.status}`, () => {
    expect(status, `the doc says ${check.rule}`).toBe(check.status);
  });
  await test.step("body is Graph's error", () => {
    let body: unknown;
    try {
      body = JSON.parse(result.response.bodyText);
    } catch {
      body = result.response.bodyText;
    }
    expect(body, `the ${status} must carry a JSON error body`).toMatchSchema({
      name: 'Graph error',
      validate: ctx.registry.errorValidator(),
    });
  });
}

/**
 * A write goes through the run's write guard, like an example's: where writes are guarded, what it may change is read
 * first and restored by the fixture's teardown, and a write that could not be restored is not sent (the test is
 * skipped). Throttling past the retry policy skips the test as "target unavailable": it says nothing about the doc.
 * Returns undefined when the test was skipped.
 */
async function guardedSend(ctx: CaseContext, title: string, sent: TargetRequest): Promise<Exchange | undefined> {
  if (isWrite(sent.method)) {
    const refused = await ctx.writeGuard.beforeWrite(sent);
    if (refused !== undefined) {
      test.skip(true, refused);
      return undefined;
    }
  }
  let result: Exchange;
  try {
    result = await test.step(title, () => send(sent, ctx));
  } catch (error) {
    if (!(error instanceof TargetUnavailable) || error.kind !== 'throttled') throw error;
    ctx.testInfo.annotations.push({ type: 'target unavailable', description: error.message });
    test.skip(true, `target unavailable: ${error.message}`);
    return undefined;
  }
  if (isWrite(sent.method)) ctx.writeGuard.afterWrite(result);
  return result;
}

class ReplayDeparture extends Error {
  override readonly name = 'ReplayDeparture';
}

/** The write guard would not let a generated body be sent (it could not be restored). */
class WriteRefused extends Error {
  override readonly name = 'WriteRefused';
}

async function runReplay(p: ReadyProbe, check: Replay, ctx: CaseContext): Promise<void> {
  const level = ctx.settings.strictness;
  const seed = ctx.settings.probeSeed ?? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  const runs = ctx.settings.probeRuns;
  ctx.testInfo.annotations.push({ type: 'probe seed', description: `PROBE_SEED=${seed} PROBE_RUNS=${runs}` });
  const schema = check.responseType ? resourceSchemaAt(level, ctx.registry, check.responseType, p.version) : undefined;
  const lookup = new Map(ctx.registry.schemas.map((s) => [s.id, s.schema]));
  const properties: Record<string, fc.Arbitrary<unknown>> = {};
  for (const property of check.properties) {
    const made = arbitraryFor(property.schema, (id) => lookup.get(id));
    if (made.ok) properties[property.name] = made.arbitrary;
  }
  const bodies = recordFor(properties).map((generated) => ({ ...check.fixed, ...generated }));
  await attach(
    ctx,
    'probe',
    replayDescription(
      check,
      seed,
      runs,
      level === 'lenient' ? LENIENT_REASON : `responses checked against ${schema?.name ?? 'no documented type'}`,
    ),
    'text/plain',
  );

  // Once the target is gone, or a write may not be sent, no more requests: also not while fast-check shrinks.
  let stopped: { readonly error: unknown } | undefined;
  // The exchange of each body that failed, by its text: the reproducer shows the counterexample's own request, not
  // whichever body shrinking tried last (often one that passed, such as `{}`).
  const failed = new Map<string, Exchange>();
  const outcome =
    await test.step(`${runs} generated bodies (PROBE_SEED=${seed}) get ${check.expected.status} and come back`, async () => {
      const timeout = Math.max(5_000, ctx.testInfo.timeout - 10_000);
      return fc.check(
        fc.asyncProperty(bodies, async (body) => {
          if (stopped) throw stopped.error;
          const text = JSON.stringify(body, null, 2);
          const sent = toSend(check.request, text);
          let exchanged: Exchange;
          try {
            const refused = isWrite(sent.method) ? await ctx.writeGuard.beforeWrite(sent) : undefined;
            if (refused !== undefined) throw new WriteRefused(refused);
            exchanged = await send(sent, ctx);
            if (isWrite(sent.method)) ctx.writeGuard.afterWrite(exchanged);
          } catch (error) {
            stopped = { error };
            throw error;
          }
          const problems = replayProblems(body, exchanged.response, check.expected, schema);
          if (problems.length === 0) return;
          failed.set(text, exchanged);
          throw new ReplayDeparture(problems.join('\n'));
        }),
        { seed, numRuns: runs, plugins: [fc.interruptAfterTimeLimit(timeout)] },
      );
    });
  if (stopped) {
    const { error } = stopped;
    if (error instanceof WriteRefused) test.skip(true, error.message);
    if (error instanceof TargetUnavailable && error.kind === 'throttled') {
      ctx.testInfo.annotations.push({ type: 'target unavailable', description: error.message });
      test.skip(true, `target unavailable: ${error.message}`);
    }
    throw error;
  }
  if (!outcome.failed) return;

  const body: unknown = (outcome.counterexample as readonly unknown[] | null)?.[0];
  const bodyText = JSON.stringify(body, null, 2);
  const sent = toSend(check.request, bodyText);
  const message =
    outcome.errorInstance instanceof Error ? outcome.errorInstance.message : String(outcome.errorInstance);
  const reproducer = [
    `# the smallest failing body fast-check found (after ${outcome.numShrinks} shrinks), from ${formatLocation(p.documented)}`,
    `# replay: PROBE_SEED=${seed} PROBE_RUNS=${runs} npx playwright test -g ${JSON.stringify(p.title)}`,
    '',
    requestText(sent, ctx),
    '',
    '# what went wrong',
    message,
  ].join('\n');
  await attach(ctx, 'reproducer', reproducer, 'text/plain');
  const exchanged = failed.get(bodyText);
  if (exchanged) await attachExchange(ctx, exchanged);
  await test.step('the smallest failing body', () => {
    throw new Error(
      ctx.redact(
        `a valid body from the request-body table departs from the doc:\n${JSON.stringify(body)}\n${message}\n(reproducer attached; replay with PROBE_SEED=${seed})`,
      ),
    );
  });
}

function replayDescription(check: Replay, seed: number, runs: number, checkedAgainst: string): string {
  const generated = check.properties.map((p) => `  ${p.name} (${formatLocation(p.location)})`);
  const leftOut = check.leftOut.map((l) => `  ${l.name}: ${l.reason}`);
  return [
    `${runs} bodies generated with PROBE_SEED=${seed}`,
    'generated:',
    ...generated,
    ...(leftOut.length > 0 ? ['left out:', ...leftOut] : []),
    `fixed: ${JSON.stringify(check.fixed)}`,
    checkedAgainst,
  ].join('\n');
}

/** The request without `Authorization`: the client signs it. */
function toSend(request: ProbeRequest, bodyText: string | undefined): TargetRequest {
  const headers: Record<string, string> = Object.fromEntries(request.headers);
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'accept')) headers.Accept = 'application/json';
  const path = `${request.path}${request.query ? `?${request.query}` : ''}`;
  return { method: request.method, path, headers, ...(bodyText !== undefined ? { body: bodyText } : {}) };
}

function send(sent: TargetRequest, ctx: CaseContext): Promise<Exchange> {
  return ctx.client.send(sent, {
    authorize: true,
    timeoutMs: Math.max(5_000, Math.min(30_000, ctx.testInfo.timeout - 5_000)),
  });
}

/** The request as HTTP text, as a reader pastes it into a REST client; the token is never written. */
function requestText(sent: TargetRequest, ctx: CaseContext): string {
  const headers = Object.entries(sent.headers).map(([name, value]) => `${name}: ${value}`);
  return ctx.redact(
    [
      `${sent.method} ${ctx.origin}${sent.path}`,
      'Authorization: Bearer <redacted>',
      ...headers,
      ...(sent.body !== undefined
        ? ['', typeof sent.body === 'string' ? sent.body : (sent.shownBody ?? `<${String(sent.body.length)} bytes>`)]
        : []),
    ].join('\n'),
  );
}
