/** HTTP and Graph vocabulary every stage shares. */

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const GRAPH_VERSIONS = ['v1.0', 'beta'] as const;
export type GraphVersion = (typeof GRAPH_VERSIONS)[number];

/**
 * Whether an answer with this status has content: `204 No Content`, `205` and `304` never do (RFC 9110 §15.3.5,
 * §15.3.6, §15.4.5). Pages that show a JSON body under `HTTP/1.1 204 No Content` (homerealmdiscoverypolicy-update)
 * document an answer that has none, and the service sends none: the run does not hold it to that body.
 */
export function carriesContent(status: number): boolean {
  return status !== 204 && status !== 205 && status !== 304;
}
