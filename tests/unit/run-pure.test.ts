/**
 * The pure pieces of the runner: response checks, retry policy, and redaction.
 *
 * Run: node --import tsx --test tests/unit/run-pure.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REDACTED, redactHeaders, redactor, redactRedirect } from '../../src/core/redact.ts';
import {
  documentedShape,
  echoedValues,
  formatProblems,
  jsonKind,
  type Problem,
} from '../../src/run/response-checks.ts';
import { carriesContent } from '../../src/core/http.ts';
import { decideRetry, parseRetryAfter, RETRIED_STATUSES, type RetryPolicy } from '../../src/run/retry-policy.ts';

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

/** Pointer and message: what a reader sees of a problem (its rule and values are data for the record). */
function brief(problems: readonly Problem[]): { pointer: string; message: string }[] {
  return problems.map(({ pointer, message }) => ({ pointer, message }));
}

describe('documentedShape', () => {
  test('a property the response annotation calls optional may come, or not, without truncated', () => {
    const doc = { uploadUrl: 'https://x', expirationDateTime: '2015-01-29T09:21:55.523Z' };
    const leeway = { truncated: false, optional: ['nextExpectedRanges'] };
    assert.deepEqual(brief(documentedShape(doc, { ...doc, nextExpectedRanges: ['0-'] }, leeway)), []);
    assert.deepEqual(brief(documentedShape({ ...doc, nextExpectedRanges: ['0-'] }, doc, leeway)), []);
    assert.deepEqual(brief(documentedShape(doc, { ...doc, other: 1 }, leeway)), [
      { pointer: '/other', message: 'is not in the documented response, which is not marked truncated' },
    ]);
  });

  test('the documented body itself, and a superset of it when truncated, have no problems', () => {
    const doc = { id: '1', height: 6, tags: ['a'], owner: { name: 'x' } };
    assert.deepEqual(brief(documentedShape(doc, structuredClone(doc), { truncated: false })), []);
    assert.deepEqual(brief(documentedShape(doc, { ...doc, extra: 1 }, { truncated: true })), []);
  });

  test('values may differ as long as the JSON kind is the one shown', () => {
    assert.deepEqual(
      brief(documentedShape({ id: '1', n: 6, ok: true }, { id: '2', n: 7.5, ok: false }, { truncated: false })),
      [],
    );
  });

  test('an @odata.type with or without its leading # names the same type (identityprovider-post-identityproviders)', () => {
    // The page shows "microsoft.graph.identityProvider"; the service (and the mock) write "#microsoft.graph.…".
    const doc = { '@odata.type': 'microsoft.graph.identityProvider', id: 'x' };
    const leeway = { truncated: false };
    assert.deepEqual(
      brief(documentedShape(doc, { ...doc, '@odata.type': '#microsoft.graph.identityProvider' }, leeway)),
      [],
    );
    assert.deepEqual(
      brief(documentedShape(doc, { ...doc, '@odata.type': '#microsoft.graph.openIdConnectProvider' }, leeway)),
      [
        {
          pointer: '/@odata.type',
          message: 'is "#microsoft.graph.openIdConnectProvider", but the doc shows "microsoft.graph.identityProvider"',
        },
      ],
    );
    const listed = { value: [{ '@odata.type': 'microsoft.graph.user', id: 'u' }] };
    const answered = { value: [{ '@odata.type': '#microsoft.graph.user', id: 'v' }] };
    assert.deepEqual(brief(documentedShape(listed, answered, leeway)), []);
  });

  test('a missing property is reported at its pointer', () => {
    assert.deepEqual(brief(documentedShape({ id: '1', height: 6 }, { id: '1' }, { truncated: true })), [
      { pointer: '/height', message: 'is missing; the doc shows it' },
    ]);
  });

  test('a wrong JSON kind names the pointer, what came and what the doc shows', () => {
    assert.deepEqual(brief(documentedShape({ height: 6 }, { height: '6' }, { truncated: true })), [
      { pointer: '/height', message: 'is a string "6", but the doc shows a number 6' },
    ]);
    assert.deepEqual(brief(documentedShape({ a: {} }, { a: [] }, { truncated: true })), [
      { pointer: '/a', message: 'is an array, but the doc shows an object' },
    ]);
    assert.deepEqual(brief(documentedShape({ a: 'x' }, { a: null }, { truncated: true })), [
      { pointer: '/a', message: 'is null, but the doc shows a string "x"' },
    ]);
    assert.deepEqual(brief(documentedShape({ a: 1 }, [1], { truncated: true })), [
      { pointer: '', message: 'is an array, but the doc shows an object' },
    ]);
  });

  test('nested objects are checked at nested pointers; names are escaped', () => {
    const doc = { owner: { user: { id: 'u', 'a/b~c': 1 } } };
    assert.deepEqual(brief(documentedShape(doc, { owner: { user: { id: 5, 'a/b~c': 1 } } }, { truncated: true })), [
      { pointer: '/owner/user/id', message: 'is a number 5, but the doc shows a string "u"' },
    ]);
    assert.deepEqual(brief(documentedShape(doc, { owner: { user: { id: 'u' } } }, { truncated: true })), [
      { pointer: '/owner/user/a~1b~0c', message: 'is missing; the doc shows it' },
    ]);
  });

  test('every array item is checked against what the documented items agree on', () => {
    const doc = { value: [{ id: 'a', size: 1 }, { id: 'b' }] };
    const actual = { value: [{ id: 'a', size: 1 }, { id: 'b', size: 'big' }, { size: 3 }] };
    assert.deepEqual(brief(documentedShape(doc, actual, { truncated: true })), [
      { pointer: '/value/1/size', message: 'is a string "big", but the doc shows a number 1' },
      { pointer: '/value/2/id', message: 'is missing; the doc shows it' },
    ]);
    assert.deepEqual(
      brief(documentedShape({ value: [] }, { value: [1, 'x', {}] }, { truncated: false })),
      [],
      'an empty documented array shows no item shape',
    );
    assert.deepEqual(
      brief(documentedShape({ value: [{ id: 'a' }] }, { value: [] }, { truncated: false })),
      [],
      'an empty actual array has no items to check',
    );
  });

  test('extra properties are problems only when the doc is not truncated', () => {
    const doc = { id: '1', owner: { name: 'x' } };
    const actual = { id: '1', extra: true, owner: { name: 'x', more: 1 } };
    assert.deepEqual(brief(documentedShape(doc, actual, { truncated: true })), []);
    assert.deepEqual(brief(documentedShape(doc, actual, { truncated: false })), [
      { pointer: '/owner/more', message: 'is not in the documented response, which is not marked truncated' },
      { pointer: '/extra', message: 'is not in the documented response, which is not marked truncated' },
    ]);
  });

  test('@odata.type must be present and equal', () => {
    const doc = { '@odata.type': '#microsoft.graph.profilePhoto', id: '1' };
    assert.deepEqual(
      brief(documentedShape(doc, { '@odata.type': '#microsoft.graph.profilePhoto', id: '2' }, { truncated: false })),
      [],
    );
    assert.deepEqual(
      brief(documentedShape(doc, { '@odata.type': '#microsoft.graph.user', id: '1' }, { truncated: true })),
      [
        {
          pointer: '/@odata.type',
          message: 'is "#microsoft.graph.user", but the doc shows "#microsoft.graph.profilePhoto"',
        },
      ],
    );
    assert.deepEqual(brief(documentedShape(doc, { id: '1' }, { truncated: true })), [
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
      brief(
        documentedShape(
          doc,
          { id: '1', '@odata.context': 5, '@odata.nextLink': 'x', 'name@odata.type': '#String' },
          { truncated: false },
        ),
      ),
      [],
    );
  });

  test('a documented null matches any value, but the property must be there', () => {
    assert.deepEqual(brief(documentedShape({ a: null }, { a: 5 }, { truncated: false })), []);
    assert.deepEqual(brief(documentedShape({ a: null }, { a: { b: [1] } }, { truncated: false })), []);
    assert.deepEqual(brief(documentedShape(null, 'anything', { truncated: false })), []);
    assert.deepEqual(brief(documentedShape({ a: null }, {}, { truncated: true })), [
      { pointer: '/a', message: 'is missing; the doc shows it' },
    ]);
  });

  test('formatProblems lists one problem a line, the root as /', () => {
    assert.equal(
      formatProblems([
        { rule: 'documented-properties', pointer: '', message: 'is wrong' },
        { rule: 'documented-properties', pointer: '/a', message: 'is missing' },
      ]),
      '  / is wrong\n  /a is missing',
    );
  });
});

describe('echoedValues', () => {
  test('a sent value the doc shows coming back must come back', () => {
    const sent = { height: 6, width: 5 };
    assert.deepEqual(brief(echoedValues(sent, { id: '1', height: 6, width: 5 }, { id: '1', height: 6, width: 5 })), []);
    assert.deepEqual(brief(echoedValues(sent, { height: 6, width: 5 }, { height: 6, width: 7 })), [
      { pointer: '/width', message: 'is a number 7, but 5 was sent and the doc shows it coming back' },
    ]);
    assert.deepEqual(brief(echoedValues(sent, { height: 6, width: 5 }, { height: 6 })), [
      { pointer: '/width', message: 'is absent, but 5 was sent and the doc shows it coming back' },
    ]);
  });

  test('values the doc does not show coming back, or shows differently, are not checked', () => {
    assert.deepEqual(brief(echoedValues({ height: 6, name: 'a' }, { height: 7 }, { height: 1 })), []);
  });

  test('@odata.* properties are not checked', () => {
    assert.deepEqual(
      brief(echoedValues({ '@odata.type': '#a' }, { '@odata.type': '#a' }, { '@odata.type': '#b' })),
      [],
    );
  });

  test('structured values are compared as JSON', () => {
    const sent = { tags: ['a', 'b'], address: { city: 'Oslo' } };
    assert.deepEqual(brief(echoedValues(sent, sent, { tags: ['a', 'b'], address: { city: 'Oslo' } })), []);
    assert.deepEqual(
      brief(echoedValues(sent, sent, { tags: ['b', 'a'], address: { city: 'Oslo' } })).map((p) => p.pointer),
      ['/tags'],
      'array order matters',
    );
  });

  test('the order of keys inside an echoed object does not matter (JSON objects are unordered)', () => {
    const sent = { address: { street: '1 Main St', city: 'Oslo' } };
    assert.deepEqual(brief(echoedValues(sent, sent, { address: { city: 'Oslo', street: '1 Main St' } })), []);
  });

  test('non-object bodies are not checked; a non-object answer loses every echoed value', () => {
    assert.deepEqual(brief(echoedValues('x', { a: 1 }, {})), []);
    assert.deepEqual(brief(echoedValues({ a: 1 }, [1], {})), []);
    assert.deepEqual(
      brief(echoedValues({ a: 1 }, { a: 1 }, 'oops')).map((p) => p.pointer),
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

describe('carriesContent', () => {
  test('204, 205 and 304 answers have no content, whatever body a page shows under them', () => {
    assert.deepEqual([200, 201, 202, 204, 205, 304, 302, 400].map(carriesContent), [
      true,
      true,
      true,
      false,
      false,
      false,
      true,
      true,
    ]);
  });
});
