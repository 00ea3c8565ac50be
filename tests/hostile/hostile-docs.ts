/**
 * A docs folder as an attacker would send it in a pull request: the seed page beside pages built to exhaust, crash or
 * trick the harness. Written at test time (the largest pages are megabytes; nothing this large is committed), into a
 * folder of the caller's, with a file outside the docs folder that no run may ever read.
 *
 *   <root>/docs/update-photos.md   the seed page: its findings and tests must survive its neighbours
 *   <root>/docs/hostile/*.md       one hostile page per attack
 *   <root>/includes/*.md           what the hostile pages include (loops, a fan-out bomb, a fence opener, symlinks
 *                                  out): a declared include root (INCLUDE_ROOTS, --include-root), not pages themselves
 *   <root>/outside/                a canary file and folder the docs reach for through symlinks and ../
 */
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = fileURLToPath(new URL('../../fixtures/docs/update-photos.md', import.meta.url));

/** Text of the file outside the docs folder: it must appear in no finding, request, report or schema. */
export const OUTSIDE_CANARY = 'CANARY-OUTSIDE-THE-DOCS-FOLDER-5d1e';

/** What `/etc/passwd` starts with on every Unix: it must appear in nothing a run writes. */
export const PASSWD_MARK = 'root:x:0:0';

export interface HostileDocs {
  /** The docs folder: the seed page and the hostile pages. */
  readonly docs: string;
  /** The include root the hostile pages include from. */
  readonly includes: string;
  /** The folder beside it, outside the docs folder. */
  readonly outside: string;
  /** Path of each hostile page, relative to `docs`. */
  readonly pages: readonly string[];
}

const FRONT = (title: string, docType = 'apiPageType'): string =>
  `---\ntitle: "${title}"\ndescription: "A hostile page."\nms.prod: "hostile"\ndoc_type: ${docType}\n---\n\n`;

/** An API page: PATCH of `/hostileThings/{id}` with the given body table rows and example bodies. */
function apiPage(options: {
  title: string;
  path: string;
  rows: string;
  requestBody: string;
  responseBody: string;
  type?: string;
}): string {
  const type = options.type ?? 'hostileThing';
  return `${FRONT(options.title)}# ${options.title}

Namespace: microsoft.graph

## Permissions

|Permission type|Permissions (from least to most privileged)|
|:---|:---|
|Delegated (work or school account)|User.ReadWrite|
|Application|User.ReadWrite.All|

## HTTP request

<!-- { "blockType": "ignored" } -->
\`\`\` http
PATCH ${options.path}
\`\`\`

## Request headers

|Name|Description|
|:---|:---|
|Authorization|Bearer {token}. Required.|

## Request body

Supply a JSON representation of the [${type}](../resources/${type.toLowerCase()}.md) object.

|Property|Type|Description|
|:---|:---|:---|
${options.rows}
## Response

If successful, this method returns a \`200 OK\` response code and a [${type}](../resources/${type.toLowerCase()}.md) object.

## Example

### Request

<!-- { "blockType": "request", "name": "${options.title.replace(/\W+/g, '_').toLowerCase()}" } -->
\`\`\` http
PATCH https://graph.microsoft.com/v1.0${options.path.replace(/\{[^}]*\}/g, 'x1')}
Content-Type: application/json

${options.requestBody}
\`\`\`

### Response

<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.${type}" } -->
\`\`\` http
HTTP/1.1 200 OK
Content-Type: application/json

${options.responseBody}
\`\`\`
`;
}

/** 100,000 rows: written without outer pipes, about 800 KB, under the page-size limit, far over the table-rows one. */
function tableRows(prefix: string, type: string): string {
  const rows: string[] = [];
  for (let i = 0; i < 100_000; i++) rows.push(`${prefix}${(i % 10).toString()}|${type}`);
  return rows.join('\n');
}

function hugeTable(): string {
  return apiPage({
    title: 'Update huge thing',
    path: '/hugeThings/{id}',
    type: 'hugeThing',
    rows: `${tableRows('p', 'Int32')}\n`,
    requestBody: '{ "p1": 1 }',
    responseBody: '{ "p1": 1 }',
  });
}

function hugeResource(): string {
  return `${FRONT('hugeResource resource type', 'resourcePageType')}# hugeResource resource type

Namespace: microsoft.graph

## Properties

|Property|Type|Description|
|:---|:---|:---|
${tableRows('q', 'Int32')}

## JSON representation

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.hugeResource" } -->
\`\`\` json
{ "q0": "String", "q1": "String" }
\`\`\`
`;
}

const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

function protoRows(): string {
  const types = ['String', 'Int32', 'String', 'Boolean', 'Int32', 'String'];
  // Underscores escaped: `__proto__` is bold to markdown.
  return PROTO_NAMES.map(
    (name, i) => `|${name.replace(/_/g, '\\_')}|${types[i] ?? 'String'}|A property named like Object.prototype's.|\n`,
  ).join('');
}

function protoBody(): string {
  return `{
  "__proto__": "p",
  "constructor": 1,
  "toString": "t",
  "hasOwnProperty": true,
  "valueOf": 2,
  "isPrototypeOf": "i"
}`;
}

function protoResource(): string {
  return `${FRONT('constructor resource type', 'resourcePageType')}# constructor resource type

Namespace: microsoft.graph

A resource type whose properties are named like members of Object.prototype.

## Properties

|Property|Type|Description|
|:---|:---|:---|
|id|String|The identifier. Read-only.|
${protoRows()}
## Relationships

|Relationship|Type|Description|
|:---|:---|:---|
|prototype|[constructor](constructor.md) collection|A navigation named prototype.|

## JSON representation

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.constructor", "optionalProperties": ["prototype"], "keyProperty": "id" } -->
\`\`\` json
${protoBody().replace('{', '{\n  "id": "String",')}
\`\`\`
`;
}

function protoEnum(): string {
  return `${FRONT('Enums', 'enumPageType')}# Enums

Namespace: microsoft.graph

### toString values

|Member|Value|
|:---|:---|
|\\_\\_proto\\_\\_|0|
|constructor|1|
|hasOwnProperty|2|
`;
}

/** `{"a":{"a":…}}` 10,000 levels deep, and an array as deep. */
function deepJson(): string {
  const depth = 10_000;
  const object = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const array = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  return `${apiPage({
    title: 'Update deep thing',
    path: '/deepThings/{id}',
    type: 'deepThing',
    rows: '|a|deepThing|Nested.|\n',
    requestBody: object,
    responseBody: object,
  })}
<!-- { "blockType": "example" } -->
\`\`\` json
${array}
\`\`\`

<!-- { "blockType": "ignored", "deep": ${array} } -->
\`\`\` json
{}
\`\`\`
`;
}

/** A JSON example of about 300 KB: under the page-size limit, over the JSON-size limit. */
function bigJson(): string {
  const items: string[] = [];
  for (let i = 0, size = 0; size < 300_000; i++) {
    items.push(`{"id":"${i.toString()}","name":"item ${i.toString()}"}`);
    size += (items[i]?.length ?? 0) + 1;
  }
  return apiPage({
    title: 'Update big thing',
    path: '/bigThings/{id}',
    type: 'bigThing',
    rows: '|value|String collection|Items.|\n',
    requestBody: '{ "value": ["a"] }',
    responseBody: `{ "value": [${items.join(',')}] }`,
  });
}

/** A 50 MB JSON example: the page is refused on its size, before it is read. */
function hugeJson(path: string): void {
  const head = apiPage({
    title: 'Update enormous thing',
    path: '/enormousThings/{id}',
    type: 'enormousThing',
    rows: '|value|String collection|Items.|\n',
    requestBody: '{ "value": ["a"] }',
    responseBody: 'BODY',
  });
  const chunk = `${'"0123456789abcdef0123456789abcdef0123456789abcdef",'.repeat(20_000)}\n`;
  const parts = head.split('BODY');
  const body = [parts[0] ?? '', '{ "value": [\n'];
  while (body.reduce((n, s) => n + s.length, 0) < 50 * 1024 * 1024) body.push(chunk);
  body.push('"end"] }', parts[1] ?? '');
  writeFileSync(path, body.join(''));
}

/**
 * Lines built against the patterns that read doc text: long runs of what a pattern's quantifiers trade between them,
 * then a character that makes the match fail, so that a backtracking pattern tries every split.
 */
function backtracking(): string {
  const n = 20_000;
  const spaces = ' '.repeat(n);
  return `${FRONT('Backtracking')}# Backtracking${spaces}(x

Namespace: microsoft.graph

## HTTP request${spaces}(${spaces}x

<!-- { "blockType": "ignored" } -->
\`\`\` http
GET${spaces}/a${spaces}x${spaces}
GET /a/{${spaces}|${spaces}x
GET /a/b(${'{x'.repeat(n / 2)}
GET /a${'/'.repeat(n)}x
\`\`\`

## Request headers

|Name|Description|
|:---|:---|
|A${spaces}${':'.repeat(n)}x|Bearer. Required.|

## Request body

|Property|Type|Description|
|:---|:---|:---|
|**${'*'.repeat(n)}x${spaces}(${'('.repeat(n)}|${'['.repeat(n)}x${spaces}, max${spaces}(${'('.repeat(n)}|A row.|
|b|String, maximum length${spaces}x|A row.|

### ${'x'.repeat(10)}${spaces}values${spaces}x

|Member|Value|
|:---|:---|
|${'*'.repeat(n)}x|1|

## Example

<!-- { "blockType": "request", "name": "backtracking" } -->
\`\`\` http
PATCH${spaces}https://graph.microsoft.com/v1.0/a${spaces}HTTP/1.1${spaces}x
Content-Type: application/json

{ "a": "${'\\\\'.repeat(n)}", ${'"k":'.repeat(n / 10)} }
\`\`\`
`;
}

/** What an attacker writes in pages that include files. */
const INCLUDE_PAGES: Readonly<Record<string, string>> = {
  'include-loop.md': '[!INCLUDE [a](../../includes/loop-a.md)]\n\n[!INCLUDE [me](include-loop.md)]\n',
  'include-bomb.md': '[!INCLUDE [bomb](../../includes/bomb-0.md)]\n',
  'include-traversal.md':
    '[!INCLUDE [passwd](../../../../../../../../etc/passwd)]\n\n[!INCLUDE [outside](../../outside/secret.md)]\n',
  'include-absolute.md': '[!INCLUDE [passwd](/etc/passwd)]\n\n[!INCLUDE [environ](/proc/self/environ)]\n',
  'include-symlink.md':
    '[!INCLUDE [link](../../includes/link-out.md)]\n\n[!INCLUDE [dir](../../includes/dir-out/secret.md)]\n',
  // Issue 22: a fence opened by one include and closed by another, with /etc/passwd between them: a request body.
  'include-fence.md':
    '<!-- { "blockType": "request", "name": "fence_through_includes" } -->\n[!INCLUDE [open](../../includes/fence-open.md)]\n[!INCLUDE [passwd](../../../../../../../../etc/passwd)]\n[!INCLUDE [environ](/proc/self/environ)]\n[!INCLUDE [close](../../includes/fence-close.md)]\n',
};

/** Writes the folder under `root` (which must exist and be empty). */
export function writeHostileDocs(root: string): HostileDocs {
  const docs = join(root, 'docs');
  const hostile = join(docs, 'hostile');
  const includes = join(root, 'includes');
  const outside = join(root, 'outside');
  for (const dir of [hostile, includes, outside]) mkdirSync(dir, { recursive: true });
  copyFileSync(SEED, join(docs, 'update-photos.md'));
  writeFileSync(join(outside, 'secret.md'), `# Outside\n\n${OUTSIDE_CANARY}\n`);

  const pages: Record<string, string> = {
    'huge-table.md': hugeTable(),
    'huge-resource.md': hugeResource(),
    'proto-names.md': apiPage({
      title: 'Update constructor',
      path: '/constructors/{id}',
      type: 'constructor',
      rows: protoRows(),
      requestBody: protoBody(),
      responseBody: protoBody(),
    }),
    'constructor.md': protoResource(),
    'proto-enums.md': protoEnum(),
    'deep-json.md': deepJson(),
    'big-json.md': bigJson(),
    'backtracking.md': backtracking(),
    // A billion laughs: each alias level multiplies the last by ten.
    'front-matter-aliases.md': `---\na: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n---\n\n# Front matter aliases\n`,
    'front-matter-deep.md': `---\ndeep: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n---\n\n# Front matter deep\n\n${'>'.repeat(10_000)} a deep quote\n\n${'- '.repeat(10_000)}a deep list\n`,
  };
  for (const [name, text] of Object.entries(INCLUDE_PAGES)) pages[name] = `${FRONT(name)}# ${name}\n\n${text}`;
  for (const [name, text] of Object.entries(pages)) writeFileSync(join(hostile, name), text);
  hugeJson(join(hostile, 'huge-json.md'));

  writeFileSync(join(includes, 'loop-a.md'), '[!INCLUDE [b](loop-b.md)]\n');
  writeFileSync(join(includes, 'loop-b.md'), '[!INCLUDE [a](loop-a.md)]\n');
  // Ten includes of the next level, eight levels deep: 10^8 copies of the last one if nothing stops it.
  for (let level = 0; level < 8; level++)
    writeFileSync(
      join(includes, `bomb-${level.toString()}.md`),
      `[!INCLUDE [x](bomb-${(level + 1).toString()}.md)]\n`.repeat(10),
    );
  writeFileSync(join(includes, 'bomb-8.md'), `${'boom '.repeat(200)}\n`);
  writeFileSync(
    join(includes, 'fence-open.md'),
    '``` http\nPATCH https://graph.microsoft.com/beta/me/photos\nContent-Type: text/plain\n',
  );
  writeFileSync(join(includes, 'fence-close.md'), '```\n');
  symlinkSync(join(outside, 'secret.md'), join(includes, 'link-out.md'));
  symlinkSync(outside, join(includes, 'dir-out'));
  symlinkSync(join(outside, 'secret.md'), join(hostile, 'symlinked-page.md'));
  symlinkSync(outside, join(hostile, 'symlinked-folder'));
  symlinkSync('/etc/passwd', join(hostile, 'passwd.md'));

  const all = [...Object.keys(pages), 'huge-json.md', 'symlinked-page.md', 'symlinked-folder', 'passwd.md'];
  return { docs, includes, outside, pages: all.map((name) => `hostile/${name}`).sort() };
}

// `node --import tsx tests/hostile/hostile-docs.ts <empty folder>` writes the folder, to run the commands by hand.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2];
  if (root === undefined) {
    console.error('usage: node --import tsx tests/hostile/hostile-docs.ts <empty folder>');
    process.exit(2);
  }
  const written = writeHostileDocs(root);
  console.log(
    `${written.docs}: the seed page and ${written.pages.length.toString()} hostile pages; include root ${written.includes}`,
  );
}
