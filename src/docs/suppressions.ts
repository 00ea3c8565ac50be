/**
 * The page annotation's `suppressions`: ApiDoctor silences a message whose full text a suppression repeats
 * (`"Error: /api-reference/v1.0/api/user-update.md:\r\n      BookmarkMissing: '…'"`). Our messages are worded
 * differently, so a suppression silences a finding when it names the finding's rule, or quotes its message, ignoring
 * case and whitespace.
 */
import type { Finding } from '../core/finding.ts';

const UNSUPPRESSIBLE: ReadonlySet<Finding['rule']> = new Set(['limit-exceeded', 'outside-docs', 'page-failed']);

export function suppress(
  findings: readonly Finding[],
  suppressions: readonly string[],
): { kept: Finding[]; suppressed: Finding[] } {
  const texts = suppressions.map(normalise).filter((text) => text !== '');
  if (texts.length === 0) return { kept: [...findings], suppressed: [] };
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  const byRule = new Map<string, boolean>();
  const namesRule = (rule: string): boolean => {
    let named = byRule.get(rule);
    if (named === undefined) {
      const pattern = new RegExp(`(^|[^a-z-])${escape(rule)}([^a-z-]|$)`);
      named = texts.some((text) => pattern.test(text));
      byRule.set(rule, named);
    }
    return named;
  };
  for (const finding of findings) {
    // What the harness refused to read is not the page's to silence: a hostile page would suppress it first.
    if (UNSUPPRESSIBLE.has(finding.rule)) {
      kept.push(finding);
      continue;
    }
    const message = normalise(finding.message);
    const silenced = namesRule(normalise(finding.rule)) || texts.some((text) => text.includes(message));
    (silenced ? suppressed : kept).push(finding);
  }
  return { kept, suppressed };
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
