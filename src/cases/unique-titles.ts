/**
 * Test titles unique by construction. Playwright refuses a whole run when two tests share a title, so one page that
 * documents a property twice (in two request-body tables) or names two examples alike would stop every other page
 * from being checked. Titles are built from the docs (page, example, path, probe); where two still meet, the later
 * ones get a stable disambiguator: ` (2)`, ` (3)`, … in document order. The first keeps its title, so a baseline that
 * knew it keeps matching it.
 */
export function withUniqueTitles<T extends { readonly title: string }>(items: readonly T[]): T[] {
  const taken = new Set(items.map((item) => item.title));
  const seen = new Set<string>();
  return items.map((item) => {
    if (!seen.has(item.title)) {
      seen.add(item.title);
      return item;
    }
    let n = 2;
    while (taken.has(`${item.title} (${String(n)})`)) n++;
    const title = `${item.title} (${String(n)})`;
    taken.add(title);
    return { ...item, title };
  });
}
