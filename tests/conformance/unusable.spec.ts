/**
 * Inputs the run cannot use (a file it may not read, a page not read whole, a page or example the harness failed on)
 * fail as tests of their own, `<file> › cannot be used`, located, while every other page is still checked.
 */
import { test } from '../../src/run/fixtures.ts';
import { loadSuite } from '../../src/run/suite.ts';
import { failingInputTests } from '../../src/run/unusable-inputs.ts';

failingInputTests(test, loadSuite().inputFindings);
