/**
 * The mock tenant's directory: a few fixed users. The placeholder values a conformance run uses when it targets the
 * embedded mock are in src/core/embedded-tenant.ts, which the run reads too.
 */
import { DEFAULT_TARGET_USER, defaultParamFor, type MockUser } from '../core/embedded-tenant.ts';

export { DEFAULT_TARGET_USER, defaultParamFor, type MockUser };

/** Whoever holds the bearer token: `/me` resolves to this user. */
export const SIGNED_IN_USER: MockUser = Object.freeze({
  id: '6e7b768e-07e2-4810-8459-485f84f8f204',
  userPrincipalName: 'meganb@contoso.example',
  displayName: 'Megan Bowen',
});

export const MOCK_USERS: readonly MockUser[] = Object.freeze([
  SIGNED_IN_USER,
  DEFAULT_TARGET_USER,
  Object.freeze({
    id: '074e56ea-0b50-4461-89e5-c67ae14a2c0b',
    userPrincipalName: 'alexw@contoso.example',
    displayName: 'Alex Wilber',
  }),
]);

/** A user by id or userPrincipalName, both compared case-insensitively as Graph does. */
export function findUser(idOrUserPrincipalName: string): MockUser | undefined {
  const wanted = idOrUserPrincipalName.toLowerCase();
  return MOCK_USERS.find((user) => user.id === wanted || user.userPrincipalName.toLowerCase() === wanted);
}

/** The common spellings, for callers that want a plain record (e.g. to merge with user-supplied values). */
export const MOCK_TENANT_PARAMS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    ['usersId', 'userId', 'user-id', 'id', 'userPrincipalName', 'user-principal-name'].map((name) => [
      name,
      defaultParamFor(name) ?? '',
    ]),
  ),
);

/**
 * The users the tenant answers for: its own three, and every user the docs' examples address by id or UPN, so that a
 * documented request such as `GET /users/87d349ed-…` reaches a user instead of a 404.
 */
export class TenantDirectory {
  readonly #ids = new Map<string, string>();

  constructor(documented: Iterable<string> = []) {
    for (const user of MOCK_USERS) {
      this.#ids.set(user.id, user.id);
      this.#ids.set(user.userPrincipalName.toLowerCase(), user.id);
    }
    for (const value of documented) this.add(value);
  }

  /** Registers a documented user; placeholders left in an example (`{id}`) are not users. */
  add(idOrUserPrincipalName: string): void {
    const key = idOrUserPrincipalName.toLowerCase();
    if (key === '' || /[{}]/.test(key) || this.#ids.has(key)) return;
    this.#ids.set(key, key);
  }

  /** The user's canonical id, compared case-insensitively as Graph does. */
  findUser(idOrUserPrincipalName: string): string | undefined {
    return this.#ids.get(idOrUserPrincipalName.toLowerCase());
  }
}
