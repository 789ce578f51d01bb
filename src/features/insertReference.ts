import * as vscode from 'vscode';
import { referenceSnippet, relativePath, styleForLanguage } from '../core/references';

/** Where the user was typing when they asked for an image. */
export interface InsertionPoint {
  readonly uri: vscode.Uri;
  readonly position: vscode.Position;
}

export function currentInsertionPoint(): InsertionPoint | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme === 'output') return undefined;
  return { uri: editor.document.uri, position: editor.selection.end };
}

/** The reference text for `image` as seen from `document`. */
export function referenceFor(document: vscode.TextDocument, image: vscode.Uri, alt: string): string {
  const path = document.uri.scheme === image.scheme && !document.isUntitled
    ? relativePath(document.uri.path, image.path)
    : vscode.workspace.asRelativePath(image, false);
  return referenceSnippet(styleForLanguage(document.languageId), path, alt);
}

/** Inserts at the editor's cursor (or at `point` when the document is not in an editor): one undo removes it. */
export async function insertReference(images: readonly vscode.Uri[], alt: string, point?: InsertionPoint): Promise<boolean> {
  let editor = vscode.window.activeTextEditor;
  if (point && editor?.document.uri.toString() !== point.uri.toString()) {
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === point.uri.toString());
    editor = visible ?? (await vscode.window.showTextDocument(point.uri, { preview: false }));
    if (!visible) editor.selection = new vscode.Selection(point.position, point.position);
  }
  if (!editor) {
    void vscode.window.showWarningMessage('Open a file to insert the image reference into.');
    return false;
  }
  const document = editor.document;
  const text = images.map((img) => referenceFor(document, img, alt)).join('\n');
  return editor.edit((b) => {
    for (const sel of editor.selections) b.replace(new vscode.Selection(sel.end, sel.end), text);
  });
}
