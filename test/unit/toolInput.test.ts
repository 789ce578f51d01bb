import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AisaError } from '../../src/core/errors';
import { parseToolInput, sizeForAspectRatio } from '../../src/core/toolInput';
import { requireModel } from '../../src/core/models';

const DEFAULT = 'seedream-4-5-251128';

describe('an agent\'s input (the language-model tool and MCP)', () => {
  test('prompt only: the default model, one image, no size (the model\'s default), the prompt as alt text', () => {
    assert.deepEqual(parseToolInput({ prompt: '  a red panda  ' }, DEFAULT), {
      request: { prompt: 'a red panda', model: DEFAULT, n: 1, size: undefined },
      path: undefined,
      alt: 'a red panda',
      references: [],
    });
  });

  test('an aspect ratio becomes the model\'s own size: Seedream\'s preset, Gemini\'s ratio', () => {
    assert.equal(sizeForAspectRatio(requireModel('seedream-4-5-251128'), '16:9'), '2560x1440');
    assert.equal(sizeForAspectRatio(requireModel('gemini-3-pro-image-preview'), '4:5'), '4:5');
    assert.equal(parseToolInput({ prompt: 'p', aspectRatio: ' 9:16 ' }, DEFAULT).request.size, '1440x2560');
  });

  const refused: Array<[string, unknown, RegExp]> = [
    ['not an object', 'a red panda', /must be an object/],
    ['no prompt', {}, /"prompt" is required/],
    ['a blank prompt', { prompt: '   ' }, /"prompt" is required/],
    ['a prompt that is not text', { prompt: 42 }, /"prompt" must be a string/],
    ['an unknown model', { prompt: 'p', model: 'dall-e-3' }, /dall-e-3/],
    ['size and aspect ratio together', { prompt: 'p', size: '2048x2048', aspectRatio: '1:1' }, /not both/],
    ['a ratio the model does not offer', { prompt: 'p', aspectRatio: '5:1' }, /not offered for seedream-4-5-251128: use one of 1:1, 4:3/],
    ['a ratio for Wan, which picks its own size', { prompt: 'p', model: 'wan2.7-image', aspectRatio: '1:1' }, /picks its own size/],
    ['a fractional count', { prompt: 'p', n: 1.5 }, /whole number from 1 to 10/],
    ['too many images', { prompt: 'p', n: 11 }, /whole number from 1 to 10/],
    ['several images for one path', { prompt: 'p', n: 2, path: 'public/hero.png' }, /Only one image can be saved at "path" public\/hero\.png/],
  ];
  for (const [name, input, message] of refused) {
    test(`refused before anything is sent: ${name}`, () => {
      assert.throws(() => parseToolInput(input, DEFAULT), (e: unknown) => e instanceof AisaError && e.kind !== 'network' && message.test(e.message));
    });
  }

  test('alt text is one line, capped', () => {
    const { alt } = parseToolInput({ prompt: 'p', alt: `line one\nline two ${'x'.repeat(400)}` }, DEFAULT);
    assert.ok(!alt.includes('\n'));
    assert.equal(alt.length, 300);
  });
});
