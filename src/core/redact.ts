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
 * Replaces every occurrence of each secret, in clear or in any form a target can echo it back in, then every
 * credential the run does not know but can recognise: token fields of OAuth bodies (JSON or form-encoded), PEM private
 * keys and JWTs. A target may echo a token, and an authority's answer holds one. Secrets shorter than 4 characters are
 * ignored: they would mask noise.
 *
 * The forms of a secret: each character as itself, JSON-escaped (`\u0065`, behind any number of backslashes, as a
 * JSON string inside a JSON string has it), percent-encoded (`%65`) or as an HTML character reference (`&#101;`),
 * mixed at will; and its base64 and base64url encodings at each of the three alignments it can have inside a longer
 * encoded text (the characters that also depend on the neighbouring bytes are left out of the match).
 */
export function redactor(secrets: Iterable<string | undefined>): Redactor {
  const values = usableSecrets(secrets);
  if (values.length === 0) return redactRecognisable;
  const pattern = new RegExp(values.flatMap(secretForms).join('|'), 'g');
  return (text) => redactRecognisable(text.replace(pattern, REDACTED));
}

function usableSecrets(secrets: Iterable<string | undefined>): string[] {
  const usable = [...secrets].filter((s): s is string => s !== undefined && s.length >= 4);
  // Longest first: where one secret contains another, the whole of the longer is masked.
  return [...new Set(usable)].sort((a, b) => b.length - a.length);
}

/** Regular-expression sources matching a secret in clear or encoded. */
function secretForms(secret: string): string[] {
  return [Array.from(secret).map(characterForms).join(''), ...base64Cores(secret).map(escapeRegExp)];
}

function characterForms(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  const units = [...Array(char.length).keys()].map((i) => char.charCodeAt(i));
  const forms = [
    escapeRegExp(char),
    // \uXXXX per UTF-16 code unit; a JSON string inside a JSON string doubles the backslash, and so on.
    units.map((unit) => `\\\\+u${hexDigits(unit, 4)}`).join(''),
    [...Buffer.from(char, 'utf8')].map((byte) => `%${hexDigits(byte, 2)}`).join(''),
    `&#0*${String(codePoint)};`,
    `&#[xX]0*${hexDigits(codePoint, 1)};`,
  ];
  if (char === '/' || char === '"' || char === '\\') forms.push(`\\\\+${escapeRegExp(char)}`);
  return `(?:${forms.join('|')})`;
}

/** `0x6a` as `6[aA]`: hex digits of either case, at least `width` of them (leading zeros included). */
function hexDigits(value: number, width: number): string {
  return Array.from(value.toString(16).padStart(width, '0'))
    .map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit))
    .join('');
}

/**
 * The base64 and base64url characters that depend on the secret's bytes alone, for each alignment (0, 1 or 2 bytes
 * before it in the encoded text). Cores shorter than 6 characters are left out: they would match noise.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores = new Set<string>();
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    if (core.length < 6) continue;
    cores.add(core);
    cores.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...cores];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The secrets of one process, which grow during a run (a renewed token, a handed-out URL): one redactor over all of
 * them, compiled again only when one is added.
 */
export class SecretSet {
  readonly #values = new Set<string>();
  #compiled: Redactor | undefined;

  add(...secrets: readonly (string | undefined)[]): void {
    for (const secret of secrets) {
      if (secret === undefined || secret.length < 4 || this.#values.has(secret)) continue;
      this.#values.add(secret);
      this.#compiled = undefined;
    }
  }

  readonly redact: Redactor = (text) => (this.#compiled ??= redactor(this.#values))(text);
}

/** Environment variables whose values are secrets by their name (`CI_SECRET`, `NPM_TOKEN`, `DB_PASSWORD`, `API_KEY`). */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|KEY/i;
/** Values that say nothing secret, even under such a name: flags and small numbers. */
const NOT_SECRET = /^(?:true|false|yes|no|on|off|none|null|undefined|\d{1,4})$/i;

/**
 * The values of the environment variables whose names look secret. A value that names a file or folder is left out
 * (`SSH_KEY_PATH=/home/me/.ssh/id`: the path is no secret, the file is), as `isPath` tells.
 */
export function secretEnvironmentValues(
  env: Readonly<Record<string, string | undefined>>,
  isPath: (value: string) => boolean = () => false,
): string[] {
  return Object.entries(env)
    .filter(([name]) => SECRET_NAME.test(name))
    .map(([, value]) => value?.trim() ?? '')
    .filter((value) => value.length >= 4 && !NOT_SECRET.test(value) && !isPath(value));
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
