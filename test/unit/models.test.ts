import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AisaError } from '../../src/core/errors';
import { estimateCostUsd, findModel, formatUsd, requireModel } from '../../src/core/models';
import { validateRequest } from '../../src/core/request';

test('seedream is supported at $0.040 an image', () => {
  const m = requireModel('seedream-4-5-251128');
  assert.equal(m.family, 'seedream');
  assert.equal(estimateCostUsd(m, 4), 0.16);
  assert.equal(formatUsd(estimateCostUsd(m, 1)), '$0.040');
});

test('Wan and Gemini are supported, with their prices; an unpublished price is said, never $0', () => {
  const expected: Array<[string, string, number | undefined, string]> = [
    ['wan2.7-image', 'wan', 0.03, '$0.090'],
    ['wan2.7-image-pro', 'wan', 0.075, '$0.225'],
    ['gemini-3-pro-image-preview', 'gemini', undefined, 'price not published'],
    ['gemini-9-flash-image', 'gemini', undefined, 'price not published'],
  ];
  for (const [id, family, price, costOf3] of expected) {
    assert.ok(findModel(id), id);
    const m = requireModel(id);
    assert.deepEqual([m.family, m.supported, m.pricePerImageUsd], [family, true, price], id);
    assert.equal(formatUsd(estimateCostUsd(m, 3)), costOf3, id);
  }
});

test('an unknown model lists the known ones', () => {
  assert.throws(
    () => requireModel('dall-e-3'),
    (e: unknown) => e instanceof AisaError && e.kind === 'input' && /seedream-4-5-251128/.test(e.message),
  );
});

test('validateRequest refuses bad input before anything is sent', () => {
  const bad: Array<[Parameters<typeof validateRequest>[0], RegExp]> = [
    [{ prompt: '' }, /prompt is empty/],
    [{ prompt: '   \n\t' }, /prompt is empty/],
    [{ prompt: 'x'.repeat(4001) }, /maximum is 4000/],
    [{ prompt: 'ok', n: 0 }, /1 to 10/],
    [{ prompt: 'ok', n: 11 }, /1 to 10/],
    [{ prompt: 'ok', n: 1.5 }, /1 to 10/],
    [{ prompt: 'ok', size: '1024x1024' }, /minimum is 3,686,400/],
    [{ prompt: 'ok', size: '2048' }, /WIDTHxHEIGHT/],
  ];
  for (const [input, message] of bad) {
    assert.throws(
      () => validateRequest(input),
      (e: unknown) => e instanceof AisaError && e.kind === 'input' && message.test(e.message),
      JSON.stringify(input).slice(0, 60),
    );
  }
  const ok = validateRequest({ prompt: '  a red panda ', n: 2 });
  assert.deepEqual([ok.prompt, ok.n, ok.size, ok.model], ['a red panda', 2, '2048x2048', 'seedream-4-5-251128']);
});
