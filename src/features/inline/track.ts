import * as vscode from 'vscode';

const LIFETIME_MS = 60 * 60 * 1000;

/**
 * A range of a document that follows the edits made while an image is generated (the user keeps
 * typing above it, or inside it), so the reference lands where it was asked for. Stops following
 * when disposed, when the document closes, or after an hour.
 */
export class TrackedRange implements vscode.Disposable {
  private start: number;
  private end: number;
  private version: number;
  /** An edit overlapped the range: its text is no longer what was selected. */
  touched = false;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(
    readonly document: vscode.TextDocument,
    range: vscode.Range,
  ) {
    this.start = document.offsetAt(range.start);
    this.end = document.offsetAt(range.end);
    this.version = document.version;
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.document) this.apply(e.contentChanges);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d === this.document) this.dispose();
      }),
    );
    this.timer = setTimeout(() => this.dispose(), LIFETIME_MS);
    (this.timer as { unref?: () => void }).unref?.();
  }

  get uri(): vscode.Uri {
    return this.document.uri;
  }

  /** The range now; undefined when it can no longer be followed (closed and reopened, or expired, with edits since). */
  get range(): vscode.Range | undefined {
    if (this.document.isClosed || this.document.version !== this.version) return undefined;
    return new vscode.Range(this.document.positionAt(this.start), this.document.positionAt(this.end));
  }

  private apply(changes: readonly vscode.TextDocumentContentChangeEvent[]): void {
    // The changes of one event are in the coordinates of the text before it, and do not overlap:
    // applied from the last to the first, each one's offsets stay valid.
    for (const c of [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset)) {
      const from = c.rangeOffset;
      const to = c.rangeOffset + c.rangeLength;
      const delta = c.text.length - c.rangeLength;
      if (to <= this.start) {
        // Before the range (typing exactly at its start pushes it along).
        this.start += delta;
        this.end += delta;
      } else if (from >= this.end) {
        // After it: nothing moves (typing exactly at its end stays after it).
      } else {
        // Overlapping: the range now spans the edited text.
        this.touched = true;
        this.start = Math.min(this.start, from);
        this.end = Math.max(to, this.end) + delta;
      }
    }
    this.version = this.document.version;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}
