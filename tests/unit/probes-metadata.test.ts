/**
 * Probes where the page is silent and Graph's service metadata answers (src/metadata/row-statements.ts →
 * src/cases/probes.ts): null only where `Nullable` allows it, nothing generated that the metadata makes computed,
 * read-only or the key, and the page's own word first. Without metadata the no-guessing rule holds.
 *
 * Run: node --import tsx --test tests/unit/probes-metadata.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { byName } from './support/params.ts';
import { arbitraryFor } from '../../src/cases/body-arbitrary.ts';
import { buildCases } from '../../src/cases/build-cases.ts';
import type { ProbeCase } from '../../src/cases/probe-model.ts';
import { buildProbes, probeNullability } from '../../src/cases/probes.ts';
import type { Page } from '../../src/docs/model.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { MetadataSet } from '../../src/metadata/metadata-set.ts';
import { readCsdl } from '../../src/metadata/read-csdl.ts';
import { rowStatements, type RowStatements } from '../../src/metadata/row-statements.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';

/** A gadget keyed by `serial`, with each annotation a probe reads once, and an action with typed parameters. */
export const GADGET_CSDL = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="gadget">
        <Key><PropertyRef Name="serial" /></Key>
        <Property Name="serial" Type="Edm.String" Nullable="false" />
        <Property Name="name" Type="Edm.String" Nullable="false" />
        <Property Name="size" Type="Edm.Int32" />
        <Property Name="createdDateTime" Type="Edm.DateTimeOffset" />
        <Property Name="etag" Type="Edm.String" />
        <Property Name="note" Type="Edm.String" />
      </EntityType>
      <Action Name="paint" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.gadget" />
        <Parameter Name="color" Type="Edm.String" Nullable="false" />
        <Parameter Name="coats" Type="Edm.Int32" />
      </Action>
      <EntityContainer Name="GraphService">
        <EntitySet Name="gadgets" EntityType="microsoft.graph.gadget" />
      </EntityContainer>
      <Annotations Target="graph.gadget/createdDateTime">
        <Annotation Term="Org.OData.Core.V1.Computed" Bool="true" />
      </Annotations>
      <Annotations Target="graph.gadget/etag">
        <Annotation Term="Org.OData.Core.V1.Permissions">
          <EnumMember>Org.OData.Core.V1.Permission/Read</EnumMember>
        </Annotation>
      </Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`;

export function gadgetMetadata(): MetadataSet {
  const reading = readCsdl('gadget_v1.0_metadata.xml', GADGET_CSDL, 'v1.0');
  assert.ok(reading.ok, reading.ok ? '' : reading.error);
  return new MetadataSet([reading.model]);
}

/** `PATCH /gadgets/{id}` with a body of gadget rows, or `POST /gadgets/{id}/paint` with the action's parameters. */
export function gadgetPage(kind: 'update' | 'paint', type = 'gadget'): Page {
  const update = kind === 'update';
  const path = update ? `/${type}s/{gadgetId}` : `/${type}s/{gadgetId}/paint`;
  const rows = update
    ? [
        '|serial|String|The serial number.|',
        '|name|String|The name.|',
        '|size|Int32|How big.|',
        '|createdDateTime|DateTimeOffset|When it was made.|',
        '|etag|String|The version.|',
        '|note|String|A note. Not nullable.|',
      ]
    : ['|color|String|The color.|', '|coats|Int32|How many coats.|'];
  const body = update ? '{ "name": "blue", "size": 3 }' : '{ "color": "red", "coats": 2 }';
  const text = [
    '---',
    `title: "${kind} gadget"`,
    '---',
    '',
    `# ${kind} gadget`,
    '',
    '## HTTP request',
    '<!-- { "blockType": "ignored" } -->',
    '```http',
    `${update ? 'PATCH' : 'POST'} ${path}`,
    '```',
    '',
    '## Request body',
    update
      ? `In the request body, supply a JSON representation of the [${type}](../resources/${type}.md) object.`
      : 'In the request body, supply a JSON object with the following parameters.',
    '',
    '|Property|Type|Description|',
    '|:---|:---|:---|',
    ...rows,
    '',
    '## Response',
    `If successful, this method returns a \`${update ? '200 OK' : '204 No Content'}\` response code.`,
    '',
    '## Examples',
    '',
    '### Request',
    `<!-- { "blockType": "request", "name": "${kind}_gadget" } -->`,
    '```http',
    `${update ? 'PATCH' : 'POST'} https://graph.microsoft.com/v1.0${path}`,
    'Content-Type: application/json',
    '',
    body,
    '```',
    '',
    '### Response',
    '<!-- { "blockType": "response", "truncated": true } -->',
    '```http',
    update ? 'HTTP/1.1 200 OK' : 'HTTP/1.1 204 No Content',
    ...(update ? ['Content-Type: application/json', '', '{ "serial": "g1", "name": "blue", "size": 3 }'] : []),
    '```',
  ].join('\n');
  return parsePage(`docs/${kind}-${type}.md`, text);
}

function probesOf(page: Page, metadata?: RowStatements): ProbeCase[] {
  const registry = buildSchemaRegistry([page]);
  const cases = buildCases([page], { roots: ['docs'], params: byName({ gadgetId: 'g1' }) });
  return buildProbes(cases, registry, metadata === undefined ? {} : { metadata });
}

function probe(probes: readonly ProbeCase[], name: string): ProbeCase | undefined {
  return probes.find((p) => p.title.endsWith(`probe: ${name}`));
}

const REPLAY = 'generated valid bodies are accepted and come back';
const SILENT_NULL = 'null where the page is silent on it';

function replayOf(probes: readonly ProbeCase[]) {
  const replay = probe(probes, REPLAY);
  assert.ok(replay?.runnable && replay.check.type === 'replay', probes.map((p) => p.title).join('\n'));
  return replay.check;
}

/** Every value the replay would send for one property, over many runs, with this nullability. */
function sentValues(page: Page, property: string, metadata?: RowStatements): unknown[] {
  const registry = buildSchemaRegistry([page]);
  const generated = replayOf(probesOf(page, metadata)).properties.find((p) => p.name === property);
  assert.ok(generated, `${property} is generated`);
  const byId = new Map(registry.schemas.map((s) => [s.id, s.schema]));
  const made = arbitraryFor(generated.schema, (id) => byId.get(id), {
    property,
    nullability: probeNullability(metadata),
  });
  assert.ok(made.ok);
  return fc.sample(made.arbitrary, { seed: 7, numRuns: 300 });
}

describe('row statements: what the metadata says of each documented row', () => {
  const page = gadgetPage('update');
  const statements = rowStatements([page], gadgetMetadata());
  const of = (name: string) => {
    const row = page.requestBody?.properties.find((r) => r.name === name);
    assert.ok(row);
    return statements[`${row.location.file}:${String(row.location.line)}`];
  };

  test('Nullable, Core.Computed, Core.Permissions Read and the key, each on its row', () => {
    assert.equal(of('name')?.nullable, false);
    assert.equal(of('size')?.nullable, true);
    assert.equal(of('size')?.readOnly, undefined);
    assert.equal(of('createdDateTime')?.readOnly, 'computed');
    assert.equal(of('etag')?.readOnly, 'read-only');
    assert.equal(of('serial')?.readOnly, 'key');
    assert.match(of('name')?.declared ?? '', /^gadget_v1\.0_metadata\.xml:\d+$/);
  });

  test("an action's body rows are its parameters", () => {
    const paint = gadgetPage('paint');
    const byRow = rowStatements([paint], gadgetMetadata());
    const [color, coats] = paint.requestBody?.properties ?? [];
    assert.ok(color && coats);
    assert.equal(byRow[`${color.location.file}:${String(color.location.line)}`]?.nullable, false);
    assert.equal(byRow[`${coats.location.file}:${String(coats.location.line)}`]?.nullable, true);
  });

  test('a page of another version, or a type the metadata lacks, gets no statement', () => {
    assert.deepEqual(rowStatements([page], new MetadataSet()), {});
    const other = gadgetPage('update', 'gizmo');
    assert.deepEqual(rowStatements([other], gadgetMetadata()), {});
  });
});

describe('probes with the metadata, where the page is silent', () => {
  const page = gadgetPage('update');
  const statements = rowStatements([page], gadgetMetadata());
  const without = probesOf(page);
  const withMetadata = probesOf(page, statements);

  test('without metadata: a silent page gets no null, and what the target does with null is only observed', () => {
    assert.ok(!sentValues(page, 'size').includes(null), 'no null sent for a silent row');
    assert.ok(!sentValues(page, 'name').includes(null));
    const observed = probe(without, SILENT_NULL);
    assert.ok(observed?.runnable && observed.check.type === 'observe');
    assert.deepEqual(
      observed.check.items.map((i) => i.subject),
      ['serial', 'name', 'size', 'createdDateTime', 'etag'],
    );
  });

  test('Nullable (absent: true) lets null be sent; Nullable="false" never does', () => {
    assert.ok(sentValues(page, 'size', statements).includes(null), 'the metadata allows null for size');
    assert.ok(!sentValues(page, 'name', statements).includes(null), 'name is Nullable="false"');
  });

  test('the page\'s own word comes first: "Not nullable." holds where the metadata allows null', () => {
    assert.ok(!sentValues(page, 'note', statements).includes(null));
    assert.equal(
      probeNullability(statements)({ name: 'note', description: 'A note. Nullable.', source: 'elsewhere.md:1' }),
      'nullable',
    );
  });

  test('computed, read-only and key properties are left out of generated bodies, each with the CSDL element', () => {
    const replay = replayOf(withMetadata);
    assert.deepEqual(
      replay.properties.map((p) => p.name),
      ['name', 'size', 'note'],
    );
    const reasons = new Map(replay.leftOut.map((l) => [l.name, l.reason]));
    assert.match(
      reasons.get('createdDateTime') ?? '',
      /computed by the service \(Core\.Computed, gadget_v1\.0_metadata\.xml:\d+\)/,
    );
    assert.match(reasons.get('etag') ?? '', /read-only in the metadata \(Core\.Permissions Read/);
    assert.match(reasons.get('serial') ?? '', /the key in the metadata/);
    assert.deepEqual(
      replayOf(without).properties.map((p) => p.name),
      ['serial', 'name', 'size', 'createdDateTime', 'etag', 'note'],
      'without metadata every row is generated',
    );
  });

  test('where the metadata answers every silent row, nothing is left to observe', () => {
    assert.equal(probe(withMetadata, SILENT_NULL), undefined);
  });
});
