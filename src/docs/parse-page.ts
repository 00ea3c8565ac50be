/**
 * One Graph reference page → the page model. Pure: text in, model out, defects as findings (never thrown).
 *
 * The page is read in three steps: its source (front matter, includes, tokens: `page-source.ts`), its outline (the
 * parts of each section, code blocks with their annotations: `page-outline.ts`), then one small reader per section.
 */
import type { Finding } from '../core/finding.ts';
import { GRAPH_VERSIONS, type GraphVersion } from '../core/http.ts';
import { readAnnotatedBlocks } from './annotated-blocks.ts';
import { readExamples } from './examples.ts';
import type { IncludeReader } from './expand-source.ts';
import { readHttpRequestPaths } from './http-request-paths.ts';
import { LIMITS } from './limits.ts';
import { inlineText } from './markdown.ts';
import type { Example, Page } from './model.ts';
import { readPageAnnotation } from './page-annotation.ts';
import { outlinePage, partsOf, type ParagraphPart } from './page-outline.ts';
import { readPageSource } from './page-source.ts';
import { readParameters } from './parameters.ts';
import { readPermissions } from './permissions.ts';
import { readRequestBody } from './request-body.ts';
import { readRequestHeaders } from './request-headers.ts';
import { docTypeOf, readResourcePage } from './resource-page.ts';
import { readResponseProse } from './response-prose.ts';
import { suppress } from './suppressions.ts';
import { readTodos } from './todos.ts';
import { detached } from './detached-text.ts';

const DEFAULT_NAMESPACE = 'microsoft.graph';

/** Prose of the `## HTTP request` section saying its paths are examples of those that work, not all of them. */
const SOME_OF_THE_PATHS = /\bshows some (?:common )?ways\b|\ball other \w+ syntax(?:es)?\b/i;

export interface ParseOptions {
  /** Reads `[!INCLUDE]`d files; without it, include lines stay as written. */
  readonly readInclude?: IncludeReader;
}

export function parsePage(file: string, text: string, options: ParseOptions = {}): Page {
  const source = readPageSource(file, text, options.readInclude);
  const { locate } = source;
  const outline = outlinePage(source.tokens, locate);
  const namespace = namespaceOf(partsOf(outline, 'paragraph'));
  const fences = partsOf(outline, 'fence');

  const paths = readHttpRequestPaths(fences, locate);
  const requestBody = readRequestBody(
    outline.parts.filter((part) => part.section === 'request-body'),
    namespace,
    locate,
  );
  const response = readResponseProse(partsOf(outline, 'paragraph', 'response'), namespace, locate);
  const read = readExamples({
    file,
    fences,
    locate,
    httpRequests: paths.httpRequests,
    someOfThePaths: partsOf(outline, 'paragraph', 'http-request').some((p) =>
      SOME_OF_THE_PATHS.test(inlineText(p.inline)),
    ),
    illustrative:
      paths.httpRequests.length === 0 && /^(?:resource|conceptual|enum)/.test(docTypeOf(source.frontMatter)),
    ...(response.successStatus ? { successStatus: response.successStatus.status } : {}),
  });
  const blocks = readAnnotatedBlocks(fences, locate);
  const pageAnnotation = readPageAnnotation(partsOf(outline, 'page-annotation'), locate);
  const typed = readResourcePage({
    file,
    tokens: source.tokens,
    frontMatter: source.frontMatter,
    namespace,
    ...(outline.title !== undefined ? { title: outline.title } : {}),
    locate,
  });
  const missingStatus: Finding[] =
    paths.httpRequests.length > 0 && response.successStatus === undefined
      ? [
          {
            rule: 'missing-success-status',
            severity: 'warning',
            message: 'the "Response" section names no success status code',
            location: locate(1),
          },
        ]
      : [];

  const findings = sortFindings(file, [
    ...source.findings,
    ...readTodos(outline, locate),
    ...outline.findings,
    ...pageAnnotation.findings,
    ...paths.findings,
    ...read.findings,
    ...blocks.findings,
    ...missingStatus,
    ...typed.findings,
  ]);
  // Capped first: suppressions are matched against each finding, and both come from the page.
  const { kept, suppressed } = suppress(
    atMost(LIMITS.findingsPerPage, findings, file),
    pageAnnotation.pageAnnotation?.suppressions ?? [],
  );
  const version = versionOfFile(file) ?? versionOfExamples(read.examples);
  return {
    file,
    frontMatter: source.frontMatter,
    ...(outline.title !== undefined ? { title: outline.title } : {}),
    namespace,
    ...(version ? { version } : {}),
    permissions: readPermissions(partsOf(outline, 'table', 'permissions'), locate),
    httpRequests: paths.httpRequests,
    requestHeaders: readRequestHeaders(partsOf(outline, 'table', 'request-headers'), locate),
    pathParameters: readParameters(partsOf(outline, 'table', 'path-parameters'), locate),
    queryParameters: readParameters(partsOf(outline, 'table', 'query-parameters'), locate),
    functionParameters: readParameters(partsOf(outline, 'table', 'function-parameters'), locate),
    ...(requestBody ? { requestBody } : {}),
    ...(response.successStatus ? { successStatus: response.successStatus } : {}),
    ...(response.responseResource ? { responseResource: response.responseResource } : {}),
    examples: read.examples,
    ignoredExamples: read.ignoredExamples,
    ...(typed.resource ? { resource: typed.resource } : {}),
    ...(typed.enums.length > 0 ? { enums: typed.enums } : {}),
    blocks: blocks.blocks,
    ...(pageAnnotation.pageAnnotation ? { pageAnnotation: pageAnnotation.pageAnnotation } : {}),
    includes: source.includes,
    // A message quoting the page is built from pieces of its text: held apart, it does not keep the text alive.
    findings: kept.map((finding) => ({ ...finding, message: detached(finding.message) })),
    suppressedFindings: suppressed,
  };
}

/** `Namespace: microsoft.graph.callRecords`, anywhere in the prose; `microsoft.graph` when the page names none. */
function namespaceOf(paragraphs: readonly ParagraphPart[]): string {
  let namespace = DEFAULT_NAMESPACE;
  for (const { inline } of paragraphs) {
    // The word is in the markdown as written (or behind an entity): prose without it is not parsed to be sure.
    if (!inline.content.includes('Namespace') && !inline.content.includes('&')) continue;
    namespace = /^Namespace:\s*([\w.]+)/.exec(inlineText(inline))?.[1] ?? namespace;
  }
  return namespace;
}

/** The first `limit` findings, and one saying how many more there are. */
function atMost(limit: number, findings: readonly Finding[], file: string): readonly Finding[] {
  if (findings.length <= limit) return findings;
  const more = findings.length - limit;
  const message = `the page has ${findings.length.toString()} findings; the ${more.toString()} after the first ${limit.toString()} are not listed`;
  return [
    ...findings.slice(0, limit),
    { rule: 'limit-exceeded', severity: 'error', message, location: { file, line: 1 } },
  ];
}

/** The page's own findings first, then those in the files it includes; by line within a file (stable). */
function sortFindings(file: string, findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.location.file === b.location.file
        ? 0
        : a.location.file === file
          ? -1
          : b.location.file === file
            ? 1
            : a.location.file < b.location.file
              ? -1
              : 1) || a.location.line - b.location.line,
  );
}

function versionOfFile(file: string): GraphVersion | undefined {
  const segments = file.split(/[\\/]/).map((s) => s.toLowerCase());
  return GRAPH_VERSIONS.find((version) => segments.includes(version));
}

function versionOfExamples(examples: readonly Example[]): GraphVersion | undefined {
  const versions = new Set(examples.map((e) => e.request.version).filter((v) => v !== undefined));
  return versions.size === 1 ? [...versions][0] : undefined;
}
