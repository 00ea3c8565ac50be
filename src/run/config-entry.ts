/**
 * What playwright.config.ts takes from the harness, and nothing more: the settings and the run's private folder.
 * Playwright loads the config (in the runner and in every worker) before it applies the config's `build.external`,
 * so each module loaded from here is put through its TypeScript transform and source maps even when compiled; the
 * rest of the harness (src/run/playwright-entry.ts) is loaded by the spec files, after that, as it was compiled.
 */
export { environment, settings, SettingsError, shareWithChildProcesses, type Settings } from '../settings/settings.ts';
export { claimRunStateDir } from './run-state.ts';
