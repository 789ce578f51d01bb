import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Semaphore } from '../../src/core/semaphore';

test('at most `limit` tasks run at once; the rest wait their turn in order', async () => {
  const s = new Semaphore(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const gates: Array<() => void> = [];
  const tasks = [0, 1, 2, 3, 4].map((i) =>
    s.use(async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(i);
      await new Promise<void>((r) => gates.push(r));
      running--;
    }),
  );
  await Promise.resolve();
  assert.equal(running, 2);
  assert.equal(s.pending, 3);
  while (gates.length || s.pending) {
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
  }
  await Promise.all(tasks);
  assert.equal(peak, 2);
  assert.deepEqual(order, [0, 1, 2, 3, 4]);
});

test('a waiting task is dropped when its signal aborts', async () => {
  const s = new Semaphore(1);
  let release!: () => void;
  const first = s.use(() => new Promise<void>((r) => (release = r)));
  const controller = new AbortController();
  let ran = false;
  const second = s.use(async () => {
    ran = true;
  }, controller.signal);
  controller.abort();
  await assert.rejects(second);
  release();
  await first;
  assert.equal(ran, false);
  assert.equal(s.pending, 0);
});
