/**
 * Strictness levels: the setting (src/settings/settings.ts) and the schema each level checks a response against
 * (src/run/strictness.ts).
 *
 * Run: node --import tsx --test tests/unit/strictness-levels.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadDocs } from '../../src/docs/load-docs.ts';
import type { Page } from '../../src/docs/model.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { readSettings, SettingsError } from '../../src/settings/settings.ts';
import { resourceSchemaAt } from '../../src/run/strictness.ts';
import { ROOT, seedAt } from './support/seed.ts';

const PHOTO = 'microsoft.graph.profilePhoto';

describe('the STRICTNESS setting', () => {
  test('defaults to standard, takes the three levels in any case, and refuses anything else with one line', () => {
    assert.equal(readSettings({}).strictness, 'standard');
    assert.equal(readSettings({ STRICTNESS: ' Strict ' }).strictness, 'strict');
    assert.equal(readSettings({ STRICTNESS: 'lenient' }).strictness, 'lenient');
    assert.throws(
      () => readSettings({ STRICTNESS: 'paranoid' }),
      (e: unknown) =>
        e instanceof SettingsError && e.message === 'STRICTNESS: "paranoid" is not one of lenient, standard, strict',
    );
  });

  test('PROBE_SEED and PROBE_RUNS are whole numbers in range; the default run is short', () => {
    assert.equal(readSettings({}).probeRuns, 10);
    assert.equal(readSettings({}).probeSeed, undefined);
    assert.equal(readSettings({ PROBE_SEED: '-42', PROBE_RUNS: '3' }).probeSeed, -42);
    assert.throws(() => readSettings({ PROBE_RUNS: '0' }), /PROBE_RUNS: "0" is not a whole number from 1 to 1000/);
    assert.throws(() => readSettings({ PROBE_SEED: '1.5' }), /PROBE_SEED/);
  });
});

describe('the schema at each level', () => {
  const { pages } = loadDocs([`${ROOT}fixtures/docs`], ROOT);
  const registry = buildSchemaRegistry(pages);
  const answer = {
    '@odata.context': 'x',
    '@odata.type': `#${PHOTO}`,
    'photo@odata.mediaEtag': 'W/"1"',
    id: '240X240',
    height: 6,
    width: 5,
  };

  test('lenient checks no table schema: only the documented example shape', () => {
    assert.equal(resourceSchemaAt('lenient', registry, PHOTO, 'beta'), undefined);
  });

  test('standard allows undocumented properties; strict names each, with the doc of the type', () => {
    const extra = { ...answer, lastModifiedDateTime: '2026-01-01T00:00:00Z' };
    const standard = resourceSchemaAt('standard', registry, PHOTO, 'beta');
    const strict = resourceSchemaAt('strict', registry, PHOTO, 'beta');
    assert.ok(standard && strict);
    assert.deepEqual(standard.validate(extra), []);
    assert.deepEqual(strict.validate(answer), [], 'OData annotations are not undocumented properties');
    assert.deepEqual(strict.validate(extra), [
      {
        pointer: '/lastModifiedDateTime',
        keyword: 'unevaluatedProperties',
        message: 'is not a documented property (STRICTNESS=strict)',
        source: seedAt('## Request body'),
      },
    ]);
    assert.match(strict.name, /strict/);
  });

  test('strict keeps the standard errors, once each', () => {
    const strict = resourceSchemaAt('strict', registry, PHOTO, 'beta');
    assert.ok(strict);
    const errors = strict.validate({ ...answer, height: 'tall', colour: 'red' });
    assert.deepEqual(
      errors.map((e) => `${e.pointer} ${e.keyword}`),
      ['/height type', '/colour unevaluatedProperties'],
    );
  });

  test('strict closes nested documented types too', () => {
    const page = (file: string, text: string): Page => parsePage(file, text);
    const doc = [
      '# Update box',
      '## HTTP request',
      '```http',
      'PATCH /boxes/{id}',
      '```',
      '## Request body',
      'Supply a JSON representation of the [box](../resources/box.md) object.',
      '',
      '|Property|Type|Description|',
      '|:---|:---|:---|',
      '|label|String|A label.|',
      '|lid|[lid](../resources/lid.md)|Its lid.|',
      '',
    ].join('\n');
    const lid = doc
      .replace(/box/g, 'lid')
      .replace('|lid|[lid](../resources/lid.md)|Its lid.|', '|colour|String|A colour.|');
    const nested = buildSchemaRegistry([page('docs/box.md', doc), page('docs/lid.md', lid)]);
    const strict = resourceSchemaAt('strict', nested, 'microsoft.graph.box', undefined);
    assert.ok(strict);
    assert.deepEqual(strict.validate({ label: 'a', lid: { colour: 'red' } }), []);
    assert.deepEqual(
      strict.validate({ label: 'a', lid: { colour: 'red', hinge: true } }).map((e) => e.pointer),
      ['/lid/hinge'],
    );
  });
});
