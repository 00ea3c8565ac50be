/**
 * A generated run at the scale of the Graph reference, for the reviewer report's browser test and its bench: pages of
 * about six tests each (the 2021 reference has 63,623 tests on 11,289 pages), most passing, some skipped with a
 * reason, some failing by the target's or the page's fault, and lint findings on most pages. Deterministic.
 */
import type { ReportInputs } from '../../../src/report/build-report.ts';
import type { CollectedTest } from '../../../src/report/collected.ts';
import type { FindingRecord } from '../../../src/report/results-model.ts';
import { collected, departure, FACTS } from './report-fixtures.ts';

const RULES: readonly [FindingRecord['rule'], FindingRecord['severity'], string][] = [
  ['invalid-json-body', 'warning', 'the body is not strict JSON (a trailing comma); read as intended'],
  ['unannotated-example', 'warning', 'an example has no annotation'],
  ['todo-placeholder', 'error', 'a TODO placeholder is left in the page'],
  ['response-undocumented-property', 'warning', 'the example shows "createdBy", which the tables do not document'],
  ['path-not-documented', 'error', 'the example "x" sends GET /me/things, which no HTTP request line documents'],
];

/** A run of `tests` tests, with the page a reviewer looks for named `needle-page` (failing, near the end). */
export function generatedRun(tests: number): ReportInputs {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const collectedTests: CollectedTest[] = [];
  const lintFindings = new Map<string, FindingRecord[]>();
  const pages = Math.ceil(tests / 6);
  for (let p = 0; p < pages; p++) {
    const version = p % 3 === 0 ? 'beta' : 'v1.0';
    const name = p === pages - 2 ? 'needle-page' : `resource${String(p)}-${p % 2 === 0 ? 'get' : 'update'}`;
    const page = `api-reference/${version}/api/${name}.md`;
    const body = JSON.stringify(
      {
        '@odata.context': `https://graph.microsoft.com/${version}/$metadata#things/$entity`,
        id: `id-${String(p)}`,
        displayName: `Thing number ${String(p)}`,
        createdDateTime: '2021-01-01T00:00:00Z',
        description: 'A documented resource with a handful of properties, as most examples show.',
        tags: ['alpha', 'beta'],
      },
      null,
      2,
    );
    const findings: FindingRecord[] = [];
    for (let f = Math.floor(random() * 5); f > 0; f--) {
      const [rule, severity, message] = RULES[Math.floor(random() * RULES.length)] ?? [
        'todo-placeholder',
        'error',
        'TODO',
      ];
      findings.push({
        rule,
        severity,
        message,
        location: `fixtures/docs/${page}:${String(10 + f * 7)}`,
        related: null,
      });
    }
    lintFindings.set(`fixtures/docs/${page}`, findings);
    for (let t = 0; t < 6 && collectedTests.length < tests; t++) {
      // The needle page fails by its own fault; the second page could not be checked at all.
      const roll = p === pages - 2 && t === 0 ? 0.99 : p === 1 ? 0.75 : random();
      const example = `${name.replace(/-/g, '_')}_${String(t)}`;
      const common = { page, example, version, documentedBody: body } as const;
      collectedTests.push(
        roll < 0.7
          ? collected({ ...common, actualBody: body })
          : roll < 0.88
            ? collected({
                ...common,
                outcome: 'skipped',
                skip:
                  roll < 0.8
                    ? {
                        rule: 'placeholder-unfilled',
                        reason: 'no value for {thingId}: set PARAM_thingId, or give it in the tenant file',
                      }
                    : {
                        rule: 'writes-not-allowed',
                        reason: 'PATCH changes graph.microsoft.com, which is not loopback: set ALLOW_WRITES=1',
                      },
              })
            : roll < 0.96
              ? collected({ ...common, outcome: 'unexpected', actualBody: body.replace('"tags"', '"labels"') })
              : collected({
                  ...common,
                  outcome: 'expected',
                  expectedStatus: 'failed',
                  departures: [departure('doc', { rule: 'request-body-schema' })],
                }),
      );
    }
  }
  return { tests: collectedTests, pages: [], facts: FACTS, lintFindings };
}
