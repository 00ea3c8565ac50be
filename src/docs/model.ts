/**
 * The page model: what a Graph reference page documents, as data.
 *
 * Everything the parser extracts carries the `Location` it came from, so that every verdict, schema error and
 * finding further down the pipeline can point a doc writer at `file:line`.
 */

/** A place in a doc file. `file` is the path as the user gave it (relative paths stay relative). */
export interface Location {
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
}

export type Severity = 'error' | 'warning';

/** The doc defects the parser recognises. Stable identifiers: reports and baselines key on them. */
export type FindingRule =
  | 'unreadable-file'
  | 'invalid-front-matter'
  | 'todo-placeholder'
  | 'invalid-annotation'
  | 'unannotated-example'
  | 'invalid-http-block'
  | 'invalid-json-body'
  | 'content-length-mismatch'
  | 'path-not-documented'
  | 'unpaired-request'
  | 'unpaired-response'
  | 'duplicate-example-name'
  | 'unknown-type'
  | 'unresolved-type'
  | 'missing-success-status';

/** A doc defect met while reading a page: collected, never thrown. */
export interface Finding {
  readonly rule: FindingRule;
  readonly severity: Severity;
  readonly message: string;
  readonly location: Location;
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const GRAPH_VERSIONS = ['v1.0', 'beta'] as const;
export type GraphVersion = (typeof GRAPH_VERSIONS)[number];

/** A link in a table cell or paragraph, as written. */
export interface Link {
  readonly text: string;
  readonly href: string;
}

/** A table cell reduced to its text, with the links it holds (type cells link to resource pages). */
export interface Cell {
  readonly text: string;
  readonly links: readonly Link[];
}

/** One segment of a path template: a literal (`users`, `$value`, `delta()`) or a `{placeholder}`. */
export type PathSegment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'placeholder'; readonly name: string; readonly alternatives: readonly string[] };

/** A line of the `## HTTP request` block: `PATCH /users/{usersId}/photos`. */
export interface PathTemplate {
  readonly method: HttpMethod;
  /** The path as documented, without version: `/users/{usersId}/photos`. */
  readonly path: string;
  readonly segments: readonly PathSegment[];
  /** Placeholder names in order of appearance, e.g. `['usersId']`. */
  readonly placeholders: readonly string[];
  readonly location: Location;
}

export interface PermissionRow {
  /** `Delegated (work or school account)`, `Delegated (personal Microsoft account)`, `Application`. */
  readonly permissionType: string;
  /** Scope names; empty when the doc gives none (`Not supported.`, or a TODO placeholder). */
  readonly permissions: readonly string[];
  readonly location: Location;
}

export interface HeaderRow {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  readonly location: Location;
}

/** A row of a `|Property|Type|Description|` table. The type stays as written; `src/schema` gives it meaning. */
export interface PropertyRow {
  readonly name: string;
  readonly type: Cell;
  readonly description: string;
  readonly location: Location;
}

/** A resource type named by a page, e.g. the `[profilePhoto](../resources/profilephoto.md)` of the request body. */
export interface TypeReference {
  /** Fully qualified OData name: `microsoft.graph.profilePhoto`. */
  readonly name: string;
  /** The linked resource page, as written. */
  readonly href?: string;
  readonly location: Location;
}

export interface RequestBody {
  /** The resource the body represents, when the prose links one. */
  readonly resource?: TypeReference;
  readonly properties: readonly PropertyRow[];
  readonly location: Location;
}

export interface Header {
  readonly name: string;
  readonly value: string;
  readonly location: Location;
}

/** The body of a documented HTTP message. */
export type Body =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly value: unknown; readonly text: string; readonly location: Location }
  /** Not JSON: binary placeholders (`Binary data for the image`), text, or JSON that failed to parse (a finding). */
  | { readonly kind: 'text'; readonly text: string; readonly location: Location };

/** The annotation comment before a code block: `<!-- { "blockType": "request", "name": "update_photos" } -->`. */
export interface Annotation {
  readonly blockType: string;
  /** `name` as written; ApiDoctor allows an array on responses (one response serving several requests). */
  readonly names: readonly string[];
  /** Every field, as parsed, for the ApiDoctor fields this model does not name. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly location: Location;
}

export interface RequestExample {
  readonly annotation: Annotation;
  readonly method: HttpMethod;
  /** The URL as written: `https://graph.microsoft.com/beta/me/photos`. */
  readonly url: string;
  /** `beta` or `v1.0` when the URL names one. */
  readonly version?: GraphVersion;
  /** The path after origin and version, without query: `/me/photos`. */
  readonly path: string;
  /** The query string without `?`, as written (`$select=id`), or empty. */
  readonly query: string;
  readonly headers: readonly Header[];
  readonly body: Body;
  readonly location: Location;
}

export interface ResponseExample {
  readonly annotation: Annotation;
  readonly status: number;
  readonly headers: readonly Header[];
  readonly body: Body;
  /** The example may omit properties that a real answer carries. */
  readonly truncated: boolean;
  /** `@odata.type` of the annotation, without a `Collection(...)` wrapper. */
  readonly odataType?: string;
  /** The body is a collection (`{ "value": [...] }`). */
  readonly isCollection: boolean;
  /** A collection that is expected to be empty. */
  readonly isEmpty: boolean;
  /** The response documents an error (`{ "error": ... }`). */
  readonly expectError: boolean;
  readonly location: Location;
}

/** A documented request and the response paired with it. */
export interface Example {
  /** The request's `name`, or `<file stem>-<n>` when it has none. Unique within a page. */
  readonly name: string;
  readonly request: RequestExample;
  readonly response?: ResponseExample;
}

export interface Page {
  readonly file: string;
  readonly frontMatter: Readonly<Record<string, unknown>>;
  readonly title?: string;
  /** `microsoft.graph` unless the page says otherwise. */
  readonly namespace: string;
  /** The Graph version the page belongs to: from its folder (`/beta/`), else from its examples' URLs. */
  readonly version?: GraphVersion;
  readonly permissions: readonly PermissionRow[];
  readonly httpRequests: readonly PathTemplate[];
  readonly requestHeaders: readonly HeaderRow[];
  readonly requestBody?: RequestBody;
  /** The success status the `## Response` prose names (`200 OK` → 200). */
  readonly successStatus?: { readonly status: number; readonly location: Location };
  /** The resource the `## Response` prose says is returned. */
  readonly responseResource?: TypeReference;
  readonly examples: readonly Example[];
  readonly findings: readonly Finding[];
}

/** `file:line` — the form every located message starts with. */
export function formatLocation(location: Location): string {
  return `${location.file}:${location.line}`;
}

/** `file:line: message` — how a finding reads in a terminal, a log or a report. */
export function formatFinding(finding: Finding): string {
  return `${formatLocation(finding.location)}: ${finding.severity} ${finding.rule}: ${finding.message}`;
}
