/**
 * Lint that doc owners keep on (issue 14, item 5): each false-positive pattern met on the 2021 reference, from a small
 * fixture cut from the page named (microsoftgraph/microsoft-graph-docs, © Microsoft and contributors); severities that
 * match impact; findings grouped by rule; and the configuration file that switches rules off.
 *
 * Run: node --import tsx --test tests/unit/lint-precision.test.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { buildCases } from '../../src/cases/build-cases.ts';
import type { Page } from '../../src/docs/model.ts';
import { loadDocs } from '../../src/docs/load-docs.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { linkResourcePages } from '../../src/docs/resource-link.ts';
import { applyLintConfig, parseLintConfig, readLintConfig } from '../../src/lint/config.ts';
import { formatText } from '../../src/lint/format.ts';
import { lintPages } from '../../src/lint/lint-pages.ts';
import type { LintFinding, LintReport } from '../../src/lint/model.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { EVERY_NAME } from './support/params.ts';
import { resourcePageText } from './support/resource-page.ts';

function lint(pages: readonly Page[], config?: Parameters<typeof lintPages>[0]['config']): LintReport {
  const registry = buildSchemaRegistry(pages);
  return lintPages({
    pages,
    inputFindings: [],
    registry,
    cases: buildCases(pages, { roots: [], params: EVERY_NAME }),
    ...(config ? { config } : {}),
  });
}

function rules(report: LintReport): string[] {
  return report.findings.map((f) => f.rule);
}

/** A resource page's text: `type` (its short name, in `namespace`) with a Properties table of `rows`. */
function resourcePage(
  type: string,
  rows: readonly string[],
  options: { json?: string; namespace?: string } = {},
): string {
  return resourcePageText({ type, rows, ...options });
}

describe('false-positive patterns of the 2021 reference', () => {
  test('"### Properties of a … definition" below the Properties table is not the resource\'s table', () => {
    // beta/resources/claimsmappingpolicy.md: the table of the policy's JSON definition, under a sub-heading
    const text = [
      '---',
      'doc_type: resourcePageType',
      '---',
      '# claimsMappingPolicy resource type',
      '',
      'Namespace: microsoft.graph',
      '',
      '## Properties',
      '|Property|Type|Description|',
      '|:--|:--|:--|',
      '|definition|String collection|A string collection containing a JSON string.|',
      '',
      '### Properties of a claims-mapping policy definition',
      '',
      '| Property | Type |Description|',
      '|:--|:--|:--|',
      '|Version|Integer|Set value of 1. Required.|',
      '|IncludeBasicClaimSet|Boolean|If set to true, all claims in the basic claim set are emitted.|',
      '',
      '## JSON representation',
      '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.claimsMappingPolicy" } -->',
      '```json',
      '{ "definition": ["String"] }',
      '```',
    ].join('\n');
    const page = parsePage('beta/resources/claimsmappingpolicy.md', text);
    assert.deepEqual(
      page.resource?.properties.map((p) => p.name),
      ['definition'],
    );
    assert.deepEqual(
      rules(lint([page])).filter((r) => r === 'table-json-mismatch'),
      [],
    );
  });

  test('an un-annotated http block on an overview or resource page illustrates; it is not an example', () => {
    // v1.0/resources/excel.md: "GET /me/drive/items/{id}/workbook/worksheets" shown in the prose
    const text = (docType: string): string =>
      [
        '---',
        `doc_type: ${docType}`,
        '---',
        '# Working with Excel in Microsoft Graph',
        '',
        'To list the worksheets of a workbook:',
        '',
        '```http',
        'GET /me/drive/items/{id}/workbook/worksheets',
        'authorization: Bearer {access-token}',
        '```',
      ].join('\n');
    const overview = parsePage('v1.0/resources/excel.md', text('conceptualPageType'));
    assert.deepEqual(overview.examples, []);
    assert.deepEqual(rules(lint([overview])), []);
    // On an API page the same block is still an (un-annotated) example, and lint says so.
    const api = parsePage('v1.0/api/worksheet-list.md', text('apiPageType'));
    assert.equal(api.examples.length, 1);
    assert.ok(rules(lint([api])).includes('unannotated-example'));
  });

  test('an un-annotated response may be shortened, and is a collection when its body is one', () => {
    // v1.0/api/intune-devices-manageddevice-list.md: a bare ```http response, "may be truncated for brevity"
    const page = parsePage(
      'v1.0/api/intune-devices-manageddevice-list.md',
      [
        '# List managedDevices',
        '',
        '## HTTP request',
        '```http',
        'GET /users/{usersId}/managedDevices',
        '```',
        '',
        '## Example',
        '```http',
        'GET https://graph.microsoft.com/v1.0/users/{usersId}/managedDevices',
        '```',
        '',
        '```http',
        'HTTP/1.1 200 OK',
        'Content-Type: application/json',
        '',
        '{ "value": [ { "@odata.type": "#microsoft.graph.managedDevice", "id": "705c034c" } ] }',
        '```',
      ].join('\n'),
    );
    const response = page.examples[0]?.response;
    assert.equal(response?.truncated, true);
    assert.equal(response.isCollection, true);
    assert.ok(!rules(lint([page])).includes('response-missing-properties'));
  });

  test("a member addressed by key in parentheses is on the documented path (OData's key syntax)", () => {
    // beta/api/event-post-attachments.md: POST /me/events('AAMkAGI1AAAt9AHjAAA=')/attachments
    const page = parsePage(
      'beta/api/event-post-attachments.md',
      [
        '# Add attachment',
        '',
        '## HTTP request',
        '```http',
        'POST /me/events/{id}/attachments',
        '```',
        '',
        '## Example',
        '<!-- { "blockType": "request", "name": "create_file_attachment_from_event_beta" } -->',
        '```http',
        "POST https://graph.microsoft.com/beta/me/events('AAMkAGI1AAAt9AHjAAA=')/attachments",
        '```',
      ].join('\n'),
    );
    assert.ok(!page.findings.some((f) => f.rule === 'path-not-documented'));
  });

  test('a function called with the named parameters its table documents is on the documented bare path', () => {
    // beta/api/rbacapplication-roleschedules.md: GET /roleManagement/directory/roleSchedules, "Function parameters"
    const page = (example: string): Page =>
      parsePage(
        'beta/api/rbacapplication-roleschedules.md',
        [
          '# List roleSchedules',
          '',
          '## HTTP request',
          '```http',
          'GET /roleManagement/directory/roleSchedules',
          '```',
          '',
          '## Example',
          '<!-- { "blockType": "request", "name": "rbacapplication_roleschedules" } -->',
          '```http',
          `GET https://graph.microsoft.com/beta${example}`,
          '```',
        ].join('\n'),
      );
    const called = page("/roleManagement/directory/roleSchedules(directoryScopeId='a3bb',principalId='a3bb')");
    assert.ok(!called.findings.some((f) => f.rule === 'path-not-documented'));
    const other = page("/roleManagement/directory/roleAssignments(directoryScopeId='a3bb')");
    assert.ok(
      other.findings.some((f) => f.rule === 'path-not-documented'),
      'another function is still reported',
    );
  });

  test("a body property the table writes in another letter case is named with the table's spelling", () => {
    // beta/api/worksheet-post-tables.md: the table's "Address", the example's "address"
    const page = parsePage(
      'beta/api/worksheet-post-tables.md',
      [
        '# Create table',
        '',
        '## HTTP request',
        '```http',
        'POST /me/drive/items/{id}/workbook/worksheets/{id}/tables/add',
        '```',
        '',
        '## Request body',
        '| Parameter | Type | Description |',
        '|:--|:--|:--|',
        '| Address | string | Range address. |',
      ].join('\n'),
    );
    const validate = buildSchemaRegistry([page]).requestBodyValidator(page);
    assert.ok(validate);
    assert.deepEqual(
      validate({ address: 'A1:D4' }).map((e) => e.message),
      ['is not a documented property: the table writes "Address" (only the letter case differs)'],
    );
  });

  test('a nested @odata.type without the leading "#", which the service accepts, is not a finding', () => {
    // beta/api/application-post-calls.md and 2,005 more: "@odata.type": "microsoft.graph.identitySet" in a body
    const resource = (type: string, rows: string[], json: string): string => resourcePage(type, rows, { json });
    const identity = parsePage(
      'v1.0/resources/identity.md',
      resource('identity', ['|displayName|String|The name.|'], '{ "displayName": "String" }'),
    );
    const api = parsePage(
      'v1.0/api/chatmessage-post.md',
      [
        '# Send chatMessage',
        '',
        '## HTTP request',
        '```http',
        'POST /chats/{chat-id}/messages',
        '```',
        '',
        '## Request body',
        '|Property|Type|Description|',
        '|:--|:--|:--|',
        '|from|[identity](../resources/identity.md)|The sender.|',
        '',
        '## Example',
        '<!-- { "blockType": "request", "name": "post_chatmessage" } -->',
        '```http',
        'POST https://graph.microsoft.com/v1.0/chats/19:abc/messages',
        'Content-type: application/json',
        '',
        '{ "from": { "@odata.type": "microsoft.graph.identity", "displayName": "Ada" } }',
        '```',
      ].join('\n'),
    );
    const report = lint([identity, api]);
    assert.deepEqual(
      report.findings.filter((f) => f.rule === 'request-body-schema'),
      [],
    );
  });

  test("a notification posted to the app, and the app's answer, are not examples", () => {
    // beta/api/call-answer.md: "Notification - established", an http block to the bot's URL with no annotation
    const page = parsePage(
      'beta/api/call-answer.md',
      [
        '# call: answer',
        '',
        '## HTTP request',
        '```http',
        'POST /communications/calls/{id}/answer',
        '```',
        '',
        '## Example',
        '<!-- { "blockType": "request", "name": "call-answer" } -->',
        '```http',
        'POST https://graph.microsoft.com/beta/communications/calls/57DA/answer',
        '```',
        '<!-- { "blockType": "response" } -->',
        '```http',
        'HTTP/1.1 202 Accepted',
        '```',
        '',
        '##### Notification - established',
        '',
        '```http',
        'POST https://bot.contoso.com/api/calls',
        'Content-Type: application/json',
        '```',
        '',
        '<!-- { "blockType": "example", "@odata.type": "microsoft.graph.commsNotifications" } -->',
        '```json',
        '{ "@odata.type": "#microsoft.graph.commsNotifications", "value": [] }',
        '```',
        '',
        '```http',
        'POST https://bot.contoso.com/api/calls',
        '```',
        '```http',
        'HTTP/1.1 202 Accepted',
        '```',
      ].join('\n'),
    );
    assert.deepEqual(
      page.findings.filter((f) => /^(unannotated-example|unpaired-)/.test(f.rule)),
      [],
    );
    assert.deepEqual(
      page.examples.map((e) => e.name),
      ['call-answer'],
    );
  });

  test("an un-annotated response right after an ignored request is that request's, ignored with it", () => {
    // v1.0/api/teamsapp-update.md, Example 1: the request is "ignored", its "204 No Content" is not annotated
    const page = parsePage(
      'v1.0/api/teamsapp-update.md',
      [
        '# Update teamsApp',
        '',
        '## HTTP request',
        '```http',
        'POST /appCatalogs/teamsApps/{id}/appDefinitions',
        '```',
        '',
        '## Examples',
        '<!-- { "blockType": "ignored" } -->',
        '```http',
        'POST https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/0680/appDefinitions',
        '```',
        '#### Response',
        '```http',
        'HTTP/1.1 204 No Content',
        '```',
      ].join('\n'),
    );
    assert.ok(!page.findings.some((f) => f.rule === 'unpaired-response'), JSON.stringify(page.findings));
    assert.equal(page.examples.length, 0);
  });

  test('a resource whose prose says "This is an _open type_" takes properties its tables do not name', () => {
    // beta/resources/callrecords-feedbacktokenset.md: no annotation says openType; the prose does
    const page = parsePage(
      'beta/resources/callrecords-feedbacktokenset.md',
      [
        '---',
        'doc_type: resourcePageType',
        '---',
        '# feedbackTokenSet resource type',
        '',
        'Namespace: microsoft.graph.callRecords',
        '',
        'This is an _open type_ that represents the set of feedback tokens provided by the user.',
        '',
        '## Properties',
        '',
        'Explicit property names will not be documented, hence this is an [open type](/aspnet/open-types).',
        '',
        '## JSON representation',
        '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.callRecords.feedbackTokenSet" } -->',
        '```json',
        '{ "DistortedSpeech": true }',
        '```',
      ].join('\n'),
    );
    assert.equal(page.resource?.openType, true);
    // beta/resources/plannerassignments.md: "This type is an open type. Each property name in this type is a user id"
    const assignments = parsePage(
      'beta/resources/plannerassignments.md',
      [
        '---',
        'doc_type: resourcePageType',
        '---',
        '# plannerAssignments resource type',
        '',
        'The **plannerAssignments** resource represents assignments of a task. This type is an open type.',
        '',
        '## JSON representation',
        '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.plannerAssignments" } -->',
        '```json',
        '{ }',
        '```',
      ].join('\n'),
    );
    assert.equal(assignments.resource?.openType, true);
  });

  test('an enum whose values the doc does not give takes a combination of members, as a flags enum would', () => {
    // beta/resources/ediscovery-unifiedgroupsource.md: sourceType lists mailbox and site with no Value column; the
    // service's flags enum sends "mailbox,site", as the page's own example shows
    const page = parsePage(
      'api-reference/beta/resources/ediscovery-unifiedgroupsource.md',
      [
        '---',
        'doc_type: resourcePageType',
        '---',
        '# unifiedGroupSource resource type',
        '',
        'Namespace: microsoft.graph.ediscovery',
        '',
        '## Properties',
        '|Property|Type|Description|',
        '|:--|:--|:--|',
        '|includedSources|microsoft.graph.ediscovery.sourceType|Possible values are: `mailbox`, `site`.|',
        '',
        '### sourceType values',
        '',
        '|Member|Description|',
        '|:----|-----------|',
        '|mailbox|Represents a mailbox.|',
        '|site|Represents a SharePoint site.|',
        '',
        '## JSON representation',
        '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.ediscovery.unifiedGroupSource" } -->',
        '```json',
        '{ "includedSources": "String" }',
        '```',
      ].join('\n'),
    );
    const validate = buildSchemaRegistry([page]).resourceValidator(
      'microsoft.graph.ediscovery.unifiedGroupSource',
      'beta',
    );
    assert.ok(validate);
    assert.deepEqual(validate({ includedSources: 'mailbox,site' }), []);
    assert.ok(validate({ includedSources: 'mailbox,disk' }).length > 0, 'a value that is no member is still refused');
  });

  test("a Property | Type | Description table under the title, with no Properties heading, is the resource's", () => {
    // beta/resources/securescorecontrolstateupdate.md
    const page = parsePage(
      'api-reference/beta/resources/securescorecontrolstateupdate.md',
      [
        '---',
        'doc_type: resourcePageType',
        '---',
        '# secureScoreControlStateUpdate resource type',
        'Contains the history of the control states updated by the user.',
        '',
        '|Property |Type |Description |',
        '|:--|:--|:--|',
        '|assignedTo | string | Assign the control to the user who will take the action |',
        '|updatedDateTime | DateTimeOffset |Time at which control state was updated |',
        ' ## JSON representation',
        ' <!-- { "blockType": "resource", "@odata.type": "microsoft.graph.secureScoreControlStateUpdate" } -->',
        '```json',
        '{ "assignedTo": "String", "updatedDateTime": "DateTimeOffset" }',
        '```',
      ].join('\n'),
    );
    assert.deepEqual(
      page.resource?.properties.map((p) => p.name),
      ['assignedTo', 'updatedDateTime'],
    );
    assert.deepEqual(rules(lint([page])), []);
  });

  test('the key the resource annotation names is documented, though the tables leave it out', () => {
    // v1.0/resources/extensionproperty.md: "keyProperty": "id", no id row, no base type named
    const page = parsePage(
      'api-reference/v1.0/resources/extensionproperty.md',
      [
        '---',
        'doc_type: resourcePageType',
        '---',
        '# extensionProperty resource type',
        '',
        '## Properties',
        '|Property|Type|Description|',
        '|:--|:--|:--|',
        '|name|String|Name of the extension property.|',
        '',
        '## JSON representation',
        '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.extensionProperty", "keyProperty": "id" } -->',
        '```json',
        '{ "name": "String" }',
        '```',
      ].join('\n'),
    );
    const api = parsePage(
      'api-reference/v1.0/api/extensionproperty-get.md',
      [
        '# Get extensionProperty',
        '',
        '## HTTP request',
        '```http',
        'GET /extensionProperties/{id}',
        '```',
        '',
        '## Example',
        '<!-- { "blockType": "request", "name": "get_extensionproperty" } -->',
        '```http',
        'GET https://graph.microsoft.com/v1.0/extensionProperties/d6a8',
        '```',
        '<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.extensionProperty" } -->',
        '```http',
        'HTTP/1.1 200 OK',
        'Content-Type: application/json',
        '',
        '{ "id": "d6a8", "name": "extension_skypeId" }',
        '```',
      ].join('\n'),
    );
    assert.deepEqual(
      lint([page, api]).findings.filter((f) => f.rule === 'response-undocumented-property'),
      [],
    );
  });

  test('an item naming its own documented type is closed as that type, not the declared one', () => {
    // beta/api/identityriskevent-list.md: a malwareRiskEvent (whose page names no base type) shows its location
    const resource = (type: string, row: string): Page =>
      parsePage(`api-reference/beta/resources/${type.toLowerCase()}.md`, resourcePage(type, [row]));
    const api = parsePage(
      'api-reference/beta/api/identityriskevent-list.md',
      [
        '# List identityRiskEvents',
        '',
        '## HTTP request',
        '```http',
        'GET /identityRiskEvents',
        '```',
        '',
        '## Example',
        '<!-- { "blockType": "request", "name": "get_identityriskevents" } -->',
        '```http',
        'GET https://graph.microsoft.com/beta/identityRiskEvents',
        '```',
        '<!-- { "blockType": "response", "truncated": true, "isCollection": true, "@odata.type": "microsoft.graph.identityRiskEvent" } -->',
        '```http',
        'HTTP/1.1 200 OK',
        'Content-Type: application/json',
        '',
        '{ "value": [ { "@odata.type": "#microsoft.graph.malwareRiskEvent", "id": "74ce", "location": "Moskva" } ] }',
        '```',
      ].join('\n'),
    );
    const pages = [
      resource('identityRiskEvent', '|id|String|The id.|'),
      resource('malwareRiskEvent', '|location|String|The location.|'),
      api,
    ];
    const undocumented = lint(pages).findings.filter((f) => f.rule === 'response-undocumented-property');
    assert.ok(!undocumented.some((f) => f.message.includes('/location')), JSON.stringify(undocumented));
  });

  test("a request body's linked resource is named in the linked page's namespace, not the API page's", () => {
    // beta/api/security-alert-post-comments.md (today's docs): a microsoft.graph page whose body is the
    // [alertComment](../resources/security-alertcomment.md) that a microsoft.graph.security page documents
    const dir = mkdtempSync(join(tmpdir(), 'gc-namespace-'));
    try {
      const api = join(dir, 'beta/api/security-alert-post-comments.md');
      const resource = join(dir, 'beta/resources/security-alertcomment.md');
      mkdirSync(dirname(api), { recursive: true });
      mkdirSync(dirname(resource), { recursive: true });
      writeFileSync(
        api,
        [
          '# Create comment for alert',
          'Namespace: microsoft.graph',
          '',
          '## HTTP request',
          '```http',
          'POST /security/alerts_v2/{alertId}/comments',
          '```',
          '',
          '## Request body',
          '',
          'In the request body, use `@odata.type` to specify the parameter type of [alertComment](../resources/Security-AlertComment.md), and provide a JSON object for the parameter, `comment`.',
          '',
          '| Parameter | Type | Description |',
          '|:--|:--|:--|',
          '|comment|String|The comment to be added.|',
          '',
          '## Response',
          '',
          'If successful, this method returns a `200 OK` response code and an updated list of all [alertComment](../resources/security-alertcomment.md) resources for the specified alert.',
          '',
          '## Examples',
          '<!-- { "blockType": "request", "name": "alert_v2_addcomment" } -->',
          '```http',
          'POST https://graph.microsoft.com/beta/security/alerts_v2/da637865765418431569_-773071023/comments',
          'Content-Type: application/json',
          '',
          '{ "@odata.type": "microsoft.graph.security.alertComment", "comment": "Demo for docs" }',
          '```',
        ].join('\n'),
      );
      writeFileSync(
        resource,
        [
          '---',
          'doc_type: resourcePageType',
          '---',
          '# alertComment resource type',
          '',
          'Namespace: microsoft.graph.security',
          '',
          '## Properties',
          '|Property|Type|Description|',
          '|:---|:---|:---|',
          '|comment|String|The comment text.|',
          '|createdByDisplayName|String|The person or app name that submitted the comment.|',
          '',
          '## JSON representation',
          '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.security.alertComment" } -->',
          '```json',
          '{ "comment": "String", "createdByDisplayName": "String" }',
          '```',
        ].join('\n'),
      );
      const { pages } = loadDocs([dir], dir, { cache: false });
      const page = pages.find((p) => p.file.endsWith('security-alert-post-comments.md'));
      assert.equal(page?.requestBody?.resource?.name, 'microsoft.graph.security.alertComment');
      assert.equal(page.responseResource?.name, 'microsoft.graph.security.alertComment');
      assert.deepEqual(
        lint(pages).findings.filter((f) => f.rule === 'request-body-schema'),
        [],
      );

      // Read alone, the page can only guess its own namespace; the linked page is what corrects it.
      const alone = loadDocs([api], dir, { cache: false }).pages;
      assert.equal(alone[0]?.requestBody?.resource?.name, 'microsoft.graph.alertComment');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an example marked ignored makes no method: its name clashes with no other example', () => {
    // beta/api/serviceprincipal-list-memberof.md: an ignored "get_a_count", also the name of application-list's request
    const page = (file: string, blockType: string, extra: string[] = []): Page =>
      parsePage(
        `api-reference/beta/api/${file}`,
        [
          '# List',
          '',
          '## Example',
          ...extra,
          `<!-- { "blockType": "${blockType}", "name": "get_a_count" } -->`,
          '```http',
          'GET https://graph.microsoft.com/beta/applications/$count',
          'ConsistencyLevel: eventual',
          '```',
          '<!-- { "blockType": "response" } -->',
          '```http',
          'HTTP/1.1 200 OK',
          'Content-type: text/plain',
          '',
          '893',
          '```',
        ].join('\n'),
      );
    const duplicates = (...pages: Page[]): LintFinding[] =>
      lint(pages).findings.filter((f) => f.rule === 'duplicate-example-name');
    assert.deepEqual(
      duplicates(page('application-list.md', 'request'), page('serviceprincipal-list-memberof.md', 'ignored')),
      [],
    );
    assert.equal(
      duplicates(page('application-list.md', 'request'), page('device-list.md', 'request')).length,
      1,
      'two requests of one name in a version still clash',
    );
    // On one page: an ignored block and a request of one name, then two requests of one name.
    const ignoredFirst = [
      '<!-- { "blockType": "ignored", "name": "get_a_count" } -->',
      '```http',
      'GET https://graph.microsoft.com/beta/applications/$count',
      '```',
    ];
    assert.deepEqual(duplicates(page('application-list.md', 'request', ignoredFirst)), []);
    const requestFirst = ignoredFirst.map((line) => line.replace('"ignored"', '"request"'));
    assert.equal(duplicates(page('application-list.md', 'request', requestFirst)).length, 1);
  });

  test('a resource named by a link is the type the linked page documents, whatever the link text says', () => {
    // v1.0/api/insights-list-shared.md: "a list of [shared](../resources/insights-shared.md) items", a sharedInsight;
    // microsoft.graph.shared is the driveItem facet that shared.md documents
    const resource = (file: string, type: string, rows: string[]): Page =>
      parsePage(`api-reference/v1.0/resources/${file}`, resourcePage(type, rows));
    const api = parsePage(
      'api-reference/v1.0/api/insights-list-shared.md',
      [
        '# List shared',
        '',
        '## HTTP request',
        '```http',
        'GET /me/insights/shared',
        '```',
        '',
        '## Response',
        '',
        'If successful, this method returns a `200 OK` response code and a list of [shared](../resources/insights-shared.md) items in the response body.',
        '',
        '## Example',
        '<!-- { "blockType": "request", "name": "list_shared" } -->',
        '```http',
        'GET https://graph.microsoft.com/v1.0/me/insights/shared',
        '```',
        '<!-- { "blockType": "response", "truncated": true, "isCollection": true } -->',
        '```http',
        'HTTP/1.1 200 OK',
        'Content-type: application/json',
        '',
        '{ "value": [ { "id": "AWb0Qy4T", "lastShared": { "sharedDateTime": "2021-03-23T08:41:05Z" } } ] }',
        '```',
      ].join('\n'),
    );
    const pages = linkResourcePages([
      resource('insights-shared.md', 'sharedInsight', ['|id|String|The id.|', '|lastShared|String|Details.|']),
      resource('shared.md', 'shared', ['|owner|String|The owner.|', '|scope|String|The scope.|']),
      api,
    ]);
    assert.equal(pages[2]?.responseResource?.name, 'microsoft.graph.sharedInsight');
    const undocumented = lint(pages).findings.filter((f) => f.rule === 'response-undocumented-property');
    assert.deepEqual(undocumented, []);
  });

  test('an HTTP request section that shows "some common ways" documents more paths than it lists', () => {
    // beta/api/opentypeextension-post-opentypeextension.md: example 5 posts to /groups/{id}/conversations
    const page = (note: string): Page =>
      parsePage(
        'api-reference/beta/api/opentypeextension-post-opentypeextension.md',
        [
          '# Create open extension',
          '',
          '## HTTP request',
          '',
          '<!-- { "blockType": "ignored" } -->',
          '```http',
          'POST /users/{id|userPrincipalName}/messages',
          'POST /groups/{id}/threads/{id}/posts/{id}/reply',
          '```',
          '',
          note,
          '',
          '## Example',
          '<!-- { "blockType": "request", "name": "post_opentypeextension_5" } -->',
          '```http',
          'POST https://graph.microsoft.com/beta/groups/37df2ff0-0de0-4c33-8aee-75289364aef6/conversations',
          'Content-type: application/json',
          '',
          '{ "Topic": "Does anyone have a second?" }',
          '```',
        ].join('\n'),
      );
    const undocumented = (p: Page): string[] =>
      lint([p])
        .findings.filter((f) => f.rule === 'path-not-documented')
        .map((f) => f.message);
    const open =
      '>**Note:** This syntax shows some common ways to create the supported resource instances. All other POST syntaxes that allows you to create these resource instances supports creating open extensions in them in a similar way.';
    assert.deepEqual(undocumented(page(open)), []);
    assert.equal(undocumented(page('Use the same REST request that you use to create the instance.')).length, 1);
  });

  test('a body property its table leaves out but the resource the body represents documents is documented', () => {
    // beta/api/ediscovery-case-post-legalholds.md: "supply a JSON representation of the [legalHold] object. The
    // following table shows the properties that are required", a table of displayName only; the example sends more
    const resource = parsePage(
      'api-reference/beta/resources/ediscovery-legalhold.md',
      resourcePage(
        'legalHold',
        [
          '|description|String|The legal hold description.|',
          '|displayName|String|The display name of the legal hold.|',
          '|isEnabled|Boolean|Indicates whether the hold is enabled and actively holding content.|',
        ],
        { namespace: 'microsoft.graph.ediscovery' },
      ),
    );
    const api = (body: string): Page =>
      parsePage(
        'api-reference/beta/api/ediscovery-case-post-legalholds.md',
        [
          '# Create legalHold',
          '',
          'Namespace: microsoft.graph.ediscovery',
          '',
          '## HTTP request',
          '```http',
          'POST /compliance/ediscovery/cases/{caseId}/legalHolds',
          '```',
          '',
          '## Request body',
          '',
          'In the request body, supply a JSON representation of the [legalHold](../resources/ediscovery-legalhold.md) object.',
          '',
          'The following table shows the properties that are required when you create the [legalHold](../resources/ediscovery-legalhold.md).',
          '',
          '|Property|Type|Description|',
          '|:---|:---|:---|',
          '|displayName|String| The display name of the legal hold. |',
          '',
          '## Examples',
          '<!-- { "blockType": "request", "name": "create_legalhold_from_" } -->',
          '```http',
          'POST https://graph.microsoft.com/beta/compliance/ediscovery/cases/{caseId}/legalHolds',
          'Content-Type: application/json',
          '',
          body,
          '```',
        ].join('\n'),
      );
    const schemaErrors = (p: Page): string[] =>
      lint(linkResourcePages([resource, p]))
        .findings.filter((f) => f.rule === 'request-body-schema')
        .map((f) => f.message);
    assert.deepEqual(
      schemaErrors(api('{ "displayName": "My legalHold", "description": "Hold for the case", "isEnabled": true }')),
      [],
    );
    const unknown = schemaErrors(api('{ "displayName": "My legalHold", "holdEverything": true }'));
    assert.equal(unknown.length, 1, JSON.stringify(unknown));
    assert.match(unknown[0] ?? '', /\/holdEverything is not a documented property/);
    // The mock and the probes read the same request-body schema: it accepts what lint accepts, typed as documented.
    const pages = linkResourcePages([resource, api('{}')]);
    const validate = buildSchemaRegistry(pages).requestBodyValidator(pages[1] as Page);
    assert.ok(validate);
    assert.deepEqual(validate({ displayName: 'My legalHold', description: 'Hold', isEnabled: true }), []);
    assert.deepEqual(
      validate({ displayName: 'My legalHold', isEnabled: 'yes' }).map((e) => e.pointer),
      ['/isEnabled'],
    );
    assert.deepEqual(
      validate({ displayName: 'My legalHold', holdEverything: true }).map((e) => e.pointer),
      ['/holdEverything'],
    );
  });

  test('two examples of one request with different answers: their headings are quoted, the page is not called silent', () => {
    // v1.0/api/organizationalbrandingproperties-get.md: 200 under "Example 1: Get the default branding", 404 under
    // "Example 2: Get organizational branding but no branding configured", for the same GET
    const example = (heading: string, name: string, status: string): string[] => [
      heading,
      '',
      '#### Request',
      '',
      `<!-- { "blockType": "request", "name": "${name}" } -->`,
      '```msgraph-interactive',
      'GET https://graph.microsoft.com/v1.0/organization/d69179bf-f4a4-41a9-a9de-249c0f2efb1d/branding',
      '```',
      '',
      '#### Response',
      '',
      '<!-- { "blockType": "response", "truncated": true } -->',
      '```http',
      `HTTP/1.1 ${status}`,
      '```',
      '',
    ];
    const page = (first: string, second: string): Page =>
      parsePage(
        'api-reference/v1.0/api/organizationalbrandingproperties-get.md',
        [
          '# Get organizationalBrandingProperties',
          '',
          '## HTTP request',
          '```http',
          'GET /organization/{organizationId}/branding',
          '```',
          '',
          '## Examples',
          '',
          ...example(first, 'get_organizationalbrandingproperties_2', '200 OK'),
          ...example(second, 'get_organizationalbrandingproperties_3', '404 NOT FOUND'),
        ].join('\n'),
      );
    const conflicts = (p: Page): string[] =>
      lint([p])
        .findings.filter((f) => f.rule === 'conflicting-responses')
        .map((f) => f.message);

    const described = conflicts(
      page(
        '### Example 1: Get the default branding',
        '### Example 2: Get organizational branding but no branding configured',
      ),
    );
    assert.equal(described.length, 2, JSON.stringify(described));
    assert.match(
      described[0] ?? '',
      /^"get_organizationalbrandingproperties_2" \(under "Example 1: Get the default branding"\) sends the same request as "get_organizationalbrandingproperties_3" \(under "Example 2: Get organizational branding but no branding configured"\) \(.*:\d+\) but documents 200, where "get_organizationalbrandingproperties_3" documents 404; only their headings tell them apart/,
    );
    assert.ok(
      described.every((m) => !m.includes('does not say')),
      JSON.stringify(described),
    );

    // v1.0/api/securescorecontrolprofile-update.md: `### Example 1: …` then `### Request` at the same level.
    const sameLevel = conflicts(page('### Example 1: Request without Prefer header\n\n### Request', '### Example 2'));
    assert.match(sameLevel[0] ?? '', /\(under "Example 1: Request without Prefer header"\)/);

    // Headings that only number the examples (or name a role) say nothing: the page is silent, and the finding says so.
    for (const silent of [conflicts(page('### Example 1', '### Example 2')), conflicts(page('', ''))]) {
      assert.equal(silent.length, 2, JSON.stringify(silent));
      assert.ok(
        silent.every((m) => m.endsWith('the page does not say what decides between them') && !m.includes('(under')),
        JSON.stringify(silent),
      );
    }
  });
});

describe('findings grouped by rule', () => {
  const finding = (rule: string, severity: 'error' | 'warning'): LintFinding =>
    ({ file: 'a.md', line: 1, col: 1, rule, severity, message: 'x' }) as LintFinding;
  const report: LintReport = {
    format: 'graph-conformance-lint/2',
    summary: {
      pages: 1,
      examples: 0,
      runnableCases: 0,
      skippedCases: {},
      errors: 1,
      warnings: 3,
      suppressed: 0,
      findingsByRule: { 'todo-placeholder': 2, 'response-schema': 1, 'unpaired-request': 1 },
    },
    findings: [
      finding('todo-placeholder', 'warning'),
      finding('response-schema', 'error'),
      finding('todo-placeholder', 'warning'),
      finding('unpaired-request', 'warning'),
    ],
  };

  test('the text report ends with each rule, its count and severities, most frequent first', () => {
    const text = formatText(report);
    const grouped = text.slice(text.indexOf('findings by rule:'));
    assert.match(grouped, /^findings by rule:\n\s+2 todo-placeholder \(2 warnings\): /);
    assert.ok(grouped.indexOf('response-schema (1 error)') < grouped.indexOf('unpaired-request (1 warning)'));
  });
});

describe('the lint configuration file', () => {
  const findings: LintFinding[] = [
    { file: 'a.md', line: 1, col: 1, rule: 'todo-placeholder', severity: 'warning', message: 'x' },
    { file: 'a.md', line: 2, col: 1, rule: 'response-schema', severity: 'error', message: 'y' },
    { file: 'a.md', line: 3, col: 1, rule: 'unpaired-request', severity: 'warning', message: 'z' },
  ];

  test('a rule switched off is left out and counted; another set to a severity is reported at it', () => {
    const read = parseLintConfig({ rules: { 'todo-placeholder': 'off', 'response-schema': 'warning' } }, 'c.json');
    assert.ok(read.ok);
    const applied = applyLintConfig(findings, read.config);
    assert.deepEqual(
      applied.findings.map((f) => [f.rule, f.severity]),
      [
        ['response-schema', 'warning'],
        ['unpaired-request', 'warning'],
      ],
    );
    assert.deepEqual(applied.off, { 'todo-placeholder': 1 });
  });

  test('lintPages reports the file used and what it switched off', () => {
    const page = parsePage('v1.0/api/x.md', '# X\n\nTODO: describe.\n');
    const read = parseLintConfig({ rules: { 'todo-placeholder': 'off' } }, 'graph-conformance-lint.json');
    assert.ok(read.ok);
    const without = lint([page]);
    const report = lint([page], read.config);
    assert.ok(rules(without).includes('todo-placeholder'));
    assert.ok(!rules(report).includes('todo-placeholder'));
    assert.equal(report.summary.config, 'graph-conformance-lint.json');
    assert.equal(
      report.summary.switchedOff?.['todo-placeholder'],
      rules(without).filter((r) => r === 'todo-placeholder').length,
    );
  });

  test('an unknown rule, a bad setting or bad JSON is a clear error naming the file and the key', () => {
    const unknown = parseLintConfig({ rules: { 'no-such-rule': 'off' } }, 'c.json');
    assert.deepEqual(unknown.ok ? undefined : unknown.message.split(':').slice(0, 2), [
      'c.json',
      ' rules.no-such-rule',
    ]);
    const runtime = parseLintConfig({ rules: { status: 'off' } }, 'c.json');
    assert.equal(runtime.ok, false, 'a run-time check is not a lint rule');
    const bad = parseLintConfig({ rules: { 'todo-placeholder': 'silent' } }, 'c.json');
    assert.match(bad.ok ? '' : bad.message, /^c\.json: rules\.todo-placeholder: .*"off" \| "warning" \| "error"/);
    const extra = parseLintConfig({ rule: {} }, 'c.json');
    assert.equal(extra.ok, false);
    const dir = mkdtempSync(join(tmpdir(), 'lint-config-'));
    try {
      assert.deepEqual(readLintConfig(undefined, dir), { ok: true, config: { rules: {} } }, 'no default file: none');
      const missing = readLintConfig('nope.json', dir);
      assert.match(missing.ok ? '' : missing.message, /nope\.json: cannot read the lint configuration/);
      writeFileSync(join(dir, 'graph-conformance-lint.json'), '{ "rules": { "todo-placeholder": "off" ');
      const broken = readLintConfig(undefined, dir);
      assert.match(broken.ok ? '' : broken.message, /graph-conformance-lint\.json: not JSON/);
      writeFileSync(join(dir, 'graph-conformance-lint.json'), '{ "rules": { "todo-placeholder": "off" } }');
      const found = readLintConfig(undefined, dir);
      assert.deepEqual(found.ok ? found.config.rules : undefined, { 'todo-placeholder': 'off' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
