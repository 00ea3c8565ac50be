/**
 * zod, as every module of ours takes it: its CommonJS build, loaded when first asked for. Every process of a run
 * reads the settings, but only the runner validates them (a worker takes them as the runner handed them down, see
 * settings.ts), so a worker never loads zod. A Playwright process sends each ES module it loads through Playwright's
 * loader thread, one round trip at a time: zod's ES build is 95 modules (0.1–0.2 s of each process's start), its
 * CommonJS build loads in the process's own thread. Types come from `zod` itself (`import type`), which loads nothing.
 */
import { createRequire } from 'node:module';
import type * as Zod from 'zod';

let loaded: typeof Zod.z | undefined;

/** zod's `z`, loaded on the first call. */
export function zod(): typeof Zod.z {
  loaded ??= (createRequire(import.meta.url)('zod') as typeof Zod).z;
  return loaded;
}
