/**
 * The I/O edge of the schema builder: resource schemas and their TypeScript declarations as files, and the check that
 * committed files still say what the docs say.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocSchema } from './build-schemas.ts';
import { shortName } from './build-schemas.ts';
import { typeDeclarations } from './typescript-types.ts';
import { pageFailed, type Finding } from '../core/finding.ts';

export interface SchemaFile {
  /** Path relative to the output folder: `profilePhoto.schema.json`, or `beta/profilePhoto.schema.json`. */
  readonly path: string;
  readonly content: string;
}

/**
 * The files for the resource schemas of a doc set. Files are named by short type name; when the doc set documents
 * more than one Graph version, each version gets its own folder so the names cannot collide. `failures` receives the
 * types whose declarations could not be generated.
 */
export async function renderSchemaFiles(
  schemas: readonly DocSchema[],
  failures: Finding[] = [],
): Promise<SchemaFile[]> {
  const resources = schemas.filter((s) => s.kind === 'resource' && s.typeName !== undefined);
  const versioned = new Set(resources.map((s) => s.version ?? 'unversioned')).size > 1;
  const files: SchemaFile[] = [];
  for (const schema of resources) {
    const stem = `${versioned ? `${schema.version ?? 'unversioned'}/` : ''}${shortName(schema.typeName ?? '')}`;
    files.push({ path: `${stem}.schema.json`, content: `${JSON.stringify(schema.schema, null, 2)}\n` });
    // A type the declarations generator fails on loses its .d.ts, reported at its page; the others are written.
    try {
      files.push({ path: `${stem}.d.ts`, content: await typeDeclarations(schema, schemas) });
    } catch (error) {
      failures.push(pageFailed(schema.source, `writing the TypeScript types of ${schema.typeName ?? ''}`, error));
    }
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

export function writeSchemaFiles(files: readonly SchemaFile[], outDir: string): void {
  for (const file of files) {
    const target = join(outDir, file.path);
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, file.content);
  }
}

/** Paths whose committed content differs from what the docs generate now (missing files included). */
export function driftedFiles(files: readonly SchemaFile[], outDir: string): string[] {
  return files
    .filter((file) => {
      try {
        return readFileSync(join(outDir, file.path), 'utf8') !== file.content;
      } catch {
        return true;
      }
    })
    .map((file) => join(outDir, file.path));
}
