/**
 * A probe's request body as data: the example's body, whole or with one member changed, and how it is written out when
 * the probe is sent. A refused or observed probe of each row of a request-body table holds the same body but for one
 * member; holding that body once, shared by the probes of its example (and kept shared when a DocSet is stored), keeps
 * them small where a text per probe held the whole body once per row (7.2 MB for one Intune page's probe).
 */

/** A body object as an example sends it (or as its request-body table made it match). */
type Sent = Readonly<Record<string, unknown>>;

/** The body with member `name` set to `value` (added after the others where the body has none). */
export interface WithMember {
  readonly kind: 'member';
  readonly body: Sent;
  readonly name: string;
  readonly value: unknown;
}

export type ProbeBody =
  /** The body as it is. */
  | { readonly kind: 'as-sent'; readonly body: Sent }
  | WithMember
  /** The body with member `name` written as a raw JSON literal: a number past what `JSON.stringify` can write. */
  | { readonly kind: 'literal'; readonly body: Sent; readonly name: string; readonly literal: string }
  /** The body cut before its closing brace: not JSON. */
  | { readonly kind: 'cut'; readonly body: Sent };

/** The text a probe sends: its body as indented JSON (or, cut, not quite JSON). */
export function bodyTextOf(probeBody: ProbeBody): string {
  switch (probeBody.kind) {
    case 'as-sent':
      return JSON.stringify(probeBody.body, null, 2);
    case 'member':
      return JSON.stringify({ ...probeBody.body, [probeBody.name]: probeBody.value }, null, 2);
    case 'literal': {
      const marker = `\u0000raw-${probeBody.name}\u0000`;
      return JSON.stringify({ ...probeBody.body, [probeBody.name]: marker }, null, 2).replace(
        JSON.stringify(marker),
        probeBody.literal,
      );
    }
    case 'cut': {
      const text = JSON.stringify(probeBody.body, null, 2);
      const end = text.lastIndexOf('}');
      return end > 0 ? text.slice(0, end) : `${text}{`;
    }
  }
}
