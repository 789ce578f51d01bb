import { realpath } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { AisaError } from '../core/errors';
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
  const folder = await workspaceFolderFor(file, 'The image');
  const problem = exactNameProblem(basename(file), true);
  if (problem) throw new AisaError('input', problem);
  if (await exists(file)) throw new AisaError('input', `${relPath(file)} already exists: there is nothing to generate, and it is never overwritten.`);
  return { folder, outDir: vscode.Uri.joinPath(file, '..'), file };
}

/** The workspace folder to save into: the active editor's, the only one, or the user's pick. */
export async function pickWorkspaceFolder(hint?: vscode.Uri): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) {
    const open = await vscode.window.showWarningMessage('Open a folder first: generated images are saved inside a workspace folder.', 'Open Folder...');
    if (open) await vscode.commands.executeCommand('vscode.openFolder');
    return undefined;
  }
  const fromHint = hint ?? vscode.window.activeTextEditor?.document.uri;
  const owner = fromHint ? vscode.workspace.getWorkspaceFolder(fromHint) : undefined;
  if (owner) return owner;
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which workspace folder should the images go into?' });
}

/** The output folder inside `folder`; refuses settings or symlinks that lead outside it. */
export async function resolveOutputDir(folder: vscode.WorkspaceFolder): Promise<vscode.Uri> {
  const setting = readSettings(folder.uri).outputFolder;
  const outDir = vscode.Uri.joinPath(folder.uri, ...outputFolderSegments(setting));
  if (folder.uri.scheme === 'file') await assertNoSymlinkEscape(folder.uri.fsPath, outDir.fsPath, setting);
  return outDir;
}

async function assertNoSymlinkEscape(root: string, dir: string, setting: string): Promise<void> {
  const realRoot = await realpath(root).catch(() => root);
  // The folder may not exist yet: resolve its deepest existing ancestor.
  let probe = dir;
  for (;;) {
    const real = await realpath(probe).catch(() => undefined);
    if (real !== undefined) {
      const rel = path.relative(realRoot, real);
      if (rel.startsWith('..') || path.isAbsolute(rel)) {
        throw new AisaError('input', `The output folder "${setting}" resolves (through a symbolic link) to ${real}, outside the workspace folder: choose a folder inside it.`);
      }
      return;
    }
    const parent = path.dirname(probe);
    if (parent === probe) return;
    probe = parent;
  }
}

export async function pickTarget(hint?: vscode.Uri): Promise<GenerationTarget | undefined> {
  const folder = await pickWorkspaceFolder(hint);
  if (!folder) return undefined;
  return { folder, outDir: await resolveOutputDir(folder) };
}
