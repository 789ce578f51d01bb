import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToExtension } from '../../src/shared/protocol';
import {
  checkForm,
  formFrom,
  initialForm,
  presetOf,
  restoreForm,
  sizeText,
  type FormState,
} from '../../src/webview/form';

describe('panel protocol: messages from the webview', () => {
  test('every valid message parses to itself', () => {
    const valid = [
      { type: 'ready' },
      { type: 'cancel' },
      { type: 'generate', form: { prompt: 'A red panda', model: 'seedream-4-5-251128', size: '2048x2048', n: 2 } },
      { type: 'file', action: 'insert', entryId: 'abc', index: 0 },
      { type: 'file', action: 'copyPath', entryId: 'abc', index: 3 },
      { type: 'file', action: 'exportAs', entryId: 'abc', index: 0 },
      { type: 'fix', action: 'setApiKey' },
    ];
    for (const m of valid) assert.deepEqual(parseToExtension(m), { ok: true, message: m }, JSON.stringify(m));
  });

  test('unknown types and non-objects are refused as unknown', () => {
    for (const m of [{ type: 'deleteEverything' }, { type: 42 }, {}, null, 'ready', 7, [], { type: 'x'.repeat(500) }]) {
      const r = parseToExtension(m);
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.reason : '', /^unknown message type/);
      assert.ok(!r.ok && r.reason.length < 120, 'the reason stays short for the log');
    }
  });

  test('known types with a bad shape are refused with the offending field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ type: 'generate' }, /form/],
      [{ type: 'generate', form: { prompt: 5, model: 'm', size: '', n: 1 } }, /form\.prompt/],
      [{ type: 'generate', form: { prompt: 'p', model: 'm', size: '', n: 1.5 } }, /form\.n/],
      [{ type: 'generate', form: { prompt: 'p', model: 'm', size: '', n: 0 } }, /form\.n/],
      [{ type: 'generate', form: { prompt: 'x'.repeat(20_001), model: 'm', size: '', n: 1 } }, /form\.prompt/],
      [{ type: 'file', action: 'delete', entryId: 'a', index: 0 }, /action/],
      [{ type: 'file', action: 'open', entryId: '', index: 0 }, /entryId/],
      [{ type: 'file', action: 'open', entryId: 'a', index: -1 }, /index/],
      [{ type: 'fix', action: 'runAnything' }, /action/],
    ];
    for (const [m, field] of cases) {
      const r = parseToExtension(m);
      assert.equal(r.ok, false, JSON.stringify(m).slice(0, 80));
      assert.match(!r.ok ? r.reason : '', /^invalid "/);
      assert.match(!r.ok ? r.reason : '', field);
    }
  });

  test('extra fields are dropped, not passed on', () => {
    const r = parseToExtension({ type: 'cancel', apiKey: 'sk-x', html: '<img onerror=alert(1)>' });
    assert.deepEqual(r, { ok: true, message: { type: 'cancel' } });
  });
});

describe('panel form: the core rules, live', () => {
  const base: FormState = { ...initialForm(), prompt: 'A red panda' };

  test('a valid Seedream form yields the request Generate sends, with its cost', () => {
    const c = checkForm({ ...base, n: '2' });
    assert.deepEqual(c.request, {
      prompt: 'A red panda',
      model: 'seedream-4-5-251128',
      size: '2048x2048',
      n: 2,
      format: 'png',
    });
    assert.equal(c.control, 'pixels');
    assert.equal(c.pixels, '2048 x 2048 = 4,194,304 pixels (4.2 MP)');
    assert.equal(c.cost, 'Estimated cost $0.080 (2 x $0.040).');
    assert.match(c.sizeHint, /at least 3,686,400 pixels/);
  });

  test('a size under the minimum: the core message, a suggestion, and no request', () => {
    const c = checkForm({ ...base, width: '1024', height: '1024' });
    assert.equal(c.request, undefined);
    assert.match(c.sizeError?.message ?? '', /1,048,576 pixels; the minimum is 3,686,400/);
    assert.equal(c.sizeError?.suggestion, '1920x1920');
    assert.equal(c.sizeError?.limit, 'Below the minimum of 3,686,400 pixels.');
    assert.equal(c.pixels, '1024 x 1024 = 1,048,576 pixels (1.0 MP)');
  });

  test('garbage sizes, empty prompts and bad counts are caught', () => {
    assert.ok(checkForm({ ...base, width: '20a0' }).sizeError);
    assert.ok(checkForm({ ...base, height: '' }).sizeError);
    assert.ok(checkForm({ ...base, prompt: '   ' }).promptError);
    assert.ok(checkForm({ ...base, prompt: 'x'.repeat(4001) }).promptError);
    for (const n of ['0', '11', '', '1.5', 'two']) assert.ok(checkForm({ ...base, n }).countError, n);
    for (const bad of [
      { ...base, prompt: '' },
      { ...base, n: '0' },
      { ...base, width: '100' },
    ])
      assert.equal(checkForm(bad).request, undefined);
  });

  test('Gemini: aspect ratio and resolution, one image, no published price', () => {
    const c = checkForm({ ...base, model: 'gemini-3-pro-image-preview', ratio: '16:9', resolution: '4K', n: '5' });
    assert.equal(c.control, 'aspect-ratio-and-resolution');
    assert.equal(c.maxCount, 1);
    assert.deepEqual(c.request, {
      prompt: 'A red panda',
      model: 'gemini-3-pro-image-preview',
      size: '16:9@4K',
      n: 1,
      format: 'png',
    });
    assert.match(c.cost, /no price/);
  });

  test('Wan: no size at all is sent', () => {
    const c = checkForm({ ...base, model: 'wan2.7-image', n: '3' });
    assert.equal(c.control, 'none');
    assert.deepEqual(c.request, { prompt: 'A red panda', model: 'wan2.7-image', size: '', n: 3, format: 'png' });
    assert.equal(sizeText(base, 'none'), '');
    assert.equal(c.cost, 'Estimated cost $0.090 (3 x $0.030).');
  });

  test('the format starts at the setting, goes with the request, and survives a reload only when it is one', () => {
    assert.equal(initialForm({ model: 'seedream-4-5-251128', size: '2048x2048', format: 'webp' }).format, 'webp');
    assert.equal(initialForm({ model: 'seedream-4-5-251128', size: '2048x2048', format: 'gif' }).format, 'png');
    assert.equal(checkForm({ ...base, format: 'avif' }).request?.format, 'avif');
    assert.equal(restoreForm({ ...base, format: 'jpeg' }, base).format, 'jpeg');
    assert.equal(restoreForm({ ...base, format: 'bmp' }, { ...base, format: 'webp' }).format, 'webp');
  });

  test('presets: the typed size selects its ratio, anything else is custom', () => {
    assert.equal(presetOf({ ...base, width: '2560', height: '1440' }), '16:9');
    assert.equal(presetOf({ ...base, width: '2000', height: '2000' }), 'custom');
  });

  test('defaults, restore and "Again"', () => {
    const d = initialForm({ model: 'wan2.7-image-pro', size: '2560x1440' });
    assert.deepEqual([d.model, d.width, d.height, d.n], ['wan2.7-image-pro', '2560', '1440', '1']);
    assert.equal(initialForm({ model: 'no-such-model', size: 'huge' }).model, 'seedream-4-5-251128');
    assert.deepEqual(restoreForm({ prompt: 'half-typed', n: 7, evil: 'x' }, base), { ...base, prompt: 'half-typed' });
    assert.equal(restoreForm(null, base), base);
    const again = formFrom({ prompt: 'p2', model: 'gemini-3-pro-image-preview', size: '21:9@1K', n: 1 }, base);
    assert.deepEqual(
      [again.prompt, again.model, again.ratio, again.resolution],
      ['p2', 'gemini-3-pro-image-preview', '21:9', '1K'],
    );
    assert.deepEqual(
      checkForm(formFrom({ prompt: 'p3', model: 'seedream-4-5-251128', size: '2304x1728', n: 4 }, base)).request,
      { prompt: 'p3', model: 'seedream-4-5-251128', size: '2304x1728', n: 4, format: 'png' },
    );
  });
});
