/**
 * Collected tests shaped like the ones the conformance suite produces (titles, steps, verdict records with their
 * exchanges), for the report's unit tests.
 */
import type { CollectedTest } from '../../../src/report/collected.ts';
import type { RunFacts } from '../../../src/report/build-report.ts';
import type { Cause } from '../../../src/core/rules.ts';
import {
  VERDICT_RECORD_FORMAT,
  type Departure,
  type ObservationRecord,
  type UnrestoredRecord,
  type VerdictRecord,
} from '../../../src/core/verdict.ts';

export const FACTS: RunFacts = {
  startedAt: '2026-11-28T10:00:00.000Z',
  durationMs: 1234,
  status: 'failed',
  target: { kind: 'mock', origin: 'http://127.0.0.1:7357' },
  docs: { paths: ['fixtures/docs'], commit: null },
};

export interface ExampleOptions {
  readonly page?: string;
  readonly example?: string | null;
  readonly check?: string;
  readonly operation?: string;
  readonly outcome?: CollectedTest['outcome'];
  readonly expectedStatus?: CollectedTest['expectedStatus'];
  readonly actualBody?: string;
  readonly documentedBody?: string;
  /** The departures a failing test recorded; by default, /width missing (the target's). */
  readonly departures?: readonly Departure[];
  readonly skip?: { readonly rule: 'placeholder-unfilled' | 'writes-not-allowed' | 'not-run'; readonly reason: string };
  readonly observations?: readonly ObservationRecord[];
  /** Writes the test could not undo. */
  readonly unrestored?: readonly UnrestoredRecord[];
  readonly version?: 'beta' | 'v1.0';
  /** A test that never ran: no record. */
  readonly noRecord?: boolean;
}

export function departure(cause: Cause, overrides: Partial<Departure> = {}): Departure {
  return {
    cause,
    rule: 'documented-properties',
    step: 'documented properties are present with their types',
    message:
      "the answer departs from the page's example (fixtures/docs/update-photos.md:84):\n  /width is missing; the doc shows it",
    documentedAt: [{ file: 'fixtures/docs/update-photos.md', line: 84 }],
    pointers: ['/width'],
    ...overrides,
  };
}

export function collected(options: ExampleOptions = {}): CollectedTest {
  const page = options.page ?? 'update-photos.md';
  const example = options.example === undefined ? 'update_photos' : options.example;
  const title = [page, example ?? 'cannot be used', ...(options.check !== undefined ? [options.check] : [])].join(
    ' › ',
  );
  const outcome = options.outcome ?? 'expected';
  const failed = outcome === 'unexpected' || options.expectedStatus === 'failed';
  const documentedBody = options.documentedBody ?? '{\n  "id": "240X240",\n  "height": 200,\n  "width": 200\n}';
  const actualBody = options.actualBody ?? '{"id":"240X240","height":200,"width":200}';
  const departures = failed ? (options.departures ?? [departure('target')]) : [];
  const file = `fixtures/docs/${page}`;
  const record: VerdictRecord = {
    format: VERDICT_RECORD_FORMAT,
    page: file,
    example,
    check: options.check ?? null,
    operation: options.operation ?? (options.check?.startsWith('PATCH') ? options.check : 'PATCH /me/photos'),
    documentedAt: { file, line: 60 },
    status: outcome === 'skipped' ? 'skipped' : failed ? 'failed' : 'passed',
    cause: departures[0]?.cause ?? null,
    rule: departures[0]?.rule ?? null,
    skip:
      outcome === 'skipped'
        ? (options.skip ?? { rule: 'placeholder-unfilled', reason: 'no value for {usersId}' })
        : null,
    departures,
    observations: options.observations ?? [],
    documented:
      outcome === 'skipped'
        ? null
        : {
            request: {
              location: { file, line: 60 },
              method: 'PATCH',
              url: 'https://graph.microsoft.com/beta/me/photos',
              headers: [['Content-type', 'application/json']],
              body: '{"height": 200}',
            },
            response: {
              location: { file, line: 80 },
              status: 200,
              headers: [['Content-type', 'application/json']],
              body: documentedBody,
              truncated: true,
            },
          },
    exchanges:
      outcome === 'skipped'
        ? []
        : [
            {
              label: null,
              request: {
                method: 'PATCH',
                url: 'http://127.0.0.1:7357/beta/me/photos',
                headers: { 'Content-type': 'application/json', Authorization: 'Bearer <redacted>' },
                body: '{"height": 200}',
              },
              response: {
                status: 200,
                statusText: 'OK',
                headers: { 'content-type': 'application/json' },
                body: actualBody,
                retried: [],
              },
            },
          ],
    strictness: 'standard',
    unrestored: options.unrestored ?? [],
  };
  const stepFailed = failed ? departures[0]?.step : undefined;
  return {
    title,
    tags: ['@PATCH', `@${options.version ?? 'beta'}`],
    page: file,
    documentedAt: `${file}:60`,
    outcome,
    expectedStatus: options.expectedStatus ?? (outcome === 'skipped' ? 'skipped' : 'passed'),
    attempts: outcome === 'flaky' ? 2 : 1,
    durationMs: 42,
    steps:
      outcome === 'skipped'
        ? []
        : [
            { title: 'send PATCH /me/photos', status: 'passed', durationMs: 10, error: null },
            { title: 'status is 200', status: 'passed', durationMs: 1, error: null },
            {
              title: 'documented properties are present with their types',
              status: stepFailed !== undefined ? 'failed' : 'passed',
              durationMs: 1,
              error: stepFailed !== undefined ? (departures[0]?.message ?? null) : null,
            },
          ],
    record: options.noRecord === true ? null : record,
    failedRecord:
      outcome === 'flaky'
        ? { ...record, status: 'failed', departures: options.departures ?? [departure('target')] }
        : null,
    error: failed && options.noRecord === true ? 'Error: boom' : null,
  };
}
