import * as vscode from 'vscode';
import { TrackedRange } from './inline/track';

/** Where the user was typing when they asked for an image. */
export interface InsertionPoint {
  readonly uri: vscode.Uri;
  /** Follows the edits made since, for a point from `trackPoint`. */
  readonly position: vscode.Position;
}

/** A point that follows edits until disposed (or for its TrackedRange's lifetime at most). */
export interface TrackedPoint extends InsertionPoint, vscode.Disposable {}

/** Schemes of editors that are not somewhere a person writes (output channels, debug consoles...). */
const NOT_DOCUMENTS = new Set(['output', 'debug', 'vscode-scm', 'comment', 'vscode-terminal']);

const usable = (e: vscode.TextEditor | undefined): e is vscode.TextEditor =>
  !!e && !NOT_DOCUMENTS.has(e.document.uri.scheme) && !e.document.isClosed;

/**
 * The one record of the last text editor the person was in. While a webview or a quick input
 * has focus VS Code reports no active text editor, so a reference needs to know where the cursor
 * was before.
 */
export class EditorTracker implements vscode.Disposable {
  private last: vscode.TextEditor | undefined;
  private readonly subs: vscode.Disposable[];

  constructor() {
    this.last = usable(vscode.window.activeTextEditor) ? vscode.window.activeTextEditor : undefined;
    this.subs = [
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (usable(e)) this.last = e;
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.last?.document === d) this.last = undefined;
      }),
    ];
  }

  /** The last editor used, if its document is still open. */
  get editor(): vscode.TextEditor | undefined {
    return usable(this.last) ? this.last : undefined;
  }

  /** The editor a reference goes into: the active one, else the last one used if it is still visible. */
  target(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (usable(active)) return active;
    const last = this.editor;
    return last && vscode.window.visibleTextEditors.find((e) => e.document === last.document);
  }

  /** The last editor's document at its cursor now (insertReference uses the live cursor when it is visible). */
  point(): InsertionPoint | undefined {
    const e = this.editor;
    return e && { uri: e.document.uri, position: e.selection.end };
  }

  /** The cursor of the editor the user is in (or was last in), following later edits until disposed. */
  trackPoint(): TrackedPoint | undefined {
    const editor = this.target();
    if (!editor) return undefined;
    const at = editor.selection.end;
    const tracked = new TrackedRange(editor.document, new vscode.Range(at, at));
    return {
      uri: editor.document.uri,
      get position() {
        return tracked.range?.end ?? at;
      },
      dispose: () => tracked.dispose(),
    };
  }

  dispose(): void {
    for (const s of this.subs.splice(0)) s.dispose();
  }
}
