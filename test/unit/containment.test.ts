import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, rename, symlink } from 'node:fs/promises';
import path from 'node:path';
import { assertContained, isWithin, OUTSIDE } from '../../src/core/containment';
import { AisaError } from '../../src/core/errors';
import { saveNew, type FileSystem } from '../../src/core/files';
import { nodeFileSystem } from '../../src/core/nodeFs';
import { exactNameProblem, fileNameProblem, saveExactOrBeside } from '../../src/core/saveExact';
import { encodePng } from '../simulator/png';
import { clientFor, filesIn, tempDir } from './helpers';
import { generateAndSave } from '../../src/core/generate';
import { validateRequest } from '../../src/core/request';
import { startSimulator } from '../simulator/server';

const PNG = encodePng(8, 8);
const outside = (e: unknown): boolean => e instanceof AisaError && e.code === OUTSIDE;

test('isWithin: by name; a segment that merely starts with dots (..assets) is inside, a .. segment is not', () => {
  assert.ok(isWithin('/ws', '/ws/..assets'));
  assert.ok(isWithin('/ws', '/ws/..assets/a.png'));
  assert.ok(isWithin('/ws', '/ws'));
  assert.ok(isWithin('/ws/', '/ws/a'));
  assert.ok(!isWithin('/ws', '/ws2/a'));
  assert.ok(!isWithin('/ws', '/ws/../etc'));
  assert.ok(!isWithin('/ws', '/'));
  assert.ok(isWithin('file:///ws', 'file:///ws/..assets/x.png'));
  assert.ok(isWithin('C:\\Work', 'c:\\work\\img', true));
  assert.ok(isWithin('/', '/anything'));
});

test('assertContained: a folder named ..assets, existing or not, is inside', async () => {
  const ws = await tempDir();
  await assertContained(nodeFileSystem, ws, path.join(ws, '..assets'));
  await mkdir(path.join(ws, '..assets'));
  await assertContained(nodeFileSystem, ws, path.join(ws, '..assets', 'deeper', 'not-yet'));
});

test('assertContained: a folder that leads outside through a symbolic link is refused, by the deepest existing ancestor', async () => {
  const ws = await tempDir();
  const away = await tempDir();
  await symlink(away, path.join(ws, 'assets'));
  await assert.rejects(
    assertContained(nodeFileSystem, ws, path.join(ws, 'assets', 'new', 'folder')),
    (e: unknown) => outside(e) && /symbolic link/.test((e as Error).message),
  );
  await assert.rejects(
    assertContained(nodeFileSystem, ws, path.join(ws, '..', 'x'), { kind: 'input' }),
    (e: unknown) => outside(e) && (e as AisaError).kind === 'input',
  );
  // A workspace reached through a link itself is fine: both sides are resolved.
  const linkedWs = path.join(await tempDir(), 'ws-link');
  await symlink(ws, linkedWs);
  await assertContained(nodeFileSystem, linkedWs, path.join(linkedWs, 'img'));
});

test('saveNew checks at write time: a folder swapped for a link to outside while writing gets nothing, here or there', async () => {
  const ws = await tempDir();
  const away = await tempDir();
  const dir = path.join(ws, 'assets');
  await mkdir(dir);
  // The swap happens after the first check, as the bytes are written: the window a long request leaves.
  const swapping: FileSystem = {
    ...nodeFileSystem,
    async writeFile(p, data) {
      await rename(dir, path.join(ws, 'moved'));
      await symlink(away, dir);
      await nodeFileSystem.writeFile(p, data);
    },
  };
  await assert.rejects(saveNew(swapping, dir, 'img', 'png', PNG, { root: ws }), outside);
  assert.deepEqual(await readdir(away), [], 'no file, not even a temporary one, outside the workspace');
});

test('saveNew and saveExactOrBeside refuse a folder that is already a link to outside; without a root (the CLI) they write where told', async () => {
  const ws = await tempDir();
  const away = await tempDir();
  await symlink(away, path.join(ws, 'assets'));
  await assert.rejects(saveNew(nodeFileSystem, path.join(ws, 'assets'), 'img', 'png', PNG, { root: ws }), outside);
  await assert.rejects(
    saveExactOrBeside(nodeFileSystem, path.join(ws, 'assets'), 'hero.png', { base: 'hero', ext: 'png' }, PNG, {
      root: ws,
    }),
    outside,
  );
  assert.deepEqual(await readdir(away), []);
  await saveNew(nodeFileSystem, path.join(ws, 'assets'), 'img', 'png', PNG);
  assert.equal((await readdir(away)).length, 1);
});

test('file names that no file system takes are refused before any request: NUL, over 255 bytes; 255 bytes is fine', () => {
  assert.match(fileNameProblem('a\0.png') ?? '', /control character/);
  assert.match(exactNameProblem('a\0.png') ?? '', /control character/);
  assert.match(exactNameProblem(`${'é'.repeat(127)}.png`) ?? '', /258 bytes long, over the 255/);
  assert.match(exactNameProblem(`${'a'.repeat(252)}.png`) ?? '', /256 bytes/);
  assert.equal(exactNameProblem(`${'a'.repeat(251)}.png`), undefined);
  assert.match(fileNameProblem('a/b.png') ?? '', /slash/);
});

test('a 251-byte name (whose old temporary name ran past 255 bytes) is saved under that name', async () => {
  const dir = await tempDir();
  const name = `${'a'.repeat(251)}.png`;
  const { path: saved, placement } = await saveExactOrBeside(
    nodeFileSystem,
    dir,
    name,
    { base: 'fresh', ext: 'png' },
    PNG,
  );
  assert.equal(placement.as, 'exact');
  assert.equal(path.basename(saved), name);
});

test('any save error under the exact name falls back to a fresh name beside it: the image is not lost', async () => {
  const dir = await tempDir();
  // The file system refuses the exact name (EINVAL, as for a name it cannot hold) but takes others.
  const picky: FileSystem = {
    ...nodeFileSystem,
    async renameNoReplace(from, to) {
      if (path.basename(to) === 'hero.png') throw Object.assign(new Error('invalid argument'), { code: 'EINVAL' });
      await nodeFileSystem.renameNoReplace(from, to);
    },
  };
  const { path: saved, placement } = await saveExactOrBeside(
    picky,
    dir,
    'hero.png',
    { base: 'fresh', ext: 'png' },
    PNG,
  );
  assert.equal(placement.as, 'fresh');
  assert.equal(path.basename(saved), 'fresh.png');
  assert.deepEqual(await filesIn(dir), ['fresh.png']);
});

test("the quick fix's exact name is checked before the request: a NUL or an over-long name costs nothing", async () => {
  const sim = await startSimulator();
  try {
    for (const name of ['a\0.png', `${'b'.repeat(300)}.png`]) {
      await assert.rejects(
        generateAndSave(validateRequest({ prompt: 'p', n: 1, model: 'seedream-4-5-251128', size: '2048x2048' }), {
          client: clientFor(sim),
          fs: nodeFileSystem,
          outDir: await tempDir(),
          exactName: name,
        }),
        (e: unknown) => e instanceof AisaError && e.kind === 'input',
      );
    }
    assert.equal(sim.generationRequests().length, 0);
  } finally {
    await sim.close();
  }
});
