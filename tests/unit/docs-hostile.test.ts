/**
 * Hostile pages, read on their own: every limit of src/docs/limits.ts is a located `limit-exceeded` finding (never a
 * stack overflow), includes and symlinks never lead outside the docs folder, and what was refused is never read.
 * The full hostile folder (tests/hostile) is run by lint, schemas and Playwright in tests/integration/hostile-pages.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandSource } from '../../src/docs/expand-source.ts';
import { readJson } from '../../src/docs/lenient-json.ts';
import { LIMITS } from '../../src/docs/limits.ts';
import { loadDocs } from '../../src/docs/load-docs.ts';
import type { Page } from '../../src/docs/model.ts';
import { parsePage } from '../../src/docs/parse-page.ts';
import type { Finding } from '../../src/core/finding.ts';

const CANARY = 'CANARY-NEVER-READ-7c2f';

function ruled(findings: readonly Finding[], rule: Finding['rule']): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

/** A folder of its own: `<dir>/docs` (the docs folder), `<dir>/shared`, and `<dir>/outside` holding the canary. */
function withFolder(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'gdc-hostile-'));
  try {
    for (const sub of ['docs', 'shared', 'outside']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, 'outside', 'secret.md'), `${CANARY}\n`);
    writeFileSync(join(dir, 'outside', 'secret.txt'), `${CANARY}\n`);
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function apiPage(body: string): string {
  return `# Update thing\n\n## HTTP request\n\n\`\`\`http\nPATCH /things/{id}\n\`\`\`\n\n${body}`;
}

describe('limits', () => {
  test('a table past the row limit is read up to it; the rows after are a finding at the first of them', () => {
    const rows = Array.from({ length: LIMITS.tableRows + 5 }, (_, i) => `|p${i.toString()}|Int32|x|`);
    const text = apiPage(`## Request body\n\n|Property|Type|Description|\n|:--|:--|:--|\n${rows.join('\n')}\n`);
    const page = parsePage('t.md', text);
    assert.equal(page.requestBody?.properties.length, LIMITS.tableRows);
    const [limit] = ruled(page.findings, 'limit-exceeded');
    const firstDropped = text.split('\n').indexOf(`|p${LIMITS.tableRows.toString()}|Int32|x|`) + 1;
    assert.deepEqual(limit?.location, { file: 't.md', line: firstDropped });
    assert.match(limit.message, /the table has 1005 rows, over the limit of 1000/);
  });

  test('JSON nested deeper than the limit, or larger than it, is a finding and stays text; at the limit it is read', () => {
    const nested = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    assert.ok(readJson(nested(LIMITS.jsonDepth)).ok);
    const deep = readJson(nested(10_000));
    assert.ok(!deep.ok && deep.overLimit === true, 'ten thousand levels are refused, not overflowed');
    const big = readJson(`["${'x'.repeat(LIMITS.jsonBytes)}"]`);
    assert.ok(!big.ok && big.overLimit === true);

    const request = `<!-- { "blockType": "request", "name": "deep" } -->\n\`\`\`http\nPATCH https://graph.microsoft.com/v1.0/things/1\nContent-Type: application/json\n\n${nested(10_000)}\n\`\`\`\n`;
    const page = parsePage('d.md', apiPage(request));
    assert.equal(page.examples[0]?.request.body.kind, 'text');
    assert.match(ruled(page.findings, 'limit-exceeded')[0]?.message ?? '', /nests arrays and objects deeper than 100/);
  });

  test('a deep JSON annotation is a finding, not a crash', () => {
    const page = parsePage(
      'a.md',
      `<!-- { "blockType": "example", "x": ${'['.repeat(5_000)}${']'.repeat(5_000)} } -->\n`,
    );
    assert.equal(ruled(page.findings, 'limit-exceeded').length, 1);
  });

  test('a page over the size limit is not read; front matter over its limit, or built to exhaust YAML, is not parsed', () => {
    const large = parsePage('big.md', `# Big\n\n${'x'.repeat(LIMITS.pageBytes)}\n`);
    assert.deepEqual(
      large.findings.map((f) => [f.rule, f.location.line]),
      [['limit-exceeded', 1]],
    );
    const front = (yaml: string): Page => parsePage('f.md', `---\n${yaml}\n---\n# F\n`);
    const aliases = front(
      'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    );
    assert.match(ruled(aliases.findings, 'limit-exceeded')[0]?.message ?? '', /expands aliases/);
    const deep = front(`deep: ${'['.repeat(5_000)}${']'.repeat(5_000)}`);
    assert.match(ruled(deep.findings, 'limit-exceeded')[0]?.message ?? '', /nests too deeply/);
    const longYaml = front(`x: "${'y'.repeat(LIMITS.frontMatterBytes)}"`);
    assert.deepEqual(longYaml.frontMatter, {});
    assert.equal(ruled(longYaml.findings, 'limit-exceeded').length, 1);
  });

  test('an include bomb stops at the include limit, said once on the page; nesting stops at the depth limit', () => {
    const files = new Map<string, string>();
    for (let level = 0; level < 12; level++)
      files.set(`inc/b${level.toString()}.md`, `[!INCLUDE [x](b${(level + 1).toString()}.md)]\n`.repeat(10));
    files.set('inc/b12.md', 'boom\n');
    const asked: string[] = [];
    const read = (path: string): string | undefined => {
      asked.push(path);
      return files.get(path);
    };
    const out = expandSource('page.md', '# P\n[!INCLUDE [bomb](inc/b0.md)]\n', read);
    assert.ok(asked.length <= LIMITS.includesPerPage, `${asked.length.toString()} files read`);
    const limits = out.problems.filter((p) => p.rule === 'limit-exceeded');
    assert.equal(limits.length, 2, 'one for the depth, one for the count');
    assert.ok(
      limits.some(
        (p) => p.location.file === 'page.md' && p.location.line === 2 && /more than 64 files/.test(p.message),
      ),
    );
    assert.ok(limits.some((p) => /nest deeper than 8 levels/.test(p.message)));
  });

  test('findings past the per-page limit are counted in one more finding; TODOs are found in linear passes', () => {
    const page = parsePage('todo.md', `# T\n\n${'TODO x\n'.repeat(3_000)}`);
    assert.equal(page.findings.length, LIMITS.findingsPerPage + 1);
    assert.match(page.findings.at(-1)?.message ?? '', /the 2000 after the first 1000 are not listed/);
  });

  test('a page cannot suppress what the harness refused to read', () => {
    const text = `<!-- { "type": "#page.annotation", "suppressions": ["outside-docs", "limit-exceeded"] } -->\n[!INCLUDE [x](/etc/passwd)]\n`;
    const page = parsePage('s.md', text, { readInclude: () => undefined });
    assert.deepEqual(
      page.findings.map((f) => f.rule),
      ['outside-docs'],
    );
  });
});

describe('includes and symlinks stay inside the docs folder', () => {
  test('../ out of the folder, absolute paths, /proc/self/environ, non-markdown files and symlinks out are findings and never read', () => {
    withFolder((dir) => {
      symlinkSync(join(dir, 'outside', 'secret.md'), join(dir, 'docs', 'link.md.inc.md'));
      symlinkSync(join(dir, 'outside'), join(dir, 'docs', 'folder-link'));
      writeFileSync(
        join(dir, 'docs', 'page.md'),
        [
          '# Page',
          '[!INCLUDE [up](../outside/secret.md)]',
          '[!INCLUDE [passwd](../../../../../../../../etc/passwd)]',
          '[!INCLUDE [abs](/etc/passwd)]',
          '[!INCLUDE [environ](/proc/self/environ)]',
          '[!INCLUDE [txt](../outside/secret.txt)]',
          '[!INCLUDE [link](link.md.inc.md)]',
          '[!INCLUDE [dir](folder-link/secret.md)]',
          '',
        ].join('\n'),
      );
      const docs = loadDocs(['docs'], dir, { cache: false });
      const page = docs.pages.find((p) => p.file === 'docs/page.md');
      assert.ok(page);
      assert.deepEqual(
        ruled(page.findings, 'outside-docs').map((f) => f.location.line),
        [2, 3, 4, 5, 6, 7, 8],
      );
      assert.deepEqual(page.includes, []);
      const everything = JSON.stringify(docs);
      assert.ok(!everything.includes(CANARY), 'the canary was read');
      assert.ok(!everything.includes('root:x:0'), '/etc/passwd was read');
      // The symlinks themselves, found while walking the folder, are findings on them.
      assert.deepEqual(docs.findings.map((f) => [f.rule, f.location.file]).sort(), [
        ['outside-docs', 'docs/folder-link'],
        ['outside-docs', 'docs/link.md.inc.md'],
      ]);
    });
  });

  test('a declared include root is read; a symlink inside it that leads out is not', () => {
    withFolder((dir) => {
      writeFileSync(join(dir, 'shared', 'note.md'), 'Shared note\n');
      symlinkSync(join(dir, 'outside', 'secret.md'), join(dir, 'shared', 'out.md'));
      writeFileSync(
        join(dir, 'docs', 'p.md'),
        '# P\n\n[!INCLUDE [n](../shared/note.md)]\n\n[!INCLUDE [o](../shared/out.md)]\n',
      );
      const without = loadDocs(['docs'], dir, { cache: false }).pages[0];
      assert.deepEqual(
        ruled(without?.findings ?? [], 'outside-docs').map((f) => f.location.line),
        [3, 5],
      );
      assert.match(ruled(without?.findings ?? [], 'outside-docs')[0]?.message ?? '', /INCLUDE_ROOTS or --include-root/);
      const docs = loadDocs(['docs'], dir, { cache: false, includeRoots: ['shared'] });
      const page = docs.pages[0];
      assert.deepEqual(page?.includes, ['shared/note.md']);
      assert.deepEqual(
        ruled(page.findings, 'outside-docs').map((f) => f.location.line),
        [5],
      );
      assert.ok(!JSON.stringify(docs).includes(CANARY));
    });
  });

  test("the docs layout's shared includes/ folder is read without a setting, never one above the repository", () => {
    withFolder((dir) => {
      const api = join(dir, 'repo', 'api-reference', 'v1.0', 'api');
      mkdirSync(api, { recursive: true });
      mkdirSync(join(dir, 'repo', '.git'));
      mkdirSync(join(dir, 'repo', 'api-reference', 'includes'));
      mkdirSync(join(dir, 'includes'));
      writeFileSync(join(dir, 'repo', 'api-reference', 'includes', 'note.md'), 'Shared note\n');
      writeFileSync(join(dir, 'includes', 'above.md'), `${CANARY}\n`);
      writeFileSync(
        join(api, 'p.md'),
        '# P\n\n[!INCLUDE [n](../../includes/note.md)]\n\n[!INCLUDE [a](../../../../includes/above.md)]\n',
      );
      const docs = loadDocs(['repo/api-reference/v1.0/api'], dir, { cache: false });
      const page = docs.pages[0];
      assert.deepEqual(page?.includes, ['repo/api-reference/includes/note.md']);
      assert.deepEqual(
        ruled(page.findings, 'outside-docs').map((f) => f.location.line),
        [5],
      );
      assert.ok(!JSON.stringify(docs).includes(CANARY));
    });
  });

  test('a page named on the command line that is a symlink out of its folder is not read', () => {
    withFolder((dir) => {
      symlinkSync(join(dir, 'outside', 'secret.md'), join(dir, 'docs', 'named.md'));
      const docs = loadDocs(['docs/named.md'], dir, { cache: false });
      assert.deepEqual(docs.pages, []);
      assert.deepEqual(
        docs.findings.map((f) => f.rule),
        ['outside-docs'],
      );
    });
  });

  test('a page file at the size limit is read; one over it is a finding with its size, read no further than the limit', () => {
    withFolder((dir) => {
      const page = (bytes: number): string => `# Page\n\n${'x'.repeat(bytes - 9)}\n`;
      writeFileSync(join(dir, 'docs', 'at.md'), page(LIMITS.pageBytes));
      writeFileSync(join(dir, 'docs', 'over.md'), page(LIMITS.pageBytes + 1));
      writeFileSync(join(dir, 'docs', 'far.md'), page(3 * LIMITS.pageBytes));
      const docs = loadDocs(['docs'], dir, { cache: false });
      assert.deepEqual(
        docs.pages.map((p) => [p.file, p.title]),
        [['docs/at.md', 'Page']],
      );
      assert.deepEqual(
        docs.findings.map((f) => [f.location.file, f.rule, f.message]),
        [
          ['docs/far.md', 'limit-exceeded', 'the page is 3 MiB, over the limit of 1 MiB: it is not read'],
          ['docs/over.md', 'limit-exceeded', 'the page is 1.0 MiB, over the limit of 1 MiB: it is not read'],
        ],
      );
    });
  });

  test('include loops are findings where they close', () => {
    withFolder((dir) => {
      writeFileSync(join(dir, 'docs', 'a.md'), '[!INCLUDE [b](b.md)]\n');
      writeFileSync(join(dir, 'docs', 'b.md'), '[!INCLUDE [a](a.md)]\n');
      const page = loadDocs(['docs/a.md'], dir, { cache: false }).pages[0];
      assert.deepEqual(
        page?.findings.map((f) => [f.rule, f.location.file]),
        [['include-cycle', 'docs/b.md']],
      );
    });
  });
});

describe('names from pages are data', () => {
  test('rows named like members of Object.prototype are ordinary rows', () => {
    const names = ['\\_\\_proto\\_\\_', 'constructor', 'toString', 'hasOwnProperty'];
    const rows = names.map((n) => `|${n}|String|x|`).join('\n');
    const page = parsePage('n.md', apiPage(`## Request body\n\n|Property|Type|Description|\n|:--|:--|:--|\n${rows}\n`));
    assert.deepEqual(
      page.requestBody?.properties.map((p) => p.name),
      ['__proto__', 'constructor', 'toString', 'hasOwnProperty'],
    );
  });
});
