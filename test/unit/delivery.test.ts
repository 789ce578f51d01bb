import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OUTPUT_FORMATS } from '../../src/core/convert/formats';
import { deliveryForReference, describeDelivery, planDelivery } from '../../src/core/delivery';
import { findImageRefs } from '../../src/core/imageRefs';
import { requireModel } from '../../src/core/models';
import { validateRequest } from '../../src/core/request';

const seedream = requireModel('seedream-4-5-251128');

describe('planDelivery / describeDelivery / deliveryForReference', () => {
  test('an exact size plans the model size and the conversion; the sentence says both', () => {
    const ask = { format: 'webp' as const, exact: { width: 1200, height: 630 } };
    const plan = planDelivery(seedream, ask);
    assert.deepEqual(plan, { requestSize: '2656x1392', convert: { format: 'webp', quality: undefined, size: { width: 1200, height: 630 } } });
    const request = validateRequest({ prompt: 'p', size: plan.requestSize });
    assert.equal(describeDelivery(request, ask), 'Seedream 4.5 generates 2656x1392, delivered as a WebP of exactly 1200x630 (resized and centre-cropped).');
  });

  test('nothing asked: nothing converted, the size left to the caller', () => {
    assert.deepEqual(planDelivery(seedream, {}), { requestSize: undefined, convert: undefined });
    assert.deepEqual(planDelivery(seedream, { size: '2560x1440' }), { requestSize: '2560x1440', convert: undefined });
  });

  test('what cannot be delivered is refused before anything is sent, in one sentence', () => {
    assert.throws(() => planDelivery(seedream, { format: 'webp', exact: { width: 20000, height: 10 } }), (e: Error & { kind?: string }) => e.kind === 'input' && /too large for WebP/.test(e.message));
    assert.throws(() => planDelivery(seedream, { format: 'jpeg', quality: 0 }), /whole number from 1 to 100/);
    // A quality setting beside PNG is simply unused.
    assert.deepEqual(planDelivery(seedream, { format: 'png', quality: 80 }).convert, { format: 'png', quality: 80, size: undefined });
  });

  test('a reference gives the format of its name and the dimensions written with it', () => {
    const text = '<img src="img/og.webp" width="1200" height="630">';
    const ref = findImageRefs(text, 'html')[0];
    assert.ok(ref);
    assert.deepEqual(deliveryForReference(ref.path, text, ref), { format: 'webp', exact: { width: 1200, height: 630 } });
    const md = '![hero](hero.avif)';
    const mdRef = findImageRefs(md, 'markdown')[0];
    assert.ok(mdRef);
    assert.deepEqual(deliveryForReference(mdRef.path, md, mdRef), { format: 'avif' });
    assert.deepEqual(deliveryForReference('anim.gif', md, { start: 0, end: md.length }), {});
  });
});

describe('the web-ready settings (package.json)', () => {
  test('aisaImages.outputFormat defaults to png, so nothing changes for people who do not ask; quality and the originals cap are bounded', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default?: unknown; enum?: string[]; scope?: string; minimum?: number; maximum?: number }> } };
    };
    const p = manifest.contributes.configuration.properties;
    assert.deepEqual([p['aisaImages.outputFormat']?.default, p['aisaImages.outputFormat']?.enum, p['aisaImages.outputFormat']?.scope], ['png', [...OUTPUT_FORMATS], 'resource']);
    assert.deepEqual([p['aisaImages.outputQuality']?.default, p['aisaImages.outputQuality']?.minimum, p['aisaImages.outputQuality']?.maximum, p['aisaImages.outputQuality']?.scope], [null, 1, 100, 'resource']);
    assert.deepEqual([p['aisaImages.originalsMaxMegabytes']?.default, p['aisaImages.originalsMaxMegabytes']?.minimum], [1024, 0]);
  });
});
