/**
 * Property-based: any body the request-body schema allows, PATCHed to the mock, reads back with GET exactly as sent
 * (merged over what was there); any body the schema refuses changes nothing. Bodies are generated from the schemas
 * the docs give (the seed page, and the real `user-update.md` page), with bounded runs.
 *
 * Run: node --import tsx --test tests/unit/mock-roundtrip.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { loadDocs } from '../../src/docs/load-docs.ts';
import type { Page } from '../../src/docs/model.ts';
import { requestBodySchemaId } from '../../src/schema/build-schemas.ts';
import { buildSchemaRegistry, type SchemaRegistry } from '../../src/schema/registry.ts';
import { createTenantCore, type TenantCore } from '../../src/mock-tenant/handler.ts';
import type { Reply } from '../../src/mock-tenant/reply.ts';
import { DEFAULT_TARGET_USER } from '../../src/mock-tenant/tenant.ts';

const NUM_RUNS = 60;
const DOCS = [
  'fixtures/docs/update-photos.md',
  'fixtures/corpus/api-reference/v1.0/api/user-update.md',
  'fixtures/corpus/api-reference/v1.0/api/user-get.md',
  'fixtures/corpus/api-reference/v1.0/resources',
];

type Schema = Readonly<Record<string, unknown>>;

function load(): { pages: readonly Page[]; schemas: SchemaRegistry } {
  const { pages } = loadDocs(DOCS);
  return { pages, schemas: buildSchemaRegistry(pages) };
}

function run(tenant: TenantCore, method: string, url: string, body?: string): Reply {
  const headers: Record<string, string> = { authorization: 'Bearer mock-tenant-token' };
  if (body !== undefined)
    Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  const admission = tenant.admit({ method, url, headers });
  assert.ok(!(admission instanceof Promise));
  if (admission.kind === 'reply') return admission.reply;
  const answer = admission.complete(Buffer.from(body ?? ''));
  assert.ok(!(answer instanceof Promise));
  return answer;
}

function read(tenant: TenantCore, url: string): Readonly<Record<string, unknown>> {
  const reply = run(tenant, 'GET', url);
  assert.ok(reply.kind === 'json' && reply.status === 200, JSON.stringify(reply));
  return reply.body;
}

/** Values for one property of a request-body schema; undefined for what this generator does not cover ($refs). */
function arbitraryFor(schema: Schema): fc.Arbitrary<unknown> | undefined {
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as unknown[]));
  const types = Array.isArray(schema['type'])
    ? (schema['type'] as string[])
    : typeof schema['type'] === 'string'
      ? [schema['type']]
      : [];
  const nullable = types.includes('null');
  const base = baseArbitrary(
    schema,
    types.filter((t) => t !== 'null'),
  );
  if (base === undefined) return undefined;
  return nullable ? fc.option(base, { nil: null, freq: 5 }) : base;
}

function baseArbitrary(schema: Schema, types: readonly string[]): fc.Arbitrary<unknown> | undefined {
  const [type] = types;
  switch (type) {
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : Number.MIN_SAFE_INTEGER;
      const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : Number.MAX_SAFE_INTEGER;
      return fc.integer({ min, max });
    }
    case 'number':
      // -0 is sent as 0 in JSON: the round trip cannot tell them apart.
      return fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
    case 'string':
      if (schema['format'] === 'date-time')
        return fc
          .date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString());
      if (typeof schema['pattern'] === 'string')
        return /uuid|0-9a-fA-F\]\{8\}/.test(schema['pattern']) ? fc.uuid() : undefined;
      if (typeof schema['format'] === 'string') return undefined;
      return fc.string({ maxLength: 40, unit: 'grapheme' });
    case 'array': {
      const items =
        typeof schema['items'] === 'object' && schema['items'] !== null
          ? arbitraryFor(schema['items'] as Schema)
          : undefined;
      return items === undefined ? undefined : fc.array(items, { maxLength: 3 });
    }
    default:
      return undefined;
  }
}

/** Any subset of the generable properties (the identity and annotations are the server's, not the client's). */
function bodyArbitrary(schema: Schema): { arbitrary: fc.Arbitrary<Record<string, unknown>>; names: string[] } {
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (name === 'id' || name.startsWith('@')) continue;
    const arbitrary = arbitraryFor(property);
    if (arbitrary !== undefined) fields[name] = arbitrary;
  }
  return {
    arbitrary: fc.record(fields, { requiredKeys: [] }).filter((body) => Object.keys(body).length > 0),
    names: Object.keys(fields),
  };
}

function requestSchema(schemas: SchemaRegistry, page: Page): Schema {
  const found = schemas.schemas.find((s) => (s.schema as Schema)['$id'] === requestBodySchemaId(page));
  assert.ok(found, `${page.file} has a request-body schema`);
  return found.schema;
}

interface Target {
  readonly file: string;
  readonly patch: string;
  readonly get: string;
  readonly minProperties: number;
}

const TARGETS: readonly Target[] = [
  {
    file: 'fixtures/docs/update-photos.md',
    patch: `/v1.0/users/${DEFAULT_TARGET_USER.id}/photos`,
    get: `/beta/users/${DEFAULT_TARGET_USER.userPrincipalName}/photos`,
    minProperties: 2,
  },
  {
    file: 'fixtures/corpus/api-reference/v1.0/api/user-update.md',
    patch: `/v1.0/users/${DEFAULT_TARGET_USER.id}`,
    get: `/v1.0/users/${DEFAULT_TARGET_USER.id}`,
    minProperties: 20,
  },
];

describe('PATCH then GET round-trips over the documented request-body schemas (fast-check)', () => {
  const { pages, schemas } = load();

  for (const target of TARGETS) {
    const page = pages.find((p) => p.file === target.file);
    assert.ok(page, `${target.file} loads`);
    const schema = requestSchema(schemas, page);
    const { arbitrary, names } = bodyArbitrary(schema);

    test(`${target.file}: the generator covers the table (${names.length} properties)`, () => {
      assert.ok(names.length >= target.minProperties, names.join(', '));
    });

    test(`${target.file}: a valid body reads back as sent, merged over earlier writes`, () => {
      const validate = schemas.requestBodyValidator(page);
      assert.ok(validate);
      fc.assert(
        fc.property(fc.array(arbitrary, { minLength: 1, maxLength: 3 }), (bodies) => {
          const tenant = createTenantCore({ pages, schemas });
          const before = read(tenant, target.get);
          let expected: Record<string, unknown> = { ...before };
          for (const body of bodies) {
            assert.deepEqual(validate(body), [], 'the generator only makes valid bodies');
            const reply = run(tenant, 'PATCH', target.patch, JSON.stringify(body));
            assert.ok(reply.status === 200 || reply.status === 204, JSON.stringify(reply));
            expected = { ...expected, ...body };
          }
          const after = read(tenant, target.get);
          for (const [name, value] of Object.entries(expected)) {
            if (!name.startsWith('@odata.')) assert.deepEqual(after[name], value, name);
          }
        }),
        { numRuns: NUM_RUNS },
      );
    });

    test(`${target.file}: a body with one property of the wrong JSON type is refused and changes nothing`, () => {
      const wrong = fc.constantFrom<unknown>({ wrong: true }, [1, 2], 'text', 12.5, true);
      fc.assert(
        fc.property(arbitrary, fc.constantFrom(...names), wrong, (body, name, value) => {
          const property = (schema['properties'] as Record<string, Schema>)[name];
          fc.pre(property !== undefined && schemas.requestBodyValidator(page)?.({ [name]: value }).length !== 0);
          const tenant = createTenantCore({ pages, schemas });
          const before = read(tenant, target.get);
          const reply = run(tenant, 'PATCH', target.patch, JSON.stringify({ ...body, [name]: value }));
          assert.equal(reply.status, 400);
          assert.ok(reply.kind === 'error' && reply.message.includes(`/${name}`), JSON.stringify(reply));
          assert.deepEqual(read(tenant, target.get), before);
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }
});
