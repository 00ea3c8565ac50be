/**
 * The one redactor of a process of the run. It knows every secret the process holds or can meet: the values of
 * environment variables whose names look secret (GRAPH_TOKEN and AZURE_CLIENT_SECRET among them, also when they are
 * set in the settings file), the private key of a client certificate, every token handed out, and the path and query of every
 * pre-authenticated URL followed. Whatever a process of the run writes passes it, in every encoded form it knows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SecretSet, secretEnvironmentValues, type Redactor } from '../core/redact.ts';
import type { Credentials } from '../settings/credentials.ts';
import { environment } from '../settings/settings.ts';

const secrets = new SecretSet();
let environmentRead = false;

/** Redacts every secret this process knows now, in clear and encoded. */
export const redactRun: Redactor = (text) => {
  if (!environmentRead) {
    // Read at first use, not at import: a process that names its settings file late still has it read.
    environmentRead = true;
    secrets.add(...secretEnvironmentValues(environment().variables, existsSync));
  }
  return secrets.redact(text);
};

/** A secret met during the run (a token handed out, a pre-authenticated URL's path and query). */
export function knowSecret(secret: string | undefined): void {
  secrets.add(secret);
}

/** The credentials' own secrets: the token or client secret, and a certificate's private key. */
export function knowCredentials(credentials: Credentials): void {
  if (credentials.kind === 'token') secrets.add(credentials.token);
  if (credentials.kind !== 'client') return;
  if (credentials.proof.kind === 'secret') secrets.add(credentials.proof.secret);
  else secrets.add(...privateKeyLines(credentials.proof.path));
}

/** The base64 body of each private key in a PEM file, whole and line by line (a copy may be wrapped differently). */
function privateKeyLines(path: string): string[] {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch {
    return []; // the token request reports the unreadable file
  }
  const bodies = [...pem.matchAll(/-----BEGIN [A-Z ]*PRIVATE KEY-----([\s\S]*?)-----END [A-Z ]*PRIVATE KEY-----/g)].map(
    (match) => (match[1] ?? '').split(/\r?\n/).filter((line) => /^[A-Za-z0-9+/=]{16,}$/.test(line.trim())),
  );
  return bodies.flatMap((lines) => [lines.join(''), ...lines.map((line) => line.trim())]);
}
