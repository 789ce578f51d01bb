import * as vscode from 'vscode';
import { styleForDocument } from '../core/imageRefs';
import { referenceSnippet, relativePath } from '../core/references';
import type { EditorTracker, InsertionPoint } from './editorTracker';

/**
 * The one place image references are written into documents: the notification's Insert
 * Reference, the panel, Generate Image from Selection and Generate Image Here all come here.
 */

/** The reference text for `image` as seen from `document`: its syntax, and a path relative to it. */
export function referenceFor(document: vscode.TextDocument, image: vscode.Uri, alt: string): string {
  const sameAuthority = document.uri.scheme === image.scheme && document.uri.authority === image.authority;
  const path =
    sameAuthority && !document.isUntitled
      ? relativePath(document.uri.path, image.path)
      : vscode.workspace.asRelativePath(image, false);
  return referenceSnippet(styleForDocument(document.languageId, document.uri.path), path, alt);
}

/** A visible editor for `uri`, opened (without stealing a preview slot) when there is none. */
async function editorFor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const active = vscode.window.activeTextEditor;
  if (active?.document.uri.toString() === uri.toString()) return active;
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  if (visible) return visible;
  return vscode.window.showTextDocument(uri, { preview: false });
}

/**
 * Replaces `range` of the document at `uri` with `text` (an empty range inserts), as one edit:
 * one Undo takes it back. The editor shows the result; the cursor ends after the text.
 */
export async function replaceRange(uri: vscode.Uri, range: vscode.Range, text: string): Promise<boolean> {
  const editor = await editorFor(uri);
  const ok = await editor.edit((b) => b.replace(range, text), { undoStopBefore: true, undoStopAfter: true });
  if (ok) {
    const end = editor.document.positionAt(editor.document.offsetAt(range.start) + text.length);
    editor.selection = new vscode.Selection(end, end);
    editor.revealRange(new vscode.Range(range.start, end));
  }
  return ok;
}

/**
 * Inserts references to `images` at the cursor(s) of the editor the user is in; when that is
 * not `point`'s document, at `point` (which followed the edits since). One undo removes it.
 */
export async function insertReference(
  editors: Pick<EditorTracker, 'target'>,
  images: readonly vscode.Uri[],
  alt: string,
  point?: InsertionPoint,
): Promise<boolean> {
  let editor = editors.target();
  let positions: vscode.Position[] | undefined = editor?.selections.map((s) => s.end);
  if (point && editor?.document.uri.toString() !== point.uri.toString()) {
    editor = await editorFor(point.uri);
    positions = [point.position];
  }
  if (!editor || !positions?.length) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a file to insert the image reference into.'));
    return false;
  }
  const document = editor.document;
  const text = images.map((img) => referenceFor(document, img, alt)).join('\n');
  const at = positions.map((p) => document.validatePosition(p));
  return editor.edit(
    (b) => {
      for (const p of at) b.insert(p, text);
    },
    { undoStopBefore: true, undoStopAfter: true },
  );
}
