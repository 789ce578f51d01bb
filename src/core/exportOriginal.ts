/**
 * "Export as...": another size or format from a kept original (originals.ts), without paying
 * again. Converted through the same code as a generation, saved like one (a fresh name, or the
 * exact name asked for; never an overwrite).
 */
import * as l10n from '@vscode/l10n';
import { convertImage } from './convert/convert';
import type { OutputFormat } from './convert/formats';
import { checkDeliveryDimensions } from './convert/formats';
import { AisaError } from './errors';
import { saveNew, type FileSystem, type SaveScope } from './files';
import { baseName } from './naming';
import type { OriginalsStore } from './originals';
import { saveExact } from './saveExact';
import type { Size } from './sizes';

export interface ExportOptions {
  readonly fs: FileSystem;
  readonly outDir: string;
  readonly format: OutputFormat;
  readonly quality?: number | undefined;
  readonly exact?: Size | undefined;
  /** Save as exactly `outDir/name` (it must not exist); a fresh name from the prompt otherwise. */
  readonly name?: string | undefined;
  /** Checked when the file is written, like every save: it must land inside `scope.root`. */
  readonly scope?: SaveScope | undefined;
  readonly now?: () => Date;
}

export interface Exported {
  readonly path: string;
  readonly bytes: number;
  readonly width: number;
  readonly height: number;
  readonly mime: string;
}

/** AisaError('input') when the original is gone (evicted) or the size cannot be delivered. */
export async function exportOriginal(store: OriginalsStore, id: string, opts: ExportOptions): Promise<Exported> {
  if (opts.exact) {
    const d = checkDeliveryDimensions(opts.exact, opts.format);
    if (!d.ok) throw new AisaError('input', d.message);
  }
  const kept = await store.get(id);
  if (!kept)
    throw new AisaError(
      'input',
      l10n.t(
        'The original of this image is no longer kept (the oldest are deleted past aisaImages.originalsMaxMegabytes): generate it again to export it.',
      ),
    );
  const { record } = kept.entry;
  const delivered = `${opts.exact ? `${opts.exact.width}x${opts.exact.height} ` : ''}${opts.format}`;
  const c = await convertImage(kept.bytes, {
    format: opts.format,
    quality: opts.quality,
    size: opts.exact,
    record: { ...record, delivered },
  });
  const path =
    opts.name !== undefined
      ? await saveExact(opts.fs, opts.outDir, opts.name, c.bytes, opts.scope)
      : await saveNew(
          opts.fs,
          opts.outDir,
          baseName(record.prompt, (opts.now ?? (() => new Date()))(), 0, 1),
          c.ext,
          c.bytes,
          opts.scope,
        );
  return { path, bytes: c.bytes.length, width: c.width, height: c.height, mime: c.mime };
}
