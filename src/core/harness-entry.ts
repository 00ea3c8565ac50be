/**
 * A harness module to start in another thread or process (lint's pool, the run's DocSet child), as this process runs
 * the harness: compiled, the compiled module beside the running one; from the TypeScript sources, the source beside it
 * and tsx's loader, which the new thread or process needs to load it.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `path` (relative to the module `from`, its `import.meta.url`, without extension) as this process would load it, and
 * the Node flags that loading it needs. tsx is resolved from this package, so it loads whatever the working folder.
 */
export function harnessEntry(from: string, path: string): { readonly file: string; readonly flags: readonly string[] } {
  const source = from.endsWith('.ts');
  const file = fileURLToPath(new URL(`${path}.${source ? 'ts' : 'js'}`, from));
  if (!source) return { file, flags: [] };
  return { file, flags: ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] };
}
