import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 as zlibCrc32, inflateSync } from 'node:zlib';
import type { GenerationResult } from '../../src/core/client';
import { generateAndSave, type AnnotateInfo } from '../../src/core/generate';
import { inspectImage } from '../../src/core/imageType';
import { nodeFileSystem } from '../../src/core/nodeFs';
import {
  addPngText,
  annotateGeneratedImage,
  checkKeyword,
  crc32,
  GENERATION_KEYWORD,
  generationText,
  readPngText,
} from '../../src/core/pngText';
import { validateRequest } from '../../src/core/request';
import { startSimulator, type Simulator } from '../simulator/server';
import { encodePng } from '../simulator/png';
import { clientFor, tempDir } from './helpers';

interface Chunk {
  type: string;
  data: Buffer;
  crcOk: boolean;
}

/** An independent chunk walker (Buffer and zlib's CRC), so the module is not checked by itself. */
function chunks(png: Uint8Array): Chunk[] {
  const b = Buffer.from(png);
  assert.deepEqual([...b.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'signature');
  const out: Chunk[] = [];
  for (let at = 8; at < b.length;) {
    const len = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    const data = b.subarray(at + 8, at + 8 + len);
    out.push({ type, data, crcOk: zlibCrc32(b.subarray(at + 4, at + 8 + len)) === b.readUInt32BE(at + 8 + len) });
    at += 12 + len;
  }
  return out;
}

const pixels = (png: Uint8Array): Buffer =>
  inflateSync(
    Buffer.concat(
      chunks(png)
        .filter((c) => c.type === 'IDAT')
        .map((c) => c.data),
    ),
  );

const info = (prompt: string, mime = 'image/png'): AnnotateInfo => ({
  request: validateRequest({ prompt, n: 2, size: '2560x1440' }),
  result: { model: 'seedream-4-5-251128', created: 1, images: [], requestId: 'req-123' } as GenerationResult,
  index: 1,
  mime,
  created: new Date(Date.UTC(2026, 10, 22, 14, 30, 5)),
});

describe('pngText', () => {
  test('crc32 is the PNG/zlib CRC: check value and agreement with zlib', () => {
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
    const data = Buffer.from(Array.from({ length: 4099 }, (_, i) => (i * 131 + 7) & 0xff));
    assert.equal(crc32(data), zlibCrc32(data));
    assert.equal(crc32(new Uint8Array(0)), 0);
  });

  test('chunks go right after IHDR, every CRC is valid, the image data is untouched', () => {
    const png = encodePng(64, 48, { text: { Author: 'simulator' } });
    const out = addPngText(png, [
      { keyword: 'Description', text: 'A red panda' },
      { keyword: 'Comment', text: 'second\nline' },
    ]);
    const list = chunks(out);
    assert.deepEqual(
      list.map((c) => c.type),
      [
        'IHDR',
        'tEXt',
        'tEXt',
        ...chunks(png)
          .slice(1)
          .map((c) => c.type),
      ],
    );
    assert.ok(
      list.every((c) => c.crcOk),
      'every CRC checks out',
    );
    assert.equal(list.at(-1)?.type, 'IEND');
    assert.equal(out.length, png.length + (12 + 'Description'.length + 1 + 11) + (12 + 'Comment'.length + 1 + 11));
    assert.deepEqual(pixels(out), pixels(png));
    assert.deepEqual(inspectImage(out), inspectImage(png));
    assert.deepEqual(readPngText(out).slice(0, 2), [
      { keyword: 'Description', text: 'A red panda' },
      { keyword: 'Comment', text: 'second\nline' },
    ]);
    assert.ok(
      readPngText(out).some((t) => t.keyword === 'Author' && t.text === 'simulator'),
      'the existing text is kept',
    );
  });

  test('non-ASCII text is written as uncompressed UTF-8 iTXt and reads back the same', () => {
    const text = 'Ein Fuchs im Schnee — 雪の狐 🦊, café';
    const out = addPngText(encodePng(8, 8), [{ keyword: 'Description', text }]);
    const c = chunks(out)[1];
    assert.equal(c?.type, 'iTXt');
    assert.ok(c?.crcOk);
    // keyword NUL, flag 0, method 0, empty language NUL, empty translated keyword NUL, UTF-8 text
    assert.deepEqual([...(c?.data.subarray(0, 16) ?? [])], [...Buffer.from('Description\0\0\0\0\0', 'latin1')]);
    assert.equal(c?.data.subarray(16).toString('utf8'), text);
    assert.deepEqual(readPngText(out), [{ keyword: 'Description', text }]);
  });

  test('keywords follow the spec: 1-79 printable Latin-1 characters, no stray spaces', () => {
    for (const ok of ['Description', 'Creation Time', GENERATION_KEYWORD, 'x'.repeat(79)])
      assert.equal(checkKeyword(ok), undefined, ok);
    for (const bad of ['', 'x'.repeat(80), ' lead', 'trail ', 'two  spaces', 'new\nline', 'nul\0', 'emoji 🦊'])
      assert.ok(checkKeyword(bad), JSON.stringify(bad));
    assert.throws(() => addPngText(encodePng(8, 8), [{ keyword: 'bad\0', text: 'x' }]), /keyword/);
  });

  test('refuses what is not a PNG with IHDR first, and reads nothing from it', () => {
    assert.throws(() => addPngText(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), []), /not a PNG/);
    const png = encodePng(8, 8);
    const noIhdr = Buffer.from(png);
    noIhdr.write('IHDX', 12, 'latin1');
    assert.throws(() => addPngText(noIhdr, []), /IHDR/);
    assert.throws(() => addPngText(png.subarray(0, 20), []), /IHDR/);
    assert.deepEqual(readPngText(new Uint8Array([1, 2, 3])), []);
  });

  test('reading stops at a chunk with a bad CRC or one running past the end', () => {
    const out = Buffer.from(
      addPngText(encodePng(8, 8), [
        { keyword: 'A', text: 'one' },
        { keyword: 'B', text: 'two' },
      ]),
    );
    const second = 8 + 25 + 12 + 5; // signature, IHDR, first tEXt (A\0one)
    const corrupt = Buffer.from(out);
    corrupt[second + 9] = 0x5a; // inside B's data
    assert.deepEqual(readPngText(corrupt), [{ keyword: 'A', text: 'one' }]);
    assert.deepEqual(readPngText(out.subarray(0, second + 6)), [{ keyword: 'A', text: 'one' }]);
  });

  test('generationText: the spec keywords plus a JSON record of the settings', () => {
    const entries = generationText(info('A red panda'));
    const get = (k: string): string | undefined => entries.find((e) => e.keyword === k)?.text;
    assert.equal(get('Description'), 'A red panda');
    assert.equal(get('Software'), 'AIsa Images');
    assert.equal(get('Source'), 'seedream-4-5-251128');
    assert.equal(get('Creation Time'), 'Sun, 22 Nov 2026 14:30:05 GMT');
    assert.deepEqual(JSON.parse(get(GENERATION_KEYWORD) ?? ''), {
      prompt: 'A red panda',
      model: 'seedream-4-5-251128',
      size: '2560x1440',
      n: 2,
      index: 1,
      created: '2026-11-22T14:30:05.000Z',
      requestId: 'req-123',
    });
  });

  test('annotateGeneratedImage: PNGs annotated, other types and broken PNGs passed through unchanged', () => {
    const png = encodePng(16, 16);
    const out = annotateGeneratedImage(png, info('Prompt'));
    assert.equal(readPngText(out).find((t) => t.keyword === 'Description')?.text, 'Prompt');
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
    assert.equal(annotateGeneratedImage(jpeg, info('Prompt', 'image/jpeg')), jpeg);
    const broken = png.subarray(0, 20);
    assert.equal(annotateGeneratedImage(broken, info('Prompt')), broken);
  });

  describe('in the save path', () => {
    let sim: Simulator;
    before(async () => {
      sim = await startSimulator();
    });
    after(() => sim.close());

    test('generateAndSave with the hook writes PNGs that say how they were made', async () => {
      const dir = path.join(await tempDir(), 'assets');
      const prompt = 'Lighthouse at dusk, 灯台';
      const outcome = await generateAndSave(validateRequest({ prompt, n: 2, size: '1920x1920' }), {
        client: clientFor(sim),
        fs: nodeFileSystem,
        outDir: dir,
        annotate: annotateGeneratedImage,
      });
      assert.equal(outcome.saved.length, 2);
      for (const s of outcome.saved) {
        const bytes = await readFile(s.path);
        assert.equal(s.bytes, bytes.length, 'the reported size is the annotated file');
        assert.ok(chunks(bytes).every((c) => c.crcOk));
        const text = readPngText(bytes);
        assert.equal(text.find((t) => t.keyword === 'Description')?.text, prompt);
        const record = JSON.parse(text.find((t) => t.keyword === GENERATION_KEYWORD)?.text ?? '{}') as Record<
          string,
          unknown
        >;
        assert.equal(record['size'], '1920x1920');
        assert.equal(record['n'], 2);
        assert.equal(record['index'], s.index);
        assert.equal(record['requestId'], outcome.result.requestId);
        assert.deepEqual(inspectImage(bytes), { mime: 'image/png', ext: 'png', width: 1920, height: 1920 });
      }
    });
  });
});
