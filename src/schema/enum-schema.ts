/**
 * Enum types → JSON Schema. Graph writes enum values as their member names. The docs' letter case is not reliable
 * (enums.md lists `None`, `AllowFalsePositiveOverride` where the service sends `none`, …), so members compare
 * case-insensitively; JSON Schema has no case-insensitive `enum`, so the members become a pattern. A flags enum (members
 * numbered 1, 2, 4, …) takes a comma-separated combination of members, as OData serialises it.
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
  return {
    $schema: DRAFT_2020_12,
    $id: id,
    title,
    description: `${definition.name}${definition.flags ? ' (flags: a comma-separated combination of members)' : ''}, as documented by ${where}`,
    [SOURCE_KEYWORD]: where,
    type: 'string',
    pattern: enumPattern(members, definition.flags),
    [ENUM_KEYWORD]: { members, flags: definition.flags },
  };
}
