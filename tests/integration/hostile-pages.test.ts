/**
 * Issue 21's bar, and issue 22's first: over a folder of hostile pages (tests/hostile) beside the seed page, `lint`,
 * `schemas` and a Playwright run each finish with exit code 1 (findings, not a crash), report every hostile page with
 * a located finding, and still report the seed page's own findings and tests; and nothing outside the docs folder
 * (`/etc/passwd`, `/proc/self/environ`, a file reached through `../` or a symlink) appears in any request or artefact.
 * Time and memory are measured by hand (README, "Limits"), never asserted here.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { OUTSIDE_CANARY, PASSWD_MARK, writeHostileDocs, type HostileDocs } from '../hostile/hostile-docs.ts';
import { resultsOf } from './results-file.ts';
import { runPlaywright, type PlaywrightRun } from './run-playwright.ts';
import { assertNowhere, summary } from './tenant-artefacts.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'graph-conformance.js');
/** An environment variable of the run that looks secret: /proc/self/environ would show it. */
const ENV_SECRET = 'canary-9e41-env-secret';

/** Pages that are hostile only in their names: read and checked like any other, with no finding. */
const CLEAN = ['hostile/constructor.md', 'hostile/proto-enums.md', 'hostile/proto-names.md'];

interface Command {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

async function command(args: readonly string[], cwd: string): Promise<Command> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CI: '1', ENV_FILE: '/dev/null' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

let dir: string;
let hostile: HostileDocs;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'gdc-hostile-run-'));
  hostile = writeHostileDocs(dir);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('graph-conformance lint over the hostile folder', () => {
  let run: Command;
  let findings: { file: string; line: number; rule: string; message: string }[];
  before(async () => {
    run = await command(['lint', 'docs', '--include-root', 'includes', '--format', 'json'], dir);
    findings = (JSON.parse(run.stdout) as { findings: typeof findings }).findings;
  });

  test('exits 1 with a report, not a crash', () => {
    assert.equal(run.code, 1, run.stderr);
  });

  test('every hostile page has a located finding; those hostile only in their names have none', () => {
    for (const page of hostile.pages) {
      const own = findings.filter((f) => f.file === `docs/${page}`);
      if (CLEAN.includes(page)) assert.deepEqual(own, [], page);
      else assert.ok(own.length > 0 && own.every((f) => f.line >= 1), `${page} has no located finding`);
    }
    for (const rule of ['limit-exceeded', 'outside-docs', 'include-cycle'])
      assert.ok(
        findings.some((f) => f.rule === rule),
        rule,
      );
  });

  test("the seed page's own findings are still reported", () => {
    assert.ok(findings.some((f) => f.file === 'docs/update-photos.md' && f.rule === 'todo-placeholder'));
  });

  test('nothing from outside the docs folder is in the report', () => {
    for (const secret of [PASSWD_MARK, OUTSIDE_CANARY]) assert.ok(!run.stdout.includes(secret), secret);
  });
});

describe('graph-conformance schemas over the hostile folder', () => {
  let run: Command;
  before(async () => {
    run = await command(['schemas', 'docs', '--include-root', 'includes', '--out', 'schemas'], dir);
  });

  test('exits 1, naming each page it could not read whole, and writes the schemas of the others', () => {
    assert.equal(run.code, 1, run.stderr);
    for (const page of hostile.pages) {
      if (CLEAN.includes(page) || page === 'hostile/backtracking.md') continue; // read whole: nothing to say
      assert.match(run.stderr, new RegExp(`^docs/${page.replace(/[.]/g, '\\.')}:\\d+: error`, 'm'), page);
    }
    const written = readdirSync(join(dir, 'schemas'), { recursive: true, encoding: 'utf8' });
    assert.ok(
      written.some((f) => f.endsWith('profilePhoto.schema.json')),
      written.join(', '),
    );
    const declarations = written.find((f) => f.endsWith('constructor.d.ts'));
    assert.ok(declarations);
    const text = readFileSync(join(dir, 'schemas', declarations), 'utf8');
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty'])
      assert.ok(text.includes(`"${name}"?:`));
  });
});

/**
 * The Playwright run takes one page of each kind (the whole folder is measured by hand): Playwright replaces its worker
 * after every failing test, and each unusable page is one.
 */
const RUN_PAGES = [
  'update-photos.md',
  'hostile/proto-names.md',
  'hostile/constructor.md',
  'hostile/backtracking.md',
  'hostile/huge-table.md',
  'hostile/include-fence.md',
  'hostile/include-traversal.md',
  'hostile/include-absolute.md',
  'hostile/symlinked-page.md',
];
const UNUSABLE = RUN_PAGES.filter((page) => !['update-photos.md', 'hostile/backtracking.md', ...CLEAN].includes(page));

describe('a Playwright run over hostile pages, against the embedded mock', () => {
  let run: PlaywrightRun;
  before(async () => {
    run = await runPlaywright({
      DOCS: RUN_PAGES.map((page) => join(hostile.docs, page)).join(','),
      INCLUDE_ROOTS: hostile.includes,
      ENV_FILE: '/dev/null',
      X_SECRET: ENV_SECRET,
    });
  });

  test('exits 0: findings of the pages (doc causes fail a run only with FAIL_ON_DOC=1), not a crash or a collection error', () => {
    assert.equal(run.code, 0, summary(run));
    assert.doesNotMatch(run.output, /Error: (duplicate test title|Maximum call stack)/);
  });

  test('each hostile page that cannot be used is its own failing test with the cause doc and a located finding', () => {
    const results = resultsOf(run);
    for (const page of UNUSABLE) {
      // results.json names files as the docs repository would, never by a machine path: outside git, relative to the
      // folder above the docs folder.
      const title = `${basename(hostile.docs)}/${page} › cannot be used`;
      const found = results.tests.find((t) => t.title === title);
      assert.ok(found, `no test "${title}"\n${summary(run)}`);
      assert.equal(found.verdict, 'failed', title);
      assert.equal(found.cause, 'doc', title);
      assert.ok(
        ['limit-exceeded', 'outside-docs', 'include-cycle'].includes(found.rule ?? ''),
        `${title}: ${String(found.rule)}`,
      );
    }
    const fence = results.tests.find((t) => t.title.endsWith('include-fence.md › cannot be used'));
    assert.match(
      fence?.failure?.message ?? '',
      /include-fence\.md:\d+: .*the include of \.\.\/(\.\.\/)+etc\/passwd is not/,
    );
  });

  test("the seed page's tests and those of a page hostile only in its names still run and pass", () => {
    const junit = readFileSync(join(run.dir, 'reports/junit.xml'), 'utf8');
    for (const title of ['update-photos.md › update_photos', 'proto-names.md › update_constructor']) {
      const testcase = new RegExp(
        `<testcase name="${title.replace(/[.]/g, '\\.')}"[^>]*>(?<body>[\\s\\S]*?)</testcase>`,
      ).exec(junit);
      assert.ok(testcase, `no test ${title}\n${summary(run)}`);
      assert.doesNotMatch(testcase.groups?.body ?? '', /<failure/, title);
    }
  });

  test("Playwright's own JSON report is written only on request (PLAYWRIGHT_JSON=1): results.json is the verdict", () => {
    assert.ok(existsSync(join(run.dir, 'reports/results.json')), summary(run));
    assert.ok(
      !existsSync(join(run.dir, 'reports/playwright.json')),
      'playwright.json was written without PLAYWRIGHT_JSON',
    );
    assert.ok(!existsSync(join(run.dir, 'reports/attachments')), 'attachments/ was written without PLAYWRIGHT_JSON');
  });

  test('issue 22: neither /etc/passwd, /proc/self/environ nor a file outside the docs folder reaches any request or artefact', () => {
    assertNowhere(run, [PASSWD_MARK, OUTSIDE_CANARY, ENV_SECRET]);
  });
});
