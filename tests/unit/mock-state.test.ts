/**
 * Routing shapes and state the seed page does not exercise, on pages written inline: function-call segments,
 * `$value`, repeated placeholder names, collections with `$top` paging, create/read/delete, `$select`, examples
 * picked by request, state sessions and the throttle rate.
 *
 * Run: node --import tsx --test tests/unit/mock-state.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePage } from '../../src/docs/parse-page.ts';
import type { Page } from '../../src/docs/model.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { createTenantCore, type TenantCore, type TenantCoreOptions } from '../../src/mock-tenant/handler.ts';
import { SESSION_HEADER } from '../../src/core/embedded-tenant.ts';
import type { Reply } from '../../src/mock-tenant/reply.ts';
import { DEFAULT_TARGET_USER } from '../../src/mock-tenant/tenant.ts';
import { example, sendToCore } from './support/mock.ts';

function page(file: string, requests: string, examples: readonly string[] = [], prose = ''): Page {
  return parsePage(
    file,
    [
      '---',
      'title: "t"',
      '---',
      '',
      '# t',
      '',
      '## HTTP request',
      '<!-- { "blockType": "ignored" } -->',
      '``` http',
      requests,
      '```',
      '',
      '## Response',
      prose,
      '',
      '## Examples',
      ...examples,
    ].join('\n'),
  );
}

const EVENTS = Array.from({ length: 5 }, (_, i) => ({ id: `e${i}`, subject: `Event ${i}`, isAllDay: i % 2 === 0 }));

const PAGES: readonly Page[] = [
  page('user-delta.md', 'GET /users/delta()', [
    example(
      'user_delta',
      'GET https://graph.microsoft.com/v1.0/users/delta()',
      `HTTP/1.1 200 OK\nContent-type: application/json\n\n${JSON.stringify({ '@odata.deltaLink': 'https://x/delta', value: [{ id: 'u1', displayName: 'D' }] })}`,
      ', "isCollection": true, "@odata.type": "microsoft.graph.user"',
    ),
  ]),
  page('report.md', "GET /reports/getEmailActivityUserDetail(period='{period_value}')", [
    example(
      'report',
      "GET https://graph.microsoft.com/v1.0/reports/getEmailActivityUserDetail(period='D7')",
      'HTTP/1.1 302 Found\nContent-Type: text/plain\nLocation: https://reports.office.com/data/download/JDFKdf2_eJXKS034dbc7e0t__XDe\n',
    ),
  ]),
  page(
    'events.md',
    'GET /users/{id | userPrincipalName}/events\nPOST /users/{id | userPrincipalName}/events',
    [
      example(
        'list_events',
        'GET https://graph.microsoft.com/v1.0/users/{id}/events',
        `HTTP/1.1 200 OK\nContent-type: application/json\n\n${JSON.stringify({ value: EVENTS })}`,
        ', "isCollection": true, "@odata.type": "microsoft.graph.event"',
      ),
    ],
    'If successful, this method returns a `201 Created` response code and an [event](../resources/event.md) object.',
  ),
  page(
    'event-get.md',
    'GET /users/{id | userPrincipalName}/events/{id}',
    [],
    'If successful, this method returns a `200 OK` response code.',
  ),
  page(
    'event-delete.md',
    'DELETE /users/{id | userPrincipalName}/events/{id}',
    [],
    'If successful, this method returns a `204 No Content` response code.',
  ),
  page('photo-value.md', 'GET /users/{id}/photo/$value\nPUT /users/{id}/photo/$value', [
    example(
      'put_value',
      'PUT https://graph.microsoft.com/v1.0/users/{id}/photo/$value\nContent-type: image/jpeg\n\nBinary data for the image',
      'HTTP/1.1 200 OK',
    ),
  ]),
  page('userflowlanguagepage-put.md', 'PUT /identity/b2cUserFlows/{id}/languages/{id}/overridesPages/{id}/$value', [
    example(
      'update_overridespages',
      'PUT https://graph.microsoft.com/beta/identity/b2cUserFlows/B2C_1_Customer/languages/en/overridesPages/phonefactor/$value\nContent-Type: application/json\n\n{"LocalizedStrings": [{"StringId": "alert_message", "Value": "Sure?"}]}',
      'HTTP/1.1 204 No Content',
    ),
  ]),
  page('page-update.md', 'PATCH /me/onenote/pages/{id}/content', [
    example(
      'update_page',
      'PATCH https://graph.microsoft.com/v1.0/me/onenote/pages/p1/content\nContent-Type: application/json\n\n[{"target": "body", "action": "append", "content": "<p>x</p>"}]',
      'HTTP/1.1 204 No Content',
    ),
  ]),
  page('defaults-update.md', 'PATCH /education/classes/{id}/assignmentDefaults', [
    example(
      'update_defaults',
      'PATCH https://graph.microsoft.com/v1.0/education/classes/c1/assignmentDefaults\nContent-Type: application/json\n\n{"addedStudentAction": "assignIfOpen"}',
      'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id": "d1", "addedStudentAction": "assignIfOpen", "dueTime": "String"}',
    ),
  ]),
  page('defaults-get.md', 'GET /education/classes/{id}/assignmentDefaults', [
    example(
      'get_defaults',
      'GET https://graph.microsoft.com/v1.0/education/classes/c1/assignmentDefaults',
      'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"addedStudentAction": "none"}',
      ', "truncated": true',
    ),
  ]),
  page('settings-update.md', 'PATCH /education/classes/{id}/settings', [
    example(
      'update_settings',
      'PATCH https://graph.microsoft.com/v1.0/education/classes/c1/settings\nContent-Type: application/json\n\n{"mode": "on"}',
      'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"mode": "on", "since": "2021-01-01"}',
    ),
  ]),
];

function core(options: Partial<TenantCoreOptions> = {}): TenantCore {
  return createTenantCore({ pages: PAGES, schemas: buildSchemaRegistry(PAGES), ...options });
}

function run(
  tenant: TenantCore,
  method: string,
  url: string,
  init: { body?: string | Buffer; type?: string; headers?: Record<string, string> } = {},
): Reply {
  return sendToCore(tenant, method, url, init);
}

function json(reply: Reply, status: number): Readonly<Record<string, unknown>> {
  assert.ok(reply.kind === 'json', JSON.stringify(reply));
  assert.equal(reply.status, status, JSON.stringify(reply));
  return reply.body;
}

const ADELE = DEFAULT_TARGET_USER;
const EVENTS_PATH = `/v1.0/users/${ADELE.id}/events`;

describe('routes for function calls, $value and repeated placeholder names', () => {
  test('delta() matches with or without parentheses and beats a placeholder', () => {
    for (const path of ['/v1.0/users/delta()', '/v1.0/users/delta', '/beta/users/microsoft.graph.delta()']) {
      const body = json(run(core(), 'GET', path), 200);
      assert.deepEqual(body['value'], [{ id: 'u1', displayName: 'D' }], path);
      // The doc's link (https://x/delta) becomes the mock's own, which the next round follows on loopback.
      assert.match(String(body['@odata.deltaLink']), /^http:\/\/127\.0\.0\.1:9\/(v1\.0|beta)\/users\/.*\$deltatoken=/);
    }
  });

  test('a function with arguments answers its documented non-JSON answer: 302 with Location', () => {
    const tenant = core();
    const reply = run(tenant, 'GET', "/v1.0/reports/getEmailActivityUserDetail(period='D7')");
    assert.equal(reply.status, 302);
    // The doc's download host (reports.office.com) becomes one of the mock's own URLs: a client never leaves loopback.
    const location = reply.headers?.['location'] ?? '';
    assert.match(location, /^http:\/\/127\.0\.0\.1:9\/_handed-out\/download\/[\w-]{20,}$/);
    const download = run(tenant, 'GET', new URL(location).pathname, { headers: {} });
    assert.equal(download.status, 200, JSON.stringify(download));
  });

  test('$value takes any media type; the bytes put are the bytes read', () => {
    const tenant = core();
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]);
    assert.equal(
      run(tenant, 'PUT', `/v1.0/users/${ADELE.id}/photo/$value`, { body: bytes, type: 'image/jpeg' }).status,
      200,
    );
    const read = run(tenant, 'GET', `/beta/users/${ADELE.id}/photo/$value`);
    assert.ok(read.kind === 'raw');
    assert.equal(read.contentType, 'image/jpeg');
    assert.deepEqual(Buffer.from(read.body), bytes);
  });

  test('a $value the page documents as JSON is written as JSON: malformed JSON gets 400, another type 415', () => {
    // userflowlanguagepage-put: "Content-Type: application/json. Required.", and a JSON body.
    const url = '/beta/identity/b2cUserFlows/B2C_1_Customer/languages/en/overridesPages/phonefactor/$value';
    const sent = '{"LocalizedStrings": [{"StringId": "alert_message", "Value": "Sure?"}]}';
    assert.equal(run(core(), 'PUT', url, { body: sent }).status, 204);
    assert.equal(run(core(), 'PUT', url, { body: sent.slice(0, -1) }).status, 400);
    assert.equal(run(core(), 'PUT', url, { body: sent, type: 'text/plain' }).status, 415);
  });

  test("a resource starts as a read shows it, not as a write's answer shows it after the write", () => {
    // educationassignmentdefaults: the update's answer shows "dueTime": "String"; the get shows the defaults.
    const read = json(run(core(), 'GET', '/v1.0/education/classes/c1/assignmentDefaults'), 200);
    assert.equal(read['addedStudentAction'], 'none');
    assert.ok(!('dueTime' in read), JSON.stringify(read));
    // Where no read shows it, the write's answer is all there is (read through the implicit read of a writable path).
    const settings = run(core(), 'GET', '/v1.0/education/classes/c1/settings');
    assert.equal(json(settings, 200)['since'], '2021-01-01');
  });

  test("a write that repeats the page's example leaves the resource as the page's answer shows it", () => {
    // plannertask-update: the answer shows the task's other assignments, which the request does not send.
    const tenant = core();
    const url = '/v1.0/education/classes/c1/assignmentDefaults';
    const repeated = json(run(tenant, 'PATCH', url, { body: '{"addedStudentAction": "assignIfOpen"}' }), 200);
    assert.equal(repeated['dueTime'], 'String');
    assert.equal(repeated['id'], 'd1', "a resource its path names no id of takes the answer's");
    assert.equal(json(run(tenant, 'GET', url), 200)['dueTime'], 'String', 'as stored');
    const other = json(run(core(), 'PATCH', url, { body: '{"addedStudentAction": "none"}' }), 200);
    assert.ok(!('dueTime' in other), 'any other body is merged as sent');
  });

  test('a content stream the page sends a JSON array to (OneNote commands) stays media', () => {
    const commands = '[{"target": "body", "action": "append", "content": "<p>x</p>"}]';
    assert.equal(run(core(), 'PATCH', '/v1.0/me/onenote/pages/p1/content', { body: commands }).status, 204);
  });

  test('/users/{id}/events/{id}: both values are kept apart (positional, not by name)', () => {
    const tenant = core();
    const created = json(run(tenant, 'POST', EVENTS_PATH, { body: '{"subject":"Lunch"}' }), 201);
    const id = String(created['id']);
    const read = json(run(tenant, 'GET', `${EVENTS_PATH}/${id}`), 200);
    assert.equal(read['subject'], 'Lunch');
    assert.equal(
      read['@odata.context'],
      `https://graph.microsoft.com/v1.0/$metadata#users('${ADELE.id}')/events('${id}')/$entity`,
    );
  });
});

describe('collections and state', () => {
  test('$top pages with @odata.nextLink, which the client follows to the end', () => {
    const tenant = core();
    const seen: unknown[] = [];
    let url: string | undefined = `${EVENTS_PATH}?$top=2&$select=subject`;
    for (let pageNo = 0; url !== undefined && pageNo < 10; pageNo++) {
      const body = json(run(tenant, 'GET', url), 200);
      seen.push(...(body['value'] as unknown[]));
      const next = body['@odata.nextLink'];
      url = typeof next === 'string' ? next.replace('http://127.0.0.1:9', '') : undefined;
    }
    assert.deepEqual(
      seen,
      EVENTS.map((e) => ({ id: e.id, subject: e.subject })),
      '$select applies to every member, and keeps the key as Graph does',
    );
    const invalid = run(tenant, 'GET', `${EVENTS_PATH}?$top=0`);
    assert.equal(invalid.status, 400);
  });

  test('POST creates a member with a fresh id and Location; the listing shows it; DELETE is 204, then 404', () => {
    const tenant = core();
    const reply = run(tenant, 'POST', EVENTS_PATH, { body: '{"subject":"Standup","isAllDay":false}' });
    const created = json(reply, 201);
    const id = String(created['id']);
    assert.ok(reply.kind === 'json');
    assert.equal(reply.headers?.['location'], `http://127.0.0.1:9${EVENTS_PATH}/${id}`);
    const listed = json(run(tenant, 'GET', EVENTS_PATH), 200)['value'] as { id: string }[];
    assert.equal(listed.length, EVENTS.length + 1);
    assert.ok(listed.some((m) => m.id === id));
    assert.equal(run(tenant, 'DELETE', `${EVENTS_PATH}/${id}`).status, 204);
    assert.equal(run(tenant, 'GET', `${EVENTS_PATH}/${id}`).status, 404);
    assert.equal(run(tenant, 'DELETE', `${EVENTS_PATH}/${id}`).status, 404);
    assert.equal((json(run(tenant, 'GET', EVENTS_PATH), 200)['value'] as unknown[]).length, EVENTS.length);
  });

  test('a documented member of a documented listing is readable and deletable by its id', () => {
    const tenant = core();
    assert.equal(json(run(tenant, 'GET', `${EVENTS_PATH}/e3`), 200)['subject'], 'Event 3');
    assert.equal(run(tenant, 'DELETE', `${EVENTS_PATH}/e3`).status, 204);
    const listed = json(run(tenant, 'GET', EVENTS_PATH), 200)['value'] as { id: string }[];
    assert.ok(!listed.some((m) => m.id === 'e3'));
  });

  test('sessions (x-mock-session) keep writes apart; without the header, state is shared', () => {
    const tenant = core();
    const one = { headers: { [SESSION_HEADER]: 'one' } };
    assert.equal(run(tenant, 'DELETE', `${EVENTS_PATH}/e1`, one).status, 204);
    assert.equal(run(tenant, 'GET', `${EVENTS_PATH}/e1`, one).status, 404);
    assert.equal(run(tenant, 'GET', `${EVENTS_PATH}/e1`, { headers: { [SESSION_HEADER]: 'two' } }).status, 200);
    assert.equal(run(tenant, 'GET', `${EVENTS_PATH}/e1`).status, 200);
    tenant.reset();
    assert.equal(run(tenant, 'GET', `${EVENTS_PATH}/e1`, one).status, 200, 'reset forgets sessions too');
  });

  test('--throttle-rate answers that fraction of Graph requests 429 with Retry-After', () => {
    let draw = 0;
    const draws = [0.1, 0.9, 0.2, 0.95];
    const tenant = core({ throttleRate: 0.5, retryAfterSeconds: 3, random: () => draws[draw++ % draws.length] ?? 1 });
    const statuses = draws.map(() => run(tenant, 'GET', EVENTS_PATH));
    assert.deepEqual(
      statuses.map((r) => r.status),
      [429, 200, 429, 200],
    );
    assert.equal(statuses[0]?.headers?.['retry-after'], '3');
    assert.throws(() => core({ throttleRate: 1.5 }), RangeError);
  });
});

describe('the example that matches the request answers it, with the documented subtype', () => {
  const ranges = page(
    'namedlocation-post.md',
    'POST /identity/conditionalAccess/namedLocations\nGET /identity/conditionalAccess/namedLocations/{id}',
    [
      example(
        'create_ip',
        `POST https://graph.microsoft.com/v1.0/identity/conditionalAccess/namedLocations\nContent-type: application/json\n\n${JSON.stringify({ '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: 'Office', isTrusted: true })}`,
        `HTTP/1.1 201 Created\nContent-type: application/json\n\n${JSON.stringify({ '@odata.type': '#microsoft.graph.ipNamedLocation', id: 'a1', displayName: 'Office', isTrusted: true })}`,
        ', "@odata.type": "microsoft.graph.namedLocation"',
      ),
      example(
        'create_country',
        `POST https://graph.microsoft.com/v1.0/identity/conditionalAccess/namedLocations\nContent-type: application/json\n\n${JSON.stringify({ '@odata.type': '#microsoft.graph.countryNamedLocation', displayName: 'Nordics', countriesAndRegions: ['NO', 'SE'] })}`,
        `HTTP/1.1 201 Created\nContent-type: application/json\n\n${JSON.stringify({ '@odata.type': '#microsoft.graph.countryNamedLocation', id: 'c1', displayName: 'Nordics', countriesAndRegions: ['NO', 'SE'] })}`,
        ', "@odata.type": "microsoft.graph.namedLocation"',
      ),
    ],
    'If successful, this method returns a `201 Created` response code.',
  );
  const tenant = createTenantCore({ pages: [ranges], schemas: buildSchemaRegistry([ranges]) });

  test('a body like the second example’s (not equal to it) is answered by that example, as its subtype', () => {
    const body = JSON.stringify({
      '@odata.type': '#microsoft.graph.countryNamedLocation',
      displayName: 'Benelux',
      countriesAndRegions: ['BE', 'NL', 'LU'],
    });
    const created = json(run(tenant, 'POST', '/v1.0/identity/conditionalAccess/namedLocations', { body }), 201);
    assert.equal(
      created['@odata.type'],
      '#microsoft.graph.countryNamedLocation',
      'the subtype the doc shows, not the base',
    );
    assert.deepEqual(created['countriesAndRegions'], ['BE', 'NL', 'LU']);
    const ip = json(
      run(tenant, 'POST', '/v1.0/identity/conditionalAccess/namedLocations', {
        body: JSON.stringify({
          '@odata.type': '#microsoft.graph.ipNamedLocation',
          displayName: 'Lab',
          isTrusted: false,
        }),
      }),
      201,
    );
    assert.equal(ip['@odata.type'], '#microsoft.graph.ipNamedLocation');
  });
});

describe('what a repeated example answers', () => {
  const incident = page(
    'incident-get.md',
    'GET /security/incidents/{id}',
    [
      example(
        'get_incident',
        'GET https://graph.microsoft.com/v1.0/security/incidents/2972395?$select=displayName',
        `HTTP/1.1 200 OK\nContent-type: application/json\n\n${JSON.stringify({ '@odata.type': '#microsoft.graph.incident', id: '2972395', displayName: 'Phishing', severity: 'high' })}`,
        ', "@odata.type": "microsoft.graph.security.incident"',
      ),
    ],
    'If successful, this method returns a `200 OK` response code and a [microsoft.graph.security.incident](../resources/security-incident.md) object.',
  );
  const tenant = createTenantCore({ pages: [incident], schemas: buildSchemaRegistry([incident]) });

  test('the documented type, not a body type that is it in another namespace; every property the answer shows', () => {
    const repeated = json(run(tenant, 'GET', '/v1.0/security/incidents/2972395?$select=displayName'), 200);
    assert.equal(repeated['@odata.type'], '#microsoft.graph.security.incident', 'the example’s namespace slip');
    assert.deepEqual(
      [repeated['displayName'], repeated['severity']],
      ['Phishing', 'high'],
      'the page shows severity in the answer to this very request',
    );
    const other = json(run(tenant, 'GET', '/v1.0/security/incidents/2972395?$select=id'), 200);
    assert.equal('severity' in other, false, 'any other $select gets what it selects');
  });
});

describe('PUT keeps what the server owns', () => {
  // timeoff-put and team-put-teams (2021): the example's answer shows `createdDateTime`, and within `memberSettings`
  // settings the request leaves out; the mock's replacement dropped them (target causes over the whole reference).
  const put = page('timeoff-put.md', 'PUT /teams/{teamId}/schedule/timesOff/{timeOffId}', [
    example(
      'timeoff_put',
      'PUT https://graph.microsoft.com/v1.0/teams/t1/schedule/timesOff/o1\nContent-type: application/json\n\n' +
        JSON.stringify({ userId: 'u1', settings: { allowA: true } }),
      `HTTP/1.1 200 OK\nContent-type: application/json\n\n${JSON.stringify({
        id: 'o1',
        userId: 'u1',
        createdDateTime: '2019-03-14T04:32:51.451Z',
        settings: { allowA: true, allowB: false },
      })}`,
    ),
  ]);
  const tenant = createTenantCore({ pages: [put], schemas: buildSchemaRegistry([put]) });
  const path = '/v1.0/teams/t1/schedule/timesOff/o1';

  test('a PUT like the example answers what the example shows, within objects too', () => {
    const body = JSON.stringify({ userId: 'u2', settings: { allowA: false } });
    const answer = json(run(tenant, 'PUT', path, { body, headers: { [SESSION_HEADER]: 'put' } }), 200);
    assert.deepEqual(answer['settings'], { allowA: false, allowB: false });
    assert.equal(answer['createdDateTime'], '2019-03-14T04:32:51.451Z');
    assert.equal(answer['userId'], 'u2', 'what the client writes is replaced');
  });

  test('what the client writes wins over what the server would keep', () => {
    const body = JSON.stringify({ userId: 'u3', settings: { allowA: true, allowB: true } });
    const answer = json(run(tenant, 'PUT', path, { body, headers: { [SESSION_HEADER]: 'put2' } }), 200);
    assert.deepEqual(answer['settings'], { allowA: true, allowB: true });
  });
});

describe('a write that sends an example’s body on another path of its page', () => {
  // intune-devices-manageddevice-create (2021 v1.0): its example creates a managedDevice at
  // `/users/{usersId}/managedDevices`; sent to the page's `POST /deviceManagement/managedDevices`, where the
  // windowsManagedDevice page's example answers, it came back a windowsManagedDevice.
  const create = (file: string, lines: string, url: string, type: string): Page =>
    page(file, lines, [
      example(
        `create_${type}`,
        `POST ${url}\nContent-type: application/json\n\n${JSON.stringify({ '@odata.type': `#microsoft.graph.${type}`, deviceName: type })}`,
        `HTTP/1.1 201 Created\nContent-type: application/json\n\n${JSON.stringify({ '@odata.type': `#microsoft.graph.${type}`, id: 'd1', deviceName: type })}`,
      ),
    ]);
  const pages = [
    create(
      'windowsmanageddevice-create.md',
      'POST /deviceManagement/managedDevices',
      'https://graph.microsoft.com/v1.0/deviceManagement/managedDevices',
      'windowsManagedDevice',
    ),
    create(
      'manageddevice-create.md',
      'POST /users/{usersId}/managedDevices\nPOST /deviceManagement/managedDevices',
      'https://graph.microsoft.com/v1.0/users/{usersId}/managedDevices',
      'managedDevice',
    ),
  ];
  const tenant = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });

  test('is answered by that example', () => {
    const body = JSON.stringify({ '@odata.type': '#microsoft.graph.managedDevice', deviceName: 'managedDevice' });
    const created = json(run(tenant, 'POST', '/v1.0/deviceManagement/managedDevices', { body }), 201);
    assert.equal(created['@odata.type'], '#microsoft.graph.managedDevice');
  });
});

describe('a read that repeats an example', () => {
  // eventmessage-get (2021 beta): the state of an event merges every example that shows it, and another example's
  // `location` (without `uniqueId`) hid what this one shows.
  const show = (file: string, location: Record<string, string>): Page =>
    page(file, 'GET /me/events/{id}', [
      example(
        file.replace('.md', ''),
        'GET https://graph.microsoft.com/v1.0/me/events/e1',
        `HTTP/1.1 200 OK\nContent-type: application/json\n\n${JSON.stringify({ id: 'e1', subject: 'Review', location })}`,
      ),
    ]);
  const pages = [
    show('event-get.md', { displayName: 'Room 1', uniqueId: 'r1' }),
    show('event-get-other.md', { displayName: 'Room 1' }),
  ];
  const tenant = createTenantCore({ pages, schemas: buildSchemaRegistry(pages) });

  test('answers what that example shows, within objects too', () => {
    const event = json(run(tenant, 'GET', '/v1.0/me/events/e1'), 200);
    assert.deepEqual(event['location'], { displayName: 'Room 1', uniqueId: 'r1' });
  });
});

describe('an action’s parameters', () => {
  // beta's user-sendmail (2021) spells its parameter `Message` in its table and example: the mock asked for
  // `message` and refused every generated body (a target cause over the whole reference).
  const sendMail = page(
    'user-sendmail.md',
    'POST /me/sendMail',
    [
      example(
        'user_sendmail',
        'POST https://graph.microsoft.com/beta/me/sendMail\nContent-type: application/json\n\n{"Message": {"subject": "Hi"}}',
        'HTTP/1.1 202 Accepted',
      ),
    ],
    'If successful, this method returns `202 Accepted` response code.',
  );
  const tenant = createTenantCore({ pages: [sendMail], schemas: buildSchemaRegistry([sendMail]) });

  test('are read in any letter case, as Graph reads them', () => {
    const body = JSON.stringify({ Message: { subject: 'Lunch' }, SaveToSentItems: true });
    const sent = run(tenant, 'POST', '/beta/me/sendMail', { body });
    assert.equal(sent.status, 202, JSON.stringify(sent));
  });
});
