import * as vscode from 'vscode';
import { AisaError } from '../../core/errors';
import { IMAGE_EXTENSIONS } from '../../core/imageRefs';
import { workspaceFolderFor } from '../inline/workspacePaths';
import { basename } from '../paths';

/**
 * URI strings from the webview (untrusted) as workspace image files: anything else (another
 * scheme, outside every workspace folder, not an image name) is refused in one sentence.
 */
export async function workspaceImages(raw: readonly string[]): Promise<vscode.Uri[]> {
  return Promise.all(
    raw.map(async (text) => {
      let uri: vscode.Uri;
      try {
        uri = vscode.Uri.parse(text.trim(), true);
      } catch {
        throw new AisaError(
          'input',
          vscode.l10n.t('That is not a file in the workspace: references are images inside the workspace.'),
        );
      }
      const ext = /\.([^./]+)$/.exec(uri.path)?.[1]?.toLowerCase() ?? '';
      if (!IMAGE_EXTENSIONS.has(ext) || ext === 'svg' || ext === 'ico')
        throw new AisaError(
          'input',
          vscode.l10n.t(
            '{0} is not an image that can be a reference (PNG, JPEG, WebP, or GIF, AVIF, BMP, TIFF converted to PNG).',
            basename(uri),
          ),
        );
      await workspaceFolderFor(uri, 'reference');
      return uri;
    }),
  );
}

/** Add reference…: the system's file picker, opened in the workspace, images only. */
export async function pickReferenceFiles(): Promise<vscode.Uri[]> {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Add reference images'),
    openLabel: vscode.l10n.t('Use as Reference'),
    canSelectMany: true,
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
    filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp', 'gif', 'avif', 'bmp', 'tif', 'tiff'] },
  });
  return picked ? workspaceImages(picked.map((u) => u.toString())) : [];
}
