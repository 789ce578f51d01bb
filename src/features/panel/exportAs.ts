import * as vscode from 'vscode';
import type { FileSystem } from '../../core/files';
import {
  checkDeliverySize,
  FORMAT_LABEL,
  formatFromName,
  OUTPUT_FORMATS,
  type OutputFormat,
} from '../../core/convert/formats';
import { AisaError } from '../../core/errors';
import type { OriginalsStore } from '../../core/originals';
import type { Size } from '../../core/sizes';
import { loadEngine } from '../engine';
import { basename, relPath } from '../paths';
import { resolveOutputDir } from '../workspaceTarget';
import { exportRecord, type HistoryRecord, type HistoryStore } from './history';

/** What the user chose: a format, and exact dimensions or the original's own. */
export interface ExportChoice {
  readonly format: OutputFormat;
  readonly size?: Size;
}

/** What is known of the original when asking: its name's format and its dimensions. */
export interface ExportAsk {
  readonly name: string;
  readonly format: OutputFormat | undefined;
  readonly width: number | undefined;
  readonly height: number | undefined;
}

export type ChooseExport = (ask: ExportAsk) => Promise<ExportChoice | undefined>;

export interface ExportDeps {
  readonly history: Pick<HistoryStore, 'addExport'>;
  readonly fs: FileSystem;
  /** The bounded store of originals (GenerationService.originalsStore); undefined: none kept. */
  readonly originals: () => Promise<OriginalsStore | undefined>;
  /** Asks for the format and the size; a test gives its answer instead. */
  readonly choose?: ChooseExport;
}

const FORMAT_NOTES = (): Readonly<Record<OutputFormat, string>> => ({
  png: vscode.l10n.t('lossless, largest'),
  webp: vscode.l10n.t("the web's usual choice: a fraction of the PNG's bytes"),
  jpeg: vscode.l10n.t('photos, everywhere'),
  avif: vscode.l10n.t('smallest, newer browsers'),
});

/** A QuickPick of the four formats (the file's own first), then an optional exact WxH. */
export const askExport: ChooseExport = async (ask) => {
  const title = vscode.l10n.t('Export {0} as…', ask.name);
  const notes = FORMAT_NOTES();
  const first = ask.format ?? 'png';
  const order = [first, ...OUTPUT_FORMATS.filter((f) => f !== first)];
  const picked = await vscode.window.showQuickPick(
    order.map((f) => ({ label: FORMAT_LABEL[f], description: notes[f], format: f })),
    { title, placeHolder: vscode.l10n.t('File format'), ignoreFocusOut: true, matchOnDescription: true },
  );
  if (!picked) return undefined;
  const format = picked.format;
  const own = ask.width && ask.height ? `${ask.width}x${ask.height}` : undefined;
  const text = await vscode.window.showInputBox({
    title,
    prompt: own
      ? vscode.l10n.t(
          'Exact width x height of the {0} file in pixels (resized, then centre-cropped), or empty to keep {1}',
          FORMAT_LABEL[format],
          own,
        )
      : vscode.l10n.t(
          'Exact width x height of the {0} file in pixels (resized, then centre-cropped), or empty to keep its size',
          FORMAT_LABEL[format],
        ),
    placeHolder: own ?? '1200x630',
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!v.trim()) return undefined;
      const r = checkDeliverySize(v, format);
      return r.ok ? undefined : r.message;
    },
  });
  if (text === undefined) return undefined;
  if (!text.trim()) return { format };
  const size = checkDeliverySize(text, format);
  return size.ok ? { format, size: size.value } : undefined;
};

/**
 * "Export as…" on one file of a history record: another format or size from its kept
 * original, converted by the core (exportOriginal), saved under a fresh name in the workspace's
 * output folder and listed in the history. No request: nothing is paid again. Returns what to
 * tell the user, or undefined when they backed out.
 */
export async function exportFromHistory(
  deps: ExportDeps,
  record: HistoryRecord,
  at: number,
): Promise<string | undefined> {
  const file = vscode.Uri.parse(record.files[at] ?? '');
  const name = basename(file);
  const id = record.originals?.[at];
  const store = id ? await deps.originals() : undefined;
  const kept = id && store ? (await store.list()).find((e) => e.id === id) : undefined;
  if (!id || !store || !kept)
    throw new AisaError(
      'input',
      vscode.l10n.t(
        'The original of {0} is no longer kept (the oldest originals are deleted past the aisaImages.originalsMaxMegabytes setting): generate it again to export it.',
        name,
      ),
    );
  const choice = await (deps.choose ?? askExport)({
    name,
    format: formatFromName(name),
    width: kept.width,
    height: kept.height,
  });
  if (!choice) return undefined;
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === record.folder);
  if (!folder)
    throw new AisaError(
      'input',
      vscode.l10n.t(
        'Open the workspace folder {0} again to export into it.',
        vscode.Uri.parse(record.folder).toString(true),
      ),
    );
  const outDir = await resolveOutputDir(folder);
  const startedAt = Date.now();
  const { exportOriginal } = await loadEngine();
  const done = await exportOriginal(store, id, {
    fs: deps.fs,
    outDir: outDir.toString(),
    format: choice.format,
    exact: choice.size,
    scope: { root: folder.uri.toString() },
  });
  deps.history.addExport(
    exportRecord(record, { path: done.path, originalId: id, width: done.width, height: done.height }, startedAt),
  );
  return vscode.l10n.t(
    'Exported {0} as {1} ({2}x{3} {4}, {5} KB).',
    name,
    relPath(vscode.Uri.parse(done.path)),
    done.width,
    done.height,
    FORMAT_LABEL[choice.format],
    Math.max(1, Math.round(done.bytes / 1024)),
  );
}
