/**
 * `npm run bench:mock`: throughput and p99 latency of the mock tenant on the seed's PATCH route, against a bare
 * `node:http` server answering a fixed JSON body, measured in the same run with the same load generator
 * (autocannon, programmatic API), in alternating rounds. Prints each and the ratios.
 *
 * Two bare baselines: one replays the mock's own answer byte for byte (same headers and body, so the load generator,
 * which shares the CPUs, does the same work: the ratio is the mock's own cost), and one answers a small fixed body.
 *
 * Each server runs in its own child process, so the load generator does not share its event loop. Each child also
 * reports the CPU time it spent (over IPC), so each round also gives the server's CPU per request: on a shared machine
 * that moves far less with the load than throughput does.
 * Options (environment): BENCH_CONNECTIONS (50), BENCH_SECONDS (5), BENCH_ROUNDS (3), BENCH_WARMUP_SECONDS (2), and
 * BENCH_VARY_BODY=1: every request sends a body of its own (another height), so that the mock cannot reuse what it
 * read or answered for the last one; the bare servers get the same bodies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { MOCK_CLIENT_ID, MOCK_USER_PASSWORD } from '../src/mock-tenant/identity.ts';
import { SIGNED_IN_USER } from '../src/mock-tenant/tenant.ts';

const ROUTE = '/beta/me/photos';
const BODY = JSON.stringify({ '@odata.type': '#microsoft.graph.profilePhoto', height: 6, width: 5 });
const FIXED_ANSWER = JSON.stringify({
  '@odata.type': '#microsoft.graph.profilePhoto',
  id: '861907cf-07cf-8619-cf07-1986cf071986',
  height: 6,
  width: 5,
});

function setting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

/** A recorded answer: what the bare server replays byte for byte. */
interface Recorded {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Child mode: serve, then print the origin on stdout. `bare` replays BENCH_RECORDED, or the small fixed body. */
async function serve(kind: string): Promise<void> {
  // The parent asks for this process's CPU time (user + system, µs) before and after each round.
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    process.send?.(user + system);
  });
  if (kind === 'bare') {
    const recorded =
      process.env['BENCH_RECORDED'] === undefined ? undefined : (JSON.parse(process.env['BENCH_RECORDED']) as Recorded);
    const answer = Buffer.from(recorded?.body ?? FIXED_ANSWER);
    const headers = recorded?.headers ?? { 'content-type': 'application/json' };
    const server = http.createServer((req, res) => {
      req.on('data', () => undefined);
      req.on('end', () => {
        res.writeHead(200, { ...headers, 'content-length': answer.length });
        res.end(answer);
      });
    });
    server.listen(0, '127.0.0.1', () => {
      console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
    return;
  }
  const { loadDocs } = await import('../src/docs/load-docs.ts');
  const { buildSchemaRegistry } = await import('../src/schema/registry.ts');
  const { startMockTenant } = await import('../src/mock-tenant/server.ts');
  const { pages } = loadDocs(['fixtures/docs']);
  const tenant = await startMockTenant({ pages, schemas: buildSchemaRegistry(pages) });
  console.log(tenant.url);
}

interface Server {
  readonly child: ChildProcess;
  readonly origin: string;
}

function start(kind: string, recorded?: Recorded): Promise<Server> {
  const env = recorded === undefined ? process.env : { ...process.env, BENCH_RECORDED: JSON.stringify(recorded) };
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', kind], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the ${kind} server did not start within 30 s`));
    }, 30_000);
    child.stdout?.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve({ child, origin: chunk.toString('utf8').trim() });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${kind} server exited (${String(code)})`));
    });
  });
}

/**
 * A user's token from the mock's own token endpoint (the route is `/me`, which an app-only token has not): the
 * benchmark measures the verified-JWT path, not the test token's.
 */
async function mockToken(origin: string): Promise<string> {
  const response = await fetch(`${origin}/common/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: MOCK_CLIENT_ID,
      username: SIGNED_IN_USER.userPrincipalName,
      password: MOCK_USER_PASSWORD,
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  const body = (await response.json()) as { access_token?: unknown };
  if (typeof body.access_token !== 'string') throw new Error('the mock issued no token');
  return body.access_token;
}

/**
 * One answer of the mock on the benchmarked route, headers and body, so that a bare server can send the same bytes:
 * the load generator then does the same work against both, and the ratio measures the mock's own cost.
 */
async function record(origin: string, token: string): Promise<Recorded> {
  const response = await fetch(`${origin}${ROUTE}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: BODY,
  });
  if (response.status !== 200) throw new Error(`the mock answered ${response.status} on ${ROUTE}`);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!['content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) headers[name] = value;
  });
  return { headers, body: await response.text() };
}

/** The CPU time (µs) a server child has used so far. */
function cpuTime(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('a server did not report its CPU time within 10 s'));
    }, 10_000);
    child.once('message', (micros) => {
      clearTimeout(timer);
      resolve(Number(micros));
    });
    child.send('cpu');
  });
}

interface Measured {
  readonly rps: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  /** The server's CPU time (user + system) per answered request, µs. */
  readonly cpuPerRequest: number;
}

/** Each request's own body (heights 10000 to 99999: the same length every time, so the client's work stays the same). */
function varyingBodies(): autocannon.Request[] {
  let sent = 0;
  return [
    {
      setupRequest: (request) => {
        sent = (sent + 1) % 90_000;
        return { ...request, body: BODY.replace('"height":6', `"height":${String(10_000 + sent)}`) };
      },
    },
  ];
}

async function load(server: Server, token: string, seconds: number, connections: number): Promise<Measured> {
  const cpuBefore = await cpuTime(server.child);
  const result = await autocannon({
    ...(process.env['BENCH_VARY_BODY'] === '1' ? { requests: varyingBodies() } : {}),
    url: `${server.origin}${ROUTE}`,
    method: 'PATCH',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: BODY,
  });
  const cpu = (await cpuTime(server.child)) - cpuBefore;
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuPerRequest: cpu / Math.max(1, result.requests.total),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const connections = setting('BENCH_CONNECTIONS', 50);
  const seconds = setting('BENCH_SECONDS', 5);
  const rounds = setting('BENCH_ROUNDS', 3);
  const warmup = setting('BENCH_WARMUP_SECONDS', 2);
  // The load generator shares the CPUs with the servers: other work on the machine skews the ratio, so say how busy it was.
  const loadBefore = loadavg()[0] ?? Number.NaN;
  const mock = await start('mock');
  const children: ChildProcess[] = [mock.child];
  try {
    const token = await mockToken(mock.origin);
    const recorded = await record(mock.origin, token);
    const same = await start('bare', recorded);
    children.push(same.child);
    const small = await start('bare');
    children.push(small.child);
    const targets = [
      { name: 'mock tenant', server: mock, runs: [] as Measured[] },
      { name: 'bare, same bytes', server: same, runs: [] as Measured[] },
      { name: 'bare, small body', server: small, runs: [] as Measured[] },
    ];
    for (const target of targets) await load(target.server, token, warmup, connections);
    for (let round = 0; round < rounds; round++) {
      // Alternate the order so that neither server always runs on a warmer (or more throttled) machine.
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) target.runs.push(await load(target.server, token, seconds, connections));
    }
    const bodies = process.env['BENCH_VARY_BODY'] === '1' ? 'a new body each request' : 'the same body each request';
    console.log(
      `PATCH ${ROUTE} (${bodies}), autocannon ${connections} connections, ${rounds} rounds of ${seconds} s (medians):`,
    );
    const loadAfter = loadavg()[0] ?? Number.NaN;
    console.log(
      `  machine: ${cpus().length} CPUs, 1-min load average ${loadBefore.toFixed(2)} before the run, ${loadAfter.toFixed(2)} after it (which counts the run's own load)`,
    );
    for (const target of targets) {
      const failures = target.runs.reduce((n, r) => n + r.non2xx + r.errors, 0);
      const rps = median(target.runs.map((r) => r.rps)).toFixed(0);
      const p99 = median(target.runs.map((r) => r.p99)).toFixed(1);
      const cpu = median(target.runs.map((r) => r.cpuPerRequest)).toFixed(1);
      console.log(
        `  ${target.name.padEnd(16)} ${rps.padStart(7)} req/s   p99 ${p99.padStart(5)} ms   CPU ${cpu.padStart(5)} µs/req   non-2xx/errors ${failures}   rounds: ${target.runs.map((r) => r.rps.toFixed(0)).join(', ')}`,
      );
    }
    const [m, b, c] = targets;
    if (m && b && c) {
      const rps = (t: typeof m): number => median(t.runs.map((r) => r.rps));
      const cpu = (t: typeof m): number => median(t.runs.map((r) => r.cpuPerRequest));
      console.log(
        `  throughput ratio mock / bare (same bytes on the wire): ${(rps(m) / rps(b)).toFixed(2)} (target ≥ 0.80)`,
      );
      console.log(
        `  throughput ratio mock / bare (small fixed body):      ${(rps(m) / rps(c)).toFixed(2)} (the client parses less there)`,
      );
      // Less sensitive to other work on the machine than throughput: what each answer costs the server itself.
      console.log(
        `  server CPU per request, bare (same bytes) / mock:      ${(cpu(b) / cpu(m)).toFixed(2)} (${cpu(m).toFixed(1)} µs vs ${cpu(b).toFixed(1)} µs)`,
      );
    }
  } finally {
    // Also when the run fails early: no server outlives the benchmark.
    for (const child of children) child.kill();
  }
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) await serve(process.argv[serveIndex + 1] ?? 'mock');
else await main();
