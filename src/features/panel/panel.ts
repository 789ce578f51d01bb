import * as vscode from 'vscode';
import { outputFolderSegments } from '../../core/outputFolder';
import { combine } from '../../dispose';
import { inBackground } from '../background';
import type { Deps } from '../deps';
import { readOutputSettings, readSettings } from '../settings';
import { runPipeline } from '../pipeline/pipeline';
import { pickTarget } from '../workspaceTarget';
import { HistoryStore } from './history';
import { panelHtml, panelOptions } from './html';
import { PanelSession } from './messages';
import { PanelThumbnails } from './thumbnails';

export const VIEW_TYPE = 'aisaImages.panel';
/** The panel's title, in the display language (looked up when a panel opens, not at load). */
const title = (): string => vscode.l10n.t('Image Generator');

/** The output folder of every workspace folder, as the settings say now. */
function outputFolders(): vscode.Uri[] {
  const out: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      out.push(vscode.Uri.joinPath(folder.uri, ...outputFolderSegments(readSettings(folder.uri).outputFolder)));
    } catch {
      // an invalid setting: generating there is refused anyway
    }
  }
  return out;
}

const dirOf = (uri: vscode.Uri): vscode.Uri => uri.with({ path: uri.path.slice(0, uri.path.lastIndexOf('/')) || '/' });

/** The open panel: a webview, its session, and the folders its images may be loaded from. */
class GeneratorPanel implements vscode.Disposable {
  private readonly session: PanelSession;
  private readonly subs: vscode.Disposable[] = [];
  private roots = '';
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: Deps,
    private readonly history: HistoryStore,
    private readonly thumbnails: PanelThumbnails,
    onDispose: () => void,
  ) {
    const ext = deps.context.extensionUri;
    panel.title = title();
    panel.iconPath = {
      light: vscode.Uri.joinPath(ext, 'media', 'sparkle-light.svg'),
      dark: vscode.Uri.joinPath(ext, 'media', 'sparkle-dark.svg'),
    };
    this.setRoots([...outputFolders(), ...(thumbnails.dir ? [thumbnails.dir] : [])]);
    inBackground(deps.log, 'panel folders', this.updateRoots());
    panel.webview.html = panelHtml(panel.webview, ext);
    this.session = new PanelSession(panel.webview, {
      log: deps.log,
      run: (job) => runPipeline(deps, job),
      history,
      defaults: () => {
        const scope = vscode.workspace.workspaceFolders?.[0]?.uri;
        const s = readSettings(scope);
        return { model: s.model, size: s.defaultSize, format: readOutputSettings(scope).format };
      },
      pickTarget,
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

/** "AIsa: Open Image Generator": one panel, restored after a reload, and the history it shows. */
export function registerPanel(deps: Deps): vscode.Disposable {
  // Per workspace; no workspace, no place to save images, so nothing to remember either.
  const history = new HistoryStore(deps.context.storageUri, deps.log);
  const thumbnails = new PanelThumbnails(deps.context.storageUri, deps.log);
  let current: GeneratorPanel | undefined;

  const attach = (panel: vscode.WebviewPanel): GeneratorPanel => {
    const created = new GeneratorPanel(panel, deps, history, thumbnails, () => {
      if (current === created) current = undefined;
    });
    return created;
  };

  const open = (): void => {
    if (current) {
      current.reveal();
      return;
    }
    // Beside the editor being written in, so "Insert" has its target in view.
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      title(),
      { viewColumn: column, preserveFocus: false },
      {
        ...panelOptions(deps.context.extensionUri, [...outputFolders(), ...(thumbnails.dir ? [thumbnails.dir] : [])]),
        enableFindWidget: true,
      },
    );
    current = attach(panel);
  };

  return combine(
    history,
    thumbnails,
    deps.service.onDidFinish((f) => history.add(f)),
    deps.service.onDidFail((f) => history.addFailure(f)),
    vscode.commands.registerCommand('aisaImages.openPanel', open),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => {
        // Only one panel: a second restored one (two windows' worth of state) is closed.
        if (current) {
          panel.dispose();
          current.reveal();
          return;
        }
        current = attach(panel);
      },
    }),
    { dispose: () => current?.panel.dispose() },
  );
}
