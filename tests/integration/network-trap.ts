/**
 * Records every connection and name lookup of every process of a product run, and keeps them on this machine: a
 * module loaded into each process (NODE_OPTIONS reaches the runner and its workers) wraps `net.Socket#connect` and
 * `dns.lookup`. A connection to an address that is not loopback is refused by the trap itself, before any packet
 * leaves, and logged as `blocked <address>`; so a test can assert that the run never even tried, say, the cloud
 * metadata address. Names can be pointed anywhere (`metadata.hostile.test` → 169.254.169.254) without a resolver.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A name that is not loopback, for a target the harness must treat as a real tenant (no writes without ALLOW_WRITES):
 * give `{ [NOT_LOOPBACK_NAME]: '127.0.0.1' }` to `networkTrap` and its traffic stays on this machine.
 */
export const NOT_LOOPBACK_NAME = 'graph.invalid';

export interface NetworkTrap {
  /** Add to the run's environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Lines so far: `dns <name>`, `connect <address>:<port>`, `blocked <address>:<port>`. */
  lines(): string[];
}

export function networkTrap(names: Readonly<Record<string, string>> = {}): NetworkTrap {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-trap-'));
  const log = join(dir, 'network.log');
  const hook = join(dir, 'trap.mjs');
  writeFileSync(log, '');
  writeFileSync(
    hook,
    `
import dns from 'node:dns';
import net from 'node:net';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const log = (line) => appendFileSync(${JSON.stringify(log)}, line + '\\n');
const names = ${JSON.stringify(names)};
const loopback = (address) => /^127\\./.test(address) || address === '::1' || address === '::ffff:127.0.0.1';

const lookup = dns.lookup;
dns.lookup = function (host, options, callback) {
  if (typeof options === 'function') { callback = options; options = {}; }
  if (typeof options === 'number') options = { family: options };
  log('dns ' + host);
  const named = names[host];
  if (named === undefined) return lookup.call(this, host, options, callback);
  const family = named.includes(':') ? 6 : 4;
  process.nextTick(() => options?.all ? callback(null, [{ address: named, family }]) : callback(null, named, family));
};
syncBuiltinESMExports();

/** Wraps a lookup: the addresses it hands to connect are logged, and any that is not loopback is refused. */
const trapped = (inner, port) => (host, options, callback) =>
  inner(host, options, (error, address, family) => {
    if (error) return callback(error, address, family);
    const all = Array.isArray(address) ? address.map((a) => a.address) : [address];
    for (const a of all) log((loopback(a) ? 'connect ' : 'blocked ') + a + ':' + port);
    if (all.some((a) => !loopback(a))) return callback(Object.assign(new Error('network trap: not loopback'), { code: 'ETRAPPED' }));
    callback(null, address, family);
  });

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = args[0];
  const options = Array.isArray(first) ? first[0] : typeof first === 'object' && first !== null ? first : undefined;
  if (options === undefined || options.path !== undefined) return connect.apply(this, args);
  const host = options.host ?? 'localhost';
  if (net.isIP(host)) {
    if (!loopback(host)) {
      log('blocked ' + host + ':' + options.port);
      process.nextTick(() => this.destroy(Object.assign(new Error('network trap: not loopback'), { code: 'ETRAPPED' })));
      return this;
    }
    log('connect ' + host + ':' + options.port);
    return connect.apply(this, args);
  }
  options.lookup = trapped(options.lookup ?? dns.lookup, options.port);
  return connect.apply(this, args);
};
`,
  );
  return {
    env: { NODE_OPTIONS: `--import ${hook}` },
    lines: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
  };
}
