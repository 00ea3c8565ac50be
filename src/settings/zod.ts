/**
 * zod, as every module of ours takes it: its CommonJS build. Every process of a run reads the settings, and a
 * Playwright process sends each ES module it loads through Playwright's loader thread, one round trip at a time: zod's
 * ES build is 95 modules (0.1–0.2 s of each process's start), its CommonJS build loads in the process's own thread.
 * Types come from `zod` itself (`import type`), which loads nothing.
 */
import { createRequire } from 'node:module';
import type * as Zod from 'zod';

export const z: typeof Zod.z = (createRequire(import.meta.url)('zod') as typeof Zod).z;
