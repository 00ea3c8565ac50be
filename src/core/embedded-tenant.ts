/**
 * The placeholder values of the embedded mock tenant: what `{usersId}` is when a run checks the docs against the mock
 * instead of a real tenant. The mock serves these users and files documented examples under them, and the run fills
 * placeholders with them, so both read them from here: two copies would let the harness disagree with itself.
 */
import type { Location } from './finding.ts';

/**
 * The documented test token of the embedded mock: accepted without a token endpoint, as the signed-in user, with every
 * permission. The run sends it to the mock when no credentials are set.
 */
export const MOCK_TEST_TOKEN = 'mock-tenant-token';

/**
 * The request header that names a state session: requests with the same value share writes, and see nobody else's.
 * Without it, requests share the tenant's common state. A conformance run sends one per test, so that one test's
 * DELETE cannot remove what another test reads.
 */
export const SESSION_HEADER = 'x-mock-session';

/**
 * The header by which a run names the documented example it replays: `<file>:<line>` of the example's request, as
 * the run and the mock both load it. Several pages may document one request with different answers (user-list and
 * intune-shared-user-list both show `GET /beta/users`); the mock answers such a request with the example named, as
 * Prism's `Prefer: example=` picks one. Sent to the embedded mock only; a request without it gets the mock's choice.
 */
export const EXAMPLE_HEADER = 'x-mock-example';

export function exampleReference(location: Location): string {
  return `${location.file}:${String(location.line)}`;
}

/**
 * Whether `reference` (an EXAMPLE_HEADER value) names the request at `location`. The paths may be given from different
 * folders (a mock started elsewhere): the same line of files whose paths end alike is the same example.
 */
export function namesExample(reference: string, location: Location): boolean {
  const parsed = /^(.+):(\d+)$/.exec(reference.trim());
  if (parsed === null || Number(parsed[2]) !== location.line) return false;
  const named = slashed(parsed[1] ?? '');
  const file = slashed(location.file);
  return named === file || named.endsWith(`/${file}`) || file.endsWith(`/${named}`);
}

function slashed(path: string): string {
  return path.split('\\').join('/').replace(/^\.\//, '');
}

export interface MockUser {
  /** Lower-case GUID: the form Graph returns and the key the store uses. */
  readonly id: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
}

/**
 * The user that placeholders default to. Deliberately not the signed-in user: a request to `/users/{id}/…` then
 * proves that the path addresses a user of its own rather than falling back to `/me`.
 */
export const DEFAULT_TARGET_USER: MockUser = Object.freeze({
  id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
  userPrincipalName: 'adelev@contoso.example',
  displayName: 'Adele Vance',
});

/**
 * Placeholder spellings seen in Graph docs for "a user", keyed by their normalised form (see `normaliseName`).
 * `id` is included because `/users/{id | userPrincipalName}` names it that way.
 */
const PLACEHOLDER_VALUES: ReadonlyMap<string, string> = new Map([
  ['usersid', DEFAULT_TARGET_USER.id],
  ['userid', DEFAULT_TARGET_USER.id],
  ['id', DEFAULT_TARGET_USER.id],
  // drive-get's `/users/{idOrUserPrincipalName}/drive`: either names the user; the id is the form Graph returns.
  ['idoruserprincipalname', DEFAULT_TARGET_USER.id],
  ['userprincipalname', DEFAULT_TARGET_USER.userPrincipalName],
  ['upn', DEFAULT_TARGET_USER.userPrincipalName],
]);

/** `user-id`, `User_Id` and `userId` all name the same thing. */
function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The value the mock tenant can serve for a path placeholder, or undefined when it has no data for that name. */
export function defaultParamFor(placeholderName: string): string | undefined {
  return PLACEHOLDER_VALUES.get(normaliseName(placeholderName));
}

/**
 * The mock's user for a placeholder where it addresses a user: a member of the directory's `/users` (`/users/{id}`),
 * or a name that says user wherever it stands (`{user-id}`, `{userPrincipalName}`). Elsewhere undefined: the `{id}` of
 * `/groups/{id}` or `/me/contacts/{id}` is a member of its own collection, and two examples with that request line
 * name two members, not the one user. `collection` is the shape of the path before the placeholder (`/users`,
 * `/groups/{}/members`), the run's and the mock's alike.
 */
export function userParamAt(placeholderName: string, collection: string): string | undefined {
  const name = normaliseName(placeholderName);
  if (name === 'id' && collection.toLowerCase() !== '/users') return undefined;
  return PLACEHOLDER_VALUES.get(name);
}

/**
 * The member a doc example leaves as a placeholder (`GET /compliance/ediscovery/cases/{caseId}/reviewSets`), which no
 * example or listing names: the embedded tenant answers a request for it with that example, as the member the example
 * shows. Its value is a GUID made from the placeholder's name (the same name, the same value), marked so that the
 * tenant can tell it from an id nobody documented.
 */
export function standInFor(placeholderName: string, example?: string): string {
  // An example's own stand-in (see `asSentToMock`) is told apart by the example it belongs to.
  const name = example === undefined ? normaliseName(placeholderName) : `${normaliseName(placeholderName)}\0${example}`;
  const a = fnv1a(name, 0x811c9dc5);
  const b = fnv1a(name, 0x01000193);
  const hex = [a, b, a ^ b, Math.imul(a, 31) ^ b].map((n) => (n >>> 0).toString(16).padStart(8, '0')).join('');
  return `${STAND_IN_MARK}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Whether a path value is a stand-in for a member the docs leave as a placeholder (see `standInFor`). */
export function isStandIn(value: string): boolean {
  return STAND_IN.test(value);
}

const STAND_IN_MARK = '5eedc0de';
const STAND_IN = new RegExp(`^${STAND_IN_MARK}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$`, 'i');

/** A placeholder inside a function call or a path expression (`deltaRows={n}`, `root:/{item-path}:`). */
export function standInArgument(placeholderName: string, unquotedArgument: boolean): string {
  // An unquoted function argument is a number or a boolean in OData's URL syntax; `1` reads as either's intent.
  return unquotedArgument ? '1' : normaliseName(placeholderName) || 'value';
}

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
