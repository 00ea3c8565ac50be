/**
 * Secrets never reach a report, attachment or log. Everything the harness writes about an exchange passes through a
 * redactor that knows the run's secret values, and credential headers are masked whatever their value.
 */
export const REDACTED = '<redacted>';

/** Headers that carry credentials. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'ocp-apim-subscription-key']);

export type Redactor = (text: string) => string;

/** Replaces every occurrence of each secret. Secrets shorter than 4 characters are ignored: they would mask noise. */
export function redactor(secrets: readonly (string | undefined)[]): Redactor {
  const values = [...new Set(secrets.filter((s): s is string => s !== undefined && s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text) => values.reduce((out, secret) => out.split(secret).join(REDACTED), text);
}

export function redactHeaders(headers: Readonly<Record<string, string>>, redact: Redactor): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!CREDENTIAL_HEADERS.has(lower)) out[name] = redact(value);
    else if (lower === 'authorization' || lower === 'proxy-authorization') out[name] = maskCredentials(value);
    else out[name] = REDACTED;
  }
  return out;
}

/** `Bearer abc` → `Bearer <redacted>`: the scheme helps a reader and is no secret. A value with no scheme is all secret. */
function maskCredentials(value: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+\S/.exec(value.trim())?.[1];
  return scheme === undefined ? REDACTED : `${scheme} ${REDACTED}`;
}
