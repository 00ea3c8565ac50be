/**
 * The reviewer report's curl reproducer sends exactly the request that failed: run the probes against a target that
 * drops a negative height, take the curl the report shows for the failing replay, run it in a shell against the same
 * target with GRAPH_TOKEN set, and compare what the target received from curl with what it received from the test
 * (method, path and query, every header the test sent, the body byte for byte), and with the smallest failing body.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FAKE_USER_ID, startFakeTarget, type FakeTarget, type ReceivedRequest } from './fake-target.ts';
import { jsonReportAttachments, reviewerReportTexts } from './html-report.ts';
import { finished, runPlaywright, WITH_PLAYWRIGHT_JSON, type PlaywrightRun } from './run-playwright.ts';

const TOKEN = 'tkn-curl-6a1f-SECRET-e93b';
const REPLAY = 'probe: generated valid bodies are accepted and come back';

/** The text of each curl reproducer in the reviewer report, by the test it belongs to (`example › check`). */
function reportedCurls(run: PlaywrightRun): Map<string, string> {
  // Each page's details are in the report's compressed chunks.
  const html = [...reviewerReportTexts(join(run.dir, 'reports/conformance')).values()].join('\n');
  const curls = new Map<string, string>();
  for (const block of html.split('<details class="test ').slice(1)) {
    const name = /<\/span> ([^<]*?)(?: <span| <small>)/.exec(block)?.[1];
    const curl = /<div class="curl">[\s\S]*?<pre>([\s\S]*?)<\/pre>/.exec(block)?.[1];
    if (name !== undefined && curl !== undefined) curls.set(unescape(name), unescape(curl));
  }
  return curls;
}

function unescape(text: string): string {
  return text
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('the curl reproducer of a failing probe', () => {
  const received: ReceivedRequest[] = [];
  let target: FakeTarget;
  let run: PlaywrightRun;
  before(async () => {
    target = await startFakeTarget('drops-negative-height', (request) => received.push(request));
    run = await runPlaywright(
      {
        TARGET_URL: target.url,
        GRAPH_TOKEN: TOKEN,
        PARAM_usersId: FAKE_USER_ID,
        ENV_FILE: '/dev/null',
        ...WITH_PLAYWRIGHT_JSON,
        PROBE_SEED: '7',
      },
      ['--grep', 'generated valid bodies'],
    );
  });
  after(() => target.close());

  test('replayed in a shell, it sends what the test sent: the smallest failing body, headers and all', async () => {
    assert.notEqual(run.code, 0, run.output.slice(-3000));
    const curl = reportedCurls(run).get(`update_photos › ${REPLAY}`);
    assert.ok(curl, `no reproducer for the replay in the report\n${[...reportedCurls(run).keys()].join('\n')}`);
    assert.ok(!curl.includes(TOKEN), 'the reproducer holds the token');

    const smallest = /departs from the doc:\n\s*(\{.*\})\n/.exec(run.output)?.[1];
    assert.ok(smallest, `the failure names the smallest failing body\n${run.output.slice(-3000)}`);
    const sentByTest = received.filter((r) => r.method === 'PATCH' && isSameJson(r.body, smallest));
    assert.ok(sentByTest.length > 0, 'the test sent the smallest failing body');

    const before = received.length;
    // Asynchronously: the target answering curl lives in this process.
    const shell = await inShell(curl, { PATH: process.env.PATH ?? '', GRAPH_TOKEN: TOKEN });
    assert.equal(shell.code, 0, shell.output);
    const replayed = received.slice(before);
    assert.equal(replayed.length, 1, 'curl sent one request');
    const [fromCurl] = replayed;
    const fromTest = sentByTest.at(-1);
    assert.ok(fromCurl && fromTest);

    assert.equal(fromCurl.method, fromTest.method);
    assert.equal(fromCurl.url, fromTest.url);
    assert.ok(
      fromCurl.body.equals(fromTest.body),
      `body\ncurl: ${fromCurl.body.toString()}\ntest: ${fromTest.body.toString()}`,
    );
    // Every header the test reports it sent arrives alike (Authorization with the token from GRAPH_TOKEN); what each
    // client adds of its own (user-agent, accept-encoding, connection) is the client's, not the request's.
    const attached = jsonReportAttachments(join(run.dir, 'reports/playwright.json')).find(
      (a) => a.test.endsWith(REPLAY) && a.name === 'sent request',
    );
    assert.ok(attached, 'the failing exchange is attached');
    const sent = JSON.parse(attached.text) as { headers: Record<string, string> };
    assert.ok(Object.keys(sent.headers).length >= 2, attached.text);
    for (const name of Object.keys(sent.headers).map((n) => n.toLowerCase())) {
      assert.equal(fromCurl.headers[name], fromTest.headers[name], name);
    }
    assert.equal(fromCurl.headers.authorization, `Bearer ${TOKEN}`);
  });
});

function isSameJson(body: Buffer, text: string): boolean {
  try {
    return JSON.stringify(JSON.parse(body.toString())) === JSON.stringify(JSON.parse(text));
  } catch {
    return false;
  }
}

function inShell(command: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return finished(spawn('sh', ['-c', command], { env, stdio: ['ignore', 'pipe', 'pipe'] }), 30_000);
}
