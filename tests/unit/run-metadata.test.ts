/**
 * The service metadata a run's probes use (src/run/run-metadata.ts): the target's `/{version}/$metadata` by default,
 * asked once through the run's client (its origin, its token); METADATA's documents instead; `none` for neither. A
 * document that cannot be had is one warning, never a stop. Then the DocSet built with those files.
 *
 * Run: node --import tsx --test tests/unit/run-metadata.test.ts
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fixedTokens } from '../../src/run/auth/token-source.ts';
import { UNLIMITED } from '../../src/run/request-budget.ts';
import { chooseRunMetadata, graphVersionsOf, readRunMetadata } from '../../src/run/run-metadata.ts';
import { TargetClient } from '../../src/run/target-client.ts';
import { buildDocSet, type DocSetInput } from '../../src/docset/docset.ts';
import { cacheDir } from '../../src/core/cache.ts';
import { listenOnLoopback } from '../integration/loopback-server.ts';
import http from 'node:http';
import { GADGET_CSDL, gadgetPage, gadgetPageText } from './support/gadget.ts';

const TOKEN = 'run-metadata-test-token';
const scratch = mkdtempSync(join(tmpdir(), 'run-metadata-'));
after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

interface Seen {
  readonly path: string;
  readonly authorization: string | undefined;
}

/** Serves GADGET_CSDL at /v1.0/$metadata, 404 elsewhere; records what it was asked. */
async function target(): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = await listenOnLoopback(
    http.createServer((request, response) => {
      seen.push({ path: request.url ?? '', authorization: request.headers.authorization });
      if (request.url === '/v1.0/$metadata') {
        response.writeHead(200, { 'content-type': 'application/xml' });
        response.end(GADGET_CSDL);
      } else {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end('{"error":{"code":"NotFound","message":"no"}}');
      }
    }),
  );
  return { url: server.url, seen, close: () => server.close() };
}

function clientOf(url: string): TargetClient {
  return new TargetClient(url, fixedTokens(TOKEN), { maxRetries: 0, maxWaitSeconds: 0 }, UNLIMITED);
}

function runDir(): string {
  return mkdtempSync(join(scratch, 'run-'));
}

describe("the run's metadata", () => {
  test("unset: the target's /$metadata of each version, once, with the run's token; a 404 is one warning", async () => {
    const t = await target();
    try {
      const dir = runDir();
      const chosen = await chooseRunMetadata({
        metadata: [],
        versions: ['beta', 'v1.0'],
        client: clientOf(t.url),
        runDir: dir,
        cache: false,
      });
      assert.deepEqual(
        t.seen.map((s) => s.path),
        ['/beta/$metadata', '/v1.0/$metadata'],
      );
      assert.ok(t.seen.every((s) => s.authorization === `Bearer ${TOKEN}`));
      assert.equal(chosen.files.length, 1);
      assert.equal(chosen.files[0]?.version, 'v1.0');
      assert.deepEqual(chosen.sources, [`${t.url}/v1.0/$metadata`]);
      assert.equal(chosen.warnings.length, 1);
      assert.match(
        chosen.warnings[0] ?? '',
        /\/beta\/\$metadata: answered 404; the probes use the pages alone for beta/,
      );
      assert.deepEqual(readRunMetadata(dir), chosen.files, 'named in the run folder for the workers');
    } finally {
      await t.close();
    }
  });

  test('with the cache on, the same document is the same file in every run: the DocSet built from it is found again', async () => {
    const t = await target();
    const cwd = mkdtempSync(join(scratch, 'project-'));
    mkdirSync(join(cwd, 'node_modules')); // the cache lives under the project's node_modules
    try {
      const choose = (): ReturnType<typeof chooseRunMetadata> =>
        chooseRunMetadata({ metadata: [], versions: ['v1.0'], client: clientOf(t.url), runDir: runDir(), cwd });
      const [first, second] = [await choose(), await choose()];
      assert.equal(first.files.length, 1);
      assert.deepEqual(second.files, first.files);
      assert.ok(first.files[0]?.file.startsWith(join(cwd, 'node_modules', '.cache')), first.files[0]?.file);
    } finally {
      await t.close();
    }
  });

  test("a tenant's changing metadata: the cache keeps the documents of the last two runs, and their readings", async () => {
    // A target whose metadata changes every run, as a tenant's does when the service changes.
    let run = 0;
    const server = await listenOnLoopback(
      http.createServer((request, response) => {
        response.writeHead(200, { 'content-type': 'application/xml' });
        response.end(`${GADGET_CSDL}\n<!-- run ${String(run)} -->\n`);
      }),
    );
    const cwd = mkdtempSync(join(scratch, 'project-'));
    mkdirSync(join(cwd, 'node_modules'));
    const kept = (): string[] => readdirSync(join(cacheDir(cwd), 'run-metadata')).sort();
    const readings = (): string[] =>
      readdirSync(cacheDir(cwd)).filter((name) => name.startsWith('metadata-') && name.endsWith('.bin'));
    try {
      const files: string[] = [];
      for (run = 1; run <= 4; run++) {
        const chosen = await chooseRunMetadata({
          metadata: [],
          versions: ['v1.0'],
          client: clientOf(server.url),
          runDir: runDir(),
          cwd,
        });
        files.push(chosen.files[0]?.file ?? '');
        assert.ok(existsSync(files.at(-1) ?? ''), 'the document of this run is there for its workers');
      }
      assert.equal(new Set(files).size, 4, 'each run its own document');
      assert.deepEqual(
        kept(),
        files
          .slice(-2)
          .map((file) => basename(file))
          .sort(),
        'the last two runs',
      );
      assert.equal(readings().length, 2, readings().join(', '));
    } finally {
      await server.close();
    }
  });

  test('each run reads the document under one name, whatever port the target listens on: one cached reading', async () => {
    const [a, b] = [await target(), await target()];
    const cwd = mkdtempSync(join(scratch, 'project-'));
    mkdirSync(join(cwd, 'node_modules'));
    const readings = (): string[] =>
      readdirSync(cacheDir(cwd)).filter((name) => name.startsWith('metadata-') && name.endsWith('.bin'));
    try {
      const choose = (url: string): ReturnType<typeof chooseRunMetadata> =>
        chooseRunMetadata({ metadata: [], versions: ['v1.0'], client: clientOf(url), runDir: runDir(), cwd });
      const first = await choose(a.url);
      const second = await choose(b.url);
      assert.notEqual(a.url, b.url);
      assert.deepEqual(second.files, first.files);
      assert.deepEqual(second.sources, [`${b.url}/v1.0/$metadata`], 'the run names where it came from');
      assert.equal(readings().length, 1, readings().join(', '));
      // The DocSet reads the same file by the same name: the reading the runner cached.
      const docs = join(cwd, 'docs');
      mkdirSync(docs);
      writeFileSync(join(docs, 'update-gadget.md'), gadgetPageText('update'));
      const built = buildDocSet(
        { roots: [docs], placeholders: { kind: 'all-filled' }, metadata: first.files },
        { cwd },
      );
      assert.ok(built.metadataStatements !== undefined);
      assert.equal(readings().length, 1, readings().join(', '));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('a document the target serves that cannot be read is named by its URL and by the copy kept of it', async () => {
    const server = await listenOnLoopback(
      http.createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/xml' });
        response.end('<edmx:Edmx><unclosed');
      }),
    );
    try {
      const chosen = await chooseRunMetadata({
        metadata: [],
        versions: ['v1.0'],
        client: clientOf(server.url),
        runDir: runDir(),
        cache: false,
      });
      assert.deepEqual(chosen.files, []);
      assert.equal(chosen.warnings.length, 1, chosen.warnings.join('\n'));
      const warning = chosen.warnings[0] ?? '';
      assert.ok(warning.startsWith(`${server.url}/v1.0/$metadata: `), warning);
      assert.match(warning, /metadata-v1\.0\.xml:\d+: .*the run goes on without it$/);
    } finally {
      await server.close();
    }
  });

  test('a target that does not answer is a warning, not a stop', async () => {
    const t = await target();
    await t.close();
    const chosen = await chooseRunMetadata({
      metadata: [],
      versions: ['v1.0'],
      client: clientOf(t.url),
      runDir: runDir(),
      cache: false,
      timeoutMs: 2_000,
    });
    assert.deepEqual(chosen.files, []);
    assert.equal(chosen.warnings.length, 1);
    assert.match(chosen.warnings[0] ?? '', /\/v1\.0\/\$metadata: no metadata \(/);
    assert.ok(!chosen.warnings[0]?.includes(TOKEN));
  });

  test('METADATA names the documents instead (nothing is asked of the target); none turns it off', async () => {
    const t = await target();
    try {
      const file = join(scratch, 'gadget_v1.0_metadata.xml');
      writeFileSync(file, GADGET_CSDL);
      const broken = join(scratch, 'broken_v1.0_metadata.xml');
      writeFileSync(broken, '<edmx:Edmx><unclosed');
      const named = await chooseRunMetadata({
        metadata: [file, broken, join(scratch, 'missing.xml')],
        versions: ['v1.0'],
        client: clientOf(t.url),
        runDir: runDir(),
        cache: false,
      });
      assert.deepEqual(
        named.files.map((f) => [f.file, f.version]),
        [[file, 'v1.0']],
      );
      assert.equal(named.warnings.length, 2, named.warnings.join('\n'));
      assert.match(named.warnings.join('\n'), /broken_v1\.0_metadata\.xml:\d+: .*the run goes on without it/);
      assert.match(named.warnings.join('\n'), /METADATA: .*missing\.xml: cannot read it \(no such file\)/);
      const none = await chooseRunMetadata({
        metadata: ['none'],
        versions: ['v1.0'],
        client: clientOf(t.url),
        runDir: runDir(),
        cache: false,
      });
      assert.deepEqual(none, { files: [], sources: [], warnings: [] });
      assert.deepEqual(t.seen, [], 'the target was asked nothing');
    } finally {
      await t.close();
    }
  });

  test('the versions asked for are those the pages use, v1.0 when none says', () => {
    assert.deepEqual(graphVersionsOf([gadgetPage('update')]), ['v1.0']);
    assert.deepEqual(graphVersionsOf([]), ['v1.0']);
  });
});

describe('a DocSet built with metadata files', () => {
  const docs = join(scratch, 'docs');
  mkdirSync(docs, { recursive: true });
  writeFileSync(join(docs, 'update-gadget.md'), gadgetPageText('update'));
  const csdl = join(scratch, 'docset_v1.0_metadata.xml');
  writeFileSync(csdl, GADGET_CSDL);
  const input: DocSetInput = {
    roots: [docs],
    placeholders: {
      kind: 'values',
      layers: [{ values: { gadgetId: 'g1' }, origin: { kind: 'setting' } }],
      embeddedTenant: false,
    },
  };
  const replayOf = (set: ReturnType<typeof buildDocSet>) => {
    const replay = set.probes.find((p) => p.title.endsWith('generated valid bodies are accepted and come back'));
    assert.ok(replay?.runnable && replay.check.type === 'replay', set.probes.map((p) => p.title).join('\n'));
    return replay.check;
  };

  test("holds the metadata's statements, and its probes follow them", () => {
    const plain = buildDocSet(input, { cache: false });
    const withMetadata = buildDocSet(
      { ...input, metadata: [{ file: csdl, version: 'v1.0', digest: 'd' }] },
      { cache: false },
    );
    assert.equal(plain.metadataStatements, undefined);
    assert.ok(Object.keys(withMetadata.metadataStatements ?? {}).length >= 6);
    assert.ok(replayOf(plain).properties.some((p) => p.name === 'createdDateTime'));
    assert.ok(!replayOf(withMetadata).properties.some((p) => p.name === 'createdDateTime'));
  });
});
