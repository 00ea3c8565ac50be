/**
 * `docs/rules.md`: the rule table as a reader looks a rule up, generated from `rules.ts` by `npm run settings:docs`
 * (a unit test fails when it drifts). Pure: the table in, markdown out.
 */
import { RULES, type RuleKind } from './rules.ts';

const KINDS: readonly (readonly [RuleKind, string, string])[] = [
  [
    'doc',
    'Doc rules',
    'The page contradicts itself: `graph-conformance lint` reports these offline, and a run names them as the cause `doc`.',
  ],
  ['check', 'Checks', 'What a target must do, by the page: broken on a consistent page, the cause `target`.'],
  ['skip', 'Skips', 'Why a test was not run: the reason of every skip starts with one of these (or with a doc rule).'],
  [
    'observation',
    'Observations',
    'What a target did where the page is silent or conditional: a failure only at `STRICTNESS=strict`.',
  ],
  ['harness', 'Harness', 'The harness failed: always a bug of graph-doc-conformance.'],
];

export function rulesReference(): string {
  const out = [
    '# Rules',
    '',
    '<!-- Generated from src/core/rules.ts by `npm run settings:docs`: edit the table there, not this file. -->',
    '',
    'Every finding, cause, skip and observation names one of these rules; baselines and suppressions key on the ids.',
  ];
  for (const [kind, heading, about] of KINDS) {
    out.push(
      '',
      `## ${heading}`,
      '',
      about,
      '',
      '| rule | severity | what it means | what to do |',
      '|---|---|---|---|',
    );
    for (const [id, rule] of Object.entries(RULES))
      if (rule.kind === kind) out.push(`| \`${id}\` | ${rule.severity} | ${cell(rule.title)} | ${cell(rule.fix)} |`);
  }
  return `${out.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
