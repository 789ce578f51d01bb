import * as vscode from 'vscode';
import type { WebviewHost } from '../../src/features/panel/messages';
import type { ToWebview } from '../../src/shared/protocol';

/** A webview double: records what the session posts, and lets the test speak as the webview. */
export class FakeWebview implements WebviewHost {
  readonly sent: ToWebview[] = [];
  private readonly incoming = new vscode.EventEmitter<unknown>();
  readonly onDidReceiveMessage = this.incoming.event;
  postMessage(m: ToWebview): Thenable<boolean> {
    this.sent.push(m);
    return Promise.resolve(true);
  }
  asWebviewUri(uri: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({ scheme: 'https', authority: 'webview.test', path: uri.path });
  }
  fire(m: unknown): void {
    this.incoming.fire(m);
  }
  last<T extends ToWebview['type']>(type: T): Extract<ToWebview, { type: T }> | undefined {
    return this.sent.filter((m): m is Extract<ToWebview, { type: T }> => m.type === type).at(-1);
  }
}
