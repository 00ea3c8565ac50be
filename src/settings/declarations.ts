/**
 * Every environment variable the harness reads, declared once: its name, the `Settings` property it fills, the kind of
 * value (validated with zod, see kinds.ts), its default, what it means, whether it is a secret, and who reads it.
 * The README's settings table and `.env.example` are generated from this list (`npm run settings:docs`; a unit test
 * fails when they drift), so adding a setting is adding one entry here: `readSettings()` validates it and puts it on
 * `Settings` under its `key`, typed by its kind.
 */
import { onOff, oneOf, origin, path, pathList, present, text, wholeNumber, type Kind } from './kinds.ts';

/**
 * - `lenient`: the answer has the shape of the documented example (properties shown, their JSON types).
 * - `standard`: also the JSON Schema built from the doc tables (types, ranges, formats); undocumented properties allowed.
 * - `strict`: also no property the tables do not document, apart from OData annotations.
 */
export const STRICTNESS_LEVELS = ['lenient', 'standard', 'strict'] as const;
export type Strictness = (typeof STRICTNESS_LEVELS)[number];

/** Who reads a setting: the conformance run (`npx playwright test`), its reports, or a command of the CLI. */
export type Reader = 'run' | 'report' | 'mock' | 'lint' | 'schemas';

/** Sections of `.env.example`, in order. */
export const GROUPS = [
  'Target',
  'Credentials (one of: GRAPH_TOKEN, or the AZURE_* client credentials)',
  'Writes',
  'Checks',
  'Docs',
  'Placeholders',
  'Throttling',
  'Embedded mock tenant',
  'Output',
  'Reviewer report',
  'Process',
] as const;
export type Group = (typeof GROUPS)[number];

export interface Declaration<K extends string = string, T = unknown> {
  /** The `Settings` property that holds the value. */
  readonly key: K;
  readonly kind: Kind<T>;
  /** Raw text used when the setting is unset, validated like a given value. */
  readonly default?: string;
  /** Said in the docs where the default is not a fixed value (computed from other settings, or chosen per run). */
  readonly defaultText?: string;
  /** Markdown: what the setting means, for the README table and (as plain text) `.env.example`. */
  readonly description: string;
  /** A value to show in `.env.example` (commented out). */
  readonly example?: string;
  readonly group: Group;
  /** Never in any report, log or attachment: `secretValues()` hands it to the redactor. */
  readonly secret?: boolean;
  readonly readBy: readonly Reader[];
  /** `PARAM_`: every variable with this prefix is read, into a record keyed by the rest of its name. */
  readonly family?: string;
  /** Read from the environment only, never from the settings file. */
  readonly environmentOnly?: boolean;
  /** Set by the harness itself or by CI, not by its users: documented, but left out of `.env.example`. */
  readonly setBy?: string;
}

function declare<const K extends string, T, const E extends Omit<Declaration<K, T>, 'key' | 'kind'>>(
  key: K,
  kind: Kind<T>,
  rest: E,
): Declaration<K, T> & E {
  return { key, kind, ...rest };
}

export const SETTINGS = {
  TARGET_URL: declare(
    'targetUrl',
    origin('https://graph.microsoft.com', {
      withPath: (o) => `give the origin only (${o}); the version comes from each documented example`,
    }),
    {
      group: 'Target',
      defaultText: '(unset: the embedded mock)',
      description:
        'Origin of the service to check, without a path (the Graph version comes from each documented example). Unset: the embedded mock tenant is started on 127.0.0.1 (a free port, or `MOCK_PORT`) and checked instead.',
      example: 'https://graph.microsoft.com',
      readBy: ['run', 'report'],
    },
  ),
  GRAPH_TOKEN: declare('token', text, {
    secret: true,
    group: 'Credentials (one of: GRAPH_TOKEN, or the AZURE_* client credentials)',
    description:
      'A ready bearer token, sent as `Authorization: Bearer …` to `TARGET_URL` only (or use the `AZURE_*` settings). It cannot be renewed during the run.',
    readBy: ['run', 'report'],
  }),
  AZURE_TENANT_ID: declare('azureTenantId', text, {
    group: 'Credentials (one of: GRAPH_TOKEN, or the AZURE_* client credentials)',
    description:
      'The tenant (id or domain) of the Entra app whose client credentials get the token: the run gets one token (msal-node) in its setup project, shares it with every worker, and renews it before it expires and once after a `401`.',
    readBy: ['run'],
  }),
  AZURE_CLIENT_ID: declare('azureClientId', text, {
    group: 'Credentials (one of: GRAPH_TOKEN, or the AZURE_* client credentials)',
    description: 'The Entra app (client) id.',
    readBy: ['run'],
  }),
  AZURE_CLIENT_SECRET: declare('azureClientSecret', text, {
    secret: true,
    group: 'Credentials (one of: GRAPH_TOKEN, or the AZURE_* client credentials)',
    description: "The app's client secret (or give `AZURE_CLIENT_CERTIFICATE_PATH`).",
    readBy: ['run'],
  }),
  AZURE_CLIENT_CERTIFICATE_PATH: declare('azureClientCertificatePath', path, {
    group: 'Credentials (one of: GRAPH_TOKEN, or the AZURE_* client credentials)',
    description: "A PEM file holding the app's private key and certificate (or give `AZURE_CLIENT_SECRET`).",
    readBy: ['run'],
  }),
  AZURE_AUTHORITY_HOST: declare(
    'azureAuthorityHost',
    origin('https://login.microsoftonline.com', {
      https: true,
      withPath: (o) => `give the host only (${o}); the tenant comes from AZURE_TENANT_ID`,
    }),
    {
      group: 'Credentials (one of: GRAPH_TOKEN, or the AZURE_* client credentials)',
      default: 'https://login.microsoftonline.com',
      description: 'The Entra authority, for national clouds (`https://login.microsoftonline.us`); https only.',
      readBy: ['run'],
    },
  ),
  GRAPH_SCOPE: declare('graphScope', text, {
    group: 'Credentials (one of: GRAPH_TOKEN, or the AZURE_* client credentials)',
    defaultText: '`<TARGET_URL>/.default`',
    description: 'The scope the token is asked for.',
    readBy: ['run'],
  }),
  ALLOW_WRITES: declare('allowWrites', onOff, {
    group: 'Writes',
    default: '0',
    description:
      '`1`: send `POST`, `PUT`, `PATCH` and `DELETE` to a `TARGET_URL` that is not loopback. Each changed entity is read before and restored after its test (checked with a `GET`); what a `POST` creates is deleted; an undo that fails the check fails the run and is written to `REPORTS_DIR/restore-failures.txt`. `0`: writes are skipped, with the reason.',
    readBy: ['run'],
  }),
  STRICTNESS: declare('strictness', oneOf(STRICTNESS_LEVELS), {
    group: 'Checks',
    default: 'standard',
    description:
      'How far answers are checked: `lenient` (the shape of the documented example), `standard` (also the JSON Schema from the doc tables), `strict` (also no property the tables do not document, apart from `@odata` annotations). Named in every report: see [Strictness](#strictness).',
    readBy: ['run'],
  }),
  PROBE_SEED: declare('probeSeed', wholeNumber(-2147483648, 2147483647), {
    group: 'Checks',
    defaultText: '(a new one per run, reported)',
    description: 'Seed of the property-based probes: the same seed sends the same generated bodies.',
    readBy: ['run'],
  }),
  PROBE_RUNS: declare('probeRuns', wholeNumber(1, 1000), {
    group: 'Checks',
    default: '10',
    description: 'Generated bodies each property-based probe sends.',
    readBy: ['run'],
  }),
  FAIL_ON_DOC: declare('failOnDoc', onOff, {
    group: 'Checks',
    default: '0',
    description:
      "`1`: a test whose cause is the page itself (`doc`: the page contradicts itself, as `graph-conformance lint` reports) fails the run, and `graph-conformance compare`, like a target's departure: for a docs repository's CI. `0`: it is an expected failure, shown and counted, and the exit code stays 0. See [Why a test did not pass](#why-a-test-did-not-pass).",
    readBy: ['run', 'report'],
  }),
  DOCS: declare('docs', pathList, {
    group: 'Docs',
    default: 'fixtures/docs',
    description: 'Doc files or folders to check.',
    readBy: ['run', 'report'],
  }),
  INCLUDE_ROOTS: declare('includeRoots', pathList, {
    group: 'Docs',
    default: '',
    defaultText: '(none)',
    description:
      'Folders besides `DOCS` that pages may `[!INCLUDE]` files from, besides the shared `includes/` folder of the Graph docs layout, which is found on its own (`lint` and `schemas` take `--include-root DIRS`, which wins over it). An include or symlink that leads anywhere else (`../` out of the docs folder, an absolute path, a symlink out) is an `outside-docs` finding and is never read.',
    example: '../microsoft-graph-docs/api-reference/includes',
    readBy: ['run', 'report', 'mock', 'lint', 'schemas'],
  }),
  METADATA: declare('metadata', pathList, {
    group: 'Docs',
    default: '',
    example: '../msgraph-metadata/v1.0_metadata.xml,beta=../msgraph-metadata/beta_metadata.xml',
    defaultText: "(the target's `/{version}/$metadata`, in a run)",
    description:
      "Graph's service metadata (CSDL) and permission-scopes files or URLs, comma-separated, each optionally `v1.0=` or `beta=`: `graph-conformance lint` checks the docs against them (see [Lint against Graph's metadata](#lint-against-graphs-metadata)), and `graph-conformance mock` serves each CSDL at `/{version}/$metadata` (else one built from the pages). A run's probes ask it where a page is silent (may this property be null? may a client write it?); unset, a run reads the target's own `/{version}/$metadata` once, with the run's token (the embedded mock serves the CSDL it builds from the pages), and `none` turns this off. `--metadata` wins over it.",
    readBy: ['run', 'lint', 'mock'],
  }),
  GRAPH_CONFORMANCE_CACHE: declare('pageCache', onOff, {
    group: 'Docs',
    default: '1',
    description:
      'Parsed pages, read metadata and each built DocSet (pages, schemas, cases, probes) are cached under `node_modules/.cache/graph-conformance` (or the system temp folder), keyed by their content (the docs and every file they include) and the code that built them; `0` turns the cache off (a run then still builds its DocSet once, in the runner, for its workers).',
    readBy: ['run', 'report', 'mock', 'lint', 'schemas'],
  }),
  PARAM_: declare('params', text, {
    group: 'Placeholders',
    family: 'PARAM_',
    description:
      'Value of the path placeholder `{name}` (`PARAM_<name>`); wins over the tenant file. Characters other than letters, digits and `_` are written `_` (`{item-id}` → `PARAM_item_id`). A placeholder without a value skips its test, naming the placeholder; it is never sent literally.',
    example: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
    readBy: ['run'],
  }),
  TENANT_FILE: declare('tenantFile', path, {
    group: 'Placeholders',
    default: 'fixtures/tenant.json',
    description:
      'JSON file with placeholder values, `{ "params": { "<name>": "<value>" } }`, and optionally setup requests that capture values from the tenant once per run (see `fixtures/tenant.example.json`). Against the embedded mock, its own users fill what is left.',
    readBy: ['run'],
  }),
  RETRY_MAX: declare('maxRetries', wholeNumber(0, 10), {
    group: 'Throttling',
    default: '5',
    description:
      'Retries of a `429`/`503`/`504`; a test still throttled after them is skipped as "target unavailable".',
    readBy: ['run'],
  }),
  RETRY_AFTER_MAX_SECONDS: declare('maxRetryAfterSeconds', wholeNumber(0, 600), {
    group: 'Throttling',
    default: '30',
    description: 'The longest `Retry-After` honoured, in seconds; a longer one ends the test as "target unavailable".',
    readBy: ['run'],
  }),
  REQUESTS_PER_SECOND: declare('requestsPerSecond', wholeNumber(1, 10_000), {
    group: 'Throttling',
    default: '10',
    description: 'Request budget of the whole run against `TARGET_URL`, shared by its workers.',
    readBy: ['run'],
  }),
  MAX_CONCURRENCY: declare('maxConcurrency', wholeNumber(1, 64), {
    group: 'Throttling',
    default: '4',
    description: 'Requests in flight at once against `TARGET_URL` (caps `PW_WORKERS`).',
    readBy: ['run'],
  }),
  MOCK_PORT: declare('mockPort', wholeNumber(0, 65535), {
    group: 'Embedded mock tenant',
    defaultText: '(a free port, per run)',
    description:
      'Port of the embedded mock tenant (127.0.0.1 only); unset or `0`: each run starts its own on a free port (and sets this for its workers). A mock already on the port is reused only when its `/health` shows the same harness, docs and options; anything else there stops the run, naming `MOCK_PORT`.',
    example: '7357',
    readBy: ['run', 'report'],
  }),
  REPORTS_DIR: declare('reportsDir', path, {
    group: 'Output',
    default: 'reports',
    description: 'Where `junit.xml`, `results.json`, `conformance/index.html` (and `playwright.json`) go.',
    readBy: ['run', 'report'],
  }),
  PLAYWRIGHT_JSON: declare('playwrightJson', onOff, {
    group: 'Output',
    default: '0',
    description:
      "`1`: also write Playwright's own JSON report, `REPORTS_DIR/playwright.json` (each attachment body stored once under `REPORTS_DIR/attachments/`, gzip), for tools built on Playwright's format. Off by default: it repeats what `results.json` (the verdicts, in our versioned format) and Playwright's HTML report (every test's steps and attachments) hold, and at the whole reference's size it would be most of a run's artefacts.",
    readBy: ['run'],
  }),
  HTML_REPORT_DIR: declare('htmlReportDir', path, {
    group: 'Output',
    default: 'playwright-report',
    description: "Playwright's HTML report.",
    readBy: ['run'],
  }),
  TEST_RESULTS_DIR: declare('testResultsDir', path, {
    group: 'Output',
    default: 'test-results',
    description: "Playwright's per-test output.",
    readBy: ['run'],
  }),
  PW_WORKERS: declare('workers', wholeNumber(1, 64), {
    group: 'Output',
    default: '2',
    description: 'Playwright workers (at most `MAX_CONCURRENCY`).',
    readBy: ['run'],
  }),
  BASELINE: declare('baseline', path, {
    group: 'Reviewer report',
    description: 'An earlier `results.json`: the reviewer report shows the [compare](#comparing-runs) buckets.',
    readBy: ['report'],
  }),
  HISTORY: declare('history', path, {
    group: 'Reviewer report',
    description: "A folder of earlier results files: the reviewer report's trend chart and per-page strips.",
    readBy: ['report'],
  }),
  DOCS_REPO_URL: declare('docsRepoUrl', text, {
    group: 'Reviewer report',
    description:
      "Web view of the docs repository, for the report's `file:line` links (`https://github.com/<org>/<repo>`, or a template with `{commit}`, `{path}`, `{line}`). Links go to the files on disk when unset.",
    readBy: ['report'],
  }),
  DOCS_COMMIT: declare('docsCommit', text, {
    group: 'Reviewer report',
    defaultText: 'the last git commit that changed the docs (none when they are edited since)',
    description: 'Commit of the docs, recorded in `results.json` and used by the links.',
    readBy: ['report'],
  }),
  DOCS_REPO_ROOT: declare('docsRepoRoot', path, {
    group: 'Reviewer report',
    defaultText: "the docs folder's git top level, else the folder above `api-reference`",
    description:
      'Folder of the docs repository checkout: the reports name doc files relative to it (`api-reference/v1.0/api/user-get.md:42`), never by a path of the machine, and links go to the same path in `DOCS_REPO_URL`.',
    readBy: ['report'],
  }),
  ENV_FILE: declare('envFile', path, {
    group: 'Process',
    default: '.env',
    environmentOnly: true,
    description: 'The settings file to read (only settable in the environment).',
    readBy: ['run', 'report', 'mock', 'lint', 'schemas'],
  }),
  CI: declare('ci', present, {
    group: 'Process',
    setBy: 'CI systems',
    description: '`npx playwright test` forbids `test.only` and prints dots; `lint` shows no progress.',
    readBy: ['run', 'lint'],
  }),
  GRAPH_CONFORMANCE_RUN_DIR: declare('runDir', path, {
    group: 'Process',
    setBy: 'the run itself',
    environmentOnly: true,
    description:
      "The run's private folder (shared token, captured values, throttling pause), named by the runner for its workers.",
    readBy: ['run'],
  }),
  GRAPH_CONFORMANCE_CHECKED_SETTINGS: declare('checkedSettings', text, {
    group: 'Process',
    setBy: 'the run itself',
    environmentOnly: true,
    description:
      "The settings a process validated, secrets left out, handed to the processes it starts (the run's workers): one whose settings are the same takes them without validating them again.",
    readBy: ['run'],
  }),
} as const satisfies Record<string, Declaration>;

export type SettingName = keyof typeof SETTINGS;

/** `PARAM_usersId` → `PARAM_`; a declared name → itself; undefined for names that are not ours. */
export function declarationOf(name: string): readonly [SettingName, Declaration] | undefined {
  for (const [declared, declaration] of Object.entries(SETTINGS) as [SettingName, Declaration][]) {
    if (declaration.family !== undefined ? name.startsWith(declaration.family) : name === declared)
      return [declared, declaration];
  }
  return undefined;
}
