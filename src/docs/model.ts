/**
 * The page model: what a Graph reference page documents, as data.
 *
 * Everything the parser extracts carries the `Location` it came from, so that every verdict, schema error and
 * finding further down the pipeline can point a doc writer at `file:line`.
 */

import type { Finding, Location } from '../core/finding.ts';
import type { GraphVersion, HttpMethod } from '../core/http.ts';
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
  /**
   * The query string the line documents, without `?` (`$expand=extensions($filter=…)`); the operation is the
   * path read with that query, not the bare path. Absent when the line has none.
   */
  readonly query?: string;
  readonly location: Location;
}

export interface PermissionRow {
  /** `Delegated (work or school account)`, `Delegated (personal Microsoft account)`, `Application`. */
  readonly permissionType: string;
  /** Scope names; empty when the doc gives none (`Not supported.`, or a TODO placeholder). */
  readonly permissions: readonly string[];
  /**
   * The scopes the doc calls least privileged: the `Least privileged permissions` column of today's tables, or the
   * first scope of a 2021 `Permissions (from least to most privileged)` list. Undefined when the table says neither.
   */
  readonly leastPrivileged?: readonly string[];
  /** The row says `Not supported.` (no scope works for this kind of permission). */
  readonly notSupported: boolean;
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

/**
 * The ApiDoctor annotation fields, with ApiDoctor's meaning (its `CodeBlockAnnotation`). Booleans written as strings
 * (`"true"`) count; absent lists are empty, except `nullableProperties`, whose absence means something of its own.
 */
export interface AnnotationMeaning {
  /** `@odata.type` (alias `@type`) without a `Collection(...)` wrapper: the resource the block shows. */
  readonly odataType?: string;
  /** `@type.aka`: a second type tried when the body does not match the first. */
  readonly odataTypeAka?: string;
  /** The body is a collection: `isCollection`, or `@odata.type: Collection(x)`. */
  readonly isCollection: boolean;
  /** The array property of a collection body (`collectionProperty`, default `value`). */
  readonly collectionProperty: string;
  /** The example may omit properties. */
  readonly truncated: boolean;
  /** A collection expected to be empty. */
  readonly isEmpty: boolean;
  /** The body is an error (`{ "error": ... }`). */
  readonly expectError: boolean;
  /** Properties never required in a response (Graph lists navigation properties here). */
  readonly optionalProperties: readonly string[];
  /** Properties allowed to be null. Undefined when not given: ApiDoctor then warns on no null. */
  readonly nullableProperties?: readonly string[];
  /** The key property: the resource is an entity type. */
  readonly keyProperty?: string;
  /** The parent type, e.g. `microsoft.graph.entity`. */
  readonly baseType?: string;
  /** Undocumented properties are allowed. */
  readonly openType: boolean;
  readonly abstract: boolean;
  readonly isMediaEntity: boolean;
  /** OAuth scopes a request needs (`scopes`, space-separated in the doc). */
  readonly scopes: readonly string[];
  /** Literal key values that must occur in the request URL. */
  readonly sampleKeys: readonly string[];
  readonly tags: readonly string[];
  /** `target`: Object, Collection, Action, Function. */
  readonly target?: string;
  /** `opaqueUrl`: the request goes to a URL an earlier answer handed out (an upload session), not to a Graph path. */
  readonly opaqueUrl: boolean;
}

/** The annotation comment before a code block: `<!-- { "blockType": "request", "name": "update_photos" } -->`. */
export interface Annotation {
  /** `request`, `response`, `resource`, `example`, `ignored`, `samples`, `permissions`, …; `unknown` when absent. */
  readonly blockType: string;
  /** `name` as written; ApiDoctor allows an array on responses (one response serving several requests). */
  readonly names: readonly string[];
  /** Every field, as parsed, for the ApiDoctor fields this model does not name. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly meaning: AnnotationMeaning;
  /** `comment`: written in the doc. `inferred`: the block had none and its role was read from its first line. */
  readonly source: 'comment' | 'inferred';
  readonly location: Location;
}

/** An annotated code block that is not a request or response example: `resource`, `example`, `samples`, `ignored`, … */
export interface AnnotatedBlock {
  readonly annotation: Annotation;
  /** The fence's language: `json`, `http`, … */
  readonly language: string;
  readonly content: string;
  /** The content as JSON, when it is JSON (read tolerantly; a repair is a finding). */
  readonly json?: unknown;
  /** 1-based line of the content's first line. */
  readonly location: Location;
}

/** The page annotation, `<!-- { "type": "#page.annotation", ... } -->`. */
export interface PageAnnotation {
  readonly fields: Readonly<Record<string, unknown>>;
  /** Finding texts the page asks to be silenced. */
  readonly suppressions: readonly string[];
  readonly location: Location;
}

/** A row of a path, query-string or function parameter table. */
export interface ParameterRow {
  readonly name: string;
  /** The type as written; empty when the table has no type column. */
  readonly type: Cell;
  readonly required: boolean;
  readonly description: string;
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
  /**
   * The nearest heading above the request that describes it, as written (`Example 2: Get organizational branding but
   * no branding configured`); none where the headings above only name a role (`Request`) or a number (`Example 2`).
   */
  readonly heading?: string;
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
  /** The array property of a collection body (default `value`). */
  readonly collectionProperty: string;
  readonly location: Location;
}

/** A documented request and the response paired with it. */
export interface Example {
  /** The request's `name`, or `<file stem>-<n>` when it has none. Unique within a page. */
  readonly name: string;
  readonly request: RequestExample;
  readonly response?: ResponseExample;
  /**
   * `annotated`: request annotated `blockType: request`. `unannotated`: no annotation, its role read from its first
   * line and paired by order (ApiDoctor's fallback; a finding says so). `ignored`: annotated `blockType: ignored`,
   * kept so that it is reported as skipped rather than dropped.
   */
  readonly origin: 'annotated' | 'unannotated' | 'ignored';
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
  /** `## Path parameters`, `## Optional query parameters`, `## Function parameters` tables. */
  readonly pathParameters: readonly ParameterRow[];
  readonly queryParameters: readonly ParameterRow[];
  readonly functionParameters: readonly ParameterRow[];
  readonly requestBody?: RequestBody;
  /** The success status the `## Response` prose names (`200 OK` → 200). */
  readonly successStatus?: { readonly status: number; readonly location: Location };
  /** The resource the `## Response` prose says is returned. */
  readonly responseResource?: TypeReference;
  /** The examples to replay: annotated ones and un-annotated ones read by their first line. */
  readonly examples: readonly Example[];
  /** Examples the doc marks `blockType: ignored`, with their responses: reported as skipped, never replayed. */
  readonly ignoredExamples: readonly Example[];
  /** The resource type a resource page documents. */
  readonly resource?: ResourceDefinition;
  /** Enum types the page documents (enum pages, `### x values` sections). */
  readonly enums?: readonly EnumDefinition[];
  /** Annotated blocks other than request/response examples (resource, example, samples, ignored, permissions, …). */
  readonly blocks: readonly AnnotatedBlock[];
  readonly pageAnnotation?: PageAnnotation;
  /** Files expanded into the page by `[!INCLUDE]`, as read. */
  readonly includes: readonly string[];
  readonly findings: readonly Finding[];
  /** Findings the page annotation's `suppressions` silence: kept for reports, not counted. */
  readonly suppressedFindings: readonly Finding[];
}

/** A member of an enum type: a row of an enum page's `## Members` table or of a `### x values` table. */
export interface EnumMember {
  readonly name: string;
  /** The `Value` column, when the table has one: numeric values tell a flags enum. */
  readonly value?: number;
  readonly location: Location;
}

/** An enum type as documented: an `enumPageType` page, or a `### x values` section (enums.md, resource pages). */
export interface EnumDefinition {
  /** Fully qualified: `microsoft.graph.ageGroup`. */
  readonly name: string;
  readonly members: readonly EnumMember[];
  /** Members are powers of two (0, 1, 2, 4, …): a value may combine several, comma-separated. */
  readonly flags: boolean;
  readonly location: Location;
}

/** A top-level property of a `## JSON representation` block, located at its line. */
export interface JsonRepresentationProperty {
  readonly name: string;
  /** Its example value is an array. */
  readonly collection: boolean;
  readonly location: Location;
}

/**
 * A resource type as its resource page documents it: the `## Properties` and `## Relationships` tables, and the
 * `## JSON representation` block with its `blockType: resource` annotation.
 */
export interface ResourceDefinition {
  /** Fully qualified OData name: `microsoft.graph.user`. */
  readonly name: string;
  /** Where the name came from: the annotation's `@odata.type`, the block's own `@odata.type`, or the page title. */
  readonly nameSource: 'annotation' | 'json' | 'title';
  /**
   * The parent type, fully qualified: the annotation's `baseType`, else the one the prose names ("Inherits from
   * [directoryObject](directoryobject.md)", qualified with the page's namespace).
   */
  readonly baseType?: string;
  readonly properties: readonly PropertyRow[];
  /** Navigation properties. */
  readonly relationships: readonly PropertyRow[];
  /** Properties never required in a response (the annotation's `optionalProperties`). */
  readonly optionalProperties: readonly string[];
  /** The annotation's `nullableProperties`; undefined when it gives none. */
  readonly nullableProperties?: readonly string[];
  readonly keyProperty?: string;
  /** Undocumented properties are allowed, and the tables are not compared with the JSON block. */
  readonly openType: boolean;
  readonly abstract: boolean;
  /** The JSON representation's top-level properties; undefined when the page has no such block. */
  readonly json?: readonly JsonRepresentationProperty[];
  /** The resource annotation, else the JSON block, else the Properties heading. */
  readonly location: Location;
}
