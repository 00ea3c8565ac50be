/**
 * Whether a request-body row's description makes its property required, read as doc writers write it: a sentence
 * that says "Required." and nothing else, wherever it stands in the cell ("The name to show. Required.",
 * "Required. The name…", `**Required**`). A sentence that adds a condition ("Required if `kind` is `x`", "This
 * property is required when a user is created") is not a statement about every request, so it makes nothing
 * required: a write the condition does not cover would be refused on a guess.
 */

/** One sentence of a table cell, with any emphasis, that is the word "Required" alone. */
const REQUIRED_SENTENCE = /^[*_]*required[*_]*[.;:!]?[*_]*$/i;

export function isRequiredStatement(description: string): boolean {
  return cellSentences(description).some((sentence) => REQUIRED_SENTENCE.test(sentence));
}

/** Sentences of a table cell: split after `.`, `;` or `:`, and at `<br>`. */
function cellSentences(text: string): string[] {
  return text
    .split(/(?<=[.;:])\s+|<br\s*\/?>/i)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
