/**
 * The commit the reviewer report names for the docs ("docs … at <commit>"): the docs' own, not the HEAD of whatever
 * repository encloses them. A throwaway git repository here holds a docs folder and a later commit elsewhere.
 *
 * Run: node --import tsx --test tests/unit/report-docs-commit.test.ts
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readReportSettings } from '../../src/settings/report-settings.ts';
import { readSettings } from '../../src/settings/settings.ts';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-C', cwd, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() },
  }).trim();
}

test('the last commit that changed the docs, not the enclosing HEAD; none once they are edited', () => {
  const repo = mkdtempSync(join(tmpdir(), 'gdc-docs-repo-'));
  git(repo, 'init', '-q');
  mkdirSync(join(repo, 'docs'));
  writeFileSync(join(repo, 'docs', 'page.md'), '# a page\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'docs');
  const docsCommit = git(repo, 'rev-parse', 'HEAD');
  writeFileSync(join(repo, 'code.ts'), 'export {};\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'code');
  assert.notEqual(git(repo, 'rev-parse', 'HEAD'), docsCommit);

  const docs = join(repo, 'docs');
  assert.equal(readReportSettings(readSettings({ DOCS: docs }), repo).commit, docsCommit);
  assert.equal(readReportSettings(readSettings({ DOCS: docs, DOCS_COMMIT: 'given' }), repo).commit, 'given');

  writeFileSync(join(docs, 'page.md'), '# a page, edited\n');
  assert.equal(
    readReportSettings(readSettings({ DOCS: docs }), repo).commit,
    undefined,
    'no commit holds the docs as read',
  );
});
