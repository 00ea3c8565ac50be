/**
 * A page file's text → what the section readers start from: its front matter, the text as DocFX renders it (includes
 * expanded, tab markers blanked) as markdown-it tokens, and where each line of that text comes from.
 */
import type { Finding } from '../core/finding.ts';
import { expandSource, type IncludeReader } from './expand-source.ts';
import { parseFrontMatter, splitFrontMatter } from './front-matter.ts';
import { formatBytes, LIMITS } from './limits.ts';
import { tokenize, type Token } from './markdown.ts';
import type { Locate } from './page-outline.ts';
import { todosIn } from './todos.ts';

export interface PageSource {
  readonly frontMatter: Readonly<Record<string, unknown>>;
  readonly tokens: readonly Token[];
  /** Where a 1-based line of the expanded text comes from: the page itself, or a file it includes. */
  readonly locate: Locate;
  /** Files expanded into the page by `[!INCLUDE]`, as read. */
  readonly includes: readonly string[];
  /** Includes that did not resolve, tab groups left open, front matter that does not read, its TODOs. */
  readonly findings: readonly Finding[];
}

export function readPageSource(file: string, text: string, readInclude: IncludeReader | undefined): PageSource {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > LIMITS.pageBytes) {
    const message = `the page is ${formatBytes(bytes)}, over the limit of ${formatBytes(LIMITS.pageBytes)}: it is not read`;
    return {
      frontMatter: {},
      tokens: [],
      locate: (line) => ({ file, line }),
      includes: [],
      findings: [{ rule: 'limit-exceeded', severity: 'error', message, location: { file, line: 1 } }],
    };
  }
  const split = splitFrontMatter(text.replace(/\r\n?/g, '\n'));
  const expanded = expandSource(file, split.body, readInclude);
  const locate: Locate = (line) => expanded.origins.at(line - 1) ?? { file, line };
  const findings: Finding[] = expanded.problems.map((problem) => ({
    rule: problem.rule,
    severity: problem.rule === 'invalid-tab-group' ? 'warning' : 'error',
    message: problem.message,
    location: problem.location,
  }));
  let frontMatter: Readonly<Record<string, unknown>> = {};
  const yamlBytes = split.yaml === undefined ? 0 : Buffer.byteLength(split.yaml, 'utf8');
  if (split.yaml !== undefined && yamlBytes > LIMITS.frontMatterBytes) {
    findings.push({
      rule: 'limit-exceeded',
      severity: 'error',
      message: `the front matter is ${formatBytes(yamlBytes)}, over the limit of ${formatBytes(LIMITS.frontMatterBytes)}: it is not read`,
      location: locate(split.line),
    });
  } else if (split.yaml !== undefined) {
    const result = parseFrontMatter(split.yaml);
    if (result.ok) frontMatter = result.data;
    else
      findings.push({
        rule: result.overLimit === true ? 'limit-exceeded' : 'invalid-front-matter',
        severity: 'error',
        message: result.error,
        location: locate(split.line),
      });
    todosIn(split.yaml, split.line + 1, locate, findings);
  }
  return { frontMatter, tokens: tokenize(expanded.text), locate, includes: expanded.includes, findings };
}
