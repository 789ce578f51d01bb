import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { AisaError } from '../../src/core/errors';
import { saveNew } from '../../src/core/files';
import { nodeFileSystem } from '../../src/core/nodeFs';
import { diskFullFileSystem, tempDir } from './helpers';

test('saveNew creates the folder and publishes under the base name', async () => {
  const dir = path.join(await tempDir(), 'assets', 'nested');
  const p = await saveNew(nodeFileSystem, dir, 'panda', 'png', new Uint8Array([1, 2, 3]));
  assert.equal(p, path.join(dir, 'panda.png'));
  assert.deepEqual([...(await readFile(p))], [1, 2, 3]);
  assert.deepEqual(await readdir(dir), ['panda.png']);
});

test('an existing file is never overwritten', async () => {
  const dir = await tempDir();
  await writeFile(path.join(dir, 'panda.png'), 'precious');
  const p = await saveNew(nodeFileSystem, dir, 'panda', 'png', new Uint8Array([9]));
  assert.equal(path.basename(p), 'panda_2.png');
  assert.equal(await readFile(path.join(dir, 'panda.png'), 'utf8'), 'precious');
});

test('concurrent saves of the same name all land, under distinct names', async () => {
  const dir = await tempDir();
  const paths = await Promise.all(
    Array.from({ length: 12 }, (_, i) => saveNew(nodeFileSystem, dir, 'same', 'png', new Uint8Array([i]))),
  );
  assert.equal(new Set(paths).size, 12);
  const files = (await readdir(dir)).sort();
  assert.equal(files.length, 12);
  assert.ok(
    files.every((f) => /^same(_\d+)?\.png$/.test(f)),
    files.join(),
  );
  const contents = await Promise.all(paths.map((p) => readFile(p)));
  assert.deepEqual(
    contents.map((c) => c[0]).sort((a, b) => (a ?? 0) - (b ?? 0)),
    [...Array(12).keys()],
  );
});

test('a write that fails half-way leaves no file at all', async () => {
  const dir = await tempDir();
  await assert.rejects(
    saveNew(diskFullFileSystem, dir, 'panda', 'png', new Uint8Array(100)),
    (e: unknown) => e instanceof AisaError && e.kind === 'save' && /ENOSPC/.test(e.message),
  );
  assert.deepEqual(await readdir(dir), []);
});

test('a folder that cannot be created gives a save error naming it, and leaves nothing', async () => {
  const root = await tempDir();
  // A file where a folder should be: fails even for root, unlike a chmod.
  await writeFile(path.join(root, 'assets'), 'not a folder');
  const dir = path.join(root, 'assets', 'sub');
  await assert.rejects(
    saveNew(nodeFileSystem, dir, 'x', 'png', new Uint8Array(1)),
    (e: unknown) => e instanceof AisaError && e.kind === 'save' && e.message.includes(dir),
  );
  assert.deepEqual(await readdir(root), ['assets']);
  await rm(root, { recursive: true });
});
