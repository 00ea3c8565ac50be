/**
 * Where a JSON pointer's value is written in a body's text, to the line: a schema error at `/value/0/height` is
 * reported at the line of `"height"`, not at the body's first line. A heuristic (the text is not re-parsed with
 * positions): each member name of the pointer is looked for after the previous one; array indexes are skipped.
 */
export function lineOfPointer(text: string, pointer: string): number {
  let offset = 0;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(key)) continue;
    const found = text.indexOf(`"${key}"`, offset);
    if (found < 0) break;
    offset = found;
  }
  let line = 1;
  for (let i = 0; i < offset; i++) if (text[i] === '\n') line++;
  return line;
}
