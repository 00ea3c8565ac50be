/* global process */
/**
 * The floor's tests: one request per test, checked for its status and JSON body (what the harness's tests do at the
 * least), `FLOOR_TESTS` of them spread over `PARTS` spec files (floor-parts.js).
 */
import { expect, test } from '@playwright/test';
import { FLOOR_TESTS, PARTS } from './floor-parts.js';

const body = { '@odata.type': '#microsoft.graph.profilePhoto', height: 6, width: 5 };

/** Declares the tests of spec file `part` (1 to PARTS): every PARTS-th, from the part's own. */
export function declarePart(part) {
  for (let i = part - 1; i < FLOOR_TESTS; i += PARTS) {
    test(`request ${String(i + 1)}`, async ({ request }) => {
      const response = await request.patch(`${process.env.FLOOR_ORIGIN ?? ''}/beta/me/photos`, {
        headers: { authorization: 'Bearer t' },
        data: body,
      });
      expect(response.status()).toBe(200);
      expect(await response.json()).toHaveProperty('id');
    });
  }
}
