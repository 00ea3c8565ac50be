/**
 * The mock tenant's directory: its users. The placeholder values a conformance run uses when it targets the embedded
 * mock are in src/core/embedded-tenant.ts, which the run reads too.
 */
import {
  DEFAULT_TARGET_USER as TARGET,
  defaultParamFor,
  isStandIn,
  type MockUser as CoreUser,
} from '../core/embedded-tenant.ts';

export { defaultParamFor };

/** A user of the tenant: who the core names, and a job title for the directory to show. */
export interface MockUser extends CoreUser {
  readonly jobTitle?: string;
}

/** Whoever holds the bearer token: `/me` resolves to this user. */
export const SIGNED_IN_USER: MockUser = Object.freeze({
  id: '6e7b768e-07e2-4810-8459-485f84f8f204',
  userPrincipalName: 'meganb@contoso.example',
  displayName: 'Megan Bowen',
  jobTitle: 'Marketing Manager',
});

/** The user that placeholders default to (src/core/embedded-tenant.ts), with the directory's job title. */
export const DEFAULT_TARGET_USER: MockUser = Object.freeze({ ...TARGET, jobTitle: 'Retail Manager' });

export const MOCK_USERS: readonly MockUser[] = Object.freeze([
  SIGNED_IN_USER,
  DEFAULT_TARGET_USER,
  Object.freeze({
    id: '074e56ea-0b50-4461-89e5-c67ae14a2c0b',
    userPrincipalName: 'alexw@contoso.example',
    displayName: 'Alex Wilber',
    jobTitle: 'Marketing Assistant',
  }),
  ...[
    ['0b6c1c43-2f57-4e2a-9a50-6a3f0d5c2b11', 'diegos', 'Diego Siciliani', 'HR Manager'],
    ['1e4f7a90-8c3d-4b6e-a1f2-3d5c7e9b0a22', 'gradya', 'Grady Archie', 'Designer'],
    ['2a8d3e61-5b7c-4f90-8e1d-4c6b2a9f3e33', 'henriettam', 'Henrietta Mueller', 'Developer'],
    ['3c9e5f72-6d8a-4b01-9f2e-5d7c3b0a4f44', 'isaiahl', 'Isaiah Langer', 'Sales Rep'],
    ['4d0f6a83-7e9b-4c12-a03f-6e8d4c1b5a55', 'johannal', 'Johanna Lorenz', 'Senior Engineer'],
    ['5e1a7b94-8f0c-4d23-b14a-7f9e5d2c6b66', 'leeg', 'Lee Gu', 'Director'],
    ['6f2b8ca5-9a1d-4e34-c25b-8a0f6e3d7c77', 'lidiah', 'Lidia Holloway', 'Product Manager'],
  ].map(([id = '', alias = '', displayName = '', jobTitle = '']) =>
    Object.freeze({ id, userPrincipalName: `${alias}@contoso.example`, displayName, jobTitle }),
  ),
]);

/**
 * The file every tenant user's drive holds from the start (`/drive/items/{id}`, listed in the root's children);
 * its content, never written, reads as the mock's filler bytes.
 */
export const TENANT_FILE = Object.freeze({
  id: '01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K',
  name: 'Quarterly report.docx',
  size: 4096,
  file: Object.freeze({ mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }),
  createdDateTime: '2026-01-05T09:00:00Z',
  lastModifiedDateTime: '2026-01-05T09:00:00Z',
});

/** A user by id or userPrincipalName, both compared case-insensitively as Graph does. */
export function findUser(idOrUserPrincipalName: string): MockUser | undefined {
  const wanted = idOrUserPrincipalName.toLowerCase();
  return MOCK_USERS.find((user) => user.id === wanted || user.userPrincipalName.toLowerCase() === wanted);
}

/**
 * Whether a path value is one of the placeholder defaults. Placeholders are filled by name only (`{id}` of
 * `/users/{id}/messages/{id}` both become the default user's id), so at a placeholder that names no user, the
 * default stands for the member the docs show there: the mock serves it as documented rather than as unknown.
 */
export function isPlaceholderDefault(value: string): boolean {
  // A stand-in (core/embedded-tenant.ts `standInFor`) is the member the docs leave as a placeholder: served likewise.
  return DEFAULT_VALUES.has(value.toLowerCase()) || isStandIn(value);
}

const DEFAULT_VALUES: ReadonlySet<string> = new Set(
  ['id', 'userPrincipalName'].flatMap((name) => defaultParamFor(name) ?? []).map((value) => value.toLowerCase()),
);

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

  /**
   * The user's canonical id, compared case-insensitively as Graph does. A stand-in is a user too: the run sends
   * another documented path of an example (`GET /users/{id}/mailFolders` for `GET /me/mailFolders`) with the example's
   * own stand-in for the user, and the tenant answers that user as the example shows it.
   */
  findUser(idOrUserPrincipalName: string): string | undefined {
    const key = idOrUserPrincipalName.toLowerCase();
    return this.#ids.get(key) ?? (isStandIn(key) ? key : undefined);
  }
}
