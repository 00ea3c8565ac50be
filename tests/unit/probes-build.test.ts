/**
 * Example cases → probes (src/cases/probes.ts): the seed page's probes, then small pages written here for what the
 * seed does not show (read-only and Int64 properties, other required headers, no request-body table).
 *
 * Run: node --import tsx --test tests/unit/probes-build.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { byName } from './support/params.ts';
import { buildCases } from '../../src/cases/build-cases.ts';
import type { ProbeCase, ProbeCheck, ReadyProbe } from '../../src/cases/probe-model.ts';
import { buildProbes, PROBE_TAG, UNKNOWN_PROPERTY } from '../../src/cases/probes.ts';
import { bodyTextOf } from '../../src/cases/probe-body.ts';
import { loadDocs } from '../../src/docs/load-docs.ts';
import type { Page } from '../../src/docs/model.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { buildSchemaRegistry } from '../../src/schema/registry.ts';
import { ROOT, SEED_FILE, SEED_TEXT, seedAt } from './support/seed.ts';
import { formatLocation } from '../../src/core/finding.ts';

const EXAMPLE = 'update-photos.md › update_photos';

function probesOf(pages: readonly Page[], params: Readonly<Record<string, string>> = {}): ProbeCase[] {
  const registry = buildSchemaRegistry(pages);
  const cases = buildCases(pages, { roots: [`${ROOT}fixtures/docs`, 'docs'], params: byName(params) });
  return buildProbes(cases, registry);
}

function seedProbes(): ProbeCase[] {
  const { pages } = loadDocs([`${ROOT}fixtures/docs`], ROOT);
  return probesOf(pages);
}

function ready(probes: readonly ProbeCase[], name: string): ReadyProbe {
  const p = probes.find((candidate) => candidate.title.endsWith(`probe: ${name}`));
  assert.ok(p, `a probe "${name}" among:\n${probes.map((c) => c.title).join('\n')}`);
  assert.ok(p.runnable, `"${p.title}" runs${p.runnable ? '' : `, but: ${p.reason}`}`);
  return p;
}

function refusedBody(p: ReadyProbe): string {
  assert.ok(p.check.type === 'refused', `${p.title} is a refused probe`);
  return sentText(p);
}

/** The body text a probe sends ('' for none). */
function sentText(p: ReadyProbe): string {
  const body = p.check.type === 'replay' ? undefined : p.check.request.body;
  return body === undefined ? '' : bodyTextOf(body);
}

describe('the seed page', () => {
  const probes = seedProbes();

  test('gives these probes, titled under the example, in a stable order', () => {
    assert.deepEqual(
      probes.map((p) => p.title),
      [
        `${EXAMPLE} › probe: malformed JSON body`,
        `${EXAMPLE} › probe: body sent as text/plain`,
        `${EXAMPLE} › probe: id is String, sent true`,
        `${EXAMPLE} › probe: height is Int32, sent true`,
        `${EXAMPLE} › probe: height is Int32, sent -2147483649`,
        `${EXAMPLE} › probe: height is Int32, sent 2147483648`,
        `${EXAMPLE} › probe: width is Int32, sent true`,
        `${EXAMPLE} › probe: width is Int32, sent -2147483649`,
        `${EXAMPLE} › probe: width is Int32, sent 2147483648`,
        `${EXAMPLE} › probe: unknown property "${UNKNOWN_PROPERTY}"`,
        `${EXAMPLE} › probe: null where the page is silent on it`,
        `${EXAMPLE} › probe: generated valid bodies are accepted and come back`,
      ],
    );
    assert.deepEqual(
      seedProbes().map((p) => p.title),
      probes.map((p) => p.title),
      'the same docs give the same probes',
    );
    for (const p of probes) assert.deepEqual(p.tags, ['@PATCH', '@beta', PROBE_TAG]);
  });

  test('no read-only probe: the seed table marks neither height nor width read-only', () => {
    assert.ok(!probes.some((p) => p.title.includes('read-only')));
  });

  test('an Int32 just past its range is written raw into the example body, and the rule names the table row', () => {
    const p = ready(probes, 'height is Int32, sent 2147483648');
    assert.ok(p.check.type === 'refused');
    assert.equal(p.check.status, 400);
    assert.equal(p.check.rule, `height is Int32 (${seedAt('|height|Int32|')})`);
    assert.deepEqual(JSON.parse(refusedBody(p)), {
      '@odata.type': '#microsoft.graph.profilePhoto',
      height: 2147483648,
      width: 5,
    });
    assert.equal(p.check.request.path, '/beta/me/photos');
  });

  test('a wrong JSON type, an unknown property and a malformed body each change one thing of the example', () => {
    assert.deepEqual(JSON.parse(refusedBody(ready(probes, 'width is Int32, sent true'))), {
      '@odata.type': '#microsoft.graph.profilePhoto',
      height: 6,
      width: true,
    });
    assert.deepEqual(JSON.parse(refusedBody(ready(probes, `unknown property "${UNKNOWN_PROPERTY}"`))), {
      '@odata.type': '#microsoft.graph.profilePhoto',
      height: 6,
      width: 5,
      [UNKNOWN_PROPERTY]: 'probe',
    });
    const malformed = refusedBody(ready(probes, 'malformed JSON body'));
    assert.throws(() => JSON.parse(malformed) as unknown, SyntaxError);
    assert.match(malformed, /"height": 6/);
  });

  test('the wrong content type probe sends the same JSON as text/plain and expects 415', () => {
    const p = ready(probes, 'body sent as text/plain');
    assert.ok(p.check.type === 'refused');
    assert.equal(p.check.status, 415);
    assert.deepEqual(
      p.check.request.headers.filter(([name]) => name.toLowerCase() === 'content-type'),
      [['Content-Type', 'text/plain']],
    );
    assert.deepEqual(JSON.parse(sentText(p)), {
      '@odata.type': '#microsoft.graph.profilePhoto',
      height: 6,
      width: 5,
    });
  });

  test("every body probe is refused by the doc's own request-body schema", () => {
    const { pages } = loadDocs([`${ROOT}fixtures/docs`], ROOT);
    const page = pages[0];
    assert.ok(page);
    const validate = buildSchemaRegistry(pages).requestBodyValidator(page);
    assert.ok(validate);
    for (const p of probes) {
      if (!p.runnable || p.check.type !== 'refused' || p.check.status !== 400 || p.title.includes('malformed'))
        continue;
      assert.notDeepEqual(validate(JSON.parse(sentText(p))), [], `${p.title}: the schema accepts its body`);
    }
  });

  test('the replay generates height and width, keeps @odata.type, and leaves out the key', () => {
    const p = ready(probes, 'generated valid bodies are accepted and come back');
    assert.ok(p.check.type === 'replay');
    assert.deepEqual(
      p.check.properties.map((g) => g.name),
      ['height', 'width'],
    );
    assert.deepEqual(p.check.fixed, { '@odata.type': '#microsoft.graph.profilePhoto' });
    assert.deepEqual(
      p.check.leftOut.map((l) => l.name),
      ['id'],
    );
    assert.equal(p.check.expected.status, 200);
    assert.equal(p.check.responseType, 'microsoft.graph.profilePhoto');
    assert.deepEqual(p.check.comesBack, ['height', 'width'], 'an update answers the updated photo');
  });

  test('the page is silent on null for height and width: sending it is an observation, one request each', () => {
    const p = ready(probes, 'null where the page is silent on it');
    assert.ok(p.check.type === 'observe');
    assert.equal(p.check.rule, 'null-undocumented');
    assert.deepEqual(
      p.check.items.map((i) => [
        i.subject,
        (JSON.parse(bodyTextOf(i.body)) as Record<string, unknown>)[i.subject],
        i.strict,
      ]),
      [
        ['height', null, 'accepted'],
        ['width', null, 'accepted'],
      ],
    );
    assert.equal(formatLocation(p.check.items[0]?.documented ?? { file: '', line: 0 }), seedAt('|height|Int32|'));
  });
});

/** A PATCH page with a request-body table of the given rows and an example body. */
/** The widget resource page: its property rows, its relationship rows, and its JSON representation. */
function widgetResource(properties: readonly string[], json: string, relationships: readonly string[] = []): Page {
  return parsePage(
    'api-reference/v1.0/resources/widget.md',
    [
      '---',
      'doc_type: resourcePageType',
      '---',
      '# widget resource type',
      '',
      '## Properties',
      '|Property|Type|Description|',
      '|:--|:--|:--|',
      ...properties,
      '',
      ...(relationships.length === 0
        ? []
        : ['## Relationships', '|Relationship|Type|Description|', '|:--|:--|:--|', ...relationships, '']),
      '## JSON representation',
      '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.widget" } -->',
      '```json',
      json,
      '```',
    ].join('\n'),
  );
}

/** The replay probe of the widget PATCH page `page`, beside the widget resource page: its check. */
function replayOf(widget: Page, page: Page): Extract<ProbeCheck, { type: 'replay' }> {
  const replay = ready(
    probesOf([widget, page], { widgetId: 'w1' }),
    'generated valid bodies are accepted and come back',
  );
  assert.ok(replay.check.type === 'replay');
  return replay.check;
}

interface WidgetPageParts {
  readonly line?: string;
  readonly headers?: readonly string[];
  readonly requestLine?: string;
  readonly status?: string;
  readonly answer?: string;
}

function patchPage(
  rows: readonly string[] | undefined,
  body: string,
  {
    line = 'PATCH /widgets/{widgetId}',
    headers = ['|Authorization|Bearer {token}. Required|'],
    requestLine = 'PATCH https://graph.microsoft.com/v1.0/widgets/{widgetId}',
    status = '200 OK',
    answer = '{ "id": "w1", "name": "blue", "createdDateTime": "2021-01-01T00:00:00Z", "size": 3 }',
  }: WidgetPageParts = {},
): Page {
  const text = [
    '# Update widget',
    '',
    '## HTTP request',
    '<!-- { "blockType": "ignored" } -->',
    '```http',
    line,
    '```',
    '',
    '## Request headers',
    '|Name|Description|',
    '|:---|:---|',
    ...headers,
    '',
    '## Request body',
    ...(rows
      ? [
          'In the request body, supply a JSON representation of the [widget](../resources/widget.md) object.',
          '',
          '|Property|Type|Description|',
          '|:---|:---|:---|',
          ...rows,
        ]
      : ['Do not supply a request body for this method.']),
    '',
    '## Response',
    'If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object.',
    '',
    '## Examples',
    '',
    '### Request',
    '<!-- { "blockType": "request", "name": "update_widget" } -->',
    '```http',
    requestLine,
    'Content-Type: application/json',
    '',
    body,
    '```',
    '',
    '### Response',
    '<!-- { "blockType": "response", "truncated": true } -->',
    '```http',
    `HTTP/1.1 ${status}`,
    'Content-Type: application/json',
    '',
    answer,
    '```',
  ].join('\n');
  return parsePage('docs/update-widget.md', text);
}

describe('pages written for the probes', () => {
  const rows = [
    '|name|String|The name. Nullable.|',
    '|createdDateTime|DateTimeOffset|When it was made. Read-only.|',
    '|size|Int64|How big. Not nullable.|',
    '|enabled|Boolean|On or off.|',
    '|extra|Json|Anything.|',
    '|owner|String|Who owns it. Read-only for widgets synced from on-premises.|',
  ];
  const probes = probesOf(
    [
      patchPage(rows, '{ "name": "blue", "size": 3 }', {
        headers: ['|Authorization|Bearer {token}. Required|', '|If-Match|An ETag. Required|'],
      }),
    ],
    { widgetId: 'w1' },
  );
  const named = (name: string): ProbeCase | undefined =>
    probes.find((p) => p.title === `update-widget.md › update_widget › probe: ${name}`);

  test('a read-only property gets a write attempt with the value the documented answer shows', () => {
    const p = named('createdDateTime is read-only, sent "2021-01-01T00:00:00Z"');
    assert.ok(p?.runnable && p.check.type === 'refused', probes.map((c) => c.title).join('\n'));
    assert.equal((JSON.parse(sentText(p) || '{}') as Record<string, unknown>).createdDateTime, '2021-01-01T00:00:00Z');
    assert.match(p.check.rule, /createdDateTime is read-only \(docs\/update-widget\.md:\d+\)/);
  });

  test('an Int64 just past its range is written as a raw literal no JS number holds', () => {
    const p = named('size is Int64, sent 9223372036854775808');
    assert.ok(p?.runnable && p.check.type === 'refused');
    assert.match(sentText(p), /"size": 9223372036854775808\b/);
    assert.ok(named('size is Int64, sent -9223372036854775809'));
  });

  test('a boolean gets a string; an untyped property is skipped with the reason', () => {
    const p = named('enabled is Boolean, sent "not-a-valid-value"');
    assert.ok(p?.runnable);
    const open = named('extra is Json, sent a value of another JSON type');
    assert.ok(open && !open.runnable);
    assert.equal(open.rule, 'probe-undecidable');
    assert.match(open.reason, /no type a value could contradict \("Json"/);
  });

  test('a required header other than Authorization is skipped: the doc does not say what its absence gets', () => {
    const p = named('without If-Match (required)');
    assert.ok(p && !p.runnable);
    assert.match(p.reason, /does not say what a request without it gets/);
    assert.ok(
      !probes.some((c) => c.title.includes('without Authorization')),
      'the requires-auth case already sends that',
    );
  });

  test('the replay leaves out read-only and untyped properties and says why', () => {
    const p = named('generated valid bodies are accepted and come back');
    assert.ok(p?.runnable && p.check.type === 'replay');
    assert.deepEqual(
      p.check.properties.map((g) => g.name),
      ['name', 'size', 'enabled'],
    );
    assert.deepEqual(
      p.check.leftOut.map((l) => `${l.name}: ${l.reason}`),
      [
        'createdDateTime: read-only',
        'extra: its type is not documented (an open or untyped value)',
        'owner: read-only under a condition ("Read-only for widgets synced from on-premises.")',
      ],
    );
  });

  test('a read-only row that an example of the page writes is skipped, naming the contradiction', () => {
    const writes = probesOf([patchPage(rows, '{ "name": "blue", "createdDateTime": "2021-01-01T00:00:00Z" }')], {
      widgetId: 'w1',
    });
    const p = writes.find((c) => c.title.includes('createdDateTime is read-only, sent'));
    assert.ok(p && !p.runnable, writes.map((c) => c.title).join('\n'));
    assert.equal(p.rule, 'request-sends-read-only');
    assert.match(p.reason, /an example of the page sends createdDateTime/);
  });

  test('read-only under a condition is no refused probe: what the target does is observed', () => {
    assert.ok(!probes.some((p) => p.title.includes('owner is read-only, sent')));
    const p = probes.find((c) => c.title.includes('owner is read-only under a condition, sent'));
    assert.ok(p?.runnable && p.check.type === 'observe', probes.map((c) => c.title).join('\n'));
    assert.equal(p.check.rule, 'read-only-conditional');
    assert.equal(p.check.items[0]?.strict, undefined, 'no strict reading: either answer can be right');
  });

  test('null is observed only where the page is silent: not for "Nullable." nor "Not nullable"', () => {
    const p = named('null where the page is silent on it');
    assert.ok(p?.runnable && p.check.type === 'observe');
    assert.deepEqual(
      p.check.items.map((i) => i.subject),
      ['enabled'],
    );
  });

  test('the replay marks the rows the table says are required; one that cannot be generated skips it', () => {
    const withRequired = probesOf(
      [patchPage(['|name|String|The name. Required.|', '|size|Int64|How big.|'], '{ "name": "blue" }')],
      { widgetId: 'w1' },
    );
    const p = withRequired.find((c) => c.title.endsWith('generated valid bodies are accepted and come back'));
    assert.ok(p?.runnable && p.check.type === 'replay');
    assert.deepEqual(
      p.check.properties.map((g) => `${g.name}${g.required ? ' (required)' : ''}`),
      ['name (required)', 'size'],
    );
    const untyped = probesOf(
      [patchPage(['|name|String|The name.|', '|extra|Json|Anything. Required.|'], '{ "name": "blue", "extra": {} }')],
      { widgetId: 'w1' },
    );
    const skipped = untyped.find((c) => c.title.endsWith('generated valid bodies are accepted and come back'));
    assert.ok(skipped && !skipped.runnable);
    assert.match(skipped.reason, /marks extra \(docs\/update-widget\.md:\d+\) required, and no valid value/);
  });

  test('without a value for the path placeholder, every probe is skipped naming it', () => {
    const unfilled = probesOf([patchPage(rows, '{ "name": "blue" }')]);
    assert.ok(unfilled.length > 0);
    for (const p of unfilled) {
      assert.ok(!p.runnable);
      assert.equal(p.rule, 'placeholder-unfilled');
      assert.match(p.reason, /\{widgetId\}/);
    }
  });

  test('without a request-body table, table probes are skipped; the JSON-only probes still run', () => {
    const bare = probesOf([patchPage(undefined, '{ "name": "blue" }')], { widgetId: 'w1' });
    assert.deepEqual(
      bare.map((p) => [p.title.replace(/^.* › probe: /, ''), p.runnable]),
      [
        ['malformed JSON body', true],
        ['body sent as text/plain', true],
        ['request body from its table', false],
      ],
    );
  });

  test("an example sent with a method its page does not document gets no probe from the page's tables", () => {
    // workforceintegration-update's second example creates with POST under the update's PATCH table.
    const page = patchPage(rows, '{ "name": "blue" }', {
      requestLine: 'POST https://graph.microsoft.com/v1.0/widgets',
    });
    const strayed = probesOf([page], { widgetId: 'w1' });
    assert.ok(strayed.length > 0, 'the probes are listed');
    for (const p of strayed) {
      assert.ok(!p.runnable, `${p.title} is skipped`);
      assert.equal(p.rule, 'path-not-documented', 'the skip names the doc rule lint reports');
      assert.match(p.reason, /uses POST, but \/widgets is documented only for PATCH|not among the documented/);
      assert.match(p.reason, /docs\/update-widget\.md:\d+/);
    }
  });

  test('an example on /me, under a /users/{id} line, is the same operation: its probes run', () => {
    // user-update: `PATCH /me` under `PATCH /users/{id | userPrincipalName}`.
    const onUsers = patchPage(rows, '{ "name": "blue" }', {
      line: 'PATCH /users/{id | userPrincipalName}',
      requestLine: 'PATCH https://graph.microsoft.com/v1.0/me',
    });
    const probes = probesOf([onUsers], { id: 'u1' });
    assert.ok(
      probes.some((p) => p.runnable),
      probes.map((p) => `${p.title}: ${p.runnable ? 'runs' : p.reason}`).join('\n'),
    );
  });

  test('a response example its own type refuses leaves the replay probe undecided, and only it', () => {
    const at = SEED_TEXT.lastIndexOf('"height": 6');
    const text = `${SEED_TEXT.slice(0, at)}"height": "six"${SEED_TEXT.slice(at + '"height": 6'.length)}`;
    const probes = probesOf([parsePage(SEED_FILE, text)]);
    const replay = probes.find((p) => p.title.endsWith('probe: generated valid bodies are accepted and come back'));
    assert.ok(replay && !replay.runnable, 'the replay probe is skipped');
    assert.equal(replay.rule, 'response-schema', 'the skip names the doc rule lint reports');
    assert.match(replay.reason, /does not match its own type .*\/height/);
    assert.ok(ready(probes, 'height is Int32, sent true'), 'the other probes still run');
  });

  test('an example body its own table refuses is made to match the table, and the table probes run on it', () => {
    // group-post-groups: the example sends groupTypes, which the request-body table does not list; the table is the
    // contract, so each probe sends the example's body without it, plus its one fault.
    const matched = probesOf([patchPage(rows, '{ "name": 5, "size": 3 }')], { widgetId: 'w1' });
    const wrongSize = ready(matched, 'size is Int64, sent true');
    assert.deepEqual(JSON.parse(refusedBody(wrongSize)), { size: true }, 'name left out, the one fault put in');
    assert.ok(wrongSize.check.type === 'refused');
    assert.match(
      wrongSize.check.matched ?? '',
      /does not match its own request-body table \(\/name is 5.*name left out/,
    );
    const replay = ready(matched, 'generated valid bodies are accepted and come back');
    assert.ok(replay.check.type === 'replay' && replay.check.properties.some((g) => g.name === 'name'));
  });

  test('a required property the example gets wrong is given a valid value from its row', () => {
    const required = ['|name|String|The name. Required.|', '|size|Int64|How big. Not nullable.|'];
    const probes = probesOf([patchPage(required, '{ "name": 5, "size": 3 }')], { widgetId: 'w1' });
    const sent = JSON.parse(refusedBody(ready(probes, 'size is Int64, sent true'))) as Record<string, unknown>;
    assert.equal(typeof sent.name, 'string', 'a string the table accepts in place of 5');
    assert.equal(sent.size, true);
  });

  test('an example that documents a refusal gets no replay probe: it says nothing of what a valid body gets', () => {
    // directoryobject-validateproperties: its second example documents 422 for a name the policy blocks
    const refusal = probesOf([patchPage(rows, '{ "name": "blue" }', { status: '422 Unprocessable Entity' })], {
      widgetId: 'w1',
    });
    assert.ok(refusal.some((p) => p.title.endsWith('probe: name is String, sent true')));
    assert.ok(!refusal.some((p) => p.title.endsWith('probe: generated valid bodies are accepted and come back')));
  });

  test("a request row that is a relationship of the answer's type is left out of generated bodies", () => {
    // group-post-groups: members is "string collection" in the request table, a relationship of group; a write binds
    // it, and the answer shows it only under $expand
    const widget = widgetResource(
      ['|id|String|The id.|', '|name|String|The name.|'],
      '{ "id": "String", "name": "String" }',
      ['|parts|[widget](widget.md) collection|The parts.|'],
    );
    const bodyRows = ['|name|String|The name.|', '|parts|String collection|The parts at creation.|'];
    const replay = replayOf(widget, patchPage(bodyRows, '{ "name": "blue" }'));
    assert.deepEqual(
      replay.properties.map((g) => g.name),
      ['name'],
    );
    assert.match(
      replay.leftOut.find((l) => l.name === 'parts')?.reason ?? '',
      /relationship of microsoft.graph.widget/,
    );
  });

  test("a String the answer's type narrows to an enum is generated from the answer's row", () => {
    // calendar-update: `color` is a String in the request table and a calendarColor on the calendar; any string would
    // come back and break the enum, a guess the resource page rules out.
    const widget = widgetResource(
      [
        '|id|String|The id.|',
        '|name|String|The name.|',
        '|color|String|The color. Possible values are: `auto`, `lightBlue`.|',
        '|enabled|Boolean|On or off.|',
      ],
      '{ "id": "String", "name": "String", "color": "String", "enabled": true }',
    );
    const bodyRows = ['|name|String|The name.|', '|color|String|The color.|', '|enabled|String|On or off.|'];
    const replay = replayOf(widget, patchPage(bodyRows, '{ "name": "blue" }'));
    const schemaOf = (name: string): unknown => replay.properties.find((g) => g.name === name)?.schema;
    assert.match(JSON.stringify(schemaOf('color')), /lightBlue/);
    // A plain String stays one; a type the request table contradicts (a Boolean here) is not borrowed.
    assert.doesNotMatch(JSON.stringify(schemaOf('name')), /pattern|x-enum/);
    assert.match(JSON.stringify(schemaOf('enabled')), /"string"/);
  });

  test("a row the page's own example contradicts is left out of generated bodies, saying so", () => {
    // featurerolloutpolicies-post: the table says isEnabled is a String; the example and the resource say Boolean.
    const widget = widgetResource(
      ['|name|String|The name.|', '|enabled|Boolean|On or off.|'],
      '{ "name": "String", "enabled": true }',
    );
    const bodyRows = ['|name|String|The name.|', '|enabled|String|On or off.|'];
    const replay = replayOf(widget, patchPage(bodyRows, '{ "name": "blue", "enabled": true }'));
    assert.deepEqual(
      replay.properties.map((g) => g.name),
      ['name'],
    );
    assert.match(
      replay.leftOut.find((l) => l.name === 'enabled')?.reason ?? '',
      /the page's example \(.*:\d+\) sends a value its table refuses.*another kind/,
    );
  });

  test("a row the page's response example and the answer's type both contradict is left out of generated bodies", () => {
    // contact-update: the table says categories is a String; the contact shown, and the contact page, have an array.
    const widget = widgetResource(
      ['|name|String|The name.|', '|tags|String collection|Its tags.|'],
      '{ "name": "String", "tags": ["String"] }',
    );
    const bodyRows = ['|name|String|The name.|', '|tags|String|Its tags.|'];
    const page = patchPage(bodyRows, '{ "name": "blue" }', { answer: '{ "id": "w1", "name": "blue", "tags": ["a"] }' });
    const replay = replayOf(widget, page);
    assert.deepEqual(
      replay.properties.map((g) => g.name),
      ['name'],
    );
    assert.match(
      replay.leftOut.find((l) => l.name === 'tags')?.reason ?? '',
      /the page's response example \(docs\/update-widget\.md:\d+\) shows a value its table refuses.*another kind/,
    );
  });

  test('a reference (`@odata.id`) is never generated: a random string names no object', () => {
    // ediscovery-sourcecollection-post-custodiansources: the table's one row is the reference.
    const page = patchPage(
      ['|@odata.id|String|The object referenced.|'],
      '{ "@odata.id": "https://graph.microsoft.com/v1.0/widgets/w2" }',
    );
    const replay = probesOf([page], { widgetId: 'w1' }).find((p) =>
      p.title.endsWith('probe: generated valid bodies are accepted and come back'),
    );
    assert.ok(replay && !replay.runnable, 'no body is left to generate');
    assert.match(replay.reason, /@odata\.id: a reference to an object that exists/);
  });

  test('a body that wraps the table in one property is not made to match it by leaving the wrapper out', () => {
    // application-addpassword: the table lists passwordCredential's own rows; the example sends { passwordCredential }.
    const wrapped = probesOf([patchPage(rows, '{ "widget": { "name": "blue" } }')], { widgetId: 'w1' });
    const table = wrapped.filter((p) => p.title.includes('name is String'));
    assert.ok(table.length > 0 && table.every((p) => !p.runnable && p.rule === 'request-body-schema'));
  });

  test('an example body that cannot be made to match its table leaves the table probes undecided', () => {
    // A required property of an untyped (Json) row is missing: no value can be generated for it.
    const untyped = ['|name|String|The name.|', '|extra|Json|Anything. Required.|'];
    const broken = probesOf([patchPage(untyped, '{ "name": "blue" }')], { widgetId: 'w1' });
    const table = broken.filter((p) => !/malformed|text\/plain|If-Match/.test(p.title));
    assert.ok(table.length > 0);
    for (const p of table) {
      assert.ok(!p.runnable);
      assert.equal(p.rule, 'request-body-schema', 'the skip names the doc rule lint reports');
      assert.match(p.reason, /does not match its own request-body table \(\/extra is missing.*cannot be made to match/);
    }
  });
});
