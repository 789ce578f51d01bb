import * as vscode from 'vscode';
import { findImageRefs, localImagePath, resolveRelative, styleForDocument } from '../../core/imageRefs';
import { exists } from '../paths';

/**
 * The workspace image a selection refers to, when the selection is (nothing but) one image
 * reference (`![..](x.png)`, `<img src="x.png">`) to an existing local file; undefined otherwise.
 */
export async function imageInSelection(editor: vscode.TextEditor): Promise<vscode.Uri | undefined> {
  const { document, selection } = editor;
  if (selection.isEmpty) return undefined;
  const text = document.getText(selection);
  if (text.length > 2000) return undefined;
  const refs = findImageRefs(text, styleForDocument(document.languageId, document.fileName));
  const ref = refs.length === 1 ? refs[0] : undefined;
  if (!ref || text.slice(0, ref.start).trim() || text.slice(ref.end).trim()) return undefined;
  const local = localImagePath(ref.path);
  if (!local.ok || !/^(png|jpe?g|webp|gif|avif|bmp|tiff?)$/.test(local.ext)) return undefined;
  const resolved = resolveRelative(document.uri.path, local.path);
  if (resolved === undefined) return undefined;
  const uri = document.uri.with({ path: resolved });
  return (await exists(uri)) ? uri : undefined;
}
