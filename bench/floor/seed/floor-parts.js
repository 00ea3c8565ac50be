/* global process */
/**
 * How many spec files the floor's `FLOOR_TESTS` tests are declared in. Playwright looks over all of a file's tests
 * for each test it runs from it, so the whole reference's 65,000 tests in one file would take it hours (10,000 took
 * 250 s in one file, 91 s in 16): a large floor is spread over 16 files, as the harness spreads its own tests
 * (src/run/spec-parts.ts). A small one, as the seed's, stays in one file, as it always was.
 */
export const FLOOR_TESTS = Number(process.env.FLOOR_TESTS ?? '16');
export const PARTS = FLOOR_TESTS > 2000 ? 16 : 1;
