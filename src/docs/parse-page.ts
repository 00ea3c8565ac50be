/**
 * One Graph reference page → the page model. Pure: text in, model out, defects as findings (never thrown).
 *
 * The page is read once, token by token, keeping track of the section it is in; what a table or code block means
 * depends on that section, as in ApiDoctor.
 */
import { rangeLength, readContentRange } from '../core/content-range.ts';
import { basename } from 'node:path';
import {
  type AnnotatedBlock,
  type Annotation,
  type Example,
  type HeaderRow,
  type Page,
  type PageAnnotation,
  type ParameterRow,
  type PathTemplate,
  type PermissionRow,
  type PropertyRow,
  type RequestExample,
  type ResponseExample,
  type TypeReference,
} from './model.ts';
import { GRAPH_VERSIONS, type GraphVersion } from '../core/http.ts';
import { type Finding, type FindingRule, type Location, type Severity } from '../core/finding.ts';
import { codeSpans, inlineLinks, inlineText, tokenize, type Token } from './markdown.ts';
import { describeRepairs, lineAtOffset, readJson } from './lenient-json.ts';
import { parseFrontMatter, splitFrontMatter } from './front-matter.ts';
import { inferredAnnotation, readAnnotation } from './annotation.ts';
import {
  bodyByteLengths,
  isGraphUrl,
  parseRequestBlock,
  parseResponseBlock,
  type BlockLocator,
} from './http-message.ts';
import { expandSource, type IncludeReader } from './expand-source.ts';
import { suppress } from './suppressions.ts';
import { matchPath, parsePathTemplate } from './path-template.ts';
import { cellAt, column, readTable, type Table } from './tables.ts';
import { readResourcePage } from './resource-page.ts';

/** Sections whose content the parser reads, keyed by their heading as Graph pages spell it (case-insensitive). */
type Section =
  | 'permissions'
  | 'http-request'
  | 'path-parameters'
  | 'query-parameters'
  | 'function-parameters'
  | 'request-headers'
  | 'request-body'
  | 'response'
  | 'examples'
  | 'other';

/** The section a heading names. A qualifier in parentheses is dropped: `## HTTP request (to upload a new file)`. */
function sectionOf(heading: string): Section {
  const text = heading
    .toLowerCase()
    .replace(/\s*\(.*\)\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  // Intune's generated pages put the permissions table under `## Prerequisites`.
  if (text === 'permissions' || text === 'prerequisites') return 'permissions';
  if (text === 'http request') return 'http-request';
  if (text === 'path parameters') return 'path-parameters';
  if (/^(optional )?query (string )?parameters$/.test(text)) return 'query-parameters';
  if (text === 'function parameters' || text === 'parameters') return 'function-parameters';
  if (text === 'request headers') return 'request-headers';
  if (text === 'request body') return 'request-body';
  if (text === 'response') return 'response';
  if (/^examples?\b/.test(text)) return 'examples';
  return 'other';
}

/**
 * The section a heading leads into. H1 and H2 headings open sections. Deeper headings are subsections of the current
 * one (`### Get the photo` under `## HTTP request`; `### Response` under `## Examples` is an example's, not the page's
 * Response section), unless they name a section outside the examples (`### HTTP request` under
 * `## Create an upload session`, `### Response` under `## Request body`).
 */
function nextSection(current: Section, level: number, heading: string): Section {
  if (level <= 2) return sectionOf(heading);
  const named = sectionOf(heading);
  return current === 'examples' || named === 'other' ? current : named;
}

/**
 * A DocFX tab marker, `# [HTTP](#tab/http)`: an H1 to CommonMark, but neither a title nor a section. Tab groups as
 * such are not read yet; their HTTP tab holds an ordinary annotated example.
 */
function isTabMarker(inline: Token | undefined): boolean {
  return inline !== undefined && /^\[[^\]]*\]\(#tab\/[^)]*\)$/i.test(inline.content.trim());
}

const DEFAULT_NAMESPACE = 'microsoft.graph';

/** The annotation block types that carry an example. */
const EXAMPLE_BLOCK_TYPES: readonly string[] = ['request', 'response'];

/** Fence languages an HTTP example is written in (`msgraph-interactive` marks GETs the docs site can run). */
const HTTP_LANGUAGES: readonly string[] = ['http', 'msgraph-interactive', ''];

const REQUEST_LINE = /^\s*(GET|POST|PUT|PATCH|DELETE)\s+\S/i;
const STATUS_LINE = /^\s*HTTP\/[\d.]+\s+\d{3}\b/i;

export interface ParseOptions {
  /** Reads `[!INCLUDE]`d files; without it, include lines stay as written. */
  readonly readInclude?: IncludeReader;
}

export function parsePage(file: string, text: string, options: ParseOptions = {}): Page {
  return new PageReader(file, text, options).read();
}

/** A request or response read from its block, before pairing: `ignored` ones pair too, so they are reported, not lost. */
interface ReadRequest {
  readonly request: RequestExample;
  readonly origin: Example['origin'];
}

interface ReadResponse {
  readonly response: ResponseExample;
  readonly origin: Example['origin'];
}

class PageReader {
  private readonly findings: Finding[] = [];
  private readonly frontMatter: Readonly<Record<string, unknown>> = {};
  private readonly tokens: Token[];
  private readonly origins: readonly Location[];
  private readonly includes: readonly string[];
  private title: string | undefined;
  private namespace = DEFAULT_NAMESPACE;
  private readonly permissions: PermissionRow[] = [];
  private readonly httpRequests: PathTemplate[] = [];
  private readonly requestHeaders: HeaderRow[] = [];
  private readonly pathParameters: ParameterRow[] = [];
  private readonly queryParameters: ParameterRow[] = [];
  private readonly functionParameters: ParameterRow[] = [];
  private requestBodyProperties: PropertyRow[] = [];
  private requestBodyLocation: Location | undefined;
  private requestBodyResource: TypeReference | undefined;
  private successStatus: { status: number; location: Location } | undefined;
  private responseResource: TypeReference | undefined;
  private readonly requests: ReadRequest[] = [];
  private readonly responses: ReadResponse[] = [];
  private readonly blocks: AnnotatedBlock[] = [];
  private pageAnnotation: PageAnnotation | undefined;
  /** Reading order of example blocks, keyed by their annotation (one per block), for pairing. */
  private readonly order = new Map<Annotation, number>();

  constructor(
    private readonly file: string,
    text: string,
    options: ParseOptions,
  ) {
    const split = splitFrontMatter(text.replace(/\r\n?/g, '\n'));
    const expanded = expandSource(file, split.body, options.readInclude);
    this.origins = expanded.origins;
    this.includes = expanded.includes;
    for (const problem of expanded.problems) {
      this.findings.push({
        rule: problem.rule,
        severity: problem.rule === 'invalid-tab-group' ? 'warning' : 'error',
        message: problem.message,
        location: problem.location,
      });
    }
    if (split.yaml !== undefined) {
      const result = parseFrontMatter(split.yaml);
      if (result.ok) this.frontMatter = result.data;
      else this.report('invalid-front-matter', 'error', result.error, split.line);
      this.findTodos(split.yaml, split.line + 1);
    }
    this.tokens = tokenize(expanded.text);
  }

  read(): Page {
    let section: Section = 'other';
    let pending: Annotation | undefined;
    /** A heading stood between the pending annotation and the block that follows. */
    let displaced = false;
    for (let index = 0; index < this.tokens.length; index++) {
      const token = this.tokens[index];
      if (!token) continue;
      const line = token.map ? token.map[0] + 1 : 1;

      if (token.type === 'html_block') {
        this.detach(pending);
        // A TODO in a plain comment is a doc writer's note; inside an annotation it is data (a suppression's text).
        if (!/^\s*<!--\s*\{/.test(token.content)) this.findTodos(token.content, line);
        pending = this.annotationOf(token.content, line);
        displaced = false;
        continue; // an annotation applies to the block right after it
      }
      if (token.type === 'fence') {
        if (pending && displaced) {
          const message = `a heading stands between the ${pending.blockType} annotation and its code block; read as that block's annotation`;
          this.reportAt('invalid-annotation', 'warning', message, pending.location);
        }
        this.readFence(token, section, pending, line);
        pending = undefined;
        continue;
      }
      // Only `#` headings structure a page: a `---` under a paragraph is a setext H2 to CommonMark.
      if (token.type === 'heading_open' && token.markup.startsWith('#')) {
        const heading = this.tokens[index + 1];
        index += 2; // past its inline content and heading_close
        if (heading) this.findTodos(heading.content, line);
        if (isTabMarker(heading)) continue;
        const text = heading ? inlineText(heading) : '';
        const level = Number(token.tag.slice(1));
        if (level === 1 && this.title === undefined) this.title = text;
        section = nextSection(section, level, text);
        if (section === 'request-body') this.requestBodyLocation ??= this.at(line);
        // `<!-- request annotation -->` then `##### Request` then the block: the intent is clear, so it is read
        // through, with a warning. Anything else in between detaches the annotation (ApiDoctor's rule).
        if (pending && EXAMPLE_BLOCK_TYPES.includes(pending.blockType)) displaced = true;
        else pending = undefined;
        continue;
      }
      // Nothing may stand between an annotation and its block (ApiDoctor's rule).
      this.detach(pending);
      pending = undefined;

      if (token.type === 'table_open') {
        const { table, next } = readTable(this.tokens, index);
        this.readTable(table, section);
        this.findTodosInTable(index, next);
        index = next - 1;
      } else if (token.type === 'inline') {
        this.readParagraph(token, section, line);
      }
    }
    this.detach(pending);
    return this.page();
  }

  private page(): Page {
    const paired = this.pairExamples();
    const examples = paired.filter((e) => e.origin !== 'ignored');
    this.checkExamplePaths(examples);
    if (this.httpRequests.length > 0 && this.successStatus === undefined) {
      this.report('missing-success-status', 'warning', 'the "Response" section names no success status code', 1);
    }
    const version = versionOfFile(this.file) ?? versionOfExamples(examples);
    const typed = readResourcePage({
      file: this.file,
      tokens: this.tokens,
      frontMatter: this.frontMatter,
      namespace: this.namespace,
      ...(this.title !== undefined ? { title: this.title } : {}),
      locate: (line) => this.at(line),
    });
    this.findings.push(...typed.findings);
    const sorted = [...this.findings].sort(
      (a, b) =>
        (a.location.file === b.location.file
          ? 0
          : a.location.file === this.file
            ? -1
            : b.location.file === this.file
              ? 1
              : a.location.file < b.location.file
                ? -1
                : 1) || a.location.line - b.location.line,
    );
    const { kept, suppressed } = suppress(sorted, this.pageAnnotation?.suppressions ?? []);
    return {
      file: this.file,
      frontMatter: this.frontMatter,
      ...(this.title !== undefined ? { title: this.title } : {}),
      namespace: this.namespace,
      ...(version ? { version } : {}),
      permissions: this.permissions,
      httpRequests: this.httpRequests,
      requestHeaders: this.requestHeaders,
      pathParameters: this.pathParameters,
      queryParameters: this.queryParameters,
      functionParameters: this.functionParameters,
      ...(this.requestBodyLocation && (this.requestBodyProperties.length > 0 || this.requestBodyResource)
        ? {
            requestBody: {
              ...(this.requestBodyResource ? { resource: this.requestBodyResource } : {}),
              properties: this.requestBodyProperties,
              location: this.requestBodyLocation,
            },
          }
        : {}),
      ...(this.successStatus ? { successStatus: this.successStatus } : {}),
      ...(this.responseResource ? { responseResource: this.responseResource } : {}),
      examples,
      ignoredExamples: paired.filter((e) => e.origin === 'ignored'),
      ...(typed.resource ? { resource: typed.resource } : {}),
      ...(typed.enums.length > 0 ? { enums: typed.enums } : {}),
      blocks: this.blocks,
      ...(this.pageAnnotation ? { pageAnnotation: this.pageAnnotation } : {}),
      includes: this.includes,
      findings: kept,
      suppressedFindings: suppressed,
    };
  }

  // ── blocks ────────────────────────────────────────────────────────────────────────────────────────────────────

  private annotationOf(html: string, line: number): Annotation | undefined {
    const reading = readAnnotation(html, this.at(line));
    const isPageAnnotation = /#page\.annotation/.test(html);
    if (reading.kind === 'invalid') {
      if (isPageAnnotation)
        this.report(
          'invalid-page-annotation',
          'error',
          `the page annotation cannot be read: ${reading.error.replace(/^the annotation /, 'it ')}`,
          line,
        );
      else this.report('invalid-annotation', 'error', reading.error, line);
    }
    if (reading.kind !== 'annotation') return undefined;
    const firstRepair = reading.repairs[0];
    if (firstRepair) {
      const what = reading.annotation.blockType === '#page.annotation' ? 'page annotation' : 'annotation';
      this.report(
        reading.annotation.blockType === '#page.annotation' ? 'invalid-page-annotation' : 'invalid-annotation',
        'warning',
        `the ${what} is not strict JSON (${describeRepairs(reading.repairs)}); read as intended`,
        line + lineAtOffset(html, html.indexOf('{') + firstRepair.offset) - 1,
      );
    }
    if (reading.annotation.blockType === '#page.annotation') {
      this.readPageAnnotation(reading.annotation);
      return undefined; // it describes the page, not a block
    }
    return reading.annotation;
  }

  private readPageAnnotation(annotation: Annotation): void {
    const suppressions = annotation.fields.suppressions;
    if (
      suppressions !== undefined &&
      !(Array.isArray(suppressions) && suppressions.every((s) => typeof s === 'string'))
    ) {
      this.report(
        'invalid-page-annotation',
        'error',
        'the page annotation\'s "suppressions" is not a list of texts',
        annotation.location.line,
      );
    }
    this.pageAnnotation = {
      fields: annotation.fields,
      suppressions: Array.isArray(suppressions) ? suppressions.filter((s): s is string => typeof s === 'string') : [],
      location: annotation.location,
    };
  }

  /** An example annotation with no code block right after it: the example is lost, so say why. */
  private detach(annotation: Annotation | undefined): void {
    if (!annotation || !EXAMPLE_BLOCK_TYPES.includes(annotation.blockType)) return;
    const message = `the ${annotation.blockType} annotation is not directly followed by its code block, so the example is not read`;
    this.report('invalid-annotation', 'error', message, annotation.location.line);
  }

  private readFence(token: Token, section: Section, annotation: Annotation | undefined, line: number): void {
    const language = token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    const locate: BlockLocator = (offset) => this.at(line + 1 + offset);
    const role = roleOf(token.content);
    const blockType = annotation?.blockType;
    this.checkFenceEnd(token.content, line);
    // `## HTTP request` holds URL templates: un-annotated, `ignored` or `samples` blocks, never a full request example.
    if (
      section === 'http-request' &&
      HTTP_LANGUAGES.includes(language) &&
      blockType !== 'request' &&
      blockType !== 'response'
    ) {
      if (role !== 'response') this.readHttpRequestLines(token.content, line + 1);
      if (annotation) this.keepBlock(annotation, language, token.content, locate);
      return;
    }
    if (!annotation) {
      if (language === 'json' && section === 'examples' && this.awaitsBareResponse()) {
        this.readBareJsonResponse(token.content, line, locate);
        return;
      }
      if (!HTTP_LANGUAGES.includes(language) || role === undefined || (language === '' && role === 'other')) return;
      if (role === 'other') {
        this.report(
          'unannotated-example',
          'warning',
          'an http block has no annotation comment and is neither a request nor a response',
          line,
        );
        return;
      }
      this.report(
        'unannotated-example',
        'warning',
        `an http ${role} example has no annotation comment; it is read as one and paired by order`,
        line,
      );
      if (role === 'request')
        this.readRequest(token.content, inferredAnnotation('request', this.at(line)), locate, 'unannotated');
      else this.readResponse(token.content, inferredAnnotation('response', this.at(line)), locate, 'unannotated');
      return;
    }
    if (blockType === 'request') this.readRequest(token.content, annotation, locate, 'annotated');
    else if (blockType === 'response') this.readResponse(token.content, annotation, locate, 'annotated');
    else if (blockType === 'ignored' && section === 'examples' && role === 'request')
      this.readRequest(token.content, annotation, locate, 'ignored');
    else if (blockType === 'ignored' && section === 'examples' && role === 'response')
      this.readResponse(token.content, annotation, locate, 'ignored');
    else this.keepBlock(annotation, language, token.content, locate);
  }

  /**
   * A fence closed by the next example's opening fence swallows the markdown in between (`### Response`, the
   * response's annotation): the page renders wrong and the example after it is lost.
   */
  private checkFenceEnd(content: string, line: number): void {
    const index = content.split('\n').findIndex((l) => /^\s{0,3}(#{1,6}\s+\S|<!--\s*\{)/.test(l));
    if (index >= 0) {
      this.report(
        'unclosed-code-block',
        'error',
        'this line reads as markdown inside a code block: the block is not closed where it should be',
        line + 1 + index,
      );
    }
  }

  /** The last example block read was an un-annotated request still waiting for its response. */
  private awaitsBareResponse(): boolean {
    const lastRequest = this.requests[this.requests.length - 1];
    const lastResponse = this.responses[this.responses.length - 1];
    if (!lastRequest || lastRequest.origin !== 'unannotated') return false;
    return (
      !lastResponse ||
      (this.order.get(lastResponse.response.annotation) ?? 0) < (this.order.get(lastRequest.request.annotation) ?? 0)
    );
  }

  /**
   * Generated pages (Dynamics) show a response as a bare ```` ```json ```` body under `**Response**`, with no status
   * line: read as the page's success status, with a warning.
   */
  private readBareJsonResponse(content: string, line: number, locate: BlockLocator): void {
    const status = this.successStatus?.status ?? 200;
    this.report(
      'unannotated-example',
      'warning',
      `a bare JSON response example has no annotation and no status line; it is read as the page's ${status.toString()} response and paired by order`,
      line,
    );
    const headerLines = [`HTTP/1.1 ${status.toString()} OK`, ''];
    // The synthetic status line sits "before" the fence's content: they map to the fence line itself.
    const shifted: BlockLocator = (offset) =>
      offset < headerLines.length ? this.at(line) : locate(offset - headerLines.length);
    this.readResponse(
      [...headerLines, content].join('\n'),
      inferredAnnotation('response', this.at(line)),
      shifted,
      'unannotated',
    );
  }

  /** A resource, example, samples, permissions or ignored block: kept with its JSON, which must read. */
  private keepBlock(annotation: Annotation, language: string, content: string, locate: BlockLocator): void {
    const location = locate(0);
    const text = content.trim();
    let json: unknown;
    let hasJson = false;
    const role = roleOf(content);
    if (annotation.blockType !== 'ignored' && (role === 'request' || role === 'response')) {
      // An `example` written as an HTTP message (a notification a bot receives): its body must read too.
      const parsed = role === 'request' ? parseRequestBlock(content, locate) : parseResponseBlock(content, locate);
      for (const problem of parsed.ok ? parsed.problems : [parsed.problem])
        this.reportAt(problem.kind, problem.severity, problem.message, problem.location);
      if (parsed.ok && parsed.value.body.kind === 'json') {
        json = parsed.value.body.value;
        hasJson = true;
      }
    } else if (annotation.blockType !== 'ignored' && /^[{[]/.test(text)) {
      const reading = readJson(text);
      const skipped = content.length - content.trimStart().length;
      const lineOf = (offset: number): number => locate(lineAtOffset(content, skipped + offset) - 1).line;
      if (reading.ok) {
        json = reading.value;
        hasJson = true;
        const firstRepair = reading.repairs[0];
        if (firstRepair)
          this.reportAt(
            'invalid-json-body',
            'warning',
            `the ${annotation.blockType} block is not strict JSON (${describeRepairs(reading.repairs)}); read as intended`,
            { file: location.file, line: lineOf(firstRepair.offset) },
          );
      } else {
        this.reportAt(
          'invalid-json-body',
          'error',
          `the ${annotation.blockType} block is not valid JSON: ${reading.error}`,
          { file: location.file, line: lineOf(reading.offset ?? 0) },
        );
      }
    }
    this.blocks.push({ annotation, language, content, ...(hasJson ? { json } : {}), location });
  }

  private readHttpRequestLines(content: string, firstLine: number): void {
    for (const [offset, raw] of content.split('\n').entries()) {
      if (raw.trim() === '') continue;
      const template = parsePathTemplate(raw, this.at(firstLine + offset));
      if (template) this.httpRequests.push(template);
      else
        this.report(
          'invalid-http-block',
          'error',
          `expected "METHOD /path" in the HTTP request block, found "${raw.trim()}"`,
          firstLine + offset,
        );
    }
  }

  private readRequest(content: string, annotation: Annotation, locate: BlockLocator, origin: Example['origin']): void {
    const parsed = parseRequestBlock(content, locate);
    if (!parsed.ok) {
      this.reportAt(parsed.problem.kind, parsed.problem.severity, parsed.problem.message, parsed.problem.location);
      return;
    }
    for (const problem of parsed.problems)
      this.reportAt(problem.kind, problem.severity, problem.message, problem.location);
    const request: RequestExample = { annotation, ...parsed.value, location: locate(firstContentLine(content)) };
    if (origin !== 'ignored') this.checkContentLength(request);
    this.order.set(annotation, this.order.size);
    this.requests.push({ request, origin });
  }

  private readResponse(content: string, annotation: Annotation, locate: BlockLocator, origin: Example['origin']): void {
    const parsed = parseResponseBlock(content, locate);
    if (!parsed.ok) {
      this.reportAt(parsed.problem.kind, parsed.problem.severity, parsed.problem.message, parsed.problem.location);
      return;
    }
    for (const problem of parsed.problems)
      this.reportAt(problem.kind, problem.severity, problem.message, problem.location);
    const { meaning } = annotation;
    this.order.set(annotation, this.order.size);
    this.responses.push({
      origin,
      response: {
        annotation,
        ...parsed.value,
        truncated: meaning.truncated,
        ...(meaning.odataType ? { odataType: meaning.odataType } : {}),
        isCollection: meaning.isCollection,
        isEmpty: meaning.isEmpty,
        expectError: meaning.expectError,
        collectionProperty: meaning.collectionProperty,
        location: locate(firstContentLine(content)),
      },
    });
  }

  /**
   * A documented Content-Length must be the body's length with LF or with CRLF line ends (docs use either). A text
   * body usually stands for binary content (`<bytes 0-25 of the file>`): its length is the Content-Range it uploads.
   */
  private checkContentLength(request: RequestExample): void {
    const header = request.headers.find((h) => h.name.toLowerCase() === 'content-length');
    if (!header) return;
    const stated = Number(header.value);
    if (request.body.kind === 'json') {
      const { lf, crlf } = bodyByteLengths(request.body.text);
      if (Number.isInteger(stated) && (stated === lf || stated === crlf)) return;
      this.reportAt(
        'content-length-mismatch',
        'warning',
        `Content-Length is ${header.value}, but the body is ${String(lf)} bytes with LF line ends and ${String(crlf)} with CRLF`,
        header.location,
      );
      return;
    }
    const rangeHeader = request.headers.find((h) => h.name.toLowerCase() === 'content-range');
    if (!rangeHeader || request.body.kind !== 'text') return;
    const range = readContentRange(rangeHeader.value);
    if (range === undefined) {
      this.reportAt(
        'content-length-mismatch',
        'warning',
        `Content-Range "${rangeHeader.value}" is not a byte range of a known total (bytes first-last/total, first ≤ last < total)`,
        rangeHeader.location,
      );
    } else if (stated !== rangeLength(range)) {
      this.reportAt(
        'content-length-mismatch',
        'warning',
        `Content-Length is ${header.value}, but Content-Range ${rangeHeader.value} covers ${String(rangeLength(range))} bytes`,
        header.location,
      );
    }
  }

  // ── tables ────────────────────────────────────────────────────────────────────────────────────────────────────

  private readTable(table: Table, section: Section): void {
    if (section === 'permissions') this.readPermissions(table);
    else if (section === 'request-headers') this.readHeaders(table);
    else if (section === 'request-body') this.readProperties(table);
    else if (section === 'path-parameters') this.readParameters(table, this.pathParameters);
    else if (section === 'query-parameters') this.readParameters(table, this.queryParameters);
    else if (section === 'function-parameters') this.readParameters(table, this.functionParameters);
  }

  /** `|Parameter|Type|Description|` (path, function) or `|Name|Value|Description|` (query) rows. */
  private readParameters(table: Table, into: ParameterRow[]): void {
    const name = column(table, 'parameter', 'name', 'parameter name', 'property');
    const type = column(table, 'type');
    const description = column(table, 'description', 'value');
    if (name < 0) return;
    for (const row of table.rows) {
      const parameter = cellAt(row, name).text;
      if (parameter === '' || row.cells.slice(1).every((c) => c.text === '')) continue;
      const text = cellAt(row, description).text;
      into.push({
        name: parameter,
        type: cellAt(row, type),
        required: isRequired(text),
        description: text,
        location: this.at(row.line),
      });
    }
  }

  /**
   * Scopes come from every column that names permissions besides `Permission type`: the 2021 pages have one
   * (`Permissions (from least to most privileged)`), current ones two (`Least privileged…`, `Higher privileged…`).
   */
  private readPermissions(table: Table): void {
    const kind = column(table, 'permission type');
    const scopes = table.header.flatMap((cell, index) =>
      index !== kind && /permission/i.test(cell.text) ? [index] : [],
    );
    if (kind < 0 || scopes.length === 0) return;
    for (const row of table.rows) {
      const permissions = [...new Set(scopes.flatMap((index) => scopeNames(cellAt(row, index).text)))];
      this.permissions.push({ permissionType: cellAt(row, kind).text, permissions, location: this.at(row.line) });
    }
  }

  private readHeaders(table: Table): void {
    const name = column(table, 'name', 'header', 'request header');
    const description = column(table, 'description', 'value');
    if (name < 0) return;
    for (const row of table.rows) {
      const text = cellAt(row, description).text;
      // Some rows name the header with its value, `Prefer: outlook.timezone`; the description explains the value.
      const headerName = cellAt(row, name).text.replace(/\s*:.*$/, '');
      this.requestHeaders.push({
        name: headerName,
        required: isRequired(text),
        description: text,
        location: this.at(row.line),
      });
    }
  }

  private readProperties(table: Table): void {
    const name = column(table, 'property', 'name', 'parameter', 'property name');
    const type = column(table, 'type');
    const description = column(table, 'description');
    if (name < 0 || type < 0) return;
    for (const row of table.rows) {
      const propertyName = cellAt(row, name).text;
      // A bold first cell with empty others is a section divider, not a property.
      if (propertyName === '' || row.cells.slice(1).every((c) => c.text === '')) continue;
      this.requestBodyProperties.push({
        name: propertyName,
        type: cellAt(row, type),
        description: cellAt(row, description).text,
        location: this.at(row.line),
      });
    }
  }

  // ── prose ─────────────────────────────────────────────────────────────────────────────────────────────────────

  private readParagraph(inline: Token, section: Section, line: number): void {
    this.findTodos(inline.content, line);
    const text = inlineText(inline);
    const namespace = /^Namespace:\s*([\w.]+)/.exec(text)?.[1];
    if (namespace) this.namespace = namespace;
    if (section === 'request-body' && !this.requestBodyResource) {
      this.requestBodyResource = this.resourceLink(inline, line);
    } else if (section === 'response') {
      this.successStatus ??= this.statusIn(inline, text, line);
      this.responseResource ??= this.resourceLink(inline, line);
    }
  }

  /**
   * `200 OK` in a code span, else in the text ("returns a 204 No Content response code"). Only 2xx and 3xx count: the
   * same prose names error statuses too ("If no photo exists, the operation returns `404 Not Found`").
   */
  private statusIn(inline: Token, text: string, line: number): { status: number; location: Location } | undefined {
    const fromCode = codeSpans(inline)
      .map((code) => /^\s*([23]\d\d)\b/.exec(code)?.[1])
      .find(Boolean);
    const status = fromCode ?? /\b([23]\d\d) [A-Z][A-Za-z-]+/.exec(text)?.[1];
    return status ? { status: Number(status), location: this.at(line) } : undefined;
  }

  /** The first link to a resource page (`../resources/x.md`) named like a type: `[profilePhoto](...)`. */
  private resourceLink(inline: Token, line: number): TypeReference | undefined {
    const link = inlineLinks(inline).find(
      (l) => /(^|\/)resources\/[^/]+\.md(#.*)?$/i.test(l.href) && /^[A-Za-z][A-Za-z0-9]*$/.test(l.text),
    );
    return link ? { name: `${this.namespace}.${link.text}`, href: link.href, location: this.at(line) } : undefined;
  }

  // ── findings ──────────────────────────────────────────────────────────────────────────────────────────────────

  private findTodosInTable(start: number, end: number): void {
    let line = 0;
    for (const token of this.tokens.slice(start, end)) {
      if (token.type === 'tr_open' && token.map) line = token.map[0] + 1;
      else if (token.type === 'inline') this.findTodos(token.content, line);
    }
  }

  /**
   * Graph's page templates write placeholders as `**TODO: Add Description**`. They are looked for in the markdown
   * source, not in bold spans: `**TODO: Determine scopes **` (Intune's stubs) is not bold to CommonMark.
   * `source` starts at `line`; a match on a later line of it is reported there.
   */
  private findTodos(source: string, line: number): void {
    for (const match of source.matchAll(/\bTODO\b:?[ \t]*([^*|"\n]*)/g)) {
      const what = (match[1] ?? '').trim().replace(/\.$/, '');
      const at = line + lineAtOffset(source, match.index) - 1;
      this.report('todo-placeholder', 'warning', what ? `TODO placeholder: "${what}"` : 'TODO placeholder', at);
    }
  }

  /** A finding at a line of the expanded page text (mapped to the file it came from). */
  private report(rule: FindingRule, severity: Severity, message: string, line: number): void {
    this.reportAt(rule, severity, message, this.at(line));
  }

  private reportAt(rule: FindingRule, severity: Severity, message: string, location: Location): void {
    this.findings.push({ rule, severity, message, location });
  }

  /** Where a 1-based line of the expanded text comes from: the page itself, or a file it includes. */
  private at(line: number): Location {
    return this.origins[line - 1] ?? { file: this.file, line };
  }

  // ── examples ──────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * ApiDoctor's pairing: a response joins the requests it names (`name` may list several: one response serving
   * several requests), else the nearest earlier request still unpaired, in reading order. Requests marked `ignored`
   * take part, so that the responses documented for them are not reported as orphans and the examples are reported as
   * skipped; an `ignored` response pairs only with an `ignored` request.
   * Names are the examples' identities in reports and test titles, so duplicates are renamed and reported.
   */
  private pairExamples(): Example[] {
    const stem = basename(this.file).replace(/\.md$/i, '');
    const used = new Set<string>();
    const named = this.requests.map(({ request, origin }, index) => {
      const base = request.annotation.names[0] ?? `${stem}-${index + 1}`;
      let name = base;
      for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
      if (name !== base)
        this.reportAt(
          'duplicate-example-name',
          'error',
          `the example name "${base}" is used more than once on this page`,
          request.annotation.location,
        );
      used.add(name);
      return { name, request, origin };
    });
    const responses = new Map<number, ResponseExample>();
    for (const { response, origin } of this.responses) {
      const free = (i: number): boolean =>
        !responses.has(i) && (origin !== 'ignored' || named[i]?.origin === 'ignored');
      const byName = response.annotation.names
        .map((name) => named.findIndex((e, i) => free(i) && e.request.annotation.names[0] === name))
        .filter((index) => index >= 0);
      // Annotated blocks pair with annotated blocks, un-annotated with un-annotated (an un-annotated notification
      // may stand between a request and its response). An annotated response goes to the nearest annotated request,
      // else to an ignored one (Graph annotates responses to ignored requests as responses).
      const nearest = (accept: (e: (typeof named)[number]) => boolean): number =>
        findLastIndex(named, (e, i) => free(i) && accept(e) && this.readBefore(e.request, response));
      const byOrder =
        origin === 'unannotated'
          ? nearest((e) => e.origin === 'unannotated')
          : origin === 'ignored'
            ? nearest((e) => e.origin === 'ignored')
            : ([nearest((e) => e.origin === 'annotated'), nearest((e) => e.origin === 'ignored')].find((i) => i >= 0) ??
              -1);
      const targets = byName.length > 0 ? byName : byOrder >= 0 ? [byOrder] : [];
      if (targets.length === 0 && origin === 'annotated') {
        this.reportAt(
          'unpaired-response',
          'error',
          'a response example has no request before it to pair with',
          response.annotation.location,
        );
      } else if (targets.length === 0 && origin === 'unannotated') {
        this.reportAt(
          'unpaired-response',
          'warning',
          'an unannotated response example has no unpaired request before it, so it is not used',
          response.annotation.location,
        );
      }
      for (const target of targets) responses.set(target, response);
    }
    return named.map((example, index) => {
      const response = responses.get(index);
      if (!response && example.origin !== 'ignored') {
        this.reportAt(
          'unpaired-request',
          'warning',
          `the request example "${example.name}" has no response example`,
          example.request.annotation.location,
        );
      }
      return response ? { ...example, response } : example;
    });
  }

  /** Whether a request was read before a response: by their order in the expanded page text. */
  private readBefore(request: RequestExample, response: ResponseExample): boolean {
    return (this.order.get(request.annotation) ?? 0) < (this.order.get(response.annotation) ?? 0);
  }

  private checkExamplePaths(examples: readonly Example[]): void {
    if (this.httpRequests.length === 0) return;
    for (const { name, request } of examples) {
      if (!isGraphUrl(request.url)) continue;
      const matching = this.httpRequests.filter((template) => matchPath(template, request.path) !== undefined);
      if (matching.length === 0) {
        this.reportAt(
          'path-not-documented',
          'error',
          `the example "${name}" requests ${request.path}, which is not among the documented HTTP request paths`,
          request.location,
        );
      } else if (!matching.some((template) => template.method === request.method)) {
        this.reportAt(
          'path-not-documented',
          'error',
          `the example "${name}" uses ${request.method}, but ${request.path} is documented only for ${[...new Set(matching.map((t) => t.method))].join(', ')}`,
          request.location,
        );
      }
    }
  }
}

/** What an HTTP block's first line says it is. */
function roleOf(content: string): 'request' | 'response' | 'other' | undefined {
  const first = content.split('\n').find((line) => line.trim() !== '');
  if (first === undefined) return undefined;
  if (REQUEST_LINE.test(first)) return 'request';
  if (STATUS_LINE.test(first)) return 'response';
  return 'other';
}

/** 0-based index of the first non-blank line of a block's content. */
function firstContentLine(content: string): number {
  return Math.max(
    0,
    content.split('\n').findIndex((line) => line.trim() !== ''),
  );
}

/**
 * The scope names in a permissions cell. Graph scopes are dotted (`User.Read`, `Files.ReadWrite.All`); the rest of a
 * cell is prose ("For **user** resource:", "and", "Not supported.", "None.", a TODO), and a trailing `.` ends a sentence.
 */
function scopeNames(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((word) => word.replace(/\.$/, ''))
    .filter((word) => /^[A-Za-z][\w-]*(\.[\w-]+)+$/.test(word));
}

/** `Required.`, `Bearer {token} (required)`; not `Not required`, nor a condition ("required when using $search"). */
function isRequired(description: string): boolean {
  return /\brequired\b(?!\s+(when|if|for|only)\b)/i.test(description) && !/\bnot required\b/i.test(description);
}

function versionOfFile(file: string): GraphVersion | undefined {
  const segments = file.split(/[\\/]/).map((s) => s.toLowerCase());
  return GRAPH_VERSIONS.find((version) => segments.includes(version));
}

function versionOfExamples(examples: readonly Example[]): GraphVersion | undefined {
  const versions = new Set(examples.map((e) => e.request.version).filter((v) => v !== undefined));
  return versions.size === 1 ? [...versions][0] : undefined;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T, index: number) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i] as T, i)) return i;
  return -1;
}
