/**
 * The tenant's own content beyond its users: groups with members and owners, a team (and its General channel) for
 * each Microsoft 365 group, and each user's mail folders, drive file, events and contacts. Every link is the
 * tenant's: a group's members are its users, a user's `memberOf` lists its groups, a team has its group's id, an
 * event's organizer and attendees are users of the tenant.
 *
 * Each entity takes the shape the docs show for its type (the first documented group, event, …: its `template`),
 * less what ties it to the example's own tenant (ids, links, change keys), with this tenant's identity and links
 * over it. Pure: keys in, entities out.
 */
import { createHash } from 'node:crypto';
import type { JsonObject } from './reply.ts';
import { WELL_KNOWN_FOLDERS } from './routes.ts';
import { findUser, MOCK_USERS, TENANT_FILE, type MockUser } from './tenant.ts';

export interface MockGroup {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly mailNickname: string;
  /** A Microsoft 365 group (`groupTypes: ["Unified"]`), with a team; else a security group. */
  readonly unified: boolean;
  readonly members: readonly string[];
  readonly owners: readonly string[];
}

const [MEGAN, ADELE, ALEX, DIEGO, , HENRIETTA, , JOHANNA, LEE] = MOCK_USERS.map((user) => user.id);

export const MOCK_GROUPS: readonly MockGroup[] = Object.freeze(
  [
    {
      id: '8a0e1b52-3c4d-4e5f-9a6b-7c8d9e0f1a2b',
      displayName: 'Marketing',
      description: 'Marketing team: campaigns and launches.',
      mailNickname: 'marketing',
      unified: true,
      members: [MEGAN, ALEX, ADELE],
      owners: [MEGAN],
    },
    {
      id: '9b1f2c63-4d5e-4f60-8b7c-8d9e0f1a2b3c',
      displayName: 'Retail',
      description: 'Stores, stock and the people who run them.',
      mailNickname: 'retail',
      unified: true,
      members: [ADELE, DIEGO, LEE],
      owners: [LEE],
    },
    {
      id: 'ac2a3d74-5e6f-4a71-9c8d-9e0f1a2b3c4d',
      displayName: 'Security Champions',
      description: 'Reviews access to the tenant.',
      mailNickname: 'securitychampions',
      unified: false,
      members: [HENRIETTA, JOHANNA, MEGAN],
      owners: [JOHANNA],
    },
  ].map((group) =>
    Object.freeze({ ...group, members: group.members.flatMap(known), owners: group.owners.flatMap(known) }),
  ),
);

function known(id: string | undefined): string[] {
  return id === undefined ? [] : [id];
}

/** When the tenant's content was made: a fixed past instant, so that answers do not change from run to run. */
const SEEDED = '2026-01-05T09:00:00Z';

/** The documented shape of a kind of entity: the first the docs show, or `{}`. */
export type Templates = (kind: 'user' | 'group' | 'event' | 'contact' | 'team' | 'channel') => JsonObject;

/** Properties of a documented example that belong to its own tenant, never carried into this one's. */
const FOREIGN =
  /^(id|@.*|.*@odata\..*|changeKey|iCalUId|webLink|webUrl|transactionId|seriesMasterId|onlineMeeting.*|calendar|internalId|email|mail|proxyAddresses|onPremises.*|renewedDateTime|expirationDateTime|deletedDateTime)$/;

function shapeOf(template: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(template).filter(([name]) => !FOREIGN.test(name)));
}

export interface TenantSeed {
  /** The tenant's own members of the collection at `key` (`/groups`, `/groups/<id>/members`, …); [] for others. */
  members(key: string): JsonObject[];
  /** The tenant's own entity at `key` (`/groups/<id>`, `/teams/<id>/channels/<id>`, …), if it is one. */
  entity(key: string): JsonObject | undefined;
}

export function createTenantSeed(templates: Templates): TenantSeed {
  const users = new Map(MOCK_USERS.map((user) => [user.id, user]));
  const user = (id: string): MockUser | undefined => users.get(id);
  const userEntity = (u: MockUser): JsonObject => tenantUser(u, templates('user'));
  const directoryUser = (id: string): JsonObject[] => {
    const u = user(id);
    return u === undefined ? [] : [{ '@odata.type': '#microsoft.graph.user', ...userEntity(u) }];
  };
  const groupEntity = (group: MockGroup): JsonObject => ({
    ...shapeOf(templates('group')),
    id: group.id,
    displayName: group.displayName,
    description: group.description,
    mail: `${group.mailNickname}@contoso.example`,
    mailNickname: group.mailNickname,
    mailEnabled: group.unified,
    securityEnabled: !group.unified,
    groupTypes: group.unified ? ['Unified'] : [],
    visibility: group.unified ? 'Public' : null,
    createdDateTime: SEEDED,
    resourceProvisioningOptions: group.unified ? ['Team'] : [],
  });
  const teamEntity = (group: MockGroup): JsonObject => ({
    ...shapeOf(templates('team')),
    id: group.id,
    displayName: group.displayName,
    description: group.description,
    isArchived: false,
    webUrl: `https://teams.microsoft.com/l/team/${encodeURIComponent(generalChannelId(group))}/conversations?groupId=${group.id}&tenantId=contoso`,
  });
  const channelEntity = (group: MockGroup): JsonObject => ({
    ...shapeOf(templates('channel')),
    id: generalChannelId(group),
    displayName: 'General',
    description: group.description,
    membershipType: 'standard',
    createdDateTime: SEEDED,
  });
  const eventsOf = (u: MockUser): JsonObject[] => {
    const others = MOCK_USERS.filter((other) => other.id !== u.id).slice(0, 2);
    return [
      ['Weekly sync', '2026-02-02T09:00:00', '2026-02-02T09:30:00'],
      ['Quarterly review', '2026-03-30T14:00:00', '2026-03-30T15:00:00'],
    ].map(([subject = '', start = '', end = ''], index) => ({
      ...shapeOf(templates('event')),
      id: seededId('AAMkAGVmMDEz', `${u.id}/event/${index}`),
      ...(Object.hasOwn(templates('event'), 'parentFolderId')
        ? { parentFolderId: seededId('AAMkAGVmAAEG', `${u.id}/calendar`) }
        : {}),
      createdDateTime: SEEDED,
      lastModifiedDateTime: SEEDED,
      subject,
      isOrganizer: true,
      start: { dateTime: `${start}.0000000`, timeZone: 'UTC' },
      end: { dateTime: `${end}.0000000`, timeZone: 'UTC' },
      organizer: { emailAddress: { name: u.displayName, address: u.userPrincipalName } },
      attendees: others.map((other) => ({
        type: 'required',
        status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        emailAddress: { name: other.displayName, address: other.userPrincipalName },
      })),
    }));
  };
  const contactsOf = (u: MockUser): JsonObject[] =>
    [
      ['Garth', 'Fort', 'garth@fabrikam.example'],
      ['Pat', 'Kim', 'pat@fabrikam.example'],
    ].map(([givenName = '', surname = '', address = ''], index) => ({
      ...shapeOf(templates('contact')),
      id: seededId('AAMkAGI2THVS', `${u.id}/contact/${index}`),
      createdDateTime: SEEDED,
      lastModifiedDateTime: SEEDED,
      parentFolderId: seededId('AAMkAGI2AAEO', `${u.id}/contacts`),
      displayName: `${givenName} ${surname}`,
      givenName,
      surname,
      emailAddresses: [{ name: `${givenName} ${surname}`, address }],
    }));
  const group = (id: string): MockGroup | undefined => MOCK_GROUPS.find((g) => g.id === id.toLowerCase());
  const team = (id: string): MockGroup | undefined => {
    const found = group(id);
    return found?.unified === true ? found : undefined;
  };

  const members = (key: string): JsonObject[] => {
    const parts = key.split('/').slice(1).map(decodeURIComponent);
    const [set, id = '', child, ...rest] = parts;
    if (set === 'groups' && parts.length === 1) return MOCK_GROUPS.map(groupEntity);
    if (set === 'teams' && parts.length === 1) return MOCK_GROUPS.filter((g) => g.unified).map(teamEntity);
    if (set === 'groups' && rest.length === 0) {
      const g = group(id);
      if (g === undefined) return [];
      if (child === 'members') return g.members.flatMap(directoryUser);
      if (child === 'owners') return g.owners.flatMap(directoryUser);
      return [];
    }
    if (set === 'teams' && child === 'channels' && rest.length === 0) {
      const t = team(id);
      return t === undefined ? [] : [channelEntity(t)];
    }
    if (set !== 'users') return [];
    const u = findUser(id);
    if (u === undefined) return [];
    const path = [child, ...rest].join('/');
    switch (path) {
      case 'memberof':
      case 'transitivememberof':
        return MOCK_GROUPS.filter((g) => g.members.includes(u.id)).map((g) => ({
          '@odata.type': '#microsoft.graph.group',
          ...groupEntity(g),
        }));
      case 'ownedobjects':
        return MOCK_GROUPS.filter((g) => g.owners.includes(u.id)).map((g) => ({
          '@odata.type': '#microsoft.graph.group',
          ...groupEntity(g),
        }));
      case 'joinedteams':
        return MOCK_GROUPS.filter((g) => g.unified && g.members.includes(u.id)).map(teamEntity);
      case 'events':
      case 'calendar/events':
        return eventsOf(u);
      case 'contacts':
        return contactsOf(u);
      case 'mailfolders':
        return [...WELL_KNOWN_FOLDERS].map(([folder, displayName]) => ({
          id: folder,
          displayName,
          parentFolderId: 'msgfolderroot',
          childFolderCount: 0,
          unreadItemCount: 0,
          totalItemCount: 0,
        }));
      case 'drive/items':
      case 'drive/root/children':
        return [TENANT_FILE];
      default:
        return [];
    }
  };

  return {
    members,
    entity(key) {
      const cut = key.lastIndexOf('/');
      const parent = key.slice(0, cut);
      const id = decodeURIComponent(key.slice(cut + 1));
      const [set, first] = key.split('/').slice(1);
      if (parent === '/groups') {
        const g = group(id);
        return g === undefined ? undefined : groupEntity(g);
      }
      if (parent === '/teams') {
        const t = team(id);
        return t === undefined ? undefined : teamEntity(t);
      }
      if (set === 'users' && first !== undefined && findUser(decodeURIComponent(first)) === undefined) return undefined;
      if (set !== 'users' && set !== 'teams') return undefined;
      // A member of one of the seeded collections: `/users/<id>/events/<id>`, `/teams/<id>/channels/<id>`.
      return members(parent).find((member) => member['id'] === id);
    },
  };
}

/**
 * Whether the tenant's own members of the collection at `key` come besides those the docs list (entity sets, mail
 * folders, drives), rather than only where the docs list none (a user's events, contacts, …).
 */
export function extendsDocumented(key: string): boolean {
  return /^\/(?:groups|teams)$|^\/users\/[^/]+\/(?:mailfolders|drive\/items|drive\/root\/children)$/.test(key);
}

/**
 * Whether `key` is one of the tenant's own users or groups (`/users/<id>`, `/groups/<id>`): every client of the common
 * state shares them.
 */
export function isTenantIdentity(key: string): boolean {
  const [set, id, ...rest] = key.split('/').slice(1);
  if (id === undefined || rest.length > 0) return false;
  const value = decodeURIComponent(id);
  if (set === 'users') return findUser(value) !== undefined;
  return set === 'groups' && MOCK_GROUPS.some((group) => group.id === value.toLowerCase());
}

/** One of the tenant's users: the documented user's shape, with this user's identity. */
export function tenantUser(user: MockUser, template: JsonObject): JsonObject {
  const [givenName = '', surname = ''] = user.displayName.split(' ');
  return {
    ...template,
    id: user.id,
    displayName: user.displayName,
    givenName,
    surname,
    userPrincipalName: user.userPrincipalName,
    mail: user.userPrincipalName,
    ...(user.jobTitle === undefined ? {} : { jobTitle: user.jobTitle }),
  };
}

/** The General channel's thread id: Teams' `19:…@thread.tacv2` form, stable for the group. */
function generalChannelId(group: MockGroup): string {
  return `19:${createHash('sha256').update(group.id).digest('hex').slice(0, 32)}@thread.tacv2`;
}

/** An Outlook-style id (`AAMkAG…`), stable for what it names. */
function seededId(prefix: string, name: string): string {
  return `${prefix}${createHash('sha256').update(name).digest('base64url').slice(0, 40)}AAA=`;
}
