import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { AisaError, describeError } from '../../src/core/errors';
import { generateAndSave } from '../../src/core/generate';
import { nodeFileSystem } from '../../src/core/nodeFs';
import { annotateGeneratedImage, GENERATION_KEYWORD, readPngText } from '../../src/core/pngText';
import {
  checkReferenceCount,
  MAX_REFERENCE_BYTES,
  seedreamTextOnly,
  type ReferenceImage,
} from '../../src/core/refImages/limits';
import { prepareReference } from '../../src/core/refImages/prepare';
import { requireModel } from '../../src/core/models';
import { validateRequest } from '../../src/core/request';
import { startSimulator, type Simulator } from '../simulator/server';
import { clientFor, tempDir } from './helpers';

let sim: Simulator;
before(async () => {
  sim = await startSimulator();
});
after(() => sim.close());
beforeEach(() => sim.reset());

const GEMINI = 'gemini-3-pro-image-preview';

/** A solid-colour PNG: the simulator's answer is it inverted, so its colour proves it travelled. */
async function solid(r: number, g: number, b: number, name = 'ref.png', size = 64): Promise<ReferenceImage> {
  const bytes = new Uint8Array(
    await sharp({ create: { width: size, height: size, channels: 3, background: { r, g, b } } })
      .png()
      .toBuffer(),
  );
  return { name, bytes, mime: 'image/png' };
}

/** The colour at the centre of a saved image. */
async function centre(file: string): Promise<[number, number, number]> {
  const { data, info } = await sharp(await readFile(file))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * 3;
  return [data[at] ?? -1, data[at + 1] ?? -1, data[at + 2] ?? -1];
}

const b64 = (r: ReferenceImage): string => Buffer.from(r.bytes).toString('base64');

describe('request bodies with references', () => {
  test('Wan, one reference: the text part, then an image_url part holding a data: URL', async () => {
    const ref = await solid(10, 200, 30);
    await clientFor(sim).generate(validateRequest({ prompt: 'at night', model: 'wan2.7-image', references: [ref] }));
    const [sent] = sim.generationRequests();
    assert.deepEqual(sent?.body, {
      model: 'wan2.7-image',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'at night' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${b64(ref)}` } },
          ],
        },
      ],
      n: 1,
    });
  });

  test('Wan, several references (the route builds them all; validateRequest holds the limit)', async () => {
    const refs = [await solid(1, 2, 3, 'a.png'), await solid(4, 5, 6, 'b.png'), await solid(7, 8, 9, 'c.png')];
    const request = { ...validateRequest({ prompt: 'compose', model: 'wan2.7-image-pro' }), references: refs };
    const result = await clientFor(sim).generate(request);
    const content = (sim.generationRequests()[0]?.body as { messages: Array<{ content: unknown[] }> }).messages[0]
      ?.content;
    assert.deepEqual(content, [
      { type: 'text', text: 'compose' },
      ...refs.map((r) => ({ type: 'image_url', image_url: { url: `data:image/png;base64,${b64(r)}` } })),
    ]);
    assert.equal(result.images.length, 1);
  });

  test('Gemini, one reference: an inlineData part before the text part', async () => {
    const ref = await solid(200, 10, 10);
    await clientFor(sim).generate(validateRequest({ prompt: 'waving', model: GEMINI, references: [ref] }));
    const body = sim.generationRequests()[0]?.body as { contents: Array<{ parts: unknown[] }> };
    assert.deepEqual(body.contents, [
      { role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: b64(ref) } }, { text: 'waving' }] },
    ]);
  });

  test('Gemini, several references: every inlineData part, in order, before the text', async () => {
    const refs = [await solid(1, 1, 1, 'a.png'), await solid(2, 2, 2, 'b.png')];
    await clientFor(sim).generate({
      ...validateRequest({ prompt: 'in the style of these two', model: GEMINI }),
      references: refs,
    });
    const parts = (sim.generationRequests()[0]?.body as { contents: Array<{ parts: unknown[] }> }).contents[0]?.parts;
    assert.deepEqual(parts, [
      ...refs.map((r) => ({ inlineData: { mimeType: 'image/png', data: b64(r) } })),
      { text: 'in the style of these two' },
    ]);
  });

  test('the request-shape check refuses a reference of another type, with nothing sent', async () => {
    const gif: ReferenceImage = {
      name: 'x.gif',
      bytes: new Uint8Array([71, 73, 70]),
      mime: 'image/gif' as 'image/png',
    };
    const request = { ...validateRequest({ prompt: 'p', model: GEMINI }), references: [gif] };
    await assert.rejects(
      clientFor(sim).generate(request),
      (e: unknown) => e instanceof AisaError && e.kind === 'input' && /malformed request/.test(e.message),
    );
    assert.equal(sim.generationRequests().length, 0);
  });
});

describe('the API refusing a data: URL', () => {
  test('is shown as its own answer with its request id, and not retried', async () => {
    sim.setFaults({
      generation: [{ status: 400, code: 'invalid_parameter_error', message: 'image_url must be an http or https URL' }],
    });
    const request = validateRequest({ prompt: 'p', model: 'wan2.7-image', references: [await solid(1, 2, 3)] });
    await assert.rejects(clientFor(sim).generate(request), (e: unknown) => {
      assert.ok(e instanceof AisaError, String(e));
      assert.match(e.message, /image_url must be an http or https URL/);
      assert.match(e.requestId ?? '', /^req_/);
      assert.ok(describeError(e).endsWith(`(request id ${e.requestId})`), describeError(e));
      return true;
    });
    assert.equal(sim.generationRequests().length, 1);
  });
});

describe('limits, judged before anything is sent', () => {
  test('Seedream with a reference is refused in those words, with zero requests', async () => {
    const ref = await solid(1, 2, 3);
    assert.throws(
      () => validateRequest({ prompt: 'p', model: 'seedream-4-5-251128', references: [ref] }),
      (e: unknown) => e instanceof AisaError && e.kind === 'input' && e.message === seedreamTextOnly(),
    );
    // Even past validateRequest, the route refuses to build the body.
    const request = { ...validateRequest({ prompt: 'p', model: 'seedream-4-5-251128' }), references: [ref] };
    await assert.rejects(
      clientFor(sim).generate(request),
      (e: unknown) => e instanceof AisaError && e.message === seedreamTextOnly(),
    );
    assert.equal(sim.requests.length, 0);
  });

  test('one reference where the spec is silent, said so', async () => {
    assert.match(
      checkReferenceCount(requireModel('wan2.7-image'), 2) ?? '',
      /takes 1 reference image here \(AIsa does not document how many/,
    );
    assert.match(checkReferenceCount(requireModel(GEMINI), 2) ?? '', /give 1, not 2/);
    assert.equal(checkReferenceCount(requireModel(GEMINI), 1), undefined);
    assert.throws(
      () =>
        validateRequest({
          prompt: 'p',
          model: 'wan2.7-image',
          references: [{ name: 'a', bytes: new Uint8Array(MAX_REFERENCE_BYTES + 1), mime: 'image/png' }],
        }),
      /at most 10 MB/,
    );
  });
});

describe('preparing a reference', () => {
  test('an 18 MB PNG is downscaled below 10 MB, not refused, and keeps its aspect ratio', async () => {
    const big = await sharp({
      create: {
        width: 3000,
        height: 2200,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 90 },
      },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    assert.ok(big.length > 18 * 1024 * 1024, `${big.length} bytes`);
    const ref = await prepareReference('/photos/big.png', new Uint8Array(big));
    assert.equal(ref.name, 'big.png');
    assert.equal(ref.mime, 'image/png');
    assert.ok(ref.bytes.length <= MAX_REFERENCE_BYTES, `${ref.bytes.length} bytes`);
    const meta = await sharp(ref.bytes).metadata();
    assert.ok((meta.width ?? 0) < 3000 && (meta.width ?? 0) > 1000, `${meta.width}`);
    assert.ok(Math.abs((meta.width ?? 0) / (meta.height ?? 1) - 3000 / 2200) < 0.01);
  });

  test('PNG, JPEG and WebP under the limit go as they are; GIF is converted to PNG; text is refused in one sentence', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    const same = await prepareReference('a.png', new Uint8Array(png));
    assert.deepEqual(Buffer.from(same.bytes), png);
    const jpeg = await prepareReference('a.jpg', new Uint8Array(await sharp(png).jpeg().toBuffer()));
    assert.equal(jpeg.mime, 'image/jpeg');
    const gif = await prepareReference('a.gif', new Uint8Array(await sharp(png).gif().toBuffer()));
    assert.equal(gif.mime, 'image/png');
    assert.equal((await sharp(gif.bytes).metadata()).format, 'png');
    await assert.rejects(
      prepareReference('notes.txt', new TextEncoder().encode('hello')),
      (e: unknown) =>
        e instanceof AisaError &&
        e.kind === 'input' &&
        /^The reference notes.txt is not an image that can be read/.test(e.message),
    );
  });
});

describe('the reference travels, and the saved file names it', () => {
  for (const model of ['wan2.7-image', GEMINI]) {
    test(`${model}: the saved image derives from the reference, and its PNG record names it`, async () => {
      const ref = await solid(10, 200, 30, 'fox.png');
      const dir = await tempDir('aisa-refs-');
      const request = validateRequest({ prompt: 'at night', model, references: [ref] });
      const outcome = await generateAndSave(request, {
        client: clientFor(sim),
        fs: nodeFileSystem,
        outDir: dir,
        annotate: annotateGeneratedImage,
      });
      const file = outcome.saved[0]?.path ?? '';
      assert.deepEqual(await centre(file), [245, 55, 225]);
      const record = JSON.parse(
        readPngText(new Uint8Array(await readFile(file))).find((t) => t.keyword === GENERATION_KEYWORD)?.text ?? '{}',
      ) as { references?: string[] };
      assert.deepEqual(record.references, ['fox.png']);
      assert.equal(path.dirname(file), dir);
    });
  }
});
