/**
 * What the mock tenant's `GET /health` says about itself, so that a run can tell its own kind of mock (same harness,
 * same docs, same options) from a stale one left running or from another program on the port. The mock writes it and
 * the run reads it, in different processes: this is the one shape both agree on.
 */
import { isJsonObject } from './json.ts';
import { plural } from './plural.ts';

export const MOCK_SERVICE = 'graph-conformance mock';

export interface MockIdentity {
  /** `harnessVersion()` of the process serving. */
  readonly harness: string;
  /** `docSetFingerprint()` of the docs it serves. */
  readonly docs: string;
  /** The options that change its answers (`--body-limit`, `--throttle-rate`, `--retry-after`, TLS). */
  readonly options: Readonly<Record<string, string | number | boolean>>;
}

export interface MockHealth extends MockIdentity {
  readonly status: 'ok';
  readonly service: typeof MOCK_SERVICE;
  readonly operations: number;
}

/** A `/health` answer read back; undefined when it is not a graph-conformance mock's (or one too old to say). */
export function readMockHealth(value: unknown): MockHealth | undefined {
  if (!isJsonObject(value) || value.service !== MOCK_SERVICE || value.status !== 'ok') return undefined;
  const { harness, docs, options, operations } = value;
  if (typeof harness !== 'string' || typeof docs !== 'string' || typeof operations !== 'number') return undefined;
  if (!isJsonObject(options)) return undefined;
  const plain = Object.entries(options).filter((e): e is [string, string | number | boolean] =>
    ['string', 'number', 'boolean'].includes(typeof e[1]),
  );
  return { status: 'ok', service: MOCK_SERVICE, harness, docs, options: Object.fromEntries(plain), operations };
}

/** The line the mock command prints once listening: where, and how much it serves. */
export function announcement(operations: number, pages: number, url: string): string {
  return `mock tenant: ${operations} documented operations from ${plural(pages, 'page')} at ${url} (/v1.0 and /beta); token endpoint ${url}/{tenant}/oauth2/v2.0/token`;
}
