import * as vscode from 'vscode';
import { AisaError } from '../../core/errors';
import { formatUsd, requireModel } from '../../core/models';
import { validateRequest } from '../../core/request';
import { askRequest, scriptedArgs } from '../ask';
import type { Deps } from '../deps';
import { chooseImages } from '../generateCommand';
import { currentInsertionPoint, insertReference } from '../insertReference';
import { relPath } from '../paths';
import { guarded, runWithProgress, savedUris, warnUnsaved } from '../runGeneration';
import { readSettings } from '../settings';
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
  const scripted = !!args;
  return guarded(deps, scripted, async () => {
    const dir = folderArg instanceof vscode.Uri ? folderArg : undefined;
    if (!dir) {
      const message = 'Right-click a folder in the Explorer and choose Generate Image Here.';
      if (scripted) throw new AisaError('input', message);
      void vscode.window.showInformationMessage(message);
      return undefined;
    }
    const folder = await workspaceFolderFor(dir, 'The folder');
    if (!(await isFolder(dir))) throw new AisaError('input', `${relPath(dir)} is not a folder.`);
    const point = currentInsertionPoint();
    if (!scripted && !(await deps.apiKey.ensure())) return undefined;
    const settings = readSettings(folder.uri);
    const model = requireModel(settings.model);
    const where = relPath(dir);
    const asked = await askRequest({ model, defaultSize: settings.defaultSize, title: `Generate Image in ${where}`, initialPrompt: '', args, scripted });
    if (!asked) return undefined;
    const request = validateRequest({ ...asked, model: model.id });
    const outcome = await runWithProgress(deps, request, { folder, outDir: dir }, scripted);
    if (!outcome) return undefined;
    warnUnsaved(deps, outcome);
    const uris = savedUris(outcome);
    if (!scripted && uris[0]) void offerNext(uris, request.prompt, outcome.costUsd, point);
    return { files: uris.map((u) => u.fsPath), unsaved: outcome.unsaved.length };
  });
}

async function offerNext(uris: vscode.Uri[], prompt: string, costUsd: number | undefined, point: ReturnType<typeof currentInsertionPoint>): Promise<void> {
  const first = uris[0];
  if (!first) return;
  void vscode.commands.executeCommand('vscode.open', first, { preview: true, preserveFocus: true });
  const where = relPath(first);
  const saved = uris.length === 1 ? `Saved ${where}` : `Saved ${uris.length} images, first ${where}`;
  const actions = point ? ['Insert Reference', 'Reveal in Explorer'] : ['Reveal in Explorer'];
  const choice = await vscode.window.showInformationMessage(`${saved} (${formatUsd(costUsd)}).`, ...actions);
  if (choice === 'Insert Reference') {
    const chosen = await chooseImages(uris);
    if (chosen.length) await insertReference(chosen, prompt, point);
  } else if (choice === 'Reveal in Explorer') {
    await vscode.commands.executeCommand('revealInExplorer', first);
  }
}
