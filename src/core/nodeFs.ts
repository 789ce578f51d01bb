import { promises as fsp, constants } from 'node:fs';
import path from 'node:path';
import type { FileSystem } from './files';
import type { OriginalsFs } from './originals';
import type { ThumbnailFs } from './thumbnailCache';

/** node:fs, with a rename that refuses to replace (rename(2) would silently overwrite). */
export const nodeFileSystem: FileSystem = {
  join: (dir, name) => path.join(dir, name),
  mkdirp: async (dir) => {
    await fsp.mkdir(dir, { recursive: true });
  },
  writeFile: (p, data) => fsp.writeFile(p, data, { flag: 'wx' }),
  async renameNoReplace(from, to) {
    try {
      // link(2) fails with EEXIST atomically; then the temporary name goes away.
      await fsp.link(from, to);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw e;
      // File systems without hard links (FAT, some network mounts).
      await fsp.copyFile(from, to, constants.COPYFILE_EXCL);
    }
    await fsp.unlink(from);
  },
  delete: (p) => fsp.rm(p, { force: true }),
  realpath: async (p) => {
    try {
      return await fsp.realpath(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw e;
    }
  },
  exists: async (p) => {
    try {
      await fsp.lstat(p);
      return true;
    } catch {
      return false;
    }
  },
};

/** node:fs for the originals store (originals.ts): saving's operations plus reading and listing. */
export const nodeOriginalsFs: OriginalsFs = {
  join: nodeFileSystem.join,
  mkdirp: nodeFileSystem.mkdirp,
  writeFile: nodeFileSystem.writeFile,
  delete: nodeFileSystem.delete,
  readFile: async (p) => new Uint8Array(await fsp.readFile(p)),
  list: async (dir) => {
    try {
      return await fsp.readdir(dir);
    } catch {
      return [];
    }
  },
};

/** node:fs for the thumbnail cache (thumbnailCache.ts). */
export const nodeThumbnailFs: ThumbnailFs = {
  join: nodeFileSystem.join,
  mkdirp: nodeFileSystem.mkdirp,
  writeFile: nodeFileSystem.writeFile,
  renameNoReplace: nodeFileSystem.renameNoReplace,
  delete: nodeFileSystem.delete,
  list: nodeOriginalsFs.list,
};
