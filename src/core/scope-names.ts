/** Permission scope names as Graph writes them, in a doc's table cell or in its permission-scopes file. */

/**
 * The scope names in a text. Graph scopes are dotted (`User.Read`, `Files.ReadWrite.All`); the rest of a cell is prose
 * ("For **user** resource:", "and", "Not supported.", "None.", a TODO), and a trailing `.` ends a sentence.
 */
export function scopeNames(text: string): string[] {
  return text
    .split(/[\s,;:]+/)
    .map((word) => word.replace(/\.$/, ''))
    .filter((word) => /^[A-Za-z][\w-]*(\.[\w-]+)+$/.test(word));
}
