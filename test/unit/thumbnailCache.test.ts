import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { thumbnail } from '../../src/core/convert/convert';
import { inspectImage } from '../../src/core/imageType';
import { nodeThumbnailFs } from '../../src/core/nodeFs';
import { ThumbnailCache, thumbnailName } from '../../src/core/thumbnailCache';
import { encodePng } from '../simulator/png';
import { filesIn, tempDir } from './helpers';

const make = async (bytes: Uint8Array): Promise<Uint8Array> => (await thumbnail(bytes)).bytes;

describe('thumbnail cache', () => {
  test('names follow the source, its size and its modification time', () => {
    const a = thumbnailName('file:///w/assets/a.png', 100, 1);
    assert.match(a, /^[0-9a-f]{32}\.webp$/);
    assert.equal(thumbnailName('file:///w/assets/a.png', 100, 1), a);
    assert.notEqual(thumbnailName('file:///w/assets/a.png', 100, 2), a, 'an edited file gets a new thumbnail');
    assert.notEqual(thumbnailName('file:///w/assets/a.png', 101, 1), a);
    assert.notEqual(thumbnailName('file:///w/assets/b.png', 100, 1), a);
  });

  test('a 2048x2048 image gets one WebP of 512x512, made once; a later cache finds it on disk', async () => {
    const dir = await tempDir();
    const source = encodePng(2048, 2048, { seed: 5 });
    let reads = 0;
    const read = async (): Promise<Uint8Array> => {
      reads++;
      return source;
    };
    const cache = new ThumbnailCache(nodeThumbnailFs, dir, { make });
    const name = thumbnailName('file:///w/a.png', source.length, 1);
    assert.equal(cache.has(name), false);
    const [one, two] = await Promise.all([cache.ensure(name, read), cache.ensure(name, read)]);
    assert.deepEqual([one, two, reads], [true, true, 1], 'two asks, one read, one conversion');
    assert.equal(cache.has(name), true);
    const bytes = await readFile(cache.path(name));
    const info = inspectImage(bytes);
    assert.deepEqual([info?.mime, info?.width, info?.height], ['image/webp', 512, 512]);
    assert.ok(bytes.length < source.length / 10, `${bytes.length} bytes`);
    assert.deepEqual(await filesIn(dir), [name], 'no temporary file left');

    const later = new ThumbnailCache(nodeThumbnailFs, dir, { make });
    await later.load();
    assert.equal(later.has(name), true);
    assert.equal(await later.ensure(name, read), true);
    assert.equal(reads, 1, 'not made again');
  });

  test('an image that cannot be decoded fails once, is not retried, and the queue goes on', async () => {
    const dir = await tempDir();
    const cache = new ThumbnailCache(nodeThumbnailFs, dir, { make });
    const bad = thumbnailName('file:///w/bad.png', 3, 1);
    let reads = 0;
    assert.equal(
      await cache.ensure(bad, async () => {
        reads++;
        return new Uint8Array([1, 2, 3]);
      }),
      false,
    );
    assert.equal(cache.hasFailed(bad), true);
    assert.equal(await cache.ensure(bad, async () => new Uint8Array([1, 2, 3])), false);
    assert.equal(reads, 1);
    const good = thumbnailName('file:///w/good.png', 1, 1);
    assert.equal(await cache.ensure(good, async () => encodePng(600, 300, { seed: 1 })), true);
    const info = inspectImage(await readFile(cache.path(good)));
    assert.deepEqual([info?.width, info?.height], [512, 256], 'aspect ratio kept');
    assert.deepEqual(await filesIn(dir), [good]);
  });

  test('a small image is not enlarged', async () => {
    const cache = new ThumbnailCache(nodeThumbnailFs, await tempDir(), { make });
    const name = thumbnailName('file:///w/icon.png', 1, 1);
    assert.equal(await cache.ensure(name, async () => encodePng(64, 48, { seed: 2 })), true);
    const info = inspectImage(await readFile(cache.path(name)));
    assert.deepEqual([info?.width, info?.height], [64, 48]);
  });

  test('sweep deletes the thumbnails no longer in use, and leftovers of an interrupted write on load', async () => {
    const dir = await tempDir();
    const keep = thumbnailName('file:///w/keep.png', 1, 1);
    const drop = thumbnailName('file:///w/drop.png', 1, 1);
    await writeFile(path.join(dir, keep), 'x');
    await writeFile(path.join(dir, drop), 'x');
    await writeFile(path.join(dir, '.aisa-1-abc.part'), 'x');
    await writeFile(path.join(dir, 'notes.txt'), 'not ours');
    const cache = new ThumbnailCache(nodeThumbnailFs, dir, { make });
    assert.equal(await cache.sweep(new Set([keep])), 1);
    assert.deepEqual((await filesIn(dir)).sort(), [keep, 'notes.txt'].sort());
    assert.equal(cache.has(drop), false);
    assert.equal(cache.has(keep), true);
  });

  test('a name that is not a thumbnail name is refused without touching the disk', async () => {
    const dir = await tempDir();
    const cache = new ThumbnailCache(nodeThumbnailFs, dir, { make });
    assert.equal(await cache.ensure('../escape.webp', async () => encodePng(8, 8, { seed: 1 })), false);
    assert.deepEqual(await filesIn(dir), []);
  });
});
