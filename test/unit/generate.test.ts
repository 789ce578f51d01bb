import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AisaError } from '../../src/core/errors';
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
      client: clientFor(sim),
      fs: nodeFileSystem,
      outDir: dir,
      now: fixedDate,
      onProgress: (p) => progress.push(p),
    });
    assert.equal(sim.generationRequests().length, 1);
    assert.equal(sim.downloadRequests().length, 3);
    assert.deepEqual(await filesIn(dir), [
      'a-red-panda-20261122-143005-1.png',
      'a-red-panda-20261122-143005-2.png',
      'a-red-panda-20261122-143005-3.png',
    ]);
    for (const s of outcome.saved) {
      const info = inspectImage(await readFile(s.path));
      assert.deepEqual([info?.mime, info?.width, info?.height], ['image/png', 2304, 1600]);
    }
    assert.equal(outcome.costUsd, 0.12);
    assert.deepEqual(
      progress.map((p) => p.phase),
      ['requesting', 'downloading', 'saved', 'saved', 'saved'],
    );
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
    const outcome = await generateAndSave(validateRequest({ prompt: 'p', n: 3 }), {
      client: clientFor(sim),
      fs: nodeFileSystem,
      outDir: dir,
    });
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
    const outcome = await generateAndSave(validateRequest({ prompt: 'p' }), {
      client: clientFor(sim),
      fs: nodeFileSystem,
      outDir: dir,
      download: { sleep },
    });
    assert.equal(outcome.saved.length, 0);
    assert.equal(outcome.unsaved.length, 1);
    assert.deepEqual(await filesIn(dir), []);
  });

  test('inline (b64_json) images are saved with the extension of their real type', async () => {
    const dir = await tempDir();
    const png = encodePng(1920, 1920);
    sim.setFaults({
      generation: [
        { json: { created: 1, data: [{ b64_json: png.toString('base64') }], usage: { generated_images: 1 } } },
      ],
    });
    const outcome = await generateAndSave(validateRequest({ prompt: 'inline' }), {
      client: clientFor(sim),
      fs: nodeFileSystem,
      outDir: dir,
    });
    assert.equal(outcome.saved.length, 1);
    assert.deepEqual(await readFile(outcome.saved[0]?.path ?? ''), png);
  });

  test('an API error leaves nothing on disk and sends no download', async () => {
    const dir = await tempDir();
    sim.setFaults({ generation: [{ status: 500 }] });
    await assert.rejects(
      generateAndSave(validateRequest({ prompt: 'p' }), { client: clientFor(sim), fs: nodeFileSystem, outDir: dir }),
    );
    assert.deepEqual(await filesIn(dir), []);
    assert.equal(sim.downloadRequests().length, 0);
  });
});

describe('generateAndSave with an exact name (the quick fix for a missing image)', () => {
  test('the image is saved at exactly that name, and the outcome says so', async () => {
    const dir = path.join(await tempDir(), 'docs', 'img');
    const outcome = await generateAndSave(validateRequest({ prompt: 'A hero banner', n: 1, size: '1920x1920' }), {
      client: clientFor(sim),
      fs: nodeFileSystem,
      outDir: dir,
      exactName: 'hero.png',
      now: fixedDate,
    });
    assert.equal(outcome.saved.length, 1);
    assert.equal(outcome.saved[0]?.path, path.join(dir, 'hero.png'));
    assert.deepEqual(outcome.saved[0]?.placement, { as: 'exact' });
    assert.deepEqual(await filesIn(dir), ['hero.png']);
  });

  test('refused before any request: more than one image, a name the API cannot fill, a file already there', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'taken.png'), 'precious');
    const opts = (exactName: string) => ({ client: clientFor(sim), fs: nodeFileSystem, outDir: dir, exactName });
    const inputError =
      (re: RegExp) =>
      (e: unknown): boolean =>
        e instanceof AisaError && e.kind === 'input' && re.test(e.message);
    await assert.rejects(
      generateAndSave(validateRequest({ prompt: 'p', n: 2 }), opts('two.png')),
      inputError(/Only one image can be saved as two\.png/),
    );
    await assert.rejects(
      generateAndSave(validateRequest({ prompt: 'p' }), opts('anim.gif')),
      inputError(/anim\.gif cannot be generated/),
    );
    await assert.rejects(
      generateAndSave(validateRequest({ prompt: 'p' }), opts('taken.png')),
      inputError(/taken\.png already exists.*never overwritten/),
    );
    assert.equal(sim.generationRequests().length, 0);
    assert.equal(await readFile(path.join(dir, 'taken.png'), 'utf8'), 'precious');
    assert.deepEqual(await filesIn(dir), ['taken.png']);
  });

  test('a file that appears while generating is not overwritten: the image is kept under a fresh name', async () => {
    const dir = await tempDir();
    const outcome = await generateAndSave(validateRequest({ prompt: 'late', n: 1 }), {
      client: clientFor(sim),
      fs: nodeFileSystem,
      outDir: dir,
      exactName: 'late.png',
      now: fixedDate,
      onProgress: (p) => {
        if (p.phase === 'downloading') writeFileSync(path.join(dir, 'late.png'), 'written meanwhile');
      },
    });
    assert.equal(outcome.saved[0]?.path, path.join(dir, 'late-20261122-143005.png'));
    assert.equal(outcome.saved[0]?.placement?.as, 'fresh');
    assert.equal(await readFile(path.join(dir, 'late.png'), 'utf8'), 'written meanwhile');
    assert.deepEqual(await filesIn(dir), ['late-20261122-143005.png', 'late.png']);
  });
});
