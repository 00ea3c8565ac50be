/** `1 page`, `2 pages`: a count and its noun, as a person writes them. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
