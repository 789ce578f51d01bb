import { realpath } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { isInside } from '../../core/imageRefs';
import { AisaError } from '../../core/errors';

const describe = (uri: vscode.Uri): string => (uri.scheme === 'file' ? uri.fsPath : uri.toString(true));

/**
 * The workspace folder holding `uri`, which must lie inside it, also once symbolic links are
 * followed: files are only ever written inside the workspace. Throws an input error otherwise.
 */
export async function workspaceFolderFor(uri: vscode.Uri, what: string): Promise<vscode.WorkspaceFolder> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const insensitive = process.platform === 'win32' || process.platform === 'darwin';
  if (!folder || folder.uri.scheme !== uri.scheme || !isInside(folder.uri.path, uri.path, insensitive && uri.scheme === 'file')) {
    throw new AisaError('input', `${what} ${describe(uri)} is outside the workspace: images are only saved inside a workspace folder.`);
  }
  if (uri.scheme === 'file') await assertNoSymlinkEscape(folder.uri.fsPath, uri.fsPath, what);
  return folder;
}

/** Resolves the deepest existing ancestor of `target` (it may not exist yet) and checks it is still inside `root`. */
async function assertNoSymlinkEscape(root: string, target: string, what: string): Promise<void> {
  const realRoot = await realpath(root).catch(() => root);
  for (let probe = target; ; probe = path.dirname(probe)) {
    const real = await realpath(probe).catch(() => undefined);
    if (real !== undefined) {
      const rel = path.relative(realRoot, real);
      if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
        throw new AisaError('input', `${what} ${target} leads (through a symbolic link) to ${real}, outside the workspace: images are only saved inside a workspace folder.`);
      }
      return;
    }
    if (path.dirname(probe) === probe) return;
  }
}

export async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}
