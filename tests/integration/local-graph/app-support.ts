/**
 * What both SDK apps share: where the mock is, the test app and user the README documents, and sign-in with
 * msal-node against the mock's token endpoint.
 */
import { LogLevel, PublicClientApplication } from '@azure/msal-node';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: run this through local-graph.test.ts`);
  return value;
}

/** The mock's origin (`https://127.0.0.1:<port>`). */
export const MOCK_URL = required('MOCK_URL');
/** The mock tenant's id (any tenant name works; this is what its tokens say). */
export const TENANT = '5f1d8c3a-6b2e-4c07-9a41-2d7e0b9c4f18';

/** The README's test app and signed-in user, and a colleague the day changes. */
export const APP = {
  clientId: '3f6e2a1c-8d4b-4f0e-9a7c-5b1d0e2f4a6c',
  userName: 'Megan Bowen',
  userPrincipalName: 'meganb@contoso.example',
  password: 'mock-user-password',
  userId: '6e7b768e-07e2-4810-8459-485f84f8f204',
  colleagueId: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
};

export const SCOPES = [
  'User.Read',
  'User.ReadWrite.All',
  'Group.ReadWrite.All',
  'Mail.Send',
  'Mail.Read',
  'Calendars.ReadWrite',
  'Files.ReadWrite',
];

/** The user's access token, from msal-node's password grant against the mock's authority. */
export async function signIn(): Promise<string> {
  const app = new PublicClientApplication({
    auth: {
      clientId: APP.clientId,
      authority: `${MOCK_URL}/${TENANT}`,
      knownAuthorities: [new URL(MOCK_URL).host],
    },
    system: { loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined } },
  });
  // The password grant: deprecated for real tenants (no MFA), and the simplest sign-in for a local one.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const result = await app.acquireTokenByUsernamePassword({
    scopes: SCOPES,
    username: APP.userPrincipalName,
    password: APP.password,
  });
  if (result === null || result.accessToken === '') throw new Error('msal-node got no token');
  return result.accessToken;
}

/** A file of `size` bytes that is not all one value, so that a misplaced slice would show. */
export function largeFile(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return bytes;
}
