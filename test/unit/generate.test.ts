import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generateAndSave, type Progress } from '../../src/core/generate';
import { inspectImage } from '../../src/core/imageType';
import { nodeFileSystem } from '../../src/core/nodeFs';
import { validateRequest } from '../../src/core/request';
import { startSimulator, type Simulator } from '../simulator/server';
import { encodePng } from '../simulator/png';
import { clientFor, filesIn, recordingSleep, tempDir } from './helpers';

let sim: Simulator;
before(async () => {
  sim = await startSimulator();
});
after(() => sim.close());
beforeEach(() => sim.reset());

const fixedDate = () => new Date(2026, 10, 22, 14, 30, 5);

describe('generateAndSave', () => {
  test('n images: one request, every image saved as a real file with a readable name', async () => {
    const dir = path.join(await tempDir(), 'assets');
    const progress: Progress[] = [];
    const outcome = await generateAndSave(validateRequest({ prompt: 'A red panda!', n: 3, size: '2304x1600' }), {
      client: clientFor(sim), fs: nodeFileSystem, outDir: dir, now: fixedDate, onProgress: (p) => progress.push(p),
    });
    assert.equal(sim.generationRequests().length, 1);
    assert.equal(sim.downloadRequests().length, 3);
    assert.deepEqual(await filesIn(dir), ['a-red-panda-20261122-143005-1.png', 'a-red-panda-20261122-143005-2.png', 'a-red-panda-20261122-143005-3.png']);
    for (const s of outcome.saved) {
      const info = inspectImage(await readFile(s.path));
      assert.deepEqual([info?.mime, info?.width, info?.height], ['image/png', 2304, 1600]);
    }
    assert.equal(outcome.costUsd, 0.12);
    assert.deepEqual(progress.map((p) => p.phase), ['requesting', 'downloading', 'saved', 'saved', 'saved']);
  });

  test('the same prompt twice in the same second never overwrites', async () => {
    const dir = await tempDir();
    const request = validateRequest({ prompt: 'same', n: 1 });
    const opts = { client: clientFor(sim), fs: nodeFileSystem, outDir: dir, now: fixedDate };
    await Promise.all([generateAndSave(request, opts), generateAndSave(request, opts)]);
    assert.deepEqual(await filesIn(dir), ['same-20261122-143005.png', 'same-20261122-143005_2.png']);
  });

  test('one download of several failing: the others are saved, the failed one is returned with its link', async () => {
    const dir = await tempDir();
    sim.setFaults({ download: [{ kind: 'status', status: 403 }] });
    const outcome = await generateAndSave(validateRequest({ prompt: 'p', n: 3 }), { client: clientFor(sim), fs: nodeFileSystem, outDir: dir });
    assert.equal(outcome.saved.length, 2);
    assert.equal(outcome.unsaved.length, 1);
    assert.equal(outcome.unsaved[0]?.image.kind, 'url');
    assert.match(outcome.unsaved[0]?.error.message ?? '', /expired/);
    assert.equal((await filesIn(dir)).length, 2);
  });

  test('a cut download never leaves a partial file', async () => {
    const dir = await tempDir();
    sim.setFaults({ download: [1, 2, 3].map(() => ({ kind: 'truncate' as const, afterBytes: 5000 })) });
    const { sleep } = recordingSleep();
    const outcome = await generateAndSave(validateRequest({ prompt: 'p' }), { client: clientFor(sim), fs: nodeFileSystem, outDir: dir, download: { sleep } });
    assert.equal(outcome.saved.length, 0);
    assert.equal(outcome.unsaved.length, 1);
    assert.deepEqual(await filesIn(dir), []);
  });

  test('inline (b64_json) images are saved with the extension of their real type', async () => {
    const dir = await tempDir();
    const png = encodePng(1920, 1920);
    sim.setFaults({ generation: [{ json: { created: 1, data: [{ b64_json: png.toString('base64') }], usage: { generated_images: 1 } } }] });
    const outcome = await generateAndSave(validateRequest({ prompt: 'inline' }), { client: clientFor(sim), fs: nodeFileSystem, outDir: dir });
    assert.equal(outcome.saved.length, 1);
    assert.deepEqual(await readFile(outcome.saved[0]?.path ?? ''), png);
  });

  test('an API error leaves nothing on disk and sends no download', async () => {
    const dir = await tempDir();
    sim.setFaults({ generation: [{ status: 500 }] });
    await assert.rejects(generateAndSave(validateRequest({ prompt: 'p' }), { client: clientFor(sim), fs: nodeFileSystem, outDir: dir }));
    assert.deepEqual(await filesIn(dir), []);
    assert.equal(sim.downloadRequests().length, 0);
  });
});
