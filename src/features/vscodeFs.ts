import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { FileSystem } from '../core/files';
import { nodeFileSystem } from '../core/nodeFs';
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
    const source = vscode.Uri.parse(from);
    const target = vscode.Uri.parse(to);
    // On disk, the CLI's publish: link(2) fails atomically when the name is taken, so a CLI run
    // or another window racing for the name can never be overwritten (VS Code's rename checks, then replaces).
    if (source.scheme === 'file' && target.scheme === 'file')
      return nodeFileSystem.renameNoReplace(source.fsPath, target.fsPath);
    // FileSystemError.FileExists carries code 'FileExists', which the core treats as EEXIST.
    const next = renames.then(() => vscode.workspace.fs.rename(source, target, { overwrite: false }));
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
  realpath: async (p) => {
    const uri = vscode.Uri.parse(p);
    if (uri.scheme !== 'file') return (await exists(uri)) ? p : undefined;
    try {
      return vscode.Uri.file(await realpath(uri.fsPath)).toString();
    } catch {
      return undefined;
    }
  },
};
