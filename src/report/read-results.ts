/**
 * Reads a results file (ours, `results.schema.json`) and says where it is wrong when it is not one: a baseline from an
 * older format or Playwright's own JSON report must give a located one-line error, not a crash later on.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { RunResults } from './results-model.ts';

export class ResultsFileError extends Error {}

const schema = JSON.parse(
  readFileSync(new URL('../../schemas/results.schema.json', import.meta.url), 'utf8'),
) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile<RunResults>(schema);

/** Errors of `data` against the published schema, as `pointer: message` lines (empty when it is valid). */
export function resultsSchemaErrors(data: unknown): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}

export function parseResults(text: string, file: string): RunResults {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ResultsFileError(`${file}:1: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (validate(data)) return data;
  const hint =
    typeof data === 'object' && data !== null && 'suites' in data
      ? " (this is Playwright's JSON report; give reports/results.json)"
      : '';
  const first = resultsSchemaErrors(data).slice(0, 3).join('; ');
  throw new ResultsFileError(`${file}:1: not a graph-conformance results file${hint}: ${first}`);
}

export function readResults(file: string): RunResults {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    throw new ResultsFileError(`${file}: cannot be read${code === 'ENOENT' ? ': no such file' : ` (${code})`}`);
  }
  return parseResults(text, file);
}

/**
 * Earlier runs from a HISTORY folder, oldest first. A file that is not a results file is reported and skipped: one
 * broken artefact must not hide the whole trend.
 */
export function readHistory(dir: string): { runs: RunResults[]; problems: string[] } {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.json'));
  } catch {
    return { runs: [], problems: [`${dir}: HISTORY folder cannot be read`] };
  }
  const runs: RunResults[] = [];
  const problems: string[] = [];
  for (const name of names.sort()) {
    try {
      runs.push(readResults(join(dir, name)));
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  runs.sort((a, b) => a.run.startedAt.localeCompare(b.run.startedAt));
  return { runs, problems };
}
