/**
 * The product against a target that attacks it (hostile-target.ts), with writes allowed and strict checks, as a CI job
 * would run it with a real token and a secret in its environment. The token must reach no origin but the target's;
 * the cloud metadata address must never be tried; neither the token (in clear, JSON-escaped, percent-encoded or
 * base64) nor the CI secret may land in any file the run writes or on its console; and the run may undo only what it
 * made.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPlaywright, WITH_PLAYWRIGHT_JSON, type PlaywrightRun } from './run-playwright.ts';
import { assertNowhere, specResults, summary } from './tenant-artefacts.ts';
import { networkTrap, type NetworkTrap } from './network-trap.ts';
import { METADATA_IP, METADATA_NAME, startHostileTarget, type HostileTarget } from './hostile-target.ts';

const API = 'fixtures/corpus/api-reference';
const DOCS = [
  'fixtures/docs/update-photos.md',
  `${API}/v1.0/api/group-post-groups.md`,
  `${API}/v1.0/api/driveitem-createuploadsession.md`,
  `${API}/v1.0/api/driveitem-get-content.md`,
  `${API}/v1.0/api/user-delta.md`,
];
/** Not JWT-shaped: only the run's knowledge of its own token can catch it, not the JWT pattern. */
const TOKEN = 'eyJLEAKCANARY.abc.def';
const CI_SECRET = 'canary';
/**
 * Every failing test costs a fresh Playwright worker: the probes of the group and upload pages, two of the three delta
 * examples and most photo probes say nothing the others do not, and are left out to keep the run short.
 */
const LEFT_OUT =
  '(group-post-groups|driveitem-createuploadsession)\\.md › .* › probe: |user_delta_(select|minimal)|update_photos › probe: (?!height is Int32, sent true|generated)';

interface ResultTest {
  readonly title: string;
  readonly verdict: string;
  readonly failure?: { readonly message: string };
}

describe('a hostile target, with ALLOW_WRITES=1 and STRICTNESS=strict', () => {
  let target: HostileTarget;
  let trap: NetworkTrap;
  let run: PlaywrightRun;
  let results: { readonly counts: { readonly failed: number }; readonly tests: readonly ResultTest[] };

  before(async () => {
    target = await startHostileTarget({ token: TOKEN, secret: CI_SECRET });
    trap = networkTrap({ [METADATA_NAME]: METADATA_IP });
    run = await runPlaywright(
      {
        TARGET_URL: target.url,
        GRAPH_TOKEN: TOKEN,
        X_SECRET: CI_SECRET,
        ALLOW_WRITES: '1',
        ...WITH_PLAYWRIGHT_JSON,
        STRICTNESS: 'strict',
        PROBE_RUNS: '2',
        PROBE_SEED: '7',
        DOCS: DOCS.join(','),
        PARAM_usersId: 'hostile-user',
        PARAM_item_path: 'largefile.dat',
        PARAM_item_id: '01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K',
        ENV_FILE: '/dev/null',
        ...trap.env,
      },
      ['--grep-invert', LEFT_OUT],
    );
    results = JSON.parse(readFileSync(join(run.dir, 'reports/results.json'), 'utf8')) as typeof results;
  });
  after(async () => {
    await target.close();
  });

  test('the run ends, failing what the target broke', () => {
    assert.equal(run.code, 1, summary(run));
    assert.ok(results.counts.failed > 0, summary(run));
  });

  test('no request carrying the token reaches any origin but the target', () => {
    const elsewhere = target.requests.filter((r) => r.server === 'elsewhere');
    assert.ok(elsewhere.length > 0, 'the foreign upload URLs were not followed at all: the check proves nothing');
    assert.deepEqual(
      elsewhere.filter((r) => r.authorization !== undefined),
      [],
      'a request to the other origin carried Authorization',
    );
    const signed = target.requests.filter((r) => r.server === 'target' && r.authorization === `Bearer ${TOKEN}`);
    assert.ok(signed.length > 0, 'the target itself got the token');
  });

  test('the cloud metadata address is never tried, by address or by a name that resolves there', () => {
    const lines = trap.lines();
    assert.deepEqual(
      lines.filter((line) => line.includes(METADATA_IP) || line.startsWith('blocked')),
      [],
      'a connection went to the metadata address or off loopback',
    );
    assert.ok(lines.includes(`dns ${METADATA_NAME}`), `the name was never even looked up: ${lines.join('\n')}`);
    const refused = results.tests.filter((t) => /link-local/.test(t.failure?.message ?? ''));
    assert.ok(refused.length >= 2, `the refusals are reported as findings:\n${summary(run)}`);
  });

  test('redirects, handed-out links and nextLinks elsewhere are not followed with the token', () => {
    const elsewhere = target.requests.filter((r) => r.server === 'elsewhere').map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(
      elsewhere.filter((r) => !/^(PUT|POST|GET|DELETE) \/(up|download)\//.test(r)),
      [],
      'only the handed-out upload and download URLs are requested on the other origin',
    );
  });

  test("a POST's Location elsewhere is never deleted: the write is reported as not undone, with what to remove", () => {
    // The one DELETE the docs ask for is the cancel of an upload session, at its handed-out URL.
    const deletes = target.requests
      .filter((r) => r.method === 'DELETE' && !(r.server === 'elsewhere' && r.url.startsWith('/up/')))
      .map((r) => `${r.server} ${r.url}`);
    assert.deepEqual(deletes, [], 'the run deleted what the target named, not what it made');
    const groups = [...specResults(run).values()].filter((t) => t.title.startsWith('group-post-groups.md'));
    assert.ok(groups.length >= 3, summary(run));
    const messages = groups.flatMap((t) => t.errors).join('\n');
    assert.match(messages, /the tenant was left changed/);
    assert.match(messages, /is not on the target's origin/);
    assert.match(messages, /is not directly inside \/v1\.0\/groups/);
    assert.match(messages, /find what the POST to \/v1\.0\/groups created/);
    const summaryFile = readFileSync(join(run.dir, 'reports/restore-failures.txt'), 'utf8');
    assert.match(summaryFile, /fix by hand: find what the POST to \/v1\.0\/groups created/);
  });

  test('the token in a reason phrase (418 OK <token>) is in no report, no step title and not on the console', () => {
    const users = results.tests.find(
      (t) => t.title === 'update-photos.md › update_photos › PATCH /users/{usersId}/photos',
    );
    assert.ok(users?.failure !== undefined, summary(run));
    assert.match(users.failure.message, /418/);
    // The reason phrase as a reader would see it next to the status, wherever the run shows the answer.
    assertNowhere(run, [`OK ${TOKEN}`]);
  });

  test('neither the token, in any encoding, nor the CI secret is in any file the run wrote or on its console', () => {
    assertNowhere(run, [TOKEN, CI_SECRET]);
  });
});
