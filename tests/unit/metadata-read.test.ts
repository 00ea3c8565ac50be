/**
 * The metadata stage (src/metadata/): CSDL and permission-scopes documents read into models with their lines, the
 * index's lookups, path resolution through the metadata, loading options, the scopes file beside a CSDL file, and
 * located errors for documents that cannot be used.
 *
 * Run: node --import tsx --test tests/unit/metadata-read.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parsePathTemplate } from '../../src/docs/path-template.ts';
import { loadMetadata, parseMetadataOption } from '../../src/metadata/load-metadata.ts';
import { MetadataIndex } from '../../src/metadata/metadata-index.ts';
import { readCsdl } from '../../src/metadata/read-csdl.ts';
import { resolvePath } from '../../src/metadata/resolve-path.ts';
import { readScopes } from '../../src/metadata/scopes.ts';
import { ROOT, lineOf } from './support/seed.ts';

const CSDL_FILE = 'fixtures/metadata/widgets_v1.0_metadata.xml';
const SCOPES_FILE = 'fixtures/metadata/apiPermissionsAndScopes-v1.0.xml';
const CSDL_TEXT = readFileSync(join(ROOT, CSDL_FILE), 'utf8');
const SCOPES_TEXT = readFileSync(join(ROOT, SCOPES_FILE), 'utf8');

function index(): MetadataIndex {
  const reading = readCsdl(CSDL_FILE, CSDL_TEXT, 'v1.0');
  assert.ok(reading.ok, reading.ok ? '' : reading.error);
  return new MetadataIndex(reading.model);
}

describe('readCsdl', () => {
  test('types with their namespaces, aliases resolved, keys inherited, and each element at its line', () => {
    const csdl = index();
    const widget = csdl.structuredType('microsoft.graph.widget');
    assert.ok(widget);
    assert.equal(widget.baseType, 'microsoft.graph.entity');
    assert.deepEqual(csdl.key(widget), ['id']);
    assert.deepEqual(widget.location, { file: CSDL_FILE, line: lineOf(CSDL_TEXT, '<EntityType Name="widget"') });
    const color = widget.properties.find((p) => p.name === 'color');
    assert.deepEqual(color?.type, { name: 'microsoft.graph.colorKind', collection: false });
    assert.equal(color.location.line, lineOf(CSDL_TEXT, '<Property Name="color"'));
    assert.deepEqual(widget.properties.find((p) => p.name === 'tags')?.type, { name: 'Edm.String', collection: true });
    assert.equal(widget.properties.find((p) => p.name === 'name')?.nullable, false);
    assert.equal(widget.properties.find((p) => p.name === 'size')?.nullable, true);
    assert.ok(csdl.structuredType('microsoft.graph.security.alert'), 'a sub-namespace');
    assert.ok(csdl.structuredType('Microsoft.Graph.WIDGET'), 'any letter case');
  });

  test('annotations in <Annotations Target>: Core.Computed and Core.Permissions Read', () => {
    const csdl = index();
    const created = csdl.structuredType('microsoft.graph.widget')?.properties.find((p) => p.name === 'createdDateTime');
    assert.equal(created?.computed, true);
    const weight = csdl.structuredType('microsoft.graph.part')?.properties.find((p) => p.name === 'weight');
    assert.equal(weight?.readOnly, true);
    assert.equal(weight.computed, false);
  });

  test('enums with their flags and members; operations with their binding and parameters; the container', () => {
    const csdl = index();
    const colors = csdl.enumType('microsoft.graph.colorKind');
    assert.deepEqual(
      colors?.members.map((m) => m.name),
      ['red', 'green', 'blue', 'unknownFutureValue'],
    );
    assert.equal(colors.flags, false);
    const widget = csdl.structuredType('microsoft.graph.widget');
    assert.ok(widget);
    const [paint] = csdl.boundOperations('paint', widget, false);
    assert.equal(paint?.kind, 'action');
    assert.deepEqual(
      paint.parameters.map((p) => [p.name, p.nullable]),
      [
        ['bindingParameter', true],
        ['color', false],
        ['coats', true],
      ],
    );
    assert.equal(csdl.boundOperations('delta', widget, true).length, 1);
    assert.equal(csdl.boundOperations('delta', widget, false).length, 0, 'bound to the collection only');
    assert.equal(csdl.root('widgets')?.kind, 'entitySet');
    assert.equal(csdl.root('favourite')?.kind, 'singleton');
    assert.ok(csdl.member(widget, 'id'), 'inherited members are found');
  });

  test('a document that is not CSDL, or is cut off, is a located error', () => {
    const notCsdl = readCsdl('x.xml', '<root>\n</root>');
    assert.deepEqual(notCsdl.ok ? undefined : notCsdl.location, { file: 'x.xml', line: 1 });
    const cut = readCsdl('cut.xml', CSDL_TEXT.slice(0, 2000));
    assert.equal(cut.ok, false);
    assert.match(cut.error, /ends before its root element <edmx:Edmx> is closed/);
    assert.equal(cut.location.line, CSDL_TEXT.slice(0, 2000).split('\n').length);
  });

  test('comments, processing instructions and space after the root element are XML, not a cut-off document', () => {
    const whole = readCsdl('x.xml', CSDL_TEXT);
    assert.ok(whole.ok);
    const trailed = readCsdl('x.xml', `${CSDL_TEXT.trimEnd()}\n<!-- generated -->\n<?build 42?>\n  \n`);
    assert.ok(trailed.ok, trailed.ok ? '' : trailed.error);
    assert.deepEqual(trailed.model, whole.model);
    const cut = readCsdl('x.xml', `${CSDL_TEXT.trimEnd()}\n<!-- generated --><Sche`);
    assert.equal(cut.ok, false, 'an element after the root is still no complete document');
  });
});

describe('resolvePath', () => {
  const resolve = (line: string) => {
    const template = parsePathTemplate(line, { file: 'p.md', line: 1 });
    assert.ok(template);
    return resolvePath(index(), template.segments);
  };

  test('entity sets, keys, navigation, operations, casts, $value and delta without parentheses', () => {
    assert.deepEqual(resolve('GET /widgets/{id}'), {
      ok: true,
      scopesPath: '/widgets',
      byKey: true,
      operations: [],
      type: index().structuredType('microsoft.graph.widget'),
      collection: false,
    });
    const parts = resolve('GET /Widgets/{id}/PARTS/{part-id}');
    assert.equal(parts.ok && parts.scopesPath, '/widgets/parts');
    const paint = resolve('POST /widgets/{id}/paint');
    assert.equal(paint.ok && paint.operations[0]?.name, 'microsoft.graph.paint');
    assert.equal(resolve("GET /widgets/{id}/describe(format='{f}')").ok, true);
    assert.equal(resolve('GET /widgets/delta').ok, true);
    assert.equal(resolve('GET /widgets/TemporaryKey/parts').ok, true, 'a literal key after a collection');
    assert.equal(resolve('GET /posters/{id}/$value').ok, true, 'a media entity');
    assert.equal(resolve('GET /favourite/dimensions/height').ok, true, 'into a complex value');
  });

  test('a segment the metadata does not have fails, naming it and why', () => {
    assert.deepEqual(resolve('GET /gadgets/{id}'), {
      ok: false,
      index: 0,
      segment: 'gadgets',
      reason: 'the metadata has no entity set, singleton or operation import named "gadgets"',
    });
    const missing = resolve('GET /widgets/{id}/wheels');
    assert.equal(
      missing.ok ? '' : missing.reason,
      'microsoft.graph.widget has no property, navigation property or bound operation named "wheels"',
    );
    assert.equal(resolve('GET /widgets/{id}/$value').ok, true, 'raw values are not refused (attachments have them)');
  });
});

describe('readScopes', () => {
  test('paths with their restrictions, by-key reads apart, scopes in order, operation pairs without records', () => {
    const reading = readScopes(SCOPES_FILE, SCOPES_TEXT, 'v1.0');
    assert.ok(reading.ok);
    const [widgets, paint] = reading.model.paths;
    assert.equal(widgets?.path, '/widgets');
    assert.deepEqual(widgets.restrictions.read, { 'delegated-work': ['Widget.Read.All', 'Widget.ReadWrite.All'] });
    assert.deepEqual(widgets.restrictions.readByKey?.application, ['Widget.Read.All']);
    assert.deepEqual(paint?.restrictions.operation, { 'delegated-work': ['Widget.ReadWrite.All'] });
    assert.equal(paint.location.line, lineOf(SCOPES_TEXT, 'microsoft.graph/widgets/paint'));
  });
});

describe('loadMetadata', () => {
  test('the version from the name or a prefix', () => {
    assert.equal(parseMetadataOption('a/v1.0_metadata.xml').version, 'v1.0');
    assert.equal(parseMetadataOption('https://graph.microsoft.com/beta/$metadata').version, 'beta');
    assert.deepEqual(parseMetadataOption('beta=x.xml'), { raw: 'beta=x.xml', location: 'x.xml', version: 'beta' });
    assert.equal(parseMetadataOption('service.xml').version, undefined);
  });

  test('a CSDL file brings the scopes file beside it; the kind is read from the document', async () => {
    const loaded = await loadMetadata([CSDL_FILE], ROOT);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.used, [
      { source: CSDL_FILE, kind: 'csdl' },
      { source: SCOPES_FILE, kind: 'scopes' },
    ]);
    assert.ok(loaded.metadata.csdl('v1.0'));
    assert.equal(loaded.metadata.csdl('beta'), undefined, 'a v1.0 document does not serve beta pages');
    assert.ok(loaded.metadata.scopes('v1.0')?.lookup('/WIDGETS'));
  });

  test('a file that cannot be read or used is a located problem, and the others are still read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gc-metadata-'));
    try {
      writeFileSync(join(dir, 'broken.xml'), '<?xml version="1.0"?>\n<edmx:Edmx>\n<edmx:DataServices>\n');
      const loaded = await loadMetadata([join(dir, 'broken.xml'), join(dir, 'missing.xml'), join(ROOT, CSDL_FILE)]);
      assert.deepEqual(loaded.problems, [
        `${join(dir, 'missing.xml')}:1: cannot read: no such file`,
        `${join(dir, 'broken.xml')}:4: the document ends before its root element <edmx:Edmx> is closed (cut off?)`,
      ]);
      assert.ok(loaded.metadata.csdl(undefined));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
