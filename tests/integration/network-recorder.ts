/**
 * Every fetch and DNS lookup of every process of a run, recorded (NODE_OPTIONS reaches the runner and the workers).
 * The lookup of `graph.invalid` is answered with loopback: a target that is not loopback by name (so the harness treats
 * it as a real tenant: no writes without ALLOW_WRITES=1) while its traffic never leaves the machine.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NOT_LOOPBACK_HOST = 'graph.invalid';

export function networkRecorder(): { readonly env: Record<string, string>; readonly log: () => string } {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-net-'));
  const log = join(dir, 'network.log');
  const hook = join(dir, 'record-network.mjs');
  writeFileSync(log, '');
  writeFileSync(
    hook,
    [
      "import dns from 'node:dns';",
      "import { appendFileSync } from 'node:fs';",
      `const log = ${JSON.stringify(log)};`,
      'const lookup = dns.lookup;',
      'dns.lookup = function (host, ...rest) {',
      '  appendFileSync(log, `dns ${host}\\n`);',
      `  if (host !== ${JSON.stringify(NOT_LOOPBACK_HOST)}) return lookup.call(this, host, ...rest);`,
      "  const callback = rest.at(-1); const options = typeof rest[0] === 'object' ? rest[0] : {};",
      "  process.nextTick(() => options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4));",
      '};',
      'const fetch = globalThis.fetch;',
      "globalThis.fetch = function (input, init) { appendFileSync(log, `fetch ${init?.method ?? 'GET'} ${input instanceof Request ? input.url : String(input)}\\n`); return fetch(input, init); };",
    ].join('\n'),
  );
  return { env: { NODE_OPTIONS: `--import ${hook}` }, log: () => readFileSync(log, 'utf8') };
}
