/**
 * Types as Graph has them (issue 14, item 3), each pattern from a small fixture cut from a real 2021 reference page
 * (microsoftgraph/microsoft-graph-docs, © Microsoft and contributors; the page each comes from is named):
 * inheritance read from "Inherits from" prose, a derived type accepted where its base is declared, mixed collections
 * checked item by item, enums given in descriptions, and an annotated response answering an un-annotated request.
 *
 * Run: node --import tsx --test tests/unit/types-as-graph.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inheritsFrom } from '../../src/docs/inherits-from.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import { buildSchemas } from '../../src/schema/build-schemas.ts';
import { describedEnum, withDescribedEnum } from '../../src/schema/described-enum.ts';
import { createRegistry, type Validator } from '../../src/schema/registry.ts';
import { documentedShape } from '../../src/run/response-checks.ts';
import { undocumentedPropertiesValidator } from '../../src/schema/closed.ts';
import { instanceOnlyProperties } from '../../src/schema/example-checks.ts';
import { resourcePageText } from './support/resource-page.ts';

const NS = 'microsoft.graph';

/** A resource page as the 2021 reference writes one: title, prose, a properties table, the JSON representation. */
function resourcePage(
  _file: string,
  type: string,
  prose: string,
  rows: readonly string[],
  json: readonly string[],
  annotation: Record<string, unknown> = {},
): string {
  return resourcePageText({ type, rows, namespace: NS, prose, json: ['{', ...json, '}'].join('\n'), annotation });
}

function defined(found: Validator | undefined, what: string): Validator {
  assert.ok(found, `a validator for ${what}`);
  return found;
}

describe('inheritance from "Inherits from" prose', () => {
  test('the ways the 2021 reference says it', () => {
    // v1.0/resources/ipv4cidrrange.md, beta/resources/…: linked, abstract, base class, bare
    assert.equal(inheritsFrom('Inherits from [ipRange](../resources/iprange.md)'), 'ipRange');
    assert.equal(inheritsFrom('Inherits from the abstract base type [policyBase](policybase.md).'), 'policyBase');
    assert.equal(inheritsFrom('Inherits from base class [itemFacet](itemfacet.md).'), 'itemFacet');
    assert.equal(inheritsFrom('Inherits from directoryObject.'), 'directoryObject'); // v1.0/resources/user.md
    assert.equal(inheritsFrom('Inherits from **entity**.'), 'entity');
    // v1.0/resources/educationassignmentpointsgradetype.md says it only so
    assert.equal(
      inheritsFrom('This is a subclass of [educationAssignmentGradeType](educationassignmentgradetype.md).'),
      'educationAssignmentGradeType',
    );
    // Prose that is not a type name is not read as one.
    assert.equal(inheritsFrom('This policy inherits from base policy type, and always exists.'), undefined);
    assert.equal(inheritsFrom('Represents an Azure AD user account.'), undefined);
  });

  // v1.0/resources/iprange.md, ipv4cidrrange.md (prose only, as many pages have it), ipnamedlocation.md
  const ipRange = resourcePage('v1.0/resources/iprange.md', 'ipRange', 'IP range base class.', [], []);
  const ipv4 = resourcePage(
    'v1.0/resources/ipv4cidrrange.md',
    'iPv4CidrRange',
    'Inherits from [ipRange](../resources/iprange.md)',
    ['|cidrAddress|String|IPv4 address in CIDR notation.|'],
    ['"cidrAddress": "String"'],
  );
  const namedLocation = resourcePage(
    'v1.0/resources/ipnamedlocation.md',
    'ipNamedLocation',
    'Represents an Azure Active Directory IP named location.',
    ['|ipRanges|[ipRange](iprange.md) collection|List of IP address ranges.|'],
    ['"ipRanges": [{"@odata.type": "microsoft.graph.ipRange"}]'],
  );
  const pages = [
    parsePage('v1.0/resources/iprange.md', ipRange),
    parsePage('v1.0/resources/ipv4cidrrange.md', ipv4),
    parsePage('v1.0/resources/ipnamedlocation.md', namedLocation),
  ];

  test('a resource page that says it only in prose gets that base type', () => {
    assert.equal(pages[1]?.resource?.baseType, `${NS}.ipRange`);
  });

  test('a derived type is accepted where its base is declared, and checked as itself', () => {
    const built = buildSchemas(pages);
    const validate = defined(createRegistry(built.schemas).resourceValidator(`${NS}.ipNamedLocation`, 'v1.0'), 'x');
    const location = (range: Record<string, unknown>): unknown => ({ ipRanges: [range] });
    assert.deepEqual(
      validate(location({ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '12.34.221.11/22' })),
      [],
    );
    assert.deepEqual(
      validate(location({ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: 7 })).map((e) => e.pointer),
      ['/ipRanges/0/cidrAddress'],
      'checked as the derived type it declares',
    );
  });
});

function brief(problems: readonly { pointer: string; message: string }[]): { pointer: string; message: string }[] {
  return problems.map(({ pointer, message }) => ({ pointer, message }));
}

describe("a derived type closed (STRICTNESS=strict, lint's response-undocumented-property)", () => {
  // v1.0/resources/attachment.md and fileattachment.md: the base's properties and the derived type's own
  const attachment = resourcePage(
    'v1.0/resources/attachment.md',
    'attachment',
    'Base type.',
    ['|id|String|The attachment ID.|', '|name|String|The name.|'],
    ['"id": "String", "name": "String"'],
  );
  const fileAttachment = resourcePage(
    'v1.0/resources/fileattachment.md',
    'fileAttachment',
    'Inherits from [attachment](attachment.md).',
    ['|contentBytes|Edm.Binary|The base64-encoded contents of the file.|'],
    ['"contentBytes": "String (binary)"'],
  );
  const pages = [
    parsePage('v1.0/resources/attachment.md', attachment),
    parsePage('v1.0/resources/fileattachment.md', fileAttachment),
  ];
  const registry = createRegistry(buildSchemas(pages).schemas);
  const closed = (type: string): Validator =>
    defined(undocumentedPropertiesValidator(registry, `${NS}.${type}`, 'v1.0'), type);

  test('the properties it adds and those it inherits are documented; others are not', () => {
    assert.deepEqual(closed('fileAttachment')({ id: '1', name: 'a.txt', contentBytes: 'AA==' }), []);
    assert.deepEqual(
      closed('fileAttachment')({ id: '1', size: 3 }).map((e) => e.pointer),
      ['/size'],
    );
    assert.deepEqual(
      closed('attachment')({ id: '1', contentBytes: 'AA==' }).map((e) => e.pointer),
      ['/contentBytes'],
      'the base alone is still closed',
    );
  });

  test('a property declared as the base holds a derived type, closed as the type it declares', () => {
    // beta/api/intune-apps-mobileappassignment-update.md: settings declared mobileAppAssignmentSettings
    const message = parsePage(
      'v1.0/resources/message.md',
      resourcePage(
        'v1.0/resources/message.md',
        'message',
        'A message.',
        ['|attachments|[attachment](attachment.md) collection|The attachments.|'],
        ['"attachments": [{"@odata.type": "microsoft.graph.attachment"}]'],
      ),
    );
    const all = createRegistry(buildSchemas([...pages, message]).schemas);
    const check = defined(undocumentedPropertiesValidator(all, `${NS}.message`, 'v1.0'), 'message');
    const item = { '@odata.type': '#microsoft.graph.fileAttachment', id: '1', contentBytes: 'AA==' };
    assert.deepEqual(check({ attachments: [item] }), []);
    assert.deepEqual(
      check({
        attachments: [
          { ...item, size: 3 },
          { id: '2', contentBytes: 'AA==' },
        ],
      }).map((e) => e.pointer),
      ['/attachments/0/size', '/attachments/1/contentBytes'],
      'without @odata.type, an item is the declared type',
    );
  });

  test("a base's property of the wrong type leaves its other properties documented", () => {
    // beta/api/eventmessage-get.md: message's unsubscribeData shown as [] made internetMessageId "undocumented" in an
    // eventMessageRequest, when the check compiled closed copies (Ajv drops what a failing base evaluated)
    const message = resourcePage(
      'beta/resources/message.md',
      'message',
      'A message.',
      ['|unsubscribeData|String|The data.|', '|internetMessageId|String|The ID.|'],
      ['"unsubscribeData": "String"'],
    );
    const eventMessage = resourcePage(
      'beta/resources/eventmessage.md',
      'eventMessage',
      'Inherits from [message](message.md).',
      ['|isAllDay|Boolean|All day.|'],
      ['"isAllDay": true'],
    );
    const request = resourcePage(
      'beta/resources/eventmessagerequest.md',
      'eventMessageRequest',
      'Inherits from [eventMessage](eventmessage.md).',
      ['|allowNewTimeProposals|Boolean|Allowed.|'],
      ['"allowNewTimeProposals": true'],
    );
    const registry = createRegistry(
      buildSchemas([
        parsePage('v1.0/resources/message.md', message),
        parsePage('v1.0/resources/eventmessage.md', eventMessage),
        parsePage('v1.0/resources/eventmessagerequest.md', request),
      ]).schemas,
    );
    const check = defined(undocumentedPropertiesValidator(registry, `${NS}.eventMessageRequest`, 'v1.0'), 'request');
    const shown = { unsubscribeData: [], internetMessageId: 'x', isAllDay: true, allowNewTimeProposals: true, size: 3 };
    assert.deepEqual(
      check(shown).map((e) => e.pointer),
      ['/size'],
    );
  });

  test('a nullable or alternative type closes the value as the type it fits', () => {
    const holder = parsePage(
      'v1.0/resources/holder.md',
      resourcePage(
        'v1.0/resources/holder.md',
        'holder',
        'Holds one.',
        ['|one|[attachment](attachment.md)|Nullable.|', '|either|[attachment](attachment.md) or String|Either.|'],
        ['"one": {"@odata.type": "microsoft.graph.attachment"}'],
      ),
    );
    const all = createRegistry(buildSchemas([...pages, holder]).schemas);
    const check = defined(undocumentedPropertiesValidator(all, `${NS}.holder`, 'v1.0'), 'holder');
    assert.deepEqual(check({ one: null, either: 'text' }), []);
    assert.deepEqual(
      check({ one: { id: '1', size: 3 }, either: { name: 'a', extra: true } }).map((e) => e.pointer),
      ['/one/size', '/either/extra'],
    );
  });
});

describe('mixed collections, item by item', () => {
  // v1.0/api/group-list-members.md: a user and a group in one directoryObject collection
  const documented = {
    value: [
      { '@odata.type': '#microsoft.graph.user', id: '1', userPrincipalName: 'a@contoso.com' },
      { '@odata.type': '#microsoft.graph.group', id: '2', mailEnabled: false },
    ],
  };

  test('each item is compared with the documented item of its own type', () => {
    const actual = {
      value: [
        { '@odata.type': '#microsoft.graph.group', id: '3', mailEnabled: true },
        { '@odata.type': '#microsoft.graph.user', id: '4', userPrincipalName: 'b@contoso.com' },
      ],
    };
    assert.deepEqual(documentedShape(documented, actual, { truncated: false }), []);
  });

  test('an item missing what the documented item of its type shows is still reported', () => {
    const actual = { value: [{ '@odata.type': '#microsoft.graph.group', id: '3' }] };
    assert.deepEqual(brief(documentedShape(documented, actual, { truncated: false })), [
      { pointer: '/value/0/mailEnabled', message: 'is missing; the doc shows it' },
    ]);
  });

  test('items without a declared type are compared with the first documented item, as before', () => {
    const plain = { value: [{ id: '1', name: 'x' }] };
    assert.deepEqual(
      brief(documentedShape(plain, { value: [{ id: '2', name: 'y' }, { id: '3' }] }, { truncated: false })),
      [{ pointer: '/value/1/name', message: 'is missing; the doc shows it' }],
    );
  });
});

describe('enums given in descriptions', () => {
  test('"Possible values are" lists the whole set', () => {
    // v1.0/resources/group.md (membershipRuleProcessingState), beta/resources/user.md
    assert.deepEqual(describedEnum('Possible values are: `Static` and `Dynamic`.'), {
      members: ['Static', 'Dynamic'],
      empty: false,
    });
    assert.deepEqual(
      describedEnum(
        'Possible values are: `null` (default value), `NotDisabled`, and `DisabledDueToViolationOfServicesAgreement`.',
      )?.members,
      ['NotDisabled', 'DisabledDueToViolationOfServicesAgreement'],
    );
    assert.deepEqual(describedEnum('Possible values are `Delivering`, `Delivered`, or `Expired`')?.members, [
      'Delivering',
      'Delivered',
      'Expired',
    ]);
  });

  test('a description that only mentions values stays a string', () => {
    assert.equal(describedEnum('The values include `a`, `b`.'), undefined);
    assert.equal(describedEnum('Possible values are any valid SMTP address, such as a@b.com.'), undefined);
    assert.equal(describedEnum('Possible values are: `only`.'), undefined);
    assert.deepEqual(withDescribedEnum({ type: 'string', format: 'date-time' }, 'Possible values are: `a`, `b`.'), {
      type: 'string',
      format: 'date-time',
    });
  });

  test('a String row with a described enum refuses other values, in any letter case accepts members', () => {
    const page = parsePage(
      'v1.0/resources/group.md',
      resourcePage(
        'v1.0/resources/group.md',
        'group',
        'Represents an Azure AD group.',
        [
          '|membershipRuleProcessingState|String|Indicates whether dynamic membership processing is on or paused. Possible values are `On` or `Paused`.|',
        ],
        ['"membershipRuleProcessingState": "String"'],
      ),
    );
    const built = buildSchemas([page]);
    const validate = defined(createRegistry(built.schemas).resourceValidator(`${NS}.group`, 'v1.0'), 'group');
    assert.deepEqual(validate({ membershipRuleProcessingState: 'Paused' }), []);
    assert.deepEqual(validate({ membershipRuleProcessingState: 'paused' }), []);
    assert.deepEqual(
      validate({ membershipRuleProcessingState: 'Stopped' }).map((e) => e.pointer),
      ['/membershipRuleProcessingState'],
    );
  });
});

describe('an annotated response answers the un-annotated request right before it', () => {
  const request = (annotated: boolean): string[] => [
    '### Request',
    ...(annotated ? ['<!-- { "blockType": "request", "name": "get_group" } -->'] : []),
    '```http',
    'GET https://graph.microsoft.com/v1.0/groups/02bd9fd6-8f93-4758-87c3-1fb73740a315',
    '```',
    '',
  ];
  const response = [
    '### Response',
    '<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.group" } -->',
    '```http',
    'HTTP/1.1 200 OK',
    'Content-type: application/json',
    '',
    '{ "id": "02bd9fd6-8f93-4758-87c3-1fb73740a315" }',
    '```',
    '',
  ];
  const page = (lines: readonly string[]): ReturnType<typeof parsePage> =>
    parsePage('v1.0/api/group-get.md', ['# Get group', '', '## Example', '', ...lines].join('\n'));

  test('paired, and no unpaired-response finding', () => {
    const p = page([...request(false), ...response]);
    assert.equal(p.examples.length, 1);
    assert.equal(p.examples[0]?.response?.status, 200);
    assert.deepEqual(
      p.findings.filter((f) => f.rule === 'unpaired-response'),
      [],
    );
  });

  test('a notification posted to the app in between is not the request it answers', () => {
    // v1.0/api/application-post-calls.md: an annotated request, its notifications, then responses
    const notification = [
      '```http',
      'POST https://bot.contoso.com/callback',
      'Content-Type: application/json',
      '```',
      '',
    ];
    const p = page([...notification, ...response]);
    assert.equal(
      p.examples.find((e) => e.response !== undefined),
      undefined,
    );
  });
});

describe('an open type: the dynamic properties an example shows are its instance', () => {
  // v1.0/resources/opentypeextension.md and v1.0/api/opentypeextension-get.md (cut down)
  const resource = parsePage(
    'v1.0/resources/opentypeextension.md',
    resourcePage(
      'v1.0/resources/opentypeextension.md',
      'openTypeExtension',
      'Open extensions provide an easy way to add untyped properties to a resource.',
      [
        '|extensionName|String|A unique text identifier for an open type data extension. Required.|',
        '|id|String|Read-only.|',
      ],
      ['  "extensionName": "string",', '  "id": "string"'],
      { openType: true },
    ),
  );
  const get = parsePage(
    'v1.0/api/opentypeextension-get.md',
    [
      '# Get open extension',
      '',
      '## Example',
      '<!-- { "blockType": "request", "name": "get_opentypeextension_1" } -->',
      '```http',
      'GET https://graph.microsoft.com/v1.0/me/messages/AAMkAGE1M2I===/extensions/Com.Contoso.Referral',
      '```',
      '<!-- { "blockType": "response", "truncated": false, "@odata.type": "microsoft.graph.openTypeExtension" } -->',
      '```http',
      'HTTP/1.1 200 OK',
      'Content-type: application/json',
      '',
      '{ "@odata.type": "#microsoft.graph.openTypeExtension", "extensionName": "Com.Contoso.Referral",',
      '  "id": "Com.Contoso.Referral", "companyName": "Wingtip Toys", "dealValue": 500050 }',
      '```',
    ].join('\n'),
  );
  const registry = createRegistry(buildSchemas([resource, get]).schemas);
  const response = get.examples[0]?.response;

  test('named: what the example shows beyond the tables', () => {
    assert.ok(response);
    assert.deepEqual(instanceOnlyProperties(registry, get, response), ['companyName', 'dealValue']);
  });

  test("an undocumented type: every property shown is the instance's; a closed type has none to name", () => {
    assert.ok(response);
    assert.deepEqual(instanceOnlyProperties(createRegistry(buildSchemas([get]).schemas), get, response), [
      'extensionName',
      'id',
      'companyName',
      'dealValue',
    ]);
    const closed = createRegistry(
      buildSchemas([
        parsePage(
          'v1.0/resources/opentypeextension.md',
          resourcePage(
            'v1.0/resources/opentypeextension.md',
            'openTypeExtension',
            '',
            ['|id|String|x|'],
            ['"id": "s"'],
          ),
        ),
        get,
      ]).schemas,
    );
    assert.equal(instanceOnlyProperties(closed, get, response), undefined);
  });

  test("another instance's answer (another path) departs only where the declared properties do", () => {
    assert.ok(response?.body.kind === 'json');
    const type = { '@odata.type': '#microsoft.graph.openTypeExtension' };
    const other = { ...type, extensionName: 'Com.Contoso.Estimate', id: 'x', topPicks: ['Magazine'] };
    const leeway = { truncated: true, optional: ['companyName', 'dealValue'] };
    assert.deepEqual(documentedShape(response.body.value, other, leeway), []);
    assert.deepEqual(
      documentedShape(response.body.value, { ...type, id: 'x' }, leeway).map((p) => p.pointer),
      ['/extensionName'],
    );
  });
});
