/**
 * The schema registry (src/schema/registry.ts): located schema errors, Graph error bodies, lookups by type and
 * version, and compile-once caching.
 *
 * Run: node --import tsx --test tests/unit/schema-registry.test.ts
 */
import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { loadDocs } from '../../src/docs/load-docs.ts';
import type { Page } from '../../src/docs/model.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { buildSchemas, requestBodySchemaId, resourceSchemaId } from '../../src/schema/build-schemas.ts';
import { SCHEMA_BASE } from '../../src/schema/json-schema.ts';
import {
  buildSchemaRegistry,
  createRegistry,
  type SchemaError,
  type SchemaRegistry,
  type Validator,
} from '../../src/schema/registry.ts';
import { ROOT, lineOf, seedAt } from './support/seed.ts';

const PROFILE_PHOTO = 'microsoft.graph.profilePhoto';

function loadSeed(): { page: Page; registry: SchemaRegistry } {
  const { pages, findings } = loadDocs([`${ROOT}fixtures/docs`], ROOT);
  assert.deepEqual(findings, []);
  const [page] = pages;
  assert.ok(page);
  return { page, registry: buildSchemaRegistry(pages) };
}

function defined(found: Validator | undefined, what: string): Validator {
  assert.ok(found, `a validator for ${what}`);
  return found;
}

/** The single error at `pointer` with `keyword`. */
function only(errors: readonly SchemaError[], pointer: string, keyword: string): SchemaError {
  const matching = errors.filter((e) => e.pointer === pointer && e.keyword === keyword);
  assert.equal(matching.length, 1, `one ${keyword} error at ${pointer || '(root)'} in ${JSON.stringify(errors)}`);
  const [error] = matching;
  assert.ok(error);
  return error;
}

const WIDGET_FILE = 'api/widget-create.md';
const WIDGET_TEXT = [
  '# Create widget',
  '',
  '## Request body',
  'In the request body, supply a JSON representation of the [widget](../resources/widget.md) object.',
  '',
  '|Property|Type|Description|',
  '|:---|:---|:---|',
  '|name|String|Required. The name. Not nullable.|',
  '|kind|String|Required. The kind.|',
  '|weight|Double|The weight.|',
  '|count|Int32|How many. Not nullable.|',
  '|a/b~c|String|A name that needs escaping in a pointer.|',
  '',
].join('\n');
const widgetAt = (needle: string): string => `${WIDGET_FILE}:${lineOf(WIDGET_TEXT, needle)}`;

function loadWidget(): { page: Page; registry: SchemaRegistry } {
  const page = parsePage(WIDGET_FILE, WIDGET_TEXT);
  return { page, registry: buildSchemaRegistry([page]) };
}

describe('SchemaError', () => {
  const seed = loadSeed();
  const body = defined(seed.registry.requestBodyValidator(seed.page), 'the seed request body');
  const widget = loadWidget();
  const widgetBody = defined(widget.registry.requestBodyValidator(widget.page), 'the widget request body');

  test('a valid body has no errors', () => {
    assert.deepEqual(body({ '@odata.type': '#microsoft.graph.profilePhoto', height: 6, width: 5 }), []);
    assert.deepEqual(widgetBody({ name: 'n', kind: 'k', weight: 'NaN', count: 0 }), []);
  });

  test('type: pointer, keyword, what was found and what the doc asks, and the row it was built from', () => {
    const error = only(body({ height: '6' }), '/height', 'type');
    assert.deepEqual(error, {
      pointer: '/height',
      keyword: 'type',
      message: 'is "6", must be integer or null',
      source: seedAt('|height|'),
    });
  });

  test('type of a non-nullable property', () => {
    const error = only(widgetBody({ name: 'n', kind: 'k', count: 'many' }), '/count', 'type');
    assert.deepEqual(error, {
      pointer: '/count',
      keyword: 'type',
      message: 'is "many", must be integer',
      source: widgetAt('|count|'),
    });
  });

  test('maximum', () => {
    const error = only(body({ width: 2147483648 }), '/width', 'maximum');
    assert.equal(error.source, seedAt('|width|'));
    assert.match(error.message, /^is 2147483648, must be <= 2147483647$/);
  });

  test('additionalProperties: the pointer names the property; the source is the request-body section', () => {
    const errors = body({ height: 1, colour: 'red' });
    assert.deepEqual(errors, [
      {
        pointer: '/colour',
        keyword: 'additionalProperties',
        message: 'is not a documented property',
        source: seedAt('## Request body'),
      },
    ]);
  });

  test('additionalProperties: property names are escaped as JSON pointer tokens', () => {
    const errors = body({ 'x/y~z': 1 });
    assert.deepEqual(
      errors.map((e) => e.pointer),
      ['/x~1y~0z'],
    );
  });

  test('a documented name with / and ~ is reported at its escaped pointer', () => {
    const error = only(widgetBody({ name: 'n', kind: 'k', 'a/b~c': 1 }), '/a~1b~0c', 'type');
    assert.equal(error.source, widgetAt('|a/b~c|'));
  });

  test('a row is compiled when a body first holds it, once for every row that states the same rule', () => {
    const compile = mock.method(Ajv2020.prototype, 'compile');
    try {
      const fresh = loadWidget();
      const validate = defined(fresh.registry.requestBodyValidator(fresh.page), 'the widget request body');
      const compiledRules = (): number => compile.mock.calls.length;
      assert.equal(compiledRules(), 0, 'no row is compiled with the schema');
      // kind and a/b~c are both "String, nullable": one rule, two rows, each error naming its own row.
      const errors = validate({ name: 'n', kind: 1, 'a/b~c': 2 });
      assert.equal(compiledRules(), 2, 'name, and the rule kind and a/b~c share');
      assert.deepEqual(
        errors.map((e) => [e.pointer, e.keyword, e.source]),
        [
          ['/kind', 'type', widgetAt('|kind|')],
          ['/a~1b~0c', 'type', widgetAt('|a/b~c|')],
        ],
      );
      validate({ name: 'm', kind: 'k', 'a/b~c': 'x' });
      assert.equal(compiledRules(), 2, 'rules already compiled serve later bodies');
    } finally {
      compile.mock.restore();
    }
  });

  test('members named like Object.prototype members are rows like any other, documented or not', () => {
    const errors = body(JSON.parse('{"__proto__": 1, "constructor": 2, "height": "6"}') as unknown);
    assert.deepEqual(
      errors.map((e) => [e.pointer, e.keyword]),
      [
        ['/__proto__', 'additionalProperties'],
        ['/constructor', 'additionalProperties'],
        ['/height', 'type'],
      ],
    );
    assert.match(
      body({ Height: 1 })[0]?.message ?? '',
      /the table writes "height"/,
      'a row in another letter case is named',
    );
    assert.ok(
      widgetBody({}).some((e) => e.keyword === 'required'),
      'the widget table requires rows: the check sees them',
    );
  });

  test('x-odata-type: @odata.type must be the documented type or one documented as deriving from it', () => {
    const pages = [
      seed.page,
      parsePage(
        'docs/beta/resources/user.md',
        [
          '# user resource type',
          '',
          'Inherits from [directoryObject](directoryobject.md).',
          '',
          '## Properties',
          '|Property|Type|Description|',
          '|:--|:--|:--|',
          '|id|String|The id.|',
          '',
          '## JSON representation',
          '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.user" } -->',
          '```json',
          '{ "id": "String" }',
          '```',
        ].join('\n'),
      ),
    ];
    const built = buildSchemas(pages);
    const registry = createRegistry(built.schemas, built.findings);
    const validate = defined(registry.requestBodyValidator(seed.page), 'the seed request body');
    assert.deepEqual(validate({ '@odata.type': '#microsoft.graph.profilePhoto' }), []);
    assert.deepEqual(validate({ '@odata.type': '#microsoft.graph.anythingUndocumented' }), []);
    const error = only(validate({ '@odata.type': '#microsoft.graph.user' }), '/@odata.type', 'x-odata-type');
    assert.deepEqual(error, {
      pointer: '/@odata.type',
      keyword: 'x-odata-type',
      message:
        'is "#microsoft.graph.user", must be microsoft.graph.profilePhoto or a type documented as deriving from it',
      source: seedAt('supply a JSON representation'),
    });
  });

  test('required: every missing property, each at its own pointer, located at the request-body section', () => {
    const errors = widgetBody({});
    assert.deepEqual(
      errors.filter((e) => e.keyword === 'required').sort((a, b) => a.pointer.localeCompare(b.pointer)),
      [
        { pointer: '/kind', keyword: 'required', message: 'is missing', source: widgetAt('## Request body') },
        { pointer: '/name', keyword: 'required', message: 'is missing', source: widgetAt('## Request body') },
      ],
    );
  });

  test('every broken rule is reported, not only the first', () => {
    const errors = body({ height: 'x', width: 1.5, colour: 1 });
    assert.deepEqual([...new Set(errors.map((e) => e.pointer))].sort(), ['/colour', '/height', '/width']);
  });

  test('a Double failure still names the row it was built from', () => {
    const errors = widgetBody({ name: 'n', kind: 'k', weight: 'heavy' });
    assert.ok(errors.length > 0);
    assert.ok(
      errors.every((e) => e.pointer === '/weight'),
      JSON.stringify(errors),
    );
    assert.ok(
      errors.some((e) => e.source === widgetAt('|weight|')),
      JSON.stringify(errors),
    );
  });

  test('a non-object body is a type error at the root', () => {
    const error = only(body([1]), '', 'type');
    assert.equal(error.source, seedAt('## Request body'));
    assert.match(error.message, /^is \[1\], must be object$/);
  });
});

describe('errorValidator', () => {
  const { registry } = loadSeed();
  const validate = registry.errorValidator();

  test('accepts Graph error bodies, with innerError or innererror', () => {
    assert.deepEqual(
      validate({ error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } }),
      [],
    );
    assert.deepEqual(
      validate({
        error: {
          code: 'x',
          message: 'y',
          target: 't',
          details: [{ code: 'a', message: 'b' }],
          innerError: { date: '2024-01-01T00:00:00', 'request-id': 'r' },
        },
      }),
      [],
    );
    assert.deepEqual(validate({ error: { code: 'x', message: 'y', innererror: {} } }), []);
  });

  test('a missing error object, code or message is reported at its pointer', () => {
    assert.deepEqual(
      validate({}).map((e) => [e.pointer, e.keyword]),
      [['/error', 'required']],
    );
    assert.deepEqual(
      validate({ error: { code: 'x' } }).map((e) => [e.pointer, e.keyword]),
      [['/error/message', 'required']],
    );
    assert.deepEqual(
      validate({ error: {} })
        .map((e) => e.pointer)
        .sort(),
      ['/error/code', '/error/message'],
    );
  });

  test('wrong types are reported', () => {
    assert.deepEqual(
      validate({ error: { code: 401, message: 'm' } }).map((e) => [e.pointer, e.keyword, e.message]),
      [['/error/code', 'type', 'is 401, must be string']],
    );
    assert.deepEqual(
      validate({ error: 'Unauthorized' }).map((e) => [e.pointer, e.keyword]),
      [['/error', 'type']],
    );
    assert.deepEqual(
      validate('Unauthorized').map((e) => [e.pointer, e.keyword]),
      [['', 'type']],
    );
  });

  test('is one validator, also in a registry without doc schemas', () => {
    assert.equal(registry.errorValidator(), validate);
    const empty = createRegistry([]);
    assert.deepEqual(empty.errorValidator()({ error: { code: 'c', message: 'm' } }), []);
    assert.equal(empty.errorValidator()({}).length, 1);
  });
});

describe('resourceValidator', () => {
  const { page, registry } = loadSeed();

  test('with the documented version', () => {
    const validate = defined(registry.resourceValidator(PROFILE_PHOTO, 'beta'), 'beta profilePhoto');
    assert.deepEqual(validate({ id: 'x', height: 1 }), []);
    assert.deepEqual(
      validate({ height: 'x' }).map((e) => e.pointer),
      ['/height'],
    );
  });

  test('with another version: undefined (no fallback across versions)', () => {
    assert.equal(registry.resourceValidator(PROFILE_PHOTO, 'v1.0'), undefined);
  });

  test('without a version: the type in whatever version documents it', () => {
    const validate = defined(registry.resourceValidator(PROFILE_PHOTO), 'profilePhoto');
    assert.equal(validate, registry.resourceValidator(PROFILE_PHOTO, 'beta'));
    assert.equal(
      registry.resourceValidator('microsoft.graph.profilephoto'),
      validate,
      'type names compare case-insensitively',
    );
  });

  test('an undocumented type: undefined', () => {
    assert.equal(registry.resourceValidator('microsoft.graph.user'), undefined);
    assert.equal(registry.resourceValidator('microsoft.graph.user', 'beta'), undefined);
    assert.equal(registry.validatorById('https://example.invalid/none.schema.json'), undefined);
  });

  test('an unversioned doc set is found with and without a version asked for', () => {
    const widget = loadWidget();
    const unversioned = defined(widget.registry.resourceValidator('microsoft.graph.widget'), 'widget');
    assert.equal(widget.registry.resourceValidator('microsoft.graph.widget', 'v1.0'), undefined);
    assert.equal(widget.registry.validatorById(resourceSchemaId('microsoft.graph.widget', undefined)), unversioned);
  });

  test('requestBodyValidator: undefined for a page without a request-body table', () => {
    const other = parsePage('api/user-delete.md', '# Delete user\n\n## Request body\nDo not supply a request body.\n');
    assert.equal(registry.requestBodyValidator(other), undefined);
    assert.ok(registry.requestBodyValidator(page));
  });
});

describe('compiling', () => {
  test('each schema is made once, on first use, and the same validator is returned after', () => {
    const { pages } = loadDocs([`${ROOT}fixtures/docs`], ROOT);
    const [page] = pages;
    assert.ok(page);
    const built = buildSchemas(pages);
    // A doc schema's body is read when its validator is made, and only then: each read is counted.
    const read: string[] = [];
    const counted = built.schemas.map((schema) =>
      Object.defineProperty({ ...schema }, 'schema', {
        enumerable: true,
        get: () => {
          read.push(schema.id);
          return schema.schema;
        },
      }),
    );
    // Graph's error schema is Ajv's to compile (the doc object schemas are composed): Ajv's lookups of it count.
    const getSchema = mock.method(Ajv2020.prototype, 'getSchema');
    try {
      const registry = createRegistry(counted, built.findings);
      const errorId = `${SCHEMA_BASE}odata.error.schema.json`;
      const asked = (): unknown[] =>
        [...read, ...getSchema.mock.calls.map((call) => call.arguments[0])].filter(
          (id) => id === errorId || built.schemas.some((s) => s.id === id),
        );
      assert.deepEqual(asked(), [], 'nothing is made before a check needs it');

      const body = registry.requestBodyValidator(page);
      const again = registry.requestBodyValidator(page);
      assert.ok(body);
      assert.equal(again, body);
      const resource = registry.resourceValidator(PROFILE_PHOTO, 'beta');
      assert.ok(resource);
      assert.equal(registry.resourceValidator(PROFILE_PHOTO, 'beta'), resource);
      assert.equal(registry.resourceValidator(PROFILE_PHOTO), resource);
      assert.equal(registry.validatorById(requestBodySchemaId(page)), body);
      assert.equal(registry.errorValidator(), registry.errorValidator());

      assert.deepEqual(
        asked().sort(),
        [requestBodySchemaId(page), resourceSchemaId(PROFILE_PHOTO, 'beta'), errorId].sort(),
        'each schema is looked up (and so made) once',
      );
    } finally {
      getSchema.mock.restore();
    }
  });

  test('two registries do not share an Ajv instance (schemas with the same $id do not clash)', () => {
    const { pages } = loadDocs([`${ROOT}fixtures/docs`], ROOT);
    const built = buildSchemas(pages);
    const first = createRegistry(built.schemas);
    const second = createRegistry(built.schemas);
    assert.notEqual(first.resourceValidator(PROFILE_PHOTO), second.resourceValidator(PROFILE_PHOTO));
    assert.deepEqual(second.schemas, built.schemas);
  });
});
