import * as vscode from 'vscode';
import { AisaError } from '../core/errors';
import { assertContained } from '../core/containment';
import { nodeFileSystem } from '../core/nodeFs';
import { outputFolderSegments } from '../core/outputFolder';
import { exactNameProblem } from '../core/saveExact';
import { workspaceFolderFor } from './inline/workspacePaths';
import { basename, exists, relPath } from './paths';
import { readSettings } from './settings';

export interface GenerationTarget {
  readonly folder: vscode.WorkspaceFolder;
  readonly outDir: vscode.Uri;
  /** The one image goes exactly here (a file in outDir that a document refers to), not under a fresh name. */
  readonly file?: vscode.Uri;
}

/**
 * Where a single image is saved at exactly `file` (a quick fix's reference, an agent's path),
 * judged before anything is spent: inside a workspace folder, also through symbolic links, a
 * name the image can take, and nothing there yet (never overwritten).
 */
export async function exactFileTarget(file: vscode.Uri): Promise<GenerationTarget> {
  const folder = await workspaceFolderFor(file, 'image');
  const problem = exactNameProblem(basename(file), true);
  if (problem) throw new AisaError('input', problem);
  if (await exists(file))
    throw new AisaError(
      'input',
      vscode.l10n.t('{0} already exists: there is nothing to generate, and it is never overwritten.', relPath(file)),
    );
  return { folder, outDir: vscode.Uri.joinPath(file, '..'), file };
}

/** The workspace folder to save into: the active editor's, the only one, or the user's pick. */
export async function pickWorkspaceFolder(hint?: vscode.Uri): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) {
    const open = await vscode.window.showWarningMessage(
      vscode.l10n.t('Open a folder first: generated images are saved inside a workspace folder.'),
      vscode.l10n.t('Open Folder...'),
    );
    if (open) await vscode.commands.executeCommand('vscode.openFolder');
    return undefined;
  }
  const fromHint = hint ?? vscode.window.activeTextEditor?.document.uri;
  const owner = fromHint ? vscode.workspace.getWorkspaceFolder(fromHint) : undefined;
  if (owner) return owner;
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({
    placeHolder: vscode.l10n.t('Which workspace folder should the images go into?'),
  });
}

/** The output folder inside `folder`; refuses settings or symlinks that lead outside it. */
export async function resolveOutputDir(folder: vscode.WorkspaceFolder): Promise<vscode.Uri> {
  const setting = readSettings(folder.uri).outputFolder;
  const outDir = vscode.Uri.joinPath(folder.uri, ...outputFolderSegments(setting));
  if (folder.uri.scheme === 'file') await assertNoSymlinkEscape(folder.uri.fsPath, outDir.fsPath, setting);
  return outDir;
}

/** The core's one containment guard, on the real file system: the setting, links followed, must stay inside the folder. */
async function assertNoSymlinkEscape(root: string, dir: string, setting: string): Promise<void> {
  await assertContained(nodeFileSystem, root, dir, {
    what: vscode.l10n.t('The output folder "{0}" ({1})', setting, dir),
    kind: 'input',
    caseInsensitive: process.platform === 'win32' || process.platform === 'darwin',
  });
}

export async function pickTarget(hint?: vscode.Uri): Promise<GenerationTarget | undefined> {
  const folder = await pickWorkspaceFolder(hint);
  if (!folder) return undefined;
  return { folder, outDir: await resolveOutputDir(folder) };
}
