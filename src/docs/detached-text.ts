/**
 * Text the model keeps, held apart from the page it was read from. V8 makes a substring of 13 characters or more a
 * view into the string it was cut from (a sliced string), so a table cell or a front matter value kept in the model
 * kept its page's whole text alive: two texts a page (the file as read and the text after includes), measured as a
 * third of what the pages of the 2021 reference hold once read. The readers' results pass through `detached` where
 * they leave the page's tokens (`markdown.ts`) or its front matter (`front-matter.ts`), and so do the messages of the
 * page's findings, which quote it (`parse-page.ts`).
 */

/** Below this length V8 copies a substring rather than slicing it (`SlicedString::kMinLength`). */
const SLICED_FROM = 13;

/**
 * The same characters in a string of their own. Prefixing makes a two-part string; cutting the prefix off flattens it
 * into a new string first, so the result refers to that copy alone, however the input was made.
 */
export function detached(text: string): string {
  return text.length < SLICED_FROM ? text : ` ${text}`.slice(1);
}
