/**
 * What every generated test does alike, examples and probes: the annotations a reader sees, and the gate that skips
 * a test before anything is resolved or sent.
 */
import type { Example, Page } from '../docs/model.ts';
import type { CaseRequest, HandedOutUrl, Skip } from '../cases/model.ts';
import type { ProbeCheck } from '../cases/probe-model.ts';
import { describeValue, type FilledValue } from '../cases/placeholders.ts';
import { formatLocation, type Location } from '../core/finding.ts';
import { targetOrigin, type Settings } from '../settings/settings.ts';
import { decideRequests, type PlannedRequest } from './write-guard.ts';
import { redactRun } from './run-secrets.ts';
import type { TestLedger } from './ledger.ts';

interface Generated {
  readonly page: Page;
  readonly example: Example;
  readonly documented: Location;
  readonly variant?: string;
  readonly operation?: string;
  readonly runnable: boolean;
  /** A ready case's request, or a ready probe's check: what the test will send. */
  readonly request?: CaseRequest;
  readonly check?: ProbeCheck;
  /** A ready case's placeholder values, with where each came from. */
  readonly filled?: readonly FilledValue[];
}

/**
 * Where the doc documents the test (`file:line`: a report places a test that never ran, which has no verdict record,
 * on that file's page), and how many findings its page has. The findings themselves are the page's,
 * not the test's: the reviewer report lists them once per page, grouped by rule; repeated on each of a page's tests
 * they would multiply every artefact of a run. Made where tests are collected (the runner, which no worker's output
 * guard covers), so they pass the run's redactor here.
 */
export function docAnnotations(item: Generated): { type: string; description: string }[] {
  const errors = item.page.findings.filter((f) => f.severity === 'error').length;
  const warnings = item.page.findings.length - errors;
  return [
    { type: 'documented at', description: formatLocation(item.documented) },
    // Where every value in the path came from: a setting, the tenant file, the target's own listing, the mock's state.
    ...(item.filled ?? []).map((value) => ({ type: 'placeholder', description: describeValue(value) })),
    ...(item.page.findings.length > 0
      ? [
          {
            type: 'doc findings',
            description: `${String(errors)} errors, ${String(warnings)} warnings (listed in the reviewer report)`,
          },
        ]
      : []),
  ].map(({ type, description }) => ({ type, description: redactRun(description) }));
}

/** Every request the test would send, in order: what hands out a URL, what is uploaded first, the documented one. */
export function plannedRequests(item: Generated): PlannedRequest[] {
  const documented = item.check?.request ?? item.request ?? item.example.request;
  const own: PlannedRequest = {
    method: documented.method,
    to: item.request?.handedOut === undefined ? 'target' : 'handed-out',
    what: `${documented.method} ${documented.path}`,
  };
  const via: HandedOutUrl | undefined = item.request?.handedOut;
  if (via === undefined) return [own];
  return [
    {
      method: via.producerRequest.method,
      to: 'target',
      what: `first ${via.producerRequest.method} ${via.producerRequest.path} ("${via.producer.name}"), whose answer hands out the URL`,
    },
    ...(via.bytesBefore === undefined
      ? []
      : [{ method: 'PUT', to: 'handed-out' as const, what: 'the bytes the documented request presumes were sent' }]),
    { ...own, what: `${documented.method} to the handed-out URL` },
  ];
}

/**
 * Skips the running test when it must not or cannot send: a write to a target that takes none (decided first, so it
 * never leaves the machine), or an item that cannot run, with its rule and reason. Otherwise the item is ready to send.
 */
export function skipUnlessSendable<
  T extends Generated & ({ readonly runnable: true } | ({ readonly runnable: false } & Skip)),
>(item: T, settings: Settings, ledger: TestLedger): asserts item is Extract<T, { readonly runnable: true }> {
  ledger.about(item);
  const write = decideRequests(plannedRequests(item), targetOrigin(settings), settings.allowWrites);
  if (!write.allowed) ledger.skip(write.rule, write.reason);
  if (!item.runnable) ledger.skip(item.rule, item.reason);
}
