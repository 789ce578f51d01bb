import * as vscode from 'vscode';
import { validateRequest } from '../core/request';
import { formatUsd, requireModel } from '../core/models';
import type { GenerationOutcome } from '../core/generate';
import { combine } from '../dispose';
import { askRequest, type RequestArgs } from './ask';
import type { Deps } from './deps';
import { currentInsertionPoint, insertReference, type InsertionPoint } from './insertReference';
import { relPath } from './paths';
import { guarded, runWithProgress, savedUris } from './runGeneration';
import { readSettings } from './settings';
import { pickTarget } from './workspaceTarget';

/** Arguments for scripted use (keybindings, tests); each one given skips its prompt. */
export type GenerateArgs = RequestArgs;

export interface GenerateResult {
  files: string[];
  unsaved: number;
}

const TITLE = 'Generate Image';

function selectionText(): string {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return '';
  return editor.document.getText(editor.selection).trim().slice(0, 4000);
}

export function generateFlow(deps: Deps, args: GenerateArgs = {}): Promise<GenerateResult | undefined> {
  const scripted = args.prompt !== undefined;
  const point = currentInsertionPoint();
  return guarded(deps, scripted, async () => {
    const target = await pickTarget();
    if (!target) return undefined;
    // Asked before the prompt, so backing out of the key box never throws away a typed prompt.
    if (!scripted && !(await deps.apiKey.ensure())) return undefined;
    const settings = readSettings(target.folder.uri);
    const model = requireModel(settings.model);
    const asked = await askRequest({ model, defaultSize: settings.defaultSize, title: TITLE, initialPrompt: selectionText(), promptHint: 'Describe the image', args, scripted });
    if (!asked) return undefined;
    const request = validateRequest({ ...asked, model: model.id });
    const outcome = await runWithProgress(deps, request, target, scripted);
    if (!outcome) return undefined;
    if (!scripted) void afterGeneration(deps, outcome, point);
    return { files: savedUris(outcome).map((u) => u.fsPath), unsaved: outcome.unsaved.length };
  });
}

/** Opens the first image and offers what people do next with it. */
async function afterGeneration(deps: Deps, outcome: GenerationOutcome, point: InsertionPoint | undefined): Promise<void> {
  const uris = savedUris(outcome);
  if (outcome.unsaved.length) {
    void vscode.window
      .showWarningMessage(`${outcome.unsaved.length} of ${outcome.result.images.length} generated images could not be saved yet (${outcome.unsaved[0]?.error.message ?? ''}). They are kept while their links live.`, 'Retry Saving', 'Show Log')
      .then((c) => (c === 'Retry Saving' ? vscode.commands.executeCommand('aisaImages.retryPending') : c && deps.log.show(true)));
  }
  const first = uris[0];
  if (!first) return;
  // Beside the file being edited, so the cursor stays where the reference will go; not awaited,
  // because an image preview's open can settle late and the actions should show at once.
  const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
  void vscode.commands.executeCommand('vscode.open', first, { preview: true, preserveFocus: true, viewColumn: column });
  const where = relPath(first);
  const cost = ` (${formatUsd(outcome.costUsd)})`;
  const said = outcome.result.text ? ` ${outcome.request.modelInfo.label} says: ${outcome.result.text}` : '';
  const message = uris.length === 1 ? `Saved ${where}${cost}.${said}` : `Saved ${uris.length} images, first ${where}${cost}.${said}`;
  const choice = await vscode.window.showInformationMessage(message, 'Insert Reference', 'Reveal in Explorer', 'Copy Path');
  if (choice === 'Insert Reference') {
    const chosen = await chooseImages(uris);
    if (chosen.length) await insertReference(chosen, outcome.request.prompt, point);
  } else if (choice === 'Reveal in Explorer') {
    await vscode.commands.executeCommand('revealInExplorer', first);
  } else if (choice === 'Copy Path') {
    await vscode.env.clipboard.writeText(uris.map((u) => vscode.workspace.asRelativePath(u, false)).join('\n'));
  }
}

/** With several images, the user picks which to reference; all of them stay saved. */
interface ImageItem extends vscode.QuickPickItem {
  readonly uri: vscode.Uri;
}

/**
 * Which of several images to reference. A list cannot show the images themselves, so the one
 * under the cursor is previewed beside as the user moves through the list (the editor keeps
 * the focus here); the row's icon is the image too. All of them stay saved whatever is picked.
 */
export function chooseImages(uris: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
  if (uris.length <= 1) return Promise.resolve([...uris]);
  const pick = vscode.window.createQuickPick<ImageItem>();
  pick.title = 'Which images should be referenced? Each is shown beside as you move to it; all stay saved.';
  pick.placeholder = 'Tick the images to reference, then Enter';
  pick.canSelectMany = true;
  pick.ignoreFocusOut = true;
  pick.items = uris.map((uri, i) => ({ label: `Image ${i + 1}`, description: vscode.workspace.asRelativePath(uri, false), uri, iconPath: uri }));
  pick.selectedItems = pick.items.slice(0, 1);
  return new Promise((resolve) => {
    let shown: vscode.Uri | undefined;
    const preview = (item: ImageItem | undefined): void => {
      if (!item || item.uri.toString() === shown?.toString()) return;
      shown = item.uri;
      void vscode.commands.executeCommand('vscode.open', item.uri, { preview: true, preserveFocus: true, viewColumn: vscode.ViewColumn.Beside });
    };
    const subs = [
      pick.onDidChangeActive(([item]) => preview(item)),
      pick.onDidAccept(() => {
        resolve(pick.selectedItems.map((i) => i.uri));
        pick.hide();
      }),
      pick.onDidHide(() => {
        resolve([]);
        for (const s of subs) s.dispose();
        pick.dispose();
      }),
    ];
    pick.show();
    pick.activeItems = pick.items.slice(0, 1);
    preview(pick.items[0]);
  });
}

export function registerGenerateCommand(deps: Deps): vscode.Disposable {
  return combine(
    vscode.commands.registerCommand('aisaImages.generate', (args?: GenerateArgs) => generateFlow(deps, args && typeof args === 'object' ? args : {})),
    vscode.commands.registerCommand('aisaImages.cancelGenerations', () => deps.service.cancelAll()),
    vscode.commands.registerCommand('aisaImages.showLog', () => deps.log.show()),
  );
}
