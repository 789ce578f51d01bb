import * as vscode from 'vscode';
import type { FileSystem } from '../core/files';
import { exists } from './paths';

// rename({overwrite:false}) checks, then renames: serialising our own renames closes that
// window between two generations of this window racing for one name.
let renames: Promise<unknown> = Promise.resolve();

/** The core's file interface on vscode.workspace.fs; paths are URI strings. */
export const vscodeFileSystem: FileSystem = {
  join: (dir, name) => vscode.Uri.joinPath(vscode.Uri.parse(dir), name).toString(),
  mkdirp: async (dir) => {
    await vscode.workspace.fs.createDirectory(vscode.Uri.parse(dir));
  },
  writeFile: async (p, data) => {
    await vscode.workspace.fs.writeFile(vscode.Uri.parse(p), data);
  },
  renameNoReplace: (from, to) => {
    // FileSystemError.FileExists carries code 'FileExists', which the core treats as EEXIST.
    const next = renames.then(() => vscode.workspace.fs.rename(vscode.Uri.parse(from), vscode.Uri.parse(to), { overwrite: false }));
    renames = next.catch(() => undefined);
    return next;
  },
  delete: async (p) => {
    try {
      await vscode.workspace.fs.delete(vscode.Uri.parse(p), { useTrash: false });
    } catch (e) {
      if (!(e instanceof vscode.FileSystemError && e.code === 'FileNotFound')) throw e;
    }
  },
  exists: (p) => exists(vscode.Uri.parse(p)),
};
