/**
 * A small doc set and service metadata for the tests of what the metadata states where a page is silent: a `gadget`
 * entity keyed by `serial`, each property with one annotation a probe reads (Nullable, Core.Computed,
 * Core.Permissions Read), and a bound action with a non-nullable parameter. Pages are written here, in the Graph docs
 * layout; the CSDL follows the shape of fixtures/metadata/widgets_v1.0_metadata.xml.
 */
import assert from 'node:assert/strict';
import type { Page } from '../../../src/docs/model.ts';
import { parsePage } from '../../../src/docs/parse-page.ts';
import { MetadataSet } from '../../../src/metadata/metadata-set.ts';
import { readCsdl } from '../../../src/metadata/read-csdl.ts';
import { example } from './mock.ts';

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
  return parsePage(`docs/${kind}-${type}.md`, gadgetPageText(kind, type));
}

/** The text of `gadgetPage`. */
export function gadgetPageText(kind: 'update' | 'paint', type = 'gadget'): string {
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
  return [
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
    example(
      `${kind}_gadget`,
      [
        `${update ? 'PATCH' : 'POST'} https://graph.microsoft.com/v1.0${path}`,
        'Content-Type: application/json',
        '',
        body,
      ].join('\n'),
      update
        ? 'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{ "serial": "g1", "name": "blue", "size": 3 }'
        : 'HTTP/1.1 204 No Content',
      ', "truncated": true',
    ),
  ].join('\n');
}
