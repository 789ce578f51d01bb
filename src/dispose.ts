import type * as vscode from 'vscode';

/** Many disposables as one, so each feature returns a single Disposable. */
export function combine(...items: vscode.Disposable[]): vscode.Disposable {
  return {
    dispose() {
      for (const d of items.splice(0).reverse()) d.dispose();
    },
  };
}
