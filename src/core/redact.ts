/**
 * Secrets never reach a report, attachment or log. Everything the harness writes about an exchange passes through a
 * redactor that knows the run's secret values, and credential headers are masked whatever their value.
 */
export const REDACTED = '<redacted>';

/** Headers that carry credentials. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'ocp-apim-subscription-key',
]);

export type Redactor = (text: string) => string;

/**
 * Replaces every occurrence of each secret, then every credential the run does not know but can recognise: token
 * fields of OAuth bodies (JSON or form-encoded), PEM private keys and JWTs. A target may echo a token, and an
 * authority's answer holds one. Secrets shorter than 4 characters are ignored: they would mask noise.
 */
export function redactor(secrets: readonly (string | undefined)[]): Redactor {
  const values = [...new Set(secrets.filter((s): s is string => s !== undefined && s.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => redactRecognisable(values.reduce((out, secret) => out.split(secret).join(REDACTED), text));
}

/** A redactor whose secrets can grow during a run (a renewed token). */
export function growingRedactor(secrets: () => Iterable<string | undefined>): Redactor {
  return (text) => redactor([...secrets()])(text);
}

/** OAuth 2 and OIDC fields that carry credentials (RFC 6749 §4.4, §5.1; client assertions, RFC 7523). */
const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token', 'client_secret', 'client_assertion'];
const JSON_FIELD = new RegExp(`("(?:${TOKEN_FIELDS.join('|')})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
/** The same fields JSON-escaped inside a string (a body attached as a JSON string value). */
const ESCAPED_JSON_FIELD = new RegExp(
  `(\\\\"(?:${TOKEN_FIELDS.join('|')})\\\\"\\s*:\\s*)\\\\"(?:[^"\\\\])*\\\\"`,
  'gi',
);
const FORM_FIELD = new RegExp(`(\\b(?:${TOKEN_FIELDS.join('|')})=)[^&\\s"]+`, 'gi');
/**
 * Pre-authenticated URLs: whoever holds one can upload or download without a token (upload sessions' `uploadUrl`,
 * driveItems' download URLs). The origin stays, for the reader; the path and query are the credential.
 */
const URL_FIELDS = ['uploadUrl', '@microsoft.graph.downloadUrl', '@content.downloadUrl']
  .map((f) => f.replace(/\./g, '\\.'))
  .join('|');
const URL_JSON_FIELD = new RegExp(`("(?:${URL_FIELDS})"\\s*:\\s*"https?://[^/"\\\\]+)(?:[^"\\\\]|\\\\.)*"`, 'gi');
const URL_ESCAPED_JSON_FIELD = new RegExp(
  `(\\\\"(?:${URL_FIELDS})\\\\"\\s*:\\s*\\\\"https?://[^/"\\\\]+)(?:[^"\\\\])*\\\\"`,
  'gi',
);
const PEM_KEY = /-----BEGIN ([A-Z ]*PRIVATE KEY)-----[\s\S]*?-----END \1-----/g;
/** A JWT: base64url JSON header (`{"` → `eyJ`), payload and signature. */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

function redactRecognisable(text: string): string {
  return text
    .replace(PEM_KEY, (_all, kind: string) => `-----BEGIN ${kind}-----${REDACTED}-----END ${kind}-----`)
    .replace(JSON_FIELD, `$1"${REDACTED}"`)
    .replace(ESCAPED_JSON_FIELD, `$1\\"${REDACTED}\\"`)
    .replace(URL_JSON_FIELD, `$1${REDACTED}"`)
    .replace(URL_ESCAPED_JSON_FIELD, `$1${REDACTED}\\"`)
    .replace(FORM_FIELD, `$1${REDACTED}`)
    .replace(JWT, REDACTED);
}

/**
 * A redirect's Location: Graph redirects content reads to pre-authenticated download URLs, so only the origin is
 * shown. `https://b0mpua-by3301.files.1drv.com/y23vmag…` → `https://b0mpua-by3301.files.1drv.com<redacted>`.
 */
export function redactRedirect(status: number, headers: Readonly<Record<string, string>>): Record<string, string> {
  const location = headers['location'];
  if (status < 300 || status >= 400 || location === undefined) return { ...headers };
  const origin = /^https?:\/\/[^/?#]+/i.exec(location)?.[0] ?? '';
  return { ...headers, location: `${origin}${REDACTED}` };
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
