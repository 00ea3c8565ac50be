/**
 * Doc tables → JSON Schemas (src/schema/build-schemas.ts): the seed page, then small pages written here as markdown.
 * Schemas are judged by what they accept once compiled by the project's registry (Ajv 2020, strict mode).
 *
 * Run: node --import tsx --test tests/unit/schema-build.test.ts
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadDocs } from '../../src/docs/load-docs.ts';
import type { Page } from '../../src/docs/model.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { buildSchemas, resourceSchemaId, type DocSchema } from '../../src/schema/build-schemas.ts';
import type { JsonSchema } from '../../src/schema/json-schema.ts';
import { buildSchemaRegistry, createAjv, createRegistry, type Validator } from '../../src/schema/registry.ts';
import { ROOT, SEED_FILE, SEED_TEXT, lineOf } from './support/seed.ts';

const PROFILE_PHOTO = 'microsoft.graph.profilePhoto';

interface Written {
  readonly page: Page;
  readonly text: string;
}

/** An API page whose request body represents `type` (when given) and documents `rows`. */
function bodyPage(file: string, rows: readonly string[], type?: string): Written {
  const prose = type
    ? `In the request body, supply a JSON representation of the [${type}](../resources/${type.toLowerCase()}.md) object.`
    : 'In the request body, supply the following parameters.';
  const text = [
    `# Update ${type ?? 'something'}`,
    '',
    'Namespace: microsoft.graph',
    '',
    '## Request body',
    prose,
    '',
    '|Property|Type|Description|',
    '|:---|:---|:---|',
    ...rows,
    '',
  ].join('\n');
  return { page: parsePage(file, text), text };
}

function loadSeed(): Page {
  const { pages, findings } = loadDocs([`${ROOT}fixtures/docs`], ROOT);
  assert.deepEqual(findings, []);
  assert.equal(pages.length, 1);
  const [page] = pages;
  assert.ok(page);
  assert.equal(page.file, SEED_FILE);
  return page;
}

function schemaOf(schemas: readonly DocSchema[], kind: DocSchema['kind'], typeName?: string): DocSchema {
  const found = schemas.filter((s) => s.kind === kind && (typeName === undefined || s.typeName === typeName));
  assert.equal(
    found.length,
    1,
    `one ${kind} schema${typeName ? ` for ${typeName}` : ''}; have ${schemas.map((s) => s.id).join(', ')}`,
  );
  const [schema] = found;
  assert.ok(schema);
  return schema;
}

function record(value: unknown, what: string): Record<string, unknown> {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${what} is an object`);
  return value as Record<string, unknown>;
}

function propertyOf(schema: DocSchema, name: string): JsonSchema {
  return record(record(schema.schema.properties, 'properties')[name], `property ${name}`);
}

function validator(found: Validator | undefined, what: string): Validator {
  assert.ok(found, `a validator for ${what}`);
  return found;
}

/** The distinct data pointers errors name, sorted. */
function pointers(errors: readonly { readonly pointer: string }[]): string[] {
  return [...new Set(errors.map((e) => e.pointer))].sort();
}

describe('the seed page', () => {
  const page = loadSeed();
  const built = buildSchemas([page]);
  const registry = createRegistry(built.schemas, built.findings);
  const resource = schemaOf(built.schemas, 'resource', PROFILE_PHOTO);
  const requestBody = schemaOf(built.schemas, 'request-body');
  const line = (needle: string): string => `${SEED_FILE}:${lineOf(SEED_TEXT, needle)}`;

  test('gives one resource schema and one request-body schema, and no findings', () => {
    assert.equal(built.schemas.length, 2);
    assert.deepEqual(built.findings, []);
    assert.deepEqual(
      built.schemas.map((s) => s.id),
      [...built.schemas.map((s) => s.id)].sort(),
    );
  });

  test('the resource schema: profilePhoto, beta, located at the request-body section', () => {
    assert.equal(resource.typeName, PROFILE_PHOTO);
    assert.equal(resource.version, 'beta');
    assert.match(resource.id, /\/beta\/microsoft\.graph\.profilePhoto\.schema\.json$/);
    assert.equal(resource.schema.$id, resource.id);
    assert.deepEqual(resource.source, { file: SEED_FILE, line: lineOf(SEED_TEXT, '## Request body') });
    assert.equal(resource.schema['x-source'], line('## Request body'));
    assert.equal(resource.schema.type, 'object');
    assert.deepEqual(Object.keys(record(resource.schema.properties, 'properties')), [
      '@odata.type',
      'id',
      'height',
      'width',
    ]);
  });

  test('the resource schema is open, has no required properties and accepts the documented response', () => {
    assert.equal(resource.schema.additionalProperties, undefined);
    assert.equal(resource.schema.required, undefined);
    const validate = validator(registry.resourceValidator(PROFILE_PHOTO, 'beta'), 'profilePhoto');
    const response = page.examples[0]?.response?.body;
    assert.ok(response?.kind === 'json');
    assert.deepEqual(validate(response.value), []);
    assert.deepEqual(validate({ id: 'x', colour: 'red', 'height@odata.type': '#Int32', '@odata.context': 'x' }), []);
    assert.deepEqual(validate({ height: null, width: null }), []);
    assert.deepEqual(pointers(validate({ height: '6' })), ['/height']);
    // OData's `#` is optional (the service takes both); a type the doc set does not document may derive from it.
    assert.deepEqual(validate({ '@odata.type': 'microsoft.graph.profilePhoto' }), []);
    assert.deepEqual(validate({ '@odata.type': '#microsoft.graph.user' }), [], 'undocumented here: not decidable');
  });

  test('the request-body schema is closed: unknown properties are rejected, OData annotations are not', () => {
    assert.equal(requestBody.typeName, PROFILE_PHOTO);
    assert.equal(requestBody.schema.additionalProperties, false);
    const validate = validator(registry.requestBodyValidator(page), 'the request body');
    const sent = page.examples[0]?.request.body;
    assert.ok(sent?.kind === 'json');
    assert.deepEqual(validate(sent.value), []);
    assert.deepEqual(
      validate({
        height: 1,
        '@odata.context': 'https://graph.microsoft.com/beta/$metadata#x',
        'height@odata.type': '#Int32',
        '@odata.etag': 'W/"1"',
      }),
      [],
    );
    const errors = validate({ height: 1, colour: 'red' });
    assert.deepEqual(
      errors.map((e) => [e.pointer, e.keyword]),
      [['/colour', 'additionalProperties']],
    );
  });

  test('the request-body schema declares @odata.type the documented type (or a type derived from it)', () => {
    const validate = validator(registry.requestBodyValidator(page), 'the request body');
    assert.deepEqual(validate({ '@odata.type': '#microsoft.graph.profilePhoto' }), []);
    assert.deepEqual(validate({ '@odata.type': 'microsoft.graph.profilePhoto' }), [], 'without the # too');
    assert.deepEqual(pointers(validate({ '@odata.type': 7 })), ['/@odata.type']);
    assert.deepEqual(propertyOf(requestBody, '@odata.type')['x-odata-type'], resourceSchemaId(PROFILE_PHOTO, 'beta'));
    assert.equal(propertyOf(requestBody, '@odata.type')['x-source'], line('supply a JSON representation'));
  });

  test('every property carries x-source file:line of its table row and its description', () => {
    for (const schema of [resource, requestBody]) {
      assert.equal(propertyOf(schema, 'id')['x-source'], line('|id|'));
      assert.equal(propertyOf(schema, 'height')['x-source'], line('|height|'));
      assert.equal(propertyOf(schema, 'width')['x-source'], line('|width|'));
      assert.equal(propertyOf(schema, 'height').description, 'TODO: Add Description');
      assert.equal(propertyOf(schema, 'id').description, 'TODO: Add Description Inherited from entity');
    }
  });

  test('Int32 properties are nullable; the key (id) is not', () => {
    const validate = validator(registry.requestBodyValidator(page), 'the request body');
    assert.deepEqual(propertyOf(resource, 'height').type, ['integer', 'null']);
    assert.deepEqual(propertyOf(resource, 'id').type, 'string');
    assert.deepEqual(validate({ height: null }), []);
    assert.deepEqual(pointers(validate({ id: null })), ['/id']);
    assert.deepEqual(pointers(validate({ height: 2147483648, width: 1.5 })), ['/height', '/width']);
  });
});

describe('table rows', () => {
  const file = 'api/widget-update.md';
  const { page, text } = bodyPage(
    file,
    [
      '|id|String|The identifier. Read-only.|',
      '|name|String|Required. The display name. Not nullable.|',
      '|createdDateTime|DateTimeOffset|When it was made. Read-only.|',
      '|size|Int64|Size in bytes. Not Nullable|',
      '|notes|String||',
      '|colour|Bogus|The colour.|',
      '|tags|String collection|Tags.|',
    ],
    'widget',
  );
  const built = buildSchemas([page]);
  const registry = createRegistry(built.schemas, built.findings);
  const resource = schemaOf(built.schemas, 'resource', 'microsoft.graph.widget');
  const requestBody = schemaOf(built.schemas, 'request-body');

  test('"Read-only" sets readOnly; other rows have no readOnly', () => {
    assert.equal(propertyOf(resource, 'id').readOnly, true);
    assert.equal(propertyOf(resource, 'createdDateTime').readOnly, true);
    assert.equal(propertyOf(resource, 'name').readOnly, undefined);
    assert.equal(propertyOf(resource, 'tags').readOnly, undefined);
  });

  test('"Not nullable" (any case) drops null; other properties take null', () => {
    const validate = validator(registry.resourceValidator('microsoft.graph.widget'), 'widget');
    assert.deepEqual(pointers(validate({ name: null, size: null })), ['/name', '/size']);
    assert.deepEqual(validate({ createdDateTime: null, tags: null, notes: null }), []);
    assert.deepEqual(pointers(validate({ createdDateTime: '2021-01-01T00:00:00', tags: ['a', 1] })), [
      '/createdDateTime',
      '/tags/1',
    ]);
  });

  test('"Required." makes a request-body property required; the resource schema requires nothing', () => {
    assert.deepEqual(requestBody.schema.required, ['name']);
    assert.equal(resource.schema.required, undefined);
    const validate = validator(registry.requestBodyValidator(page), 'request body');
    assert.deepEqual(
      validate({}).map((e) => [e.pointer, e.keyword]),
      [['/name', 'required']],
    );
    assert.deepEqual(validate({ name: 'w' }), []);
  });

  test('"Required." is read wherever it stands; a required statement with a condition makes nothing required', () => {
    const { page: create } = bodyPage('api/group-create.md', [
      '|displayName|String|The name to show. Maximum length: 256 characters. Required.|',
      '|mailNickname|String|The mail alias. **Required**|',
      '|securityEnabled|Boolean|Required.<br>Set to true for security groups.|',
      '|description|String|A description. Optional.|',
      '|onPremisesImmutableId|String|Required if the domain is federated.|',
      '|passwordPolicies|String|This property is required when a user is created.|',
      '|requiredMembers|String|Members who are required to attend.|',
    ]);
    const schema = schemaOf(buildSchemas([create]).schemas, 'request-body');
    assert.deepEqual(schema.schema.required, ['displayName', 'mailNickname', 'securityEnabled']);
  });

  test('an empty description is left out', () => {
    assert.equal('description' in propertyOf(resource, 'notes'), false);
    assert.equal(propertyOf(resource, 'notes')['x-source'], `${file}:${lineOf(text, '|notes|')}`);
  });

  test('an unknown type spelling gives an unknown-type finding at its row, and the build goes on', () => {
    assert.deepEqual(built.findings, [
      {
        rule: 'unknown-type',
        severity: 'error',
        message: 'property "colour" has the type "Bogus", which is not a Graph type',
        location: { file, line: lineOf(text, '|colour|') },
      },
    ]);
    assert.deepEqual(Object.keys(record(resource.schema.properties, 'properties')), [
      '@odata.type',
      'id',
      'name',
      'createdDateTime',
      'size',
      'notes',
      'colour',
      'tags',
    ]);
    assert.equal(propertyOf(resource, 'colour')['x-source'], `${file}:${lineOf(text, '|colour|')}`);
    const validate = validator(registry.requestBodyValidator(page), 'request body');
    for (const value of ['red', 1, null, { r: 1 }])
      assert.deepEqual(validate({ name: 'w', colour: value }), [], 'an unknown type checks nothing');
    assert.deepEqual(
      pointers(validate({ name: 'w', size: 'big' })),
      ['/size'],
      'the other properties are still checked',
    );
  });

  test('a registry built from the pages exposes the build findings', () => {
    assert.deepEqual(buildSchemaRegistry([page]).findings, built.findings);
  });
});

describe('request-only tables', () => {
  test('a body that represents no resource gives a closed schema without @odata.type pin and reports its own findings', () => {
    const file = 'api/user-assignlicense.md';
    const { page, text } = bodyPage(file, [
      '|addLicenses|Collection(Edm.Guid)|Licenses to add.|',
      '|note|Strange|A note.|',
    ]);
    const built = buildSchemas([page]);
    assert.deepEqual(
      built.schemas.map((s) => s.kind),
      ['request-body'],
    );
    const [body] = built.schemas;
    assert.ok(body);
    assert.equal(body.typeName, undefined);
    assert.equal(record(body.schema.properties, 'properties')['@odata.type'], undefined);
    assert.deepEqual(
      built.findings.map((f) => [f.rule, f.location.line]),
      [['unknown-type', lineOf(text, '|note|')]],
    );
    const validate = validator(createRegistry(built.schemas).requestBodyValidator(page), 'request body');
    assert.deepEqual(validate({ addLicenses: ['861907cf-07cf-8619-cf07-1986cf071986'] }), []);
    assert.deepEqual(pointers(validate({ addLicenses: ['x'], removeLicenses: [] })), [
      '/addLicenses/0',
      '/removeLicenses',
    ]);
  });

  test('a page without a request-body table gives no schema', () => {
    const page = parsePage(
      'api/user-delete.md',
      '# Delete user\n\n## Request body\nDo not supply a request body for this method.\n',
    );
    assert.deepEqual(buildSchemas([page]), { schemas: [], findings: [] });
  });
});

describe('linked types', () => {
  test('a linked type not in the doc set gives unresolved-type and is checked as an object', () => {
    const file = 'api/event-update.md';
    const { page, text } = bodyPage(
      file,
      [
        '|organizer|[identitySet](../resources/identityset.md)|The organizer.|',
        '|attendees|[attendee](../resources/attendee.md) collection|Attendees.|',
      ],
      'event',
    );
    const built = buildSchemas([page]);
    assert.deepEqual(
      built.findings.map((f) => [f.rule, f.severity, f.location.file, f.location.line]),
      [
        ['unresolved-type', 'warning', file, lineOf(text, '|organizer|')],
        ['unresolved-type', 'warning', file, lineOf(text, '|attendees|')],
      ],
    );
    assert.match(built.findings[0]?.message ?? '', /microsoft\.graph\.identitySet/);
    const validate = validator(createRegistry(built.schemas).requestBodyValidator(page), 'request body');
    assert.deepEqual(validate({ organizer: { anything: 1 }, attendees: [{}, { x: 1 }] }), []);
    assert.deepEqual(validate({ organizer: null, attendees: null }), []);
    assert.deepEqual(pointers(validate({ organizer: 'me', attendees: [1] })), ['/attendees/0', '/organizer']);
  });

  test('a property typed by a type another page documents is a $ref that compiles and validates', () => {
    const event = bodyPage(
      'api/event-update.md',
      ['|subject|String|Subject.|', '|organizer|[identitySet](../resources/identityset.md)|The organizer.|'],
      'event',
    );
    const identity = bodyPage(
      'api/identityset-update.md',
      ['|displayName|String|The name. Not nullable.|'],
      'identitySet',
    );
    const built = buildSchemas([event.page, identity.page]);
    assert.deepEqual(built.findings, []);
    const body = schemaOf(built.schemas, 'request-body', 'microsoft.graph.event');
    const target = schemaOf(built.schemas, 'resource', 'microsoft.graph.identitySet');
    assert.deepEqual(propertyOf(body, 'organizer').anyOf, [{ $ref: target.id }, { type: 'null' }]);

    const registry = createRegistry(built.schemas);
    const validate = validator(registry.requestBodyValidator(event.page), 'event body');
    assert.deepEqual(
      validate({ subject: 's', organizer: { displayName: 'Ada', extra: true } }),
      [],
      'the referenced resource schema is open',
    );
    const errors = validate({ organizer: { displayName: null } });
    const nested = errors.find((e) => e.pointer === '/organizer/displayName');
    assert.ok(nested, `an error at /organizer/displayName in ${JSON.stringify(errors)}`);
    assert.equal(nested.keyword, 'type');
    assert.equal(nested.source, `api/identityset-update.md:${lineOf(identity.text, '|displayName|')}`);
  });

  test('a linked collection of a documented type is an array of $refs', () => {
    const group = bodyPage(
      'api/group-update.md',
      ['|owners|[user](../resources/user.md) collection|Owners.|'],
      'group',
    );
    const user = bodyPage(
      'api/user-update.md',
      ['|displayName|String|Name.|', '|accountEnabled|Boolean|Enabled.|'],
      'user',
    );
    const built = buildSchemas([group.page, user.page]);
    assert.deepEqual(built.findings, []);
    const validate = validator(createRegistry(built.schemas).requestBodyValidator(group.page), 'group body');
    assert.deepEqual(validate({ owners: [{ displayName: 'a' }, { accountEnabled: true }] }), []);
    assert.ok(
      validate({ owners: [{ displayName: 'a' }, { accountEnabled: 'yes' }] }).some(
        (e) => e.pointer === '/owners/1/accountEnabled',
      ),
    );
  });

  test('a $ref cycle (A → B → A) compiles in strict mode and validates at depth', () => {
    const alpha = bodyPage(
      'api/alpha-update.md',
      ['|partner|[beta](../resources/beta.md)|The partner.|', '|label|String|Label.|'],
      'alpha',
    );
    const beta = bodyPage(
      'api/beta-update.md',
      ['|partners|[alpha](../resources/alpha.md) collection|Partners.|'],
      'beta',
    );
    const built = buildSchemas([alpha.page, beta.page]);
    assert.deepEqual(built.findings, []);
    const registry = createRegistry(built.schemas);
    const validateAlpha = validator(registry.resourceValidator('microsoft.graph.alpha'), 'alpha');
    const validateBeta = validator(registry.resourceValidator('microsoft.graph.beta'), 'beta');
    validator(registry.requestBodyValidator(alpha.page), 'alpha body');
    validator(registry.requestBodyValidator(beta.page), 'beta body');
    assert.deepEqual(validateAlpha({ partner: { partners: [{ partner: { partners: [] }, label: 'x' }] } }), []);
    assert.ok(
      validateAlpha({ partner: { partners: [{ partner: { partners: [{ label: 1 }] } }] } }).some(
        (e) => e.pointer === '/partner/partners/0/partner/partners/0/label',
      ),
    );
    assert.ok(validateBeta({ partners: [{ partner: 'x' }] }).some((e) => e.pointer === '/partners/0/partner'));
  });

  test('a property documented with one of several types ("[a](a.md) or [b](b.md)") accepts either, and only those', () => {
    const call = bodyPage(
      'api/call-update.md',
      [
        '|mediaConfig|[appHostedMediaConfig](../resources/apphostedmediaconfig.md) or [serviceHostedMediaConfig](../resources/servicehostedmediaconfig.md)|The media configuration.|',
      ],
      'call',
    );
    const app = bodyPage('api/apphosted-update.md', ['|blob|String|The blob.|'], 'appHostedMediaConfig');
    const service = bodyPage(
      'api/servicehosted-update.md',
      ['|preFetchMedia|Boolean|Prefetch.|'],
      'serviceHostedMediaConfig',
    );
    const built = buildSchemas([call.page, app.page, service.page]);
    assert.deepEqual(built.findings, []);
    const validate = validator(createRegistry(built.schemas).resourceValidator('microsoft.graph.call'), 'call');
    assert.deepEqual(
      validate({ mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig', preFetchMedia: true } }),
      [],
    );
    assert.deepEqual(
      validate({ mediaConfig: { '@odata.type': '#microsoft.graph.appHostedMediaConfig', blob: 'x' } }),
      [],
    );
    // A documented type that is neither, nor derived from either, is refused.
    assert.notDeepEqual(validate({ mediaConfig: { '@odata.type': '#microsoft.graph.call' } }), []);
  });

  test('a link whose letter case differs from the documenting page still resolves (types are matched case-insensitively)', () => {
    // identityset.md itself links `[Identity](identity.md)` while identity.md documents `identity`: case varies in Graph docs.
    const event = bodyPage(
      'api/event-update.md',
      ['|organizer|[IdentitySet](../resources/identityset.md)|The organizer.|'],
      'event',
    );
    const identity = bodyPage('api/identityset-update.md', ['|displayName|String|The name.|'], 'identitySet');
    const built = buildSchemas([event.page, identity.page]);
    assert.deepEqual(built.findings, [], 'the type is known, so no unresolved-type');
    const registry = createRegistry(built.schemas);
    let validate: Validator | undefined;
    assert.doesNotThrow(() => {
      validate = registry.requestBodyValidator(event.page);
    }, 'the $ref must point at the schema $id that exists');
    assert.ok(validate);
    assert.ok(validate({ organizer: { displayName: 5 } }).some((e) => e.pointer === '/organizer/displayName'));
  });

  test('types resolve within a version only', () => {
    const betaEvent = bodyPage(
      'beta/api/event-update.md',
      ['|organizer|[identitySet](../resources/identityset.md)|The organizer.|'],
      'event',
    );
    const v1Identity = bodyPage('v1.0/api/identityset-update.md', ['|displayName|String|The name.|'], 'identitySet');
    assert.equal(betaEvent.page.version, 'beta');
    assert.equal(v1Identity.page.version, 'v1.0');
    const built = buildSchemas([betaEvent.page, v1Identity.page]);
    assert.deepEqual(
      built.findings.map((f) => f.rule),
      ['unresolved-type'],
    );
    const registry = createRegistry(built.schemas);
    assert.ok(registry.resourceValidator('microsoft.graph.identitySet', 'v1.0'));
    assert.equal(registry.resourceValidator('microsoft.graph.identitySet', 'beta'), undefined);
  });
});

describe('two pages documenting the same type', () => {
  const create = bodyPage('api/thing-create.md', ['|id|String|Id.|', '|name|String|Required. Name.|'], 'thing');
  const update = bodyPage(
    'api/thing-update.md',
    ['|name|Int32|Name, documented differently.|', '|size|Int32|Size.|', '|shape|Bogus|Shape.|'],
    'thing',
  );
  const built = buildSchemas([create.page, update.page]);
  const resource = schemaOf(built.schemas, 'resource', 'microsoft.graph.thing');

  test('merge into one resource schema; the first page defines a shared property', () => {
    assert.deepEqual(Object.keys(record(resource.schema.properties, 'properties')), [
      '@odata.type',
      'id',
      'name',
      'size',
      'shape',
    ]);
    assert.deepEqual(resource.source, create.page.requestBody?.location);
    assert.deepEqual(propertyOf(resource, 'name').type, ['string', 'null']);
    assert.equal(propertyOf(resource, 'name')['x-source'], `api/thing-create.md:${lineOf(create.text, '|name|')}`);
    assert.equal(propertyOf(resource, 'size')['x-source'], `api/thing-update.md:${lineOf(update.text, '|size|')}`);
  });

  test('each page keeps its own closed request-body schema', () => {
    const registry = createRegistry(built.schemas, built.findings);
    const createBody = validator(registry.requestBodyValidator(create.page), 'create body');
    const updateBody = validator(registry.requestBodyValidator(update.page), 'update body');
    assert.deepEqual(pointers(createBody({ name: 'n', size: 1 })), ['/size']);
    assert.deepEqual(updateBody({ name: 1, size: 1 }), []);
    assert.deepEqual(pointers(updateBody({ id: 'x' })), ['/id']);
  });

  test('a row merged from the second page reports its finding once', () => {
    const unknown = built.findings.filter((f) => f.rule === 'unknown-type');
    assert.deepEqual(
      unknown.map((f) => f.location),
      [{ file: 'api/thing-update.md', line: lineOf(update.text, '|shape|') }],
      `one unknown-type finding for the one "shape" row, got ${JSON.stringify(unknown)}`,
    );
  });

  test('the same type in two versions gives two resource schemas', () => {
    const v1 = bodyPage('v1.0/api/thing-update.md', ['|a|String|A.|'], 'thing');
    const beta = bodyPage('beta/api/thing-update.md', ['|b|String|B.|'], 'thing');
    const schemas = buildSchemas([v1.page, beta.page]).schemas.filter((s) => s.kind === 'resource');
    assert.deepEqual(
      schemas.map((s) => [s.version, Object.keys(record(s.schema.properties, 'properties'))]),
      [
        ['beta', ['@odata.type', 'b']],
        ['v1.0', ['@odata.type', 'a']],
      ],
    );
  });
});

describe('every schema the fixture pages give', () => {
  // The registry does not check doc schemas against the meta-schema as it compiles them: this test does, once, over
  // every page the tests have (the seed's, the fixture corpus's 64 real pages).
  test('is a valid JSON Schema 2020-12', () => {
    const { pages } = loadDocs([join(ROOT, 'fixtures/docs'), join(ROOT, 'fixtures/corpus')], ROOT);
    const { schemas } = buildSchemas(pages);
    assert.ok(schemas.length > 20, `the fixtures give ${String(schemas.length)} schemas`);
    const ajv = createAjv();
    const invalid = schemas.flatMap((s) =>
      ajv.validateSchema(s.schema) === true ? [] : [`${s.id}: ${ajv.errorsText(ajv.errors)}`],
    );
    assert.deepEqual(invalid, []);
  });
});
