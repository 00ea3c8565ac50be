/**
 * `writeCsdl`: a model written as CSDL reads back as the same model (types, annotations, operations, container), so
 * that what the mock serves at `/$metadata` is what `readCsdl`, and any OData client, reads.
 *
 * Run: node --import tsx --test tests/unit/metadata-write.test.ts
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { CsdlModel } from '../../src/metadata/csdl.ts';
import { readCsdl } from '../../src/metadata/read-csdl.ts';
import { writeCsdl } from '../../src/metadata/write-csdl.ts';
import { ROOT } from './support/seed.ts';

const CSDL_FILE = 'fixtures/metadata/widgets_v1.0_metadata.xml';

function read(text: string): CsdlModel {
  const reading = readCsdl(CSDL_FILE, text, 'v1.0');
  assert.ok(reading.ok, reading.ok ? '' : reading.error);
  return reading.model;
}

/** The model without what the text's layout decides: element lines, and the order of namespaces. */
function content(model: CsdlModel): unknown {
  return JSON.parse(
    JSON.stringify({ ...model, namespaces: [...model.namespaces].sort() }, (key, value: unknown) =>
      key === 'location' ? undefined : value,
    ),
  );
}

describe('writeCsdl', () => {
  test('a model written and read back is the same model', () => {
    const model = read(readFileSync(join(ROOT, CSDL_FILE), 'utf8'));
    assert.ok(model.types.length > 0 && model.operations.length > 0 && model.container.length > 0);
    const written = writeCsdl(model);
    assert.match(written, /^<\?xml version="1.0" encoding="utf-8"\?>\n<edmx:Edmx Version="4.0"/);
    assert.deepEqual(content(read(written)), content(model));
  });
});
