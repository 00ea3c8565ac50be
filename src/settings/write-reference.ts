/**
 * `npm run settings:docs [-- --check]`: writes the README's settings table and `.env.example` from the declarations,
 * and `docs/rules.md` from the rule table, or (with `--check`) writes nothing and exits 1 naming each file that differs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { rulesReference } from '../core/rules-reference.ts';
import { envExample, withSettingsTable } from './reference.ts';

const check = process.argv.includes('--check');
const files: readonly (readonly [string, (current: string) => string])[] = [
  ['README.md', withSettingsTable],
  ['.env.example', () => envExample()],
  ['docs/rules.md', () => rulesReference()],
];
let drifted = 0;
for (const [file, generate] of files) {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const wanted = generate(current);
  if (current === wanted) continue;
  if (check) {
    console.error(
      `${file}: differs from what src/settings/declarations.ts and src/core/rules.ts give; run npm run settings:docs`,
    );
    drifted++;
  } else {
    writeFileSync(file, wanted);
    console.log(`wrote ${file}`);
  }
}
process.exitCode = drifted === 0 ? 0 : 1;
