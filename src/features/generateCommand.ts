import * as vscode from 'vscode';
import { combine } from '../dispose';
import type { RequestArgs } from './ask';
import { inBackground } from './background';
import type { Deps } from './deps';
import { offerNext } from './pipeline/afterSave';
import { scriptedArgs } from './pipeline/invocation';
import { runPipeline } from './pipeline/pipeline';
import { pickTarget } from './workspaceTarget';

/** Arguments for scripted use (keybindings, tests); each one given skips its prompt. */
export type GenerateArgs = RequestArgs;

export interface GenerateResult {
  files: string[];
  unsaved: number;
}

function selectionText(): string {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return '';
  return editor.document.getText(editor.selection).trim().slice(0, 4000);
}

/** AIsa: Generate Image: the prompt (prefilled with the selection), then the images into the output folder. */
export function generateFlow(deps: Deps, raw?: unknown): Promise<GenerateResult | undefined> {
  const args = scriptedArgs(raw);
  return runPipeline(deps, {
    caller: args ? 'script' : 'person',
    target: () => pickTarget(),
    source: {
      ask: {
        title: vscode.l10n.t('Generate Image'),
        initialPrompt: selectionText(),
        promptHint: vscode.l10n.t('Describe the image'),
        args,
      },
    },
    insertionPoint: true,
    deliver: ({ outcome, uris, point }) => {
      if (!args) inBackground(deps.log, 'what follows a generation', offerNext(deps, outcome, point));
      return { files: uris.map((u) => u.fsPath), unsaved: outcome.unsaved.length };
    },
  });
}

export function registerGenerateCommand(deps: Deps): vscode.Disposable {
  return combine(
    vscode.commands.registerCommand('aisaImages.generate', (args?: unknown) => generateFlow(deps, args)),
    vscode.commands.registerCommand('aisaImages.cancelGenerations', () => deps.service.cancelAll()),
    vscode.commands.registerCommand('aisaImages.showLog', () => deps.log.show()),
  );
}
