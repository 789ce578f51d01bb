import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describePlan, geminiPlanFor, planExactSize, seedreamSizeFor } from '../../src/core/exactSize';
import { requireModel } from '../../src/core/models';
import { MAX_PIXELS, MIN_PIXELS } from '../../src/core/sizes';
import {
  checkFormat,
  checkDeliverySize,
  checkQuality,
  formatFromName,
  qualityFor,
} from '../../src/core/convert/formats';

const seedream = requireModel('seedream-4-5-251128');
const gemini = requireModel('gemini-3-pro-image-preview');
const wan = requireModel('wan2.7-image');

describe('nearest valid generation size per model family', () => {
  test('Seedream: same aspect ratio, at least 3,686,400 pixels, sides multiples of 16', () => {
    for (const [w, h] of [
      [1200, 630],
      [512, 512],
      [1920, 1080],
      [64, 1024],
      [1, 1],
      [1000, 3],
      [300, 250],
      [16383, 16383],
      [4000, 3000],
    ] as const) {
      const g = seedreamSizeFor({ width: w, height: h });
      const px = g.width * g.height;
      assert.ok(px >= MIN_PIXELS && px <= MAX_PIXELS, `${w}x${h} -> ${g.width}x${g.height}`);
      const ratio = Math.min(16, Math.max(1 / 16, w / h));
      // Within 2% of the asked ratio (or of the 1:16..16:1 clamp): the centre-crop trims the rest.
      assert.ok(Math.abs(Math.log(g.width / g.height / ratio)) < 0.02, `${w}x${h} -> ${g.width}x${g.height}`);
    }
    assert.deepEqual(seedreamSizeFor({ width: 1200, height: 630 }), { width: 2656, height: 1392 });
    assert.deepEqual(seedreamSizeFor({ width: 512, height: 512 }), { width: 1920, height: 1920 });
  });

  test('Seedream: a size already inside its window is generated as it is', () => {
    assert.deepEqual(seedreamSizeFor({ width: 2560, height: 1440 }), { width: 2560, height: 1440 });
    assert.deepEqual(planExactSize(seedream, { width: 2048, height: 2048 }).size, '2048x2048');
  });

  test('Seedream: above the maximum, scaled down to fit at the same ratio', () => {
    const g = seedreamSizeFor({ width: 8000, height: 4000 });
    assert.ok(g.width * g.height <= MAX_PIXELS);
    assert.ok(Math.abs(g.width / g.height - 2) < 0.02);
  });

  test('Gemini: the nearest offered aspect ratio, at the smallest resolution that covers the target', () => {
    assert.equal(geminiPlanFor({ width: 1200, height: 630 }).size, '16:9@1K');
    assert.equal(geminiPlanFor({ width: 1920, height: 1080 }).size, '16:9@2K');
    assert.equal(geminiPlanFor({ width: 512, height: 512 }).size, '1:1@1K');
    assert.equal(geminiPlanFor({ width: 1000, height: 1000 }).size, '1:1@1K');
    assert.equal(geminiPlanFor({ width: 1080, height: 1350 }).size, '4:5@2K');
    assert.equal(geminiPlanFor({ width: 9000, height: 9000 }).size, '1:1@4K');
    assert.equal(planExactSize(gemini, { width: 800, height: 600 }).size, '4:3@1K');
  });

  test('Wan: the provider picks; only the delivery is exact', () => {
    const plan = planExactSize(wan, { width: 1200, height: 630 });
    assert.equal(plan.size, undefined);
    assert.deepEqual(plan.deliver, { width: 1200, height: 630 });
  });

  test('one sentence says what is generated and what is delivered', () => {
    assert.equal(
      describePlan(seedream, planExactSize(seedream, { width: 1200, height: 630 }), 'webp'),
      'Seedream 4.5 generates 2656x1392, delivered as a WebP of exactly 1200x630 (resized and centre-cropped).',
    );
    assert.equal(
      describePlan(gemini, planExactSize(gemini, { width: 512, height: 512 }), 'avif'),
      'Gemini 3 Pro Image generates 1:1 at 1K (about 1024x1024), delivered as an AVIF of exactly 512x512 (resized and centre-cropped).',
    );
    assert.equal(
      describePlan(wan, planExactSize(wan, { width: 640, height: 480 }), 'jpeg'),
      'Wan 2.7 picks the generated size, delivered as a JPEG of exactly 640x480 (resized and centre-cropped).',
    );
    assert.equal(
      describePlan(seedream, planExactSize(seedream, { width: 2560, height: 1440 }), 'png'),
      'Seedream 4.5 generates 2560x1440, delivered as a PNG.',
    );
    assert.equal(
      describePlan(seedream, undefined, 'webp'),
      'Seedream 4.5 generates at its own size, delivered as a WebP with the prompt recorded inside.',
    );
  });
});

describe('output formats', () => {
  test('format from the file extension', () => {
    assert.equal(formatFromName('hero.webp'), 'webp');
    assert.equal(formatFromName('img/og.WEBP'), 'webp');
    assert.equal(formatFromName('a.jpg'), 'jpeg');
    assert.equal(formatFromName('a.jpeg'), 'jpeg');
    assert.equal(formatFromName('x/y.avif'), 'avif');
    assert.equal(formatFromName('logo.png'), 'png');
    assert.equal(formatFromName('anim.gif'), undefined);
    assert.equal(formatFromName('icon.svg'), undefined);
    assert.equal(formatFromName('webp'), undefined);
    assert.equal(formatFromName('dir.webp/file'), undefined);
  });

  test('format, quality and delivery size are checked with one sentence each', () => {
    assert.deepEqual(checkFormat('WebP'), { ok: true, value: 'webp' });
    assert.deepEqual(checkFormat('jpg'), { ok: true, value: 'jpeg' });
    assert.match(
      (checkFormat('gif') as { message: string }).message,
      /^"gif" is not an output format: use png, webp, jpeg or avif\.$/,
    );
    assert.deepEqual(checkQuality('70', 'webp'), { ok: true, value: 70 });
    assert.equal(checkQuality('0', 'webp').ok, false);
    assert.equal(checkQuality('101', 'jpeg').ok, false);
    assert.match((checkQuality('80', 'png') as { message: string }).message, /PNG is lossless/);
    assert.equal(qualityFor('png', 90), undefined);
    assert.equal(qualityFor('webp'), 90);
    assert.equal(qualityFor('webp', 70), 70);
    assert.deepEqual(checkDeliverySize('1200x630', 'webp'), { ok: true, value: { width: 1200, height: 630 } });
    for (const bad of ['0x10', '10x0', '1200', '1200x', 'x630', '12.5x10', '-1x10', '1200 x 630']) {
      const r = checkDeliverySize(bad, 'webp');
      assert.equal(r.ok, false, bad);
      assert.match((r as { message: string }).message, /^[^\n]+\.$/);
    }
    assert.match(
      (checkDeliverySize('16384x100', 'webp') as { message: string }).message,
      /too large for WebP, which holds at most 16,383 pixels a side/,
    );
    assert.equal(checkDeliverySize('16383x100', 'webp').ok, true);
    assert.equal(checkDeliverySize('16385x100', 'avif').ok, false);
    assert.equal(checkDeliverySize('65501x10', 'jpeg').ok, false);
    assert.equal(checkDeliverySize('20000x10', 'png').ok, true);
  });
});
