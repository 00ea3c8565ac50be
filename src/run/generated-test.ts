/**
 * What every generated test does alike, examples and probes: the annotations a reader sees, and the gate that skips
 * a test before anything is resolved or sent.
 */
import type { Skip } from '../cases/model.ts';
import { formatFinding, formatLocation, type Finding } from '../core/finding.ts';
import type { Example } from '../docs/model.ts';
import { targetOrigin, type Settings } from '../settings/settings.ts';
import type { Subject, TestLedger } from './ledger.ts';
import { decideWrite } from './write-guard.ts';

type Generated = Subject & {
  readonly example: Example;
  readonly page: Subject['page'] & { readonly findings: readonly Finding[] };
};

/**
 * Where the doc documents the test, and the page's findings, each `file:line`. The page is also given alone (`doc
 * page`), so that a report can place a test that never ran (it has no verdict record).
 */
export function docAnnotations(item: Generated): { type: string; description: string }[] {
  return [
    { type: 'doc page', description: item.page.file },
    { type: 'documented at', description: formatLocation(item.documented) },
    ...item.page.findings.map((f) => ({ type: `doc ${f.severity}`, description: formatFinding(f) })),
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
  const write = decideWrite(item.example.request.method, targetOrigin(settings), settings.allowWrites);
  if (!write.allowed) ledger.skip('writes-not-allowed', write.reason);
  if (!item.runnable) ledger.skip(item.rule, item.reason);
}
