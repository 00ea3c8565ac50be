/**
 * What Graph's actions do to the state besides answering: the docs show an action's answer (`sendMail` answers
 * `202 Accepted`), not its effect, so the effects Graph documents in prose are written here, one per action.
 *
 * - `sendMail`: the message is sent, and saved in the sender's Sent Items unless `saveToSentItems` is false.
 *
 * An effect never refuses what the page allows: a rule Graph applies that the page does not state is not the mock's.
 */
import { randomBytes } from 'node:crypto';
import type { Entity, ResourceStore } from './store.ts';
import { badRequest, insufficientStorage } from './errors.ts';
import { isJsonObject } from '../core/json.ts';
import type { Reply } from './reply.ts';
import { findUser } from './tenant.ts';

/** The action a POST key names (`/users/<id>/sendmail` → `sendmail`), with the key of its binding resource. */
function boundAction(key: string): { readonly name: string; readonly bound: string } {
  const cut = key.lastIndexOf('/');
  return {
    name: key
      .slice(cut + 1)
      .toLowerCase()
      .replace(/\(\)$/, ''),
    bound: key.slice(0, cut),
  };
}

/** Runs the action's effect; an error reply when the request cannot have it, undefined when done (or none). */
export function actionEffect(store: ResourceStore, key: string, sent: Entity): Reply | undefined {
  const { name, bound } = boundAction(key);
  if (name === 'sendmail') return sendMail(store, bound, sent);
  return undefined;
}

/** An action's parameter, named in any letter case as Graph reads it (beta's sendMail table spells `Message`). */
function parameter(sent: Entity, name: string): unknown {
  const lower = name.toLowerCase();
  const key = Object.keys(sent).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : sent[key];
}

/** An Outlook-style id: opaque, URL-safe. */
function outlookId(): string {
  return `AAMk${randomBytes(33).toString('base64url')}`;
}

function sendMail(store: ResourceStore, userKey: string, sent: Entity): Reply | undefined {
  const message = parameter(sent, 'message');
  if (!isJsonObject(message)) return badRequest("The request body must hold the 'message' to send.");
  // Graph refuses a message without recipients, but the sendMail page does not say so: the mock asks only what the
  // page asks (its request-body table, checked before), so that a body the page allows is never refused here.
  if (parameter(sent, 'saveToSentItems') === false) return undefined;
  const user = findUser(decodeURIComponent(userKey.split('/')[2] ?? ''));
  const from =
    user === undefined ? undefined : { emailAddress: { name: user.displayName, address: user.userPrincipalName } };
  const now = new Date().toISOString();
  const id = outlookId();
  const saved: Entity = {
    ...message,
    id,
    createdDateTime: now,
    lastModifiedDateTime: now,
    sentDateTime: now,
    receivedDateTime: now,
    parentFolderId: 'sentitems',
    isDraft: false,
    isRead: true,
    ...(from === undefined ? {} : { from, sender: from }),
  };
  const messages = `${userKey}/messages`;
  if (!store.reserve(`${messages}/${id}`, JSON.stringify(saved).length)) return insufficientStorage(store.limitBytes);
  // One message, listed in the mailbox and in its folder.
  store.create(messages, id, saved);
  store.addReference(`${userKey}/mailfolders/sentitems/messages`, `${messages}/${encodeURIComponent(id)}`);
  return undefined;
}
