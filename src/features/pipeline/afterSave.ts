import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../core/generate';
import { formatUsd } from '../../core/models';
import type { Deps } from '../deps';
import type { InsertionPoint } from '../editorTracker';
import { insertReference } from '../insertReference';
import { relPath } from '../paths';

/** What people are offered once images are saved; each entry point picks what fits it. */

export const savedUris = (outcome: GenerationOutcome): vscode.Uri[] =>
  outcome.saved.map((s) => vscode.Uri.parse(s.path));

/** Paid-for images that could not be written: said once, with Retry Saving and the log a click away. */
export function offerRetrySaving(deps: Deps, outcome: GenerationOutcome): void {
  if (!outcome.unsaved.length) return;
  // Compared after the click against the same translated labels that were shown.
  const retry = vscode.l10n.t('Retry Saving');
  const showLog = vscode.l10n.t('Show Log');
  void vscode.window
    .showWarningMessage(
      vscode.l10n.t(
        '{0} of {1} generated images could not be saved yet ({2}). They are kept while their links live.',
        outcome.unsaved.length,
        outcome.result.images.length,
        outcome.unsaved[0]?.error.message ?? '',
      ),
      retry,
      showLog,
    )
    .then((c) =>
      c === retry
        ? vscode.commands.executeCommand('aisaImages.retryPending')
        : c === showLog
          ? deps.log.show(true)
          : undefined,
    );
}

/** The image shown beside the file being edited, so the cursor stays where the reference will go. */
export function showImage(uri: vscode.Uri): void {
  const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
  // Not awaited: an image preview's open can settle late, and what follows should show at once.
  void vscode.commands.executeCommand('vscode.open', uri, { preview: true, preserveFocus: true, viewColumn: column });
}

/**
 * "Saved assets/x.png ($0.04)." or "Saved 2 images, first ... ($0.08).", "... and inserted the
 * reference." when `inserted`, then what the model said. Whole sentences, one per case, so each
 * language words them its own way.
 */
export function savedMessage(outcome: GenerationOutcome, uris: readonly vscode.Uri[], inserted = false): string {
  const where = uris[0] ? relPath(uris[0]) : '';
  const cost = formatUsd(outcome.costUsd);
  const n = uris.length;
  let saved: string;
  if (n === 1)
    saved = inserted
      ? vscode.l10n.t('Saved {0} ({1}) and inserted the reference.', where, cost)
      : vscode.l10n.t('Saved {0} ({1}).', where, cost);
  else
    saved = inserted
      ? vscode.l10n.t('Saved {0} images, first {1} ({2}) and inserted the reference.', n, where, cost)
      : vscode.l10n.t('Saved {0} images, first {1} ({2}).', n, where, cost);
  const said = outcome.result.text
    ? ` ${vscode.l10n.t('{0} says: {1}', outcome.request.modelInfo.label, outcome.result.text)}`
    : '';
  return `${saved}${said}`;
}

/**
 * Opens the first image and offers what people do next with it: Insert Reference (at `point`,
 * which follows the edits made meanwhile, and is disposed once the choice is made), Reveal in
 * Explorer, Copy Path.
 */
export async function offerNext(
  deps: Deps,
  outcome: GenerationOutcome,
  point: (InsertionPoint & vscode.Disposable) | undefined,
): Promise<void> {
  try {
    const uris = savedUris(outcome);
    const first = uris[0];
    if (!first) return;
    showImage(first);
    const insert = vscode.l10n.t('Insert Reference');
    const reveal = vscode.l10n.t('Reveal in Explorer');
    const copy = vscode.l10n.t('Copy Path');
    const choice = await vscode.window.showInformationMessage(savedMessage(outcome, uris), insert, reveal, copy);
    if (choice === insert) {
      const chosen = await chooseImages(uris);
      if (chosen.length) await insertReference(deps.editors, chosen, outcome.request.prompt, point);
    } else if (choice === reveal) {
      await vscode.commands.executeCommand('revealInExplorer', first);
    } else if (choice === copy) {
      await vscode.env.clipboard.writeText(uris.map((u) => vscode.workspace.asRelativePath(u, false)).join('\n'));
    }
  } finally {
    point?.dispose();
  }
}

/** With several images, the user picks which to reference; all of them stay saved. */
interface ImageItem extends vscode.QuickPickItem {
  readonly uri: vscode.Uri;
}

/**
 * Which of several images to reference. A list cannot show the images themselves, so the one
 * under the cursor is previewed beside as the user moves through the list (the editor keeps
 * the focus here); the row's icon is the image too. All of them stay saved whatever is picked.
 */
export function chooseImages(uris: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
  if (uris.length <= 1) return Promise.resolve([...uris]);
  const pick = vscode.window.createQuickPick<ImageItem>();
  pick.title = vscode.l10n.t(
    'Which images should be referenced? Each is shown beside as you move to it; all stay saved.',
  );
  pick.placeholder = vscode.l10n.t('Tick the images to reference, then Enter');
  pick.canSelectMany = true;
  pick.ignoreFocusOut = true;
  pick.items = uris.map((uri, i) => ({
    label: vscode.l10n.t('Image {0}', i + 1),
    description: vscode.workspace.asRelativePath(uri, false),
    uri,
    iconPath: uri,
  }));
  pick.selectedItems = pick.items.slice(0, 1);
  return new Promise((resolve) => {
    let shown: vscode.Uri | undefined;
    const preview = (item: ImageItem | undefined): void => {
      if (!item || item.uri.toString() === shown?.toString()) return;
      shown = item.uri;
      void vscode.commands.executeCommand('vscode.open', item.uri, {
        preview: true,
        preserveFocus: true,
        viewColumn: vscode.ViewColumn.Beside,
      });
    };
    const subs = [
      pick.onDidChangeActive(([item]) => preview(item)),
      pick.onDidAccept(() => {
        resolve(pick.selectedItems.map((i) => i.uri));
        pick.hide();
      }),
      pick.onDidHide(() => {
        resolve([]);
        for (const s of subs) s.dispose();
        pick.dispose();
      }),
    ];
    pick.show();
    pick.activeItems = pick.items.slice(0, 1);
    preview(pick.items[0]);
  });
}
