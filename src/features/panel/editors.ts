import * as vscode from 'vscode';
import type { InsertionPoint } from '../insertReference';

/** Schemes of editors that are not somewhere a person writes (output channels, debug consoles...). */
const NOT_DOCUMENTS = new Set(['output', 'debug', 'vscode-scm', 'comment', 'vscode-terminal']);

const usable = (e: vscode.TextEditor | undefined): e is vscode.TextEditor => !!e && !NOT_DOCUMENTS.has(e.document.uri.scheme);

/**
 * The last text editor the person was in. While the panel has focus VS Code reports no active
 * text editor, so "Insert" needs to remember where the cursor was before.
 */
export class EditorTracker implements vscode.Disposable {
  private last: vscode.TextEditor | undefined;
  private readonly sub: vscode.Disposable;

  constructor() {
    this.last = usable(vscode.window.activeTextEditor) ? vscode.window.activeTextEditor : undefined;
    this.sub = vscode.window.onDidChangeActiveTextEditor((e) => {
      if (usable(e)) this.last = e;
    });
  }

  /** The editor, if its document is still open. */
  get editor(): vscode.TextEditor | undefined {
    return this.last && !this.last.document.isClosed ? this.last : undefined;
  }

  /** Its document at its cursor now (insertReference uses the live cursor when the editor is visible). */
  point(): InsertionPoint | undefined {
    const e = this.editor;
    return e && { uri: e.document.uri, position: e.selection.end };
  }

  dispose(): void {
    this.sub.dispose();
  }
}
