/**
 * The bench's memory of a process tree (`bench/tree-memory.ts`): a child's memory counts with its parent's.
 * Run: node --import tsx --test tests/unit/bench-tree-memory.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { sampleTreeMemory } from '../../bench/tree-memory.ts';

test(
  'the peak of a tree counts a child holding memory with its parent',
  { skip: !existsSync('/proc/self/status') },
  async () => {
    // The child holds 64 MB resident until it is told to end; the tree's peak is then this process and the child.
    const child = spawn(
      process.execPath,
      ['-e', "const b = Buffer.alloc(64 * 1024 * 1024, 1); console.log('held'); setTimeout(() => b.length, 10_000)"],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    await new Promise((held) => child.stdout.once('data', held));
    const tree = sampleTreeMemory(process.pid);
    await new Promise((later) => setTimeout(later, 250));
    const ownMb = process.memoryUsage().rss / 1024 / 1024;
    const peakMb = tree.stop();
    const closed = new Promise((done) => child.on('close', done));
    child.kill();
    await closed;
    assert.ok(peakMb >= ownMb + 48, `peak ${peakMb.toFixed(0)} MB, this process ${ownMb.toFixed(0)} MB`);
  },
);
