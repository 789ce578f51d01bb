import * as vscode from 'vscode';
import { AisaError, describeError } from '../core/errors';
import type { Deps } from './deps';

/** The core's one sentence, plus the button that fixes it where there is one. */
export async function showError(deps: Deps, e: unknown): Promise<void> {
  if (e instanceof AisaError && e.kind === 'cancelled') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Generation cancelled. Nothing partial was written.'));
    return;
  }
  const message = describeError(e);
  // The labels compared after the click are the translated ones shown.
  const setKey = vscode.l10n.t('Set API Key');
  const showLog = vscode.l10n.t('Show Log');
  const actions = e instanceof AisaError && e.kind === 'invalid_key' ? [setKey, showLog] : [showLog];
  const choice = await vscode.window.showErrorMessage(message, ...actions);
  if (choice === setKey) await vscode.commands.executeCommand('aisaImages.setApiKey');
  else if (choice === showLog) deps.log.show(true);
}
