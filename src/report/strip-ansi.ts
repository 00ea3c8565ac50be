// eslint-disable-next-line no-control-regex -- terminal colour codes are control characters by definition
const ANSI = /\u001b\[[0-9;]*m/g;

/** Playwright's messages carry terminal colours; a file or a page shows them without. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
