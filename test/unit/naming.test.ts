import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseName, candidateName, slugify, timestamp } from '../../src/core/naming';

test('slugs are lowercase ascii words joined by dashes', () => {
  assert.equal(slugify('A cute red panda, ultra-detailed!'), 'a-cute-red-panda-ultra-detailed');
  assert.equal(slugify('Crème brûlée à la café'), 'creme-brulee-a-la-cafe');
});

test('hostile prompts give safe names', () => {
  for (const p of [
    '../../etc/passwd',
    'a/b\\c',
    'nul',
    'CON',
    '\u0000\u0007\n\t',
    '日本語のプロンプト',
    '....',
    'lpt1',
    'x'.repeat(500),
    '🙂🙂',
  ]) {
    const s = slugify(p);
    assert.match(s, /^[a-z0-9]+(-[a-z0-9]+)*$/, p);
    assert.ok(s.length <= 48, p);
    assert.ok(!/^(con|prn|aux|nul|com\d|lpt\d)$/.test(s), p);
  }
  assert.equal(slugify('日本語'), 'image');
});

test('long prompts are cut at a word boundary', () => {
  const s = slugify('the quick brown fox jumps over the lazy dog and keeps running far away');
  assert.ok(s.length <= 48);
  assert.ok(!s.endsWith('-'));
  assert.equal(s, 'the-quick-brown-fox-jumps-over-the-lazy-dog-and');
});

test('names carry a sortable local timestamp and an index for batches', () => {
  const d = new Date(2026, 10, 22, 9, 5, 7);
  assert.equal(timestamp(d), '20261122-090507');
  assert.equal(baseName('Red panda', d, 0, 1), 'red-panda-20261122-090507');
  assert.equal(baseName('Red panda', d, 2, 4), 'red-panda-20261122-090507-3');
  assert.equal(candidateName('x', 'png', 0), 'x.png');
  assert.equal(candidateName('x', 'png', 1), 'x_2.png');
});

import { ASSUMED_LIFETIME_MS, linkExpiry } from '../../src/core/linkExpiry';

test('link expiry is read from the link where it says so', () => {
  assert.deepEqual(linkExpiry('https://cdn/x.png?expires=1800000000000', 0), { at: 1800000000000, known: true });
  assert.deepEqual(linkExpiry('https://cdn/x.png?Expires=1800000000', 0), { at: 1800000000000, known: true });
  assert.deepEqual(linkExpiry('https://b.s3/x.png?X-Amz-Date=20261122T100000Z&X-Amz-Expires=3600', 0), {
    at: Date.UTC(2026, 10, 22, 11),
    known: true,
  });
  assert.deepEqual(linkExpiry('https://cdn/x.png', 1000), { at: 1000 + ASSUMED_LIFETIME_MS, known: false });
  assert.deepEqual(linkExpiry('not a url', 5), { at: 5 + ASSUMED_LIFETIME_MS, known: false });
});
