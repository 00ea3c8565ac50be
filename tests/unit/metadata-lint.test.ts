/**
 * `graph-conformance lint` against Graph's metadata (src/lint/check-metadata.ts, check-permissions.ts): a doc set that
 * agrees with fixtures/metadata draws no metadata or permission finding; the same doc set with one defect per rule
 * draws each rule exactly once, at the doc line of the defect, naming the CSDL element.
 *
 * Run: node --import tsx --test tests/unit/metadata-lint.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePage } from '../../src/docs/parse-page.ts';
import { lintPages } from '../../src/lint/lint-pages.ts';
import type { LintFinding } from '../../src/lint/model.ts';
import { runLint, type LintIo } from '../../src/lint/command.ts';
import { loadMetadata } from '../../src/metadata/load-metadata.ts';
import type { MetadataSet } from '../../src/metadata/metadata-set.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { join } from 'node:path';
import { ROOT, lineOf } from './support/seed.ts';

const V1 = 'api-reference/v1.0';
const CSDL_FILE = 'fixtures/metadata/widgets_v1.0_metadata.xml';

const METADATA_RULES = [
  'metadata-type-unknown',
  'metadata-property-unknown',
  'metadata-property-undocumented',
  'metadata-type-mismatch',
  'metadata-enum-as-string',
  'metadata-navigation-mismatch',
  'metadata-enum-member-unknown',
  'metadata-enum-member-undocumented',
  'metadata-path-unreachable',
  'metadata-parameter-unknown',
  'metadata-parameter-undocumented',
  'metadata-required-nullable',
  'permission-not-granted',
  'permission-not-supported-granted',
  'permission-higher-as-least',
];

function resourcePage(type: string, properties: string[], relationships: string[] = []): string {
  return [
    `# ${type} resource type`,
    '',
    'Namespace: microsoft.graph',
    '',
    '## Properties',
    '|Property|Type|Description|',
    '|:---|:---|:---|',
    ...properties,
    '',
    '## Relationships',
    '|Relationship|Type|Description|',
    '|:---|:---|:---|',
    ...relationships,
    '',
    '## JSON representation',
    `<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.${type}", "optionalProperties": [] } -->`,
    '```json',
    '{}',
    '```',
    '',
  ].join('\n');
}

function apiPage(requests: string[], sections: string[]): string {
  return [
    '# An operation',
    '',
    'Namespace: microsoft.graph',
    '',
    '## HTTP request',
    '<!-- { "blockType": "ignored" } -->',
    '```http',
    ...requests,
    '```',
    '',
    ...sections,
    '',
    '## Response',
    'If successful, this method returns a `200 OK` response code.',
    '',
  ].join('\n');
}

const PERMISSIONS = (rows: string[]) => [
  '## Permissions',
  '|Permission type|Least privileged permissions|Higher privileged permissions|',
  '|:---|:---|:---|',
  ...rows,
  '',
];

const BODY = (rows: string[]) => ['## Request body', '|Property|Type|Description|', '|:---|:---|:---|', ...rows, ''];

/** The doc set, agreeing with the fixture metadata; `broken` puts one defect per rule in it. */
function docs(broken: boolean): Record<string, string> {
  return {
    [`${V1}/resources/widget.md`]: resourcePage(
      'widget',
      [
        '|id|String|The key. Read-only.|',
        '|name|String|The name.|',
        broken ? '|size|Int64|The size.|' : '|size|Int32|The size.|',
        '|tags|String collection|Tags.|',
        broken ? '|color|String|The color.|' : '|color|[colorKind](enums.md#colorkind-values)|The color.|',
        '|createdDateTime|DateTimeOffset|Created. Read-only.|',
        ...(broken ? ['|bogus|String|Not in the metadata.|'] : ['|secret|String|A secret.|']),
        '|dimensions|[dimensions](dimensions.md)|Its size.|',
        ...(broken ? ['|owner|[part](part.md)|Its owner.|'] : []),
      ],
      ['|parts|[part](part.md) collection|Its parts.|', ...(broken ? [] : ['|owner|[part](part.md)|Its owner.|'])],
    ),
    [`${V1}/resources/part.md`]: resourcePage('part', [
      '|id|String|The key.|',
      '|label|String|A label.|',
      '|weight|Double|Its weight.|',
    ]),
    ...(broken ? { [`${V1}/resources/gadget.md`]: resourcePage('gadget', ['|id|String|The key.|']) } : {}),
    [`${V1}/resources/enums.md`]: [
      '# Enum values',
      '',
      'Namespace: microsoft.graph',
      '',
      '### colorKind values',
      '',
      '|Member|',
      '|:---|',
      '|red|',
      '|green|',
      broken ? '|purple|' : '|blue|',
      '',
    ].join('\n'),
    [`${V1}/api/widget-get.md`]: apiPage(
      ['GET /widgets/{id}', ...(broken ? ['GET /widgets/{id}/wheels'] : [])],
      PERMISSIONS(
        broken
          ? [
              '|Delegated (work or school account)|Widget.Read.All|Widget.Read, Widget.Admin|',
              '|Delegated (personal Microsoft account)|Not supported.|Not supported.|',
              '|Application|Not supported.|Not supported.|',
            ]
          : [
              '|Delegated (work or school account)|Widget.Read|Widget.Read.All|',
              '|Delegated (personal Microsoft account)|Not supported.|Not supported.|',
              '|Application|Widget.Read.All|Not available.|',
            ],
      ),
    ),
    [`${V1}/api/widget-paint.md`]: apiPage(
      ['POST /widgets/{id}/paint'],
      BODY(
        broken
          ? ['|color|[colorKind](../resources/enums.md#colorkind-values)|The color.|', '|layers|Int32|Layers.|']
          : ['|color|[colorKind](../resources/enums.md#colorkind-values)|The color.|', '|coats|Int32|Coats.|'],
      ),
    ),
    [`${V1}/api/widget-update.md`]: apiPage(
      ['PATCH /widgets/{id}'],
      BODY([
        '|name|String|Required. The name.|',
        broken ? '|size|Int32|Required. The size.|' : '|size|Int32|The size.|',
      ]),
    ),
  };
}

function lintDocs(broken: boolean, metadata: MetadataSet): { findings: LintFinding[]; texts: Record<string, string> } {
  const texts = docs(broken);
  const pages = Object.entries(texts).map(([file, text]) => parsePage(file, text));
  const report = lintPages({
    pages,
    inputFindings: [],
    registry: buildSchemaRegistry(pages),
    cases: [],
    metadata,
  });
  return { findings: report.findings.filter((f) => METADATA_RULES.includes(f.rule)), texts };
}

describe('lint against the metadata', () => {
  const loading = loadMetadata([CSDL_FILE], ROOT);

  test('a doc set that agrees with the metadata draws no metadata or permission finding', async () => {
    const { metadata, problems } = await loading;
    assert.deepEqual(problems, []);
    const { findings } = lintDocs(false, metadata);
    assert.deepEqual(findings, []);
  });

  test('one defect per rule draws each rule once, at the doc line, naming the CSDL element', async () => {
    const { metadata } = await loading;
    const { findings, texts } = lintDocs(true, metadata);
    assert.deepEqual(
      findings.map((f) => f.rule).sort(),
      [...METADATA_RULES].sort(),
      findings.map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}`).join('\n'),
    );
    const at = (rule: string): LintFinding => {
      const found = findings.find((f) => f.rule === rule);
      assert.ok(found, rule);
      return found;
    };
    const line = (file: string, needle: string): number => lineOf(texts[`${V1}/${file}`] ?? '', needle);
    assert.equal(at('metadata-type-mismatch').line, line('resources/widget.md', '|size|Int64|'));
    assert.match(
      at('metadata-type-mismatch').message,
      /"size" is documented as Int64, but the metadata declares Edm\.Int32 \(fixtures\/metadata\/widgets_v1\.0_metadata\.xml:\d+\)/,
    );
    assert.equal(at('metadata-property-unknown').line, line('resources/widget.md', '|bogus|'));
    assert.match(at('metadata-property-undocumented').message, /"secret" \(Edm\.String\) on microsoft\.graph\.widget/);
    assert.equal(at('metadata-navigation-mismatch').line, line('resources/widget.md', '|owner|'));
    assert.equal(at('metadata-enum-member-unknown').line, line('resources/enums.md', '|purple|'));
    assert.match(at('metadata-enum-member-undocumented').message, /"blue" in microsoft\.graph\.colorKind/);
    assert.equal(at('metadata-path-unreachable').line, line('api/widget-get.md', '/wheels'));
    assert.equal(at('metadata-parameter-unknown').line, line('api/widget-paint.md', '|layers|'));
    assert.match(at('metadata-parameter-undocumented').message, /"coats" \(Edm\.Int32\) for microsoft\.graph\.paint/);
    assert.equal(at('metadata-required-nullable').line, line('api/widget-update.md', '|size|'));
    assert.equal(at('permission-not-granted').line, line('api/widget-get.md', 'Widget.Admin'));
    assert.match(
      at('permission-not-granted').message,
      /^Widget\.Admin is documented for Delegated \(work or school account\)/,
    );
    assert.equal(at('permission-not-supported-granted').line, line('api/widget-get.md', '|Application|'));
    assert.match(at('permission-higher-as-least').message, /Widget\.Read\.All is listed as the least privileged/);
    assert.match(at('metadata-type-unknown').message, /microsoft\.graph\.gadget/);
  });
});

describe('lint --metadata', () => {
  function capture(): { io: LintIo; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), interactive: false }, out, err };
  }

  test('names the documents it checked against in the summary', async () => {
    const { io, out } = capture();
    const run = await runLint(['fixtures/docs', '--metadata', join(ROOT, CSDL_FILE)], io);
    assert.equal(run.ok, true);
    assert.match(out.join(''), /checked against the metadata in .*widgets_v1\.0_metadata\.xml/);
    assert.match(out.join(''), /checked against the permission scopes in .*apiPermissionsAndScopes-v1\.0\.xml/);
  });

  test('a metadata file that cannot be used stops the lint with exit 2 and a located message', async () => {
    const { io, err } = capture();
    assert.deepEqual(await runLint(['fixtures/docs', '--metadata', 'no-such.xml'], io), { ok: true, code: 2 });
    assert.match(err.join(''), /^no-such\.xml:1: cannot read: no such file\n/);
  });
});
