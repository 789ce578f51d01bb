import * as vscode from 'vscode';
import { isInside } from '../../core/imageRefs';
import { assertContained } from '../../core/containment';
import { AisaError } from '../../core/errors';
import { nodeFileSystem } from '../../core/nodeFs';

const describe = (uri: vscode.Uri): string => (uri.scheme === 'file' ? uri.fsPath : uri.toString(true));

/** What a checked location is: each has its own whole sentence in every language. */
export type Place = 'image' | 'folder' | 'reference';

function outside(what: Place, where: string): string {
  switch (what) {
    case 'image':
      return vscode.l10n.t(
        'The image {0} is outside the workspace: images are only saved inside a workspace folder.',
        where,
      );
    case 'folder':
      return vscode.l10n.t(
        'The folder {0} is outside the workspace: images are only saved inside a workspace folder.',
        where,
      );
    case 'reference':
      return vscode.l10n.t(
        'The reference {0} is outside the workspace: images are only saved inside a workspace folder.',
        where,
      );
  }
}

/** The subject the core's containment guard starts its sentence with. */
function subject(what: Place): string {
  switch (what) {
    case 'image':
      return vscode.l10n.t('The image');
    case 'folder':
      return vscode.l10n.t('The folder');
    case 'reference':
      return vscode.l10n.t('The reference');
  }
}

/**
 * The workspace folder holding `uri`, which must lie inside it, also once symbolic links are
 * followed: files are only ever written inside the workspace. Throws an input error otherwise.
 */
export async function workspaceFolderFor(uri: vscode.Uri, what: Place): Promise<vscode.WorkspaceFolder> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const insensitive = process.platform === 'win32' || process.platform === 'darwin';
  if (
    !folder ||
    folder.uri.scheme !== uri.scheme ||
    !isInside(folder.uri.path, uri.path, insensitive && uri.scheme === 'file')
  ) {
    throw new AisaError('input', outside(what, describe(uri)));
  }
  if (uri.scheme === 'file') await assertNoSymlinkEscape(folder.uri.fsPath, uri.fsPath, subject(what));
  return folder;
}

/** The core's one containment guard, links followed (see src/core/containment.ts). */
async function assertNoSymlinkEscape(root: string, target: string, what: string): Promise<void> {
  await assertContained(nodeFileSystem, root, target, {
    what,
    kind: 'input',
    caseInsensitive: process.platform === 'win32' || process.platform === 'darwin',
  });
}

export async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}
