/** The `## HTTP request` section: one `METHOD /path` template per line of its code blocks. */
import type { Finding } from '../core/finding.ts';
import type { PathTemplate } from './model.ts';
import { isPathBlock, roleOf } from './code-blocks.ts';
import type { FencePart, Locate } from './page-outline.ts';
import { parsePathTemplate } from './path-template.ts';

export function readHttpRequestPaths(
  fences: readonly FencePart[],
  locate: Locate,
): { httpRequests: PathTemplate[]; findings: Finding[] } {
  const httpRequests: PathTemplate[] = [];
  const findings: Finding[] = [];
  for (const fence of fences) {
    // A status line in the section is a response shown there, not a template.
    if (!isPathBlock(fence) || roleOf(fence.content) === 'response') continue;
    const firstLine = fence.line + 1;
    for (const [offset, raw] of fence.content.split('\n').entries()) {
      if (raw.trim() === '') continue;
      const template = parsePathTemplate(raw, locate(firstLine + offset));
      if (template) httpRequests.push(template);
      else
        findings.push({
          rule: 'invalid-http-block',
          severity: 'error',
          message: `expected "METHOD /path" in the HTTP request block, found "${raw.trim()}"`,
          location: locate(firstLine + offset),
        });
    }
  }
  return { httpRequests, findings };
}
