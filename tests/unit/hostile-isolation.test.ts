/**
 * What a hostile page meets after the reader: its property and type names are ordinary names through the schemas,
 * their validation, the generated TypeScript and the probes; and anything that fails in the harness on one page is a
 * located finding on it, while every other page is still built.
 *
 * Run: node --import tsx --test tests/unit/hostile-isolation.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildCases } from '../../src/cases/build-cases.ts';
import { buildProbes } from '../../src/cases/probes.ts';
import type { Finding } from '../../src/core/finding.ts';
import type { Page } from '../../src/docs/model.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { lintPages } from '../../src/lint/lint-pages.ts';
import { buildSchemas } from '../../src/schema/build-schemas.ts';
import { buildSchemaRegistry, type SchemaRegistry } from '../../src/schema/registry.ts';
import { typeDeclarations } from '../../src/schema/typescript-types.ts';
import { ROOT, SEED_FILE, SEED_TEXT } from './support/seed.ts';
import { EVERY_NAME } from './support/params.ts';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

/** A resource page whose properties are named like Object.prototype's members, and an API page that updates it. */
function protoPages(): Page[] {
  const escape = (name: string): string => name.replace(/_/g, '\\_');
  const rows = NAMES.map((name, i) => `|${escape(name)}|${i % 2 === 0 ? 'String' : 'Int32'}|A property.|`).join('\n');
  const resource = parsePage(
    'docs/constructor.md',
    [
      '---\ndoc_type: resourcePageType\n---',
      '# constructor resource type',
      '## Properties',
      `|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Read-only.|\n${rows}`,
      '## JSON representation',
      '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.constructor" } -->',
      '```json\n{ "id": "String" }\n```',
      '',
    ].join('\n\n'),
  );
  const body = `{ "__proto__": "p", "constructor": 1, "toString": "t", "hasOwnProperty": 2, "valueOf": "v" }`;
  const api = parsePage(
    'docs/constructor-update.md',
    [
      '# Update constructor',
      '## HTTP request',
      '```http\nPATCH /constructors/{id}\n```',
      '## Request body',
      'Supply a JSON representation of the [constructor](constructor.md) object.',
      `|Property|Type|Description|\n|:--|:--|:--|\n${rows}`,
      '## Response',
      'If successful, this method returns a `200 OK` response code and a [constructor](constructor.md) object.',
      '## Example',
      '<!-- { "blockType": "request", "name": "update_constructor" } -->',
      `\`\`\`http\nPATCH https://graph.microsoft.com/v1.0/constructors/1\nContent-Type: application/json\n\n${body}\n\`\`\``,
      '<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.constructor" } -->',
      `\`\`\`http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n${body}\n\`\`\``,
      '',
    ].join('\n\n'),
  );
  return [resource, api];
}

describe('property and type names are data', () => {
  const pages = protoPages();
  const registry = buildSchemaRegistry(pages);

  test('schemas hold each name as an own property, and Ajv checks each of them', () => {
    const resource = registry.schemas.find(
      (s) => s.typeName === 'microsoft.graph.constructor' && s.kind === 'resource',
    );
    const properties = resource?.schema.properties ?? {};
    for (const name of NAMES) assert.ok(Object.hasOwn(properties, name), name);
    assert.equal(Object.getPrototypeOf(properties), Object.prototype);
    const validate = registry.resourceValidator('microsoft.graph.constructor', undefined);
    assert.ok(validate);
    assert.deepEqual(validate(JSON.parse('{ "__proto__": "p", "constructor": 1, "toString": "t" }')), []);
    assert.deepEqual(
      validate(JSON.parse('{ "__proto__": 5, "constructor": "x", "hasOwnProperty": "y" }'))
        .map((e) => e.pointer)
        .sort(),
      ['/__proto__', '/constructor', '/hasOwnProperty'],
    );
    // A body without them lacks them, whatever Object.prototype has.
    assert.deepEqual(validate({}), []);
  });

  test('the closed request-body schema takes the documented names and refuses others', () => {
    const api = pages[1];
    assert.ok(api);
    const validate = registry.requestBodyValidator(api);
    assert.ok(validate);
    assert.deepEqual(validate(JSON.parse('{ "__proto__": "p", "valueOf": "v" }')), []);
    assert.deepEqual(
      validate({ isPrototypeOf: 'x' }).map((e) => e.keyword),
      ['additionalProperties'],
    );
  });

  test('the TypeScript declarations name each property, quoted', async () => {
    const resource = registry.schemas.find(
      (s) => s.typeName === 'microsoft.graph.constructor' && s.kind === 'resource',
    );
    assert.ok(resource);
    const declarations = await typeDeclarations(resource, registry.schemas);
    assert.match(declarations, /export interface Constructor \{/);
    for (const name of NAMES) assert.ok(declarations.includes(`"${name}"?:`), name);
    assert.ok(!declarations.includes('gdcStandIn'));
  });

  test('a type cell spelled like a member of Object.prototype is an unknown type, not Object', () => {
    const page = parsePage(
      'docs/odd.md',
      '# Odd\n\n## Request body\n\n|Property|Type|Description|\n|:--|:--|:--|\n|a|Constructor|x|\n|b|toString|x|\n',
    );
    const built = buildSchemas([page]);
    assert.deepEqual(
      built.findings.map((f) => f.rule),
      ['unknown-type', 'unresolved-type'],
    );
  });

  test('cases and probes are built for the page, one probe per documented name', () => {
    const failures: Finding[] = [];
    const cases = buildCases(pages, { roots: ['docs'], params: EVERY_NAME, failures });
    const probes = buildProbes(cases, registry, { failures });
    assert.deepEqual(failures, []);
    for (const name of NAMES)
      assert.ok(
        probes.some((p) => p.title.includes(`probe: ${name} is `)),
        `a probe for ${name}`,
      );
  });
});

/** A page whose examples cannot even be listed: a stand-in for any bug of the harness met on one page. */
function brokenPage(file: string): Page {
  const page = parsePage(file, '# Broken\n');
  return Object.defineProperty({ ...page }, 'examples', {
    get(): never {
      throw new Error('examples unavailable');
    },
  });
}

describe('one page failing in the harness is a finding on it; the others are still built', () => {
  const seed = parsePage(SEED_FILE, SEED_TEXT);

  test('cases: the failure goes to `failures`, located on the page; without a sink it is thrown naming the page', () => {
    const failures: Finding[] = [];
    const cases = buildCases([brokenPage('docs/broken.md'), seed], { roots: [ROOT], params: EVERY_NAME, failures });
    assert.ok(cases.length > 0, 'the seed page still has its cases');
    assert.deepEqual(
      failures.map((f) => [f.rule, f.location.file, f.location.line]),
      [['page-failed', 'docs/broken.md', 1]],
    );
    assert.match(failures[0]?.message ?? '', /building the tests of this page \(examples unavailable\)/);
    assert.throws(
      () => buildCases([brokenPage('docs/broken.md')], { roots: [ROOT], params: EVERY_NAME }),
      /docs\/broken\.md:1: error page-failed/,
    );
  });

  test('cases: a page not read whole gets none, and says why', () => {
    const over = parsePage('docs/over.md', `# Over\n\n[!INCLUDE [x](/etc/passwd)]\n`, { readInclude: () => undefined });
    const failures: Finding[] = [];
    assert.deepEqual(buildCases([over], { roots: ['docs'], params: EVERY_NAME, failures }), []);
    assert.deepEqual(
      failures.map((f) => [f.rule, f.location.line]),
      [['outside-docs', 3]],
    );
    assert.match(failures[0]?.message ?? '', /the page is not read whole, so its tests are not built/);
  });

  test('schemas: a type whose rows cannot be read is a finding at its page; the other types are built', () => {
    const [resource, api] = protoPages();
    assert.ok(resource?.resource && api);
    const broken: Page = {
      ...resource,
      resource: Object.defineProperty({ ...resource.resource }, 'properties', {
        get(): never {
          throw new Error('rows unavailable');
        },
      }),
    };
    const built = buildSchemas([broken, seed]);
    assert.ok(built.schemas.some((s) => s.typeName === 'microsoft.graph.profilePhoto'));
    assert.deepEqual(
      built.findings.filter((f) => f.rule === 'page-failed').map((f) => f.location.file),
      ['docs/constructor.md'],
    );
  });

  test('lint: an example whose check fails in the harness is a finding there; the other pages are still checked', () => {
    const registry = buildSchemaRegistry([seed]);
    const throwing: SchemaRegistry = {
      ...registry,
      requestBodyValidator: () => () => {
        throw new Error('validator unavailable');
      },
    };
    const report = lintPages({ pages: [seed], inputFindings: [], registry: throwing, cases: [] });
    const failed = report.findings.filter((f) => f.rule === 'page-failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.file, SEED_FILE);
    assert.ok(
      report.findings.some((f) => f.rule === 'todo-placeholder'),
      "the seed page's own findings are kept",
    );
  });

  test('probes: an example whose probes fail to build is a finding at the example; the others are built', () => {
    const registry = buildSchemaRegistry([seed]);
    const cases = buildCases([seed], { roots: [ROOT], params: EVERY_NAME });
    const failing: SchemaRegistry = {
      ...registry,
      requestBodyValidator: () => {
        throw new Error('no validator');
      },
    };
    const failures: Finding[] = [];
    assert.deepEqual(buildProbes(cases, failing, { failures }), []);
    assert.ok(failures.length > 0 && failures.every((f) => f.rule === 'page-failed' && f.location.file === SEED_FILE));
    assert.ok(buildProbes(cases, registry).length > 0);
  });
});
