/**
 * A placeholder in a request body's Graph URL is filled as a path's is, and the embedded mock takes the request:
 * group-post-members' `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}` runs, its probes
 * with it; the example that adds three members all named `{id}` is skipped, saying why.
 *
 * Run: node --import tsx --test tests/integration/body-placeholders.test.ts
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { readResults } from '../../src/report/read-results.ts';
import type { RunResults } from '../../src/report/results-model.ts';
import { runPlaywright, type PlaywrightRun } from './run-playwright.ts';
import { attachmentsOf, summary } from './tenant-artefacts.ts';

const API = 'fixtures/local-graph/api-reference/v1.0/api';
const DOCS = [`${API}/group-post-members.md`, `${API}/group-get.md`];

describe('body placeholders against the embedded mock', () => {
  let run: PlaywrightRun;
  let results: RunResults;
  before(async () => {
    run = await runPlaywright({ ENV_FILE: '/dev/null', DOCS: DOCS.join(','), PROBE_SEED: '4' });
    results = readResults(join(run.dir, 'reports', 'results.json'));
  });

  test('the example whose body names its member by {id} runs and passes, with its probes', () => {
    const mine = results.tests.filter((t) => t.title.startsWith('group-post-members.md › add_member_to_group'));
    const example = mine.find((t) => t.title === 'group-post-members.md › add_member_to_group');
    assert.equal(example?.verdict, 'passed', `${JSON.stringify(example)}\n${summary(run)}`);
    const probes = mine.filter((t) => t.tags.includes('@probe'));
    assert.ok(probes.length > 0, summary(run));
    assert.ok(
      probes.every((t) => t.verdict !== 'skipped' || t.skip?.rule !== 'placeholder-unfilled'),
      JSON.stringify(probes.map((t) => [t.title, t.verdict, t.skip])),
    );
  });

  test('the body sent names a directory object, not the placeholder', () => {
    const sent = attachmentsOf(run).filter((a) => a.test.endsWith('add_member_to_group') && a.name === 'sent request');
    assert.equal(sent.length, 1, JSON.stringify(sent.map((a) => a.test)));
    // The attachment holds the request as JSON, the body a string in it.
    assert.match(
      sent[0]?.text ?? '',
      /@odata\.id.{1,8}https:\/\/graph\.microsoft\.com\/v1\.0\/directoryObjects\/[0-9a-f]{8}-[0-9a-f-]{27}/,
    );
    assert.doesNotMatch(sent[0]?.text ?? '', /\{id\}/);
  });

  test('three members all named {id} are skipped, saying one value cannot stand for each', () => {
    const several = results.tests.find((t) => t.title === 'group-post-members.md › add_multiple_members_to_group');
    assert.equal(several?.verdict, 'skipped', JSON.stringify(several));
    assert.equal(several.skip?.rule, 'placeholder-unfilled');
    assert.match(several.skip.reason, /names 3 Graph resources only as \{id\}: one value cannot stand for each/);
  });

  test('the harness agrees with itself: no target or harness cause', () => {
    assert.equal(results.counts.byCause.target, 0, summary(run));
    assert.equal(results.counts.byCause.harness, 0, summary(run));
  });
});
