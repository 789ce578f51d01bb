import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { nodeThumbnailFs } from '../../core/nodeFs';
import { ThumbnailCache, thumbnailName } from '../../core/thumbnailCache';
import { loadEngine } from '../engine';

/** What a file view needs to show an image small: the thumbnail's URI now, or the full image's. */
export interface ThumbnailSource {
  /** The thumbnail when it exists; else undefined, and it is made in the background (onDidMake). */
  thumbnailOf(file: vscode.Uri, stat: vscode.FileStat): vscode.Uri | undefined;
}

/**
 * The panel's gallery thumbnails, in `<storage>/thumbnails` (the workspace's storage, like the
 * history, so the sweep of names the history no longer lists touches no other workspace's).
 * Nothing here waits for a thumbnail: a gallery shows the full image until it exists, then
 * `onDidMake` says to show the history again. `AISA_NO_THUMBNAILS=1` turns them off (the
 * benchmark's "before").
 */
export class PanelThumbnails implements ThumbnailSource, vscode.Disposable {
  readonly dir: vscode.Uri | undefined;
  private cache: ThumbnailCache | undefined;
  private readonly made = new vscode.EventEmitter<void>();
  private flush: ReturnType<typeof setTimeout> | undefined;
  private readonly inUse = new Set<string>();
  private swept = false;
  readonly onDidMake = this.made.event;

  constructor(
    storage: vscode.Uri | undefined,
    private readonly log: Pick<vscode.LogOutputChannel, 'info' | 'warn'>,
    enabled = process.env['AISA_NO_THUMBNAILS'] !== '1',
  ) {
    this.dir = enabled && storage?.scheme === 'file' ? vscode.Uri.joinPath(storage, 'thumbnails') : undefined;
    if (this.dir)
      this.cache = new ThumbnailCache(nodeThumbnailFs, this.dir.fsPath, {
        make: async (bytes) => (await (await loadEngine()).thumbnail(bytes)).bytes,
      });
  }

  /**
   * Resolves once the folder has been listed (one readdir), so the first gallery shows the
   * thumbnails that exist rather than full images; never rejects.
   */
  ready(): Promise<void> {
    return this.cache
      ? this.cache.load().then(
          () => undefined,
          () => undefined,
        )
      : Promise.resolve();
  }

  thumbnailOf(file: vscode.Uri, stat: vscode.FileStat): vscode.Uri | undefined {
    const cache = this.cache;
    if (!cache || !this.dir) return undefined;
    const name = thumbnailName(file.toString(), stat.size, stat.mtime);
    this.inUse.add(name);
    if (cache.has(name)) return vscode.Uri.joinPath(this.dir, name);
    if (!cache.hasFailed(name)) void this.make(cache, name, file);
    return undefined;
  }

  private async make(cache: ThumbnailCache, name: string, file: vscode.Uri): Promise<void> {
    // The first ask only learns what is on disk: an existing thumbnail is shown at the next push.
    const known = await cache.load().then(
      (k) => k.has(name),
      () => false,
    );
    const ok = known || (await cache.ensure(name, () => Promise.resolve(vscode.workspace.fs.readFile(file))));
    if (ok) this.changed();
    else if (cache.hasFailed(name))
      this.log.warn(`panel: no thumbnail for ${file.toString(true)}; the gallery shows the full image`);
  }

  /** Coalesced: one history push for a burst of thumbnails, not one per image. */
  private changed(): void {
    this.flush ??= setTimeout(() => {
      this.flush = undefined;
      this.made.fire();
    }, 150);
  }

  /**
   * Deletes the thumbnails no view has asked for: call once every record of the history has
   * been shown (the panel's first full history). Once per window: what leaves the history
   * later is swept next time.
   */
  sweep(): void {
    const cache = this.cache;
    if (!cache || this.swept) return;
    this.swept = true;
    cache.sweep(new Set(this.inUse)).then(
      (n) => {
        if (n) this.log.info(`panel: deleted ${n} thumbnail(s) of images no longer in the history`);
      },
      (e: unknown) => this.log.warn(`panel: thumbnail sweep failed: ${describeError(e)}`),
    );
  }

  dispose(): void {
    if (this.flush) clearTimeout(this.flush);
    this.made.dispose();
  }
}
