/**
 * The page annotation's `suppressions`: ApiDoctor silences a message whose full text a suppression repeats
 * (`"Error: /api-reference/v1.0/api/user-update.md:\r\n      BookmarkMissing: '…'"`). Our messages are worded
 * differently, so a suppression silences a finding when it names the finding's rule, or quotes its message, ignoring
 * case and whitespace.
 */
import type { Finding } from '../core/finding.ts';

export function suppress(
  findings: readonly Finding[],
  suppressions: readonly string[],
): { kept: Finding[]; suppressed: Finding[] } {
  const texts = suppressions.map(normalise).filter((text) => text !== '');
  if (texts.length === 0) return { kept: [...findings], suppressed: [] };
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of findings) {
    const rule = normalise(finding.rule);
    const message = normalise(finding.message);
    const silenced = texts.some(
      (text) => new RegExp(`(^|[^a-z-])${escape(rule)}([^a-z-]|$)`).test(text) || text.includes(message),
    );
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
