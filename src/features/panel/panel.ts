import * as vscode from 'vscode';
import { combine } from '../../dispose';
import type { Deps } from '../deps';
import { lazy } from '../../core/lazy';
import { runPipeline } from '../pipeline/pipeline';
import { pickTarget } from '../workspaceTarget';
import { vscodeFileSystem } from '../vscodeFs';
import { HistoryStore } from './history';
import { outputFolders, panelOptions, panelTitle } from './html';
import type { GeneratorPanel } from './session';
import { PanelThumbnails } from './thumbnails';

/**
 * The open panel's code (its session, views, Export as…), loaded when a panel first opens. In the
 * extension's build it is its own file beside the bundle (dist/panel.js, see esbuild.mjs): most
 * windows never open the panel, and activation need not evaluate it.
 */
const loadSession = lazy(() => import('./session'));

export const VIEW_TYPE = 'aisaImages.panel';
/** "AIsa: Open Image Generator": one panel, restored after a reload, and the history it shows. */
export function registerPanel(deps: Deps): vscode.Disposable {
  // Per workspace; no workspace, no place to save images, so nothing to remember either.
  const history = new HistoryStore(deps.context.storageUri, deps.log);
  const thumbnails = new PanelThumbnails(deps.context.storageUri, deps.log);
  let current: GeneratorPanel | undefined;
  // A panel being created (its code still loading): a second Open reveals it instead of making another.
  let opening: Promise<void> | undefined;

  const attach = async (panel: vscode.WebviewPanel): Promise<GeneratorPanel> => {
    const { GeneratorPanel } = await loadSession();
    const created = new GeneratorPanel(
      panel,
      deps,
      { run: (job) => runPipeline(deps, job), pickTarget, fs: vscodeFileSystem },
      history,
      thumbnails,
      () => {
        if (current === created) current = undefined;
      },
    );
    return created;
  };

  const open = async (): Promise<void> => {
    if (opening) return opening;
    if (current) {
      current.reveal();
      return;
    }
    // Beside the editor being written in, so "Insert" has its target in view.
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      panelTitle(),
      { viewColumn: column, preserveFocus: false },
      {
        ...panelOptions(deps.context.extensionUri, [...outputFolders(), ...(thumbnails.dir ? [thumbnails.dir] : [])]),
        enableFindWidget: true,
      },
    );
    opening = attach(panel).then(
      (created) => {
        current = created;
      },
      (e: unknown) => {
        panel.dispose();
        throw e;
      },
    );
    try {
      await opening;
    } finally {
      opening = undefined;
    }
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
        current = await attach(panel);
      },
    }),
    { dispose: () => current?.panel.dispose() },
  );
}
