/**
 * Entra client credentials end to end: the product acquires its token from a local https authority (throwaway CA),
 * once per run in its setup project, shares it with every worker, renews it once after a 401, and no artefact of the
 * run, console output included, holds the client secret or a token.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verdictRecordsOf } from './results-file.ts';
import { assertNowhere, summary } from './tenant-artefacts.ts';
import { runPlaywright, WITH_PLAYWRIGHT_JSON, type PlaywrightRun } from './run-playwright.ts';
import {
  PHOTO_USER_ID,
  startFakeGraph,
  startTokenEndpoint,
  type FakeGraphOptions,
  type TokenEndpoint,
} from './tenant-fakes.ts';

const APP = {
  tenant: '7d5c1e0a-2b4f-4c6d-8e9f-0a1b2c3d4e5f',
  clientId: 'b1c2d3e4-0000-4000-8000-000000000001',
  secret: 'Zx8Q~client-SECRET-value-9f3k2',
};

interface ClientRun {
  readonly run: PlaywrightRun;
  readonly authority: TokenEndpoint;
  readonly graphRequests: readonly string[];
}

async function runWithClientCredentials(fault: Omit<FakeGraphOptions, 'accepts'> = {}): Promise<ClientRun> {
  const authority = await startTokenEndpoint(APP);
  const graph = await startFakeGraph({ ...fault, accepts: (token) => authority.issued.includes(token) });
  try {
    const run = await runPlaywright(
      {
        TARGET_URL: graph.url,
        AZURE_TENANT_ID: APP.tenant,
        AZURE_CLIENT_ID: APP.clientId,
        AZURE_CLIENT_SECRET: APP.secret,
        AZURE_AUTHORITY_HOST: authority.url,
        NODE_EXTRA_CA_CERTS: authority.caFile,
        PARAM_usersId: PHOTO_USER_ID,
        ENV_FILE: '/dev/null',
        PW_WORKERS: '2', // the token is shared with every worker
        ...WITH_PLAYWRIGHT_JSON,
      },
      ['--grep-invert', '@probe'],
    );
    return { run, authority, graphRequests: [...graph.requests] };
  } finally {
    await Promise.all([graph.close(), authority.close()]);
  }
}

describe('client credentials from a local Entra authority', () => {
  test('one token for the whole run; the run passes; no artefact holds the secret or the token', async () => {
    const { run, authority, graphRequests } = await runWithClientCredentials();
    assert.equal(run.code, 0, summary(run));
    assert.match(run.output, /\b[2-9] passed/, summary(run));
    assert.deepEqual(
      authority.requests,
      [`POST /${APP.tenant}/oauth2/v2.0/token`],
      'exactly one request to the authority: the token, no discovery',
    );
    assert.equal(authority.issued.length, 1);
    assert.ok(
      graphRequests.filter((r) => r.startsWith('PATCH')).length >= 2,
      `the examples reached the target: ${graphRequests.join(', ')}`,
    );
    const sent = verdictRecordsOf(run).flatMap(({ record }) => record.exchanges.map((e) => e.request.headers));
    assert.ok(
      sent.some((headers) => headers.Authorization === 'Bearer <redacted>'),
      'the sent request shows the redacted token',
    );
    assertNowhere(run, [APP.secret, ...authority.issued]);
  });

  test('a 401 renews the token once and the request is sent again', async () => {
    const { run, authority } = await runWithClientCredentials({ rejectFirstToken: true });
    assert.equal(run.code, 0, summary(run));
    assert.equal(authority.issued.length, 2, 'one token at setup, one renewal after the 401');
    const responses = verdictRecordsOf(run).flatMap(({ record }) => record.exchanges.map((e) => e.response));
    assert.ok(
      responses.some((r) => r.retried[0]?.status === 401),
      'the 401 is recorded in the exchange of the verdict record',
    );
    assertNowhere(run, [APP.secret, ...authority.issued]);
  });

  test("a wrong secret stops the run before any test, with the authority's reason and without the secret", async () => {
    const authority = await startTokenEndpoint({ ...APP, secret: 'another-secret-entirely' });
    const graph = await startFakeGraph({ accepts: () => true });
    try {
      const run = await runPlaywright(
        {
          TARGET_URL: graph.url,
          AZURE_TENANT_ID: APP.tenant,
          AZURE_CLIENT_ID: APP.clientId,
          AZURE_CLIENT_SECRET: APP.secret,
          AZURE_AUTHORITY_HOST: authority.url,
          NODE_EXTRA_CA_CERTS: authority.caFile,
          PARAM_usersId: PHOTO_USER_ID,
          ENV_FILE: '/dev/null',
        },
        ['--grep-invert', '@probe'],
      );
      // The preflight asks for the token first: one line naming the settings to check, exit 2, no test run.
      assert.equal(run.code, 2, summary(run));
      assert.match(
        run.output,
        /^graph-conformance: AZURE_CLIENT_ID: .*(invalid_client|AADSTS7000215).*AZURE_CLIENT_SECRET$/m,
      );
      assert.doesNotMatch(run.output, /Running \d+ test|\s+at /, 'no test ran, and no stack trace');
      assert.deepEqual(graph.requests, [], 'nothing reached the target without a token');
      assert.ok(!run.output.includes(APP.secret), 'the console holds the secret');
    } finally {
      await Promise.all([graph.close(), authority.close()]);
    }
  });
});
