import * as vscode from 'vscode';
import { apiKeyProblem } from '../core/apiKey';

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
    const entered = await askForKey(
      vscode.l10n.t("No AIsa API key is set yet. Paste yours to continue (it is kept in VS Code's secret storage)."),
    );
    if (entered) await this.set(entered);
    return entered;
  }
}

export async function askForKey(prompt: string): Promise<string | undefined> {
  const key = await vscode.window.showInputBox({
    title: vscode.l10n.t('AIsa API Key'),
    prompt,
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'sk-...',
    validateInput: (v) => (v.trim() ? apiKeyProblem(v) : vscode.l10n.t('Paste your AIsa API key.')),
  });
  return key?.trim() || undefined;
}
