/**
 * A page's permissions table against Graph's permission-scopes file, for the paths and methods the page documents:
 * - `permission-not-granted`: a scope the table lists (least or higher privileged: both are promised to work) that
 *   the scopes file grants on none of the page's paths for that method and kind of permission;
 * - `permission-not-supported-granted`: the table says "Not supported" where the scopes file grants a scope;
 * - `permission-higher-as-least`: the scope the table calls least privileged ranks after another scope the table
 *   lists, in the scopes file's order (least privileged first).
 * Paths the scopes file does not annotate are not checked (it covers part of the API), and a scope is held to be
 * missing only when the file annotates every path of the page. Pure: pages and metadata in.
 */
import { formatLocation, type FindingRule } from '../core/finding.ts';
import type { HttpMethod } from '../core/http.ts';
import type { Page, PathTemplate, PermissionRow } from '../docs/model.ts';
import type { MetadataIndex } from '../metadata/metadata-index.ts';
import type { MetadataSet, ScopesIndex } from '../metadata/metadata-set.ts';
import { resolvePath } from '../metadata/resolve-path.ts';
import { SCHEME_NAMES, schemeOf, type PathScopes, type Restriction, type SchemeScopes } from '../metadata/scopes.ts';
import type { LintFinding } from './model.ts';

/** What the scopes file says about one documented request. */
interface Granted {
  readonly template: PathTemplate;
  readonly entry: PathScopes;
  readonly restriction: Restriction;
  readonly scopes: SchemeScopes;
}

export function checkPermissions(pages: readonly Page[], metadata: MetadataSet): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const page of pages) {
    if (page.permissions.length === 0 || page.httpRequests.length === 0) continue;
    const scopes = metadata.scopes(page.version);
    if (!scopes) continue;
    const looked = page.httpRequests.map((t) => grantedFor(t, scopes, metadata.csdl(page.version)));
    const granted = looked.filter((g): g is Granted => g !== undefined && g !== UNREACHABLE);
    if (granted.length === 0) continue;
    // Several tables (one per kind of resource: "### Azure AD", "### Groups") name scopes for paths the page may not
    // list: which row goes with which path is not written down, so only a single table is held against the paths.
    const schemes = page.permissions.map((row) => schemeOf(row.permissionType));
    if (new Set(schemes).size !== schemes.length) continue;
    // A scope the file grants on none of the annotated paths may be for a path it does not annotate (a table "For
    // contact resource: Contacts.Read" beside user and group paths): held against the file only when it annotates all.
    const complete = looked.every((g) => g !== undefined);
    for (const row of page.permissions) findings.push(...checkRow(row, granted, complete));
  }
  return findings;
}

function checkRow(row: PermissionRow, granted: readonly Granted[], complete: boolean): LintFinding[] {
  const scheme = schemeOf(row.permissionType);
  if (scheme === undefined) return [];
  const finding = (rule: FindingRule, severity: LintFinding['severity'], message: string): LintFinding => ({
    file: row.location.file,
    line: row.location.line,
    col: 1,
    rule,
    severity,
    message,
  });
  const name = SCHEME_NAMES[scheme];
  const granting = granted.filter((g) => (g.scopes[scheme] ?? []).length > 0);
  if (row.notSupported) {
    const [first] = granting;
    if (!first) return [];
    return [
      finding(
        'permission-not-supported-granted',
        'warning',
        `the page says ${name} permissions are not supported, but the permission scopes grant ${list(first.scopes[scheme] ?? [])} for ${request(first)}`,
      ),
    ];
  }
  const findings: LintFinding[] = [];
  const all = new Set(granted.flatMap((g) => (g.scopes[scheme] ?? []).map((s) => s.toLowerCase())));
  for (const scope of complete ? row.permissions : []) {
    if (all.has(scope.toLowerCase())) continue;
    findings.push(
      finding(
        'permission-not-granted',
        'error',
        granting.length === 0
          ? `${scope} is documented for ${name}, but the permission scopes grant no ${name} permission for ${requests(granted)}`
          : `${scope} is documented for ${name}, but the permission scopes do not grant it for ${requests(granted)}; they grant ${list([...new Set(granting.flatMap((g) => g.scopes[scheme] ?? []))])}`,
      ),
    );
  }
  const least = new Set((row.leastPrivileged ?? []).map((s) => s.toLowerCase()));
  const higher = row.permissions.filter((s) => !least.has(s.toLowerCase()));
  for (const scope of row.leastPrivileged ?? []) {
    for (const g of granted) {
      const order = (g.scopes[scheme] ?? []).map((s) => s.toLowerCase());
      const rank = order.indexOf(scope.toLowerCase());
      const lower = higher.find((h) => {
        const other = order.indexOf(h.toLowerCase());
        return rank >= 0 && other >= 0 && other < rank;
      });
      if (lower === undefined) continue;
      findings.push(
        finding(
          'permission-higher-as-least',
          'warning',
          `${scope} is listed as the least privileged ${name} permission, but the permission scopes rank ${lower}, which the page lists as more privileged, before it for ${request(g)}`,
        ),
      );
      break;
    }
  }
  return findings;
}

/** The scopes file's entry for a documented request, and the restriction its method exercises. */
/** A path the metadata does not reach: the path-unreachable rule reports it, and no scopes file can annotate it. */
const UNREACHABLE = 'unreachable';

function grantedFor(
  template: PathTemplate,
  scopes: ScopesIndex,
  csdl: MetadataIndex | undefined,
): Granted | typeof UNREACHABLE | undefined {
  const resolved = csdl ? resolvePath(csdl, template.segments) : undefined;
  if (resolved && !resolved.ok) return UNREACHABLE;
  const key = resolved
    ? { scopesPath: resolved.scopesPath, byKey: resolved.byKey, operation: resolved.operations.length > 0 }
    : fromTemplate(template);
  const entry = scopes.lookup(key.scopesPath);
  if (!entry) return undefined;
  const restriction = restrictionOf(template.method, key.byKey, key.operation, entry);
  // A read names its scopes under ReadRestrictions or its ReadByKeyRestrictions; the file puts some single-valued
  // navigations' (`/users/photo`) under the second: a read with no scopes of its own takes the other's.
  const other = restriction === 'read' ? 'readByKey' : restriction === 'readByKey' ? 'read' : undefined;
  const found = [entry.restrictions[restriction], other ? entry.restrictions[other] : undefined].find(
    (scopes) => scopes !== undefined && Object.keys(scopes).length > 0,
  );
  return found ? { template, entry, restriction, scopes: found } : undefined;
}

/**
 * Without CSDL, the path as the scopes file writes it is read from the template: placeholders are keys, and
 * `$value`, `$ref` and `$count` address what the path before them does.
 */
function fromTemplate(template: PathTemplate): { scopesPath: string; byKey: boolean; operation: boolean } {
  const segments = template.segments.filter((s) => s.kind !== 'literal' || !/^\$(value|ref|count)$/.test(s.value));
  const last = segments[segments.length - 1];
  const literals = segments.flatMap((s) => (s.kind === 'literal' ? [s.value] : []));
  return { scopesPath: `/${literals.join('/')}`, byKey: last?.kind === 'placeholder', operation: false };
}

function restrictionOf(method: HttpMethod, byKey: boolean, operation: boolean, entry: PathScopes): Restriction {
  // Without CSDL, a path the scopes file annotates only as an operation is one.
  if (operation || (entry.restrictions.operation && Object.keys(entry.restrictions).length === 1)) return 'operation';
  switch (method) {
    case 'GET':
      return byKey ? 'readByKey' : 'read';
    case 'POST':
      return 'insert';
    case 'PATCH':
    case 'PUT':
      return 'update';
    case 'DELETE':
      return 'delete';
  }
}

function request(g: Granted): string {
  return `${g.template.method} ${g.template.path} (${formatLocation(g.entry.location)})`;
}

/** The requests a finding is about: the first three, and how many more. */
function requests(granted: readonly Granted[]): string {
  const shown = granted.slice(0, 3).map(request).join(', ');
  return granted.length > 3 ? `${shown} and ${(granted.length - 3).toString()} more` : shown;
}

function list(scopes: readonly string[]): string {
  return scopes.join(', ');
}
