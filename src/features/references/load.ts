import * as vscode from 'vscode';
import { AisaError } from '../../core/errors';
import type { ReferenceImage } from '../../core/refImages/limits';
import { loadEngine } from '../engine';
import { workspaceFolderFor } from '../inline/workspacePaths';
import { relPath } from '../paths';

/** Workspace files read and made sendable (converted, downscaled under 10 MB); a missing one is said in one sentence. */
export function loadReferences(uris: readonly vscode.Uri[]): Promise<ReferenceImage[]> {
  return Promise.all(
    uris.map(async (uri) => {
      // Only the workspace's own files are sent, also once symbolic links are followed.
      await workspaceFolderFor(uri, 'reference');
      let bytes: Uint8Array;
      try {
        bytes = await vscode.workspace.fs.readFile(uri);
      } catch (e) {
        throw new AisaError(
          'input',
          vscode.l10n.t(
            'The reference {0} cannot be read ({1}): choose an image file in the workspace.',
            relPath(uri),
            e instanceof vscode.FileSystemError ? e.code : String(e),
          ),
          { cause: e },
        );
      }
      const { prepareReference } = await loadEngine();
      return { ...(await prepareReference(uri.path, bytes)), source: uri.toString() };
    }),
  );
}
