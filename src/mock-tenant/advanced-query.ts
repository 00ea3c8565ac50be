/**
 * The directory's advanced queries: on directory objects (users, groups, applications, …, and their member
 * collections), `$count`, `$search`, `endswith`, `ne`, `not` and `$orderby` with `$filter` are served only with
 * `ConsistencyLevel: eventual`, and Graph refuses them without it. These are its answers (the "Advanced query
 * capabilities on Azure AD directory objects" page of Graph's docs).
 */
import type { Reply } from './reply.ts';
import type { ReadOptions } from './odata.ts';

/** Collections of directory objects, by their last literal segment. */
const DIRECTORY_COLLECTIONS = new Set([
  'users',
  'groups',
  'applications',
  'serviceprincipals',
  'devices',
  'directoryobjects',
  'administrativeunits',
  'orgcontacts',
  'members',
  'transitivemembers',
  'memberof',
  'transitivememberof',
  'owners',
  'registeredowners',
  'ownedobjects',
  'directreports',
]);

/** Whether a collection key (`/groups/<id>/members`) holds directory objects. */
export function isDirectoryCollection(key: string): boolean {
  const parts = key.split('/').filter((p) => p !== '');
  const last = (parts.at(-1) ?? '').toLowerCase();
  const collection = /^microsoft\.graph\./.test(last) ? (parts.at(-2) ?? '').toLowerCase() : last;
  // `contacts` is the directory's only at the top level; under a user it is Outlook's.
  if (collection === 'contacts') return parts.length === 1;
  return DIRECTORY_COLLECTIONS.has(collection) && (parts[0] ?? '').toLowerCase() !== 'me';
}

/** Graph's refusal of an advanced query sent without `ConsistencyLevel: eventual`; undefined when it may run. */
export function refuseAdvancedQuery(
  key: string,
  options: ReadOptions,
  eventual: boolean,
  countSegment: boolean,
): Reply | undefined {
  if (eventual || !isDirectoryCollection(key)) return undefined;
  if (options.search !== undefined) {
    return refusal(
      'Request_BadRequest',
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  }
  if (countSegment || options.count) return refusal('Request_BadRequest', '$count is not currently supported.');
  if (options.filter !== undefined && options.filter.advanced.size > 0)
    return refusal('Request_UnsupportedQuery', 'Unsupported Query.');
  if (options.filter !== undefined && options.orderBy.length > 0)
    return refusal('Request_UnsupportedQuery', 'Sorting not supported for current query.');
  return undefined;
}

function refusal(code: string, message: string): Reply {
  return { kind: 'error', status: 400, code, message };
}
