/**
 * One Graph reference page → the page model. Pure: text in, model out, defects as findings (never thrown).
 *
 * The page is read once, token by token, keeping track of the section it is in; what a table or code block means
 * depends on that section, as in ApiDoctor.
 */
import { basename } from 'node:path';
import {
  GRAPH_VERSIONS,
  type Annotation,
  type Example,
  type Finding,
  type FindingRule,
  type GraphVersion,
  type HeaderRow,
  type Location,
  type Page,
  type PathTemplate,
  type PermissionRow,
  type PropertyRow,
  type RequestExample,
  type ResponseExample,
  type Severity,
  type TypeReference,
} from './model.ts';
import { codeSpans, inlineLinks, inlineText, tokenize, type Token } from './markdown.ts';
import { lineAtOffset } from './lenient-json.ts';
import { parseFrontMatter, splitFrontMatter } from './front-matter.ts';
import { flag, readAnnotation } from './annotation.ts';
import { bodyByteLengths, isGraphUrl, parseRequestBlock, parseResponseBlock } from './http-message.ts';
import { matchPath, parsePathTemplate } from './path-template.ts';
import { cellAt, column, readTable, type Table } from './tables.ts';

/** Sections whose content the parser reads, keyed by their heading as Graph pages spell it (case-insensitive). */
type Section = 'permissions' | 'http-request' | 'request-headers' | 'request-body' | 'response' | 'examples' | 'other';

/** The section a heading names. A qualifier in parentheses is dropped: `## HTTP request (to upload a new file)`. */
function sectionOf(heading: string): Section {
  const text = heading.toLowerCase().replace(/\s*\(.*\)\s*$/, '').replace(/\s+/g, ' ').trim();
  // Intune's generated pages put the permissions table under `## Prerequisites`.
  if (text === 'permissions' || text === 'prerequisites') return 'permissions';
  if (text === 'http request') return 'http-request';
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

export function parsePage(file: string, text: string): Page {
  return new PageReader(file, text).read();
}

class PageReader {
  private readonly findings: Finding[] = [];
  private readonly frontMatter: Readonly<Record<string, unknown>> = {};
  private readonly tokens: Token[];
  private title: string | undefined;
  private namespace = DEFAULT_NAMESPACE;
  private readonly permissions: PermissionRow[] = [];
  private readonly httpRequests: PathTemplate[] = [];
  private readonly requestHeaders: HeaderRow[] = [];
  private requestBodyProperties: PropertyRow[] = [];
  private requestBodyLocation: Location | undefined;
  private requestBodyResource: TypeReference | undefined;
  private successStatus: { status: number; location: Location } | undefined;
  private responseResource: TypeReference | undefined;
  private readonly requests: RequestExample[] = [];
  private readonly responses: ResponseExample[] = [];

  constructor(
    private readonly file: string,
    text: string,
  ) {
    const split = splitFrontMatter(text.replace(/\r\n?/g, '\n'));
    if (split.yaml !== undefined) {
      const result = parseFrontMatter(split.yaml);
      if (result.ok) this.frontMatter = result.data;
      else this.report('invalid-front-matter', 'error', result.error, split.line);
      this.findTodos(split.yaml, split.line + 1);
    }
    this.tokens = tokenize(split.body);
  }

  read(): Page {
    let section: Section = 'other';
    let pending: Annotation | undefined;
    for (let index = 0; index < this.tokens.length; index++) {
      const token = this.tokens[index];
      if (!token) continue;
      const line = token.map ? token.map[0] + 1 : 1;

      if (token.type === 'html_block') {
        this.detach(pending);
        pending = this.annotationOf(token.content, line);
        continue; // an annotation applies to the block right after it
      }
      if (token.type === 'fence') {
        this.readFence(token, section, pending, line);
        pending = undefined;
        continue;
      }
      // Nothing may stand between an annotation and its block (ApiDoctor's rule).
      this.detach(pending);
      pending = undefined;

      if (token.type === 'heading_open') {
        const heading = this.tokens[index + 1];
        // Only `#` headings structure a page: a `---` under a paragraph is a setext H2 to CommonMark.
        if (!token.markup.startsWith('#') || isTabMarker(heading)) continue;
        const text = heading ? inlineText(heading) : '';
        const level = Number(token.tag.slice(1));
        if (level === 1 && this.title === undefined) this.title = text;
        section = nextSection(section, level, text);
        if (section === 'request-body') this.requestBodyLocation ??= { file: this.file, line };
      } else if (token.type === 'table_open') {
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
    const examples = this.pairExamples();
    this.checkExamplePaths(examples);
    if (this.httpRequests.length > 0 && this.successStatus === undefined) {
      this.report('missing-success-status', 'warning', 'the "Response" section names no success status code', 1);
    }
    const version = versionOfFile(this.file) ?? versionOfExamples(examples);
    return {
      file: this.file,
      frontMatter: this.frontMatter,
      ...(this.title !== undefined ? { title: this.title } : {}),
      namespace: this.namespace,
      ...(version ? { version } : {}),
      permissions: this.permissions,
      httpRequests: this.httpRequests,
      requestHeaders: this.requestHeaders,
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
      findings: [...this.findings].sort((a, b) => a.location.line - b.location.line),
    };
  }

  // ── blocks ────────────────────────────────────────────────────────────────────────────────────────────────────

  private annotationOf(html: string, line: number): Annotation | undefined {
    const reading = readAnnotation(html, this.at(line));
    if (reading.kind === 'invalid') this.report('invalid-annotation', 'error', reading.error, line);
    if (reading.kind !== 'annotation') return undefined;
    if (reading.repairs.length > 0) {
      this.report('invalid-annotation', 'warning', `the annotation is not strict JSON (${reading.repairs.join(', ')}); read as intended`, line);
    }
    return reading.annotation;
  }

  /** An example annotation with no code block right after it: the example is lost, so say why. */
  private detach(annotation: Annotation | undefined): void {
    if (!annotation || !EXAMPLE_BLOCK_TYPES.includes(annotation.blockType)) return;
    const message = `the ${annotation.blockType} annotation is not directly followed by its code block, so the example is not read`;
    this.report('invalid-annotation', 'error', message, annotation.location.line);
  }

  private readFence(token: Token, section: Section, annotation: Annotation | undefined, line: number): void {
    const language = token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    const contentLine = line + 1;
    if (section === 'http-request' && (language === 'http' || language === '') && annotation?.blockType !== 'request') {
      this.readHttpRequestLines(token.content, contentLine);
      return;
    }
    if (!annotation) {
      if (language === 'http' || language === 'msgraph-interactive') {
        this.report('unannotated-example', 'warning', 'an http example has no annotation comment, so it is not replayed', line);
      }
      return;
    }
    if (annotation.blockType === 'request') this.readRequest(token.content, annotation, contentLine);
    else if (annotation.blockType === 'response') this.readResponse(token.content, annotation, contentLine);
  }

  private readHttpRequestLines(content: string, firstLine: number): void {
    for (const [offset, raw] of content.split('\n').entries()) {
      if (raw.trim() === '') continue;
      const template = parsePathTemplate(raw, this.at(firstLine + offset));
      if (template) this.httpRequests.push(template);
      else this.report('invalid-http-block', 'error', `expected "METHOD /path" in the HTTP request block, found "${raw.trim()}"`, firstLine + offset);
    }
  }

  private readRequest(content: string, annotation: Annotation, firstLine: number): void {
    const parsed = parseRequestBlock(content, this.file, firstLine);
    if (!parsed.ok) {
      this.report(parsed.problem.kind, parsed.problem.severity, parsed.problem.message, parsed.problem.location.line);
      return;
    }
    for (const problem of parsed.problems) this.report(problem.kind, problem.severity, problem.message, problem.location.line);
    const request: RequestExample = { annotation, ...parsed.value, location: this.at(firstLine) };
    this.checkContentLength(request);
    this.requests.push(request);
  }

  private readResponse(content: string, annotation: Annotation, firstLine: number): void {
    const parsed = parseResponseBlock(content, this.file, firstLine);
    if (!parsed.ok) {
      this.report(parsed.problem.kind, parsed.problem.severity, parsed.problem.message, parsed.problem.location.line);
      return;
    }
    for (const problem of parsed.problems) this.report(problem.kind, problem.severity, problem.message, problem.location.line);
    const declared = typeof annotation.fields['@odata.type'] === 'string' ? annotation.fields['@odata.type'] : undefined;
    const collection = declared ? /^collection\((.+)\)$/i.exec(declared.trim()) : null;
    const odataType = collection?.[1] ?? declared;
    this.responses.push({
      annotation,
      ...parsed.value,
      truncated: flag(annotation, 'truncated'),
      ...(odataType ? { odataType: odataType.trim() } : {}),
      isCollection: flag(annotation, 'isCollection') || collection !== null,
      isEmpty: flag(annotation, 'isEmpty'),
      expectError: flag(annotation, 'expectError'),
      location: this.at(firstLine),
    });
  }

  /**
   * A documented Content-Length must be the body's length with LF or with CRLF line ends (docs use either). Only JSON
   * bodies are measured: a text body usually stands for binary content (`<bytes 0-25 of the file>`).
   */
  private checkContentLength(request: RequestExample): void {
    const header = request.headers.find((h) => h.name.toLowerCase() === 'content-length');
    if (!header || request.body.kind !== 'json') return;
    const stated = Number(header.value);
    const { lf, crlf } = bodyByteLengths(request.body.text);
    if (!Number.isInteger(stated) || (stated !== lf && stated !== crlf)) {
      this.report(
        'content-length-mismatch',
        'warning',
        `Content-Length is ${header.value}, but the body is ${lf} bytes with LF line ends and ${crlf} with CRLF`,
        header.location.line,
      );
    }
  }

  // ── tables ────────────────────────────────────────────────────────────────────────────────────────────────────

  private readTable(table: Table, section: Section): void {
    if (section === 'permissions') this.readPermissions(table);
    else if (section === 'request-headers') this.readHeaders(table);
    else if (section === 'request-body') this.readProperties(table);
  }

  /**
   * Scopes come from every column that names permissions besides `Permission type`: the 2021 pages have one
   * (`Permissions (from least to most privileged)`), current ones two (`Least privileged…`, `Higher privileged…`).
   */
  private readPermissions(table: Table): void {
    const kind = column(table, 'permission type');
    const scopes = table.header.flatMap((cell, index) => (index !== kind && /permission/i.test(cell.text) ? [index] : []));
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
      this.requestHeaders.push({ name: headerName, required: isRequired(text), description: text, location: this.at(row.line) });
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
    const fromCode = codeSpans(inline).map((code) => /^\s*([23]\d\d)\b/.exec(code)?.[1]).find(Boolean);
    const status = fromCode ?? /\b([23]\d\d) [A-Z][A-Za-z-]+/.exec(text)?.[1];
    return status ? { status: Number(status), location: this.at(line) } : undefined;
  }

  /** The first link to a resource page (`../resources/x.md`) named like a type: `[profilePhoto](...)`. */
  private resourceLink(inline: Token, line: number): TypeReference | undefined {
    const link = inlineLinks(inline).find((l) => /(^|\/)resources\/[^/]+\.md(#.*)?$/i.test(l.href) && /^[A-Za-z][A-Za-z0-9]*$/.test(l.text));
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

  private report(rule: FindingRule, severity: Severity, message: string, line: number): void {
    this.findings.push({ rule, severity, message, location: this.at(line) });
  }

  private at(line: number): Location {
    return { file: this.file, line };
  }

  // ── examples ──────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * ApiDoctor's pairing: a response joins the requests it names (`name` may list several: one response serving
   * several requests), else the nearest earlier request still unpaired.
   * Names are the examples' identities in reports and test titles, so duplicates are renamed and reported.
   */
  private pairExamples(): Example[] {
    const stem = basename(this.file).replace(/\.md$/i, '');
    const used = new Set<string>();
    const named = this.requests.map((request, index) => {
      const base = request.annotation.names[0] ?? `${stem}-${index + 1}`;
      let name = base;
      for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
      if (name !== base) this.report('duplicate-example-name', 'error', `the example name "${base}" is used more than once on this page`, request.annotation.location.line);
      used.add(name);
      return { name, request };
    });
    const responses = new Map<number, ResponseExample>();
    for (const response of this.responses) {
      const byName = response.annotation.names
        .map((name) => named.findIndex((e, i) => !responses.has(i) && e.request.annotation.names[0] === name))
        .filter((index) => index >= 0);
      const byOrder = findLastIndex(named, (e, i) => !responses.has(i) && e.request.location.line < response.location.line);
      const targets = byName.length > 0 ? byName : byOrder >= 0 ? [byOrder] : [];
      if (targets.length === 0) this.report('unpaired-response', 'error', 'a response example has no request before it to pair with', response.annotation.location.line);
      for (const target of targets) responses.set(target, response);
    }
    return named.map((example, index) => {
      const response = responses.get(index);
      if (!response) this.report('unpaired-request', 'warning', `the request example "${example.name}" has no response example`, example.request.annotation.location.line);
      return response ? { ...example, response } : example;
    });
  }

  private checkExamplePaths(examples: readonly Example[]): void {
    if (this.httpRequests.length === 0) return;
    for (const { name, request } of examples) {
      if (!isGraphUrl(request.url)) continue;
      const matching = this.httpRequests.filter((template) => matchPath(template, request.path) !== undefined);
      if (matching.length === 0) {
        this.report('path-not-documented', 'error', `the example "${name}" requests ${request.path}, which is not among the documented HTTP request paths`, request.location.line);
      } else if (!matching.some((template) => template.method === request.method)) {
        this.report('path-not-documented', 'error', `the example "${name}" uses ${request.method}, but ${request.path} is documented only for ${[...new Set(matching.map((t) => t.method))].join(', ')}`, request.location.line);
      }
    }
  }
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
