/**
 * Collected tests shaped like the ones the conformance suite produces (titles, annotations, steps, attachments), for
 * the report's unit tests.
 */
import type { CollectedTest } from '../../../src/report/collected.ts';
import type { RunFacts } from '../../../src/report/build-report.ts';

export const FACTS: RunFacts = {
  startedAt: '2026-11-28T10:00:00.000Z',
  durationMs: 1234,
  status: 'failed',
  target: { kind: 'mock', origin: 'http://127.0.0.1:7357' },
  docs: { paths: ['fixtures/docs'], commit: null },
};

export interface ExampleOptions {
  readonly page?: string;
  readonly example?: string;
  readonly check?: string;
  readonly outcome?: CollectedTest['outcome'];
  readonly actualBody?: string;
  readonly documentedBody?: string;
  readonly error?: string;
  readonly skipReason?: string;
  readonly version?: 'beta' | 'v1.0';
}

export function collected(options: ExampleOptions = {}): CollectedTest {
  const page = options.page ?? 'update-photos.md';
  const example = options.example ?? 'update_photos';
  const title = [page, example, ...(options.check !== undefined ? [options.check] : [])].join(' › ');
  const outcome = options.outcome ?? 'expected';
  const documentedBody = options.documentedBody ?? '{\n  "id": "240X240",\n  "height": 200,\n  "width": 200\n}';
  const actualBody = options.actualBody ?? '{"id":"240X240","height":200,"width":200}';
  const failed = outcome === 'unexpected';
  const error =
    options.error ??
    'Error: the response departs from the documented one (fixtures/docs/update-photos.md:84):\n  /width is missing; the doc shows it';
  return {
    title,
    tags: ['@PATCH', `@${options.version ?? 'beta'}`],
    annotations: [
      { type: 'documented at', description: `fixtures/docs/${page}:60` },
      {
        type: 'doc warning',
        description: `fixtures/docs/${page}:4: warning todo-placeholder: TODO placeholder: "Provide Github Name"`,
      },
      ...(options.skipReason !== undefined ? [{ type: 'skip', description: options.skipReason }] : []),
    ],
    outcome,
    attempts: outcome === 'flaky' ? 2 : 1,
    durationMs: 42,
    error: failed ? error : null,
    steps:
      outcome === 'skipped'
        ? []
        : [
            { title: 'send PATCH /me/photos', status: 'passed', durationMs: 10, error: null },
            { title: 'status is 200', status: 'passed', durationMs: 1, error: null },
            {
              title: 'documented properties are present with their types',
              status: failed ? 'failed' : 'passed',
              durationMs: 1,
              error: failed ? error : null,
            },
          ],
    attachments:
      outcome === 'skipped'
        ? []
        : [
            {
              name: 'documented request',
              contentType: 'text/plain',
              text: `# fixtures/docs/${page}:60\nPATCH https://graph.microsoft.com/beta/me/photos\nContent-type: application/json\n\n{"height": 200}`,
            },
            {
              name: 'sent request',
              contentType: 'application/json',
              text: JSON.stringify({
                method: 'PATCH',
                url: 'http://127.0.0.1:7357/beta/me/photos',
                headers: { 'Content-type': 'application/json', Authorization: 'Bearer <redacted>' },
                body: '{"height": 200}',
              }),
            },
            {
              name: 'documented response',
              contentType: 'text/plain',
              text: `# fixtures/docs/${page}:80\nHTTP/1.1 200\nContent-type: application/json\n\n${documentedBody}`,
            },
            {
              name: 'actual response',
              contentType: 'application/json',
              text: JSON.stringify({
                status: 200,
                statusText: 'OK',
                headers: { 'content-type': 'application/json' },
                body: actualBody,
              }),
            },
          ],
  };
}
