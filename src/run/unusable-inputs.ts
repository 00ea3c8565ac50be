/**
 * Inputs the run cannot use (a file it may not read, a page not read whole, a page or example the harness failed on)
 * fail as tests of their own, located, while every other page is still checked: `<file> › cannot be used`.
 */
import { formatFinding, type Finding } from '../core/finding.ts';
import type { test as fixturesTest } from './fixtures.ts';

/**
 * One failing test per finding, declared with the run's `test` (whose fixtures guard what a worker says); a file with
 * several is titled `… (2)`, `… (3)` after the first, so titles stay unique.
 */
export function failingInputTests(test: typeof fixturesTest, findings: readonly Finding[]): void {
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const base = `${finding.location.file} › cannot be used`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    test(count === 1 ? base : `${base} (${count.toString()})`, () => {
      const error = new Error(formatFinding(finding));
      error.stack = error.message; // the location is the useful part, not the harness's stack
      throw error;
    });
  }
}
