/**
 * The run's setup project (runs before the doc tests, once per run): the access token from client credentials, shared
 * with every worker through the run's private folder, and the tenant file's setup requests, whose captured values
 * fill placeholders. Each is a test only when the run needs it, so the default run against the mock has none.
 */
import type { Cleanup } from '../../src/run/playwright-entry.ts';
import { harness } from './harness.ts';

const {
  test,
  settings: readSettings,
  MOCK_TEST_TOKEN,
  SharedClientTokens,
  tokenSourceFor,
  redactRun: redact,
  runStateDir,
  writePrivateJson,
  runClient,
  readTenantFile,
  runSetup,
  SetupError,
  discoverValues,
  loadRunListings,
} = harness;

const settings = readSettings();
const { credentials, targetUrl } = settings;
const tenant = readTenantFile(settings.tenantFile);
const setupRequests = 'error' in tenant ? [] : tenant.setup;

test.describe.configure({ mode: 'serial' }); // the token first, then the requests that need it

if (targetUrl !== undefined && credentials.kind === 'client') {
  test('run setup › access token from client credentials', async ({}, testInfo) => {
    const tokens = new SharedClientTokens(credentials, runStateDir());
    await tokens.current();
    testInfo.annotations.push({
      type: 'access token',
      description: `client ${credentials.clientId} of tenant ${credentials.tenantId}, scope ${credentials.scope}, from ${credentials.authorityHost}`,
    });
  });
}

if (setupRequests.length > 0) {
  test('run setup › tenant file setup requests', async ({}, testInfo) => {
    const dir = runStateDir();
    const tokens = tokenSourceFor(credentials, targetUrl, MOCK_TEST_TOKEN, dir);
    const client = runClient(settings, tokens, testInfo.config.workers);
    const cleanups: Cleanup[] = [];
    try {
      const outcome = await runSetup(setupRequests, {
        client,
        allowWrites: settings.allowWrites,
        known: (name) => settings.params[name] ?? ('error' in tenant ? undefined : tenant.params[name]),
        redact,
        timeoutMs: 30_000,
        onCleanup: (cleanup) => {
          cleanups.push(cleanup);
          writePrivateJson(dir, 'cleanups', cleanups); // before anything else can fail: the teardown still undoes it
        },
      });
      writePrivateJson(dir, 'captured', { captured: outcome.captured, createdByRun: outcome.createdByRun });
      for (const reason of outcome.skipped)
        testInfo.annotations.push({ type: 'setup request not sent', description: reason });
      for (const [name, value] of Object.entries(outcome.captured))
        testInfo.annotations.push({ type: 'captured', description: `{${name}} = ${redact(value)}` });
    } catch (error) {
      if (!(error instanceof SetupError)) throw error;
      const located = new Error(error.message);
      located.stack = error.message; // the tenant file's line is the useful part, not the harness's stack
      throw located;
    }
  });
}

// After the setup requests (their captures may fill a parent). Against a target, placeholders nothing names are found
// as a person would find them: list the collection, take a member.
const listings = targetUrl === undefined ? [] : loadRunListings();
if (listings.length > 0) {
  test('run setup › discover placeholder values by listing their collections', async ({}, testInfo) => {
    const dir = runStateDir();
    const tokens = tokenSourceFor(credentials, targetUrl, MOCK_TEST_TOKEN, dir);
    const client = runClient(settings, tokens, testInfo.config.workers);
    const outcome = await discoverValues(listings, { client, redact, timeoutMs: 30_000, maxRequests: 500 });
    writePrivateJson(dir, 'discovered', outcome.discovered);
    for (const found of outcome.discovered)
      testInfo.annotations.push({
        type: 'discovered',
        description: `${found.collection}: ${redact(found.value)} (${found.how})`,
      });
    for (const reason of outcome.notFound) testInfo.annotations.push({ type: 'not discovered', description: reason });
  });
}
