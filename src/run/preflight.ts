/**
 * What must hold before any test runs, checked once in the runner (Playwright's globalSetup): the docs folder has
 * pages this harness can check, the target answers, and it accepts the run's token. A failure is one line naming the
 * setting and the fix: a run against a wrong TARGET_URL or an empty DOCS would otherwise fail every test alike.
 */
import { relative, sep } from 'node:path';
import { findDocFiles, loadDocs } from '../docs/load-docs.ts';
import type { Page } from '../docs/model.ts';
import { parseJsonOrUndefined, isJsonObject } from '../core/json.ts';
import { plural } from '../core/plural.ts';
import type { Settings } from '../settings/settings.ts';
import type { TokenSource } from './auth/token-source.ts';
import { failureCode, TargetUnavailable, type Exchange } from './exchange.ts';
import { UNLIMITED } from './request-budget.ts';
import { knowCredentials, knowSecret, redactRun } from './run-secrets.ts';
import { TargetClient } from './target-client.ts';

/** The run cannot start; the message is one line: the setting, what is wrong, and what to do. */
export class PreflightError extends Error {
  override readonly name = 'PreflightError';
}

/**
 * The documented request that proves a token is accepted: `GET /organization` (organization-list.md) is cheap and
 * readable by any Graph token with `User.Read`. Any answer but a 401 means the token was taken; a 403 only says
 * that this one request needs a permission the run's pages may not.
 */
export const TOKEN_CHECK_PATH = '/v1.0/organization?$select=id';

/** A page something can be checked on: it documents a request or shows an example. */
export function hasSomethingToCheck(page: Page): boolean {
  return page.httpRequests.length > 0 || page.examples.length > 0 || page.ignoredExamples.length > 0;
}

/**
 * A page the harness reads nothing from: no request, no example, no resource or enum table. Fragments under an
 * `includes` folder are read through the pages that include them, so they are not counted.
 */
export function readsAsNothing(page: Page): boolean {
  return (
    !hasSomethingToCheck(page) &&
    page.resource === undefined &&
    (page.enums?.length ?? 0) === 0 &&
    !page.file.split(/[\\/]/).includes('includes')
  );
}

/**
 * DOCS: every path exists, markdown pages are found, and at least one of them documents a request, as `readPages`
 * reads them (by default through the page cache; the runner passes the reading the rest of its setup uses).
 */
export function checkDocs(
  docs: readonly string[],
  cwd: string = process.cwd(),
  readPages: () => readonly Page[] = () => loadDocs(docs, cwd).pages,
): { readonly files: number } {
  const shown = docs.join(',');
  if (docs.length === 0) throw new PreflightError('DOCS: is empty; give doc files or folders, comma-separated');
  const found = findDocFiles(docs, cwd);
  const missing = found.findings.find((f) => f.rule === 'unreadable-file'); // a symlink out is the page's finding
  if (missing !== undefined)
    throw new PreflightError(
      `DOCS: ${missing.location.file} ${/no such file/.test(missing.message) ? 'does not exist' : `cannot be read (${missing.message})`}; give doc files or folders, comma-separated (default fixtures/docs)`,
    );
  if (found.files.length === 0)
    throw new PreflightError(
      `DOCS: ${shown} holds no markdown pages (.md); point DOCS at Graph API reference pages, e.g. a checkout's api-reference/v1.0`,
    );
  // Read as the run reads them next (`readPages`: the runner passes the reading its mock and metadata use next), not
  // page by page past the caches: the runner would otherwise parse a page again, loading the markdown parser for it.
  if (readPages().some(hasSomethingToCheck)) return { files: found.files.length };
  const example = shownPath(found.files[0] ?? shown, cwd);
  const which =
    found.files.length === 1
      ? `the one page in ${shown} (${example}) documents no request`
      : `none of the ${plural(found.files.length, 'page')} in ${shown} documents a request`;
  throw new PreflightError(
    `DOCS: ${which} (no "## HTTP request" section, no example)${found.files.length === 1 ? '' : `, e.g. ${example}`}: nothing to check; point DOCS at Graph API reference pages (graph-conformance lint ${shown} shows what it read)`,
  );
}

/**
 * TARGET_URL answers, and accepts the run's token: one request, through the run's own client, so the token goes to
 * the target's origin only and a redirect is an answer, not followed.
 */
export async function checkTarget(settings: Settings, tokens: TokenSource, timeoutMs = 15_000): Promise<void> {
  const origin = settings.targetUrl;
  if (origin === undefined) return;
  const { credentials } = settings;
  if (credentials.kind === 'none')
    throw new PreflightError(
      `GRAPH_TOKEN: TARGET_URL is ${origin} but the run has no credentials; set GRAPH_TOKEN, or AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (see .env.example)`,
    );
  knowCredentials(credentials);
  try {
    knowSecret(await tokens.current());
  } catch (error) {
    throw new PreflightError(
      `AZURE_CLIENT_ID: ${oneLine(error)}; check AZURE_TENANT_ID, AZURE_CLIENT_ID and ${credentials.kind === 'client' && credentials.proof.kind === 'certificate' ? 'AZURE_CLIENT_CERTIFICATE_PATH' : 'AZURE_CLIENT_SECRET'}`,
    );
  }
  // Any answer will do, a throttled one too: no retries, no budget.
  const client = new TargetClient(origin, tokens, { maxRetries: 0, maxWaitSeconds: 0 }, UNLIMITED);
  let answer: Exchange;
  try {
    answer = await client.send(
      { method: 'GET', path: TOKEN_CHECK_PATH, headers: { Accept: 'application/json' } },
      { authorize: true, timeoutMs },
    );
  } catch (error) {
    if (error instanceof TargetUnavailable && error.kind === 'throttled') return;
    throw new PreflightError(redactRun(`TARGET_URL: ${noAnswer(origin, error, timeoutMs)}`));
  }
  if (answer.response.status !== 401) return;
  const refused = `${origin} refused the token (401${graphError(answer.response.bodyText)})`;
  throw new PreflightError(
    redactRun(
      credentials.kind === 'client'
        ? `GRAPH_SCOPE: ${refused}: the app's token, for ${credentials.scope}, is not one this target takes; check that GRAPH_SCOPE names TARGET_URL's resource`
        : `GRAPH_TOKEN: ${refused}; get a fresh token for ${origin} (e.g. az account get-access-token --resource-type ms-graph)`,
    ),
  );
}

/** Why a request got no answer, as a person would check it (from what node:http threw, which `error` carries). */
function noAnswer(origin: string, error: unknown, timeoutMs: number): string {
  if (error instanceof TargetUnavailable && error.cause !== undefined) return noAnswer(origin, error.cause, timeoutMs);
  const code = failureCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'TimeoutError')
    return `no answer from ${origin} within ${String(timeoutMs / 1000)} s; check TARGET_URL and that the service is up`;
  if (code === 'ECONNREFUSED')
    return `nothing listens at ${origin} (connection refused); check TARGET_URL and that the service is running`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `the host of ${origin} does not resolve (${code}); check TARGET_URL`;
  if (code !== undefined && /CERT|SSL|TLS|SELF_SIGNED/.test(code))
    return `the TLS certificate of ${origin} is not trusted (${code}); for a test server, give its CA file in NODE_EXTRA_CA_CERTS`;
  return `no answer from ${origin} (${code ?? message}); check TARGET_URL and that the service is running`;
}

/** `: InvalidAuthenticationToken: Access token has expired.` from Graph's error body, or nothing. */
function graphError(body: string): string {
  const parsed = parseJsonOrUndefined(body);
  const error = isJsonObject(parsed) && isJsonObject(parsed.error) ? parsed.error : undefined;
  if (error === undefined) return '';
  const parts = [error.code, error.message].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length === 0 ? '' : ` ${parts.join(': ').slice(0, 300)}`;
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

function shownPath(file: string, cwd: string): string {
  const inside = relative(cwd, file);
  return inside.startsWith(`..${sep}`) || inside === '' ? file : inside;
}

/** What the run checks, said before it starts: the pages, what was read as nothing, and the target. */
export function runSummary(
  suite: { readonly pages: readonly Page[]; readonly settings: Settings },
  mock: { readonly origin: string; readonly reused: boolean } | undefined,
): string[] {
  const { pages, settings } = suite;
  const checked = pages.filter(hasSomethingToCheck).length;
  const target =
    settings.targetUrl !== undefined
      ? `${settings.targetUrl} (it answers and takes the token)`
      : mock === undefined
        ? 'the embedded mock tenant'
        : `the embedded mock tenant at ${mock.origin} (${mock.reused ? 'already running with the same harness, docs and options: reused' : 'started for this run'})`;
  const lines = [
    `checking ${plural(checked, 'page')} with requests (of ${plural(pages.length, 'page')} read from DOCS=${settings.docs.join(',')}) against ${target}`,
  ];
  const nothing = pages.filter(readsAsNothing).map((p) => p.file);
  if (nothing.length > 0)
    lines.push(
      `${plural(nothing.length, 'page')} in DOCS ${nothing.length === 1 ? 'documents' : 'document'} nothing to check (no request, example, resource or enum): ${nothing.slice(0, 5).join(', ')}${nothing.length > 5 ? `, and ${String(nothing.length - 5)} more` : ''}`,
    );
  return lines;
}
