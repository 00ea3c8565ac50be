/**
 * The Graph errors the mock answers with. Codes follow what the real service sends for the same condition, so a
 * conformance check that passes against the mock reads the same fields it would read against a tenant.
 */
import type { Reply } from './reply.ts';

function graphError(status: number, code: string, message: string, headers?: Readonly<Record<string, string>>): Reply {
  return headers === undefined
    ? { kind: 'error', status, code, message }
    : { kind: 'error', status, code, message, headers };
}

export function badRequest(message: string): Reply {
  return graphError(400, 'BadRequest', message);
}

export function unauthenticated(message: string): Reply {
  return graphError(401, 'InvalidAuthenticationToken', message, { 'www-authenticate': 'Bearer' });
}

/** A path segment that is no identifier at all: its percent-encoding does not decode (`%ff%fe`). */
export function invalidIdentifier(segment: string): Reply {
  return graphError(400, 'BadRequest', `Invalid object identifier '${segment}'.`);
}

/** No documented route has this shape. */
export function segmentNotFound(segment: string): Reply {
  return graphError(404, 'ResourceNotFound', `Resource not found for the segment '${segment}'.`);
}

/** The route exists but the entity it names does not (an unknown user, a deleted resource). */
export function entityNotFound(key: string): Reply {
  return graphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** Each workload names a missing item in its own words: the directory, Outlook, and OneDrive/SharePoint. */
export function memberNotFound(key: string): Reply {
  const parts = key.split('/').map((p) => p.toLowerCase());
  if (
    parts.some((p) =>
      /^(messages|events|contacts|mailfolders|calendars?|calendargroups|childfolders|contactfolders)$/.test(p),
    )
  )
    return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  if (parts.some((p) => /^(drives?|items|root)$/.test(p)))
    return graphError(404, 'itemNotFound', 'The resource could not be found.');
  return entityNotFound(key);
}

export function methodNotAllowed(method: string, allowed: readonly string[]): Reply {
  return graphError(
    405,
    'Request_BadRequest',
    `Specified HTTP method '${method}' is not allowed for the request target. Allowed: ${allowed.join(', ')}.`,
    { allow: allowed.join(', ') },
  );
}

export function payloadTooLarge(limitBytes: number): Reply {
  return graphError(413, 'RequestEntityTooLarge', `The request body exceeds the limit of ${limitBytes} bytes.`, {
    // The rest of an oversized body is not read, so the connection cannot be reused.
    connection: 'close',
  });
}

/** A session's written state reached its limit (`--session-limit`), or all sessions' together did. */
export function insufficientStorage(limitBytes: number): Reply {
  return graphError(
    507,
    'quotaLimitReached',
    `Insufficient storage: this mock session may hold ${limitBytes} bytes of written state. Reset it (POST /_mock/reset with the same x-mock-session header), use another x-mock-session, or start the mock with a larger --session-limit.`,
  );
}

export function unsupportedMediaType(contentType: string | undefined): Reply {
  const got = contentType === undefined ? 'no Content-Type' : `Content-Type '${contentType}'`;
  return graphError(
    415,
    'UnsupportedMediaType',
    `A request body must be sent as application/json (charset utf-8); got ${got}.`,
  );
}

export function tooManyRequests(retryAfterSeconds: number): Reply {
  return graphError(
    429,
    'TooManyRequests',
    `Too many requests (injected by x-mock-throttle). Retry after ${retryAfterSeconds} seconds.`,
    { 'retry-after': String(retryAfterSeconds) },
  );
}

/** Deliberately vague: the cause goes to the server log, never to the client. */
export function internalError(): Reply {
  return graphError(
    500,
    'generalException',
    'An unexpected error occurred in the mock tenant. See its log for details.',
  );
}

/** The token is valid but grants none of the permissions the page lists for the operation. */
export function forbidden(message: string): Reply {
  return graphError(403, 'Authorization_RequestDenied', message);
}

/** Injected by `--throttle-rate`: the same answer as the header, with its own explanation. */
export function throttledByRate(retryAfterSeconds: number): Reply {
  return graphError(
    429,
    'TooManyRequests',
    `Too many requests (injected by the mock's throttle rate). Retry after ${retryAfterSeconds} seconds.`,
    {
      'retry-after': String(retryAfterSeconds),
    },
  );
}
