/**
 * What every generated test does alike, examples and probes: the annotations a reader sees, and the gate that skips
 * a test before anything is resolved or sent.
 */
import { test } from '@playwright/test';
import type { Example, Page } from '../docs/model.ts';
import { formatFinding, formatLocation, type Location } from '../core/finding.ts';
import { targetOrigin, type Settings } from '../settings/settings.ts';
import { decideWrite } from './write-guard.ts';

interface Generated {
  readonly page: Page;
  readonly example: Example;
  readonly documented: Location;
  readonly runnable: boolean;
}

/** Where the doc documents the test, and the page's findings, each `file:line`. */
export function docAnnotations(item: Generated): { type: string; description: string }[] {
  return [
    { type: 'documented at', description: formatLocation(item.documented) },
    ...item.page.findings.map((f) => ({ type: `doc ${f.severity}`, description: formatFinding(f) })),
  ];
}

/**
 * Skips the running test when it must not or cannot send: a write to a target that takes none (decided first, so it
 * never leaves the machine), or an item that cannot run, with its reason. Otherwise the item is ready to send.
 */
export function skipUnlessSendable<
  T extends Generated & ({ readonly runnable: true } | { readonly runnable: false; readonly reason: string }),
>(item: T, settings: Settings): asserts item is Extract<T, { readonly runnable: true }> {
  const write = decideWrite(item.example.request.method, targetOrigin(settings), settings.allowWrites);
  test.skip(!write.allowed, write.allowed ? undefined : write.reason);
  if (!item.runnable) {
    test.skip(true, item.reason);
    throw new Error(item.reason); // test.skip(true) ends the test; this only tells the compiler so
  }
}
