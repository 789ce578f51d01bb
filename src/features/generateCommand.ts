import * as vscode from 'vscode';
import { checkCount, checkPrompt, validateRequest } from '../core/request';
import { describeSize } from '../core/modelSizes';
import { estimateCostUsd, formatUsd, MAX_IMAGES_BY_FAMILY, requireModel, type ModelInfo } from '../core/models';
import type { GenerationOutcome } from '../core/generate';
import { combine } from '../dispose';
import type { Deps } from './deps';
import { currentInsertionPoint, insertReference, type InsertionPoint } from './insertReference';
import { readSettings } from './settings';
import { showError } from './showError';
import { pickModelSize, scriptedDefaultSize, sizeSteps } from './sizePick';
import { pickTarget } from './workspaceTarget';

/** Arguments for scripted use (keybindings, tests); each one given skips its prompt. */
export interface GenerateArgs {
  prompt?: string;
  size?: string;
  n?: number;
}

export interface GenerateResult {
  files: string[];
  unsaved: number;
}

const TITLE = 'Generate Image';

async function askPrompt(initial: string, title: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt: 'Describe the image',
    placeHolder: 'A cute red panda, ultra-detailed, cinematic lighting',
    value: initial,
    ignoreFocusOut: true,
    validateInput: (v) => checkPrompt(v),
  });
}

async function askCount(info: ModelInfo, title: string): Promise<number | undefined> {
  const cost = (n: number): string =>
    info.pricePerImageUsd === undefined
      ? `Estimated cost unknown: AIsa does not publish a price for ${info.label}`
      : `Estimated cost: ${formatUsd(estimateCostUsd(info, n))} (${n} x ${formatUsd(info.pricePerImageUsd)}, ${info.label})`;
  const value = await vscode.window.showInputBox({
    title,
    // The validation message only appears once the value changes, so the prompt carries the default's cost.
    prompt: `How many images? Each one is billed. ${cost(1)}`,
    value: '1',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const n = /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
      const error = checkCount(n, info);
      return error ?? { message: cost(n), severity: vscode.InputBoxValidationSeverity.Info };
    },
  });
  return value === undefined ? undefined : Number(value.trim());
}

function selectionText(): string {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return '';
  return editor.document.getText(editor.selection).trim().slice(0, 4000);
}

export async function generateFlow(deps: Deps, args: GenerateArgs = {}): Promise<GenerateResult | undefined> {
  const scripted = args.prompt !== undefined;
  const point = currentInsertionPoint();
  try {
    const target = await pickTarget();
    if (!target) return undefined;
    // Asked before the prompt, so backing out of the key box never throws away a typed prompt.
    if (!scripted && !(await deps.apiKey.ensure())) return undefined;
    const settings = readSettings(target.folder.uri);
    const model = requireModel(settings.model);
    // Each model's own controls. Seedream: prompt, size, count. Gemini: prompt, aspect ratio,
    // resolution (one image a request, so no count). Wan: prompt, count (its route has no size).
    const asksCount = MAX_IMAGES_BY_FAMILY[model.family] > 1;
    const steps = 1 + sizeSteps(model) + (asksCount ? 1 : 0);
    const title = (step: number): string => `${TITLE} (${step}/${steps})`;
    const prompt = args.prompt ?? (await askPrompt(selectionText(), title(1)));
    if (prompt === undefined) return undefined;
    const size = args.size ?? (scripted ? scriptedDefaultSize(model, settings.defaultSize) : await pickModelSize(model, settings.defaultSize, (i) => title(2 + i)));
    if (size === undefined) return undefined;
    const n = args.n ?? (scripted || !asksCount ? 1 : await askCount(model, title(steps)));
    if (n === undefined) return undefined;
    const request = validateRequest({ prompt, size, n, model: model.id });
    const sizeText = describeSize(model.family, request.size);

    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'AIsa', cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const step = 100 / (n + 1);
        return deps.service.run(request, target, {
          signal: controller.signal,
          interactive: !scripted,
          onProgress: (p) => {
            if (p.phase === 'requesting') progress.report({ message: `Generating ${sizeText ? `${n} x ${sizeText}` : `${n} image${n > 1 ? 's' : ''}`} with ${request.modelInfo.label}...` });
            else if (p.phase === 'downloading') progress.report({ message: `Downloading ${p.total} image${p.total > 1 ? 's' : ''}...`, increment: step });
            else progress.report({ message: `Saved ${p.done} of ${p.total}`, increment: step });
          },
        });
      },
    );
    if (!outcome) return undefined;
    if (!scripted) void afterGeneration(deps, outcome, point);
    return { files: outcome.saved.map((s) => vscode.Uri.parse(s.path).fsPath), unsaved: outcome.unsaved.length };
  } catch (e) {
    if (scripted) throw e;
    await showError(deps, e);
    return undefined;
  }
}

/** Opens the first image and offers what people do next with it. */
async function afterGeneration(deps: Deps, outcome: GenerationOutcome, point: InsertionPoint | undefined): Promise<void> {
  const uris = outcome.saved.map((s) => vscode.Uri.parse(s.path));
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
  const where = vscode.workspace.asRelativePath(first, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
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
export async function chooseImages(uris: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
  if (uris.length <= 1) return [...uris];
  const picked = await vscode.window.showQuickPick(
    uris.map((uri, i) => ({ label: `Image ${i + 1}`, description: vscode.workspace.asRelativePath(uri, false), uri, picked: i === 0 })),
    { title: 'Which images should be referenced?', canPickMany: true, ignoreFocusOut: true },
  );
  return picked?.map((p) => p.uri) ?? [];
}

export function registerGenerateCommand(deps: Deps): vscode.Disposable {
  return combine(
    vscode.commands.registerCommand('aisaImages.generate', (args?: GenerateArgs) => generateFlow(deps, args && typeof args === 'object' ? args : {})),
    vscode.commands.registerCommand('aisaImages.cancelGenerations', () => deps.service.cancelAll()),
    vscode.commands.registerCommand('aisaImages.showLog', () => deps.log.show()),
  );
}
