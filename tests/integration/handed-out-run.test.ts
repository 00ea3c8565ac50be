/**
 * The product end to end on the real pages whose requests once could not run: an upload session's fragments, commit,
 * cancel and status read (driveitem-createuploadsession), a ranged download through the redirect of /content
 * (driveitem-get-content) and a photo upload with a binary body (profilephoto-update), against the embedded mock.
 * The handed-out URLs are credentials: they must be nowhere in what the run leaves.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TENANT_FILE } from '../../src/mock-tenant/tenant.ts';
import { embeddedReportFiles } from './html-report.ts';
import { runPlaywright, WITH_PLAYWRIGHT_JSON, type PlaywrightRun } from './run-playwright.ts';
import { verdictRecordsOf } from './results-file.ts';
import { summary } from './tenant-artefacts.ts';

const API = 'fixtures/corpus/api-reference';
const DOCS = [
  `${API}/v1.0/api/driveitem-createuploadsession.md`,
  `${API}/v1.0/api/driveitem-get-content.md`,
  `${API}/beta/api/profilephoto-update.md`,
];
/** A handed-out URL's unguessable part, as the mock makes it. */
const HANDED_OUT = /_handed-out\/(upload|download)\/[\w-]{20,}/;

interface Outcome {
  readonly status: string;
  readonly errors: string;
}

function outcomes(run: PlaywrightRun): Map<string, Outcome> {
  const report = JSON.parse(readFileSync(join(run.dir, 'reports/playwright.json'), 'utf8')) as { suites: Suite[] };
  const found = new Map<string, Outcome>();
  const walk = (suite: Suite): void => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests)
        for (const r of t.results)
          found.set(spec.title, { status: r.status, errors: (r.errors ?? []).map((e) => e.message ?? '').join('\n') });
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites) walk(suite);
  return found;
}

interface Suite {
  readonly specs?: {
    readonly title: string;
    readonly tests: {
      readonly results: { readonly status: string; readonly errors?: { readonly message?: string }[] }[];
    }[];
  }[];
  readonly suites?: Suite[];
}

describe('handed-out URLs and binary bodies against the embedded mock', () => {
  let run: PlaywrightRun;
  before(async () => {
    run = await runPlaywright({
      ENV_FILE: '/dev/null',
      ...WITH_PLAYWRIGHT_JSON,
      DOCS: DOCS.join(','),
      PARAM_item_path: 'largefile.dat',
      // The file the mock's drives hold from the start: an id the mock has never seen would be a 404, as on Graph.
      PARAM_item_id: TENANT_FILE.id,
    });
  });

  test('each request to a handed-out URL passes, and so does the photo upload', () => {
    const results = outcomes(run);
    const wanted = [
      'driveitem-createuploadsession.md › upload-fragment-piece',
      'driveitem-createuploadsession.md › upload-fragment-final',
      'driveitem-createuploadsession.md › commit-upload',
      'driveitem-createuploadsession.md › upload-fragment-cancel',
      'driveitem-createuploadsession.md › upload-fragment-resume',
      'driveitem-get-content.md › download-item-partial',
      'profilephoto-update.md › update_profilephoto',
    ];
    for (const title of wanted) {
      const outcome = results.get(title);
      assert.equal(
        outcome?.status,
        'passed',
        `${title}: ${outcome?.status ?? 'not run'}\n${outcome?.errors ?? ''}\n${summary(run)}`,
      );
    }
  });

  test('the steps say where the URL came from and what was uploaded first', () => {
    const embedded = [...embeddedReportFiles(join(run.dir, 'playwright-report/index.html')).values()].join('\n');
    assert.match(
      embedded,
      /send POST \/v1\.0\/me\/drive\/root:\/largefile\.dat:\/createUploadSession \(\\?"upload-fragment-create-session\\?"\), whose answer hands out the URL/,
    );
    assert.match(embedded, /the answer hands out the URL \(its body at \/uploadUrl\)/);
    assert.match(embedded, /upload bytes 0-100\/128 first, which the documented request presumes were sent/);
    assert.match(embedded, /the answer hands out the URL \(its Location header\)/);
  });

  test('bodies made for placeholders are described, never dumped', () => {
    const sent = verdictRecordsOf(run).flatMap(({ record }) => record.exchanges.map((e) => e.request.body ?? ''));
    assert.ok(
      sent.some((body) => body.includes('a 64×64 image/jpeg image made by the harness')),
      sent.join('\n').slice(0, 2000),
    );
    assert.ok(sent.some((body) => body.includes('bytes 101-127 of a 128-byte file made by the harness')));
  });

  test('no handed-out URL is anywhere in what the run leaves: it is redacted as a credential', () => {
    const embedded = embeddedReportFiles(join(run.dir, 'playwright-report/index.html'));
    const texts = [
      ...embedded.entries(),
      ...filesBelow(run.dir).map((file) => [file, readFileSync(file, 'latin1')] as const),
      ['console', run.output] as const,
    ];
    for (const [name, text] of texts) assert.doesNotMatch(text, HANDED_OUT, name);
    assert.ok(
      [...embedded.values()].some((text) => text.includes(`127.0.0.1:${run.mockPort}<redacted>`)),
      'the redacted URL keeps its host, for the reader',
    );
  });
});

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile() && !/\.(png|jpe?g|webm|zip)$/i.test(path));
}
