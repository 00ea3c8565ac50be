/**
 * The suite's Playwright fixtures: the loaded suite for the worker, and the token and redactor for a test.
 */
import { test as base } from '@playwright/test';
import { loadSuite, type Suite } from './suite.ts';
import { redactor, type Redactor } from './redact.ts';
import { MOCK_TOKEN } from './settings.ts';

export interface CaseFixtures {
  /** The bearer token for the target. */
  readonly token: string;
  readonly redact: Redactor;
}

export const test = base.extend<CaseFixtures, { suite: Suite }>({
  suite: [
    async ({}, use) => {
      await use(loadSuite());
    },
    { scope: 'worker' },
  ],
  token: async ({ suite }, use) => {
    const { targetUrl, token } = suite.settings;
    if (targetUrl !== undefined && token === undefined) {
      throw new Error(`TARGET_URL is ${targetUrl} but GRAPH_TOKEN is not set: give the run a bearer token for that target`);
    }
    await use(token ?? MOCK_TOKEN);
  },
  redact: async ({ suite }, use) => {
    await use(redactor([suite.settings.token]));
  },
});
