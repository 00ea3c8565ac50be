/** Path templates of `## HTTP request` blocks: parsing, matching example paths, filling placeholders. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fillPath, matchPath, parsePathTemplate } from '../../src/docs/path-template.ts';
import type { PathTemplate } from '../../src/docs/model.ts';

const AT = { file: 'page.md', line: 7 };

function template(line: string): PathTemplate {
  const parsed = parsePathTemplate(line, AT);
  assert.ok(parsed, `expected a template from ${JSON.stringify(line)}`);
  return parsed;
}

/** A value for each name in `values`, undefined for any other: what a case hands `fillPath`. */
function from(values: Record<string, string>): (name: string) => string | undefined {
  return (name) => (Object.hasOwn(values, name) ? values[name] : undefined);
}

describe('parsePathTemplate', () => {
  test('method, path, segments and location', () => {
    assert.deepEqual(template('PATCH /users/{usersId}/photos'), {
      method: 'PATCH',
      path: '/users/{usersId}/photos',
      segments: [
        { kind: 'literal', value: 'users' },
        { kind: 'placeholder', name: 'usersId', alternatives: ['usersId'] },
        { kind: 'literal', value: 'photos' },
      ],
      placeholders: ['usersId'],
      location: AT,
    });
  });

  test('{id | userPrincipalName}: the first alternative names the placeholder; spacing is normalised', () => {
    for (const written of ['{id | userPrincipalName}', '{id|userPrincipalName}', '{ id  |  userPrincipalName }']) {
      const parsed = template(`GET /users/${written}/photo/$value`);
      assert.equal(parsed.path, '/users/{id | userPrincipalName}/photo/$value');
      assert.deepEqual(parsed.segments[1], {
        kind: 'placeholder',
        name: 'id',
        alternatives: ['id', 'userPrincipalName'],
      });
      assert.deepEqual(parsed.placeholders, ['id']);
    }
  });

  test('$value and delta() are literal segments', () => {
    assert.deepEqual(template('GET /me/photo/$value').segments, [
      { kind: 'literal', value: 'me' },
      { kind: 'literal', value: 'photo' },
      { kind: 'literal', value: '$value' },
    ]);
    assert.deepEqual(template('GET /users/delta()').segments.at(-1), { kind: 'literal', value: 'delta()' });
  });

  test('a function segment is one literal, with the placeholders inside it', () => {
    const parsed = template("GET /reports/getEmailActivityUserDetail(period='{period_value}')");
    assert.deepEqual(parsed.segments, [
      { kind: 'literal', value: 'reports' },
      { kind: 'literal', value: "getEmailActivityUserDetail(period='{period_value}')" },
    ]);
    assert.deepEqual(parsed.placeholders, ['period_value']);
  });

  test('a slash inside a function argument does not split the segment', () => {
    const parsed = template("GET /drives/{drive-id}/root/search(q='a/b')");
    assert.deepEqual(parsed.segments.at(-1), { kind: 'literal', value: "search(q='a/b')" });
  });

  test('a query string on the template line is not part of the path', () => {
    assert.equal(template("GET /users?$filter=startswith(displayName, 'a')").path, '/users');
    const parsed = template('GET /users/{id | userPrincipalName}?$select=displayName,givenName');
    assert.equal(parsed.path, '/users/{id | userPrincipalName}');
    assert.deepEqual(parsed.placeholders, ['id']);
  });

  test('the method is upper-cased, surrounding space and a trailing slash are dropped', () => {
    const parsed = template('  post /me/sendMail/  ');
    assert.equal(parsed.method, 'POST');
    assert.equal(parsed.path, '/me/sendMail');
  });

  test('lines that are not "METHOD /path" give no template', () => {
    for (const line of [
      '',
      'Content-Type: application/json',
      'FETCH /me',
      'GET me/photo',
      'GET https://graph.microsoft.com/v1.0/me',
      '/me/photo',
    ]) {
      assert.equal(parsePathTemplate(line, AT), undefined, line);
    }
  });
});

describe('matchPath', () => {
  test('captures placeholder values, URL-decoded', () => {
    assert.deepEqual(
      matchPath(template('GET /users/{id | userPrincipalName}/photo/$value'), '/users/alex%40contoso.com/photo/$value'),
      { id: 'alex@contoso.com' },
    );
  });

  test('an example that writes the placeholder itself matches, spaces and all', () => {
    assert.deepEqual(matchPath(template('GET /users/{id | userPrincipalName}'), '/users/{id | userPrincipalName}'), {
      id: '{id | userPrincipalName}',
    });
  });

  test('literal segments compare case-insensitively', () => {
    assert.deepEqual(matchPath(template('PATCH /me/photos'), '/ME/Photos'), {});
    assert.deepEqual(matchPath(template('GET /me/photo/$value'), '/me/photo/$VALUE'), {});
  });

  test('literals must match, and the number of segments must too', () => {
    const photo = template('GET /me/photo/$value');
    assert.equal(matchPath(photo, '/me/photos/$value'), undefined);
    assert.equal(matchPath(photo, '/me/photo'), undefined);
    assert.equal(matchPath(photo, '/me/photo/$value/extra'), undefined);
  });

  test('function segments: arguments are captured from inside the call', () => {
    const report = template("GET /reports/getEmailActivityUserDetail(period='{period_value}')");
    assert.deepEqual(matchPath(report, "/reports/getEmailActivityUserDetail(period='D7')"), { period_value: 'D7' });
    assert.deepEqual(matchPath(report, "/reports/GetEmailActivityUserDetail(period='D30')"), { period_value: 'D30' });
    assert.equal(matchPath(report, "/reports/getEmailActivityUserDetail(date='2021-01-01')"), undefined);
    assert.equal(matchPath(report, '/reports/getEmailActivityUserDetail'), undefined);
  });

  test('several placeholders in one function segment', () => {
    const resized = template(
      'POST /me/drive/items/{id}/workbook/worksheets/{sheet}/range/resizedRange(deltaRows={rows}, deltaColumns={columns})',
    );
    assert.deepEqual(resized.placeholders, ['id', 'sheet', 'rows', 'columns']);
    assert.deepEqual(
      matchPath(
        resized,
        '/me/drive/items/01ABC/workbook/worksheets/Sheet1/range/resizedRange(deltaRows=2, deltaColumns=3)',
      ),
      {
        id: '01ABC',
        sheet: 'Sheet1',
        rows: '2',
        columns: '3',
      },
    );
  });

  test('delta() matches only with its parentheses', () => {
    const delta = template('GET /users/delta()');
    assert.deepEqual(matchPath(delta, '/users/delta()'), {});
    assert.equal(matchPath(delta, '/users/delta'), undefined);
  });

  test('a query string and a trailing slash on the path are ignored', () => {
    assert.deepEqual(matchPath(template('GET /users/{id}'), '/users/42/?$select=displayName'), { id: '42' });
  });
});

describe('fillPath', () => {
  test('fills placeholders with URL-encoded values', () => {
    assert.deepEqual(
      fillPath(template('GET /users/{id | userPrincipalName}/photo/$value'), from({ id: 'alex wilber@contoso.com' })),
      {
        ok: true,
        path: '/users/alex%20wilber%40contoso.com/photo/$value',
      },
    );
    assert.deepEqual(
      fillPath(template('GET /drives/{drive-id}/items/{item-id}'), from({ 'drive-id': 'b!a/b', 'item-id': '01#2' })),
      {
        ok: true,
        path: '/drives/b!a%2Fb/items/01%232',
      },
    );
  });

  test('fills placeholders inside function segments', () => {
    assert.deepEqual(
      fillPath(
        template("GET /reports/getEmailActivityUserDetail(period='{period_value}')"),
        from({ period_value: 'D7' }),
      ),
      {
        ok: true,
        path: "/reports/getEmailActivityUserDetail(period='D7')",
      },
    );
  });

  test('a template without placeholders fills to its own path', () => {
    assert.deepEqual(fillPath(template('GET /users/delta()'), from({})), { ok: true, path: '/users/delta()' });
  });

  test('missing values are reported by name, each once', () => {
    const send = template('POST /users/{id | userPrincipalName}/messages/{id}/send');
    assert.deepEqual(send.placeholders, ['id', 'id']);
    assert.deepEqual(fillPath(send, from({})), { ok: false, missing: ['id'] });
    const content = template('PUT /drives/{drive-id}/items/{parent-id}:/{filename}:/content');
    assert.deepEqual(fillPath(content, from({ 'drive-id': 'd' })), { ok: false, missing: ['parent-id', 'filename'] });
  });

  test('a filled path matches its template again, giving back the values', () => {
    const resized = template(
      'POST /me/drive/items/{id}/workbook/worksheets/{sheet}/range/resizedRange(deltaRows={rows}, deltaColumns={columns})',
    );
    const values = { id: 'a b', sheet: 'Sheet/1', rows: '2', columns: '-1' };
    const filled = fillPath(resized, from(values));
    assert.ok(filled.ok);
    assert.deepEqual(matchPath(resized, filled.path), values);
  });
});
