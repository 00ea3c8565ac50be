/**
 * Draws the lint precision sample: `n` findings at random, seeded, from a `graph-conformance lint --format json`
 * report, printed as the rows of docs/precision/lint-findings.md (the verdicts are then written by hand).
 *
 *   node bin/graph-conformance.js lint <api-reference> --format json --out lint.json
 *   node --import tsx tests/precision/draw-lint-sample.ts lint.json [seed=14] [n=50] [strip=<prefix to drop>]
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { LintFinding, LintReport } from '../../src/lint/model.ts';

const [file, seedText = '14', countText = '50', strip = ''] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: draw-lint-sample.ts <lint.json> [seed] [n] [prefix to strip]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8')) as LintReport;
const count = Math.min(Number(countText), report.findings.length);
const indices = report.findings.map((_, index) => index);
const [drawn = []] = fc.sample(fc.shuffledSubarray(indices, { minLength: count, maxLength: count }), {
  seed: Number(seedText),
  numRuns: 1,
});
const show = (f: LintFinding): string =>
  `\`${f.file.startsWith(strip) ? f.file.slice(strip.length) : f.file}:${f.line.toString()} ${f.rule} ${f.severity}: ${f.message.replaceAll('|', '\\|')}\``;
console.log(`${report.findings.length.toString()} findings; seed ${seedText}; ${count.toString()} drawn`);
for (const [row, index] of [...drawn].sort((a, b) => a - b).entries())
  console.log(`| ${(row + 1).toString()} | ${show(report.findings[index] as LintFinding)} | | |`);
