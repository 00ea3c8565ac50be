/**
 * The child process of `docset-child.ts`: reads what to build from stdin, builds the run's DocSet and stores it with
 * what a run keeps of it (`storeRunDocSet`). Exits 0 when it is stored, `NOT_STORED` when it is not (a store that
 * cannot be written): the parent then builds in its own process.
 */
import { readFileSync } from 'node:fs';
import { NOT_STORED, type ChildBuild } from './docset-child.ts';
import { storeRunDocSet } from './suite.ts';

const build = JSON.parse(readFileSync(0, 'utf8')) as ChildBuild;
process.exitCode = storeRunDocSet(build) ? 0 : NOT_STORED;
