/* global process */
/** One request per test, checked for its status and JSON body: what the harness's tests do at the least. */
import { expect, test } from '@playwright/test';

const count = Number(process.env.FLOOR_TESTS ?? '16');
const body = { '@odata.type': '#microsoft.graph.profilePhoto', height: 6, width: 5 };

for (let i = 0; i < count; i++) {
  test(`request ${String(i + 1)}`, async ({ request }) => {
    const response = await request.patch(`${process.env.FLOOR_ORIGIN ?? ''}/beta/me/photos`, {
      headers: { authorization: 'Bearer t' },
      data: body,
    });
    expect(response.status()).toBe(200);
    expect(await response.json()).toHaveProperty('id');
  });
}
