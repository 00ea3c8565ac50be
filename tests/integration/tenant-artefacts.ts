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

/** One test's last result in Playwright's JSON report: its status, annotations and every error. */
export interface SpecResult {
  readonly title: string;
  readonly status: string;
  readonly annotations: readonly { readonly type: string; readonly description?: string }[];
  readonly errors: readonly string[];
}

/** The tests of a run by title, from reports/playwright.json. */
export function specResults(run: PlaywrightRun): Map<string, SpecResult> {
  interface Suite {
    readonly specs?: readonly {
      readonly title: string;
      readonly tests: readonly {
        readonly annotations: SpecResult['annotations'];
        readonly results: readonly { readonly status: string; readonly errors: readonly { message?: string }[] }[];
      }[];
    }[];
    readonly suites?: readonly Suite[];
  }
  const report = JSON.parse(readFileSync(join(run.dir, 'reports/playwright.json'), 'utf8')) as { suites: Suite[] };
  const found = new Map<string, SpecResult>();
  const walk = (suite: Suite): void => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests) {
        const last = t.results.at(-1);
        found.set(spec.title, {
          title: spec.title,
          status: last?.status ?? 'skipped',
          annotations: t.annotations,
          errors: t.results.flatMap((r) => r.errors.map((e) => e.message ?? '')),
        });
      }
    for (const child of suite.suites ?? []) walk(child);
  };
  report.suites.forEach(walk);
  return found;
}

export function summary(run: PlaywrightRun): string {
  return `exit ${String(run.code)}\n${run.output.slice(-4000)}`;
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile());
}

/**
 * The texts a leaked secret would show as in an artefact, computed apart from the product's redactor: in clear; with
 * its first character JSON-escaped or percent-encoded, at any depth of escaping (the backslash is left out, so `\\u0065`
 * matches too); and base64 or base64url encoded, at each of the three byte alignments it can have in a longer text
 * (the first and last four encoded characters are left out: they also depend on the neighbouring bytes).
 */
export function leakForms(secret: string): string[] {
  const code = secret.charCodeAt(0);
  const rest = secret.slice(1);
  const forms = [
    secret,
    `u${code.toString(16).padStart(4, '0')}${rest}`,
    `u${code.toString(16).padStart(4, '0').toUpperCase()}${rest}`,
    `%${code.toString(16).padStart(2, '0')}${rest}`,
    `%${code.toString(16).padStart(2, '0').toUpperCase()}${rest}`,
  ];
  for (const prefix of ['', '.', '..'])
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = Buffer.from(`${prefix}${secret}`).toString(encoding);
      if (encoded.length > 12) forms.push(encoded.slice(4, -4));
    }
  return forms;
}

export function assertNowhere(run: PlaywrightRun, secrets: readonly string[]): void {
  const embedded = embeddedReportFiles(join(run.dir, 'playwright-report/index.html'));
  assert.ok(embedded.size > 0, 'the HTML report embeds no data to check');
  const files = filesBelow(run.dir).map((file) => [file, readFileSync(file, 'latin1')] as const);
  for (const secret of secrets) {
    for (const form of leakForms(secret)) {
      const shown = form === secret ? 'a secret' : `a secret, as ${form}`;
      assert.ok(!run.output.includes(form), `console output holds ${shown}\n${summary(run)}`);
      for (const [file, text] of files) assert.ok(!text.includes(form), `${file} holds ${shown}`);
      for (const [name, text] of embedded) assert.ok(!text.includes(form), `the HTML report's ${name} holds ${shown}`);
    }
  }
}
