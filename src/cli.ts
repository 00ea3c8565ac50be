/**
 * `graph-conformance`: the commands around the conformance run (which is `npx playwright test`).
 * Every failure is one line on stderr, `graph-conformance: …` or `file:line: …`, never a stack trace.
 */
import { formatFinding, type Finding } from './core/finding.ts';
import { plural } from './core/plural.ts';
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
  // `graph-conformance lint --help`: what a user types to learn a command, answered rather than refused as an option.
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (command !== undefined && (options.includes('--help') || options.includes('-h'))) {
    console.log(USAGE);
    return 0;
  }
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
    case 'self-check':
      return selfCheckCommand(rest);
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
  const read = readCommandOptions('schemas', args);
  if (!read.ok) throw new UsageError(read.message);
  const { values, positionals } = read;
  if (positionals.length === 0) throw new UsageError('schemas needs the doc files or folders to read');
  if (values.out === undefined) throw new UsageError('schemas needs --out DIR');
  const out = values.out;
  const { renderSchemaFiles, writeSchemaFiles, driftedFiles } = await import('./schema/write-schemas.ts');

  const { notReadFindings } = await import('./docs/not-read.ts');
  const docModel = await docModelOf(positionals, values['include-root']);
  const notRead = notReadFindings(docModel.pages);
  printFindings([...docModel.inputFindings, ...notRead, ...docModel.schemaFindings]);
  const typeFailures: Finding[] = [];
  const files = await renderSchemaFiles(docModel.schemas, typeFailures);
  printFindings(typeFailures);
  // Exit 1 when a page, or part of one, could not be used (each is named above); the others' schemas are written.
  const unusable = [
    ...docModel.inputFindings,
    ...notRead,
    ...docModel.schemaFindings.filter((f) => f.rule === 'page-failed'),
    ...typeFailures,
  ];
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
    `wrote ${files.length} files to ${out} (${plural(files.length / 2, 'resource type')} from ${plural(docModel.pages.length, 'page')})`,
  );
  return unusable.some((f) => f.severity === 'error') ? 1 : 0;
}

async function lintCommand(args: readonly string[]): Promise<number> {
  const { runLint } = await import('./lint/command.ts');
  const run = await runLint(args);
  if (!run.ok) throw new UsageError(run.message);
  return run.code;
}

async function compareCommand(args: readonly string[]): Promise<number> {
  const { runCompare } = await import('./report/compare-command.ts');
  const run = runCompare(args);
  if (!run.ok) throw new UsageError(run.message);
  return run.code;
}

async function selfCheckCommand(args: readonly string[]): Promise<number> {
  const { runSelfCheck } = await import('./report/self-check-command.ts');
  const run = await runSelfCheck(args);
  if (!run.ok) throw new UsageError(run.message);
  return run.code;
}

async function mockCommand(args: readonly string[]): Promise<number> {
  const { parseMockArgs, answerChangingOptions, readServiceMetadata, serverTls } =
    await import('./mock-tenant/command.ts');
  const { announcement } = await import('./core/mock-health.ts');
  const parsed = parseMockArgs(args);
  if (!parsed.ok) throw new UsageError(parsed.message);
  const { options } = parsed;
  const metadata = await readServiceMetadata(options.metadata);
  if (!metadata.ok) throw new UsageError(metadata.message);
  const { startDocsTenant } = await import('./mock-tenant/serve-docs.ts');
  const { notReadFindings } = await import('./docs/not-read.ts');
  const docModel = await docModelOf(options.docs, settings().includeRoots);
  printFindings([...docModel.inputFindings, ...notReadFindings(docModel.pages)]);
  const log = options.log
    ? (line: string) => {
        console.log(line);
      }
    : undefined;
  const { hint, ...secure } = await serverTls(options);
  const tenant = await startDocsTenant(
    docModel,
    {
      host: options.host,
      port: options.port,
      ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
      ...(options.sessionLimitBytes === undefined ? {} : { sessionLimitBytes: options.sessionLimitBytes }),
      throttleRate: options.throttleRate,
      retryAfterSeconds: options.retryAfterSeconds,
      permissions: options.permissions,
      serviceMetadata: metadata.texts,
      ...secure,
      ...(log ? { log } : {}),
    },
    answerChangingOptions(options),
  );
  console.log(announcement(tenant.operations, tenant.pages, tenant.url));
  if (hint !== undefined) console.log(hint);
  const stop = (): void => {
    void tenant.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined); // serves until stopped
}

/** The pages and schemas of the schemas and mock commands (they replay nothing: no cases, no probes). */
async function docModelOf(roots: readonly string[], includeRoots: readonly string[]): Promise<DocModel> {
  const { loadDocModel } = await import('./docset/load-docset.ts');
  return loadDocModel(roots, { cache: settings().pageCache, includeRoots });
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
    else if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'EADDRINUSE') {
      const { address, port } = error as { address?: string; port?: number };
      console.error(
        `graph-conformance: --port: ${String(port ?? '')} is already in use on ${address ?? 'this host'}; give another port, or --port 0 for any free one`,
      );
    } else console.error(`graph-conformance: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
