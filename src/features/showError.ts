import * as vscode from 'vscode';
import { AisaError, describeError } from '../core/errors';
import type { Deps } from './deps';

/** The core's one sentence, plus the button that fixes it where there is one. */
export async function showError(deps: Deps, e: unknown): Promise<void> {
  if (e instanceof AisaError && e.kind === 'cancelled') {
    void vscode.window.showInformationMessage('Generation cancelled. Nothing partial was written.');
    return;
  }
  const message = describeError(e);
  const actions = e instanceof AisaError && e.kind === 'invalid_key' ? ['Set API Key', 'Show Log'] : ['Show Log'];
  const choice = await vscode.window.showErrorMessage(message, ...actions);
  if (choice === 'Set API Key') await vscode.commands.executeCommand('aisaImages.setApiKey');
  else if (choice === 'Show Log') deps.log.show(true);
}
