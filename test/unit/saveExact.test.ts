import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AisaError } from '../../src/core/errors';
import type { FileSystem } from '../../src/core/files';
import { nodeFileSystem } from '../../src/core/nodeFs';
import {
  EXACT_BAD_NAME,
  EXACT_EXISTS,
  EXACT_TYPE_MISMATCH,
  exactNameProblem,
  moveExact,
  saveExact,
  saveExactOrBeside,
} from '../../src/core/saveExact';
import { diskFullFileSystem, tempDir } from './helpers';

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1,
]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
const WEBP = new Uint8Array([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 ')]);

const saveError =
  (code: string, message: RegExp) =>
  (e: unknown): boolean =>
    e instanceof AisaError && e.kind === 'save' && e.code === code && message.test(e.message);

test('saves at exactly the given name, creating the folders, with nothing else left', async () => {
  const dir = path.join(await tempDir(), 'docs', 'img');
  const p = await saveExact(nodeFileSystem, dir, 'hero.png', PNG);
  assert.equal(p, path.join(dir, 'hero.png'));
  assert.deepEqual([...(await readFile(p))], [...PNG]);
  assert.deepEqual(await readdir(dir), ['hero.png']);
});

test('the extension must name what the bytes are: jpg and jpeg for JPEG, webp for WebP', async () => {
  const dir = await tempDir();
  await saveExact(nodeFileSystem, dir, 'a.jpg', JPEG);
  await saveExact(nodeFileSystem, dir, 'b.JPEG', JPEG);
  await saveExact(nodeFileSystem, dir, 'c.webp', WEBP);
  await assert.rejects(
    saveExact(nodeFileSystem, dir, 'd.jpg', PNG),
    saveError(EXACT_TYPE_MISMATCH, /PNG image, but d\.jpg names a JPEG file.*not converted/),
  );
  await assert.rejects(
    saveExact(nodeFileSystem, dir, 'e.png', new Uint8Array([1, 2, 3])),
    saveError(EXACT_TYPE_MISMATCH, /not a PNG, JPEG or WebP image/),
  );
  assert.deepEqual((await readdir(dir)).sort(), ['a.jpg', 'b.JPEG', 'c.webp']);
});

test('names the API can never fill are refused, saying why', async () => {
  assert.equal(exactNameProblem('x.png'), undefined);
  assert.match(exactNameProblem('anim.gif') ?? '', /PNG, JPEG or WebP.*\.png, \.jpg, \.jpeg or \.webp \(not \.gif\)/);
  assert.match(exactNameProblem('noext') ?? '', /must end in/);
  const dir = await tempDir();
  await assert.rejects(
    saveExact(nodeFileSystem, dir, 'logo.svg', PNG),
    saveError(EXACT_BAD_NAME, /logo\.svg cannot be generated/),
  );
  assert.deepEqual(await readdir(dir), []);
});

test('an existing file is never overwritten', async () => {
  const dir = await tempDir();
  await writeFile(path.join(dir, 'hero.png'), 'precious');
  await assert.rejects(
    saveExact(nodeFileSystem, dir, 'hero.png', PNG),
    saveError(EXACT_EXISTS, /hero\.png already exists/),
  );
  assert.equal(await readFile(path.join(dir, 'hero.png'), 'utf8'), 'precious');
  assert.deepEqual(await readdir(dir), ['hero.png']);
});

test('a file that appears while the image is written is not overwritten, and the temporary file goes', async () => {
  const dir = await tempDir();
  const racing: FileSystem = {
    ...nodeFileSystem,
    async writeFile(p, data) {
      await nodeFileSystem.writeFile(p, data);
      await writeFile(path.join(dir, 'hero.png'), 'written by someone else meanwhile');
    },
  };
  await assert.rejects(
    saveExact(racing, dir, 'hero.png', PNG),
    saveError(EXACT_EXISTS, /appeared while the image was being saved/),
  );
  assert.equal(await readFile(path.join(dir, 'hero.png'), 'utf8'), 'written by someone else meanwhile');
  assert.deepEqual(await readdir(dir), ['hero.png']);
});

test('two saves racing for one name: exactly one wins', async () => {
  const dir = await tempDir();
  const results = await Promise.allSettled([
    saveExact(nodeFileSystem, dir, 'x.png', PNG),
    saveExact(nodeFileSystem, dir, 'x.png', PNG),
  ]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  assert.deepEqual(await readdir(dir), ['x.png']);
});

test('a failed write leaves no partial file, and says which folder', async () => {
  const dir = await tempDir();
  await assert.rejects(
    saveExact(diskFullFileSystem, dir, 'hero.png', PNG),
    (e: unknown) => e instanceof AisaError && e.kind === 'save' && /ENOSPC/.test(e.message) && e.message.includes(dir),
  );
  assert.deepEqual(await readdir(dir), []);
});

test('moveExact: one rename to the exact name, never a second copy', async () => {
  const dir = path.join(await tempDir(), 'img');
  const fresh = path.join(path.dirname(dir), 'generated-123.png');
  await writeFile(fresh, PNG);
  const p = await moveExact(nodeFileSystem, fresh, dir, 'hero.png', 'image/png');
  assert.equal(p, path.join(dir, 'hero.png'));
  assert.deepEqual(await readdir(dir), ['hero.png']);
  assert.deepEqual(await readdir(path.dirname(dir)), ['img'], 'the generated name is gone');
});

test('moveExact: a wrong type or an existing target leaves the generated file where it is', async () => {
  const dir = await tempDir();
  const fresh = path.join(dir, 'generated-123.png');
  await writeFile(fresh, PNG);
  await writeFile(path.join(dir, 'taken.png'), 'precious');
  await assert.rejects(
    moveExact(nodeFileSystem, fresh, dir, 'photo.jpg', 'image/png'),
    saveError(EXACT_TYPE_MISMATCH, /PNG image, but photo\.jpg names a JPEG file/),
  );
  await assert.rejects(
    moveExact(nodeFileSystem, fresh, dir, 'taken.png', 'image/png'),
    saveError(EXACT_EXISTS, /taken\.png already exists/),
  );
  await assert.rejects(
    moveExact(nodeFileSystem, fresh, dir, 'anim.gif', 'image/png'),
    saveError(EXACT_BAD_NAME, /cannot be generated/),
  );
  assert.deepEqual((await readdir(dir)).sort(), ['generated-123.png', 'taken.png']);
  assert.equal(await readFile(path.join(dir, 'taken.png'), 'utf8'), 'precious');
});

test('moveExact: a target that appears between the check and the rename is not overwritten', async () => {
  const dir = await tempDir();
  const fresh = path.join(dir, 'generated-123.png');
  await writeFile(fresh, PNG);
  const racing: FileSystem = {
    ...nodeFileSystem,
    async renameNoReplace(from, to) {
      await writeFile(to, 'someone else');
      return nodeFileSystem.renameNoReplace(from, to);
    },
  };
  await assert.rejects(
    moveExact(racing, fresh, dir, 'hero.png', 'image/png'),
    saveError(EXACT_EXISTS, /appeared while/),
  );
  assert.equal(await readFile(path.join(dir, 'hero.png'), 'utf8'), 'someone else');
  assert.ok((await readdir(dir)).includes('generated-123.png'), 'the paid-for image is kept');
});

const FRESH = { base: 'hero-20261122-143005', ext: 'png' };

test('saveExactOrBeside: at the exact name when it can be', async () => {
  const dir = await tempDir();
  const r = await saveExactOrBeside(nodeFileSystem, dir, 'hero.png', FRESH, PNG);
  assert.deepEqual(r, { path: path.join(dir, 'hero.png'), placement: { as: 'exact' } });
  assert.deepEqual(await readdir(dir), ['hero.png']);
});

test('saveExactOrBeside: bytes of another type go under the name with their real extension, saying why', async () => {
  const dir = await tempDir();
  const r = await saveExactOrBeside(nodeFileSystem, dir, 'photo.jpg', FRESH, PNG);
  assert.equal(r.path, path.join(dir, 'photo.png'));
  assert.ok(
    r.placement.as === 'retyped' &&
      saveError(EXACT_TYPE_MISMATCH, /PNG image, but photo\.jpg names a JPEG file/)(r.placement.why),
    JSON.stringify(r.placement),
  );
  assert.deepEqual(await readdir(dir), ['photo.png']);
});

test('saveExactOrBeside: a taken name is never overwritten; the paid-for image gets a fresh name beside it', async () => {
  const dir = await tempDir();
  await writeFile(path.join(dir, 'hero.png'), 'precious');
  await writeFile(path.join(dir, 'photo.png'), 'also precious');
  const taken = await saveExactOrBeside(nodeFileSystem, dir, 'hero.png', FRESH, PNG);
  assert.equal(taken.path, path.join(dir, 'hero-20261122-143005.png'));
  assert.ok(taken.placement.as === 'fresh' && saveError(EXACT_EXISTS, /hero\.png already exists/)(taken.placement.why));
  // Retyped, but that name is taken too.
  const retypedTaken = await saveExactOrBeside(nodeFileSystem, dir, 'photo.jpg', FRESH, PNG);
  assert.equal(retypedTaken.path, path.join(dir, 'hero-20261122-143005_2.png'));
  assert.ok(retypedTaken.placement.as === 'fresh' && retypedTaken.placement.why.code === EXACT_TYPE_MISMATCH);
  assert.equal(await readFile(path.join(dir, 'hero.png'), 'utf8'), 'precious');
  assert.equal(await readFile(path.join(dir, 'photo.png'), 'utf8'), 'also precious');
  assert.deepEqual((await readdir(dir)).sort(), [
    'hero-20261122-143005.png',
    'hero-20261122-143005_2.png',
    'hero.png',
    'photo.png',
  ]);
});

test('saveExactOrBeside: a disk error is thrown, not hidden behind a fresh name', async () => {
  const dir = await tempDir();
  await assert.rejects(
    saveExactOrBeside(diskFullFileSystem, dir, 'hero.png', FRESH, PNG),
    (e: unknown) => e instanceof AisaError && e.kind === 'save' && /ENOSPC/.test(e.message),
  );
  assert.deepEqual(await readdir(dir), []);
});
