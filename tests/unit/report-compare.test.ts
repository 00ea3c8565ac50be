import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildResults } from '../../src/report/build-report.ts';
import { compareRuns, exitCodeFor, formatComparisonMarkdown } from '../../src/report/compare.ts';
import { runCompare } from '../../src/report/compare-command.ts';
import type { CollectedTest } from '../../src/report/collected.ts';
import type { RunResults } from '../../src/report/results-model.ts';
import { collected, departure, FACTS } from './support/report-fixtures.ts';

function run(tests: readonly CollectedTest[], origin = 'http://127.0.0.1:7357'): RunResults {
  return buildResults({ tests, pages: [], facts: { ...FACTS, target: { kind: 'url', origin } } });
}

const baseline = run([
  collected({ example: 'a', outcome: 'unexpected' }), // still failing
  collected({ example: 'b', outcome: 'unexpected' }), // fixed
  collected({ example: 'c' }), // new failure
  collected({ example: 'd' }), // flaky
  collected({ example: 'e' }), // newly skipped
  collected({ example: 'f' }), // unchanged
  collected({ example: 'gone' }),
  collected({ example: 'h', outcome: 'skipped' }), // still skipped: no bucket
]);
const current = run(
  [
    collected({ example: 'a', outcome: 'unexpected', departures: [departure('target', { pointers: ['/height'] })] }),
    collected({ example: 'b' }),
    collected({ example: 'c', outcome: 'unexpected' }),
    collected({ example: 'd', outcome: 'flaky' }),
    collected({
      example: 'e',
      outcome: 'skipped',
      skip: { rule: 'placeholder-unfilled', reason: 'no value for {usersId}' },
    }),
    collected({ example: 'f' }),
    collected({ example: 'h', outcome: 'skipped' }),
    collected({ example: 'new', outcome: 'unexpected' }),
  ],
  'https://graph.microsoft.com',
);

test('tests land in their buckets by title, whatever the target', () => {
  const c = compareRuns(baseline, current);
  const titles = (bucket: keyof typeof c.buckets): string[] =>
    c.buckets[bucket].map((e) => e.title.split(' › ')[1] ?? '');
  assert.deepEqual(titles('new failure'), ['c', 'new']);
  assert.deepEqual(titles('still failing'), ['a']);
  assert.deepEqual(titles('fixed'), ['b']);
  assert.deepEqual(titles('flaky'), ['d']);
  assert.deepEqual(titles('newly skipped'), ['e']);
  assert.deepEqual(c.gone, ['update-photos.md › gone']);
  assert.equal(c.buckets['still failing'][0]?.changed, true, 'a fails on another pointer now');
  assert.equal(c.current.target, 'https://graph.microsoft.com');
});

test('the exit code follows --fail-on', () => {
  const c = compareRuns(baseline, current);
  assert.equal(exitCodeFor(c, current, 'new'), 1);
  assert.equal(exitCodeFor(c, current, 'never'), 0);
  const onlyOld = run([collected({ example: 'a', outcome: 'unexpected' })]);
  const same = compareRuns(onlyOld, onlyOld);
  assert.equal(exitCodeFor(same, onlyOld, 'new'), 0, 'a known failure does not fail a nightly run');
  assert.equal(exitCodeFor(same, onlyOld, 'any'), 1);
});

test('a new failure whose cause is the page fails compare only with --fail-on-doc (FAIL_ON_DOC=1)', () => {
  const before = run([collected({ example: 'p' })]);
  const after = run([
    collected({ example: 'p', outcome: 'expected', expectedStatus: 'failed', departures: [departure('doc')] }),
  ]);
  const c = compareRuns(before, after);
  assert.equal(c.buckets['new failure'][0]?.cause, 'doc');
  assert.equal(exitCodeFor(c, after, 'new'), 0);
  assert.equal(exitCodeFor(c, after, 'new', true), 1);
  assert.equal(exitCodeFor(c, after, 'any'), 0);
});

test('the Markdown summary escapes what GitHub would read as HTML', () => {
  const md = formatComparisonMarkdown(compareRuns(baseline, current));
  assert.match(md, /\| new failure \| 2 \|/);
  assert.doesNotMatch(md, /<target>|<doc>/);
});

test('the command prints, writes compare.json and Markdown, and exits on new failures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-compare-'));
  writeFileSync(join(dir, 'baseline.json'), JSON.stringify(baseline));
  writeFileSync(join(dir, 'current.json'), JSON.stringify(current));
  const lines: string[] = [];
  const result = runCompare(
    [join(dir, 'baseline.json'), join(dir, 'current.json'), '--markdown', join(dir, 'summary.md')],
    (l) => lines.push(l),
  );
  assert.deepEqual(result, { ok: true, code: 1 });
  assert.match(lines.join('\n'), /new failure: 2\n {2}update-photos\.md › c \(was passed, cause target\)/);
  const written = JSON.parse(readFileSync(join(dir, 'compare.json'), 'utf8')) as {
    failOn: string;
    buckets: Record<string, unknown[]>;
  };
  assert.equal(written.failOn, 'new');
  assert.equal(written.buckets.fixed?.length, 1);
  assert.match(readFileSync(join(dir, 'summary.md'), 'utf8'), /### Compared with the baseline/);
  assert.deepEqual(
    runCompare([join(dir, 'baseline.json'), join(dir, 'current.json'), '--fail-on', 'never'], () => undefined),
    { ok: true, code: 0 },
  );
});

test('bad arguments and files are one-line errors naming the file', () => {
  assert.equal(runCompare(['only-one.json']).ok, false);
  assert.deepEqual(runCompare(['a.json', 'b.json', '--fail-on', 'sometimes']), {
    ok: false,
    message: '--fail-on: "sometimes" is not one of new, any, never',
  });
  const dir = mkdtempSync(join(tmpdir(), 'gdc-compare-'));
  writeFileSync(join(dir, 'pw.json'), JSON.stringify({ suites: [] }));
  assert.throws(
    () => runCompare([join(dir, 'pw.json'), join(dir, 'pw.json')]),
    /pw\.json:1: not a graph-conformance results file \(this is Playwright's JSON report/,
  );
  assert.throws(
    () => runCompare([join(dir, 'missing.json'), join(dir, 'pw.json')]),
    /missing\.json: cannot be read: no such file/,
  );
});
