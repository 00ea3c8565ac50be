/**
 * Schema files (src/schema/write-schemas.ts, typescript-types.ts). The first test is the drift test: the committed
 * files in schemas/ must be exactly what the docs in fixtures/docs generate now.
 *
 * Run: node --import tsx --test tests/unit/schema-files.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadDocs } from '../../src/docs/load-docs.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { buildSchemas } from '../../src/schema/build-schemas.ts';
import { driftedFiles, renderSchemaFiles, writeSchemaFiles, type SchemaFile } from '../../src/schema/write-schemas.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMMITTED = join(ROOT, 'schemas');
const REGENERATE =
  'Regenerate them from the docs and commit the result: `npm run schemas` (node bin/graph-conformance.js schemas fixtures/docs --out schemas), run from the repository root; add --check to verify without writing.';

/** The files as the `schemas` command renders them from fixtures/docs (paths in x-source relative to the repo root). */
async function renderSeed(): Promise<SchemaFile[]> {
  const { pages, findings } = loadDocs([join(ROOT, 'fixtures/docs')], ROOT);
  assert.deepEqual(findings, []);
  return renderSchemaFiles(buildSchemas(pages).schemas);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(dir.length + 1)
        .split('\\')
        .join('/'),
    )
    .sort();
}

function contentOf(files: readonly SchemaFile[], path: string): string {
  const file = files.find((f) => f.path === path);
  assert.ok(file, `${path} is among ${files.map((f) => f.path).join(', ')}`);
  return file.content;
}

function bodyPage(file: string, type: string, rows: readonly string[]): ReturnType<typeof parsePage> {
  return parsePage(
    file,
    [
      `# Update ${type}`,
      '',
      '## Request body',
      `In the request body, supply a JSON representation of the [${type}](../resources/${type.toLowerCase()}.md) object.`,
      '',
      '|Property|Type|Description|',
      '|:---|:---|:---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'graph-conformance-schemas-'));
  temporary.push(dir);
  return dir;
}
after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('drift', () => {
  test('the committed schemas/ files are exactly what fixtures/docs generates', async () => {
    const files = await renderSeed();
    const drifted = driftedFiles(files, COMMITTED);
    assert.deepEqual(
      drifted,
      [],
      `These committed schema files differ from what the docs generate now:\n  ${drifted.join('\n  ')}\n${REGENERATE}`,
    );
    // The results file's schema lives here too, written by hand: it describes our output, not the docs.
    const stale = filesUnder(COMMITTED).filter(
      (path) => path !== 'results.schema.json' && !files.some((f) => f.path === path),
    );
    assert.deepEqual(
      stale,
      [],
      `These files in schemas/ are no longer generated from the docs (delete them):\n  ${stale.join('\n  ')}\n${REGENERATE}`,
    );
  });

  test('the seed renders profilePhoto.schema.json and profilePhoto.d.ts, without version folders', async () => {
    const files = await renderSeed();
    assert.deepEqual(
      files.map((f) => f.path),
      ['profilePhoto.d.ts', 'profilePhoto.schema.json'],
    );
  });

  test('driftedFiles reports changed and missing files, and nothing for identical ones', async () => {
    const files = await renderSeed();
    const dir = tempDir();
    writeSchemaFiles(files, dir);
    assert.deepEqual(driftedFiles(files, dir), []);
    assert.deepEqual(
      filesUnder(dir),
      files.map((f) => f.path),
    );

    const json = join(dir, 'profilePhoto.schema.json');
    writeFileSync(json, readFileSync(json, 'utf8').replace(/\n$/, ''));
    assert.deepEqual(driftedFiles(files, dir), [json], 'one byte less is drift');
    unlinkSync(join(dir, 'profilePhoto.d.ts'));
    assert.deepEqual(
      driftedFiles(files, dir).sort(),
      [join(dir, 'profilePhoto.d.ts'), json].sort(),
      'a missing file is drift',
    );
  });
});

describe('renderSchemaFiles', () => {
  test('the .schema.json file is the resource schema as indented JSON with a final newline', async () => {
    const { pages } = loadDocs([join(ROOT, 'fixtures/docs')], ROOT);
    const resource = buildSchemas(pages).schemas.find((s) => s.kind === 'resource');
    assert.ok(resource);
    const content = contentOf(await renderSchemaFiles([resource]), 'profilePhoto.schema.json');
    assert.ok(content.endsWith('}\n'));
    assert.deepEqual(JSON.parse(content), resource.schema);
    assert.equal(content, `${JSON.stringify(resource.schema, null, 2)}\n`);
  });

  test('the .d.ts declares ProfilePhoto with nullable numbers and a string @odata.type', async () => {
    const dts = contentOf(await renderSeed(), 'profilePhoto.d.ts');
    assert.match(dts, /^\/\* Generated by `graph-conformance schemas`/);
    assert.match(dts, /^export interface ProfilePhoto \{$/m);
    assert.match(dts, /^ {2}height\?: number \| null;$/m);
    assert.match(dts, /^ {2}width\?: number \| null;$/m);
    assert.match(dts, /^ {2}id\?: string;$/m);
    // The type or one derived from it (with or without the `#`): any string to TypeScript; validation decides.
    assert.match(dts, /^ {2}"@odata\.type"\?: string;$/m);
  });

  test('request-body schemas get no files', async () => {
    const page = parsePage(
      'api/x.md',
      '# X\n\n## Request body\n\n|Property|Type|Description|\n|:---|:---|:---|\n|a|String|A.|\n',
    );
    const schemas = buildSchemas([page]).schemas;
    assert.deepEqual(
      schemas.map((s) => s.kind),
      ['request-body'],
    );
    assert.deepEqual(await renderSchemaFiles(schemas), []);
  });

  test('a doc set with two versions puts each version in its own folder', async () => {
    const v1 = bodyPage('docs/v1.0/api/profilephoto-update.md', 'profilePhoto', ['|height|Int32|Height.|']);
    const beta = bodyPage('docs/beta/api/profilephoto-update.md', 'profilePhoto', [
      '|height|Int32|Height.|',
      '|width|Int32|Width.|',
    ]);
    const files = await renderSchemaFiles(buildSchemas([v1, beta]).schemas);
    assert.deepEqual(
      files.map((f) => f.path),
      [
        'beta/profilePhoto.d.ts',
        'beta/profilePhoto.schema.json',
        'v1.0/profilePhoto.d.ts',
        'v1.0/profilePhoto.schema.json',
      ],
    );
    const betaSchema = JSON.parse(contentOf(files, 'beta/profilePhoto.schema.json')) as {
      $id?: unknown;
      properties?: Record<string, unknown>;
    };
    const v1Schema = JSON.parse(contentOf(files, 'v1.0/profilePhoto.schema.json')) as {
      $id?: unknown;
      properties?: Record<string, unknown>;
    };
    assert.match(String(betaSchema.$id), /\/beta\//);
    assert.match(String(v1Schema.$id), /\/v1\.0\//);
    assert.deepEqual(Object.keys(betaSchema.properties ?? {}), ['@odata.type', 'height', 'width']);
    assert.deepEqual(Object.keys(v1Schema.properties ?? {}), ['@odata.type', 'height']);
    assert.doesNotMatch(contentOf(files, 'v1.0/profilePhoto.d.ts'), /width/);

    const dir = tempDir();
    writeSchemaFiles(files, dir);
    assert.deepEqual(
      filesUnder(dir),
      files.map((f) => f.path),
    );
    assert.deepEqual(driftedFiles(files, dir), []);
  });

  test('an unversioned type next to a versioned one goes to an "unversioned" folder', async () => {
    const plain = bodyPage('api/widget-update.md', 'widget', ['|a|String|A.|']);
    const beta = bodyPage('beta/api/gadget-update.md', 'gadget', ['|b|String|B.|']);
    const files = await renderSchemaFiles(buildSchemas([plain, beta]).schemas);
    assert.deepEqual(
      files.map((f) => f.path),
      ['beta/gadget.d.ts', 'beta/gadget.schema.json', 'unversioned/widget.d.ts', 'unversioned/widget.schema.json'],
    );
  });

  test('declarations of a type that references another include it; a cycle terminates', async () => {
    const alpha = bodyPage('api/alpha-update.md', 'alpha', ['|partner|[beta](../resources/beta.md)|Partner.|']);
    const beta = bodyPage('api/beta-update.md', 'beta', [
      '|partners|[alpha](../resources/alpha.md) collection|Partners.|',
    ]);
    const files = await renderSchemaFiles(buildSchemas([alpha, beta]).schemas);
    const dts = contentOf(files, 'alpha.d.ts');
    assert.match(dts, /^export interface Alpha \{$/m);
    assert.match(dts, /^ {2}partner\?: Beta \| null;$/m);
    assert.match(dts, /^export interface Beta \{$/m);
    assert.match(dts, /^ {2}partners\?: Alpha\[\] \| null;$/m);
    assert.doesNotMatch(dts, /graph-doc-conformance\.invalid/, 'no $ref is left for json2ts to fetch');
  });
});
