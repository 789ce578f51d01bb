// The saved file's extension follows what the bytes are, whatever the server said: each type's
// header is read for its real dimensions, and anything else is not an image.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectImage } from '../../src/core/imageType';
import { encodePng } from '../simulator/png';

/** SOI, an APP0 segment to skip, then a baseline SOF0 frame header (height before width). */
function jpegHeader(width: number, height: number, sof = 0xc0): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const frame = [
    0xff,
    sof,
    0x00,
    0x11,
    8,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ];
  return Uint8Array.from([0xff, 0xd8, ...app0, ...frame, 0xff, 0xd9]);
}

/** RIFF....WEBPVP8X with a 24-bit canvas size minus one. */
function webpVp8x(width: number, height: number): Uint8Array {
  const b = Buffer.alloc(30);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(22, 4);
  b.write('WEBP', 8, 'ascii');
  b.write('VP8X', 12, 'ascii');
  b.writeUInt32LE(10, 16);
  b.writeUIntLE(width - 1, 24, 3);
  b.writeUIntLE(height - 1, 27, 3);
  return b;
}

test('a PNG is a .png with its IHDR size', () => {
  assert.deepEqual(inspectImage(encodePng(2560, 1440)), { mime: 'image/png', ext: 'png', width: 2560, height: 1440 });
});

test('a JPEG is a .jpg with its frame size, past the segments before it (baseline and progressive)', () => {
  assert.deepEqual(inspectImage(jpegHeader(2048, 1536)), { mime: 'image/jpeg', ext: 'jpg', width: 2048, height: 1536 });
  assert.deepEqual(inspectImage(jpegHeader(1920, 2560, 0xc2)), {
    mime: 'image/jpeg',
    ext: 'jpg',
    width: 1920,
    height: 2560,
  });
});

test('a WebP is a .webp with its canvas size', () => {
  assert.deepEqual(inspectImage(webpVp8x(4096, 2304)), { mime: 'image/webp', ext: 'webp', width: 4096, height: 2304 });
});

test('HTML, an empty body and a GIF are not images we save', () => {
  for (const bytes of [
    Buffer.from('<!doctype html><title>502</title>'),
    new Uint8Array(),
    Buffer.from('GIF89a\x01\x00\x01\x00'),
  ]) {
    assert.equal(inspectImage(bytes), undefined);
  }
});
