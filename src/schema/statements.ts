/**
 * What a property's description states about writing it and about null, read as a doc writer writes it. A statement is
 * `always` only when the page makes it without a condition: "Read-only." is; "Read-only for users synced from
 * on-premises directory" and "Once set, this property is read-only" are conditional, and a probe that relied on them
 * would be a guess.
 *
 * Where the page says nothing, the answer is `silent`: the harness then leaves the input out, or records what a
 * target does as an observation. Service metadata may answer where the page is silent (see `nullabilityFromPageThen`).
 */

export type ReadOnlyStatement =
  | { readonly kind: 'always' }
  /** The sentence that makes the property read-only under a condition. */
  | { readonly kind: 'conditional'; readonly sentence: string }
  | { readonly kind: 'silent' };

/** Words that make a read-only statement depend on something: who, when, which kind of account. */
const CONDITION_AFTER =
  /\bread-?only\b.*\b(for|if|when|unless|once|after|until|except|while|only|depending|in case)\b/i;
const CONDITION_BEFORE = /\b(for|if|when|unless|once|after|until|while)\b.*\bread-?only\b/i;
/** "read-only access", "a read-only state": about something else than writing the property. */
const NOT_ABOUT_THE_PROPERTY = /\bread-?only\s+(access|state|mode|support)\b/i;

export function readOnlyStatement(description: string): ReadOnlyStatement {
  let conditional: string | undefined;
  for (const sentence of sentences(description)) {
    if (!/\bread-?only\b/i.test(sentence) || NOT_ABOUT_THE_PROPERTY.test(sentence)) continue;
    if (CONDITION_AFTER.test(sentence) || CONDITION_BEFORE.test(sentence)) conditional ??= sentence;
    else return { kind: 'always' };
  }
  return conditional === undefined ? { kind: 'silent' } : { kind: 'conditional', sentence: conditional };
}

/** `nullable`: the page says so ("Nullable."); `not-nullable`: it says "Not nullable"; `silent`: neither. */
export type Nullability = 'nullable' | 'not-nullable' | 'silent';

export function nullabilityStatement(description: string): Nullability {
  if (/\bnot\s+nullable\b/i.test(description)) return 'not-nullable';
  if (/\bnullable\b/i.test(description)) return 'nullable';
  return 'silent';
}

/** What is known of a property where a nullability is asked for: its name, its doc description and row. */
export interface PropertyFacts {
  readonly name: string;
  readonly description: string;
  /** `file:line` of its table row. */
  readonly source?: string;
}

/**
 * Who decides whether a property may be null: the page by default. Pluggable, so that where the page is silent an
 * answer from Graph's service metadata (CSDL `Nullable`) can be given instead, and say where it came from.
 */
export type NullabilitySource = (property: PropertyFacts) => Nullability;

export const nullabilityFromPage: NullabilitySource = (property) => nullabilityStatement(property.description);

/**
 * The page first; where it is silent, another source's answer for the row, found by the row's `file:line`: Graph's
 * service metadata (`Nullable`). A row the other source does not know stays silent.
 */
export function nullabilityFromPageThen(nullableAt: (source: string) => boolean | undefined): NullabilitySource {
  return (property) => {
    const said = nullabilityStatement(property.description);
    if (said !== 'silent' || property.source === undefined) return said;
    const stated = nullableAt(property.source);
    return stated === undefined ? 'silent' : stated ? 'nullable' : 'not-nullable';
  };
}

/** A sentence that is the word "Required" alone, with any emphasis (`Required.`, `**Required**`). */
const REQUIRED_SENTENCE = /^[*_]*required[*_]*(?:[.;:!][*_]*)?$/i;

/**
 * Whether a request-body row makes its property required: a sentence that says "Required." and nothing else,
 * wherever it stands in the cell ("The name to show. Required.", "Required.<br>Set to true…"). A sentence that adds a
 * condition ("Required if `kind` is `x`", "This property is required when a user is created") is not a statement
 * about every request: a write the condition does not cover would be refused on a guess.
 */
export function isRequiredStatement(description: string): boolean {
  return sentences(description).some((sentence) => REQUIRED_SENTENCE.test(sentence));
}

/** Sentences of a table cell: split after `.` or `;`, and at `<br>`. */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.;])\s+|<br\s*\/?>/i)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
