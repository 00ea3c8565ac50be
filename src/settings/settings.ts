/**
 * The settings of a process: every variable of declarations.ts, validated in one pass and typed by its declaration.
 *
 * Validation is zod (v4), chosen over envalid: a setting's kind is a zod schema from the raw text to its value, so the
 * checks compose (`z.coerce.number().int().min().max()`, `z.enum`, a transform for origins) and the value's type
 * follows from the declaration without being written twice; zod has no dependencies and reports every bad value at
 * once, which we print one line each. envalid reads the same declarations well, but its validators are fixed (its
 * `bool` also takes yes/on/t, which would change what `ALLOW_WRITES` accepts), its reporter exits the process, and
 * custom kinds (an origin, a comma-separated list, a prefix family) are as much code as with zod.
 *
 * `readSettings(env)` is pure (tests give it a record); `settings()` reads the process's environment and settings file
 * once (environment.ts) and keeps the answer.
 */
import type { core, ZodType } from 'zod';
import { createHash } from 'node:crypto';
import { zod } from './zod.ts';
import { credentialsOf, type Credentials } from './credentials.ts';
import { SETTINGS, type Declaration, type SettingName } from './declarations.ts';
export { environment, lookalike } from './environment.ts';
import { environment, exportVariable, resetEnvironment, type Variables } from './environment.ts';
import { SettingsError } from './settings-error.ts';

export { SettingsError };
export { STRICTNESS_LEVELS, type Strictness } from './declarations.ts';

type Declared = typeof SETTINGS;
type ValueOf<D> = D extends { readonly family: string }
  ? D extends Declaration<string, infer T>
    ? Readonly<Record<string, T>>
    : never
  : D extends Declaration<string, infer T>
    ? T
    : never;
/** A setting with a default, or a family (possibly empty), always has a value. */
type AlwaysSet<D> = D extends { readonly default: string } | { readonly family: string } ? true : false;

/** Every setting under its declared `key`, typed by its kind; settings with no default and no value are absent. */
export type SettingValues = {
  readonly [N in SettingName as AlwaysSet<Declared[N]> extends true ? Declared[N]['key'] : never]: ValueOf<Declared[N]>;
} & {
  readonly [N in SettingName as AlwaysSet<Declared[N]> extends true ? never : Declared[N]['key']]?: ValueOf<
    Declared[N]
  >;
};

export type Settings = SettingValues & {
  /** How the run gets its bearer token: GRAPH_TOKEN, an Entra app's client credentials (AZURE_*), or none. */
  readonly credentials: Credentials;
};

/** The raw text of every declared setting `env` gives (a blank value counts as unset), by key: what is validated. */
function rawOf(env: Variables): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const declaration of Object.values(SETTINGS) as Declaration[]) {
    const { key, family } = declaration;
    if (family !== undefined) {
      // Values are kept as given (a placeholder value may hold spaces); empty ones are left out.
      raw[key] = Object.fromEntries(
        Object.entries(env)
          .filter(([n, v]) => n.startsWith(family) && v !== undefined && v !== '')
          .map(([n, v]) => [n.slice(family.length), v]),
      );
      continue;
    }
    const given = env[nameOf(key)]?.trim();
    const value = given === undefined || given === '' ? declaration.default : given;
    if (value !== undefined) raw[key] = value;
  }
  return raw;
}

const NAMES = new Map(
  (Object.entries(SETTINGS) as [SettingName, Declaration][]).map(([name, declaration]) => [declaration.key, name]),
);
const nameOf = (key: string): string => NAMES.get(key) ?? key;

let schema: ZodType | undefined;

/** One schema for all the settings, built when first needed (a runner validates several times, a worker never). */
function settingsSchema(): ZodType {
  if (schema !== undefined) return schema;
  const z = zod();
  const shape: Record<string, ZodType> = {};
  for (const { key, kind, family } of Object.values(SETTINGS) as Declaration[])
    shape[key] = family !== undefined ? z.record(z.string(), kind.schema()) : kind.schema().optional();
  schema = z.object(shape);
  return schema;
}

/** Validates every declared setting of `env`; a blank value counts as unset. Throws one line per bad setting. */
export function readSettings(env: Variables): Settings {
  const raw = rawOf(env);
  const parsed = settingsSchema().safeParse(raw);
  if (!parsed.success) throw new SettingsError(parsed.error.issues.map((issue) => explain(issue, raw)).join('\n'));
  const values = parsed.data as SettingValues;
  return { ...values, credentials: credentialsOf(values, values.targetUrl) };
}

/** `NAME: "<value>" is not …`, or the setting's own message (an origin with a path says which origin to give). */
function explain(issue: core.$ZodIssue, raw: Record<string, unknown>): string {
  const [key = '', member] = issue.path.map(String);
  const name = nameOf(key);
  const declaration = SETTINGS[name as SettingName] as Declaration;
  const shown = member === undefined ? name : `${declaration.family ?? ''}${member}`;
  const value = member === undefined ? raw[key] : (raw[key] as Record<string, unknown>)[member];
  if (issue.code === 'custom') return `${shown}: ${issue.message}`;
  return `${shown}: "${String(value)}" ${declaration.kind.expected}`;
}

let current: Settings | undefined;

/** The settings of this process, read once from its environment and settings file. */
export function settings(): Settings {
  if (current !== undefined) return current;
  const { variables } = environment();
  current = handedDown(variables) ?? handDown(readSettings(variables), variables);
  return current;
}

/**
 * Checked settings travel to the processes this one starts (a run's workers, which each read them again) in
 * GRAPH_CONFORMANCE_CHECKED_SETTINGS, with a digest of the raw values they were validated from: a process whose
 * declared variables are the same takes them as they are, without zod (about 60 ms of CPU a worker); any other
 * validates its own. The secrets are left out (no value of theirs is put into a variable that did not hold it
 * before): a secret setting is text, which validation keeps as given, so the receiver reads it from its own variables.
 */
const CHECKED = 'GRAPH_CONFORMANCE_CHECKED_SETTINGS' satisfies SettingName;
const CHECKED_KEY = SETTINGS[CHECKED].key;

interface Checked {
  /** sha256 of the raw values (rawOf) the settings were validated from. */
  readonly of: string;
  readonly values: Readonly<Record<string, unknown>>;
}

function digestOf(variables: Variables): string {
  const raw = Object.entries(rawOf(variables)).filter(([key]) => key !== CHECKED_KEY);
  return createHash('sha256').update(JSON.stringify(raw)).digest('base64url');
}

function handDown(checked: Settings, variables: Variables): Settings {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(checked)) {
    const declaration = SETTINGS[nameOf(key) as SettingName] as Declaration | undefined;
    if (declaration !== undefined && declaration.secret !== true && key !== CHECKED_KEY) values[key] = value;
  }
  exportVariable(CHECKED, JSON.stringify({ of: digestOf(variables), values } satisfies Checked));
  return checked;
}

function handedDown(variables: Variables): Settings | undefined {
  const text = variables[CHECKED];
  if (text === undefined || text === '') return undefined;
  let checked: Checked;
  try {
    checked = JSON.parse(text) as Checked;
  } catch {
    return undefined; // not ours to trust: validate
  }
  if (typeof checked.values !== 'object' || checked.of !== digestOf(variables)) return undefined;
  const values: Record<string, unknown> = { ...checked.values };
  const raw = rawOf(variables);
  for (const declaration of Object.values(SETTINGS) as Declaration[])
    if (declaration.secret === true && raw[declaration.key] !== undefined)
      values[declaration.key] = raw[declaration.key];
  return {
    ...(values as SettingValues),
    credentials: credentialsOf(values as SettingValues, values.targetUrl as string | undefined),
  };
}

/**
 * Hands a value to the processes this one starts (Playwright's workers, the mock's web server): the runner picks the
 * probe seed and names the run's folder once, and every worker reads the same. `settings()` afterwards sees it too.
 */
export function shareWithChildProcesses(name: SettingName, value: string): void {
  exportVariable(name, value);
  current = undefined;
  try {
    settings(); // checked again, and handed down with the new value
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error; // a bad setting is reported where the settings are read
  }
}

/** Forget what was read: the next `settings()` reads the environment and settings file again. */
export function resetSettings(): void {
  current = undefined;
  resetEnvironment();
}

/** The values of the settings declared secret, for the redactor: never in any report, log or attachment. */
export function secretValues(values: Settings): string[] {
  const secrets: string[] = [];
  for (const declaration of Object.values(SETTINGS) as Declaration[]) {
    if (declaration.secret !== true) continue;
    const value = (values as unknown as Record<string, unknown>)[declaration.key];
    if (typeof value === 'string' && value !== '') secrets.push(value);
    else if (typeof value === 'object' && value !== null)
      secrets.push(...Object.values(value).filter((v): v is string => typeof v === 'string' && v !== ''));
  }
  return secrets;
}

/** Where requests go: TARGET_URL, or the embedded mock tenant on loopback. */
export function targetOrigin(values: Pick<Settings, 'targetUrl' | 'mockPort'>): string {
  if (values.targetUrl !== undefined) return values.targetUrl;
  // The run's globalSetup starts the mock and names its port in MOCK_PORT before any test: only a harness bug gets here.
  if (values.mockPort === undefined || values.mockPort === 0)
    throw new Error('the embedded mock has not started: MOCK_PORT names no port');
  return `http://127.0.0.1:${String(values.mockPort)}`;
}
