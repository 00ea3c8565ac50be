/**
 * The layering of src/, checked in `npm test` (`npm run layers`). Data flows one way:
 *
 *   core ← docs ← schema ← cases ← docset ← run ← report
 *                                       ↖ lint ←──┘
 *   core ← settings;  core, docs ← metadata (Graph's CSDL and permission scopes), read by lint and the stages
 *   after it;  mock-tenant on core, docs, schema and metadata only;  cli.ts on top of everything.
 *
 * Each stage may import only the stages before it. `core` is what every stage shares (findings, HTTP vocabulary, JSON
 * helpers, redaction, the embedded tenant's placeholder values) and imports no stage; `settings` is the one reader of
 * the environment and is read by the stages with I/O (run, lint, report, the mock's command). `docset` composes docs,
 * schemas, cases and probes into the one DocSet that run, lint, report and cli.ts are handed (the mock gets its pages
 * and schemas from cli.ts). There is no baseline of known violations: a new one fails `npm test`.
 */
const stage = (name) => `^src/${name}/`;

/** For each stage, the stages it must not import. */
const forbidden = {
  core: ['settings', 'docs', 'metadata', 'schema', 'cases', 'docset', 'lint', 'run', 'report', 'mock-tenant'],
  settings: ['docs', 'metadata', 'schema', 'cases', 'docset', 'lint', 'run', 'report', 'mock-tenant'],
  docs: ['settings', 'metadata', 'schema', 'cases', 'docset', 'lint', 'run', 'report', 'mock-tenant'],
  metadata: ['settings', 'schema', 'cases', 'docset', 'lint', 'run', 'report', 'mock-tenant'],
  schema: ['settings', 'metadata', 'cases', 'docset', 'lint', 'run', 'report', 'mock-tenant'],
  cases: ['settings', 'docset', 'lint', 'run', 'report', 'mock-tenant'],
  docset: ['settings', 'lint', 'run', 'report', 'mock-tenant'],
  lint: ['run', 'report', 'mock-tenant'],
  run: ['lint', 'report', 'mock-tenant'],
  report: ['run', 'mock-tenant'],
  'mock-tenant': ['cases', 'docset', 'lint', 'run', 'report'],
};

module.exports = {
  forbidden: [
    ...Object.entries(forbidden).map(([from, to]) => ({
      name: `${from}-layer`,
      comment: `${from} may not import ${to.join(', ')}: see the layering at the top of .dependency-cruiser.cjs`,
      severity: 'error',
      from: { path: stage(from) },
      to: { path: `^src/(${to.join('|')})/` },
    })),
    {
      name: 'no-cycles',
      comment: 'Modules that import each other, directly or through others, cannot be read or tested one at a time.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports is dead code (entry points aside).',
      severity: 'error',
      from: {
        orphan: true,
        path: '^src/',
        pathNot: [
          '^src/cli\\.ts$',
          '^src/report/reviewer-reporter\\.ts$',
          '^src/settings/write-reference\\.ts$',
          '\\.d\\.ts$',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    exclude: { path: ['^node_modules', '\\.json$'] },
  },
};
