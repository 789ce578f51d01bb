import * as vscode from 'vscode';
import { apiKeyProblem } from '../core/client';
import { combine } from '../dispose';
import type { Deps } from './deps';

const SECRET = 'aisaImages.apiKey';

/** The key lives only in SecretStorage: never in settings, never in the log, never in a webview. */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(): Thenable<string | undefined> {
    return this.secrets.get(SECRET);
  }

  /** Refuses (throws) a key that could never be sent in an HTTP header, so it is never stored. */
  async set(key: string): Promise<void> {
    const problem = apiKeyProblem(key);
    if (problem) throw new Error(problem);
    await this.secrets.store(SECRET, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET);
  }

  /** The stored key, or one asked for now and stored; undefined when the user backs out. */
  async ensure(): Promise<string | undefined> {
    const existing = await this.get();
    if (existing) return existing;
    const entered = await askForKey('No AIsa API key is set yet. Paste yours to continue (it is kept in VS Code\'s secret storage).');
    if (entered) await this.set(entered);
    return entered;
  }
}

export async function askForKey(prompt: string): Promise<string | undefined> {
  const key = await vscode.window.showInputBox({
    title: 'AIsa API Key',
    prompt,
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'sk-...',
    validateInput: (v) => (v.trim() ? apiKeyProblem(v) : 'Paste your AIsa API key.'),
  });
  return key?.trim() || undefined;
}

export function registerApiKeyCommands(deps: Deps): vscode.Disposable {
  return combine(
    // An argument lets scripts and tests set the key without the input box.
    vscode.commands.registerCommand('aisaImages.setApiKey', async (key?: unknown) => {
      const value = typeof key === 'string' && key.trim() ? key.trim() : await askForKey('Paste your AIsa API key. It is kept in VS Code\'s secret storage and sent only to the configured base URL.');
      if (!value) return false;
      const problem = apiKeyProblem(value);
      if (problem) {
        void vscode.window.showErrorMessage(problem);
        return false;
      }
      await deps.apiKey.set(value);
      deps.log.info('API key stored in secret storage');
      if (typeof key !== 'string') void vscode.window.showInformationMessage('AIsa API key saved.');
      return true;
    }),
    vscode.commands.registerCommand('aisaImages.clearApiKey', async () => {
      await deps.apiKey.clear();
      deps.log.info('API key removed from secret storage');
      void vscode.window.showInformationMessage('AIsa API key removed.');
    }),
  );
}
