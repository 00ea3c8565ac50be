/**
 * The content sent for binary placeholders (src/run/stand-in-bytes.ts): images that real decoders read, and upload
 * bytes that are the same file however it is split.
 *
 * Run: node --import tsx --test tests/unit/stand-in-bytes.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { rangeBytes } from '../../src/core/content-range.ts';
import { describeStandIn, standInBytes } from '../../src/run/stand-in-bytes.ts';

test('the JPEG decodes to a 64×64 image', () => {
  const bytes = standInBytes({ kind: 'image', mediaType: 'image/jpeg' });
  assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff], 'JPEG SOI marker');
  const decoded = jpeg.decode(bytes);
  assert.equal(decoded.width, 64);
  assert.equal(decoded.height, 64);
  assert.ok(bytes.length < 4096, `${String(bytes.length)} bytes: small enough for any limit`);
});

test('the PNG decodes to a 64×64 image', () => {
  const bytes = standInBytes({ kind: 'image', mediaType: 'image/png' });
  const decoded = PNG.sync.read(Buffer.from(bytes));
  assert.equal(decoded.width, 64);
  assert.equal(decoded.height, 64);
});

test('images are the same on every run', () => {
  assert.deepEqual(
    standInBytes({ kind: 'image', mediaType: 'image/jpeg' }),
    standInBytes({ kind: 'image', mediaType: 'image/jpeg' }),
  );
});

test('a range has its length, and ranges of one file join into the whole file', () => {
  const whole = rangeBytes({ first: 0, last: 599, total: 600 });
  assert.equal(whole.length, 600);
  const parts = [
    rangeBytes({ first: 0, last: 25, total: 600 }),
    rangeBytes({ first: 26, last: 100, total: 600 }),
    rangeBytes({ first: 101, last: 599, total: 600 }),
  ];
  assert.deepEqual(Buffer.concat(parts), Buffer.from(whole));
  assert.notEqual(whole[0], whole[256], 'not a repeating byte pattern of a power of two');
});

test('reports say what the bytes are', () => {
  assert.equal(
    describeStandIn({ kind: 'bytes', range: { first: 101, last: 127, total: 128 } }, 27),
    '<27 bytes: bytes 101-127 of a 128-byte file made by the harness>',
  );
  assert.match(
    describeStandIn({ kind: 'image', mediaType: 'image/png' }, 300),
    /^<300 bytes: a 64×64 image\/png image made by the harness>$/,
  );
});
