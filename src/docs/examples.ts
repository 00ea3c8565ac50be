/**
 * Request and response examples → the page's examples. Blocks are read in page order (an example may stand in any
 * section), then paired (`example-pairing.ts`) and their paths checked against the `## HTTP request` templates.
 */
import type { Finding } from '../core/finding.ts';
import { inferredAnnotation } from './annotation.ts';
import { firstContentLine, HTTP_LANGUAGES, isExampleBlock, roleOf } from './code-blocks.ts';
import { checkContentLength } from './content-length.ts';
import { pairExamples, type ReadExample } from './example-pairing.ts';
import { isGraphUrl, parseRequestBlock, parseResponseBlock, type BlockLocator, type Parsed } from './http-message.ts';
import type { Annotation, Body, Example, PathTemplate, RequestExample, ResponseExample } from './model.ts';
import type { FencePart, Locate } from './page-outline.ts';
import { pathMatcher } from './path-template.ts';

export interface ExamplesInput {
  readonly file: string;
  readonly fences: readonly FencePart[];
  readonly locate: Locate;
  /** The page's success status: a bare JSON response is read as one. */
  readonly successStatus?: number;
  /** The documented paths an example's path must be among. */
  readonly httpRequests: readonly PathTemplate[];
  /**
   * The `## HTTP request` section says its paths are only some of those that work ("This syntax shows some common
   * ways to create the supported resource instances. All other POST syntaxes … supports …", opentypeextension-*.md):
   * an example on another path is not undocumented.
   */
  readonly someOfThePaths?: boolean;
  /**
   * The page documents no operation (a resource, overview or enum page): an http block without an annotation there
   * illustrates ("GET /me/drive/root/children lists a folder"); it is not an example to replay or to report.
   */
  readonly illustrative?: boolean;
}

export interface ExamplesReading {
  /** Examples to replay: annotated and un-annotated ones. */
  readonly examples: readonly Example[];
  /** Examples marked `ignored`, with their responses. */
  readonly ignoredExamples: readonly Example[];
  readonly findings: readonly Finding[];
}

export function readExamples(input: ExamplesInput): ExamplesReading {
  const findings: Finding[] = [];
  const requests: ReadExample<RequestExample>[] = [];
  const responses: ReadExample<ResponseExample>[] = [];
  let read = 0;

  /** A parsed block's value, its problems reported; undefined when it could not be read (its one problem reported). */
  const reported = <T>(parsed: Parsed<T>): T | undefined => {
    if (!parsed.ok) {
      findings.push(parsed.problem);
      return undefined;
    }
    findings.push(...parsed.problems);
    return parsed.value;
  };
  const readRequest = (
    { content, heading }: FencePart,
    annotation: Annotation,
    locate: BlockLocator,
    origin: Example['origin'],
  ) => {
    const parsed = reported(parseRequestBlock(content, locate));
    if (parsed === undefined) return;
    const request: RequestExample = {
      annotation,
      ...parsed,
      ...(heading !== undefined ? { heading } : {}),
      location: locate(firstContentLine(content)),
    };
    if (origin !== 'ignored') findings.push(...checkContentLength(request));
    requests.push({ block: request, origin, order: read++ });
  };
  const readResponse = (content: string, annotation: Annotation, locate: BlockLocator, origin: Example['origin']) => {
    const parsed = reported(parseResponseBlock(content, locate));
    if (parsed === undefined) return;
    const { meaning } = annotation;
    // Without an annotation the page does not say the example is whole, nor that it is a collection: it is read as
    // possibly shortened (Intune's generated pages say so in prose), and as a collection when its body is one.
    const inferred = origin === 'unannotated';
    const response: ResponseExample = {
      annotation,
      ...parsed,
      truncated: meaning.truncated || inferred,
      ...(meaning.odataType ? { odataType: meaning.odataType } : {}),
      isCollection: meaning.isCollection || (inferred && listsValues(parsed.body)),
      isEmpty: meaning.isEmpty,
      expectError: meaning.expectError,
      collectionProperty: meaning.collectionProperty,
      location: locate(firstContentLine(content)),
    };
    responses.push({ block: response, origin, order: read++ });
  };
  /** The last example block read was an un-annotated request still waiting for its response. */
  const awaitsBareResponse = (): boolean => {
    const lastRequest = requests[requests.length - 1];
    const lastResponse = responses[responses.length - 1];
    if (!lastRequest || lastRequest.origin !== 'unannotated') return false;
    return !lastResponse || lastResponse.order < lastRequest.order;
  };

  /** The last example block was an un-annotated request to the app, not to Graph: its answer may follow. */
  let notification = false;
  for (const fence of input.fences) {
    if (!isExampleBlock(fence)) continue;
    const { content, language, line, annotation } = fence;
    const afterNotification = notification;
    notification = false;
    const at = (offset: number) => input.locate(line + 1 + offset);
    if (annotation?.blockType === 'request') readRequest(fence, annotation, at, 'annotated');
    else if (annotation?.blockType === 'response') readResponse(content, annotation, at, 'annotated');
    else if (annotation) {
      // `ignored`, among the examples: read, so that it is reported as skipped rather than lost.
      if (roleOf(content) === 'request') readRequest(fence, annotation, at, 'ignored');
      else readResponse(content, annotation, at, 'ignored');
    } else if (language === 'json' && fence.section === 'examples' && awaitsBareResponse()) {
      // Generated pages (Dynamics) show a response as a bare ```json``` body under `**Response**`, with no status
      // line: read as the page's success status, with a warning.
      const status = input.successStatus ?? 200;
      findings.push({
        rule: 'unannotated-example',
        severity: 'warning',
        message: `a bare JSON response example has no annotation and no status line; it is read as the page's ${status.toString()} response and paired by order`,
        location: input.locate(line),
      });
      const headerLines = [`HTTP/1.1 ${status.toString()} OK`, ''];
      // The synthetic status line sits "before" the fence's content: they map to the fence line itself.
      const shifted: BlockLocator = (offset) =>
        offset < headerLines.length ? input.locate(line) : at(offset - headerLines.length);
      readResponse(
        [...headerLines, content].join('\n'),
        inferredAnnotation('response', input.locate(line)),
        shifted,
        'unannotated',
      );
    } else if (input.illustrative !== true) {
      const role = roleOf(content);
      if (!HTTP_LANGUAGES.includes(language) || role === undefined || (language === '' && role === 'other')) continue;
      if (role === 'other') {
        findings.push({
          rule: 'unannotated-example',
          severity: 'warning',
          message: 'an http block has no annotation comment and is neither a request nor a response',
          location: input.locate(line),
        });
        continue;
      }
      // A notification Graph posts to the app (`POST https://bot.contoso.com/api/calls`), and the app's answer to it:
      // what the service sends, not a request to replay; without an annotation the page does not ask for one.
      if (role === 'request' && !isGraphUrl(requestUrl(content))) {
        notification = true;
        continue;
      }
      if (role === 'response' && afterNotification) continue;
      findings.push({
        rule: 'unannotated-example',
        severity: 'warning',
        message: `an http ${role} example has no annotation comment; it is read as one and paired by order`,
        location: input.locate(line),
      });
      const inferred = inferredAnnotation(role, input.locate(line));
      if (role === 'request') readRequest(fence, inferred, at, 'unannotated');
      else readResponse(content, inferred, at, 'unannotated');
    }
  }

  const paired = pairExamples(input.file, requests, responses);
  const examples = paired.examples.filter((e) => e.origin !== 'ignored');
  return {
    examples,
    ignoredExamples: paired.examples.filter((e) => e.origin === 'ignored'),
    findings: [
      ...findings,
      ...paired.findings,
      ...(input.someOfThePaths === true ? [] : undocumentedPaths(examples, input.httpRequests)),
      ...examples.flatMap(missingBody),
    ],
  };
}

/** The URL of a request block's request line (`POST https://bot.contoso.com/api/calls`). */
function requestUrl(content: string): string {
  const requestLine = content.split('\n').find((l) => l.trim() !== '') ?? '';
  return requestLine.trim().split(/\s+/)[1] ?? '';
}

/**
 * A write that sends nothing where Graph takes a body: an update (`PATCH`), or a reference added by `POST …/$ref`
 * (approvalstep-update, channel-patch, onpremisesagent-post-agentgroups). Graph answers `400` ("Empty Payload. JSON
 * content expected."), so a page showing it succeed contradicts what it documents.
 */
function missingBody(example: Example): Finding[] {
  const { request } = example;
  if (request.body.kind !== 'none' || !isGraphUrl(request.url)) return [];
  const takesBody = request.method === 'PATCH' || (request.method === 'POST' && /\/\$ref\/?$/i.test(request.path));
  if (!takesBody) return [];
  return [
    {
      rule: 'request-body-missing',
      severity: 'error',
      message: `the example "${example.name}" sends ${request.method} ${request.path} without a body, which the operation takes`,
      location: request.location,
    },
  ];
}

/** Each example's path must be among the documented `## HTTP request` paths, for its method. */
function undocumentedPaths(examples: readonly Example[], httpRequests: readonly PathTemplate[]): Finding[] {
  if (httpRequests.length === 0) return [];
  const findings: Finding[] = [];
  for (const { name, request } of examples) {
    if (!isGraphUrl(request.url)) continue;
    // OData addresses a member by key in parentheses as well as by segment: `/me/events('AAMk…')/attachments` is
    // `/me/events/{id}/attachments`.
    const asSegments = request.path.replace(/\/([A-Za-z_]\w*)\('([^'/()]*)'\)/g, '/$1/$2');
    // A function called with its named parameters where the template writes the bare name and documents them in a
    // table (`roleSchedules(directoryScopeId='…',…)` under `GET /roleManagement/directory/roleSchedules`).
    const withoutArguments = request.path.replace(/\/([A-Za-z_][\w.]*)\((?:\s*\w+\s*=[^()]*)\)/g, '/$1');
    const matchers = [...new Set([request.path, asSegments, withoutArguments])].map(pathMatcher);
    const matching = httpRequests.filter((template) => matchers.some((matches) => matches(template) !== undefined));
    if (matching.length === 0) {
      findings.push({
        rule: 'path-not-documented',
        severity: 'error',
        message: `the example "${name}" requests ${request.path}, which is not among the documented HTTP request paths`,
        location: request.location,
      });
    } else if (!matching.some((template) => template.method === request.method)) {
      findings.push({
        rule: 'path-not-documented',
        severity: 'error',
        message: `the example "${name}" uses ${request.method}, but ${request.path} is documented only for ${[...new Set(matching.map((t) => t.method))].join(', ')}`,
        location: request.location,
      });
    }
  }
  return findings;
}

/** A collection's body: `{ "value": [ … ] }`, with nothing else but OData control information. */
function listsValues(body: Body): boolean {
  if (body.kind !== 'json' || typeof body.value !== 'object' || body.value === null || Array.isArray(body.value))
    return false;
  const members = Object.entries(body.value);
  return (
    members.some(([name, value]) => name === 'value' && Array.isArray(value)) &&
    members.every(([name]) => name === 'value' || name.startsWith('@odata.'))
  );
}
