/**
 * What a run of the product leaves behind, for the tenant tests: its Playwright JSON attachments, and a check that no
 * secret is anywhere in it (console, every file, the zip embedded in the HTML report, base64 forms included).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { embeddedReportFiles, jsonReportAttachments, type Attachment } from './html-report.ts';
import type { PlaywrightRun } from './run-playwright.ts';

/** Playwright's JSON report: reports/playwright.json, or reports/results.json where no other reporter took that name. */
export function attachmentsOf(run: PlaywrightRun): Attachment[] {
  const own = join(run.dir, 'reports/playwright.json');
  return jsonReportAttachments(existsSync(own) ? own : join(run.dir, 'reports/results.json'));
}

export function summary(run: PlaywrightRun): string {
  return `exit ${String(run.code)}\n${run.output.slice(-4000)}`;
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile());
}

export function assertNowhere(run: PlaywrightRun, secrets: readonly string[]): void {
  const embedded = embeddedReportFiles(join(run.dir, 'playwright-report/index.html'));
  assert.ok(embedded.size > 0, 'the HTML report embeds no data to check');
  const files = filesBelow(run.dir).map((file) => [file, readFileSync(file, 'latin1')] as const);
  for (const secret of secrets) {
    const base64 = Buffer.from(secret).toString('base64').slice(0, 16);
    assert.ok(!run.output.includes(secret), `console output holds a secret\n${summary(run)}`);
    for (const [file, text] of files) {
      assert.ok(!text.includes(secret), `${file} holds a secret`);
      assert.ok(!text.includes(base64), `${file} holds a secret base64-encoded`);
    }
    for (const [name, text] of embedded) assert.ok(!text.includes(secret), `the HTML report's ${name} holds a secret`);
  }
}
