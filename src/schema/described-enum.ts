/**
 * Enums given in prose: a `String` row whose description says "Possible values are: `a`, `b`, `c`." is an enum of
 * those members, as Graph's metadata declares it. Only a list that is clearly the whole set counts ("are", not
 * "include" or "such as"; every item a member name), so a description that merely mentions values stays a string.
 */
import { enumPattern } from './enum-schema.ts';
import { ENUM_KEYWORD, type JsonSchema } from './json-schema.ts';

/** `Possible values are: …`, `The supported values are …`: the list follows. */
const LIST_START = /\b(?:possible|allowed|supported|valid|accepted) values (?:are|is)\b\s*:?\s*/i;
/** Names of members: identifiers, as enum members are (`unknownFutureValue`, `HiddenMembership`, `v1.0` is not one). */
const MEMBER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words that stand for "no value" in such lists: they allow the empty string or null, not a member. */
const EMPTY = /^(?:empty|an empty string|empty string|blank)$/i;
const NULL = /^(?:null)$/i;

export interface DescribedEnum {
  readonly members: readonly string[];
  /** The list names "empty" as a value. */
  readonly empty: boolean;
}

/** The members a description lists as the possible values; undefined when it lists none, or not plainly. */
export function describedEnum(description: string): DescribedEnum | undefined {
  const start = LIST_START.exec(description);
  if (!start) return undefined;
  const rest = description.slice(start.index + start[0].length);
  // The list ends with its sentence; what a parenthesis adds ("(which is interpreted as Public)") is not a member.
  const sentence = rest.replace(/\([^()]*\)/g, ' ').split(/\.(?:\s|$)|;|\n/)[0] ?? '';
  const items = sentence
    .split(/,|\bor\b|\band\b/)
    .map((item) => item.replace(/[`'"*]/g, '').trim())
    .filter((item) => item !== '');
  let empty = false;
  const members: string[] = [];
  for (const item of items) {
    if (EMPTY.test(item)) empty = true;
    else if (NULL.test(item)) continue;
    else if (MEMBER.test(item)) members.push(item);
    else return undefined; // prose, not a list of members
  }
  if (members.length < 2) return undefined;
  return { members: [...new Set(members)], empty };
}

/** A string schema narrowed to the listed members (any letter case, as enum types are), when the description lists them. */
export function withDescribedEnum(schema: JsonSchema, description: string): JsonSchema {
  if (schema.type !== 'string' || schema.format !== undefined || schema.pattern !== undefined) return schema;
  const listed = describedEnum(description);
  if (!listed) return schema;
  const pattern = enumPattern(listed.members, false);
  return {
    ...schema,
    pattern: listed.empty ? `^$|${pattern}` : pattern,
    [ENUM_KEYWORD]: { members: listed.members, flags: false },
  };
}
