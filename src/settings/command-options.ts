/**
 * Every option of every `graph-conformance` command, declared once like the settings: its kind (the same zod kinds),
 * default, meaning and value name. An option that sets what a setting also sets (`mock --port`, `mock --docs`) names
 * the setting instead, and takes its kind, meaning and default from it: given, the option wins; not given, the
 * setting's value (environment, settings file, default) is used. The usage text is generated from these declarations.
 */
import { parseArgs } from 'node:util';
import { zod } from './zod.ts';
import { SETTINGS, type Declaration, type SettingName } from './declarations.ts';
import { oneOf, path, text, wholeNumber, type Kind } from './kinds.ts';
import { plain } from './reference.ts';
import { settings, type SettingValues } from './settings.ts';

interface OptionBase {
  readonly description: string;
}
/** `--name VALUE`, checked by its kind. */
interface ValueOption<T> extends OptionBase {
  readonly kind: Kind<T>;
  /** Shown in the usage: `--out DIR`. */
  readonly valueName: string;
  readonly default?: string;
}
/** `--name` alone: true when given. */
interface SwitchOption extends OptionBase {
  readonly kind: 'switch';
}
/** `--name VALUE` for a setting: its kind, meaning and default are the setting's. */
interface SettingOption {
  readonly setting: SettingName;
  readonly valueName: string;
}
type OptionDeclaration = ValueOption<unknown> | SwitchOption | SettingOption;

interface CommandDeclaration {
  /** `schemas <files or folders...>`: the command and its positional arguments. */
  readonly synopsis: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionDeclaration>>;
  /** More of the usage text, after the options. */
  readonly notes?: string;
}

/** `512k`, `4m` or a number of bytes. */
const byteCount: Kind<number> = {
  schema: () =>
    zod()
      .string()
      .transform((raw, ctx) => {
        const match = /^(\d{1,12})([km]?)$/i.exec(raw);
        const unit = (match?.[2] ?? '').toLowerCase();
        const value = Number(match?.[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : 1);
        if (match !== null && Number.isSafeInteger(value)) return value;
        ctx.addIssue({ code: 'custom', message: `"${raw}" is not a byte count (e.g. 1048576, 512k, 4m)` });
        return zod().NEVER;
      }),
  value: 'bytes (`k` and `m` suffixes allowed)',
  expected: 'is not a byte count (e.g. 1048576, 512k, 4m)',
};

/** `I/N`: the I-th of N parts of a run, as Playwright's `--shard` takes it. */
const shard: Kind<string> = {
  schema: () =>
    zod()
      .string()
      .refine((raw) => {
        const match = /^(\d{1,4})\/(\d{1,4})$/.exec(raw);
        return match !== null && Number(match[1]) >= 1 && Number(match[1]) <= Number(match[2]);
      }),
  value: 'I/N (1 ≤ I ≤ N)',
  expected: 'is not a shard I/N with 1 ≤ I ≤ N (e.g. 3/20)',
};

const fraction: Kind<number> = {
  schema: () => zod().coerce.number().min(0).max(1),
  value: 'fraction 0–1',
  expected: 'is not a fraction from 0 to 1',
};

export const COMMANDS = {
  schemas: {
    synopsis: 'schemas <files or folders...>',
    summary: 'Build JSON Schemas (draft 2020-12) and TypeScript types from the doc tables.',
    options: {
      out: { kind: path, valueName: 'DIR', description: 'Where the schema and type files go (required).' },
      check: {
        kind: 'switch',
        description: 'Write nothing; fail when the files in DIR differ from what the docs give.',
      },
      'include-root': { setting: 'INCLUDE_ROOTS', valueName: 'DIRS' },
    },
  },
  mock: {
    synopsis: 'mock',
    summary: 'Start the mock tenant serving every documented operation under /v1.0 and /beta.',
    notes: 'Token endpoint: POST /{tenant}/oauth2/v2.0/token (client credentials, password).',
    options: {
      docs: { setting: 'DOCS', valueName: 'PATHS' },
      port: { setting: 'MOCK_PORT', valueName: 'N' },
      metadata: { setting: 'METADATA', valueName: '[v1.0=|beta=]FILE|URL,...' },
      host: { kind: text, valueName: 'HOST', default: '127.0.0.1', description: 'Address to listen on.' },
      log: { kind: 'switch', description: 'Print one line per request.' },
      'body-limit': {
        kind: byteCount,
        valueName: 'BYTES',
        description: "Largest request body accepted; a larger one gets 413 (default: the mock's own, 4m).",
      },
      'session-limit': {
        kind: byteCount,
        valueName: 'BYTES',
        description:
          "Written state one x-mock-session may hold; past it a write gets 507 (default: the mock's own, 64m).",
      },
      'throttle-rate': {
        kind: fraction,
        valueName: 'F',
        default: '0',
        description: 'Fraction of Graph requests answered 429 with Retry-After.',
      },
      'retry-after': {
        kind: wholeNumber(0, 86_400),
        valueName: 'S',
        default: '1',
        description: 'Seconds the Retry-After of a throttled answer names.',
      },
      'tls-key': {
        kind: path,
        valueName: 'FILE',
        description: 'Serve HTTPS with this PEM key (with --tls-cert; token clients such as msal-node need https).',
      },
      'tls-cert': { kind: path, valueName: 'FILE', description: 'The PEM certificate that goes with --tls-key.' },
      https: {
        kind: 'switch',
        description:
          'Serve HTTPS with a self-signed certificate made at start, and print how to trust it (NODE_EXTRA_CA_CERTS).',
      },
      permissions: {
        kind: oneOf(['check', 'ignore']),
        valueName: 'MODE',
        default: 'check',
        description:
          "check: a token the mock issued must hold one of the permissions the page's permissions table lists (403 otherwise); ignore: any valid token may call any operation.",
      },
    },
  },
  lint: {
    synopsis: 'lint <files or folders...>',
    summary:
      "Check the docs offline: examples parse, responses and request bodies match the schemas from the tables, paths are documented, no TODOs; with --metadata, also against Graph's metadata (CSDL, permission scopes): properties, types, enums, paths, parameters, permissions.",
    notes: 'Exit 0: no errors; 1: errors; 2: could not run.',
    options: {
      format: {
        kind: oneOf(['text', 'json']),
        valueName: 'text|json',
        default: 'text',
        description: 'Report format.',
      },
      out: { kind: path, valueName: 'FILE', description: 'Write the report there instead of to stdout.' },
      config: {
        kind: path,
        valueName: 'FILE',
        description:
          'The lint configuration: rules switched off or set to another severity, `{ "rules": { "<rule>": "off" | "warning" | "error" } }` (default: graph-conformance-lint.json in the current folder, when there is one).',
      },
      metadata: { setting: 'METADATA', valueName: '[v1.0=|beta=]FILE|URL,...' },
      'include-root': { setting: 'INCLUDE_ROOTS', valueName: 'DIRS' },
      workers: {
        kind: wholeNumber(0, 64),
        valueName: 'N',
        default: '0',
        description:
          'Worker threads that read the pages and check the examples: 0, one per one and a half idle cores (the cores less the load average; at most 8) from 300 pages on, none below; 1, none (all in this process).',
      },
    },
  },
  compare: {
    synopsis: 'compare <baseline.json> <current.json>',
    summary:
      'Compare two results files by test: new failure, still failing, fixed, flaky (passed on retry), newly skipped.',
    options: {
      out: {
        kind: path,
        valueName: 'FILE',
        description: 'Where the buckets go as JSON (default: compare.json next to current.json).',
      },
      markdown: { kind: path, valueName: 'FILE', description: 'Also write them as Markdown, for a CI summary.' },
      'fail-on': {
        kind: oneOf(['new', 'any', 'never']),
        valueName: 'new|any|never',
        default: 'new',
        description: 'Exit 1 on new failures, on any failing test, or never.',
      },
      'fail-on-doc': {
        kind: 'switch',
        description:
          'Count failures whose cause is the page (doc) too; without it, only where FAIL_ON_DOC=1 (as in the run).',
      },
    },
  },
  'self-check': {
    synopsis: 'self-check <files or folders...>',
    summary:
      'Run the suite over the docs against the embedded mock and lint them; print the counts and every test that ends with the cause target or harness, every skip without a rule, every doc cause lint does not report.',
    notes: 'Exit 0: the harness agrees with itself; 1: violations; 2: could not run.',
    options: {
      out: {
        kind: path,
        valueName: 'DIR',
        description: 'Where the run writes its reports (default: a new temporary folder).',
      },
      shard: {
        kind: shard,
        valueName: 'I/N',
        description:
          "Run only the I-th of N parts of the suite (Playwright's --shard), so that a large docs tree is checked in parts, one after another or on several machines; lint still reads every page (default: the whole suite).",
      },
    },
  },
} as const satisfies Record<string, CommandDeclaration>;

export type CommandName = keyof typeof COMMANDS;
type OptionsOf<C extends CommandName> = (typeof COMMANDS)[C]['options'];

type SettingKey<N extends SettingName> = (typeof SETTINGS)[N]['key'];
type OptionValue<O> = O extends { readonly setting: infer N extends SettingName }
  ? SettingKey<N> extends keyof SettingValues
    ? SettingValues[SettingKey<N>]
    : never
  : O extends { readonly kind: 'switch' }
    ? boolean
    : O extends { readonly kind: Kind<infer T>; readonly default: string }
      ? T
      : O extends { readonly kind: Kind<infer T> }
        ? T | undefined
        : never;

export type CommandOptions<C extends CommandName> = {
  readonly [K in keyof OptionsOf<C>]: OptionValue<OptionsOf<C>[K]>;
};

export type ReadOptions<C extends CommandName> =
  | { readonly ok: true; readonly values: CommandOptions<C>; readonly positionals: readonly string[] }
  | { readonly ok: false; readonly message: string };

/** The command's options from its arguments, each checked by its kind; a message naming the option otherwise. */
export function readCommandOptions<C extends CommandName>(command: C, args: readonly string[]): ReadOptions<C> {
  const declared = COMMANDS[command].options as Readonly<Record<string, OptionDeclaration>>;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: Object.fromEntries(
        Object.entries(declared).map(([name, o]) => [
          name,
          { type: 'kind' in o && o.kind === 'switch' ? ('boolean' as const) : ('string' as const) },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(declared)) {
    const given = parsed.values[name];
    if ('setting' in option) {
      const declaration: Declaration = SETTINGS[option.setting];
      if (typeof given !== 'string') {
        values[name] = (settings() as unknown as Record<string, unknown>)[declaration.key];
        continue;
      }
      const result = checked(name, given, declaration.kind);
      if (!result.ok) return result;
      values[name] = result.value;
    } else if (option.kind === 'switch') values[name] = given === true;
    else {
      const raw = typeof given === 'string' ? given : option.default;
      if (raw === undefined) continue;
      const result = checked(name, raw, option.kind);
      if (!result.ok) return result;
      values[name] = result.value;
    }
  }
  return { ok: true, values: values as CommandOptions<C>, positionals: parsed.positionals };
}

function checked(
  name: string,
  raw: string,
  kind: Kind<unknown>,
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string } {
  const result = kind.schema().safeParse(raw.trim());
  if (result.success) return { ok: true, value: result.data };
  const custom = result.error.issues.find((issue) => issue.code === 'custom');
  return { ok: false, message: `--${name}: ${custom?.message ?? `"${raw}" ${kind.expected}`}` };
}

/** The usage text of every command, in declaration order. */
export function commandsUsage(): string {
  return (Object.keys(COMMANDS) as CommandName[]).map(commandUsage).join('\n');
}

/** The command's lines in the usage text: its synopsis with its options, the summary, and each option's meaning. */
export function commandUsage(command: CommandName): string {
  const { synopsis, summary, options, notes } = COMMANDS[command] as CommandDeclaration;
  const entries = Object.entries(options);
  const shown = entries.map(([name, o]) => ('valueName' in o ? `[--${name} ${o.valueName}]` : `[--${name}]`));
  const lines = [`  ${synopsis} ${shown.join(' ')}`, `      ${summary}`];
  for (const [name, o] of entries) {
    const flag = 'valueName' in o ? `--${name} ${o.valueName}` : `--${name}`;
    lines.push(`      ${flag.padEnd(23)} ${meaning(o)}`);
  }
  if (notes !== undefined) lines.push(`      ${notes}`);
  return lines.join('\n');
}

function meaning(option: OptionDeclaration): string {
  if ('setting' in option) {
    const declaration: Declaration = SETTINGS[option.setting];
    // A default said in words (`(a free port, per run)`) reads without its parentheses after "else".
    const given = declaration.default ?? declaration.defaultText?.replace(/^\((.*)\)$/, '$1');
    const fallback = given === undefined || given === '' ? '' : `, else ${plain(given)}`;
    return withDefault(plain(declaration.description), `the ${option.setting} setting${fallback}`);
  }
  if (option.kind === 'switch' || option.default === undefined) return option.description;
  return withDefault(option.description, option.default);
}

/** `Address to listen on.` → `Address to listen on (default: 127.0.0.1).` */
function withDefault(description: string, value: string): string {
  return `${description.replace(/\.$/, '')} (default: ${value}).`;
}
