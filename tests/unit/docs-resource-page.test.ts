/**
 * Resource and enum pages → type definitions (src/docs/resource-page.ts), on real pages from fixtures/corpus and on
 * small pages written here.
 *
 * Run: node --import tsx --test tests/unit/docs-resource-page.test.ts
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { EnumDefinition, Page, ResourceDefinition } from '../../src/docs/model.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { scanTopLevel } from '../../src/docs/resource-page.ts';
import { ROOT, lineOf } from './support/seed.ts';

const CORPUS = 'fixtures/corpus/api-reference';

function real(path: string): { page: Page; text: string } {
  const file = `${CORPUS}/${path}`;
  const text = readFileSync(join(ROOT, file), 'utf8');
  return { page: parsePage(file, text), text };
}

function resourceOf(page: Page): ResourceDefinition {
  assert.ok(page.resource, `${page.file} documents a resource`);
  return page.resource;
}

function enumOf(page: Page, name: string): EnumDefinition {
  const found = (page.enums ?? []).find((e) => e.name === name);
  assert.ok(found, `${page.file} documents the enum ${name}; has ${(page.enums ?? []).map((e) => e.name).join(', ')}`);
  return found;
}

describe('v1.0 user.md', () => {
  const { page, text } = real('v1.0/resources/user.md');
  const user = resourceOf(page);

  test('the resource annotation names the type, its base type, openType and optionalProperties', () => {
    assert.equal(user.name, 'microsoft.graph.user');
    assert.equal(user.nameSource, 'annotation');
    assert.equal(user.baseType, 'microsoft.graph.directoryObject');
    assert.equal(user.openType, true);
    assert.ok(user.optionalProperties.includes('manager'));
    assert.ok(user.optionalProperties.includes('photo'));
    assert.equal(user.nullableProperties, undefined, 'absent, not empty: ApiDoctor gives the absence its own meaning');
    assert.deepEqual(user.location, { file: page.file, line: lineOf(text, '"blockType": "resource"') - 1 });
  });

  test('properties and relationships come from their own tables, each row located', () => {
    assert.ok(user.properties.length > 60);
    assert.ok(user.relationships.length > 25);
    const manager = user.relationships.find((r) => r.name === 'manager');
    assert.ok(manager);
    assert.equal(manager.type.links[0]?.text, 'directoryObject');
    assert.equal(manager.location.line, lineOf(text, '|manager|'));
    assert.ok(!user.properties.some((r) => r.name === 'manager'), 'a relationship is not a property');
    const ageGroup = user.properties.find((r) => r.name === 'ageGroup');
    assert.equal(ageGroup?.type.links[0]?.href, '#agegroup-values');
  });

  test('the JSON representation block gives each top-level property, its line and its collection-ness', () => {
    assert.ok(user.json);
    const businessPhones = user.json.find((p) => p.name === 'businessPhones');
    assert.ok(businessPhones);
    assert.equal(businessPhones.collection, true);
    assert.equal(businessPhones.location.line, lineOf(text, '"businessPhones": ['));
    assert.equal(user.json.find((p) => p.name === 'displayName')?.collection, false);
    assert.ok(!user.json.some((p) => p.name.startsWith('@')));
  });

  test('`#### x values` sections on the page are enums; a `null` member stays in the definition', () => {
    const ageGroup = enumOf(page, 'microsoft.graph.ageGroup');
    assert.deepEqual(
      ageGroup.members.map((m) => m.name),
      ['null', 'minor', 'notAdult', 'adult'],
    );
    assert.equal(ageGroup.flags, false);
    assert.equal(ageGroup.location.line, lineOf(text, '#### ageGroup values'));
    assert.equal(ageGroup.members[1]?.location.line, lineOf(text, '|minor|'));
    assert.deepEqual((page.enums ?? []).map((e) => e.name).sort(), [
      'microsoft.graph.ageGroup',
      'microsoft.graph.consentProvidedForMinor',
      'microsoft.graph.legalAgeGroupClassification',
    ]);
  });
});

describe('enum pages', () => {
  test('enums.md: one enum per `### x values` section, members with their values, unknownFutureValue kept', () => {
    const { page, text } = real('v1.0/resources/enums.md');
    assert.equal(page.resource, undefined);
    assert.ok((page.enums ?? []).length > 100);
    const channel = enumOf(page, 'microsoft.graph.channelMembershipType');
    assert.deepEqual(
      channel.members.map((m) => [m.name, m.value]),
      [
        ['standard', 0],
        ['private', 1],
        ['unknownFutureValue', 2],
      ],
    );
    const wellknown = enumOf(page, 'microsoft.graph.wellknownListName');
    assert.deepEqual(
      wellknown.members.map((m) => m.name),
      ['none', 'defaultList', 'flaggedEmails', 'unknownFutureValue'],
      'a one-column table without trailing pipes',
    );
    assert.equal(wellknown.location.line, lineOf(text, '### wellknownListName values'));
  });

  test('enums.md: members numbered 0, 1, 2, 4 make a flags enum; 0, 1, 2 does not', () => {
    const { page } = real('v1.0/resources/enums.md');
    const verdict = enumOf(page, 'microsoft.graph.chatMessagePolicyViolationVerdictDetailsType');
    assert.deepEqual(
      verdict.members.map((m) => m.value),
      [0, 1, 2, 4],
    );
    assert.equal(verdict.flags, true);
    assert.equal(enumOf(page, 'microsoft.graph.chatMessagePolicyViolationUserActionType').flags, false);
    assert.equal(enumOf(page, 'microsoft.graph.channelMembershipType').flags, false);
    const dlp = enumOf(page, 'microsoft.graph.chatMessagePolicyViolationDlpActionType');
    assert.deepEqual(
      dlp.members.map((m) => [m.name, m.value]),
      [
        ['none', undefined],
        ['NotifySender', undefined],
        ['BlockAccess', undefined],
        ['BlockAccessExternal', undefined],
      ],
      'a lone "Value" column holds the members',
    );
    assert.equal(dlp.flags, false);
  });

  test('an Intune enum page (`## Members`, doc_type enumPageType) is named by its title', () => {
    const { page } = real('beta/resources/intune-shared-enablement.md');
    assert.equal(page.resource, undefined);
    const enablement = enumOf(page, 'microsoft.graph.enablement');
    assert.deepEqual(
      enablement.members.map((m) => [m.name, m.value]),
      [
        ['notConfigured', 0],
        ['enabled', 1],
        ['disabled', 2],
      ],
    );
  });
});

describe('how a resource page names its type', () => {
  test("no annotation: from the block's own @odata.type, with a finding; doc_type apiPageType does not hide the resource", () => {
    const { page, text } = real('beta/resources/temporaryaccesspassauthenticationmethodconfiguration.md');
    const resource = resourceOf(page);
    assert.equal(resource.name, 'microsoft.authMethodPolicy.temporaryAccessPassAuthenticationMethodConfiguration');
    assert.equal(resource.nameSource, 'json');
    const finding = page.findings.find((f) => f.rule === 'missing-resource-type');
    assert.ok(finding);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.location.line, lineOf(text, '``` json') + 1);
    assert.equal(
      resource.json?.find((p) => p.name === 'includeTargets')?.collection,
      true,
      'a property after a stray closing brace is still read',
    );
  });

  test('no annotation and no @odata.type: from the title, with a finding', () => {
    const { page } = real('beta/resources/dynamics-dimension.md');
    const resource = resourceOf(page);
    assert.equal(resource.name, 'microsoft.graph.Dimensions');
    assert.equal(resource.nameSource, 'title');
    assert.ok(page.findings.some((f) => f.rule === 'missing-resource-type' && /title/.test(f.message)));
  });

  test('a page naming no type at all: an error finding, no resource', () => {
    const page = parsePage(
      'beta/resources/thing.md',
      [
        '---',
        'doc_type: resourcePageType',
        '---',
        '# Things',
        '',
        '## Properties',
        '|Property|Type|Description|',
        '|:--|:--|:--|',
        '|a|String|A.|',
        '',
      ].join('\n'),
    );
    assert.equal(page.resource, undefined);
    assert.deepEqual(
      page.findings.map((f) => [f.rule, f.severity, f.location.line]),
      [['missing-resource-type', 'error', 6]],
    );
  });

  test('a second resource block is reported and not read', () => {
    const text = [
      '# widget resource type',
      '## Properties',
      '|Property|Type|Description|',
      '|:--|:--|:--|',
      '|a|String|A.|',
      '## JSON representation',
      '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.widget", "baseType": "microsoft.graph.entity", "openType": "true", "nullableProperties": ["a"] } -->',
      '```json',
      '{ "a": "String", "b": [ { "c": 1 } ] }',
      '```',
      '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.gadget" } -->',
      '```json',
      '{ "z": 1 }',
      '```',
      '',
    ].join('\n');
    const page = parsePage('api/widget.md', text);
    const resource = resourceOf(page);
    assert.equal(resource.name, 'microsoft.graph.widget');
    assert.equal(resource.baseType, 'microsoft.graph.entity');
    assert.equal(resource.openType, true, '"true" as a string counts');
    assert.deepEqual(resource.nullableProperties, ['a']);
    assert.deepEqual(
      resource.json?.map((p) => [p.name, p.collection, p.location.line]),
      [
        ['a', false, 9],
        ['b', true, 9],
      ],
    );
    assert.deepEqual(
      page.findings.map((f) => [f.rule, f.location.line]),
      [['multiple-resources', 11]],
    );
  });
});

describe('scanTopLevel', () => {
  test('reads keys of blocks that are not JSON, at their lines, skipping nested keys and annotations', () => {
    const block = [
      '{',
      '  "id": "String (identifier)",',
      '  // a comment',
      '  "tags": ["String"],',
      '  "nested": { "inner": 1 },',
      '  "kind": "a | b",',
      '  "x@odata.type": "y",',
      '  "@odata.type": "#microsoft.graph.x"',
      '  ...',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(scanTopLevel(block), {
      keys: [
        { name: 'id', collection: false, line: 2 },
        { name: 'tags', collection: true, line: 4 },
        { name: 'nested', collection: false, line: 5 },
        { name: 'kind', collection: false, line: 6 },
      ],
      odataType: '#microsoft.graph.x',
    });
  });

  test('an empty or keyless block gives no keys', () => {
    assert.deepEqual(scanTopLevel(''), { keys: [] });
    assert.deepEqual(scanTopLevel('"just a string"'), { keys: [] });
  });
});
