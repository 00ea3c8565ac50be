import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import LeanReportsReporter, { attachmentStore, leanJsonReport } from '../../src/report/lean-reports.ts';

test("Playwright's JSON report keeps no attachment body: each is stored once by content and named by path", () => {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-lean-'));
  try {
    const documented = Buffer.from('# api-reference/v1.0/api/user-get.md:40\nGET /me').toString('base64');
    const attachment = (name: string, body: string) => ({ name, contentType: 'text/plain', body });
    const report = {
      suites: [
        {
          specs: [
            { tests: [{ results: [{ attachments: [attachment('documented request', documented)] }] }] },
            {
              tests: [
                {
                  results: [
                    {
                      attachments: [
                        attachment('documented request', documented),
                        { name: 'trace', contentType: 'application/zip', path: 'test-results/x/trace.zip' },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const lean = JSON.stringify(leanJsonReport(report, attachmentStore(join(dir, 'attachments'))));
    assert.ok(!lean.includes(documented), 'no body is left in the report');
    const paths = [...lean.matchAll(/"path":"(attachments\/[0-9a-f]{40}\.txt\.gz)"/g)].map((m) => m[1]);
    assert.equal(paths.length, 2);
    assert.equal(paths[0], paths[1], 'identical bodies are one file');
    assert.match(lean, /"path":"test-results\/x\/trace\.zip"/, 'an attachment already by path is kept');
    assert.deepEqual(readdirSync(join(dir, 'attachments')).length, 1);
    assert.equal(
      gunzipSync(readFileSync(join(dir, paths[0] ?? ''))).toString('utf8'),
      '# api-reference/v1.0/api/user-get.md:40\nGET /me',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("Playwright's JSON report names each test's annotations once, without the harness's source line", () => {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-lean-'));
  try {
    const skip = { type: 'skip', description: 'no-response: …', location: { file: 'src/run/ledger.ts', line: 1 } };
    const page = { type: 'documented at', description: 'api-reference/v1.0/api/user-get.md:12' };
    const report = {
      suites: [
        {
          specs: [
            {
              tests: [
                { annotations: [page, skip], results: [{ status: 'skipped', annotations: [page, skip] }] },
                { annotations: [page], results: [{ status: 'passed', annotations: [page, skip] }] },
              ],
            },
          ],
        },
      ],
    };
    const lean = leanJsonReport(report, attachmentStore(join(dir, 'attachments'))) as typeof report;
    const [same, differs] = lean.suites[0]?.specs[0]?.tests ?? [];
    const unlocated = { type: skip.type, description: skip.description };
    assert.deepEqual(same, { annotations: [page, unlocated], results: [{ status: 'skipped' }] });
    assert.deepEqual(differs?.results, [{ status: 'passed', annotations: [page, unlocated] }], 'kept where it differs');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a run that does not write Playwright's JSON report removes one an earlier run left, with its attachments", () => {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-lean-'));
  try {
    const json = join(dir, 'playwright.json');
    writeFileSync(json, '{"suites":[]}');
    mkdirSync(join(dir, 'attachments'));
    writeFileSync(join(dir, 'attachments', 'a.json.gz'), '');
    writeFileSync(join(dir, 'results.json'), '{}');
    new LeanReportsReporter({ stale: json }).onBegin();
    assert.deepEqual(readdirSync(dir), ['results.json']);
    assert.ok(!existsSync(json));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
