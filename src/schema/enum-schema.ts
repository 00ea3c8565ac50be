/**
 * Enum types → JSON Schema. Graph writes enum values as their member names. The docs' letter case is not reliable
 * (enums.md lists `None`, `AllowFalsePositiveOverride` where the service sends `none`, …), so members compare
 * case-insensitively; JSON Schema has no case-insensitive `enum`, so the members become a pattern. A flags enum (members
 * numbered 1, 2, 4, …) takes a comma-separated combination of members, as OData serialises it; so does one whose
 * values the doc does not give, since it may be one.
 */
import type { EnumDefinition } from '../docs/model.ts';
import { formatLocation } from '../core/finding.ts';
import { DRAFT_2020_12, ENUM_KEYWORD, SOURCE_KEYWORD, type JsonSchema } from './json-schema.ts';

/** `ageGroup` → `[aA][gG][eE][gG][rR][oO][uU][pP]`: a member in any letter case. */
function anyCase(member: string): string {
  return Array.from(member, (char) => char)
    .map((char) =>
      /[A-Za-z]/.test(char)
        ? `[${char.toLowerCase()}${char.toUpperCase()}]`
        : char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'),
    )
    .join('');
}

/** The regular expression a value of the enum must match. */
export function enumPattern(members: readonly string[], flags: boolean): string {
  const alternatives = `(?:${members.map(anyCase).join('|')})`;
  return flags ? `^${alternatives}(?: ?, ?${alternatives})*$` : `^${alternatives}$`;
}

/** Member names, without the `null` some tables list to say the property may be null. */
export function enumMembers(definition: EnumDefinition): string[] {
  return [...new Set(definition.members.map((m) => m.name).filter((name) => name.toLowerCase() !== 'null'))];
}

export function enumSchema(definition: EnumDefinition, id: string, title: string): JsonSchema {
  const members = enumMembers(definition);
  const where = formatLocation(definition.location);
  // Without a Value column the doc does not say whether the enum is flags (ediscovery's sourceType is, and its
  // examples show "mailbox,site"): a combination is undecidable there, so it is accepted.
  const combinable = definition.flags || definition.members.every((m) => m.value === undefined);
  const note = definition.flags
    ? ' (flags: a comma-separated combination of members)'
    : combinable
      ? ' (its values are not documented: a comma-separated combination of members, as a flags enum takes, is accepted)'
      : '';
  return {
    $schema: DRAFT_2020_12,
    $id: id,
    title,
    description: `${definition.name}${note}, as documented by ${where}`,
    [SOURCE_KEYWORD]: where,
    type: 'string',
    pattern: enumPattern(members, combinable),
    [ENUM_KEYWORD]: { members, flags: definition.flags },
  };
}
