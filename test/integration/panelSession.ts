// The panel's extension side without a real webview: what the session posts is recorded, and
// the test speaks as the webview.
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EditorTracker } from '../../src/features/editorTracker';
import { GenerationService } from '../../src/features/generationService';
import { HistoryStore } from '../../src/features/panel/history';
import type { ChooseExport } from '../../src/features/panel/exportAs';
import { PanelSession, type WebviewHost } from '../../src/features/panel/messages';
import { PanelThumbnails } from '../../src/features/panel/thumbnails';
import { runPipeline } from '../../src/features/pipeline/pipeline';
import { vscodeFileSystem } from '../../src/features/vscodeFs';
import { pickTarget } from '../../src/features/workspaceTarget';
import type { ToWebview } from '../../src/shared/protocol';
import { simKeyStore } from './sim';

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

export class FakeLog {
  readonly lines: string[] = [];
  info = (m: string): void => void this.lines.push(`info ${m}`);
  warn = (m: string): void => void this.lines.push(`warn ${m}`);
  error = (m: string): void => void this.lines.push(`error ${m}`);
}

export interface SessionOptions {
  /** Keeps originals (and offers Export as…) in this folder, as the extension's global storage does. */
  readonly globalStorage?: vscode.Uri;
  /** Makes gallery thumbnails under `storage`. */
  readonly thumbnails?: boolean;
  readonly chooseExport?: ChooseExport;
}

/** A panel session on a service and history of its own, driven by a FakeWebview. */
export function setupSession(
  storage: vscode.Uri,
  defaults = { model: 'seedream-4-5-251128', size: '2048x2048' },
  opts: SessionOptions = {},
) {
  const log = new FakeLog();
  const channel = vscode.window.createOutputChannel('AIsa Images panel test', { log: true });
  const service = new GenerationService(channel, simKeyStore, opts.globalStorage);
  const thumbnails = opts.thumbnails ? new PanelThumbnails(storage, log, true) : undefined;
  const history = new HistoryStore(storage, log);
  const webview = new FakeWebview();
  const editors = new EditorTracker();
  const deps = { context: {} as vscode.ExtensionContext, log: channel, apiKey: simKeyStore, service, editors };
  const session = new PanelSession(webview, {
    log,
    run: (job) => runPipeline(deps, job),
    fs: vscodeFileSystem,
    history,
    defaults: () => defaults,
    pickTarget,
    // No editor to insert into: the session's own view of it, whatever earlier suites left open.
    editors: { point: () => undefined, target: () => undefined },
    openColumn: () => vscode.ViewColumn.One,
    originals: () => service.originalsStore(),
    ...(opts.chooseExport ? { chooseExport: opts.chooseExport } : {}),
    ...(thumbnails ? { thumbnails } : {}),
  });
  const finished = service.onDidFinish((f) => history.add(f));
  const failed = service.onDidFail((f) => history.addFailure(f));
  const dispose = (): void => {
    session.dispose();
    thumbnails?.dispose();
    finished.dispose();
    failed.dispose();
    history.dispose();
    service.dispose();
    editors.dispose();
    channel.dispose();
  };
  return { log, service, history, webview, session, thumbnails, dispose };
}

export const freshStorage = (): vscode.Uri =>
  vscode.Uri.file(
    path.join(tmpdir(), `aisa-panel-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`),
  );
