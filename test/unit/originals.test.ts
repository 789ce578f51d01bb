import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readXmpRecord, type ImageRecord } from '../../src/core/convert/xmp';
import { exportOriginal } from '../../src/core/exportOriginal';
import { inspectImage } from '../../src/core/imageType';
import { nodeFileSystem, nodeOriginalsFs } from '../../src/core/nodeFs';
import { OriginalsStore } from '../../src/core/originals';
import { encodePng } from '../simulator/png';
import { filesIn, tempDir } from './helpers';
import { webpXmp } from './imageMeta';

const record = (prompt: string): ImageRecord => ({
  prompt,
  model: 'seedream-4-5-251128',
  size: '2048x2048',
  created: '2026-12-06T20:00:00.000Z',
});
// Noise is stored uncompressed: every seed gives the same byte count, so caps are exact.
const image = (seed: number): Buffer => encodePng(64, 64, { seed, mode: 'noise' });

function clock() {
  let t = 1000;
  return () => ++t;
}

describe('OriginalsStore', () => {
  test('keeps an original with its record, and gives it back whole', async () => {
    const dir = await tempDir();
    const store = new OriginalsStore(nodeOriginalsFs, dir, { capBytes: 1_000_000 });
    const bytes = image(1);
    const id = await store.put(bytes, record('a fox'));
    assert.ok(id);
    const got = await store.get(id);
    assert.deepEqual(Buffer.from(got?.bytes ?? []), bytes);
    assert.deepEqual(
      [got?.entry.record.prompt, got?.entry.mime, got?.entry.width, got?.entry.height],
      ['a fox', 'image/png', 64, 64],
    );
    assert.equal(await store.totalBytes(), bytes.length);
  });

  test('past the cap, the least recently used are evicted, from the index and the disk', async () => {
    const dir = await tempDir();
    const size = image(1).length;
    const store = new OriginalsStore(nodeOriginalsFs, dir, { capBytes: size * 3 + 10, now: clock() });
    const a = await store.put(image(1), record('a'));
    const b = await store.put(image(2), record('b'));
    const c = await store.put(image(3), record('c'));
    assert.ok(a && b && c);
    await store.get(a); // a is now more recent than b
    const d = await store.put(image(4), record('d'));
    assert.ok(d);
    assert.deepEqual(
      (await store.list()).map((e) => e.record.prompt),
      ['d', 'a', 'c'],
    );
    assert.equal(await store.get(b), undefined);
    const files = await filesIn(dir);
    assert.equal(files.filter((f) => f.endsWith('.png')).length, 3);
    assert.ok(!files.some((f) => f.startsWith(`${b}.`)));
    assert.ok((await store.totalBytes()) <= size * 3 + 10);
  });

  test('an original larger than the cap is not kept, and nothing is written for it', async () => {
    const dir = await tempDir();
    const store = new OriginalsStore(nodeOriginalsFs, dir, { capBytes: 100 });
    assert.equal(await store.put(image(1), record('big')), undefined);
    assert.deepEqual(
      (await filesIn(dir)).filter((f) => f.endsWith('.png')),
      [],
    );
  });

  test('a lower cap evicts at once; a cap of 0 keeps none', async () => {
    const dir = await tempDir();
    const size = image(1).length;
    const store = new OriginalsStore(nodeOriginalsFs, dir, { capBytes: size * 5, now: clock() });
    for (let i = 1; i <= 4; i++) await store.put(image(i), record(String(i)));
    await store.setCap(size * 2);
    assert.deepEqual(
      (await store.list()).map((e) => e.record.prompt),
      ['4', '3'],
    );
    await store.setCap(0);
    assert.deepEqual(await store.list(), []);
    assert.deepEqual(
      (await filesIn(dir)).filter((f) => f.endsWith('.png')),
      [],
    );
  });

  test('survives a restart; a torn newer index falls back to the last whole one; unlisted files are swept', async () => {
    const dir = await tempDir();
    const first = new OriginalsStore(nodeOriginalsFs, dir, { capBytes: 1_000_000, now: clock() });
    const a = await first.put(image(1), record('a'));
    const b = await first.put(image(2), record('b'));
    await writeFile(path.join(dir, 'index-999.json'), '{"version":1,"entr');
    await writeFile(path.join(dir, 'zzzzzzzzorphan.png'), image(9));
    const again = new OriginalsStore(nodeOriginalsFs, dir, { capBytes: 1_000_000 });
    assert.deepEqual((await again.list()).map((e) => e.id).sort(), [a, b].sort());
    const files = await filesIn(dir);
    assert.ok(!files.includes('zzzzzzzzorphan.png'), files.join());
    assert.ok(!files.includes('index-999.json'), files.join());
    assert.equal(files.filter((f) => f.startsWith('index-')).length, 1);
    assert.ok((await again.get(a ?? ''))?.bytes.length);
  });

  test('concurrent puts are all kept, each under its own name', async () => {
    const dir = await tempDir();
    const store = new OriginalsStore(nodeOriginalsFs, dir, { capBytes: 10_000_000 });
    const ids = await Promise.all([1, 2, 3, 4, 5].map((i) => store.put(image(i), record(String(i)))));
    assert.equal(new Set(ids).size, 5);
    assert.equal((await store.list()).length, 5);
    assert.equal((await filesIn(dir)).filter((f) => f.endsWith('.png')).length, 5);
  });
});

describe('exportOriginal', () => {
  test('another size and format from a kept original, its record inside, without a request', async () => {
    const store = new OriginalsStore(nodeOriginalsFs, await tempDir(), { capBytes: 50_000_000 });
    const id = await store.put(encodePng(2048, 2048, { seed: 7 }), {
      ...record('lighthouse at dusk'),
      requestId: 'req_kept',
    });
    assert.ok(id);
    const out = await tempDir();
    const e = await exportOriginal(store, id, {
      fs: nodeFileSystem,
      outDir: out,
      format: 'webp',
      exact: { width: 1200, height: 630 },
      now: () => new Date(2026, 11, 6, 20, 0, 0),
    });
    assert.deepEqual(
      [path.basename(e.path), e.width, e.height, e.mime],
      ['lighthouse-at-dusk-20261206-200000.webp', 1200, 630, 'image/webp'],
    );
    const bytes = await readFile(e.path);
    assert.deepEqual([inspectImage(bytes)?.width, inspectImage(bytes)?.height], [1200, 630]);
    const xmp = readXmpRecord(webpXmp(bytes) ?? '');
    assert.deepEqual([xmp.prompt, xmp.requestId, xmp.delivered], ['lighthouse at dusk', 'req_kept', '1200x630 webp']);
    const exact = await exportOriginal(store, id, {
      fs: nodeFileSystem,
      outDir: out,
      format: 'avif',
      name: 'hero.avif',
    });
    assert.equal(path.basename(exact.path), 'hero.avif');
    await assert.rejects(
      exportOriginal(store, id, { fs: nodeFileSystem, outDir: out, format: 'avif', name: 'hero.avif' }),
      /already exists/,
    );
  });

  test('an evicted original says so in one sentence; a size the format cannot hold is refused first', async () => {
    const store = new OriginalsStore(nodeOriginalsFs, await tempDir(), { capBytes: 50_000_000 });
    await assert.rejects(
      exportOriginal(store, 'gone', { fs: nodeFileSystem, outDir: await tempDir(), format: 'webp' }),
      /no longer kept/,
    );
    await assert.rejects(
      exportOriginal(store, 'gone', {
        fs: nodeFileSystem,
        outDir: await tempDir(),
        format: 'webp',
        exact: { width: 17000, height: 10 },
      }),
      /too large for WebP/,
    );
  });

  test('the export is written only inside its scope, like every save', async () => {
    const store = new OriginalsStore(nodeOriginalsFs, await tempDir(), { capBytes: 50_000_000 });
    const id = await store.put(encodePng(64, 64, { seed: 3 }), record('scoped'));
    assert.ok(id);
    const root = await tempDir();
    const outside = await tempDir();
    await assert.rejects(
      exportOriginal(store, id, { fs: nodeFileSystem, outDir: outside, format: 'jpeg', scope: { root } }),
      /outside/,
    );
    assert.deepEqual(await filesIn(outside), []);
    const inside = await exportOriginal(store, id, {
      fs: nodeFileSystem,
      outDir: path.join(root, 'assets'),
      format: 'jpeg',
      scope: { root },
    });
    assert.equal(path.dirname(inside.path), path.join(root, 'assets'));
  });
});
