/**
 * Inputs the run cannot use (a file it may not read, a page not read whole, a page the harness failed on) fail as
 * tests of their own, `<file> › cannot be used`, located, while every other page is still checked.
 *
 * A spec of their own, importing no fixtures: Playwright replaces a worker after each failing test, and a worker that
 * starts on this file loads only what these tests need.
 */
import { loadSuite } from '../../src/run/suite.ts';
import { failingInputTests } from '../../src/run/unusable-inputs.ts';

failingInputTests(loadSuite().inputFindings);
