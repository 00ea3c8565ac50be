/**
 * A resource page's text as the 2021 reference writes one, for tests that need a type documented: title, namespace,
 * prose, a Properties table and the JSON representation annotated with the type.
 */
export interface ResourcePageParts {
  /** The short name: `legalHold`. */
  readonly type: string;
  /** Properties table rows, as written: `|displayName|String|The name.|`. */
  readonly rows: readonly string[];
  readonly namespace?: string;
  /** A paragraph before the table ("Inherits from …"). */
  readonly prose?: string;
  /** The JSON representation's body. */
  readonly json?: string;
  /** Fields of the resource annotation besides `blockType` and `@odata.type`. */
  readonly annotation?: Readonly<Record<string, unknown>>;
}

export function resourcePageText(parts: ResourcePageParts): string {
  const namespace = parts.namespace ?? 'microsoft.graph';
  const annotation = { blockType: 'resource', '@odata.type': `${namespace}.${parts.type}`, ...parts.annotation };
  return [
    '---',
    'doc_type: resourcePageType',
    '---',
    `# ${parts.type} resource type`,
    '',
    `Namespace: ${namespace}`,
    '',
    ...(parts.prose === undefined ? [] : [parts.prose, '']),
    '## Properties',
    '|Property|Type|Description|',
    '|:---|:---|:---|',
    ...parts.rows,
    '',
    '## JSON representation',
    `<!-- ${JSON.stringify(annotation)} -->`,
    '```json',
    parts.json ?? '{ }',
    '```',
    '',
  ].join('\n');
}
