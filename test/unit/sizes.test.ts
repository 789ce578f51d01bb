import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkSize,
  MAX_PIXELS,
  MIN_PIXELS,
  parseSize,
  pixelCount,
  SIZE_PRESETS,
  suggestSize,
} from '../../src/core/sizes';

test('parseSize accepts only digits x digits', () => {
  assert.deepEqual(parseSize('2048x2048'), { width: 2048, height: 2048 });
  for (const bad of [
    '1024',
    '2048X2048',
    ' 2048x2048',
    '2048 x 2048',
    '2048x',
    'x2048',
    '-2048x2048',
    '2048x2048px',
    '2048*2048',
    '0x4000000',
    '20.5x300',
    '',
    '２０４８x２０４８',
  ]) {
    assert.equal(parseSize(bad), undefined, bad);
  }
});

test('the documented table: 1024 and 1536 rejected, 1920, 2048, 2304x1600, 2560x1920 accepted', () => {
  assert.equal(checkSize('1024x1024').ok, false);
  assert.equal(checkSize('1536x1536').ok, false);
  for (const ok of ['1920x1920', '2048x2048', '2304x1600', '2560x1920']) assert.equal(checkSize(ok).ok, true, ok);
});

test('too small names the minimum and suggests the same aspect ratio', () => {
  const r = checkSize('1024x1024');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.match(r.message, /3,686,400/);
  assert.equal(r.suggestion, '1920x1920');
  const wide = checkSize('1280x720');
  assert.equal(!wide.ok && wide.suggestion, '2560x1440');
});

test('out of range: the suggestion is named once, and the limit alone is there for the panel', () => {
  for (const [size, limit] of [
    ['1000x1000', /^Below the minimum of 3,686,400 pixels\.$/],
    ['1280x720', /^Below the minimum/],
    ['5000x5000', /^Above the maximum of 16,777,216 pixels\.$/],
  ] as const) {
    const r = checkSize(size);
    assert.equal(r.ok, false, size);
    if (r.ok) continue;
    assert.ok(r.suggestion, size);
    assert.equal(r.message.split(r.suggestion).length - 1, 1, `${size}: "${r.message}" names ${r.suggestion} once`);
    assert.match(r.message, /At the same aspect ratio, try \d+x\d+\.$/);
    assert.match(r.limit ?? '', limit);
    assert.doesNotMatch(r.limit ?? '', /\dx\d/, 'the limit names neither the size nor the suggestion');
  }
  assert.equal(
    (checkSize('1024') as { limit?: string }).limit,
    undefined,
    'a malformed size has no limit: its message is all there is',
  );
});

test('too large has its own message naming the maximum', () => {
  const r = checkSize('5000x5000');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.match(r.message, /maximum is 16,777,216/);
  const s = parseSize(r.suggestion ?? '');
  assert.ok(s && pixelCount(s) <= MAX_PIXELS && pixelCount(s) >= MIN_PIXELS);
  assert.equal(s.width, s.height);
});

test('malformed sizes say how to write one', () => {
  const r = checkSize('1024');
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /WIDTHxHEIGHT/);
});

test('every suggestion satisfies the rule, for a sweep of sizes', () => {
  for (let w = 1; w <= 9000; w += 337) {
    for (let h = 1; h <= 9000; h += 413) {
      const px = w * h;
      if (px >= MIN_PIXELS && px <= MAX_PIXELS) continue;
      const s = suggestSize({ width: w, height: h });
      const r = checkSize(`${s.width}x${s.height}`);
      assert.ok(r.ok, `${w}x${h} -> ${s.width}x${s.height}`);
    }
  }
});

test('presets cover the promised ratios and all satisfy the rule', () => {
  assert.deepEqual(
    SIZE_PRESETS.map((p) => p.ratio),
    ['1:1', '4:3', '3:4', '16:9', '9:16', '3:2', '2:3', '21:9'],
  );
  for (const p of SIZE_PRESETS) {
    assert.ok(checkSize(`${p.width}x${p.height}`).ok, p.ratio);
    const [a, b] = p.ratio.split(':').map(Number);
    assert.equal(p.width * (b ?? 0), p.height * (a ?? 0), `${p.ratio} is exact`);
  }
});
