/**
 * Where settings come from: the process's environment, then the settings file (`ENV_FILE`, default `.env`, read with
 * dotenv; the environment wins). This is the one module that touches `process.env`: a unit test greps src/ for it.
 *
 * A name that looks like one of ours but is not (`TARGET_ULR`) is most likely a typo that would silently leave the
 * setting at its default, so it gets a warning with the name it resembles.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import dotenv from 'dotenv';
import { closest, distance } from 'fastest-levenshtein';
import { SETTINGS, declarationOf, type Declaration, type SettingName } from './declarations.ts';
import { SettingsError } from './settings-error.ts';

export type Variables = Readonly<Record<string, string | undefined>>;

export interface Environment {
  /** The environment over the settings file. */
  readonly variables: Variables;
  /** `TARGET_ULR is not a setting; did you mean TARGET_URL?`, and the like, each with where it was set. */
  readonly warnings: readonly string[];
}

/** Reads the settings file named by `ENV_FILE` (default `.env`; a missing default file is no error). */
export function readEnvironment(env: Variables, cwd: string = process.cwd()): Environment {
  const named = env.ENV_FILE?.trim();
  const file = named === undefined || named === '' ? SETTINGS.ENV_FILE.default : named;
  const path = resolve(cwd, file);
  let text = '';
  if (existsSync(path)) {
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new SettingsError(`ENV_FILE: "${file}" cannot be read (${error instanceof Error ? error.message : ''})`);
    }
  } else if (named !== undefined && named !== '') {
    throw new SettingsError(`ENV_FILE: "${file}" does not exist; name a settings file, or unset ENV_FILE`);
  }
  const fromFile: Record<string, string> = {};
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(dotenv.parse(text))) {
    const where = `${file}:${String(lineOf(text, name))}`;
    if (declarationOf(name)?.[1].environmentOnly === true) {
      warnings.push(`${where}: ${name} is read from the environment only; the settings file cannot set it`);
      continue;
    }
    fromFile[name] = value;
    const suggestion = lookalike(name);
    if (suggestion !== undefined) warnings.push(`${where}: ${name} is not a setting; did you mean ${suggestion}?`);
  }
  for (const name of Object.keys(env)) {
    const suggestion = lookalike(name);
    if (suggestion !== undefined) warnings.push(`environment: ${name} is not a setting; did you mean ${suggestion}?`);
  }
  return { variables: { ...fromFile, ...env }, warnings };
}

/**
 * The declared name `name` most likely misspells, or undefined when it is ours or resembles none: an edit distance of
 * at most 2 for long names, 1 for names of 4 to 7 letters, and a different case only for shorter ones. Compared in
 * upper case, so `target_url` is caught too. A misspelt family prefix (`PARAMS_usersId`) keeps the rest of the name.
 */
export function lookalike(name: string): string | undefined {
  // A process reads its environment again after each value it shares: each name is compared with ours once.
  if (!looked.has(name)) looked.set(name, nearestDeclared(name));
  return looked.get(name);
}

const looked = new Map<string, string | undefined>();

function nearestDeclared(name: string): string | undefined {
  if (declarationOf(name) !== undefined) return undefined;
  const upper = name.toUpperCase();
  const families = (Object.values(SETTINGS) as Declaration[]).flatMap((d) => (d.family === undefined ? [] : [d]));
  for (const { family = '' } of families) {
    const underscore = name.indexOf('_');
    const prefix = underscore < 0 ? '' : upper.slice(0, underscore + 1);
    if (prefix !== '' && distance(prefix, family) <= 1 && name.length > prefix.length)
      return `${family}${name.slice(underscore + 1)}`;
  }
  const names = (Object.keys(SETTINGS) as SettingName[]).filter((n) => SETTINGS[n].family === undefined);
  const nearest = closest(upper, names);
  const allowed = nearest.length >= 8 ? 2 : nearest.length >= 4 ? 1 : 0;
  return distance(upper, nearest) <= allowed ? nearest : undefined;
}

function lineOf(text: string, name: string): number {
  const lines = text.split('\n');
  const pattern = new RegExp(`^\\s*(export\\s+)?${name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\s*[=:]`);
  const index = lines.findIndex((line) => pattern.test(line));
  return index < 0 ? 1 : index + 1;
}

let current: Environment | undefined;

/** This process's environment and settings file, read once. */
export function environment(): Environment {
  current ??= readEnvironment(process.env);
  return current;
}

export function resetEnvironment(): void {
  current = undefined;
}

/** Sets a variable for this process and the processes it starts (see `shareWithChildProcesses` in settings.ts). */
export function exportVariable(name: SettingName, value: string): void {
  process.env[name] = value;
  resetEnvironment();
}
