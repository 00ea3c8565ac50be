/**
 * The write gate every example and probe passes (src/run/write-guard.ts).
 *
 * Run: node --import tsx --test tests/unit/probes-write-guard.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideWrite, isLoopbackOrigin } from '../../src/run/write-guard.ts';

test('loopback is 127.0.0.0/8, ::1 and localhost; nothing else', () => {
  for (const origin of [
    'http://127.0.0.1:7357',
    'http://127.3.2.1',
    'http://[::1]:8080',
    'http://localhost:1',
    'http://api.localhost',
  ])
    assert.ok(isLoopbackOrigin(origin), origin);
  for (const origin of [
    'https://graph.microsoft.com',
    'http://128.0.0.1',
    'http://127.0.0.1.example.com',
    'http://10.0.0.1',
    'http://localhost.example.com',
    'not a url',
  ])
    assert.ok(!isLoopbackOrigin(origin), origin);
});

test('reads always go; writes to loopback go without restore; elsewhere only with ALLOW_WRITES=1, and then restored', () => {
  assert.deepEqual(decideWrite('GET', 'https://graph.microsoft.com', false), { allowed: true, restore: false });
  assert.deepEqual(decideWrite('PATCH', 'http://127.0.0.1:7357', false), { allowed: true, restore: false });
  assert.deepEqual(decideWrite('PATCH', 'https://graph.microsoft.com', true), { allowed: true, restore: true });
  const refused = decideWrite('delete', 'https://graph.invalid', false);
  assert.ok(!refused.allowed);
  assert.equal(
    refused.reason,
    'DELETE changes graph.invalid, which is not loopback: set ALLOW_WRITES=1 to send writes to it (what they change is restored afterwards)',
  );
});
