/**
 * `graph-conformance self-check` (src/report/self-check.ts): a run against the embedded mock has no target or
 * harness cause, every skip a rule, and every doc cause a lint finding of the same rule and place.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResults } from '../../src/report/build-report.ts';
import { formatSelfCheck, selfCheck } from '../../src/report/self-check.ts';
import { LINT_FORMAT, type LintReport } from '../../src/lint/model.ts';
import { collected, departure, FACTS } from './support/report-fixtures.ts';

const finding = {
  rule: 'request-body-schema' as const,
  severity: 'error' as const,
  message: 'the request body does not match the request-body table',
  location: { file: 'fixtures/docs/update-photos.md', line: 70 },
};

function lint(findings: LintReport['findings']): LintReport {
  return {
    format: LINT_FORMAT,
    summary: {
      pages: 1,
      examples: 1,
      runnableCases: 1,
      skippedCases: {},
      errors: findings.length,
      warnings: 0,
      suppressed: 0,
      findingsByRule: {},
    },
    findings,
  };
}

const docFailure = collected({
  example: 'doc',
  outcome: 'expected',
  expectedStatus: 'failed',
  departures: [departure('doc', { rule: 'request-body-schema', finding })],
});

test('a clean run: doc causes that lint reports, skips with rules, passes', () => {
  const results = buildResults({
    tests: [collected(), docFailure, collected({ example: 's', outcome: 'skipped' })],
    pages: [],
    facts: FACTS,
  });
  const check = selfCheck(
    results,
    lint([
      { file: finding.location.file, line: 70, col: 1, rule: 'request-body-schema', severity: 'error', message: 'x' },
    ]),
  );
  assert.deepEqual(check.violations, []);
  assert.match(
    formatSelfCheck(check, ['fixtures/docs']),
    /failures by cause: target 0, doc 1, observation 0, harness 0/,
  );
  assert.match(formatSelfCheck(check, ['fixtures/docs']), /the harness agrees with itself/);
});

test('every disagreement is a violation: target and harness causes, skips without a rule, doc causes lint does not report', () => {
  const results = buildResults({
    tests: [
      collected({ example: 't', outcome: 'unexpected' }),
      collected({ example: 'h', outcome: 'unexpected', noRecord: true }),
      collected({ example: 'n', outcome: 'skipped', noRecord: true }),
      docFailure,
    ],
    pages: [],
    facts: FACTS,
  });
  const check = selfCheck(results, lint([]));
  assert.deepEqual(
    check.violations.map((v) => v.problem.replace(/[:(].*$/s, '').trim()),
    [
      'a doc cause',
      'failed with the cause harness',
      'skipped without a rule of the harness',
      'failed with the cause target',
    ],
  );
  assert.match(
    formatSelfCheck(check, ['docs']),
    /4 violations:\n {2}update-photos\.md › doc: a doc cause \(request-body-schema at fixtures\/docs\/update-photos\.md:70\)/,
  );
});
