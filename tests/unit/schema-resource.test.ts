/**
 * Resource-page schemas (src/schema/build-schemas.ts, cross-check.ts, enum-schema.ts, registry.ts):
 * base types, enums, table-vs-JSON findings, response semantics, link cycles, and the real pages of fixtures/corpus.
 *
 * Run: node --import tsx --test tests/unit/schema-resource.test.ts
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Page } from '../../src/docs/model.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { buildSchemas, resourceSchemaId, type DocSchema } from '../../src/schema/build-schemas.ts';
import { DRAFT_2020_12, type JsonSchema } from '../../src/schema/json-schema.ts';
import { createRegistry, type SchemaRegistry, type Validator } from '../../src/schema/registry.ts';
import { ROOT, SEED_FILE, SEED_TEXT, lineOf } from './support/seed.ts';

const NS = 'microsoft.graph';

/** A resource page as Graph writes them: tables, then an annotated JSON representation block. */
function resourcePage(
  file: string,
  options: {
    type: string;
    base?: string;
    openType?: boolean;
    optional?: string[];
    properties?: string[];
    relationships?: string[];
    json?: string[];
  },
): { page: Page; text: string } {
  const annotation = {
    blockType: 'resource',
    '@odata.type': `${NS}.${options.type}`,
    ...(options.base ? { baseType: `${NS}.${options.base}` } : {}),
    ...(options.openType ? { openType: true } : {}),
    optionalProperties: options.optional ?? [],
  };
  const lines = [
    '---',
    'doc_type: resourcePageType',
    '---',
    `# ${options.type} resource type`,
    '',
    `Namespace: ${NS}`,
    '',
    '## Properties',
    '|Property|Type|Description|',
    '|:---|:---|:---|',
    ...(options.properties ?? []),
    '',
    '## Relationships',
    '|Relationship|Type|Description|',
    '|:---|:---|:---|',
    ...(options.relationships ?? []),
    '',
    '## JSON representation',
    `<!-- ${JSON.stringify(annotation)} -->`,
    '```json',
    '{',
    ...(options.json ?? []),
    '}',
    '```',
    '',
  ];
  const text = lines.join('\n');
  return { page: parsePage(file, text), text };
}

function enumsPage(file: string, sections: Record<string, readonly (readonly [string, number?])[]>): Page {
  const lines = ['---', 'doc_type: enumPageType', '---', '# Enum values', '', `Namespace: ${NS}`, ''];
  for (const [name, members] of Object.entries(sections)) {
    const valued = members.some(([, value]) => value !== undefined);
    lines.push(
      `### ${name} values`,
      '',
      valued ? '|Member|Value|Description|' : '|Member|',
      valued ? '|:--|:--|:--|' : '|:--|',
    );
    for (const [member, value] of members) lines.push(valued ? `|${member}|${value ?? ''}|x|` : `|${member}|`);
    lines.push('');
  }
  return parsePage(file, lines.join('\n'));
}

function defined(found: Validator | undefined, what: string): Validator {
  assert.ok(found, `a validator for ${what}`);
  return found;
}

function schemaOf(schemas: readonly DocSchema[], typeName: string): DocSchema {
  const found = schemas.find((s) => s.typeName === typeName && s.kind !== 'request-body');
  assert.ok(found, `a schema for ${typeName} among ${schemas.map((s) => s.typeName ?? s.id).join(', ')}`);
  return found;
}

function pointers(errors: readonly { readonly pointer: string }[]): string[] {
  return [...new Set(errors.map((e) => e.pointer))].sort();
}

describe('a resource page defines its type', () => {
  const entity = resourcePage('v1.0/resources/entity.md', {
    type: 'entity',
    properties: ['|id|String|The identifier. Read-only.|'],
    json: ['"id": "String"'],
  });
  const directoryObject = resourcePage('v1.0/resources/directoryobject.md', {
    type: 'directoryObject',
    base: 'entity',
    properties: ['|deletedDateTime|DateTimeOffset|When it was deleted.|'],
    json: ['"deletedDateTime": "String (timestamp)"'],
  });
  const user = resourcePage('v1.0/resources/user.md', {
    type: 'user',
    base: 'directoryObject',
    optional: ['manager', 'mail'],
    properties: [
      '|displayName|String|Name. Not nullable.|',
      '|mail|String|Mail.|',
      '|businessPhones|String collection|Phones.|',
      '|ageGroup|[ageGroup](#agegroup-values)|Age group.|',
    ],
    relationships: [
      '|manager|[directoryObject](directoryobject.md)|The manager.|',
      '|memberOf|[directoryObject](directoryobject.md) collection|Groups.|',
    ],
    json: [
      '"id": "String", "displayName": "String", "mail": "String", "businessPhones": ["String"], "ageGroup": "String"',
    ],
  });
  const group = resourcePage('v1.0/resources/group.md', {
    type: 'group',
    base: 'directoryObject',
    properties: ['|visibility|String|Visibility.|'],
    json: ['"visibility": "String"'],
  });
  const enums = enumsPage('v1.0/resources/enums.md', {
    ageGroup: [['null'], ['minor'], ['notAdult'], ['adult'], ['unknownFutureValue']],
  });
  const pages = [entity.page, directoryObject.page, user.page, group.page, enums];
  const built = buildSchemas(pages);
  const registry = createRegistry(built.schemas, built.findings);
  const validateUser = defined(registry.resourceValidator(`${NS}.user`, 'v1.0'), 'user');
  const validateDirectoryObject = defined(
    registry.resourceValidator(`${NS}.directoryObject`, 'v1.0'),
    'directoryObject',
  );

  test('no findings: every type resolves, and the JSON blocks match the tables (inherited id exempt)', () => {
    assert.deepEqual(built.findings, []);
  });

  test('baseType → allOf with the base schema; inherited properties are checked', () => {
    const schema = schemaOf(built.schemas, `${NS}.user`);
    assert.deepEqual(schema.schema.allOf, [{ $ref: resourceSchemaId(`${NS}.directoryObject`, 'v1.0') }]);
    assert.deepEqual(validateUser({ id: 'u1', displayName: 'Ada', deletedDateTime: null }), []);
    assert.deepEqual(pointers(validateUser({ id: 5, deletedDateTime: 'yesterday' })), ['/deletedDateTime', '/id']);
    const idError = validateUser({ id: 5 }).find((e) => e.pointer === '/id');
    assert.equal(
      idError?.source,
      `v1.0/resources/entity.md:${lineOf(entity.text, '|id|')}`,
      'the error names the base page row',
    );
    assert.equal(idError.message, 'is 5, must be string');
  });

  test('a property linked to an in-page values section is the enum: any letter case, unknownFutureValue, null from the nullability', () => {
    for (const value of ['minor', 'MINOR', 'notadult', 'unknownFutureValue', null])
      assert.deepEqual(validateUser({ ageGroup: value }), [], String(value));
    const errors = validateUser({ ageGroup: 'child' });
    assert.deepEqual(pointers(errors), ['/ageGroup']);
    assert.ok(
      errors.some(
        (e) =>
          e.message === 'is "child", must be one of minor, notAdult, adult, unknownFutureValue, in any letter case',
      ),
      JSON.stringify(errors),
    );
    assert.ok(validateUser({ ageGroup: 'null' }).length > 0, 'the `null` row is JSON null, not the string "null"');
  });

  test('@odata.type: the type or a documented descendant; a payload naming a descendant is checked as that type', () => {
    assert.deepEqual(
      schemaOf(built.schemas, `${NS}.directoryObject`).shape?.descendants.map((d) => d.typeName),
      ['microsoft.graph.group', 'microsoft.graph.user'],
    );
    assert.deepEqual(validateDirectoryObject({ '@odata.type': '#microsoft.graph.user', displayName: 'Ada' }), []);
    assert.deepEqual(
      pointers(validateDirectoryObject({ '@odata.type': '#microsoft.graph.user', displayName: 7 })),
      ['/displayName'],
      'checked as a user',
    );
    assert.deepEqual(
      validateDirectoryObject({ displayName: 7 }),
      [],
      'without @odata.type, as the declared (open) type',
    );
    assert.deepEqual(validateDirectoryObject({ '@odata.type': 'microsoft.graph.group' }), [], 'the # is optional');
    assert.deepEqual(
      pointers(validateUser({ '@odata.type': '#microsoft.graph.group' })),
      ['/@odata.type'],
      'a documented type that does not derive from the declared one',
    );
    assert.deepEqual(
      validateDirectoryObject({ '@odata.type': '#microsoft.graph.device' }),
      [],
      'undocumented: undecidable',
    );
  });

  test('navigation properties dispatch too: a memberOf collection of directoryObjects holding a group', () => {
    assert.deepEqual(
      validateUser({ memberOf: [{ '@odata.type': '#microsoft.graph.group', visibility: 'Public' }, { id: 'x' }] }),
      [],
    );
    const errors = validateUser({
      memberOf: [{ id: 'x' }, { '@odata.type': '#microsoft.graph.group', visibility: 1 }],
    });
    assert.deepEqual(pointers(errors), ['/memberOf/1/visibility']);
    assert.equal(errors[0]?.source, `v1.0/resources/group.md:${lineOf(group.text, '|visibility|')}`);
  });

  test('everything compiles in strict mode, each schema once', () => {
    const result = registry.compileAll();
    assert.deepEqual(result.failures, []);
    assert.equal(result.compiled, built.schemas.length + 1, 'the doc schemas and the Graph error schema');
  });
});

describe('a resource page wins over request-body tables', () => {
  const seed = parsePage(SEED_FILE, SEED_TEXT);
  const photoFile = 'fixtures/corpus/api-reference/beta/resources/profilephoto.md';
  const photoText = readFileSync(join(ROOT, photoFile), 'utf8');
  const photo = parsePage(photoFile, photoText);
  const built = buildSchemas([seed, photo]);

  test('profilePhoto comes from the beta resource page; the seed request body keeps its own closed schema', () => {
    const resource = schemaOf(built.schemas, `${NS}.profilePhoto`);
    assert.equal(resource.source.file, photoFile);
    assert.equal(
      (resource.schema.properties as Record<string, JsonSchema>).height?.['x-source'],
      `${photoFile}:${lineOf(photoText, '|height|')}`,
    );
    assert.equal((resource.schema.properties as Record<string, JsonSchema>).height?.readOnly, true);
    const body = built.schemas.find((s) => s.kind === 'request-body');
    assert.equal(
      (body?.schema.properties as Record<string, JsonSchema>).height?.['x-source'],
      `${SEED_FILE}:${lineOf(SEED_TEXT, '|height|')}`,
    );
    const registry = createRegistry(built.schemas);
    const response = seed.examples[0]?.response?.body;
    assert.ok(response?.kind === 'json');
    assert.deepEqual(
      defined(registry.resourceValidator(`${NS}.profilePhoto`, 'beta'), 'profilePhoto')(response.value),
      [],
    );
  });
});

describe('enum schemas', () => {
  const enums = enumsPage('beta/resources/enums.md', {
    colour: [
      ['red', 0],
      ['green', 1],
      ['blue', 2],
    ],
    access: [
      ['none', 0],
      ['read', 1],
      ['write', 2],
      ['execute', 4],
    ],
  });
  const paint = resourcePage('beta/resources/paint.md', {
    type: 'paint',
    properties: [
      '|colour|[colour](enums.md#colour-values)|The colour. Not nullable.|',
      '|access|access|Who may.|',
      '|shades|colour collection|Shades.|',
    ],
    json: ['"colour": "String", "access": "String", "shades": ["String"]'],
  });
  const built = buildSchemas([enums, paint.page]);
  const validate = defined(createRegistry(built.schemas).resourceValidator(`${NS}.paint`, 'beta'), 'paint');

  test('linked by anchor, bare name or collection, case-insensitively', () => {
    assert.deepEqual(built.findings, []);
    assert.deepEqual(validate({ colour: 'Red', access: 'read', shades: ['green', 'BLUE'] }), []);
    assert.deepEqual(pointers(validate({ colour: null, shades: ['purple'] })), ['/colour', '/shades/0']);
  });

  test('a flags enum takes comma-separated members; an ordinary one does not', () => {
    assert.deepEqual(validate({ access: 'read,write' }), []);
    assert.deepEqual(validate({ access: 'read, execute' }), []);
    assert.deepEqual(pointers(validate({ access: 'read,,write' })), ['/access']);
    assert.deepEqual(pointers(validate({ colour: 'red,green' })), ['/colour']);
    const message = validate({ access: 'all' }).find((e) => e.keyword === 'pattern')?.message;
    assert.equal(
      message,
      'is "all", must be one of none, read, write, execute (or a comma-separated combination), in any letter case',
    );
  });

  test('regex characters in member names are literal', () => {
    const odd = buildSchemas([
      enumsPage('v1.0/resources/enums.md', { odd: [['a_b'], ['c1']] }),
      resourcePage('v1.0/resources/x.md', { type: 'x', properties: ['|p|odd|P.|'], json: ['"p": "String"'] }).page,
    ]);
    const check = defined(createRegistry(odd.schemas).resourceValidator(`${NS}.x`, 'v1.0'), 'x');
    assert.deepEqual(check({ p: 'A_B' }), []);
    assert.equal(check({ p: 'axb' }).length > 0, true);
  });
});

describe('tables against the JSON representation', () => {
  test('collection-ness and names that differ are findings at their lines; inherited and openType exempt', () => {
    const base = resourcePage('v1.0/resources/entity.md', {
      type: 'entity',
      properties: ['|id|String|Id.|'],
      json: ['"id": "String"'],
    });
    const thing = resourcePage('v1.0/resources/thing.md', {
      type: 'thing',
      base: 'entity',
      properties: ['|tags|String|Tags.|', '|sizes|Int32 collection|Sizes.|', '|hidden|String|Not shown.|'],
      relationships: ['|parts|[entity](entity.md) collection|Parts.|'],
      json: ['"id": "String",', '"tags": ["String"],', '"sizes": 1,', '"extra": "String"'],
    });
    const open = resourcePage('v1.0/resources/open.md', {
      type: 'open',
      openType: true,
      properties: ['|a|String|A.|'],
      json: ['"b": "String"'],
    });
    const findings = buildSchemas([base.page, thing.page, open.page]).findings;
    const at = (needle: string): number => lineOf(thing.text, needle);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.severity, f.location.file, f.location.line]),
      [
        ['table-json-mismatch', 'error', 'v1.0/resources/thing.md', at('|tags|')],
        ['table-json-mismatch', 'error', 'v1.0/resources/thing.md', at('|sizes|')],
        ['table-json-mismatch', 'warning', 'v1.0/resources/thing.md', at('"extra"')],
        ['table-json-mismatch', 'warning', 'v1.0/resources/thing.md', at('|hidden|')],
      ],
    );
    assert.match(
      findings[0]?.message ?? '',
      /"tags" is not a collection in the table, but the JSON representation \(v1\.0\/resources\/thing\.md:\d+\) shows an array/,
    );
  });

  test('real pages: beta group.md names isAssignableRole in its block, isAssignableToRole in its table', () => {
    const files = [
      'beta/resources/group.md',
      'beta/resources/directoryobject.md',
      'beta/resources/unifiedrolemanagementpolicyruletarget.md',
    ].map((path) => `fixtures/corpus/api-reference/${path}`);
    const pages = files.map((file) => parsePage(file, readFileSync(join(ROOT, file), 'utf8')));
    const findings = buildSchemas(pages).findings.filter((f) => f.rule === 'table-json-mismatch');
    const groupText = readFileSync(join(ROOT, files[0] ?? ''), 'utf8');
    assert.ok(
      findings.some(
        (f) =>
          f.location.file === files[0] &&
          f.location.line === lineOf(groupText, '"isAssignableRole"') &&
          /shows "isAssignableRole"/.test(f.message),
      ),
    );
    assert.ok(
      findings.some(
        (f) => f.location.file === files[0] && f.location.line === lineOf(groupText, '|isAssignableToRole|'),
      ),
    );
    // Its Properties table is inside an HTML comment: every property of its block is undocumented.
    const target = findings.filter((f) => f.location.file === files[2]).map((f) => /"(\w+)"/.exec(f.message)?.[1]);
    assert.deepEqual(target.sort(), ['caller', 'enforcedSettings', 'inheritableSettings', 'level', 'operations']);
  });
});

/** `count` resource schemas in a ring: T0.next → T1, …, T(count-1).next → T0, written as DocSchemas with `$ref`. */
function ring(count: number): DocSchema[] {
  return Array.from({ length: count }, (_, i) => {
    const id = resourceSchemaId(`${NS}.t${i}`, 'v1.0');
    return {
      kind: 'resource' as const,
      id,
      typeName: `${NS}.t${i}`,
      version: 'v1.0' as const,
      source: { file: 'ring.md', line: i + 1 },
      schema: {
        $schema: DRAFT_2020_12,
        $id: id,
        type: 'object',
        properties: {
          n: { type: 'integer' },
          next: { anyOf: [{ $ref: resourceSchemaId(`${NS}.t${(i + 1) % count}`, 'v1.0') }, { type: 'null' }] },
        },
      },
    };
  });
}

describe('link cycles', () => {
  // Past the default stack: Ajv overflows near 240 hops (perf-anchors); a larger ring checks nothing more.
  const COUNT = 300;

  test(`the ring of ${COUNT} schemas overflows the stack when Ajv compiles its $refs itself`, () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    for (const { schema } of ring(COUNT)) ajv.addSchema(schema);
    assert.throws(() => ajv.getSchema(resourceSchemaId(`${NS}.t0`, 'v1.0')), RangeError);
  });

  test(`through the registry the same ring compiles schema by schema and validates data nested through all ${COUNT}`, () => {
    const registry: SchemaRegistry = createRegistry(ring(COUNT));
    const validate = defined(registry.resourceValidator(`${NS}.t0`, 'v1.0'), 't0');
    let data: Record<string, unknown> = { n: 'deepest' };
    for (let i = 0; i < COUNT; i++) data = { n: i, next: data };
    const errors = validate(data);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.pointer, `${'/next'.repeat(COUNT)}/n`);
    assert.equal(errors[0].message, 'is "deepest", must be integer');
    const all = registry.compileAll();
    assert.deepEqual(all.failures, []);
    assert.equal(all.compiled, COUNT + 1);
  });
});

describe('the real pages of fixtures/corpus', () => {
  const dir = join(ROOT, 'fixtures/corpus/api-reference');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
  const pages = files.map((file) => parsePage(file, readFileSync(join(ROOT, file), 'utf8')));
  const built = buildSchemas(pages);

  test('every resource page yields a resource schema', () => {
    const resourcePages = pages.filter((p) => p.file.includes('/resources/') && !(p.enums ?? []).length);
    assert.ok(resourcePages.length >= 7);
    for (const page of resourcePages) {
      assert.ok(page.resource, `${page.file} yields a resource`);
      const schema = built.schemas.find(
        (s) => s.kind === 'resource' && s.typeName === page.resource?.name && s.version === page.version,
      );
      assert.ok(schema, `${page.file} yields a schema for ${page.resource.name}`);
    }
  });

  test('all schemas compile together in strict mode', () => {
    const result = createRegistry(built.schemas, built.findings).compileAll();
    assert.deepEqual(result.failures, []);
    assert.equal(result.compiled, built.schemas.length + 1);
    assert.ok(built.schemas.filter((s) => s.kind === 'enum').length > 100, 'enums.md gives its enums');
  });

  test('v1.0 user: ageGroup and enums from the page, a documented directoryObject base is absent, so it is a warning', () => {
    const registry = createRegistry(built.schemas);
    const validate = defined(registry.resourceValidator(`${NS}.user`, 'v1.0'), 'user');
    assert.deepEqual(validate({ ageGroup: 'Adult', businessPhones: ['1'], accountEnabled: true }), []);
    assert.deepEqual(pointers(validate({ ageGroup: 'toddler', businessPhones: 'x', accountEnabled: 'yes' })), [
      '/accountEnabled',
      '/ageGroup',
      '/businessPhones',
    ]);
    assert.ok(
      built.findings.some(
        (f) =>
          f.rule === 'unresolved-type' &&
          /base type microsoft\.graph\.directoryObject of microsoft\.graph\.user/.test(f.message),
      ),
    );
  });
});
