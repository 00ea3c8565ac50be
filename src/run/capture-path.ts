/**
 * The small JSONPath subset a tenant-file setup request captures values with: `$`, `.name`, `["name"]`, `[index]`.
 * Enough to name one value of an answer; anything that could match several values is refused when the file is read.
 */
export type CapturePath = readonly (string | number)[];

const STEP = /^(?:\.([A-Za-z_@$][\w@$.-]*?)(?=[.[]|$)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\])/;

export function parseCapturePath(text: string): CapturePath | undefined {
  if (!text.startsWith('$')) return undefined;
  const steps: (string | number)[] = [];
  let rest = text.slice(1);
  while (rest !== '') {
    const match = STEP.exec(rest);
    if (!match) return undefined;
    if (match[1] !== undefined) steps.push(match[1]);
    else if (match[2] !== undefined) steps.push(Number(match[2]));
    else steps.push((match[3] ?? '').replace(/\\(.)/g, '$1'));
    rest = rest.slice(match[0].length);
  }
  return steps.length > 0 ? steps : undefined;
}

/** The value at the path as a placeholder value (strings as they are, numbers and booleans as text), or undefined. */
export function captureValue(document: unknown, path: CapturePath): string | undefined {
  let here: unknown = document;
  for (const step of path) {
    if (typeof step === 'number') here = Array.isArray(here) ? (here as unknown[])[step] : undefined;
    else
      here =
        typeof here === 'object' && here !== null && !Array.isArray(here)
          ? (here as Record<string, unknown>)[step]
          : undefined;
  }
  if (typeof here === 'string') return here;
  if (typeof here === 'number' || typeof here === 'boolean') return String(here);
  return undefined;
}

export function formatCapturePath(path: CapturePath): string {
  return `$${path.map((step) => (typeof step === 'number' ? `[${step}]` : /^[A-Za-z_][\w]*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`)).join('')}`;
}
