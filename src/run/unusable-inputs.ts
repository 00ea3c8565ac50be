/**
 * Inputs the run cannot use (a file it may not read, a page the harness failed on) fail as tests of their own, located,
 * while every other page is still checked: `<file> › cannot be used`.
 */
import { test } from '@playwright/test';
import { formatFinding, type Finding } from '../core/finding.ts';

/** One failing test per finding; a file with several is titled `… (2)`, `… (3)` after the first (titles are unique). */
export function failingInputTests(findings: readonly Finding[], what = 'cannot be used'): void {
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const base = `${finding.location.file} › ${what}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    test(count === 1 ? base : `${base} (${count.toString()})`, () => {
      const error = new Error(formatFinding(finding));
      error.stack = error.message; // the location is the useful part, not the harness's stack
      throw error;
    });
  }
}
