/**
 * `graph-conformance`: the commands around the conformance run (which is `npx playwright test`).
 * Every failure is one line on stderr, `graph-conformance: …` or `file:line: …`, never a stack trace.
 */
import { parseArgs } from 'node:util';
import { formatFinding, type Finding } from './core/finding.ts';
import { plural } from './core/plural.ts';
import { MOCK_USAGE } from './mock-tenant/command.ts';
import { LINT_USAGE } from './lint/usage.ts';
import { COMPARE_USAGE } from './report/compare-command.ts';

const USAGE = `Usage: graph-conformance <command> [options]

Commands:
  schemas <files or folders...> --out DIR [--check]
      Build JSON Schemas (draft 2020-12) and TypeScript types from the doc tables.
      --check writes nothing and fails when the files in DIR differ from what the docs give.
${MOCK_USAGE}
${LINT_USAGE}
${COMPARE_USAGE}
  help
      Show this help.

The conformance run itself is \`npx playwright test\` (see README.md).`;

class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'schemas':
      return schemasCommand(rest);
    case 'mock':
      return mockCommand(rest);
    case 'lint':
      return lintCommand(rest);
    case 'compare':
      return compareCommand(rest);
    case undefined:
      // A bare command did nothing the user asked for: say what it does, and fail, as a usage error does.
      throw new UsageError('give a command');
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function schemasCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = usage(() =>
    parseArgs({
      args: [...args],
      options: { out: { type: 'string' }, check: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (positionals.length === 0) throw new UsageError('schemas needs the doc files or folders to read');
  if (typeof values.out !== 'string') throw new UsageError('schemas needs --out DIR');
  const { loadDocs } = await import('./docs/load-docs.ts');
  const { buildSchemas } = await import('./schema/build-schemas.ts');
  const { renderSchemaFiles, writeSchemaFiles, driftedFiles } = await import('./schema/write-schemas.ts');

  const docs = loadDocs(positionals);
  const built = buildSchemas(docs.pages);
  printFindings([...docs.findings, ...built.findings]);
  const files = await renderSchemaFiles(built.schemas);
  if (values.check === true) {
    const drifted = driftedFiles(files, values.out);
    for (const file of drifted)
      console.error(
        `${file}: differs from what the docs give; run graph-conformance schemas ${positionals.join(' ')} --out ${values.out}`,
      );
    if (drifted.length === 0) console.log(`${files.length} files in ${values.out} match the docs`);
    return drifted.length === 0 ? 0 : 1;
  }
  writeSchemaFiles(files, values.out);
  console.log(
    `wrote ${files.length} files to ${values.out} (${plural(files.length / 2, 'resource type')} from ${plural(docs.pages.length, 'page')})`,
  );
  return docs.findings.length > 0 ? 1 : 0;
}

async function lintCommand(args: readonly string[]): Promise<number> {
  const { runLint } = await import('./lint/command.ts');
  const run = runLint(args);
  if (!run.ok) throw new UsageError(run.message);
  return run.code;
}

async function compareCommand(args: readonly string[]): Promise<number> {
  const { runCompare } = await import('./report/compare-command.ts');
  const run = runCompare(args);
  if (!run.ok) throw new UsageError(run.message);
  return run.code;
}

async function mockCommand(args: readonly string[]): Promise<number> {
  const { parseMockArgs, answerChangingOptions } = await import('./mock-tenant/command.ts');
  const { announcement } = await import('./core/mock-health.ts');
  const parsed = parseMockArgs(args);
  if (!parsed.ok) throw new UsageError(parsed.message);
  const { options } = parsed;
  const { loadDocs } = await import('./docs/load-docs.ts');
  const { buildSchemaRegistry } = await import('./schema/registry.ts');
  const { startMockTenant } = await import('./mock-tenant/server.ts');
  const { harnessVersion } = await import('./core/harness-version.ts');
  const { docSetFingerprint } = await import('./docs/docs-fingerprint.ts');

  const docs = loadDocs(options.docs);
  printFindings(docs.findings);
  const log = options.log
    ? (line: string) => {
        console.log(line);
      }
    : undefined;
  const tenant = await startMockTenant({
    pages: docs.pages,
    schemas: buildSchemaRegistry(docs.pages),
    host: options.host,
    port: options.port,
    bodyLimitBytes: options.bodyLimitBytes,
    throttleRate: options.throttleRate,
    retryAfterSeconds: options.retryAfterSeconds,
    ...(options.tls ? { tls: options.tls } : {}),
    ...(log ? { log } : {}),
    serving: {
      harness: harnessVersion(),
      docs: () => docSetFingerprint(docs.pages),
      options: answerChangingOptions(options),
    },
  });
  console.log(announcement(tenant.operations, docs.pages.length, tenant.url));
  const stop = (): void => {
    void tenant.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined); // serves until stopped
}

/** parseArgs throws on unknown or malformed options: that is a usage error, shown with the help. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function printFindings(findings: readonly Finding[]): void {
  for (const finding of findings) console.error(formatFinding(finding));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`graph-conformance: ${error.message}\n\n${USAGE}`);
    else if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'EADDRINUSE') {
      const { address, port } = error as { address?: string; port?: number };
      console.error(
        `graph-conformance: --port: ${String(port ?? '')} is already in use on ${address ?? 'this host'}; give another port, or --port 0 for any free one`,
      );
    } else console.error(`graph-conformance: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
