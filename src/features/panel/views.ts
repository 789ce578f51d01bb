import * as vscode from 'vscode';
import { describeSize } from '../../core/modelSizes';
import { findModel, formatUsd } from '../../core/models';
import type { EntryView, FileView, ReferenceView } from '../../shared/protocol';
import { basename, relPath } from '../paths';
import type { HistoryRecord } from './history';
import type { ThumbnailSource } from './thumbnails';

/** What building views needs from a webview: only how to address a local file. */
export interface ResourceMapper {
  asWebviewUri(uri: vscode.Uri): vscode.Uri;
}

export function modelLabel(model: string): string {
  return findModel(model)?.label ?? model;
}

export function sizeLabel(model: string, size: string): string {
  if (!size) return vscode.l10n.t("provider's size");
  const info = findModel(model);
  return info ? describeSize(info.family, size) : size;
}

const statOf = (uri: vscode.Uri): Promise<vscode.FileStat | undefined> =>
  Promise.resolve(vscode.workspace.fs.stat(uri)).then(
    (s) => s,
    () => undefined,
  );

/**
 * `thumbs` given (the gallery): `src` is the image's small rendition once it exists, the full
 * image until then (and for good when none can be made).
 */
export async function fileView(
  uri: vscode.Uri,
  index: number,
  web: ResourceMapper,
  thumbs?: ThumbnailSource,
): Promise<FileView> {
  const stat = await statOf(uri);
  const shown = stat && (thumbs?.thumbnailOf(uri, stat) ?? uri);
  return {
    index,
    name: basename(uri),
    relPath: relPath(uri),
    missing: !stat,
    ...(shown ? { src: web.asWebviewUri(shown).toString() } : {}),
  };
}

export async function referenceView(uri: vscode.Uri, web: ResourceMapper): Promise<ReferenceView> {
  const file = await fileView(uri, 0, web);
  return { uri: uri.toString(), name: file.name, relPath: file.relPath, ...(file.src ? { src: file.src } : {}) };
}

/** A record as the panel shows it; each file is looked up on disk, so a deleted one shows as missing. */
export async function entryView(r: HistoryRecord, web: ResourceMapper, thumbs?: ThumbnailSource): Promise<EntryView> {
  const files = await Promise.all(
    r.files.map(async (f, i) => {
      const view = await fileView(vscode.Uri.parse(f), r.indexes[i] ?? i, web, thumbs);
      // "Export as..." only where an original was kept (whether it still is, the action says).
      return r.originals?.[i] ? { ...view, exportable: true } : view;
    }),
  );
  return {
    id: r.id,
    prompt: r.prompt,
    model: r.model,
    modelLabel: modelLabel(r.model),
    size: r.size,
    sizeLabel: r.exportedSize ?? sizeLabel(r.model, r.size),
    n: r.n,
    // A failure has no price to show: say whether it may still have been billed.
    cost:
      r.exportedFrom !== undefined
        ? vscode.l10n.t('exported, not billed')
        : r.error === undefined
          ? formatUsd(r.costUsd)
          : r.mayHaveBilled
            ? vscode.l10n.t('may have been billed')
            : vscode.l10n.t('not billed'),
    createdAt: r.createdAt,
    durationMs: r.durationMs,
    ...(r.requestId ? { requestId: r.requestId } : {}),
    files,
    unsaved: r.unsaved,
    ...(r.error === undefined ? {} : { error: r.error }),
    ...(r.references?.length
      ? { references: await Promise.all(r.references.map((u) => referenceView(vscode.Uri.parse(u), web))) }
      : {}),
  };
}
