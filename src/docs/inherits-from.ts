/**
 * A resource page's base type from its prose: "Inherits from [directoryObject](directoryobject.md)." Many pages say it
 * only there (775 resource pages of the 2021 reference say it; 652 carry a `baseType` annotation), so the prose is read
 * as well: a user in a directoryObject collection is a directoryObject.
 */

/**
 * Linked: "Inherits from [ipRange](iprange.md)", "Inherits from the abstract base type [x](x.md)", "This is a subclass
 * of [educationAssignmentGradeType](…)" (educationAssignmentPointsGradeType says it only so).
 */
const LINKED =
  /\b(?:inherits from|is a subclass of|derives from)\s+(?:the\s+)?(?:abstract\s+)?(?:base\s+(?:type|class)\s+)?\[\s*[*`]*([A-Za-z_][\w.]*)[*`]*\s*\]/i;
/** Marked: "Inherits from **entity**", "Inherits from `entity`". */
const MARKED = /\binherits from\s+(?:the\s+)?(?:\*\*|`)([A-Za-z_][\w.]*)(?:\*\*|`)/i;
/** Bare, when it is plainly a type name (camelCase, as Graph's are): "Inherits from directoryObject." */
const BARE = /\b[Ii]nherits from\s+([a-z]+[A-Z][A-Za-z0-9]*)\b/; // no `i`: the camelCase is the test

/** The type a paragraph's markdown says the resource inherits from (as written: `directoryObject`), if it says so. */
export function inheritsFrom(markdown: string): string | undefined {
  const match = LINKED.exec(markdown) ?? MARKED.exec(markdown) ?? BARE.exec(markdown);
  return match?.[1]?.replace(/^#/, '');
}
