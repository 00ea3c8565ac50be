/**
 * The kinds of value a setting can hold: each is a zod schema from the raw text (trimmed, never empty: a blank
 * setting counts as unset) to the typed value, and the words the generated docs and the error messages use for it.
 * The schema is built only when a value is validated: a process that takes checked settings (a run's worker) loads no zod.
 */
import type { ZodType } from 'zod';
import { zod } from './zod.ts';

export interface Kind<T> {
  /** Raw text → value. A failed check without a message of its own is reported with `expected`. */
  schema(): ZodType<T>;
  /** What a value looks like, for the docs: `whole number 0–65535`. */
  readonly value: string;
  /** What is wrong with a value the schema refused, after `NAME: "<value>" `: `is not a whole number from 0 to 10`. */
  readonly expected: string;
}

export const text: Kind<string> = { schema: () => zod().string(), value: 'text', expected: 'is not text' };

export const path: Kind<string> = { schema: () => zod().string(), value: 'path', expected: 'is not a path' };

/** Comma-separated, each part trimmed, empty parts left out (`a, b/c ,,d` → `a`, `b/c`, `d`). */
export const pathList: Kind<readonly string[]> = {
  schema: () =>
    zod()
      .string()
      .transform((raw) =>
        raw
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== ''),
      ),
  value: 'paths, comma-separated',
  expected: 'is not a list of paths',
};

export function wholeNumber(min: number, max: number): Kind<number> {
  return {
    schema: () => zod().coerce.number().int().min(min).max(max),
    value: `whole number ${String(min)}–${String(max)}`,
    expected: `is not a whole number from ${String(min)} to ${String(max)}`,
  };
}

/** Case-insensitive: ` Strict ` is `strict`. */
export function oneOf<const L extends readonly [string, ...string[]]>(levels: L): Kind<L[number]> {
  return {
    schema: () => zod().string().toLowerCase().pipe(zod().enum(levels)),
    value: levels.map((l) => `\`${l}\``).join(', '),
    expected: `is not one of ${levels.join(', ')}`,
  };
}

/** `1`/`true` or `0`/`false`, in any case. */
export const onOff: Kind<boolean> = {
  schema: () =>
    zod()
      .string()
      .toLowerCase()
      .pipe(zod().enum(['1', '0', 'true', 'false']))
      .transform((v) => v === '1' || v === 'true'),
  value: '`1` or `0`',
  expected: 'must be 1 or 0',
};

/** Set to anything at all (CI systems set `CI=true`, some `CI=1`). */
export const present: Kind<boolean> = {
  schema: () =>
    zod()
      .string()
      .transform(() => true),
  value: 'any value',
  expected: 'is not a value',
};

/**
 * An http(s) origin: `baseURL` must be one, since Playwright resolves `/beta/me` against it and would drop any path.
 * `https` only where the other side refuses anything else (msal-node's authorities). `example` shows the form.
 */
export function origin(
  example: string,
  options: { readonly https?: boolean; readonly withPath: (origin: string) => string },
): Kind<string> {
  const protocols = options.https === true ? ['https:'] : ['http:', 'https:'];
  return {
    schema: () =>
      zod()
        .string()
        .transform((raw, ctx) => {
          let url: URL;
          try {
            url = new URL(raw);
          } catch {
            ctx.addIssue({ code: 'custom', message: `"${raw}" is not a URL (expected e.g. ${example})` });
            return zod().NEVER;
          }
          if (!protocols.includes(url.protocol)) {
            ctx.addIssue({
              code: 'custom',
              message:
                options.https === true
                  ? `"${raw}" must be https (Entra authorities are; msal-node refuses others)`
                  : `"${raw}" is not an http(s) URL`,
            });
            return zod().NEVER;
          }
          if (url.pathname !== '/' && url.pathname !== '') {
            ctx.addIssue({ code: 'custom', message: options.withPath(url.origin) });
            return zod().NEVER;
          }
          return url.origin;
        }),
    value: options.https === true ? 'https origin' : 'http(s) origin',
    expected: 'is not an origin',
  };
}
