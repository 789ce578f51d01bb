import * as vscode from 'vscode';

/** A file's or folder's URI, as people read it and as the features test for it. */

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export const basename = (uri: vscode.Uri): string => uri.path.slice(uri.path.lastIndexOf('/') + 1);

/** Relative to its workspace folder; prefixed with the folder's name when several are open, so it is unambiguous. */
export const relPath = (uri: vscode.Uri): string =>
  vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
