import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AisaError } from '../../src/core/errors';
import { parseToolInput, sizeForAspectRatio } from '../../src/core/toolInput';
import { requireModel } from '../../src/core/models';
import { AS_GENERATED, plannedRequest } from '../../src/core/delivery';

const DEFAULT = 'seedream-4-5-251128';

describe("an agent's input (the language-model tool and MCP)", () => {
  test("prompt only: the default model, one image, no size (the model's default), the prompt as alt text", () => {
    assert.deepEqual(parseToolInput({ prompt: '  a red panda  ' }, DEFAULT), {
      request: { prompt: 'a red panda', model: DEFAULT, n: 1, size: undefined },
      path: undefined,
      alt: 'a red panda',
      format: undefined,
      deliver: undefined,
      references: [],
    });
  });

  test("an aspect ratio becomes the model's own size: Seedream's preset, Gemini's ratio", () => {
    assert.equal(sizeForAspectRatio(requireModel('seedream-4-5-251128'), '16:9'), '2560x1440');
    assert.equal(sizeForAspectRatio(requireModel('gemini-3-pro-image-preview'), '4:5'), '4:5');
    assert.equal(parseToolInput({ prompt: 'p', aspectRatio: ' 9:16 ' }, DEFAULT).request.size, '1440x2560');
  });

  const refused: Array<[string, unknown, RegExp]> = [
    ['not an object', 'a red panda', /must be an object/],
    ['no prompt', {}, /^prompt is missing/],
    ['a prompt that is not text', { prompt: 42 }, /^prompt must be a string, not number\.$/],
    ['an unknown model', { prompt: 'p', model: 'dall-e-3' }, /dall-e-3/],
    ['size and aspect ratio together', { prompt: 'p', size: '2048x2048', aspectRatio: '1:1' }, /not both/],
    [
      'a ratio the model does not offer',
      { prompt: 'p', aspectRatio: '5:1' },
      /not offered for seedream-4-5-251128: use one of 1:1, 4:3/,
    ],
    [
      'a ratio for Wan, which picks its own size',
      { prompt: 'p', model: 'wan2.7-image', aspectRatio: '1:1' },
      /picks its own size/,
    ],
    ['a count that is not a number', { prompt: 'p', n: 'two' }, /^n must be a whole number from 1 to 10, not "two"\.$/],
    ['a format sharp does not write', { prompt: 'p', format: 'gif' }, /^format:/],
    [
      'a format that contradicts the path',
      { prompt: 'p', path: 'a/b.png', format: 'webp' },
      /does not match path a\/b\.png/,
    ],
    ['a width without a height', { prompt: 'p', width: 1200 }, /both width and height/],
    ['a side no WebP can hold', { prompt: 'p', format: 'webp', width: 20000, height: 100 }, /too large for WebP/],
    ['dimensions and an aspect ratio', { prompt: 'p', width: 1200, height: 630, aspectRatio: '16:9' }, /not both/],
  ];
  for (const [name, input, message] of refused) {
    test(`refused before anything is sent: ${name}`, () => {
      assert.throws(
        () => parseToolInput(input, DEFAULT),
        (e: unknown) => e instanceof AisaError && e.kind === 'input' && message.test(e.message),
      );
    });
  }

  // Values are the core's to judge, in the same words for every surface.
  const judgedByTheCore: Array<[string, unknown, RegExp]> = [
    ['a blank prompt', { prompt: '   ' }, /prompt is empty/],
    ['a fractional count', { prompt: 'p', n: 1.5 }, /whole number from 1 to 10/],
    ['too many images', { prompt: 'p', n: 11 }, /whole number from 1 to 10/],
    ['a size below the minimum', { prompt: 'p', size: '1024x1024' }, /minimum is 3,686,400/],
  ];
  for (const [name, input, message] of judgedByTheCore) {
    test(`refused by the core's rules before anything is sent: ${name}`, () => {
      const tool = parseToolInput(input, DEFAULT);
      assert.throws(
        () => plannedRequest(tool.request, AS_GENERATED),
        (e: unknown) => e instanceof AisaError && e.kind === 'input' && message.test(e.message),
      );
    });
  }

  test('exact dimensions plan the generated size, and say so before the request', () => {
    const tool = parseToolInput({ prompt: 'og', path: 'public/og.webp', width: 1200, height: 630 }, DEFAULT);
    const { request, note } = plannedRequest(tool.request, {
      format: tool.format ?? 'png',
      quality: undefined,
      size: tool.deliver,
    });
    assert.equal(request.size, '2656x1392');
    assert.match(note ?? '', /generates 2656x1392, delivered as a WebP of exactly 1200x630/);
  });

  test('web-ready: the format follows the path, and exact dimensions are kept for delivery', () => {
    const t = parseToolInput({ prompt: 'og card', path: 'public/og.webp', width: 1200, height: 630 }, DEFAULT);
    assert.equal(t.format, 'webp');
    assert.deepEqual(t.deliver, { width: 1200, height: 630 });
    assert.equal(parseToolInput({ prompt: 'p', format: 'avif' }, DEFAULT).format, 'avif');
  });

  test('alt text is one line, capped', () => {
    const { alt } = parseToolInput({ prompt: 'p', alt: `line one\nline two ${'x'.repeat(400)}` }, DEFAULT);
    assert.ok(!alt.includes('\n'));
    assert.equal(alt.length, 300);
  });
});
