/**
 * Before any test, once, in the runner (Playwright's globalSetup): the preflight (DOCS, TARGET_URL and its token)
 * and the run's own mock tenant, the service metadata the probes use (METADATA, else the target's `/$metadata`),
 * then one line saying what the run checks. A failed check prints one line naming the
 * setting and the fix and ends the run with exit 2, as a bad setting does; no test runs and nothing is half-reported.
 * `--list` skips this (Playwright runs no globalSetup when listing): listing needs no target.
 */
import type { RunMock } from '../../src/run/playwright-entry.ts';
import { harness, mockTenant } from './harness.ts';

const {
  settings: readSettings,
  shareWithChildProcesses,
  MOCK_TEST_TOKEN,
  harnessVersion,
  docSetFingerprint,
  loadDocModel,
  tokenSourceFor,
  checkDocs,
  checkTarget,
  PreflightError,
  runSummary,
  provideRunMock,
  runStateDir,
  chooseRunMetadata,
  graphVersionsOf,
  TargetClient,
  UNLIMITED,
  prepareRunSuite,
  docsRepoRoot,
} = harness;

export default async function globalSetup(): Promise<() => Promise<void>> {
  const settings = readSettings();
  let mock: RunMock | undefined;
  const tokens = tokenSourceFor(settings.credentials, settings.targetUrl, MOCK_TEST_TOKEN, runStateDir());
  // The docs' pages and schemas, read once (from the DocSet store, as a rule) for everything before the DocSet: the
  // preflight, the mock, the versions whose metadata the probes ask (over the whole reference, each reading is seconds).
  let model: ReturnType<typeof loadDocModel> | undefined;
  const docModel = (): ReturnType<typeof loadDocModel> =>
    (model ??= loadDocModel(settings.docs, { cache: settings.pageCache, includeRoots: settings.includeRoots }));
  try {
    checkDocs(settings.docs, process.cwd(), () => docModel().pages);
    if (settings.targetUrl !== undefined) {
      await checkTarget(settings, tokens);
    } else {
      const { startDocsTenant } = await mockTenant();
      mock = await provideRunMock({
        port: settings.mockPort,
        // In this process, from the docs' model read above: no process to start and no harness to load again. Its
        // defaults are the `mock` command's: no option changes its answers.
        start: (port) => startDocsTenant(docModel(), { host: '127.0.0.1', port }, {}),
        expected: () => ({
          harness: harnessVersion(),
          docs: docSetFingerprint(docModel().pages),
          options: {},
        }),
      });
      // The workers start after this and inherit it: every process of the run sends to this mock.
      shareWithChildProcesses('MOCK_PORT', String(mock.port));
    }
  } catch (error) {
    await mock?.stop();
    if (!(error instanceof PreflightError)) throw error;
    console.error(`graph-conformance: ${error.message}`);
    process.exit(2);
  }
  // Once per run, before the DocSet is built: every process of the run builds its probes from the same metadata.
  const origin = mock?.origin ?? settings.targetUrl;
  if (origin !== undefined) {
    const chosen = await chooseRunMetadata({
      metadata: settings.metadata,
      versions: graphVersionsOf(docModel().pages),
      client: new TargetClient(origin, tokens, { maxRetries: 1, maxWaitSeconds: 30 }, UNLIMITED),
      runDir: runStateDir(),
      cache: settings.pageCache,
    });
    for (const warning of chosen.warnings) console.error(`graph-conformance: warning: ${warning}`);
    if (chosen.files.length > 0)
      console.log(
        `graph-conformance: where a page is silent, the probes ask the service metadata of ${chosen.sources.join(', ')}`,
      );
  }
  // The docs checkout's root, asked of git once for the run: every process names doc files relative to it (each
  // worker's output and the reports), and the workers start after this and inherit it.
  if (settings.docsRepoRoot === undefined) shareWithChildProcesses('DOCS_REPO_ROOT', docsRepoRoot(settings));
  // Found or built here, once: the spec files, loaded next in this process, find it stored with their parts.
  prepareRunSuite();
  for (const line of runSummary({ pages: docModel().pages, settings }, mock)) console.log(`graph-conformance: ${line}`);
  return async () => {
    await mock?.stop();
  };
}
