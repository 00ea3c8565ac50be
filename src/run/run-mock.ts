/**
 * The embedded mock tenant of a run: started fresh for every run, on a free port unless MOCK_PORT names one, inside
 * the runner (no process of its own to start, load the harness and read the docs again), and stopped when the run
 * ends. A mock already holding MOCK_PORT is reused
 * only when its `/health` shows the same harness, the same docs and the same options; anything else on the port is
 * refused with what to do, never used: a mock serving other docs would make every test blame the doc.
 */
import { readMockHealth, type MockHealth, type MockIdentity } from '../core/mock-health.ts';
import { isJsonObject, parseJsonOrUndefined } from '../core/json.ts';
import { fixedTokens } from './auth/token-source.ts';
import { failureCode, TargetUnavailable, type Exchange } from './exchange.ts';
import { PreflightError } from './preflight.ts';
import { UNLIMITED } from './request-budget.ts';
import { TargetClient } from './target-client.ts';

export interface RunMock {
  /** `http://127.0.0.1:41234` */
  readonly origin: string;
  readonly port: number;
  /** A mock left running with the same harness, docs and options, reused as is: the run does not stop it. */
  readonly reused: boolean;
  stop(): Promise<void>;
}

/** A mock tenant listening, as `start` hands it over. */
export interface StartedMock {
  /** `http://127.0.0.1:41234` */
  readonly url: string;
  close(): Promise<void>;
}

export interface RunMockOptions {
  /** MOCK_PORT; undefined: any free port. */
  readonly port: number | undefined;
  /** What the run's own mock would say it is; asked only when a mock already holds MOCK_PORT. */
  readonly expected: () => MockIdentity;
  /** Starts the run's own mock on the port (0: any free one): run/ cannot start it itself (the mock is not its layer). */
  readonly start: (port: number) => Promise<StartedMock>;
}

const HOST = '127.0.0.1';
/** Never sent: the port check is unsigned. */
const NO_TOKENS = fixedTokens('');

export async function provideRunMock(options: RunMockOptions): Promise<RunMock> {
  if (options.port !== undefined && options.port !== 0) {
    const holder = await portHolder(options.port);
    if (holder.kind === 'mock') {
      const departure = departureFrom(options.expected(), holder.health);
      if (departure === undefined) {
        const origin = `http://${HOST}:${String(options.port)}`;
        return { origin, port: options.port, reused: true, stop: () => Promise.resolve() };
      }
      throw new PreflightError(
        `MOCK_PORT: port ${String(options.port)} is held by a graph-conformance mock that ${departure}; stop it, or leave MOCK_PORT unset (the run then starts its own mock on a free port)`,
      );
    }
    if (holder.kind === 'old-mock')
      throw new PreflightError(
        `MOCK_PORT: port ${String(options.port)} is held by a graph-conformance mock too old to say what it serves; stop it, or leave MOCK_PORT unset (the run then starts its own mock on a free port)`,
      );
    if (holder.kind === 'other')
      throw new PreflightError(
        `MOCK_PORT: port ${String(options.port)} on ${HOST} is in use by another program (${holder.what}); leave MOCK_PORT unset (the run then picks a free port) or set it to a free one`,
      );
  }
  return startMock(options.port ?? 0, options.start);
}

type Holder =
  | { readonly kind: 'free' }
  | { readonly kind: 'mock'; readonly health: MockHealth }
  | { readonly kind: 'old-mock' }
  | { readonly kind: 'other'; readonly what: string };

/** Who answers on the port: nobody, a graph-conformance mock (with what it serves), or something else. */
async function portHolder(port: number): Promise<Holder> {
  // Through the run's own client, unsigned: the mock's /health needs no token, and another program gets none.
  const client = new TargetClient(
    `http://${HOST}:${String(port)}`,
    NO_TOKENS,
    { maxRetries: 0, maxWaitSeconds: 0 },
    UNLIMITED,
  );
  let answer: Exchange;
  try {
    answer = await client.send({ method: 'GET', path: '/health', headers: {} }, { authorize: false, timeoutMs: 5_000 });
  } catch (error) {
    const code = failureCode(error);
    if (code === 'ECONNREFUSED') return { kind: 'free' };
    const cause = error instanceof TargetUnavailable ? error.cause : error;
    return {
      kind: 'other',
      what: `it does not answer HTTP: ${code ?? (cause instanceof Error ? cause.message : String(cause))}`,
    };
  }
  const body = parseJsonOrUndefined(answer.response.bodyText);
  const health = readMockHealth(body);
  if (health !== undefined) return { kind: 'mock', health };
  // A mock from before /health said what it serves: `{ "status": "ok", "operations": 2 }`.
  if (isJsonObject(body) && body.status === 'ok' && typeof body.operations === 'number') return { kind: 'old-mock' };
  return {
    kind: 'other',
    what: `GET /health answered ${String(answer.response.status)}, not as this harness's mock does`,
  };
}

/** How a running mock differs from the one this run would start, or undefined when it does not. */
export function departureFrom(expected: MockIdentity, found: MockIdentity): string | undefined {
  if (found.harness !== expected.harness)
    return `runs another version of the harness (${found.harness}; this run is ${expected.harness})`;
  if (found.docs !== expected.docs) return 'serves other docs than DOCS names (or other versions of them)';
  const given = JSON.stringify(found.options);
  if (given !== JSON.stringify(expected.options))
    return `was started with other options (${Object.entries(found.options)
      .map(([name, value]) => `--${name} ${String(value)}`)
      .join(' ')})`;
  return undefined;
}

async function startMock(port: number, start: RunMockOptions['start']): Promise<RunMock> {
  let started: StartedMock;
  try {
    started = await start(port);
  } catch (error) {
    // Taken since the port check: another program was quicker.
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'EADDRINUSE')
      throw new PreflightError(
        `MOCK_PORT: port ${String(port)} on ${HOST} was taken by another program as the mock started; leave MOCK_PORT unset (the run then picks a free port) or set it to a free one`,
      );
    throw error;
  }
  return {
    origin: started.url,
    port: Number(new URL(started.url).port),
    reused: false,
    stop: () => started.close(),
  };
}
