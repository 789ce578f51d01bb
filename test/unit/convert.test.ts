import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { convertImage, thumbnail } from '../../src/core/convert/convert';
import { WEBP_FAST_ABOVE_PIXELS, webpEffort } from '../../src/core/convert/formats';
import { webReadyTransform } from '../../src/core/convert/transform';
import { readXmpRecord, type ImageRecord } from '../../src/core/convert/xmp';
import { generateAndSave, type Progress } from '../../src/core/generate';
import { inspectImage, isAvif } from '../../src/core/imageType';
import { nodeFileSystem } from '../../src/core/nodeFs';
import { GENERATION_KEYWORD, readPngText } from '../../src/core/pngText';
import { validateRequest } from '../../src/core/request';
import { encodePng } from '../simulator/png';
import { startSimulator, type Simulator } from '../simulator/server';
import { clientFor, filesIn, tempDir } from './helpers';
import { avifSize, avifXmp, jpegXmp, webpXmp } from './imageMeta';

const record: ImageRecord = {
  prompt: 'A café <sign> & "quotes" — 日本語',
  model: 'seedream-4-5-251128',
  size: '2656x1392',
  requestId: 'req_0123abcd',
  created: '2026-12-06T20:00:00.000Z',
  delivered: '1200x630 webp',
};

const source = encodePng(2656, 1392, { seed: 3 });

describe('convertImage', () => {
  test('WebP: exact dimensions, and the record in its XMP chunk', async () => {
    const c = await convertImage(source, { format: 'webp', size: { width: 1200, height: 630 }, record });
    assert.deepEqual([c.mime, c.ext, c.width, c.height], ['image/webp', 'webp', 1200, 630]);
    const info = inspectImage(c.bytes);
    assert.deepEqual([info?.mime, info?.width, info?.height], ['image/webp', 1200, 630]);
    const xmp = readXmpRecord(webpXmp(c.bytes) ?? '');
    assert.deepEqual(
      [xmp.prompt, xmp.description, xmp.model, xmp.size, xmp.requestId, xmp.created],
      [record.prompt, record.prompt, record.model, record.size, record.requestId, record.created],
    );
  });

  test('JPEG: exact dimensions, and the record in its XMP APP1 segment', async () => {
    const c = await convertImage(source, { format: 'jpeg', size: { width: 640, height: 480 }, record });
    const info = inspectImage(c.bytes);
    assert.deepEqual([info?.mime, info?.width, info?.height, c.ext], ['image/jpeg', 640, 480, 'jpg']);
    const xmp = readXmpRecord(jpegXmp(c.bytes) ?? '');
    assert.deepEqual([xmp.prompt, xmp.requestId], [record.prompt, record.requestId]);
  });

  test('AVIF: exact dimensions, and the record as its XMP item', async () => {
    const c = await convertImage(source, { format: 'avif', size: { width: 512, height: 512 }, record });
    assert.ok(isAvif(c.bytes));
    assert.deepEqual(avifSize(c.bytes), { width: 512, height: 512 });
    const xmp = readXmpRecord(avifXmp(c.bytes) ?? '');
    assert.deepEqual([xmp.prompt, xmp.model, xmp.requestId], [record.prompt, record.model, record.requestId]);
  });

  test('PNG: exact dimensions, and the record in text chunks as before', async () => {
    const c = await convertImage(source, { format: 'png', size: { width: 300, height: 300 }, record });
    assert.deepEqual([inspectImage(c.bytes)?.width, inspectImage(c.bytes)?.height], [300, 300]);
    const text = Object.fromEntries(readPngText(c.bytes).map((t) => [t.keyword, t.text]));
    assert.equal(text['Description'], record.prompt);
    assert.equal(JSON.parse(text[GENERATION_KEYWORD] ?? '{}').requestId, record.requestId);
  });

  test('the crop is centred: of red | green | blue bands, a square keeps the green', async () => {
    const bands = Buffer.alloc(300 * 100 * 3);
    for (let y = 0; y < 100; y++) for (let x = 0; x < 300; x++) bands[(y * 300 + x) * 3 + Math.floor(x / 100)] = 255;
    const input = await sharp(bands, { raw: { width: 300, height: 100, channels: 3 } })
      .png()
      .toBuffer();
    const c = await convertImage(input, { format: 'png', size: { width: 50, height: 50 } });
    const { data } = await sharp(c.bytes).raw().toBuffer({ resolveWithObject: true });
    // Away from the band edges, where the resampling kernel blends neighbours.
    for (const at of [10, 40, 50 * 25 + 25, 50 * 49 + 10, 50 * 49 + 40]) {
      assert.deepEqual([...data.subarray(at * 3, at * 3 + 3)], [0, 255, 0], `pixel ${at}`);
    }
    // The bands either side were cropped away: no red at the left edge, no blue at the right.
    assert.ok((data[0] ?? 255) < 40 && (data[49 * 3 + 2] ?? 255) < 40, `${data[0]} ${data[49 * 3 + 2]}`);
  });

  test('JPEG has no alpha: transparent pixels become white, not black', async () => {
    const clear = await sharp({
      create: { width: 40, height: 40, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const c = await convertImage(clear, { format: 'jpeg' });
    const { data } = await sharp(c.bytes).raw().toBuffer({ resolveWithObject: true });
    assert.ok(
      [...data.subarray(0, 3)].every((v) => v > 250),
      `${[...data.subarray(0, 3)]}`,
    );
  });

  test('quality moves the size; bytes that are not an image fail with one sentence', async () => {
    const photo = encodePng(512, 512, { mode: 'photo', seed: 2 });
    const low = await convertImage(photo, { format: 'webp', quality: 30 });
    const high = await convertImage(photo, { format: 'webp', quality: 95 });
    assert.ok(low.bytes.length < high.bytes.length, `${low.bytes.length} < ${high.bytes.length}`);
    await assert.rejects(
      convertImage(new TextEncoder().encode('<html>not an image</html>'), { format: 'webp' }),
      (e: Error & { kind?: string }) =>
        e.kind === 'convert' && /^The image could not be converted to WEBP \(.+\)\.$/.test(e.message),
    );
  });
});

describe('WebP effort by delivered size', () => {
  test('effort 0 above 2 megapixels (delivered), effort 1 at or below and when unknown', () => {
    assert.equal(webpEffort(2048 * 2048), 0);
    assert.equal(webpEffort(WEBP_FAST_ABOVE_PIXELS + 1), 0);
    assert.equal(webpEffort(WEBP_FAST_ABOVE_PIXELS), 1);
    assert.equal(webpEffort(1200 * 630), 1);
    assert.equal(webpEffort(undefined), 1);
  });

  test('convertImage encodes as libwebp does at that effort: large from the header, small from the asked size', async () => {
    const sharpOf = (b: Uint8Array) => sharp(b, { failOn: 'error' });
    const large = encodePng(1500, 1400, { mode: 'photo', seed: 3 }); // 2.1 megapixels
    const asLarge = await convertImage(large, { format: 'webp' });
    assert.deepEqual(
      Buffer.from(asLarge.bytes),
      await sharpOf(large).webp({ quality: 90, effort: 0 }).toBuffer(),
      'effort 0 from the PNG header',
    );
    const small = await convertImage(large, { format: 'webp', size: { width: 1200, height: 630 } });
    assert.deepEqual(
      Buffer.from(small.bytes),
      await sharpOf(large)
        .resize(1200, 630, { fit: 'cover', position: 'centre' })
        .webp({ quality: 90, effort: 1 })
        .toBuffer(),
      'effort 1 for a 1200x630 delivery',
    );
  });
});

describe('thumbnail', () => {
  test('at most 512 px a side, aspect kept, never enlarged', async () => {
    const t = await thumbnail(encodePng(2048, 1024, { seed: 1 }));
    assert.deepEqual([t.mime, t.width, t.height], ['image/webp', 512, 256]);
    assert.deepEqual([inspectImage(t.bytes)?.width, inspectImage(t.bytes)?.height], [512, 256]);
    const j = await thumbnail(encodePng(100, 60, { seed: 1 }), { format: 'jpeg', maxSide: 4096 });
    assert.deepEqual([j.mime, j.width, j.height], ['image/jpeg', 100, 60]);
  });
});

describe('generateAndSave with webReadyTransform', () => {
  let sim: Simulator;
  const responses: Array<{ server: string; path: string }> = [];
  before(async () => {
    // A request id on successes (an extra the spec does not promise) to see it recorded in the file.
    sim = await startSimulator({ onResponse: (r) => responses.push(r), extras: { requestIdHeader: true } });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    responses.length = 0;
  });

  test("each image is converted as its bytes arrive, saved under the format's extension, original kept", async () => {
    const dir = await tempDir();
    // The second download to arrive is held 1.5 s: the first image must be converted and saved meanwhile.
    sim.setFaults({
      download: [
        { kind: 'latency', ms: 0 },
        { kind: 'latency', ms: 1500 },
      ],
    });
    const kept: Array<{ bytes: number; record: ImageRecord }> = [];
    const cdnDoneAtFirstSave: number[] = [];
    const progress: Progress[] = [];
    const outcome = await generateAndSave(validateRequest({ prompt: 'og card', n: 2, size: '2656x1392' }), {
      client: clientFor(sim),
      fs: nodeFileSystem,
      outDir: dir,
      transform: webReadyTransform({
        format: 'webp',
        size: { width: 1200, height: 630 },
        keepOriginal: async (b, r) => `orig${kept.push({ bytes: b.length, record: r })}`,
      }),
      onProgress: (p) => {
        progress.push(p);
        if (p.phase === 'saved' && p.done === 1)
          cdnDoneAtFirstSave.push(responses.filter((r) => r.server === 'cdn').length);
      },
    });
    assert.deepEqual(cdnDoneAtFirstSave, [1], 'the first image was saved while the second was still downloading');
    assert.equal(outcome.saved.length, 2);
    const names = await filesIn(dir);
    assert.deepEqual(
      names.map((n) => path.extname(n)),
      ['.webp', '.webp'],
    );
    const requestId = outcome.result.requestId;
    assert.ok(requestId);
    for (const s of outcome.saved) {
      const bytes = await readFile(s.path);
      assert.deepEqual(
        [s.mime, s.width, s.height, inspectImage(bytes)?.width, inspectImage(bytes)?.height],
        ['image/webp', 1200, 630, 1200, 630],
      );
      const xmp = readXmpRecord(webpXmp(bytes) ?? '');
      assert.deepEqual(
        [xmp.prompt, xmp.size, xmp.requestId, xmp.delivered],
        ['og card', '2656x1392', requestId, '1200x630 webp'],
      );
    }
    assert.equal(kept.length, 2);
    assert.ok(kept.every((k) => k.bytes > 0 && k.record.prompt === 'og card' && k.record.delivered === undefined));
    // Each saved file knows the id its original is kept under, for "Export as..." later.
    assert.deepEqual(outcome.saved.map((s) => s.originalId).sort(), ['orig1', 'orig2']);
  });

  test('an exact .avif name is filled with a real AVIF', async () => {
    const dir = await tempDir();
    const outcome = await generateAndSave(validateRequest({ prompt: 'hero', n: 1 }), {
      client: clientFor(sim),
      fs: nodeFileSystem,
      outDir: dir,
      exactName: 'hero.avif',
      transform: webReadyTransform({ format: 'avif', size: { width: 512, height: 512 } }),
    });
    assert.deepEqual(outcome.saved[0]?.placement, { as: 'exact' });
    assert.deepEqual(await filesIn(dir), ['hero.avif']);
    const bytes = await readFile(path.join(dir, 'hero.avif'));
    assert.deepEqual(avifSize(bytes), { width: 512, height: 512 });
  });

  test('a conversion that fails keeps the paid image as it came, and says why', async () => {
    const dir = await tempDir();
    const outcome = await generateAndSave(validateRequest({ prompt: 'p', n: 1 }), {
      client: clientFor(sim),
      fs: nodeFileSystem,
      outDir: dir,
      exactName: 'p.webp',
      transform: async () => {
        throw new Error('encoder exploded');
      },
    });
    assert.equal(outcome.unsaved.length, 0);
    assert.equal(outcome.saved[0]?.placement?.as, 'retyped');
    assert.match(outcome.saved[0]?.notTransformed?.message ?? '', /encoder exploded/);
    assert.deepEqual(await filesIn(dir), ['p.png']);
  });

  test('PNG at its own size is not re-encoded: only the record is added', async () => {
    const dir = await tempDir();
    const outcome = await generateAndSave(validateRequest({ prompt: 'keep', n: 1 }), {
      client: clientFor(sim),
      fs: nodeFileSystem,
      outDir: dir,
      transform: webReadyTransform({ format: 'png' }),
    });
    const bytes = await readFile(outcome.saved[0]?.path ?? '');
    const original = encodePng(2048, 2048, { seed: 1 });
    assert.equal(bytes.length > original.length, true);
    assert.equal(readPngText(bytes).find((t) => t.keyword === 'Description')?.text, 'keep');
  });
});
