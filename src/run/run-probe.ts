/**
 * One probe as named Playwright steps. A refused probe sends one request the doc says is wrong; a replay sends
 * `PROBE_RUNS` generated valid bodies (fast-check, seeded by `PROBE_SEED`) and, when one fails, shrinks it to the
 * smallest failing body and attaches it as a reproducer; an observing probe sends what the page is silent or
 * conditional about and records what came back.
 */
import fc from 'fast-check';
import type { ObservedRequest, ProbeCheck, ProbeRequest, ReadyProbe } from '../cases/probe-model.ts';
import { bodyTextOf } from '../cases/probe-body.ts';
import { arbitraryFor, recordFor } from '../cases/body-arbitrary.ts';
import { probeNullability } from '../cases/probes.ts';
import { formatLocation } from '../core/finding.ts';
import type { ObservationRecord } from '../core/verdict.ts';
import type { Exchange, SentRequest } from './exchange.ts';
import type { TargetRequest } from './target-client.ts';
import { replayProblems, type ReplayProblem } from './replay-checks.ts';
import { mockHeaders, pageFindings, type CaseContext } from './run-case.ts';
import type { Example } from '../docs/model.ts';
import { docContradictionOf, errorAnswerDepartures } from './departures.ts';
import { LENIENT_REASON, resourceSchemaAt } from './strictness.ts';
import { isWrite } from './write-guard.ts';
import { answered, statusLine } from './sentences.ts';

type Refused = Extract<ProbeCheck, { type: 'refused' }>;
type Replay = Extract<ProbeCheck, { type: 'replay' }>;
type Observe = Extract<ProbeCheck, { type: 'observe' }>;

export async function runProbe(p: ReadyProbe, ctx: CaseContext): Promise<void> {
  if (p.check.type === 'refused') await runRefused(p, p.check, ctx);
  else if (p.check.type === 'replay') await runReplay(p, p.check, ctx);
  else await runObserve(p, p.check, ctx);
  ctx.ledger.conclude();
}

async function runRefused(p: ReadyProbe, check: Refused, ctx: CaseContext): Promise<void> {
  const { ledger } = ctx;
  const { body } = check.request;
  const sent = toSend(check.request, body === undefined ? undefined : bodyTextOf(body), ctx, p.example);
  await ledger.emit.attach(
    'probe',
    `the doc says: ${check.rule}\n${check.matched === undefined ? '' : `${check.matched}\n`}expected: ${check.status} with Graph's error body\n\n${requestText({ ...sent, url: `${ctx.origin}${sent.path}` })}`,
    'text/plain',
  );
  const result = await guardedSend(ctx, `send ${sent.method} ${check.request.path}`, sent);
  ledger.exchange(result);
  const { status } = result.response;
  const says = `the page says ${check.rule}, so this request must be refused with ${String(check.status)}`;
  const at = [p.documented];

  const refused = await ledger.check(
    'refused with a 4xx',
    () =>
      status >= 400 && status < 500
        ? []
        : [
            {
              cause: 'target',
              rule: 'probe-refused',
              documentedAt: at,
              pointers: [],
              documented: check.status,
              actual: status,
              message: `${says}; the target ${status < 300 ? 'accepted it' : status >= 500 ? 'failed on it' : 'answered'} with ${answered(result.response)}`,
            },
          ],
    { gate: true },
  );
  if (!refused) return;
  await ledger.check(`status is ${String(check.status)}`, () =>
    status === check.status
      ? []
      : [
          {
            cause: 'target',
            rule: 'probe-status',
            documentedAt: at,
            pointers: [],
            documented: check.status,
            actual: status,
            message: `${says}; the target refused it with ${answered(result.response)}`,
          },
        ],
  );
  await ledger.check("body is Graph's error", () =>
    errorAnswerDepartures(result.response, ctx.registry.errorValidator(), at),
  );
}

/**
 * A write goes through the run's write guard, like an example's: where writes are guarded, what it may change is read
 * first and restored by the fixture's teardown, and a write that could not be restored is not sent (the test is
 * skipped). Throttling past the retry policy skips the test as "target unavailable": it says nothing about the doc.
 */
async function guardedSend(ctx: CaseContext, title: string, sent: TargetRequest): Promise<Exchange> {
  if (isWrite(sent.method)) {
    const refused = await ctx.writeGuard.beforeWrite(sent);
    if (refused !== undefined) ctx.ledger.skip('write-not-restorable', refused);
  }
  const result = await ctx.ledger.send(title, () => send(sent, ctx));
  if (isWrite(sent.method)) ctx.writeGuard.afterWrite(result);
  return result;
}

/**
 * Each request the page is silent or conditional about, sent one by one; what came back is an observation. At
 * STRICTNESS=strict, an item with a strict reading (null accepted, OData's default where a page is silent) fails the
 * test when the target refused it.
 */
async function runObserve(p: ReadyProbe, check: Observe, ctx: CaseContext): Promise<void> {
  for (const item of check.items) {
    const sent = toSend(check.request, bodyTextOf(item.body), ctx, p.example);
    const title = `send ${item.subject} (${item.says})`;
    const result = await guardedSend(ctx, title, sent);
    ctx.ledger.exchange(result, item.subject);
    const observation = observed(check, item, result);
    ctx.ledger.observe(
      `${item.subject}: what the target does`,
      observation,
      item.strict === undefined
        ? undefined
        : {
            expected:
              'STRICTNESS=strict reads a page silent on null as OData does (Nullable defaults to true), so the target must accept null',
            met: observation.outcome === 'accepted',
          },
    );
    // Whatever the page leaves open, a refusal is in Graph's one error format.
    if (result.response.status >= 400)
      await ctx.ledger.check(`${item.subject}: the refusal is Graph's error`, () =>
        errorAnswerDepartures(result.response, ctx.registry.errorValidator(), [item.documented]),
      );
  }
}

function observed(check: Observe, item: ObservedRequest, result: Exchange): ObservationRecord {
  const { status } = result.response;
  const outcome = status < 300 ? 'accepted' : status >= 500 ? 'failed' : 'refused';
  const did = outcome === 'accepted' ? 'accepted it' : outcome === 'refused' ? 'refused it' : 'failed on it';
  return {
    rule: check.rule,
    subject: item.subject,
    message: `${item.says} (${formatLocation(item.documented)}); sent ${item.subject} = ${JSON.stringify(item.body.value)}, the target ${did} with ${outcome === 'accepted' ? statusLine(result.response) : answered(result.response)}`,
    documentedAt: [item.documented],
    status,
    outcome,
  };
}

class ReplayDeparture extends Error {
  override readonly name = 'ReplayDeparture';
}

/** The write guard would not let a generated body be sent (it could not be restored). */
class WriteRefused extends Error {
  override readonly name = 'WriteRefused';
}

async function runReplay(p: ReadyProbe, check: Replay, ctx: CaseContext): Promise<void> {
  const { ledger } = ctx;
  const level = ctx.settings.strictness;
  const seed = ctx.settings.probeSeed ?? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  const runs = ctx.settings.probeRuns;
  ledger.emit.annotate('probe seed', `PROBE_SEED=${String(seed)} PROBE_RUNS=${String(runs)}`);
  const schema = check.responseType ? resourceSchemaAt(level, ctx.registry, check.responseType, p.version) : undefined;
  // The type the example shows is held to every answer, except where the page's own annotation names another.
  const contradicted = docContradictionOf(pageFindings(p.page, p.example, ctx), check.expected);
  const properties: Record<string, fc.Arbitrary<unknown>> = {};
  // Nullability as buildProbes decided which properties to generate: the page, and the DocSet's metadata where given.
  const nullability = probeNullability(ctx.metadata);
  for (const property of check.properties) {
    const made = arbitraryFor(property.schema, (id) => ctx.registry.schemaById(id)?.schema, {
      property: property.name,
      nullability,
    });
    if (made.ok) properties[property.name] = made.arbitrary;
  }
  const required = check.properties.filter((p) => p.required).map((p) => p.name);
  const bodies = recordFor(properties, required).map((generated) => ({ ...check.fixed, ...generated }));
  await ledger.emit.attach(
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
  // The last failing body is fast-check's counterexample: each shrink it keeps is a run that failed.
  let failure: { body: unknown; exchange: Exchange; problems: readonly ReplayProblem[] } | undefined;
  const step = `${String(runs)} generated bodies (PROBE_SEED=${String(seed)}) get ${String(check.expected.status)} and come back`;
  const outcome = await ledger.step(step, async () => {
    const timeout = Math.max(5_000, ledger.timeoutMs - 10_000);
    return fc.check(
      fc.asyncProperty(bodies, async (body) => {
        if (stopped) throw stopped.error;
        const sent = toSend(check.request, JSON.stringify(body, null, 2), ctx, p.example);
        let exchange: Exchange;
        try {
          const refused = isWrite(sent.method) ? await ctx.writeGuard.beforeWrite(sent) : undefined;
          if (refused !== undefined) throw new WriteRefused(refused);
          exchange = await send(sent, ctx);
          if (isWrite(sent.method)) ctx.writeGuard.afterWrite(exchange);
        } catch (error) {
          stopped = { error };
          throw error;
        }
        const problems = replayProblems(
          body,
          exchange.response,
          check.expected,
          schema,
          check.comesBack,
          contradicted,
          check.alternatives,
        );
        if (problems.length > 0) {
          failure = { body, exchange, problems };
          throw new ReplayDeparture(problems.map((pr) => pr.message).join('\n'));
        }
      }),
      { seed, numRuns: runs, plugins: [fc.interruptAfterTimeLimit(timeout)] },
    );
  });
  if (stopped) {
    const { error } = stopped;
    if (error instanceof WriteRefused) ledger.skip('write-not-restorable', error.message);
    // Throttling or no answer: the same verdicts as any send.
    ledger.sendFailed(step, error);
  }
  if (!outcome.failed || failure === undefined) return;

  const { body, exchange, problems } = failure;
  const sent = exchange.request;
  await ledger.emit.attach(
    'reproducer',
    [
      `# the smallest failing body fast-check found (after ${String(outcome.numShrinks)} shrinks), from ${formatLocation(p.documented)}`,
      `# replay: PROBE_SEED=${String(seed)} PROBE_RUNS=${String(runs)} npx playwright test -g ${JSON.stringify(p.title)}`,
      '',
      requestText(sent),
      '',
      '# what went wrong',
      ...problems.map((pr) => pr.message),
    ].join('\n'),
    'text/plain',
  );
  ledger.exchange(exchange);
  const schemaErrors = problems.flatMap((pr) => (pr.schemaError ? [pr.schemaError] : []));
  await ledger.check('the smallest failing body', () => [
    {
      cause: 'target',
      rule: 'generated-body',
      documentedAt: [p.documented, ...check.properties.map((g) => g.location)],
      pointers: problems.flatMap((pr) => (pr.pointer === undefined ? [] : [pr.pointer])),
      documented: body,
      ...(schemaErrors.length > 0 ? { schemaErrors } : {}),
      message: `a valid body from the request-body table departs from the doc:\n${JSON.stringify(body)}\n${problems.map((pr) => pr.message).join('\n')}\n(reproducer attached; replay with PROBE_SEED=${String(seed)})`,
    },
  ]);
}

function replayDescription(check: Replay, seed: number, runs: number, checkedAgainst: string): string {
  const generated = check.properties.map(
    (p) => `  ${p.name} (${formatLocation(p.location)})${p.required ? ', required: in every body' : ''}`,
  );
  const leftOut = check.leftOut.map((l) => `  ${l.name}: ${l.reason}`);
  return [
    `${String(runs)} bodies generated with PROBE_SEED=${String(seed)}`,
    'generated:',
    ...generated,
    ...(leftOut.length > 0 ? ['left out:', ...leftOut] : []),
    `fixed: ${JSON.stringify(check.fixed)}`,
    checkedAgainst,
    check.comesBack.length > 0
      ? `values that must come back: ${check.comesBack.join(', ')}`
      : 'values are not checked to come back: the documented answer is not the written resource',
  ].join('\n');
}

/** The request without `Authorization`: the client signs it. */
function toSend(request: ProbeRequest, bodyText: string | undefined, ctx: CaseContext, of: Example): TargetRequest {
  const headers: Record<string, string> = { ...Object.fromEntries(request.headers), ...mockHeaders(ctx, of) };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'accept')) headers.Accept = 'application/json';
  const path = `${request.path}${request.query ? `?${request.query}` : ''}`;
  return { method: request.method, path, headers, ...(bodyText !== undefined ? { body: bodyText } : {}) };
}

function send(sent: TargetRequest, ctx: CaseContext): Promise<Exchange> {
  return ctx.client.send(sent, {
    authorize: true,
    timeoutMs: Math.max(5_000, Math.min(30_000, ctx.ledger.timeoutMs - 5_000)),
  });
}

/** The request as HTTP text, as a reader pastes it into a REST client; the token is never written. */
function requestText(sent: SentRequest): string {
  const headers = Object.entries(sent.headers)
    .filter(([name]) => name.toLowerCase() !== 'authorization')
    .map(([name, value]) => `${name}: ${value}`);
  return [
    `${sent.method} ${sent.url}`,
    'Authorization: Bearer <redacted>',
    ...headers,
    ...(sent.body !== undefined
      ? ['', typeof sent.body === 'string' ? sent.body : (sent.shownBody ?? `<${String(sent.body.length)} bytes>`)]
      : []),
  ].join('\n');
}
