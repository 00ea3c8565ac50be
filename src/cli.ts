/**
 * `graph-conformance`: the commands around the conformance run (which is `npx playwright test`).
 * Every failure is one line on stderr, `graph-conformance: …` or `file:line: …`, never a stack trace.
 */
import { formatFinding, type Finding } from './core/finding.ts';
import { commandsUsage, readCommandOptions } from './settings/command-options.ts';
import type { DocModel } from './docset/docset.ts';
import { environment, settings, SettingsError } from './settings/settings.ts';

const USAGE = `Usage: graph-conformance <command> [options]

Commands:
${commandsUsage()}
  help
      Show this help.

The conformance run itself is \`npx playwright test\` (see README.md).`;

class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Inside a conformance run (the mock as Playwright's web server), the runner has already warned.
  if (settings().runDir === undefined)
    for (const warning of environment().warnings) console.error(`graph-conformance: ${warning}`);
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
  const read = readCommandOptions('schemas', args);
  if (!read.ok) throw new UsageError(read.message);
  const { values, positionals } = read;
  if (positionals.length === 0) throw new UsageError('schemas needs the doc files or folders to read');
  if (values.out === undefined) throw new UsageError('schemas needs --out DIR');
  const out = values.out;
  const { renderSchemaFiles, writeSchemaFiles, driftedFiles } = await import('./schema/write-schemas.ts');

  const docModel = await docModelOf(positionals);
  printFindings([...docModel.inputFindings, ...docModel.schemaFindings]);
  const files = await renderSchemaFiles(docModel.schemas);
  if (values.check) {
    const drifted = driftedFiles(files, out);
    for (const file of drifted)
      console.error(
        `${file}: differs from what the docs give; run graph-conformance schemas ${positionals.join(' ')} --out ${out}`,
      );
    if (drifted.length === 0) console.log(`${files.length} files in ${out} match the docs`);
    return drifted.length === 0 ? 0 : 1;
  }
  writeSchemaFiles(files, out);
  console.log(
    `wrote ${files.length} files to ${out} (${files.length / 2} resource types from ${docModel.pages.length} pages)`,
  );
  return docModel.inputFindings.length > 0 ? 1 : 0;
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
  const { parseMockArgs, announcement } = await import('./mock-tenant/command.ts');
  const parsed = parseMockArgs(args);
  if (!parsed.ok) throw new UsageError(parsed.message);
  const { options } = parsed;
  const { startMockTenant } = await import('./mock-tenant/server.ts');

  const docModel = await docModelOf(options.docs);
  printFindings(docModel.inputFindings);
  const log = options.log
    ? (line: string) => {
        console.log(line);
      }
    : undefined;
  const tenant = await startMockTenant({
    pages: docModel.pages,
    schemas: docModel.registry,
    host: options.host,
    port: options.port,
    ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
    throttleRate: options.throttleRate,
    retryAfterSeconds: options.retryAfterSeconds,
    ...(options.tls ? { tls: options.tls } : {}),
    ...(log ? { log } : {}),
  });
  console.log(announcement(tenant.operations, docModel.pages.length, tenant.url));
  const stop = (): void => {
    void tenant.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined); // serves until stopped
}

/** The pages and schemas of the schemas and mock commands (they replay nothing: no cases, no probes). */
async function docModelOf(roots: readonly string[]): Promise<DocModel> {
  const { loadDocModel } = await import('./docset/load-docset.ts');
  return loadDocModel(roots, { cache: settings().pageCache });
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
    else if (error instanceof SettingsError)
      for (const line of error.message.split('\n')) console.error(`graph-conformance: ${line}`);
    else if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'EADDRINUSE')
      console.error(
        `graph-conformance: the port is already in use (${String((error as { address?: string; port?: number }).port ?? '')})`,
      );
    else console.error(`graph-conformance: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
