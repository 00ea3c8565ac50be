/**
 * The placeholder values of the embedded mock tenant: what `{usersId}` is when a run checks the docs against the mock
 * instead of a real tenant. The mock serves these users and files documented examples under them, and the run fills
 * placeholders with them, so both read them from here: two copies would let the harness disagree with itself.
 */

/**
 * The documented test token of the embedded mock: accepted without a token endpoint, as the signed-in user, with every
 * permission. The run sends it to the mock when no credentials are set.
 */
export const MOCK_TEST_TOKEN = 'mock-tenant-token';

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
