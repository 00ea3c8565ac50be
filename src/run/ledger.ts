/**
 * A test's ledger: what it checked, what departed and whose the departure is, what it observed, what it sent. The
 * checks are named Playwright steps; a departure marks its step failed (with its sentence) and the test goes on with
 * the checks that still mean something, so that a page's contradiction never hides a target's departure. At the end
 * the ledger concludes with exactly one cause, and the fixture writes its record (see `fixtures.ts`).
 *
 * How a cause shows in Playwright:
 * - `target`, `harness`: the test fails (red), and so does the run.
 * - `doc`: the test fails as an expected failure (`test.fail()` with the rule as its reason): the HTML report shows
 *   the failure under its "fail" annotation, and the run's exit code stays 0, unless FAIL_ON_DOC=1 (a docs
 *   repository's CI), where it fails like any other. Against a target that happens to answer as one side of the
 *   contradiction says, the test simply passes: nothing is marked in advance.
 * - `observation`: an annotation on a passing test; at STRICTNESS=strict a failure when the strict reading broke.
 * - skips: Playwright's skip, its reason starting with the rule id.
 *
 * The readable exchanges (the documented request and response, each sent request and actual response) are attached
 * only to a test that did not pass, when it ends: a passed test keeps them in its verdict record alone, which every
 * report reads. Attached to every test they were most of a run's artefacts, and no one reads the exchange of a pass.
 */
import { resolve } from 'node:path';
import { test, type TestInfo, type TestStepInfo } from '@playwright/test';
import { formatLocation, type Location } from '../core/finding.ts';
import { redactHeaders, redactRedirect } from '../core/redact.ts';
import { ruleOf, type SkipRuleId } from '../core/rules.ts';
import {
  decidingDeparture,
  VERDICT_ATTACHMENT,
  VERDICT_RECORD_FORMAT,
  causeFailsRun,
  type Departure,
  type DocumentedExchange,
  type ExchangeRecord,
  type ObservationRecord,
  type UnrestoredRecord,
  type VerdictRecord,
} from '../core/verdict.ts';
import type { Example, ResponseExample } from '../docs/model.ts';
import type { Emitter } from './emit.ts';
import { TargetUnavailable, type Exchange } from './exchange.ts';
import type { Found } from './departures.ts';
import { verdictMessage } from './sentences.ts';

/** What a test is about, as the record names it. */
export interface Subject {
  readonly page: { readonly file: string };
  /** Absent for a test that is about no example (an input that cannot be used). */
  readonly example?: Example;
  readonly variant?: string;
  readonly operation?: string;
  readonly documented: Location;
}

export interface LedgerSettings {
  readonly strictness: string;
  /** FAIL_ON_DOC=1: a doc contradiction fails the run like a target's departure. */
  readonly failOnDoc: boolean;
}

/** A departure ends its step; caught by the ledger, which goes on. */
class DepartureError extends Error {
  override readonly name = 'Departure';
  constructor(message: string) {
    super(message);
    this.stack = message; // the sentence is the whole story; the harness's stack is not the reader's
  }
}

/** The failure a test ends with: its cause and every departure, in words. */
class Verdict extends Error {
  override readonly name = 'Verdict';
  constructor(message: string) {
    super(message);
    this.stack = message;
  }
}

export class TestLedger {
  readonly #emit: Emitter;
  readonly #testInfo: TestInfo;
  readonly #settings: LedgerSettings;
  #subject: Subject | undefined;
  #documented: DocumentedExchange | null = null;
  #skip: VerdictRecord['skip'] = null;
  #concluded = false;
  readonly #departures: Departure[] = [];
  readonly #observations: ObservationRecord[] = [];
  readonly #exchanges: ExchangeRecord[] = [];
  readonly #unrestored: UnrestoredRecord[] = [];
  /** The readable exchanges, attached when the test ends unless it passed (see `write`). */
  readonly #readable: { readonly name: string; readonly body: string; readonly contentType: string }[] = [];

  constructor(emit: Emitter, testInfo: TestInfo, settings: LedgerSettings) {
    this.#emit = emit;
    this.#testInfo = testInfo;
    this.#settings = settings;
  }

  get emit(): Emitter {
    return this.#emit;
  }

  /** How long a request of this test may take: what is left of the test's time, less a margin for the checks. */
  get timeoutMs(): number {
    return this.#testInfo.timeout;
  }

  /** A named step that checks nothing itself (a read before a write). */
  step<T>(title: string, run: () => Promise<T>): Promise<T> {
    return this.#step(title, run);
  }

  /**
   * Every step of the test is located at the page line the test is about (the example's request): the line a reader of
   * the report goes to, where a harness's source line would tell them nothing. Named, the location also spares
   * Playwright the stack it otherwise captures for every step, and maps through source maps, frame by frame.
   */
  #step<T>(title: string, body: (step: TestStepInfo) => T | Promise<T>): Promise<T> {
    const at = this.#subject?.documented;
    return test.step(title, body, at && { location: { file: resolve(at.file), line: at.line, column: 1 } });
  }

  /** Names what the test is about; every test says so before it checks or skips anything. */
  about(subject: Subject): void {
    this.#subject = subject;
  }

  /** The example as the page shows it, kept in the record (and attached for readers unless the test passes). */
  documentedExchange(example: Example, response: ResponseExample | undefined): void {
    const { request } = example;
    this.#documented = {
      request: {
        location: request.location,
        method: request.method,
        url: request.url,
        headers: request.headers.map((h) => [h.name, h.value] as const),
        body: request.body.kind === 'none' ? null : request.body.text,
      },
      response:
        response === undefined
          ? null
          : {
              location: response.location,
              status: response.status,
              headers: response.headers.map((h) => [h.name, h.value] as const),
              body: response.body.kind === 'none' ? null : response.body.text,
              truncated: response.truncated,
            },
    };
    this.#forReaders('documented request', documentedText(this.#documented.request), 'text/plain');
    if (this.#documented.response !== null)
      this.#forReaders('documented response', documentedText(this.#documented.response), 'text/plain');
  }

  #forReaders(name: string, body: string, contentType: string): void {
    this.#readable.push({ name, body, contentType });
  }

  /** Skips the test with a rule of the rule table: Playwright's skip, and the record's. */
  skip(rule: SkipRuleId, reason: string): never {
    this.#skip = { rule, reason };
    test.skip(true, this.#emit.redact(`${rule}: ${reason}`));
    throw new Error(reason); // test.skip(true) has thrown already; this tells the compiler
  }

  /**
   * Sends one request as a named step. Throttling past the retry policy skips the test (the target is unavailable,
   * which says nothing about the page); no answer at all is the target's departure, and ends the test.
   */
  async send(title: string, send: () => Promise<Exchange>): Promise<Exchange> {
    try {
      return await this.#step(title, send);
    } catch (error) {
      return this.sendFailed(title, error);
    }
  }

  /** A send that threw: a skip when the target is throttled, the target's departure when it gave no answer. */
  sendFailed(title: string, error: unknown): never {
    if (!(error instanceof TargetUnavailable)) throw error;
    const message = this.#emit.redact(error.message);
    if (error.kind === 'throttled') {
      this.#emit.annotate('target unavailable', message);
      this.skip('target-unavailable', message);
    }
    this.#departures.push({
      cause: 'target',
      rule: 'no-answer',
      step: title,
      documentedAt: this.#subject ? [this.#subject.documented] : [],
      pointers: [],
      message: `${message}. Check TARGET_URL and that the service is up.`,
    });
    this.conclude();
    throw error; // conclude() has thrown the verdict: a departure is recorded
  }

  /**
   * Records an exchange (redacted), to be attached for readers unless the test passes; `label` names the earlier ones
   * of a test.
   */
  exchange(result: Exchange, label: string | null = null): void {
    const { request, response, retried } = result;
    const redact = this.#emit.redact;
    const body =
      request.body === undefined
        ? null
        : typeof request.body === 'string'
          ? request.body
          : (request.shownBody ?? `<${String(request.body.length)} bytes>`);
    const record: ExchangeRecord = {
      label,
      request: { method: request.method, url: request.url, headers: redactHeaders(request.headers, redact), body },
      response: {
        status: response.status,
        statusText: response.statusText,
        headers: redactHeaders(redactRedirect(response.status, response.headers), redact),
        body: response.bodyText,
        retried: retried.map((r) => ({ status: r.status, retryAfter: r.retryAfter ?? null })),
      },
    };
    this.#exchanges.push(record);
    const prefix = label === null ? '' : `${label}: `;
    const sent = { method: record.request.method, url: record.request.url, headers: record.request.headers };
    this.#forReaders(
      `${prefix}sent request`,
      JSON.stringify(body === null ? sent : { ...sent, body }, null, 2),
      'application/json',
    );
    const { retried: again, ...received } = record.response;
    this.#forReaders(
      `${prefix}actual response`,
      JSON.stringify(again.length > 0 ? { ...received, retried } : received, null, 2),
      'application/json',
    );
  }

  /**
   * One check as a named step. Its departures fail the step (red, with their sentences) and are recorded; the test
   * goes on. A `gate` check ends the test when it departs: what follows would only repeat it (a body check after the
   * wrong status).
   */
  async check(
    title: string,
    run: () => readonly Found[] | Promise<readonly Found[]>,
    options: { readonly gate?: boolean } = {},
  ): Promise<boolean> {
    let found: readonly Found[] = [];
    try {
      await this.#step(title, async () => {
        found = await run();
        if (found.length > 0) throw new DepartureError(this.#emit.redact(found.map((f) => f.message).join('\n')));
      });
    } catch (error) {
      if (!(error instanceof DepartureError)) throw error;
    }
    this.#departures.push(...found.map((f) => ({ ...f, step: title })));
    if (found.length > 0 && options.gate === true) this.conclude();
    return found.length === 0;
  }

  /** A step that is not run, and why (the lenient level, a type the doc set does not document). */
  async skipStep(title: string, reason: string): Promise<void> {
    await this.#step(title, (step) => {
      step.skip(true, reason);
    });
  }

  /**
   * What the target did where the page is silent or conditional: an annotation, never a failure, except at
   * STRICTNESS=strict when `strict` names what the strict reading expected and the target did otherwise.
   */
  observe(
    step: string,
    observation: ObservationRecord,
    strict?: { readonly expected: string; readonly met: boolean },
  ): void {
    this.#observations.push(observation);
    this.#emit.annotate('observation', `${observation.rule}: ${observation.message}`);
    if (this.#settings.strictness === 'strict' && strict !== undefined && !strict.met)
      this.#departures.push({
        cause: 'observation',
        rule: observation.rule,
        step,
        documentedAt: observation.documentedAt,
        pointers: [],
        actual: observation.status,
        message: `${observation.message}. ${strict.expected}`,
      });
  }

  /** Fails the test with one departure found outside any check (an input that cannot be used). */
  fail(step: string, found: Found): never {
    this.#departures.push({ ...found, step });
    this.conclude();
    throw new Error(found.message); // conclude() has thrown the verdict
  }

  /**
   * Writes of this test that could not be undone, found after its checks: the test fails with them, whatever its checks
   * said (cause `target` when the target did not do what it answered, `harness` for a bug of ours), and its record
   * keeps what to put back. The write guard's teardown calls this, then fails the test.
   */
  unrestored(failures: readonly UnrestoredRecord[]): void {
    this.#unrestored.push(...failures);
    for (const failure of failures)
      this.#departures.push({
        cause: failure.cause,
        rule: 'restore-failed',
        step: 'put back what the test changed',
        message: `the tenant was left changed: ${failure.path} could not be put back (${failure.problem}); fix by hand: ${failure.fix}`,
        documentedAt: this.#subject ? [this.#subject.documented] : [],
        pointers: [],
        ...(failure.original === null ? {} : { documented: failure.original }),
      });
  }

  /**
   * Ends the checks: passes when nothing departed, else fails with the deciding cause. A doc cause is an expected
   * failure unless FAIL_ON_DOC=1.
   */
  conclude(): void {
    this.#concluded = true;
    const deciding = decidingDeparture(this.#departures);
    if (deciding === undefined) return;
    const rule = ruleOf(deciding.rule);
    this.#emit.annotate('cause', `${deciding.cause}: ${deciding.rule} (${rule.title})`);
    if (!causeFailsRun(deciding.cause, this.#settings.failOnDoc))
      test.fail(
        true,
        this.#emit.redact(
          `the page contradicts itself (${deciding.rule}): a doc cause fails the run only with FAIL_ON_DOC=1`,
        ),
      );
    throw new Verdict(this.#emit.redact(verdictMessage(deciding, this.#departures)));
  }

  /** The record of this attempt, from what the ledger saw and how the test ended. */
  record(): VerdictRecord {
    const info = this.#testInfo;
    const status = info.status === 'skipped' ? 'skipped' : info.status === 'passed' ? 'passed' : 'failed';
    const departures = [...this.#departures];
    // Failed without the ledger concluding it: an error of ours, or a timeout.
    if (status === 'failed' && !this.#concluded) {
      const error = info.errors[0];
      departures.push({
        cause: 'harness',
        rule: 'harness-error',
        step: 'test',
        documentedAt: this.#subject ? [this.#subject.documented] : [],
        pointers: [],
        message:
          info.status === 'timedOut'
            ? `the test timed out after ${String(info.timeout)} ms`
            : (error?.message ?? error?.value ?? 'the test failed without a message'),
      });
    }
    const deciding = status === 'failed' ? decidingDeparture(departures) : undefined;
    const skip =
      status === 'skipped'
        ? (this.#skip ?? {
            rule: 'not-run' as const,
            reason: info.annotations.find((a) => a.type === 'skip')?.description ?? 'skipped',
          })
        : null;
    const subject = this.#subject;
    return {
      format: VERDICT_RECORD_FORMAT,
      page: subject?.page.file ?? '',
      example: subject?.example?.name ?? null,
      check: subject?.variant ?? null,
      operation: subject?.operation ?? null,
      documentedAt: subject?.documented ?? { file: '', line: 1 },
      status,
      cause: deciding?.cause ?? null,
      rule: deciding?.rule ?? null,
      skip,
      departures,
      observations: [...this.#observations],
      documented: this.#documented,
      exchanges: [...this.#exchanges],
      strictness: this.#settings.strictness,
      unrestored: [...this.#unrestored],
    };
  }

  /**
   * Writes the record as the test's verdict attachment (the fixture does, when the test ends), after the readable
   * exchanges of a test that did not pass.
   */
  async write(): Promise<void> {
    const record = this.record();
    if (record.status !== 'passed')
      for (const { name, body, contentType } of this.#readable) await this.#emit.attach(name, body, contentType);
    // Compact: it is data for the reporters, and it is in every artefact of the run.
    await this.#emit.attach(VERDICT_ATTACHMENT.name, JSON.stringify(record), VERDICT_ATTACHMENT.contentType);
  }
}

/** The documented message as HTTP text, for the HTML report: `# file:line`, the first line, headers, body. */
function documentedText(message: DocumentedExchange['request'] | NonNullable<DocumentedExchange['response']>): string {
  const first = 'method' in message ? `${message.method} ${message.url}` : `HTTP/1.1 ${String(message.status)}`;
  const truncated = 'truncated' in message && message.truncated ? ' (truncated)' : '';
  return [
    `# ${formatLocation(message.location)}${truncated}`,
    first,
    ...message.headers.map(([name, value]) => `${name}: ${value}`),
    ...(message.body === null ? [] : ['', message.body]),
  ].join('\n');
}
