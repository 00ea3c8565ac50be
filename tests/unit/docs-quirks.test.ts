/**
 * Every quirk the development corpus's README lists (`/work/shared/corpus/graph-docs/README.md`, "What the API pages
 * cover"), each on the real page that shows it (copied into fixtures/corpus with its attribution).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadDocs } from '../../src/docs/load-docs.ts';
import type { Page } from '../../src/docs/model.ts';
import type { Finding, FindingRule } from '../../src/core/finding.ts';

const CWD = fileURLToPath(new URL('../..', import.meta.url));
const docs = loadDocs([join(CWD, 'fixtures/corpus')], CWD, { cache: false });

function page(path: string): Page {
  const found = docs.pages.find((p) => p.file === `fixtures/corpus/api-reference/${path}`);
  assert.ok(found, `no page ${path}`);
  return found;
}

function rules(p: Page, rule: FindingRule): Finding[] {
  return p.findings.filter((f) => f.rule === rule);
}

function pairing(p: Page): string[] {
  return p.examples.map((e) => `${e.name} → ${e.response?.status.toString() ?? 'none'}`);
}

describe('includes and tab groups', () => {
  test('[!INCLUDE] of a disclaimer is expanded, front matter dropped; snippet includes are not', () => {
    const p = page('beta/api/user-list.md');
    assert.deepEqual(p.includes, ['fixtures/corpus/api-reference/includes/beta-disclaimer.md']);
    // The include's front matter (`author: jasonjoh`) is not content: no setext heading, no finding.
    assert.deepEqual(p.findings, []);
  });

  test('tab markers and their closing --- are neither headings nor sections: the HTTP tab example is read', () => {
    const p = page('v1.0/api/user-get.md');
    assert.deepEqual(pairing(p), ['get_user_1 → 200', 'get_user → 200', 'get_user_2 → 200']);
    assert.equal(p.title, 'Get a user');
  });
});

describe('examples', () => {
  test('profilephoto-get: every example is `blockType: ignored` — kept apart, never replayed', () => {
    const p = page('beta/api/profilephoto-get.md');
    assert.deepEqual(p.examples, []);
    assert.ok(p.ignoredExamples.length >= 1);
    assert.ok(p.ignoredExamples.every((e) => e.origin === 'ignored' && e.request.annotation.blockType === 'ignored'));
  });

  test('user-delta: a function with nextLink/deltaLink responses', () => {
    const p = page('v1.0/api/user-delta.md');
    assert.deepEqual(pairing(p), ['user_delta → 200', 'user_delta_select → 200', 'user_delta_minimal → 200']);
    for (const e of p.examples) {
      const body = e.response?.body;
      assert.ok(body?.kind === 'json');
      assert.ok(/@odata\.(next|delta)Link/.test(body.text), e.name);
    }
  });

  test('user-sendmail: action → 202 without a body; the MIME example is ignored', () => {
    const p = page('v1.0/api/user-sendmail.md');
    assert.deepEqual(pairing(p), [
      'user_sendmail → 202',
      'user_sendmail_with_headers → 202',
      'user_sendmail_with_attachment → 202',
    ]);
    for (const e of p.examples) assert.deepEqual(e.response?.body, { kind: 'none' });
    assert.deepEqual(
      p.ignoredExamples.map((e) => e.name),
      ['message_send_mime_beta'],
    );
  });

  test('user-getmembergroups: a string collection response', () => {
    const response = page('v1.0/api/user-getmembergroups.md').examples[0]?.response;
    assert.equal(response?.odataType, 'string');
    assert.equal(response.isCollection, true);
  });

  test('message-send: 202 with no body', () => {
    assert.deepEqual(pairing(page('v1.0/api/message-send.md')), ['message_send → 202']);
  });

  test('user-list (beta): 11 requests, 5 replayable, 6 ignored; truncated collections', () => {
    const p = page('beta/api/user-list.md');
    assert.equal(p.examples.length + p.ignoredExamples.length, 11);
    for (const e of [...p.examples, ...p.ignoredExamples]) {
      if (e.response?.body.kind !== 'json') continue;
      assert.equal(e.response.truncated, true, e.name);
    }
  });

  test('group-list: a name used twice on one page is renamed and reported', () => {
    const p = page('v1.0/api/group-list.md');
    assert.ok(p.examples.some((e) => e.name === 'get_video_count-2'));
    assert.equal(rules(p, 'duplicate-example-name').length, 1);
  });

  test('driveitem-createuploadsession: six methods, no tab groups, an unannotated 409 left unpaired', () => {
    const p = page('v1.0/api/driveitem-createuploadsession.md');
    assert.equal(p.examples.length, 6);
    assert.deepEqual(new Set(p.examples.map((e) => e.request.method)), new Set(['POST', 'PUT', 'DELETE', 'GET']));
    const unpaired = rules(p, 'unpaired-response');
    assert.equal(unpaired.length, 1);
    assert.equal(unpaired[0]?.severity, 'warning');
  });

  test('organizationalbrandingproperties-get: an annotated 404', () => {
    const p = page('v1.0/api/organizationalbrandingproperties-get.md');
    assert.ok(p.examples.some((e) => e.response?.status === 404));
  });

  test('directoryobject-validateproperties: an unannotated 422 example, paired by order', () => {
    const p = page('v1.0/api/directoryobject-validateproperties.md');
    const inferred = p.examples.find((e) => e.origin === 'unannotated');
    assert.equal(inferred?.response?.status, 422);
    assert.equal(inferred.response.annotation.source, 'inferred');
  });

  test('reportroot-getemailactivityuserdetail (v1.0): `blockType: samples` in HTTP request gives templates', () => {
    const p = page('v1.0/api/reportroot-getemailactivityuserdetail.md');
    assert.ok(p.blocks.some((b) => b.annotation.blockType === 'samples'));
    assert.ok(p.httpRequests.length >= 2);
    assert.deepEqual(
      p.functionParameters.map((r) => r.name),
      ['period', 'date'],
    );
  });

  test('call-delete / application-post-calls: `blockType: example` blocks are kept with their JSON', () => {
    const p = page('v1.0/api/call-delete.md');
    const examples = p.blocks.filter((b) => b.annotation.blockType === 'example');
    assert.equal(examples.length, 2);
    assert.ok(examples.every((b) => b.json !== undefined));
    const calls = page('v1.0/api/application-post-calls.md');
    assert.ok(calls.blocks.filter((b) => b.annotation.blockType === 'example').length >= 8);
    // Its last 201 follows requests annotated `example`, not `request`: nothing to pair with, and it says so.
    assert.equal(rules(calls, 'unpaired-response').length, 1);
  });

  test('activitybasedtimeoutpolicy-get: a ```msgraph-interactive request', () => {
    const p = page('v1.0/api/activitybasedtimeoutpolicy-get.md');
    assert.equal(p.examples.length, 1);
    assert.equal(p.examples[0]?.request.method, 'GET');
  });

  test('alert-list, ediscovery-case-list-reviewsets, accessreviewinstance-list: collections', () => {
    for (const path of [
      'v1.0/api/alert-list.md',
      'beta/api/ediscovery-case-list-reviewsets.md',
      'beta/api/accessreviewinstance-list.md',
    ]) {
      const [example] = page(path).examples;
      assert.equal(example?.response?.isCollection, true, path);
    }
  });

  test('dynamics-companies-get: no annotations at all; a bare ```json response read as the 200', () => {
    const p = page('beta/api/dynamics-companies-get.md');
    assert.deepEqual(pairing(p), ['dynamics-companies-get-1 → 200']);
    assert.equal(p.examples[0]?.response?.body.kind, 'json');
    assert.ok(rules(p, 'unannotated-example').some((f) => /bare JSON response/.test(f.message)));
  });

  test('ipnamedlocation-delete: a case-mismatched resource link does not stop the page', () => {
    assert.deepEqual(pairing(page('v1.0/api/ipnamedlocation-delete.md')), ['delete_ipnamedlocation → 204']);
  });

  test('intune-devices-user-delete: an unannotated Intune example becomes a replayable one', () => {
    const p = page('v1.0/api/intune-devices-user-delete.md');
    assert.deepEqual(pairing(p), ['intune-devices-user-delete-1 → 204']);
    assert.equal(p.examples[0]?.origin, 'unannotated');
  });
});

describe('JSON that is not strict JSON: read where the intent is clear, reported at its line', () => {
  const cases: readonly [string, string, FindingRule, 'warning' | 'error', RegExp, number][] = [
    ['trailing comma', 'beta/api/bookingbusiness-list.md', 'invalid-json-body', 'warning', /a trailing comma/, 99],
    ['single quotes', 'v1.0/api/page-update.md', 'invalid-json-body', 'warning', /single-quoted strings/, 60],
    ['// comment', 'v1.0/api/call-unmute.md', 'invalid-json-body', 'warning', /a \/\/ comment/, 153],
    [
      '// comment (beta)',
      'beta/api/rbacapplication-post-roleassignments.md',
      'invalid-json-body',
      'warning',
      /a \/\/ comment/,
      160,
    ],
    [
      'raw newline in a string',
      'v1.0/api/opentypeextension-get.md',
      'invalid-json-body',
      'warning',
      /a raw line break inside a string/,
      202,
    ],
    [
      'missing comma',
      'v1.0/api/administrativeunit-list-members.md',
      'invalid-json-body',
      'warning',
      /a missing comma/,
      67,
    ],
    ['ellipsis', 'beta/api/governanceroleassignment-list.md', 'invalid-json-body', 'warning', /an ellipsis/, 124],
    [
      'NBSP between tokens',
      'v1.0/api/user-update-mailboxsettings.md',
      'invalid-json-body',
      'warning',
      /a non-ASCII space/,
      182,
    ],
    [
      'extra data after the value',
      'beta/api/accesspackage-post-incompatiblegroup.md',
      'invalid-json-body',
      'warning',
      /extra text after the JSON value/,
      69,
    ],
    [
      'extra data, unannotated',
      'beta/api/intune-shared-devicecategory-update.md',
      'invalid-json-body',
      'warning',
      /extra text after the JSON value/,
      96,
    ],
    [
      'control character',
      'beta/api/temporaryaccesspassauthenticationmethodconfiguration-update.md',
      'invalid-json-body',
      'warning',
      /a raw line break inside a string|a raw control character/,
      76,
    ],
    ['""x: not recoverable', 'beta/api/workbookoperation-get.md', 'invalid-json-body', 'error', /not valid JSON/, 128],
    [
      'trailing commas in example blocks',
      'v1.0/api/application-post-calls.md',
      'invalid-json-body',
      'warning',
      /a trailing comma/,
      156,
    ],
  ];
  for (const [what, path, rule, severity, message, line] of cases) {
    test(`${what}: ${path}`, () => {
      const found = rules(page(path), rule).filter((f) => message.test(f.message));
      const [first] = found;
      assert.ok(first, `no ${rule} matching ${String(message)}`);
      assert.equal(first.severity, severity);
      assert.equal(first.location.line, line);
    });
  }

  test('recovered bodies are JSON with the intended value', () => {
    const update = page('v1.0/api/page-update.md').examples[0]?.request.body;
    assert.ok(update?.kind === 'json' && Array.isArray(update.value));
    const members = page('v1.0/api/administrativeunit-list-members.md').examples[0]?.response?.body;
    assert.equal(members?.kind, 'json');
  });
});

describe('odd structure', () => {
  test('unifiedrolemanagementpolicyrule-update: `}` and `-->` on separate lines; a ``` inside a trailing comment', () => {
    const p = page('beta/api/unifiedrolemanagementpolicyrule-update.md');
    assert.deepEqual(pairing(p), ['update_unifiedrolemanagementpolicyrule → 204']);
    assert.deepEqual(rules(p, 'invalid-annotation'), []);
  });

  test('governanceresource-get: a heading between the annotation and its fence is read through, with a warning', () => {
    const p = page('beta/api/governanceresource-get.md');
    assert.deepEqual(pairing(p), ['get_governanceresource → 200']);
    assert.equal(rules(p, 'invalid-annotation')[0]?.severity, 'warning');
  });

  test('userteamwork-delete-installedapps: a broken page annotation is an error; the example is still read', () => {
    const p = page('beta/api/userteamwork-delete-installedapps.md');
    assert.equal(rules(p, 'invalid-page-annotation')[0]?.severity, 'error');
    assert.deepEqual(pairing(p), ['user_delete_teamsApp → 204']);
  });

  test('user-findmeetingtimes: a page annotation with a raw newline in a suppression is read, with a warning', () => {
    const p = page('v1.0/api/user-findmeetingtimes.md');
    assert.ok(p.pageAnnotation);
    assert.equal(rules(p, 'invalid-page-annotation')[0]?.severity, 'warning');
  });

  test('accesspackage-post-incompatiblegroup: a fence closed by the next one swallows the response, and says so', () => {
    const p = page('beta/api/accesspackage-post-incompatiblegroup.md');
    const [finding] = rules(p, 'unclosed-code-block');
    assert.equal(finding?.location.line, 69);
    assert.equal(finding.severity, 'error');
  });
});

describe('TODO stubs and Intune templates', () => {
  test('cirrus list and setasmanagedinstaller: TODO scopes in permission rows', () => {
    for (const path of [
      'beta/api/intune-cirrus-officeclientconfigurationassignment-list.md',
      'beta/api/intune-devices-windowsmanagementapp-setasmanagedinstaller.md',
    ]) {
      const todos = rules(page(path), 'todo-placeholder');
      assert.equal(todos.length, 2, path);
    }
    assert.ok(
      rules(page('beta/api/intune-devices-windowsmanagementapp-setasmanagedinstaller.md'), 'todo-placeholder').some(
        (f) => /AppOnly/.test(f.message),
      ),
    );
  });

  test('sitepage-delete: a TODO inside an HTML comment', () => {
    const [todo] = rules(page('beta/api/sitepage-delete.md'), 'todo-placeholder');
    assert.equal(todo?.location.line, 51);
  });

  test('path parameters, optional query parameters', () => {
    const p = page('beta/api/profilephoto-get.md');
    assert.deepEqual(
      p.pathParameters.map((r) => [r.name, r.type.text]),
      [['size', 'String']],
    );
  });
});
