/**
 * The embedded mock tenant of a run: started fresh for every run, on a free port unless MOCK_PORT names one, in a
 * child process (`graph-conformance mock`), and stopped when the run ends. A mock already holding MOCK_PORT is reused
 * only when its `/health` shows the same harness, the same docs and the same options; anything else on the port is
 * refused with what to do, never used: a mock serving other docs would make every test blame the doc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { announcedUrl, readMockHealth, type MockHealth, type MockIdentity } from '../core/mock-health.ts';
import { isJsonObject, parseJsonOrUndefined } from '../core/json.ts';
import { fixedTokens } from './auth/token-source.ts';
import { TargetUnavailable, type Exchange } from './exchange.ts';
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

export interface RunMockOptions {
  /** MOCK_PORT; undefined: any free port. */
  readonly port: number | undefined;
  readonly docs: readonly string[];
  /** What the run's own mock would say it is; asked only when a mock already holds MOCK_PORT. */
  readonly expected: () => MockIdentity;
  /** How long the mock may take to read the docs and listen. */
  readonly startTimeoutMs?: number;
}

const BIN = fileURLToPath(new URL('../../bin/graph-conformance.js', import.meta.url));
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
  return startMock(options.port ?? 0, options.docs, options.startTimeoutMs ?? 180_000);
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
    const cause = error instanceof TargetUnavailable ? error.cause : error;
    if (causeCode(cause) === 'ECONNREFUSED') return { kind: 'free' };
    return { kind: 'other', what: `it does not answer HTTP: ${causeCode(cause) ?? describe(cause)}` };
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

function startMock(port: number, docs: readonly string[], timeoutMs: number): Promise<RunMock> {
  const child = spawn(
    process.execPath,
    [BIN, 'mock', '--host', HOST, '--port', String(port), '--docs', docs.join(',')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Whatever ends the runner (a preflight's exit, a crash) ends its mock too.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  return new Promise<RunMock>((resolve, reject) => {
    let stdout = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      process.off('exit', killOnExit);
      reject(new PreflightError(why));
    };
    const timer = setTimeout(() => {
      fail(`MOCK_PORT: the mock tenant did not start within ${String(timeoutMs / 1000)} s (reading DOCS)`);
    }, timeoutMs);
    child.on('exit', (code) => {
      const said = lastLine(stderr).replace(/^graph-conformance: /, '');
      const where = port === 0 ? 'the mock tenant' : `MOCK_PORT: the mock tenant, on port ${String(port)},`;
      fail(`${where} stopped before it listened (exit ${String(code)})${said === '' ? '' : `: ${said}`}`);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = stdout
        .split('\n')
        .map(announcedUrl)
        .find((u) => u !== undefined);
      if (url === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolve({ origin: url, port: Number(new URL(url).port), reused: false, stop: () => stop(child, killOnExit) });
    });
  });
}

async function stop(child: ChildProcess, killOnExit: () => void): Promise<void> {
  process.off('exit', killOnExit);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

function causeCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  return typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string'
    ? cause.code
    : undefined;
}

function describe(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
}
