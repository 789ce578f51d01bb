import * as vscode from 'vscode';
import { AisaError } from '../../core/errors';
import { inBackground } from '../background';
import type { Deps } from '../deps';
import { relPath } from '../paths';
import { offerNext } from '../pipeline/afterSave';
import { nothingToActOn, scriptedArgs } from '../pipeline/invocation';
import { runPipeline } from '../pipeline/pipeline';
import { isFolder, workspaceFolderFor } from './workspacePaths';

export interface HereResult {
  readonly files: string[];
  readonly unsaved: number;
}

/**
 * Generate Image Here, from the Explorer's folder menu: the images go into that folder (which
 * must be inside the workspace) instead of the output folder setting. Scripted use:
 * executeCommand('aisaImages.generateHere', folderUri, { prompt, size, n }).
 */
export function generateHere(deps: Deps, folderArg: unknown, second: unknown): Promise<HereResult | undefined> {
  const args = scriptedArgs(second);
  const dir = folderArg instanceof vscode.Uri ? folderArg : undefined;
  return runPipeline(deps, {
    caller: args ? 'script' : 'person',
    target: async () => {
      if (!dir)
        return nothingToActOn(
          !!args,
          vscode.l10n.t('Right-click a folder in the Explorer and choose Generate Image Here.'),
        );
      const folder = await workspaceFolderFor(dir, 'folder');
      if (!(await isFolder(dir))) throw new AisaError('input', vscode.l10n.t('{0} is not a folder.', relPath(dir)));
      return { folder, outDir: dir };
    },
    source: {
      ask: { title: vscode.l10n.t('Generate Image in {0}', dir ? relPath(dir) : ''), initialPrompt: '', args },
    },
    insertionPoint: true,
    deliver: ({ outcome, uris, point }) => {
      if (!args) inBackground(deps.log, 'what follows a generation', offerNext(deps, outcome, point));
      return { files: uris.map((u) => u.fsPath), unsaved: outcome.unsaved.length };
    },
  });
}
