/**
 * The one rule table: every reason the harness gives, offline (`graph-conformance lint`) and at run time (a cause, a
 * skip, an observation), with its id, severity, title and how to fix it. Lint output, the run's verdict records, the
 * results file and every report name rules by these ids; the README's rule table is this one.
 *
 * Ids are stable: baselines and suppressions key on them. Add a rule by adding an entry.
 */
export type Severity = 'error' | 'warning';

/**
 * Why a test that did not pass did not pass:
 * - `target`: the service contradicts a page that is consistent with itself;
 * - `doc`: the page contradicts itself (the rule `graph-conformance lint` reports offline for that page);
 * - `observation`: the page is silent or conditional, and the harness recorded what the target did (a failure only at
 *   `STRICTNESS=strict`, for observations whose strict reading the target broke);
 * - `harness`: anything else: always a bug of the harness.
 */
export const CAUSES = ['target', 'doc', 'observation', 'harness'] as const;
export type Cause = (typeof CAUSES)[number];

/**
 * - `doc`: a defect of the page itself (lint finds it offline; at run time it is the cause `doc`);
 * - `check`: a promise of the page that a target must keep (broken: the cause `target`);
 * - `skip`: why a test was not run;
 * - `observation`: what the target did where the page is silent or conditional;
 * - `harness`: the harness failed.
 */
export type RuleKind = 'doc' | 'check' | 'skip' | 'observation' | 'harness';

export interface Rule {
  readonly kind: RuleKind;
  /** The usual severity; a finding may say otherwise (`response-collection` is an error or a warning). */
  readonly severity: Severity;
  /** What the rule is about, in a few words. */
  readonly title: string;
  /** What a reader does about it. */
  readonly fix: string;
}

/** A rule whose kind stays a literal type, so that the ids of each kind can be told apart by the compiler. */
function rule<const K extends RuleKind>(kind: K, severity: Severity, title: string, fix: string): Rule & { kind: K } {
  return { kind, severity, title, fix };
}

const doc = (severity: Severity, title: string, fix: string) => rule('doc', severity, title, fix);
const check = (title: string, fix: string) => rule('check', 'error', title, fix);
const skip = (title: string, fix: string) => rule('skip', 'warning', title, fix);

export const RULES = {
  // The parser's findings: the page cannot be read as written.
  'unreadable-file': doc(
    'error',
    'a doc file cannot be read',
    'Check that the path exists and is a readable UTF-8 text file.',
  ),
  'invalid-front-matter': doc(
    'error',
    'the YAML front matter does not parse',
    'Fix the YAML between the leading `---` lines.',
  ),
  'todo-placeholder': doc(
    'warning',
    'a TODO placeholder is left in the page',
    'Replace the placeholder with the real content.',
  ),
  'invalid-annotation': doc(
    'error',
    'an annotation comment does not parse or is misplaced',
    'Write the `<!-- { ... } -->` annotation as strict JSON, directly before its code block.',
  ),
  'unannotated-example': doc(
    'warning',
    'an example has no annotation',
    'Add a `<!-- { "blockType": "request", "name": "..." } -->` (or `response`) annotation before the block.',
  ),
  'invalid-http-block': doc(
    'error',
    'an HTTP example does not parse',
    'Start a request with `METHOD URL`, a response with `HTTP/1.1 <status>`; headers follow, then a blank line and the body.',
  ),
  'invalid-json-body': doc(
    'warning',
    'a JSON body is not strict JSON',
    'Write the body as strict JSON: double quotes, no comments, no trailing commas, no `...`.',
  ),
  'request-body-missing': doc(
    'error',
    'a write example sends no body where the operation takes one',
    'Show the body the request sends: the properties an update changes, the `@odata.id` a reference adds.',
  ),
  'content-length-mismatch': doc(
    'warning',
    'a Content-Length header does not match its body',
    'Correct the Content-Length value, or remove the header.',
  ),
  'path-not-documented': doc(
    'error',
    "an example's path or method is not among the page's HTTP request paths",
    'Add the path to `## HTTP request`, or correct the example.',
  ),
  'unpaired-request': doc(
    'warning',
    'a request example has no response',
    'Add the response the request gets, annotated with the same name.',
  ),
  'unpaired-response': doc(
    'warning',
    'a response example has no request',
    'Pair the response with its request (same annotation name), or remove it.',
  ),
  'duplicate-example-name': doc(
    'error',
    'an example name is used twice',
    'Give each example a name unique within its version.',
  ),
  'unknown-type': doc(
    'error',
    'a property has a type that is not a Graph type',
    'Correct the type cell (an Edm type, or a link to the resource page).',
  ),
  'unresolved-type': doc(
    'warning',
    "a property's type is not documented in the doc set",
    'Link the type to its resource or enum page, or document it.',
  ),
  'missing-success-status': doc(
    'warning',
    'the Response section names no success status',
    'Say which status a successful call returns (`returns a 200 OK response code`).',
  ),
  'table-json-mismatch': doc(
    'warning',
    "a resource's property table and its JSON representation disagree",
    'Make the table and the JSON representation list the same properties with the same kinds.',
  ),
  'missing-resource-type': doc(
    'warning',
    'a resource page names no resource type',
    'Annotate the JSON representation with `"@odata.type"`.',
  ),
  'multiple-resources': doc(
    'warning',
    'a resource page documents more than one resource',
    'Keep one resource per page.',
  ),
  'missing-include': doc('error', 'an [!INCLUDE] does not resolve', 'Correct the included path.'),
  'include-cycle': doc('error', 'includes include each other', 'Break the cycle of [!INCLUDE]s.'),
  'invalid-tab-group': doc(
    'warning',
    'a tab group is malformed',
    'Close each tab group with `---` and give each tab a `# [Name](#tab/id)` heading.',
  ),
  'invalid-page-annotation': doc(
    'warning',
    'the page annotation is malformed',
    'Write the `#page.annotation` comment as strict JSON with its documented fields.',
  ),
  'unclosed-code-block': doc('error', 'a code block is never closed', 'Close the fence.'),
  // What the reader refused to read (src/docs/limits.ts, load-docs.ts): a page cannot suppress these.
  'outside-docs': doc(
    'error',
    'a page, include or symlink leads outside the docs folder: it is not read',
    'Keep includes inside the docs folder, or declare the folder of shared includes with INCLUDE_ROOTS.',
  ),
  'limit-exceeded': doc(
    'error',
    'a page, table, JSON text or include chain is over a stated limit: the excess is not read',
    'Split the page, the table or the example (the limits are in the README, "Hostile pages").',
  ),
  // Lint's checks of examples against the page's own tables.
  'request-body-schema': doc(
    'error',
    "a request example's body does not match the page's request-body table",
    'Make the example body and the request-body table agree (property names, types, formats).',
  ),
  'request-sends-read-only': doc(
    'warning',
    "a request example sends a property the page's request-body table calls read-only",
    'Leave the read-only property out of the example, or correct the table if the service takes it.',
  ),
  'response-schema': doc(
    'error',
    'a response example does not match its documented type',
    "Make the example and the type's property table agree, or correct the annotation's @odata.type.",
  ),
  'response-type-missing': doc(
    'warning',
    "a JSON response's annotation names no @odata.type",
    'Add `"@odata.type": "microsoft.graph.<type>"` to the response annotation.',
  ),
  'unknown-resource-type': doc(
    'warning',
    'a response is of a type no resource page documents',
    "Document the type, or correct the annotation's @odata.type.",
  ),
  'response-collection': doc(
    'error',
    'a response annotated as a collection is not one (or not empty as annotated)',
    'Make the body and the `isCollection`/`isEmpty`/`collectionProperty` annotation agree.',
  ),
  'response-null': doc(
    'warning',
    'a response shows null where nullableProperties does not allow it',
    'List the property in `nullableProperties`, or show a value.',
  ),
  'response-type-mismatch': doc(
    'warning',
    "a response's body names another @odata.type than its annotation",
    'Make the body\'s "@odata.type" and the annotation\'s agree (a derived type is fine).',
  ),
  'response-undocumented-property': doc(
    'warning',
    "a response example shows a property its type's tables do not document",
    'Document the property in the type\'s table, or mark the resource `"openType": true`; at STRICTNESS=strict an answer may not carry it.',
  ),
  'response-missing-properties': doc(
    'warning',
    'a response not marked truncated leaves documented properties out',
    'Mark the response `"truncated": true`, or show every property.',
  ),
  'conflicting-responses': doc(
    'warning',
    'two examples send the same request and document different answers',
    'Make the requests differ in what decides the answer (an id, a header, a body), or mark one example `"blockType": "ignored"`.',
  ),

  // Lint's checks against Graph's service metadata (`lint --metadata`): the page and the CSDL or permission scopes.
  'metadata-type-unknown': doc(
    'warning',
    'the page documents a type the metadata does not declare',
    'Correct the type name, or check the metadata version.',
  ),
  'metadata-type-mismatch': doc(
    'error',
    "a property's documented type differs from the metadata's",
    "Write the type the metadata declares in the property's row.",
  ),
  'metadata-enum-as-string': doc(
    'warning',
    'a property documented as a string is an enum in the metadata',
    'Link the enum type in the row, so that readers know its members.',
  ),
  'metadata-enum-member-unknown': doc(
    'error',
    "a documented enum member is not among the metadata's (or is spelled otherwise)",
    'Spell the member as the metadata does; enum values are case-sensitive.',
  ),
  'metadata-enum-member-undocumented': doc(
    'warning',
    'the metadata declares enum members the page does not list',
    'List every member the metadata declares.',
  ),
  'metadata-property-unknown': doc(
    'error',
    'a documented property is not in the metadata',
    'Remove the row, or correct the property name.',
  ),
  'metadata-property-undocumented': doc(
    'warning',
    'the metadata declares a property the page does not document',
    'Document the property in the table.',
  ),
  'metadata-navigation-mismatch': doc(
    'warning',
    'a property is a relationship on one side and structural on the other',
    'Move the row to the table the metadata implies (Properties or Relationships).',
  ),
  'metadata-required-nullable': doc(
    'warning',
    'a property documented as required is nullable in the metadata',
    'Say what the service requires, in line with the metadata.',
  ),
  'metadata-parameter-unknown': doc(
    'error',
    'a documented parameter is not in the metadata',
    'Remove the row, or correct the parameter name.',
  ),
  'metadata-parameter-undocumented': doc(
    'warning',
    'the metadata declares parameters the page does not document',
    'Document every parameter the metadata declares.',
  ),
  'metadata-path-unreachable': doc(
    'error',
    'a documented path cannot be reached in the metadata',
    'Correct the path: each segment must be a navigation, key, function or action the metadata declares.',
  ),
  'permission-not-granted': doc(
    'error',
    'a documented permission grants nothing for the operation in the permission scopes',
    'List the permissions the scopes grant for the operation.',
  ),
  'permission-not-supported-granted': doc(
    'warning',
    'the page says a permission type is not supported, but the scopes grant one',
    'Document the permissions the scopes grant, or confirm they are not supported.',
  ),
  'permission-higher-as-least': doc(
    'warning',
    'the permission listed as least privileged is not the least privileged one',
    'Order the permissions from least to most privileged, as the scopes rank them.',
  ),

  // What a target must do, by the page. Broken on a consistent page: the cause `target`.
  'restore-failed': check(
    'a write of the test could not be undone: the target was left changed',
    'Put the entity back by hand as the test says (REPORTS_DIR/restore-failures.txt lists every fix, in order).',
  ),
  'no-answer': check('the target gave no answer', 'Check TARGET_URL and that the service is up.'),
  status: check(
    'the status is the documented one',
    'The service or the page is wrong: compare the actual answer with the documented one.',
  ),
  'content-type': check(
    'a JSON body is labelled application/json',
    'Send JSON answers with `Content-Type: application/json`.',
  ),
  'body-json': check('the body is JSON where the page shows JSON', 'Answer with the JSON the page documents.'),
  'body-schema': check(
    'the body matches the documented type',
    "Compare the answer with the type's property table: the named property and row.",
  ),
  'collection-shape': check(
    'a documented collection answers a `value` array',
    'Answer a collection as `{ "value": [...] }`.',
  ),
  'documented-properties': check(
    'the properties the example shows are there, with their JSON types',
    'Return every property the documented example shows, with the kind shown.',
  ),
  'odata-type': check('@odata.type is the documented one', 'Answer with the @odata.type the page documents.'),
  'undocumented-property': check(
    'an answer not marked truncated carries nothing more',
    'Remove the property, or mark the documented response `"truncated": true`.',
  ),
  'values-come-back': check(
    'values sent come back where the page shows them coming back',
    'Return the written values in the answer, as the page shows.',
  ),
  'auth-required': check(
    'a request without Authorization is refused with 401',
    "Refuse unauthenticated requests with 401 and Graph's error body.",
  ),
  'error-body': check(
    "an error carries Graph's error body",
    'Answer errors with `{ "error": { "code", "message", ... } }`.',
  ),
  'handed-out-url': check(
    'the answer hands out the URL the page shows',
    'Return the URL (upload or download) where the page shows it.',
  ),
  'upload-accepted': check(
    'the bytes the request presumes were sent are accepted',
    'Accept the earlier fragments of an upload session.',
  ),
  'probe-refused': check(
    'a request the page says is wrong is refused with a 4xx',
    'Validate the request as the tables say (types, ranges, read-only and unknown properties).',
  ),
  'probe-status': check(
    'a refused probe gets the documented status',
    'Refuse with 400 (415 for a body that is not JSON), as Graph does.',
  ),
  'generated-body': check(
    'a valid body from the request-body table gets the documented success and comes back',
    'Accept every body the request-body table allows, and return the written values.',
  ),

  // Why a test did not run.
  'writes-not-allowed': skip(
    'writes go only to loopback targets unless allowed',
    'Set ALLOW_WRITES=1 to send writes to TARGET_URL (each is undone afterwards); use a test tenant.',
  ),
  'write-not-restorable': skip(
    'a write would change what the harness cannot restore',
    "Give the run an entity it may change (the tenant file's setup), or leave the test out.",
  ),
  'placeholder-unfilled': skip(
    'a placeholder of the path, or of a Graph URL in the body, has no value',
    'Set PARAM_<name>, or add it to the tenant file.',
  ),
  'example-ignored': skip(
    'the page marks the example "blockType": "ignored"',
    'Annotate the example as a request to have it checked.',
  ),
  'no-response': skip('the page shows no response for the request', 'Add the response the request gets.'),
  'path-without-example': skip(
    'no example on the page shows what a documented path answers',
    'Add an example for the path, or check it with another example of its method.',
  ),
  'get-with-body': skip(
    'the page shows a GET request with a body, which HTTP clients cannot send',
    'Move what the body says into the query string (or the method the service really takes), as Graph documents it.',
  ),
  'unsendable-body': skip(
    'the harness cannot make the body the page shows',
    'Show a JSON body, an image, or an upload fragment with its Content-Range.',
  ),
  'handed-out-source-unknown': skip(
    'a request goes to a URL no earlier answer on the page hands out',
    'Show the example whose answer hands out the URL before the request that uses it.',
  ),
  'handed-out-upload-remote': skip(
    'uploads through a handed-out URL run against loopback targets only',
    'Run against the embedded mock, or another local target.',
  ),
  'target-unavailable': skip(
    'the target stayed throttled or unavailable',
    'Run again later, or raise RETRY_MAX / RETRY_AFTER_MAX_SECONDS.',
  ),
  'probe-undecidable': skip(
    'the page cannot decide what this probe expects',
    'Say in the page what the service answers (a required header, a typed property, a request-body table).',
  ),
  'not-run': skip('the test did not run', 'See why the run stopped (a failed setup, an interrupted run).'),

  // Where the page is silent or conditional.
  'null-undocumented': rule(
    'observation',
    'warning',
    'the page is silent on whether a property may be null',
    'Say "Nullable." or "Not nullable." in the property\'s description.',
  ),
  'read-only-conditional': rule(
    'observation',
    'warning',
    'the page says a property is read-only only under a condition',
    'State when the property can be written, so that a service and its clients can tell.',
  ),

  'page-failed': rule(
    'harness',
    'error',
    'the harness failed on this page; the other pages are still checked',
    'Report it with the page: this is a bug of graph-doc-conformance.',
  ),
  'harness-error': rule(
    'harness',
    'error',
    'the harness failed',
    'Report it: this is a bug of graph-doc-conformance, not of the page or the service.',
  ),
} as const satisfies Readonly<Record<string, Rule>>;

export type RuleId = keyof typeof RULES;

type IdsOf<K extends RuleKind> = {
  [Id in RuleId]: (typeof RULES)[Id]['kind'] extends K ? Id : never;
}[RuleId];

/** The doc defects: what lint reports offline, and the rules of a `doc` cause. */
export type DocRuleId = IdsOf<'doc'>;
export type CheckRuleId = IdsOf<'check'>;
export type SkipRuleId = IdsOf<'skip'> | DocRuleId;
export type ObservationRuleId = IdsOf<'observation'>;

export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}

export function ruleOf(id: RuleId): Rule {
  return RULES[id];
}
