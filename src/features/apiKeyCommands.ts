import * as vscode from 'vscode';
import { apiKeyProblem } from '../core/apiKey';
import { combine } from '../dispose';
import { askForKey } from './apiKey';
import type { Deps } from './deps';

export function registerApiKeyCommands(deps: Deps): vscode.Disposable {
  return combine(
    // An argument lets scripts and tests set the key without the input box.
    vscode.commands.registerCommand('aisaImages.setApiKey', async (key?: unknown) => {
      const value =
        typeof key === 'string' && key.trim()
          ? key.trim()
          : await askForKey(
              vscode.l10n.t(
                "Paste your AIsa API key. It is kept in VS Code's secret storage and sent only to the configured base URL.",
              ),
            );
      if (!value) return false;
      const problem = apiKeyProblem(value);
      if (problem) {
        void vscode.window.showErrorMessage(problem);
        return false;
      }
      await deps.apiKey.set(value);
      deps.log.info('API key stored in secret storage');
      if (typeof key !== 'string') void vscode.window.showInformationMessage(vscode.l10n.t('AIsa API key saved.'));
      return true;
    }),
    vscode.commands.registerCommand('aisaImages.clearApiKey', async () => {
      await deps.apiKey.clear();
      deps.log.info('API key removed from secret storage');
      void vscode.window.showInformationMessage(vscode.l10n.t('AIsa API key removed.'));
    }),
  );
}
