/**
 * The settings' reference, generated from their declarations: the README's settings table and `.env.example`.
 * `npm run settings:docs` writes both; a unit test fails when either differs from what the declarations give.
 */
import { GROUPS, SETTINGS, type Declaration, type SettingName } from './declarations.ts';

export const README_START =
  '<!-- settings table: generated from src/settings/declarations.ts by `npm run settings:docs`; do not edit -->';
export const README_END = '<!-- end of the settings table -->';

const all = (): [SettingName, Declaration][] => Object.entries(SETTINGS) as [SettingName, Declaration][];

function shownName(name: string, declaration: Declaration): string {
  return declaration.family === undefined ? name : `${declaration.family}<name>`;
}

function shownDefault(declaration: Declaration): string {
  if (declaration.defaultText !== undefined) return declaration.defaultText;
  if (declaration.default !== undefined) return `\`${declaration.default}\``;
  return '(none)';
}

/** The README's table: one row per setting, in declaration order. */
export function settingsTable(): string {
  const rows = all().map(([name, d]) => {
    const value = d.secret === true ? `${d.kind.value}, secret` : d.kind.value;
    const meaning = d.setBy === undefined ? d.description : `${d.description} Set by ${d.setBy}.`;
    return `| \`${shownName(name, d)}\` | ${value} | ${shownDefault(d)} | ${meaning} | ${d.readBy.join(', ')} |`;
  });
  return [
    '| setting | value | default | meaning | read by |',
    '|---|---|---|---|---|',
    ...rows.map((row) => row.replace(/\n/g, ' ')),
  ].join('\n');
}

/** The README with its settings table replaced by the generated one. */
export function withSettingsTable(readme: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md: the markers ${README_START} … ${README_END} are missing`);
  return `${readme.slice(0, start + README_START.length)}\n${settingsTable()}\n${readme.slice(end)}`;
}

/** `.env.example`: every setting a user sets, by group, each commented out with its default or an example. */
export function envExample(): string {
  const out = [
    '# graph-doc-conformance settings. Copy to .env (never commit .env) or set them in the environment;',
    '# the environment wins over .env. Every setting is optional.',
    `# Generated from src/settings/declarations.ts by \`npm run settings:docs\`: edit the declarations, not this file.`,
  ];
  for (const group of GROUPS) {
    const members = all().filter(([, d]) => d.group === group && d.setBy === undefined);
    if (members.length === 0) continue;
    out.push('', `# ── ${group} ${'─'.repeat(Math.max(3, 112 - group.length))}`);
    for (const [name, d] of members) {
      const defaultLine =
        d.default !== undefined || d.defaultText !== undefined ? ` Default: ${plain(shownDefault(d))}` : '';
      const secretLine = d.secret === true ? ' Secret: redacted from every report, attachment and log.' : '';
      out.push(...wrap(`${plain(d.description)}${defaultLine}${secretLine}`, 116).map((line) => `# ${line}`));
      const assigned = d.family === undefined ? name : `${d.family}usersId`;
      out.push(`# ${assigned}=${d.example ?? d.default ?? ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Markdown to plain text: code spans lose their backticks, links keep their text. */
export function plain(markdown: string): string {
  return markdown.replace(/\[([^[\]]+)\]\([^)]+\)/g, '$1').replace(/`([^`]*)`/g, '$1');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}
