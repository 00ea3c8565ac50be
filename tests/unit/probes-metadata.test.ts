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
import { MetadataSet } from '../../src/metadata/metadata-set.ts';
import { rowStatements, type RowStatements } from '../../src/metadata/row-statements.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { gadgetMetadata, gadgetPage } from './support/gadget.ts';

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
