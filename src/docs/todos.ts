/**
 * `TODO` placeholders left in a page: in its front matter, headings, prose, tables and HTML comments (not in code
 * blocks, and not in annotations, where a TODO is data: the text of a suppression).
 */
import type { Finding } from '../core/finding.ts';
import { lineAtOffset } from './lenient-json.ts';
import type { Locate, PageOutline } from './page-outline.ts';

export function readTodos(outline: PageOutline, locate: Locate): Finding[] {
  const findings: Finding[] = [];
  for (const part of outline.parts) {
    if (part.kind === 'heading') todosIn(part.source, part.line, locate, findings);
    else if (part.kind === 'paragraph') todosIn(part.inline.content, part.line, locate, findings);
    else if (part.kind === 'html' && !/^\s*<!--\s*\{/.test(part.html)) todosIn(part.html, part.line, locate, findings);
    else if (part.kind === 'table') {
      let line = 0;
      for (const token of part.tokens) {
        if (token.type === 'tr_open' && token.map) line = token.map[0] + 1;
        else if (token.type === 'inline') todosIn(token.content, line, locate, findings);
      }
    }
  }
  return findings;
}

/**
 * Graph's page templates write placeholders as `**TODO: Add Description**`. They are looked for in the markdown
 * source, not in bold spans: `**TODO: Determine scopes **` (Intune's stubs) is not bold to CommonMark.
 * `source` starts at `line`; a match on a later line of it is reported there. Findings are added to `findings` (a page
 * may hold more of them than a call can take as arguments).
 */
export function todosIn(source: string, line: number, locate: Locate, findings: Finding[]): void {
  // Most text has none: a plain search is a fraction of the cost of trying the pattern at each offset.
  if (!source.includes('TODO')) return;
  // Lines are counted as the matches go, not from the start for each one: a page may hold thousands on one paragraph.
  let at = line;
  let counted = 0;
  for (const match of source.matchAll(/\bTODO\b:?[ \t]*([^*|"\n]*)/g)) {
    at += lineAtOffset(source.slice(counted, match.index), match.index - counted) - 1;
    counted = match.index;
    const what = (match[1] ?? '').trim().replace(/\.$/, '');
    findings.push({
      rule: 'todo-placeholder',
      severity: 'warning',
      message: what ? `TODO placeholder: "${what}"` : 'TODO placeholder',
      location: locate(at),
    });
  }
}
