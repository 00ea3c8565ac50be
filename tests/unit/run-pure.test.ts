/**
 * The pure pieces of the runner: response checks, retry policy, redaction and settings.
 *
 * Run: node --import tsx --test tests/unit/run-pure.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { REDACTED, redactHeaders, redactor, redactRedirect } from '../../src/core/redact.ts';
import { documentedShape, echoedValues, formatProblems, jsonKind } from '../../src/run/response-checks.ts';
import { decideRetry, parseRetryAfter, RETRIED_STATUSES, type RetryPolicy } from '../../src/run/retry-policy.ts';
import { readSettings, readTenantParams, SettingsError } from '../../src/settings/settings.ts';

describe('jsonKind', () => {
  test('names the JSON kind of parsed values', () => {
    assert.deepEqual([null, [], {}, 'x', 1, 1.5, true].map(jsonKind), [
      'null',
      'array',
      'object',
      'string',
      'number',
      'number',
      'boolean',
    ]);
  });
});

describe('documentedShape', () => {
  test('the documented body itself, and a superset of it when truncated, have no problems', () => {
    const doc = { id: '1', height: 6, tags: ['a'], owner: { name: 'x' } };
    assert.deepEqual(documentedShape(doc, structuredClone(doc), false), []);
    assert.deepEqual(documentedShape(doc, { ...doc, extra: 1 }, true), []);
  });

  test('values may differ as long as the JSON kind is the one shown', () => {
    assert.deepEqual(documentedShape({ id: '1', n: 6, ok: true }, { id: '2', n: 7.5, ok: false }, false), []);
  });

  test('a missing property is reported at its pointer', () => {
    assert.deepEqual(documentedShape({ id: '1', height: 6 }, { id: '1' }, true), [
      { pointer: '/height', message: 'is missing; the doc shows it' },
    ]);
  });

  test('a wrong JSON kind names the pointer, what came and what the doc shows', () => {
    assert.deepEqual(documentedShape({ height: 6 }, { height: '6' }, true), [
      { pointer: '/height', message: 'is a string "6", but the doc shows a number 6' },
    ]);
    assert.deepEqual(documentedShape({ a: {} }, { a: [] }, true), [
      { pointer: '/a', message: 'is an array, but the doc shows an object' },
    ]);
    assert.deepEqual(documentedShape({ a: 'x' }, { a: null }, true), [
      { pointer: '/a', message: 'is null, but the doc shows a string "x"' },
    ]);
    assert.deepEqual(documentedShape({ a: 1 }, [1], true), [
      { pointer: '', message: 'is an array, but the doc shows an object' },
    ]);
  });

  test('nested objects are checked at nested pointers; names are escaped', () => {
    const doc = { owner: { user: { id: 'u', 'a/b~c': 1 } } };
    assert.deepEqual(documentedShape(doc, { owner: { user: { id: 5, 'a/b~c': 1 } } }, true), [
      { pointer: '/owner/user/id', message: 'is a number 5, but the doc shows a string "u"' },
    ]);
    assert.deepEqual(documentedShape(doc, { owner: { user: { id: 'u' } } }, true), [
      { pointer: '/owner/user/a~1b~0c', message: 'is missing; the doc shows it' },
    ]);
  });

  test('every array item is checked against the first documented item', () => {
    const doc = { value: [{ id: 'a', size: 1 }, { id: 'b' }] };
    const actual = { value: [{ id: 'a', size: 1 }, { id: 'b', size: 'big' }, { size: 3 }] };
    assert.deepEqual(documentedShape(doc, actual, true), [
      { pointer: '/value/1/size', message: 'is a string "big", but the doc shows a number 1' },
      { pointer: '/value/2/id', message: 'is missing; the doc shows it' },
    ]);
    assert.deepEqual(
      documentedShape({ value: [] }, { value: [1, 'x', {}] }, false),
      [],
      'an empty documented array shows no item shape',
    );
    assert.deepEqual(
      documentedShape({ value: [{ id: 'a' }] }, { value: [] }, false),
      [],
      'an empty actual array has no items to check',
    );
  });

  test('extra properties are problems only when the doc is not truncated', () => {
    const doc = { id: '1', owner: { name: 'x' } };
    const actual = { id: '1', extra: true, owner: { name: 'x', more: 1 } };
    assert.deepEqual(documentedShape(doc, actual, true), []);
    assert.deepEqual(documentedShape(doc, actual, false), [
      { pointer: '/owner/more', message: 'is not in the documented response, which is not marked truncated' },
      { pointer: '/extra', message: 'is not in the documented response, which is not marked truncated' },
    ]);
  });

  test('@odata.type must be present and equal', () => {
    const doc = { '@odata.type': '#microsoft.graph.profilePhoto', id: '1' };
    assert.deepEqual(documentedShape(doc, { '@odata.type': '#microsoft.graph.profilePhoto', id: '2' }, false), []);
    assert.deepEqual(documentedShape(doc, { '@odata.type': '#microsoft.graph.user', id: '1' }, true), [
      {
        pointer: '/@odata.type',
        message: 'is "#microsoft.graph.user", but the doc shows "#microsoft.graph.profilePhoto"',
      },
    ]);
    assert.deepEqual(documentedShape(doc, { id: '1' }, true), [
      { pointer: '/@odata.type', message: 'is missing; the doc shows it' },
    ]);
  });

  test('other @odata.* control information is ignored, documented or not', () => {
    const doc = {
      '@odata.context': 'https://graph.microsoft.com/beta/$metadata#users',
      '@odata.etag': 'W/"1"',
      'photo@odata.mediaEtag': '"x"',
      id: '1',
    };
    assert.deepEqual(
      documentedShape(
        doc,
        { id: '1', '@odata.context': 5, '@odata.nextLink': 'x', 'name@odata.type': '#String' },
        false,
      ),
      [],
    );
  });

  test('a documented null matches any value, but the property must be there', () => {
    assert.deepEqual(documentedShape({ a: null }, { a: 5 }, false), []);
    assert.deepEqual(documentedShape({ a: null }, { a: { b: [1] } }, false), []);
    assert.deepEqual(documentedShape(null, 'anything', false), []);
    assert.deepEqual(documentedShape({ a: null }, {}, true), [
      { pointer: '/a', message: 'is missing; the doc shows it' },
    ]);
  });

  test('formatProblems lists one problem a line, the root as /', () => {
    assert.equal(
      formatProblems([
        { pointer: '', message: 'is wrong' },
        { pointer: '/a', message: 'is missing' },
      ]),
      '  / is wrong\n  /a is missing',
    );
  });
});

describe('echoedValues', () => {
  test('a sent value the doc shows coming back must come back', () => {
    const sent = { height: 6, width: 5 };
    assert.deepEqual(echoedValues(sent, { id: '1', height: 6, width: 5 }, { id: '1', height: 6, width: 5 }), []);
    assert.deepEqual(echoedValues(sent, { height: 6, width: 5 }, { height: 6, width: 7 }), [
      { pointer: '/width', message: 'is a number 7, but 5 was sent and the doc shows it coming back' },
    ]);
    assert.deepEqual(echoedValues(sent, { height: 6, width: 5 }, { height: 6 }), [
      { pointer: '/width', message: 'is absent, but 5 was sent and the doc shows it coming back' },
    ]);
  });

  test('values the doc does not show coming back, or shows differently, are not checked', () => {
    assert.deepEqual(echoedValues({ height: 6, name: 'a' }, { height: 7 }, { height: 1 }), []);
  });

  test('@odata.* properties are not checked', () => {
    assert.deepEqual(echoedValues({ '@odata.type': '#a' }, { '@odata.type': '#a' }, { '@odata.type': '#b' }), []);
  });

  test('structured values are compared as JSON', () => {
    const sent = { tags: ['a', 'b'], address: { city: 'Oslo' } };
    assert.deepEqual(echoedValues(sent, sent, { tags: ['a', 'b'], address: { city: 'Oslo' } }), []);
    assert.deepEqual(
      echoedValues(sent, sent, { tags: ['b', 'a'], address: { city: 'Oslo' } }).map((p) => p.pointer),
      ['/tags'],
      'array order matters',
    );
  });

  test('the order of keys inside an echoed object does not matter (JSON objects are unordered)', () => {
    const sent = { address: { street: '1 Main St', city: 'Oslo' } };
    assert.deepEqual(echoedValues(sent, sent, { address: { city: 'Oslo', street: '1 Main St' } }), []);
  });

  test('non-object bodies are not checked; a non-object answer loses every echoed value', () => {
    assert.deepEqual(echoedValues('x', { a: 1 }, {}), []);
    assert.deepEqual(echoedValues({ a: 1 }, [1], {}), []);
    assert.deepEqual(
      echoedValues({ a: 1 }, { a: 1 }, 'oops').map((p) => p.pointer),
      ['/a'],
    );
  });
});

describe('decideRetry and parseRetryAfter', () => {
  const policy: RetryPolicy = { maxRetries: 3, maxWaitSeconds: 30 };
  const now = Date.parse('2024-05-01T12:00:00Z');

  test('Retry-After in seconds', () => {
    assert.equal(parseRetryAfter('5', now), 5000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.deepEqual(decideRetry(429, '5', 1, policy, now), { retry: true, waitMs: 5000 });
    assert.deepEqual(decideRetry(503, '30', 2, policy, now), { retry: true, waitMs: 30000 });
  });

  test('Retry-After as an HTTP date: the time until then, never negative', () => {
    assert.equal(parseRetryAfter('Wed, 01 May 2024 12:00:10 GMT', now), 10000);
    assert.equal(parseRetryAfter('Wed, 01 May 2024 11:59:00 GMT', now), 0);
    assert.deepEqual(decideRetry(504, 'Wed, 01 May 2024 12:00:02 GMT', 1, policy, now), { retry: true, waitMs: 2000 });
  });

  test('absent or empty Retry-After → exponential backoff with the injected jitter', () => {
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('  ', now), undefined);
    assert.deepEqual(
      decideRetry(429, undefined, 1, policy, now, () => 0),
      { retry: true, waitMs: 250 },
    );
    assert.deepEqual(
      decideRetry(429, undefined, 1, policy, now, () => 0.5),
      { retry: true, waitMs: 500 },
    );
    assert.deepEqual(
      decideRetry(429, '', 2, policy, now, () => 0.5),
      { retry: true, waitMs: 1000 },
    );
    assert.deepEqual(
      decideRetry(429, undefined, 3, policy, now, () => 0.5),
      { retry: true, waitMs: 2000 },
    );
    assert.deepEqual(
      decideRetry(429, undefined, 3, { maxRetries: 10, maxWaitSeconds: 1 }, now, () => 0.99),
      { retry: true, waitMs: 1000 },
      'backoff is capped, not a give-up',
    );
  });

  test('a Retry-After that is neither delay-seconds nor an HTTP date falls back to backoff', () => {
    for (const value of ['1.5', '-5', 'soon', 'later 1']) {
      assert.equal(parseRetryAfter(value, now), undefined, `"${value}" is not a Retry-After value`);
      assert.deepEqual(
        decideRetry(429, value, 1, policy, now, () => 0.5),
        { retry: true, waitMs: 500 },
        `"${value}"`,
      );
    }
  });

  test('a wait longer than allowed → give up, saying why and which setting allows more', () => {
    const decision = decideRetry(429, '120', 1, policy, now);
    assert.ok(!decision.retry, 'gives up');
    assert.match(
      decision.reason ?? '',
      /^429 with Retry-After 120 exceeds the 30 s allowed \(RETRY_AFTER_MAX_SECONDS\)$/,
    );
    assert.equal(decideRetry(503, 'Wed, 01 May 2024 12:01:00 GMT', 1, policy, now).retry, false);
    assert.deepEqual(
      decideRetry(429, '30', 1, policy, now),
      { retry: true, waitMs: 30000 },
      'exactly the limit is honoured',
    );
  });

  test('only 429, 503 and 504 are retried, without a reason for the others', () => {
    assert.deepEqual([...RETRIED_STATUSES].sort(), [429, 503, 504]);
    for (const status of [200, 201, 204, 400, 401, 403, 404, 409, 500, 502]) {
      assert.deepEqual(decideRetry(status, '1', 1, policy, now), { retry: false }, `status ${status}`);
    }
  });

  test('attempts beyond maxRetries give up with a reason', () => {
    assert.equal(decideRetry(429, '1', 3, policy, now).retry, true);
    assert.deepEqual(decideRetry(429, '1', 4, policy, now), { retry: false, reason: 'still 429 after 3 retries' });
    assert.deepEqual(decideRetry(503, undefined, 1, { maxRetries: 0, maxWaitSeconds: 30 }, now), {
      retry: false,
      reason: 'still 503 after 0 retries',
    });
  });
});

describe('redaction', () => {
  const token = 'eyJ0eXAiOiJKV1QiLCJub25jZSI6';

  test('a secret is replaced everywhere it occurs', () => {
    const redact = redactor([token]);
    assert.equal(redact(`a ${token} b ${token}${token}`), `a ${REDACTED} b ${REDACTED}${REDACTED}`);
    assert.equal(redact('nothing secret'), 'nothing secret');
  });

  test('several secrets: the longer wins where one contains the other; undefined and short ones are ignored', () => {
    const redact = redactor(['abcd', undefined, 'abcdefgh', 'xyz', '']);
    assert.equal(redact('abcdefgh abcd xyz'), `${REDACTED} ${REDACTED} xyz`);
    assert.equal(redactor([])('abc'), 'abc');
  });

  test('secrets with regular-expression characters are matched literally', () => {
    assert.equal(redactor(['a.b*c+'])('xa.b*c+y axbbc'), `x${REDACTED}y axbbc`);
  });

  test('Authorization keeps its scheme; the credential is masked whatever its value', () => {
    const redact = redactor([token]);
    assert.deepEqual(redactHeaders({ Authorization: `Bearer ${token}` }, redact), {
      Authorization: `Bearer ${REDACTED}`,
    });
    assert.deepEqual(redactHeaders({ authorization: 'Basic dXNlcjpwYXNz' }, redact), {
      authorization: `Basic ${REDACTED}`,
    });
    assert.deepEqual(redactHeaders({ 'Proxy-Authorization': 'Bearer other-token' }, redact), {
      'Proxy-Authorization': `Bearer ${REDACTED}`,
    });
  });

  test('an Authorization value without a scheme is masked whole', () => {
    const redact = redactor([]);
    const masked = redactHeaders({ Authorization: token }, redact).Authorization ?? '';
    assert.ok(!masked.includes(token), `the bare credential leaked: "${masked}"`);
  });

  test('cookies and API keys are masked; other headers pass through the redactor', () => {
    const redact = redactor([token]);
    assert.deepEqual(
      redactHeaders(
        {
          Cookie: 'session=1',
          'Set-Cookie': 'a=b; HttpOnly',
          'x-api-key': 'k',
          'Ocp-Apim-Subscription-Key': 'k2',
          'Content-Type': 'application/json',
          'x-echo': `got ${token}`,
        },
        redact,
      ),
      {
        Cookie: REDACTED,
        'Set-Cookie': REDACTED,
        'x-api-key': REDACTED,
        'Ocp-Apim-Subscription-Key': REDACTED,
        'Content-Type': 'application/json',
        'x-echo': `got ${REDACTED}`,
      },
    );
  });

  test('pre-authenticated URLs keep their origin and lose their path, in bodies and in bodies quoted in JSON', () => {
    const body = JSON.stringify({
      uploadUrl: 'https://sn3302.up.1drv.com/up/fe6987?t=1',
      '@microsoft.graph.downloadUrl': 'https://x.example/dl/abc',
      webUrl: 'https://x.example/keep',
    });
    const redact = redactor([]);
    assert.equal(
      redact(body),
      `{"uploadUrl":"https://sn3302.up.1drv.com${REDACTED}","@microsoft.graph.downloadUrl":"https://x.example${REDACTED}","webUrl":"https://x.example/keep"}`,
    );
    const quoted = redact(JSON.stringify({ body }));
    assert.ok(!quoted.includes('fe6987') && !quoted.includes('/dl/abc'), quoted);
  });

  test("a redirect's Location keeps its origin only; a 201's Location (the created entity) is kept", () => {
    assert.deepEqual(redactRedirect(302, { location: 'https://b0mpua.files.1drv.com/y23vmag', 'request-id': '1' }), {
      location: `https://b0mpua.files.1drv.com${REDACTED}`,
      'request-id': '1',
    });
    assert.deepEqual(redactRedirect(201, { location: 'https://graph.microsoft.com/v1.0/users/1' }), {
      location: 'https://graph.microsoft.com/v1.0/users/1',
    });
  });
});

describe('readSettings', () => {
  test('defaults', () => {
    assert.deepEqual(readSettings({}), {
      docs: ['fixtures/docs'],
      params: {},
      tenantFile: 'fixtures/tenant.json',
      maxRetries: 5,
      maxRetryAfterSeconds: 30,
      reportsDir: 'reports',
      htmlReportDir: 'playwright-report',
      testResultsDir: 'test-results',
      strictness: 'standard',
      probeRuns: 10,
      allowWrites: false,
      credentials: { kind: 'none' },
      requestsPerSecond: 10,
      maxConcurrency: 4,
    });
  });

  test('blank values count as unset', () => {
    const settings = readSettings({
      TARGET_URL: ' ',
      GRAPH_TOKEN: '',
      MOCK_PORT: '  ',
      TENANT_FILE: ' ',
      REPORTS_DIR: '',
    });
    assert.equal('targetUrl' in settings, false);
    assert.equal('token' in settings, false);
    assert.equal(settings.mockPort, undefined, 'a free port, picked when the mock starts');
    assert.equal(settings.tenantFile, 'fixtures/tenant.json');
    assert.equal(settings.reportsDir, 'reports');
  });

  test('values are read and trimmed', () => {
    const settings = readSettings({
      TARGET_URL: ' https://graph.microsoft.com/ ',
      GRAPH_TOKEN: ' tok ',
      DOCS: 'a, b/c ,,d',
      MOCK_PORT: '0',
      TENANT_FILE: ' t.json ',
      RETRY_MAX: '10',
      RETRY_AFTER_MAX_SECONDS: '600',
      REPORTS_DIR: 'r',
      HTML_REPORT_DIR: 'h',
      TEST_RESULTS_DIR: 'x',
    });
    assert.deepEqual(settings, {
      targetUrl: 'https://graph.microsoft.com',
      token: 'tok',
      docs: ['a', 'b/c', 'd'],
      params: {},
      tenantFile: 't.json',
      maxRetries: 10,
      maxRetryAfterSeconds: 600,
      reportsDir: 'r',
      htmlReportDir: 'h',
      testResultsDir: 'x',
      strictness: 'standard',
      probeRuns: 10,
      allowWrites: false,
      credentials: { kind: 'token', token: 'tok' },
      requestsPerSecond: 10,
      maxConcurrency: 4,
    });
  });

  test('TARGET_URL is reduced to its origin', () => {
    assert.equal(readSettings({ TARGET_URL: 'http://127.0.0.1:7357' }).targetUrl, 'http://127.0.0.1:7357');
    assert.equal(readSettings({ TARGET_URL: 'HTTPS://Graph.Microsoft.com' }).targetUrl, 'https://graph.microsoft.com');
  });

  test('TARGET_URL with a path is a SettingsError that names the origin to use', () => {
    assert.throws(
      () => readSettings({ TARGET_URL: 'https://graph.microsoft.com/v1.0' }),
      (error: unknown) => {
        assert.ok(error instanceof SettingsError);
        assert.equal(
          error.message,
          'TARGET_URL: give the origin only (https://graph.microsoft.com); the version comes from each documented example',
        );
        return true;
      },
    );
  });

  test('TARGET_URL that is not an http(s) URL is a SettingsError', () => {
    assert.throws(
      () => readSettings({ TARGET_URL: 'graph.microsoft.com' }),
      (error: unknown) =>
        error instanceof SettingsError && /^TARGET_URL: "graph\.microsoft\.com" is not a URL/.test(error.message),
    );
    assert.throws(
      () => readSettings({ TARGET_URL: 'ftp://graph.microsoft.com' }),
      (error: unknown) => error instanceof SettingsError && /not an http\(s\) URL/.test(error.message),
    );
  });

  test('bad integers are SettingsErrors naming the setting, the value and the range', () => {
    const bad: readonly (readonly [string, string, string])[] = [
      ['MOCK_PORT', 'abc', 'MOCK_PORT: "abc" is not a whole number from 0 to 65535'],
      ['MOCK_PORT', '65536', 'MOCK_PORT: "65536" is not a whole number from 0 to 65535'],
      ['MOCK_PORT', '80.5', 'MOCK_PORT: "80.5" is not a whole number from 0 to 65535'],
      ['RETRY_MAX', '-1', 'RETRY_MAX: "-1" is not a whole number from 0 to 10'],
      ['RETRY_MAX', '11', 'RETRY_MAX: "11" is not a whole number from 0 to 10'],
      ['RETRY_AFTER_MAX_SECONDS', '601', 'RETRY_AFTER_MAX_SECONDS: "601" is not a whole number from 0 to 600'],
    ];
    for (const [name, value, message] of bad) {
      assert.throws(
        () => readSettings({ [name]: value }),
        (error: unknown) => error instanceof SettingsError && error.message === message,
        `${name}=${value}`,
      );
    }
  });

  test('PARAM_<name> variables become placeholder values; empty ones are left out', () => {
    const settings = readSettings({
      PARAM_usersId: 'u1',
      'PARAM_event-id': 'e 1',
      PARAM_empty: '',
      PARAMusersId: 'no',
      param_lower: 'no',
      OTHER: 'x',
    });
    assert.deepEqual(settings.params, { usersId: 'u1', 'event-id': 'e 1' });
  });
});

describe('readTenantParams', () => {
  const dir = mkdtempSync(join(tmpdir(), 'graph-conformance-tenant-'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string, content: string): string => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  test('a missing file gives no params', () => {
    assert.deepEqual(readTenantParams(join(dir, 'absent.json')), { params: {} });
  });

  test('a good file gives its params', () => {
    const file = write(
      'good.json',
      JSON.stringify({ params: { usersId: 'u1', 'event-id': 'e1' }, comment: 'ignored' }),
    );
    assert.deepEqual(readTenantParams(file), { params: { usersId: 'u1', 'event-id': 'e1' } });
  });

  test('bad JSON is an error starting with file:1:', () => {
    const file = write('bad.json', '{ "params": { "usersId": "u1", } ');
    const result = readTenantParams(file);
    assert.ok('error' in result);
    assert.ok(result.error.startsWith(`${file}:1: not valid JSON (`), result.error);
  });

  test('the wrong shape is an error starting with file:1:', () => {
    for (const [name, content] of [
      ['array.json', '[]'],
      ['no-params.json', '{ "usersId": "u1" }'],
      ['params-array.json', '{ "params": ["u1"] }'],
      ['params-null.json', '{ "params": null }'],
      ['params-string.json', '{ "params": "u1" }'],
      ['null.json', 'null'],
    ] as const) {
      const file = write(name, content);
      assert.deepEqual(
        readTenantParams(file),
        { error: `${file}:1: expected an object { "params": { "<placeholder>": "<value>" } }` },
        name,
      );
    }
  });

  test('a value that is not a string is an error naming it', () => {
    const file = write('number.json', '{ "params": { "usersId": "u1", "count": 5 } }');
    assert.deepEqual(readTenantParams(file), { error: `${file}:1: params.count must be a string` });
  });
});
