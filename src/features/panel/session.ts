import * as vscode from 'vscode';
import { inBackground } from '../background';
import type { Deps } from '../deps';
import { readOutputSettings, readSettings } from '../settings';
import type { HistoryStore } from './history';
import { outputFolders, panelHtml, panelOptions, panelTitle } from './html';
import { PanelSession, type SessionDeps } from './messages';
import type { PanelThumbnails } from './thumbnails';

const dirOf = (uri: vscode.Uri): vscode.Uri => uri.with({ path: uri.path.slice(0, uri.path.lastIndexOf('/')) || '/' });

/** The open panel: a webview, its session, and the folders its images may be loaded from. */
export class GeneratorPanel implements vscode.Disposable {
  private readonly session: PanelSession;
  private readonly subs: vscode.Disposable[] = [];
  private roots = '';
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: Deps,
    /** From the extension's bundle, not copied into this one: the one pipeline, and its target picker. */
    flow: Pick<SessionDeps, 'run' | 'pickTarget' | 'fs'>,
    private readonly history: HistoryStore,
    private readonly thumbnails: PanelThumbnails,
    onDispose: () => void,
  ) {
    const ext = deps.context.extensionUri;
    panel.title = panelTitle();
    panel.iconPath = {
      light: vscode.Uri.joinPath(ext, 'media', 'sparkle-light.svg'),
      dark: vscode.Uri.joinPath(ext, 'media', 'sparkle-dark.svg'),
    };
    this.setRoots([...outputFolders(), ...(thumbnails.dir ? [thumbnails.dir] : [])]);
    inBackground(deps.log, 'panel folders', this.updateRoots());
    panel.webview.html = panelHtml(panel.webview, ext);
    this.session = new PanelSession(panel.webview, {
      log: deps.log,
      run: flow.run,
      fs: flow.fs,
      history,
      defaults: () => {
        const scope = vscode.workspace.workspaceFolders?.[0]?.uri;
        const s = readSettings(scope);
        return { model: s.model, size: s.defaultSize, format: readOutputSettings(scope).format };
      },
      pickTarget: flow.pickTarget,
      editors: deps.editors,
      openColumn: () => deps.editors.editor?.viewColumn ?? vscode.ViewColumn.Beside,
      originals: () => deps.service.originalsStore(),
      thumbnails,
    });
    // Files deleted on disk show as missing at once, not only on the next refresh.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{png,jpg,jpeg,webp,avif}', true, true, false);
    this.subs.push(
      this.session,
      watcher,
      watcher.onDidDelete((uri) => {
        const gone = uri.toString();
        inBackground(
          deps.log,
          'panel refresh',
          history.all().then(async (all) => {
            if (all.some((r) => r.files.includes(gone))) await this.session.pushHistory();
          }),
        );
      }),
      history.onDidChange(() => inBackground(deps.log, 'panel folders', this.updateRoots())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('aisaImages.outputFolder'))
          inBackground(deps.log, 'panel folders', this.updateRoots());
      }),
      // Without retainContextWhenHidden a hidden webview is torn down; it says `ready` again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.session.detach();
      }),
      panel.onDidDispose(() => {
        this.dispose();
        onDispose();
      }),
    );
  }

  /**
   * localResourceRoots: media/, dist/ and the image folders (today's output folders and those
   * of files in the history). Set only when that list changes: setting it reloads the page.
   */
  private async updateRoots(): Promise<void> {
    const dirs = outputFolders();
    if (this.thumbnails.dir) dirs.push(this.thumbnails.dir);
    for (const r of await this.history.all()) dirs.push(...r.files.map((f) => dirOf(vscode.Uri.parse(f))));
    this.setRoots(dirs);
  }

  private setRoots(folders: readonly vscode.Uri[]): void {
    const unique = new Map(folders.map((u) => [u.toString(), u]));
    const key = [...unique.keys()].sort().join('\n');
    if (key === this.roots || this.disposed) return;
    this.roots = key;
    this.panel.webview.options = panelOptions(this.deps.context.extensionUri, [...unique.values()]);
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subs.splice(0)) s.dispose();
  }
}
