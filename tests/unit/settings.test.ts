/**
 * The settings module: every setting declared once (src/settings/declarations.ts), validated with zod, read once per
 * process; look-alike names warned about; the README table and .env.example generated from the declarations; and
 * `process.env` read nowhere else in src/.
 *
 * Run: node --import tsx --test tests/unit/settings.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { readEnvironment } from '../../src/settings/environment.ts';
import { commandsUsage, readCommandOptions } from '../../src/settings/command-options.ts';
import { envExample, withSettingsTable } from '../../src/settings/reference.ts';
import { rulesReference } from '../../src/core/rules-reference.ts';
import {
  lookalike,
  readSettings,
  resetSettings,
  secretValues,
  settings,
  SettingsError,
} from '../../src/settings/settings.ts';
import { ROOT } from './support/seed.ts';

describe('readSettings', () => {
  test('defaults', () => {
    assert.deepEqual(readSettings({}), {
      azureAuthorityHost: 'https://login.microsoftonline.com',
      allowWrites: false,
      strictness: 'standard',
      probeRuns: 10,
      failOnDoc: false,
      docs: ['fixtures/docs'],
      metadata: [],
      pageCache: true,
      params: {},
      tenantFile: 'fixtures/tenant.json',
      maxRetries: 5,
      maxRetryAfterSeconds: 30,
      requestsPerSecond: 10,
      maxConcurrency: 4,
      reportsDir: 'reports',
      playwrightJson: false,
      htmlReportDir: 'playwright-report',
      includeRoots: [],
      testResultsDir: 'test-results',
      workers: 2,
      envFile: '.env',
      credentials: { kind: 'none' },
    });
  });

  test('blank values count as unset', () => {
    const settings = readSettings({
      TARGET_URL: ' ',
      GRAPH_TOKEN: '',
      MOCK_PORT: '  ',
      TENANT_FILE: ' ',
      REPORTS_DIR: '',
    });
    assert.equal('targetUrl' in settings, false);
    assert.equal('token' in settings, false);
    assert.equal(settings.mockPort, undefined, 'a free port, picked when the run starts its mock');
    assert.equal(settings.tenantFile, 'fixtures/tenant.json');
    assert.equal(settings.reportsDir, 'reports');
  });

  test('values are read and trimmed', () => {
    const settings = readSettings({
      TARGET_URL: ' https://graph.microsoft.com/ ',
      GRAPH_TOKEN: ' tok ',
      DOCS: 'a, b/c ,,d',
      MOCK_PORT: '0',
      TENANT_FILE: ' t.json ',
      RETRY_MAX: '10',
      RETRY_AFTER_MAX_SECONDS: '600',
      REPORTS_DIR: 'r',
      HTML_REPORT_DIR: 'h',
      TEST_RESULTS_DIR: 'x',
    });
    assert.equal(settings.targetUrl, 'https://graph.microsoft.com');
    assert.equal(settings.token, 'tok');
    assert.deepEqual(settings.docs, ['a', 'b/c', 'd']);
    assert.equal(settings.mockPort, 0);
    assert.equal(settings.tenantFile, 't.json');
    assert.equal(settings.maxRetries, 10);
    assert.equal(settings.maxRetryAfterSeconds, 600);
    assert.deepEqual([settings.reportsDir, settings.htmlReportDir, settings.testResultsDir], ['r', 'h', 'x']);
    assert.deepEqual(settings.credentials, { kind: 'token', token: 'tok' });
  });

  test('TARGET_URL is reduced to its origin', () => {
    assert.equal(readSettings({ TARGET_URL: 'http://127.0.0.1:7357' }).targetUrl, 'http://127.0.0.1:7357');
    assert.equal(readSettings({ TARGET_URL: 'HTTPS://Graph.Microsoft.com' }).targetUrl, 'https://graph.microsoft.com');
  });

  test('TARGET_URL with a path is a SettingsError that names the origin to use', () => {
    assert.throws(
      () => readSettings({ TARGET_URL: 'https://graph.microsoft.com/v1.0' }),
      (error: unknown) => {
        assert.ok(error instanceof SettingsError);
        assert.equal(
          error.message,
          'TARGET_URL: give the origin only (https://graph.microsoft.com); the version comes from each documented example',
        );
        return true;
      },
    );
  });

  test('TARGET_URL that is not an http(s) URL is a SettingsError', () => {
    assert.throws(
      () => readSettings({ TARGET_URL: 'graph.microsoft.com' }),
      (error: unknown) =>
        error instanceof SettingsError && /^TARGET_URL: "graph\.microsoft\.com" is not a URL/.test(error.message),
    );
    assert.throws(
      () => readSettings({ TARGET_URL: 'ftp://graph.microsoft.com' }),
      (error: unknown) => error instanceof SettingsError && /not an http\(s\) URL/.test(error.message),
    );
  });

  test('bad integers are SettingsErrors naming the setting, the value and the range', () => {
    const bad: readonly (readonly [string, string, string])[] = [
      ['MOCK_PORT', 'abc', 'MOCK_PORT: "abc" is not a whole number from 0 to 65535'],
      ['MOCK_PORT', '65536', 'MOCK_PORT: "65536" is not a whole number from 0 to 65535'],
      ['MOCK_PORT', '80.5', 'MOCK_PORT: "80.5" is not a whole number from 0 to 65535'],
      ['RETRY_MAX', '-1', 'RETRY_MAX: "-1" is not a whole number from 0 to 10'],
      ['RETRY_MAX', '11', 'RETRY_MAX: "11" is not a whole number from 0 to 10'],
      ['RETRY_AFTER_MAX_SECONDS', '601', 'RETRY_AFTER_MAX_SECONDS: "601" is not a whole number from 0 to 600'],
    ];
    for (const [name, value, message] of bad) {
      assert.throws(
        () => readSettings({ [name]: value }),
        (error: unknown) => error instanceof SettingsError && error.message === message,
        `${name}=${value}`,
      );
    }
  });

  test('PARAM_<name> variables become placeholder values; empty ones are left out', () => {
    const settings = readSettings({
      PARAM_usersId: 'u1',
      'PARAM_event-id': 'e 1',
      PARAM_empty: '',
      PARAMusersId: 'no',
      param_lower: 'no',
      OTHER: 'x',
    });
    assert.deepEqual(settings.params, { usersId: 'u1', 'event-id': 'e 1' });
  });
  test('every bad setting is one line naming it, its value and what it takes', () => {
    assert.throws(
      () => readSettings({ MOCK_PORT: 'x', ALLOW_WRITES: 'yes', STRICTNESS: 'loose' }),
      (error: unknown) =>
        error instanceof SettingsError &&
        error.message ===
          [
            'ALLOW_WRITES: "yes" must be 1 or 0',
            'STRICTNESS: "loose" is not one of lenient, standard, strict',
            'MOCK_PORT: "x" is not a whole number from 0 to 65535',
          ].join('\n'),
    );
  });

  test('the secret settings are handed to the redactor, and no other', () => {
    assert.deepEqual(secretValues(readSettings({ GRAPH_TOKEN: 'tok', DOCS: 'x' })), ['tok']);
    const client = readSettings({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's3cret' });
    assert.deepEqual(secretValues(client), ['s3cret']);
  });
});

describe('names that look like ours', () => {
  test('a misspelt, miscased or mis-prefixed name gets the name it resembles', () => {
    assert.equal(lookalike('TARGET_ULR'), 'TARGET_URL');
    assert.equal(lookalike('target_url'), 'TARGET_URL');
    assert.equal(lookalike('DOCS_COMIT'), 'DOCS_COMMIT');
    assert.equal(lookalike('REPORT_DIR'), 'REPORTS_DIR');
    assert.equal(lookalike('PARAMS_usersId'), 'PARAM_usersId');
  });

  test('our own names, and the usual environment, get no warning', () => {
    for (const name of ['TARGET_URL', 'PARAM_usersId', 'PATH', 'HOME', 'PWD', 'SHELL', 'TERM', 'NODE_OPTIONS', 'LANG'])
      assert.equal(lookalike(name), undefined, name);
  });

  const dir = mkdtempSync(join(tmpdir(), 'gdc-settings-'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('the settings file is read under the environment, and its look-alikes are located', () => {
    writeFileSync(join(dir, '.env'), '# mine\nDOCS=from-file\nTARGET_ULR=https://graph.microsoft.com\nMOCK_PORT=1\n');
    const read = readEnvironment({ MOCK_PORT: '2', REPORT_DIR: 'r' }, dir);
    assert.equal(read.variables.DOCS, 'from-file');
    assert.equal(read.variables.MOCK_PORT, '2');
    assert.deepEqual(read.warnings, [
      '.env:3: TARGET_ULR is not a setting; did you mean TARGET_URL?',
      'environment: REPORT_DIR is not a setting; did you mean REPORTS_DIR?',
    ]);
  });

  test('ENV_FILE names another file; one that does not exist is an error naming it', () => {
    writeFileSync(join(dir, 'other.env'), 'STRICTNESS=strict\nENV_FILE=x\n');
    const read = readEnvironment({ ENV_FILE: 'other.env' }, dir);
    assert.equal(readSettings(read.variables).strictness, 'strict');
    assert.deepEqual(read.warnings, [
      'other.env:2: ENV_FILE is read from the environment only; the settings file cannot set it',
    ]);
    assert.throws(
      () => readEnvironment({ ENV_FILE: 'absent.env' }, dir),
      /^Error: ENV_FILE: "absent.env" does not exist/,
    );
  });
});

describe('the generated reference', () => {
  test('the README settings table and .env.example are what the declarations give (npm run settings:docs)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.ok(withSettingsTable(readme) === readme, 'README.md: the settings table drifted; run npm run settings:docs');
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    assert.ok(envExample() === example, '.env.example drifted; run npm run settings:docs');
    const rules = readFileSync(join(ROOT, 'docs/rules.md'), 'utf8');
    assert.ok(rulesReference() === rules, 'docs/rules.md drifted from src/core/rules.ts; run npm run settings:docs');
  });

  test('every declared setting is in .env.example or set by the harness, and in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const name of ['TARGET_URL', 'GRAPH_TOKEN', 'PARAM_<name>', 'PW_WORKERS', 'GRAPH_CONFORMANCE_CACHE'])
      assert.ok(readme.includes(`| \`${name}\` |`), name);
    assert.ok(envExample().includes('# PW_WORKERS=2'));
    assert.ok(!envExample().includes('GRAPH_CONFORMANCE_RUN_DIR='));
  });
});

describe('command options', () => {
  test('are read by their kinds, with their defaults; a bad one is a message naming it', () => {
    const lint = readCommandOptions('lint', ['docs', '--format', 'json']);
    assert.ok(lint.ok);
    assert.deepEqual(lint.values, { format: 'json', metadata: [], 'include-root': [], workers: 0 });
    assert.deepEqual(lint.positionals, ['docs']);
    const mock = readCommandOptions('mock', ['--throttle-rate', '0.5', '--body-limit', '512k', '--log']);
    assert.ok(mock.ok);
    assert.equal(mock.values['throttle-rate'], 0.5);
    assert.equal(mock.values['body-limit'], 512 * 1024);
    assert.equal(mock.values.log, true);
    assert.equal(mock.values.host, '127.0.0.1');
    assert.deepEqual(readCommandOptions('compare', ['a', 'b', '--fail-on', 'sometimes']), {
      ok: false,
      message: '--fail-on: "sometimes" is not one of new, any, never',
    });
    assert.deepEqual(readCommandOptions('mock', ['--retry-after=-1']), {
      ok: false,
      message: '--retry-after: "-1" is not a whole number from 0 to 86400',
    });
    assert.equal(readCommandOptions('lint', ['--nope']).ok, false);
  });

  test('an option for a setting defaults to the setting, and takes its kind', () => {
    const mock = readCommandOptions('mock', []);
    assert.ok(mock.ok);
    assert.equal(mock.values.port, settings().mockPort);
    assert.deepEqual(mock.values.docs, settings().docs);
    assert.deepEqual(readCommandOptions('mock', ['--port', '70000']), {
      ok: false,
      message: '--port: "70000" is not a whole number from 0 to 65535',
    });
    assert.match(
      commandsUsage(),
      /--port N +Port of the embedded mock tenant .*\(default: the MOCK_PORT setting, else a free port, per run\)/,
    );
  });
});

describe('checked settings, handed to the processes a run starts', () => {
  const CHECKED = 'GRAPH_CONFORMANCE_CHECKED_SETTINGS';
  const given = { GRAPH_TOKEN: 'token-that-stays-put', PW_WORKERS: '3', TARGET_URL: 'https://graph.example.test' };

  function withVariables<T>(variables: Record<string, string>, body: () => T): T {
    const saved = { ...process.env };
    Object.assign(process.env, variables);
    Reflect.deleteProperty(process.env, CHECKED);
    resetSettings();
    try {
      return body();
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) Reflect.deleteProperty(process.env, name);
      Object.assign(process.env, saved);
      resetSettings();
    }
  }

  test('a process with the same variables takes them as checked, its secrets from its own variables', () => {
    withVariables(given, () => {
      const checked = settings();
      const handed = process.env[CHECKED] ?? '';
      assert.match(handed, /"workers":3/);
      assert.ok(!handed.includes(given.GRAPH_TOKEN), 'no secret in the handed settings');
      resetSettings(); // as a worker starts: the same variables, the checked settings among them
      assert.deepEqual(settings(), checked);
      assert.deepEqual(settings().credentials, { kind: 'token', token: given.GRAPH_TOKEN });
    });
  });

  test('a changed variable is validated again', () => {
    withVariables(given, () => {
      settings();
      process.env.PW_WORKERS = 'many';
      resetSettings();
      assert.throws(() => settings(), /PW_WORKERS: "many" is not a whole number/);
    });
  });

  test('a process that takes them loads no zod', () => {
    withVariables(given, () => {
      settings();
      const script = [
        "const { settings } = await import('./src/settings/settings.ts');",
        "const { createRequire } = await import('node:module');",
        'const workers = settings().workers;',
        "const zod = Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('/node_modules/zod/'));",
        'console.log(JSON.stringify({ workers, zod }));',
      ].join('\n');
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      assert.deepEqual(JSON.parse(out), { workers: 3, zod: false });
    });
  });
});

describe('process.env', () => {
  test('is read in the settings module only (src/, bin/ and playwright.config.ts)', () => {
    const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'bin')), join(ROOT, 'playwright.config.ts')];
    const readers = files
      .filter((file) => /process\.env\b/.test(readFileSync(file, 'utf8')))
      .map((file) => file.slice(ROOT.length).replace(/^\//, ''));
    assert.deepEqual(readers, ['src/settings/environment.ts']);
  });
});

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((file) => /\.(ts|js|cjs|mjs)$/.test(file) && statSync(file).isFile());
}
